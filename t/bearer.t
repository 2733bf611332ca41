# Bearer tokens under AuthType AuthStatus:
# every algorithm family, every kind of invalid token, RFC 6750 §3
# challenges and errors, token-scope / token-claim, Bearer next to Basic,
# claims in the environment, HEAD.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASBearer;

my $ok    = '/bearer/ok.txt';
my $chal  = 'Bearer realm="API"';
my $rsa   = 'rsa.key.pem';

sub bearer { return (Authorization => "Bearer $_[0]") }
sub hdr    { my ($r, $h) = @_; return ($r->{headers}{lc $h} || [''])->[0] }

# RFC 6750 §3: the 401 for an invalid token
sub invalid_token_ok {
    my ($r, $what, $want_reason) = @_;
    $want_reason //= 'token-invalid';
    is($r->{status}, 401, "$what: 401");
    my @c = challenges($r);
    is(scalar(@c), 1, "$what: one challenge");
    like($c[0] // '', qr/^Bearer realm="API", error="invalid_token", error_description="[^"]+"$/,
         "$what: error=\"invalid_token\" with a description");
    if ($want_reason eq 'token-expired') {
        like($c[0] // '', qr/error_description="[^"]*expired"/, "$what: description says expired");
    }
    else {
        unlike($c[0] // '', qr/expired/, "$what: description does not say expired");
    }
    is(reason($r), $want_reason, "$what: reason $want_reason");
}

# --- a header segment that is not strict base64url: 401, never accepted ---
# (it once left the verifier's status unset)
for my $hdr ('garbage', 'eyJhbGciOiJSUzI1NiJ9x', 'Zm9v') {
    my $good = mint('RS256', $rsa, claims());
    my (undef, $pl, $sig) = split /\./, $good;
    my $rr = req(GET => $ok, bearer("$hdr.$pl.$sig"));
    is($rr->{status}, 401, "header segment '$hdr': 401");
    is(reason($rr), 'token-invalid', "header segment '$hdr': token-invalid");
}

# --- no token: 401, Bearer challenge without error -------------------------
my $r = req(GET => $ok);
is($r->{status}, 401, 'no token: 401');
is_deeply([challenges($r)], [$chal], 'no token: Bearer realm only, no error');
is(reason($r), 'no-credentials', 'no token: reason no-credentials');

$r = req(GET => '/bearer/scope/ok.txt');
is_deeply([challenges($r)], ['Bearer realm="API", scope="read write"'],
          'no token where token-scope is required: the challenge names the scopes');

# --- every algorithm family verifies ----------------------------------------
my @families = (
    [ RS256 => $rsa, 'rsa1' ], [ RS384 => $rsa, 'rsa1' ], [ RS512 => $rsa, 'rsa1' ],
    [ PS256 => $rsa, 'rsa1' ], [ PS384 => $rsa, 'rsa1' ], [ PS512 => $rsa, 'rsa1' ],
    [ ES256 => 'ec256.key.pem', 'ec256' ], [ ES384 => 'ec384.key.pem', 'ec384' ],
    [ ES512 => 'ec521.key.pem', 'ec521' ], [ EdDSA => 'ed25519.key.pem', 'ed1' ],
    [ HS256 => 'hmac.secret', 'hs1' ], [ HS384 => 'hmac.secret', 'hs1' ],
    [ HS512 => 'hmac.secret', 'hs1' ],
);
for my $f (@families) {
    my ($alg, $key, $kid) = @$f;
    $r = req(GET => $ok, bearer(mint($alg, $key, claims(), kid => $kid)));
    is($r->{status}, 200, "$alg token: 200");
    is(hdr($r, 'X-Remote-User'), 'alice', "$alg token: REMOTE_USER from sub");
}
is($r->{body}, "ok bearer\n", 'the resource is served');
is(reason($r), 'ok', 'reason ok');
is_deeply([challenges($r)], [], 'no challenge on 200');

$r = req(GET => $ok, bearer(mint(RS256 => $rsa, claims())));
is($r->{status}, 200, 'token without kid: tried against the keys fitting its alg');
$r = req(GET => $ok, Authorization => 'bEaReR   ' . mint(ES256 => 'ec256.key.pem', claims(), kid => 'ec256'));
is($r->{status}, 200, 'scheme name case-insensitive, several spaces');
$r = req(GET => $ok, bearer(mint(ES256 => 'ec256.key.pem',
                                 claims(aud => ['x', 'other-api']), kid => 'ec256')));
is($r->{status}, 200, 'aud array holding one configured audience');

# --- expired versus invalid ---------------------------------------------------
my $expired = mint(RS256 => $rsa, claims(exp => '-3600', iat => '-7200'), kid => 'rsa1');
$r = req(GET => $ok, bearer($expired));
invalid_token_ok($r, 'expired', 'token-expired');
unlike($r->{raw}, qr/\Q$expired\E/, 'expired: the response never echoes the token');
my (@c) = challenges($r);
unlike($c[0], qr/eyJ/, 'expired: no part of the token in the challenge');

# leeway: 30 s past exp passes with the default 60 s, not with 0
my $late = mint(RS256 => $rsa, claims(exp => '-30', iat => '-600'), kid => 'rsa1');
is(req(GET => $ok, bearer($late))->{status}, 200, 'exp 30 s ago: within the default leeway');
invalid_token_ok(req(GET => '/bearer/strict/ok.txt', bearer($late)),
                 'exp 30 s ago with AuthStatusBearerLeeway 0', 'token-expired');

my $good = mint(RS256 => $rsa, claims(), kid => 'rsa1');
# header and payload of a good token, signature made by a key not in the set
my $badsig = substr($good, 0, rindex($good, '.') + 1)
        . mint(RS256 => 'other.key.pem', claims(), kid => 'rsa1') =~ s/^.*\.//r;
$r = req(GET => $ok, bearer($badsig));
invalid_token_ok($r, 'bad signature');
unlike($r->{raw}, qr/\Q$badsig\E/, 'bad signature: the token is not echoed');
unlike($r->{body}, qr/eyJ/, 'bad signature: body holds no token part');

invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => 'other.key.pem', claims(), kid => 'nosuchkid'))),
                 'unknown kid');
invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => 'other.key.pem', claims(), kid => 'rsa1'))),
                 'signed by a key not in the set');
invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => $rsa, claims(iss => 'https://evil.test'), kid => 'rsa1'))),
                 'wrong iss');
invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => $rsa, claims(iss => undef), kid => 'rsa1'))),
                 'no iss');
invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => $rsa, claims(aud => 'someone-else'), kid => 'rsa1'))),
                 'wrong aud');
invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => $rsa, claims(exp => undef), kid => 'rsa1'))),
                 'missing exp');
invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => $rsa, claims(nbf => '+3600'), kid => 'rsa1'))),
                 'nbf in the future');
invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => $rsa, claims(sub => undef), kid => 'rsa1'))),
                 'no user claim');
invalid_token_ok(req(GET => $ok, bearer(mint(none => $rsa, claims(), kid => 'rsa1'))), 'alg none');
invalid_token_ok(req(GET => $ok, bearer(mint(RS256 => $rsa, claims(), kid => 'rsa1',
                                             header => '{"alg":"none"}'))),
                 'alg none with a signature');
invalid_token_ok(req(GET => $ok, bearer('not-a-jwt')), 'not a JWT');
invalid_token_ok(req(GET => $ok, bearer('e30.e30.e30')), 'JWT of empty objects');
my $bad_json = 'eyJhbGciOiJSUzI1NiJ9.' . 'bm90IGpzb24' . '.' . 'AAAA';
invalid_token_ok(req(GET => $ok, bearer($bad_json)), 'payload not JSON');

# HS/RS confusion: the RSA public key's bytes as an HMAC secret
invalid_token_ok(req(GET => '/bearer-rsa/ok.txt',
                     bearer(mint(HS256 => 'rsa.pub.pem', claims(), kid => 'rsa1'))),
                 'HS256 signed with the RSA public key (JWK with kid)');
invalid_token_ok(req(GET => '/bearer-pem/ok.txt',
                     bearer(mint(HS256 => 'rsa.pub.pem', claims()))),
                 'HS256 signed with the RSA public key (PEM)');
is(req(GET => '/bearer-pem/ok.txt', bearer(mint(RS256 => $rsa, claims())))->{status}, 200,
   'the PEM key verifies an RS256 token');
is(req(GET => '/bearer-rsa/ok.txt', bearer(mint(PS256 => $rsa, claims(), kid => 'rsa1')))->{status}, 200,
   'the JWK verifies a PS256 token');

# AuthStatusBearerAlgorithms narrows the keys' own algorithms
is(req(GET => '/bearer/es/ok.txt', bearer(mint(ES256 => 'ec256.key.pem', claims(), kid => 'ec256')))->{status},
   200, 'allowed algorithm: 200');
invalid_token_ok(req(GET => '/bearer/es/ok.txt', bearer(mint(RS256 => $rsa, claims(), kid => 'rsa1'))),
                 'algorithm outside AuthStatusBearerAlgorithms');

# --- malformed: 400 invalid_request -------------------------------------------
sub invalid_request_ok {
    my ($r, $what) = @_;
    is($r->{status}, 400, "$what: 400");
    my @c = challenges($r);
    is(scalar(@c), 1, "$what: one challenge");
    like($c[0] // '', qr/^Bearer realm="API", error="invalid_request"/, "$what: error=\"invalid_request\"");
    is(reason($r), 'malformed', "$what: reason malformed");
}
invalid_request_ok(req(GET => $ok, Authorization => 'Bearer'), '"Bearer" without token');
invalid_request_ok(req(GET => $ok, Authorization => 'Bearer '), '"Bearer " without token');
invalid_request_ok(req(GET => $ok, Authorization => 'Bearer abc def'), 'token with a space');
invalid_request_ok(req(GET => $ok, Authorization => 'Bearer a=b'), 'token outside token68');
invalid_request_ok(req(GET => $ok, Authorization => 'Bearer ' . $good, Authorization => 'Bearer ' . $good),
                   'two Authorization fields');
$r = req(GET => "$ok?access_token=$good", bearer($good));
invalid_request_ok($r, 'token in the header and in the query');
unlike($r->{raw} =~ s/\r\n\r\n.*//sr, qr/\Q$good\E/, 'query+header: token not echoed');
invalid_request_ok(req(GET => "$ok?x=1&access%5Ftoken=$good"), 'token in the query only');
is(req(GET => "$ok?token=1", bearer($good))->{status}, 200, 'other query parameters are fine');

# a form-body access_token (RFC 6750 §2.2) is not examined: no credentials
my $form = "access_token=$good";
$r = raw("POST $ok HTTP/1.1\r\nHost: localhost\r\n"
         . "Content-Type: application/x-www-form-urlencoded\r\n"
         . "Content-Length: " . length($form) . "\r\nConnection: close\r\n\r\n$form");
is($r->{status}, 401, 'token in a form body: 401 (the body is not read)');
is_deeply([challenges($r)], [$chal], 'token in a form body: plain challenge');
is(reason($r), 'no-credentials', 'token in a form body: reason no-credentials');

# another scheme where only Bearer is accepted: no credentials for us
$r = req(GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 401, 'Basic credentials at a Bearer-only location: 401');
is_deeply([challenges($r)], [$chal], 'Basic at Bearer-only: the Bearer challenge, no error');
is(reason($r), 'unsupported-scheme', 'Basic at Bearer-only: reason unsupported-scheme');
$r = req(GET => '/both/ok.txt', Authorization => basic('alice', 'secret'), bearer($good));
is($r->{status}, 400, 'Basic and Bearer fields at once: 400');
like((challenges($r))[0] // '', qr/^Bearer realm="Both", error="invalid_request"/,
     'Basic and Bearer fields at once: invalid_request');

# --- Require token-scope ----------------------------------------------------------
my $scope = '/bearer/scope/ok.txt';
is(req(GET => $scope, bearer(mint(RS256 => $rsa, claims(scope => 'write read openid'), kid => 'rsa1')))->{status},
   200, 'scope string holding every required scope: 200');
is(req(GET => $scope, bearer(mint(RS256 => $rsa, claims(scp => ['read', 'write']), kid => 'rsa1')))->{status},
   200, 'scp array holding every required scope: 200');
$r = req(GET => $scope, bearer(mint(RS256 => $rsa, claims(scope => 'read'), kid => 'rsa1')));
is($r->{status}, 403, 'a required scope missing: 403');
is_deeply([challenges($r)],
          ['Bearer realm="API", scope="read write", error="insufficient_scope", '
           . 'error_description="The access token lacks a required scope"'],
          'insufficient_scope with the scopes the location requires');
is(reason($r), 'insufficient-scope', 'reason insufficient-scope');
$r = req(GET => $scope, bearer(mint(RS256 => $rsa, claims(), kid => 'rsa1')));
is($r->{status}, 403, 'no scope claim: 403');
like((challenges($r))[0] // '', qr/error="insufficient_scope"/, 'no scope claim: insufficient_scope');
$r = req(GET => $scope, bearer(mint(RS256 => $rsa, claims(scope => 'readwrite'), kid => 'rsa1')));
is($r->{status}, 403, 'scopes are whole words');

# RequireAny granted through another branch never leaks insufficient_scope
my $any = '/bearer/any/ok.txt';
$r = req(GET => $any, bearer(mint(RS256 => $rsa, claims(scope => 'read'), kid => 'rsa1')));
is($r->{status}, 200, 'RequireAny: alice without admin scope granted by Require user');
is_deeply([challenges($r)], [], 'RequireAny granted: no insufficient_scope header');
$r = req(GET => $any, bearer(mint(RS256 => $rsa, claims(sub => 'bob', scope => 'read'), kid => 'rsa1')));
is($r->{status}, 403, 'RequireAny: bob without admin scope: 403');
is_deeply([challenges($r)],
          ['Bearer realm="API", scope="admin", error="insufficient_scope", '
           . 'error_description="The access token lacks a required scope"'],
          'RequireAny denied: insufficient_scope names the failing requirement');
is(req(GET => $any, bearer(mint(RS256 => $rsa, claims(sub => 'bob', scope => 'admin'), kid => 'rsa1')))->{status},
   200, 'RequireAny: bob with admin scope: 200');

# --- Require token-claim ------------------------------------------------------------
my $claim = '/bearer/claim/ok.txt';
is(req(GET => $claim, bearer(mint(RS256 => $rsa, claims(groups => ['ops', 'eng']), kid => 'rsa1')))->{status},
   200, 'token-claim: array containing one value');
is(req(GET => $claim, bearer(mint(RS256 => $rsa, claims(groups => 'staff'), kid => 'rsa1')))->{status},
   200, 'token-claim: string equal to one value');
$r = req(GET => $claim, bearer(mint(RS256 => $rsa, claims(groups => ['ops']), kid => 'rsa1')));
is($r->{status}, 403, 'token-claim: no value matches: 403');
is_deeply([challenges($r)], [], 'token-claim refusal: no challenge');
is(reason($r), 'denied', 'token-claim refusal: reason denied');
is(req(GET => $claim, bearer(mint(RS256 => $rsa, claims(), kid => 'rsa1')))->{status},
   403, 'token-claim: claim absent: 403');

# --- claims in the environment, user claim --------------------------------------------
$r = req(GET => $ok, bearer(mint(RS256 => $rsa, claims(name => 'Alice A', level => 3), kid => 'rsa1')));
is(hdr($r, 'X-Claim-Sub'), 'alice', 'AUTHSTATUS_CLAIM_SUB');
is(hdr($r, 'X-Claim-Name'), 'Alice A', 'AUTHSTATUS_CLAIM_NAME');
is(hdr($r, 'X-Claim-Level'), '3', 'AUTHSTATUS_CLAIM_LEVEL (a number)');
$r = req(GET => $ok, bearer(mint(RS256 => $rsa, claims(exp => '-3600'), kid => 'rsa1')));
is($r->{status}, 401, 'expired token with good signature: 401');
is(hdr($r, 'X-Claim-Sub'), '', 'a refused token exports no claims');
is(hdr($r, 'X-Remote-User'), '', 'a refused token sets no user');
$r = req(GET => '/bearer/noenv/ok.txt', bearer(mint(RS256 => $rsa, claims(name => 'Alice A'), kid => 'rsa1')));
is($r->{status}, 200, 'AuthStatusBearerClaimsEnv Off: 200');
is(hdr($r, 'X-Claim-Sub'), '', 'AuthStatusBearerClaimsEnv Off: no AUTHSTATUS_CLAIM_SUB');
is(hdr($r, 'X-Remote-User'), 'alice', 'AuthStatusBearerClaimsEnv Off: the user is still set');

$r = req(GET => '/bearer/email/ok.txt',
         bearer(mint(RS256 => $rsa, claims(email => 'alice@example.com'), kid => 'rsa1')));
is($r->{status}, 200, 'AuthStatusBearerUserClaim email: 200');
is(hdr($r, 'X-Remote-User'), 'alice@example.com', 'REMOTE_USER from the email claim');
invalid_token_ok(req(GET => '/bearer/email/ok.txt', bearer(mint(RS256 => $rsa, claims(), kid => 'rsa1'))),
                 'user claim email absent');

# --- Bearer and Basic together ------------------------------------------------------
my $both = '/both/ok.txt';
my @both_chal = ('Bearer realm="Both"', 'Basic realm="Both", charset="UTF-8"');
$r = req(GET => $both);
is($r->{status}, 401, 'Bearer Basic, no credentials: 401');
is_deeply([challenges($r)], \@both_chal, 'both challenges, one field each, Bearer first');
is(req(GET => $both, Authorization => basic('alice', 'secret'))->{status}, 200, 'Bearer Basic: Basic authenticates');
is(req(GET => $both, bearer($good))->{status}, 200, 'Bearer Basic: Bearer authenticates');
$r = req(GET => $both, bearer($expired));
is($r->{status}, 401, 'Bearer Basic, expired token: 401');
is_deeply([challenges($r)],
          ['Bearer realm="Both", error="invalid_token", error_description="The access token expired"',
           'Basic realm="Both", charset="UTF-8"'], 'expired token: both challenges, Bearer with the error');
$r = req(GET => $both, Authorization => basic('alice', 'wrong'));
is($r->{status}, 401, 'Bearer Basic, wrong password: 401');
is_deeply([challenges($r)], \@both_chal, 'wrong password: both challenges, no Bearer error');
$r = req(GET => '/both/scope/ok.txt', Authorization => basic('alice', 'secret'));
is($r->{status}, 403, 'token-scope for a Basic user: 403');
is_deeply([challenges($r)], [], 'token-scope for a Basic user: no challenge at all');
is(req(GET => '/both/scope/ok.txt', bearer(mint(RS256 => $rsa, claims(scope => 'read'), kid => 'rsa1')))->{status},
   200, 'token-scope for a token user: 200');

# a Basic-only location does not take a Bearer token
$r = req(GET => '/basic/ok.txt', bearer($good));
is($r->{status}, 401, 'Basic-only location, Bearer token: 401');
is_deeply([challenges($r)], ['Basic realm="Members", charset="UTF-8"'], 'Basic-only: only the Basic challenge');
is(reason($r), 'unsupported-scheme', 'Basic-only: reason unsupported-scheme');

# --- no keys: 500 -------------------------------------------------------------------
$r = req(GET => '/bearer-nokeys/ok.txt', bearer($good));
is($r->{status}, 500, 'Bearer without AuthStatusBearerKeys: 500');
is_deeply([challenges($r)], [], '500: no challenge');

# --- HEAD: same status and headers, no body -------------------------------------------
for my $case ([ 'no token', $ok, [] ],
              [ 'expired', $ok, [ bearer($expired) ] ],
              [ 'malformed', $ok, [ Authorization => 'Bearer' ] ],
              [ 'insufficient scope', $scope, [ bearer(mint(RS256 => $rsa, claims(scope => 'read'), kid => 'rsa1')) ] ]) {
    my ($what, $path, $h) = @$case;
    my $g = req(GET => $path, @$h);
    my $hd = req(HEAD => $path, @$h);
    is($hd->{status}, $g->{status}, "HEAD $what: same status ($g->{status})");
    is_deeply([challenges($hd)], [challenges($g)], "HEAD $what: same challenges");
    is($hd->{body}, '', "HEAD $what: no body");
}

# --- the log: one line per failure, never the token -------------------------------------
my @lines = log_watch(sub { req(GET => $ok, bearer($expired)); req(GET => $ok, bearer($badsig)) });
my @fail = grep { /AS01003/ } @lines;
is(scalar(@fail), 2, 'one error line per failed attempt');
like($fail[0] // '', qr/token-expired.*exp has passed/, 'the log says why (expired)');
like($fail[1] // '', qr/token-invalid.*bad-signature/, 'the log says why (signature)');
unlike(join('', @lines), qr/\Q$expired\E|\Q$badsig\E/, 'the log never holds the token');
my $sigpart = ($expired =~ /([^.]+)$/)[0];
unlike(join('', @lines), qr/\Q$sigpart\E/, 'nor its signature');

# --- the user claim never carries control characters to backends ---------
# A validly signed token whose sub would inject a header line (and a second
# request) through RequestHeader ... %{REMOTE_USER}: 401 invalid_token.
$r = req(GET => $ok, bearer(mint(RS256 => $rsa,
    claims(sub => "eve\r\nX-Injected: 1\r\n\r\nGET /smuggled HTTP/1.1"))));
is($r->{status}, 401, 'a user claim with CR LF: 401');
like((challenges($r))[0] // '', qr/error="invalid_token"/, 'invalid_token');
is(hdr($r, 'X-Remote-User'), '', 'no user is set');
$r = req(GET => $ok, bearer(mint(RS256 => $rsa, claims(sub => 'u' x 257))));
is($r->{status}, 401, 'a user claim over 256 bytes: 401');
$r = req(GET => $ok, bearer(mint(RS256 => $rsa, claims(sub => 'u' x 256))));
is($r->{status}, 200, 'a user claim of 256 bytes: 200');

done_testing();
