# Keys and opaque tokens from a real identity provider: oidc-provider over
# TLS on loopback (t/lib/ASIdp.pm), tokens from its token endpoint. The
# server starts while the provider is down (503, then recovery by itself),
# then: JWTs from a jwks_uri and from discovery, scopes, several issuers,
# RFC 9068 typ, opaque tokens by introspection (revocation, caching),
# rotation (restart with new keys), outages (stopped, 500, HTML, wrong CA),
# the refetch limit for made-up kids, and configtest fetching nothing.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASBearer;
use ASIdp qw(idp_start idp_stop idp_token idp_revoke idp_stats idp_issuer
             idp_wait_log);
use Time::HiRes qw(sleep time);

sub bearer { return (Authorization => "Bearer $_[0]") }
sub hdr    { my ($r, $h) = @_; return ($r->{headers}{lc $h} || [''])->[0] }
sub get    { my ($path, $tok) = @_; return req(GET => $path, $tok ? bearer($tok) : ()) }

# keep asking until want comes (the refresh thread, a refetch); the last
# answer
sub eventually {
    my ($path, $tok, $want, $secs) = @_;
    my $until = time + ($secs || 15);
    my $r;
    while (1) {
        $r = get($path, $tok);
        return $r if $r->{status} == $want || time > $until;
        sleep 0.25;
    }
}

my $vars = Apache::Test::vars();
my $iss = idp_issuer();
# a JWT no key will ever verify (header kid unknown, signature garbage)
my $fake = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Im5vbmUifQ.'
         . 'eyJzdWIiOiJ4In0.' . ('A' x 86);

# --- the provider is down, and the key set was never fetched ---------------------
# (a source named only in a .htaccess file is made on first use: earlier
# tests of the run may have started the provider and fetched the others)
idp_stop();
my $r = get('/idphtdown/', $fake);
is($r->{status}, 503, 'no key set yet: 503, not 401');
like(hdr($r, 'Retry-After'), qr/^\d+$/, '503 carries Retry-After');
is(reason($r), 'keys-unavailable', 'reason keys-unavailable');
is(scalar(challenges($r)), 0, 'no challenge on a 503');
ok(idp_wait_log(qr/AS09002: key set \Q$iss\E\/jwks\?s=htdown: no key set yet.*connect/, 5),
   'the error log says why: connect');
$r = get('/idp/x');
is($r->{status}, 401, 'no token at all: still a 401 with a challenge');
like((challenges($r))[0] // '', qr/^Bearer realm="API"$/, 'Bearer challenge');

# --- it comes up: the server recovers by itself -------------------------------
idp_start(keys => 'a');
my $tok = idp_token(scope => 'read');
$r = eventually('/idp/x', $tok, 200);
is($r->{status}, 200, 'once the provider is up: 200 without a restart');
is(eventually('/idphtdown/', $tok, 200)->{status}, 200,
   'the never-fetched source recovers by itself too');
is(hdr($r, 'X-Remote-User'), 'rs-client', 'the user is the token sub (client id)');
is(hdr($r, 'X-Claim-Scope'), 'read', 'claims in the environment');

# RS256 from the same jwks_uri
my $rs = idp_token(resource => 'https://rs.test/rs256');
is(get('/idp/x', $rs)->{status}, 200, 'RS256 token from the same key set: 200');

# --- refusals keep their status ------------------------------------------------
$r = get('/idp/x', 'garbage.token.here');
is($r->{status}, 401, 'garbage token: 401');
like((challenges($r))[0] // '', qr/error="invalid_token"/, 'invalid_token');
my $other = idp_token(resource => 'https://other.test/api');
$r = get('/idp/x', $other);
is($r->{status}, 401, 'token for another resource (aud): 401');
$r = get('/idp/scope', $tok);
is($r->{status}, 403, 'scope read where write is required: 403');
like((challenges($r))[0] // '', qr/error="insufficient_scope"/, 'insufficient_scope');
is(get('/idp/scope', idp_token(scope => 'read write'))->{status}, 200,
   'scope write: 200');

# --- discovery -------------------------------------------------------------------
$r = eventually('/idp/discover', $tok, 200);
is($r->{status}, 200, 'keys from the issuer metadata (discover): 200');

# --- several issuers --------------------------------------------------------------
is(eventually('/idp/multi', $tok, 200)->{status}, 200,
   'two issuers: the provider\'s token verifies with its discovered keys');
my $local = mint('ES256', 'ec256.key.pem',
                 claims(iss => 'https://other-issuer.test', aud => 'https://rs.test/api'));
is(get('/idp/multi', $local)->{status}, 200,
   'two issuers: the other issuer\'s token verifies with the file key');
my $stranger = mint('ES256', 'ec256.key.pem',
                    claims(iss => 'https://stranger.test', aud => 'https://rs.test/api'));
is(get('/idp/multi', $stranger)->{status}, 401, 'an issuer not listed: 401');
# --- RFC 9068: typ at+jwt -------------------------------------------------------
my $idtoken = mint('RS256', 'rsa.key.pem', claims());
my $at = mint('RS256', 'rsa.key.pem', claims(), header => '{"typ":"at+jwt"}');
$r = get('/idp/typ', $idtoken);
is($r->{status}, 401, 'AuthStatusBearerTokenType at+jwt: a typ JWT token is refused');
like((challenges($r))[0] // '', qr/error="invalid_token"/, 'as invalid_token');
is(get('/idp/typ', $at)->{status}, 200, 'typ at+jwt: 200');
is(get('/idp/multi', $local)->{status}, 200, 'TokenType any: typ JWT accepted');

# --- opaque tokens: introspection -------------------------------------------------
my $opaque = idp_token(resource => 'https://rs.test/opaque', scope => 'read');
unlike($opaque, qr/\./, 'the provider issued an opaque token');
$r = get('/idp/opaque', $opaque);
is($r->{status}, 200, 'opaque token, introspected: 200');
is(hdr($r, 'X-Remote-User'), 'rs-client', 'no sub: the user is client_id');
is(hdr($r, 'X-Claim-Client'), 'rs-client', 'introspection members are claims');
$r = get('/idp/opaque/scope', $opaque);
is($r->{status}, 403, 'introspected scope feeds Require token-scope: 403');
is(get('/idp/opaque', $tok)->{status}, 200, 'a JWT at the same location: verified locally');
$r = get('/idp/opaque', 'not-a-token-the-provider-knows');
is($r->{status}, 401, 'unknown opaque token: 401');
like((challenges($r))[0] // '', qr/error="invalid_token"/, 'invalid_token');
my $calls = idp_stats()->{'/token/introspection'} || 0;
$r = get('/idp/intro-all', $tok);
is((idp_stats()->{'/token/introspection'} || 0) - $calls, 1,
   'for=all: a JWT is sent to the endpoint too, not verified locally');
is($r->{status}, 503, 'oidc-provider refuses to introspect its JWTs (400): 503');

my $cached = idp_token(resource => 'https://rs.test/opaque', scope => 'read');
is(get('/idp/opaque-cached', $cached)->{status}, 200, 'auth=post, cache=30: 200');
my $before = idp_stats()->{'/token/introspection'} || 0;
get('/idp/opaque-cached', $cached) for 1 .. 10;
is((idp_stats()->{'/token/introspection'} || 0) - $before, 0,
   'ten more requests with a cached result: no call to the provider');

idp_revoke($opaque);
idp_revoke($cached);
is(get('/idp/opaque', $opaque)->{status}, 401, 'revoked, cache=0: 401 at once');
is(get('/idp/opaque-cached', $cached)->{status}, 200,
   'revoked, cache=30: still 200 until the cache ends (as documented)');

# --- outage after the first fetch ---------------------------------------------
idp_stop();
is(get('/idp/x', $tok)->{status}, 200, 'provider down: fetched keys keep working');
is(get('/idp/discover', $tok)->{status}, 200, 'the same for discovered keys');
my $opaque2 = 'opaque-while-down';
$r = get('/idp/opaque', $opaque2);
is($r->{status}, 503, 'introspection endpoint down: 503');
is(reason($r), 'idp-unavailable', 'reason idp-unavailable');
like(hdr($r, 'Retry-After'), qr/^\d+$/, 'with Retry-After');

# --- rotation: the provider restarts with other keys ----------------------------
idp_start(keys => 'b');
my $tok_b = idp_token(scope => 'read');
$r = eventually('/idp/x', $tok_b, 200, 10);
is($r->{status}, 200, 'a token under the new kid: 200 without restarting httpd');
# the other children take the new set from the store within 2 s
sleep 2.5;
my @old = map { get('/idp/x', $tok)->{status} } 1 .. 12;
is_deeply(\@old, [(401) x 12], 'a token under the removed key: 401 on every child');

# --- made-up kids do not become a flood ----------------------------------------
is(eventually('/idp/flood', $tok_b, 200)->{status}, 200, 'flood location has keys');
$before = idp_stats()->{'/jwks?s=flood'} || 0;
my @st = map { get('/idp/flood', $fake)->{status} } 1 .. 40;
is_deeply(\@st, [(401) x 40], '40 tokens with a made-up kid: 401 each');
cmp_ok((idp_stats()->{'/jwks?s=flood'} || 0) - $before, '<=', 1,
       'at most one refetch for them (miss=30)');

# --- a provider that answers 500, then HTML ------------------------------------
idp_start(keys => 'b', mode => '500');
$r = get('/idpht500/', $tok_b);
is($r->{status}, 503, 'provider answers 500 before any set: 503');
ok(idp_wait_log(qr/AS09002: key set \Q$iss\E\/jwks\?s=ht500: .*HTTP status 500/, 5),
   'the log says HTTP status 500');
is(get('/idp/x', $tok_b)->{status}, 200, 'the last good set stays in use');
my $newkid = mint('ES256', 'ec256.key.pem', claims(iss => $iss, aud => 'https://rs.test/api'),
                  kid => 'rotated-while-down', header => '{"typ":"at+jwt"}');
sleep 1.1;      # miss=1
$r = get('/idp/x', $newkid);
is($r->{status}, 503, 'an unknown kid while the provider fails: 503, the kid may exist');
ok(idp_wait_log(qr/AS09001: key set \Q$iss\E\/jwks: fetching failed: .*HTTP status 500; the last good set/, 5),
   'warned: fetching failed, the last good set stays in use');
idp_start(keys => 'b', mode => 'html');
$r = get('/idphthtml/', $tok_b);
is($r->{status}, 503, 'provider answers HTML: 503');
ok(idp_wait_log(qr/AS09002: key set \Q$iss\E\/jwks\?s=hthtml: .*not JSON \(Content-Type text\/html/, 5),
   'the log says not JSON');
idp_start(keys => 'b');
is(eventually('/idphthtml/', $tok_b, 200, 10)->{status}, 200,
   'the provider back: the .htaccess source recovers');

# --- TLS verification, a dead host ------------------------------------------------
$r = get('/idp/badca', $tok_b);
is($r->{status}, 503, 'certificate from another CA: 503');
ok(idp_wait_log(qr/AS09002: key set \Q$iss\E\/jwks\?s=badca: .*tls verification/, 5),
   'the log says TLS verification failed');
$r = get('/idp/down', $tok_b);
is($r->{status}, 503, 'nothing listens: 503, never 500');

# --- configtest fetches nothing ----------------------------------------------------
my $n = idp_stats()->{'/jwks?s=configtest'} || 0;
my ($rc, $out) = configtest(<<"EOC");
<Location /ct>
    AuthType AuthStatus
    AuthName "X"
    AuthStatusSchemes Bearer
    AuthStatusBearerIssuer $iss
    AuthStatusBearerKeys $iss/jwks?s=configtest discover ca=$vars->{t_conf}/idp/ca.pem
    Require valid-user
</Location>
EOC
is($rc, 0, 'a configuration with a jwks_uri and discover passes configtest') or diag($out);
sleep 0.5;
is((idp_stats()->{'/jwks?s=configtest'} || 0) - $n, 0, 'configtest fetched nothing');

my @refused = (
    [ 'AuthStatusBearerKeys http://idp.example/jwks',
      qr/AuthStatusBearerKeys: 'http:\/\/idp.example\/jwks': plain http:\/\/ is only accepted to a loopback host/ ],
    [ 'AuthStatusBearerKeys ftp://idp.example/jwks', qr/AuthStatusBearerKeys: / ],
    [ 'AuthStatusBearerKeys https://idp.example/jwks refresh=5',
      qr/AuthStatusBearerKeys: refresh='5' is not a number of seconds between 60/ ],
    [ 'AuthStatusBearerKeys https://idp.example/jwks color=red',
      qr/AuthStatusBearerKeys: unknown option 'color=red'/ ],
    [ 'AuthStatusBearerKeys miss=5', qr/AuthStatusBearerKeys: option 'miss=5' must follow a URL or discover/ ],
    [ 'AuthStatusBearerKeys https://idp.example/jwks ca=/no/such.pem', qr/AuthStatusBearerKeys: ca=\/no\/such.pem: no such file/ ],
    [ 'AuthStatusBearerKeys discover', qr/AS05005: .*needs AuthStatusBearerIssuer/ ],
    [ 'AuthStatusBearerIntrospect https://idp.example/i secret=x', qr/AuthStatusBearerIntrospect: client_id= is required/ ],
    [ 'AuthStatusBearerIntrospect https://idp.example/i client_id=a', qr/AuthStatusBearerIntrospect: give exactly one of secret= and secret-file=/ ],
    [ 'AuthStatusBearerIntrospect http://idp.example/i client_id=a secret=b', qr/AuthStatusBearerIntrospect: .*plain http:\/\// ],
    [ 'AuthStatusBearerIntrospect discover client_id=a secret=b auth=digest', qr/AuthStatusBearerIntrospect: auth='digest' is not basic or post/ ],
    [ 'AuthStatusBearerTokenType jwt', qr/AuthStatusBearerTokenType: 'jwt' is not any or at\+jwt/ ],
);
for my $c (@refused) {
    my ($line, $want) = @$c;
    ($rc, $out) = configtest("<Location /x>\n    AuthType AuthStatus\n    AuthName X\n    AuthStatusSchemes Bearer\n    $line\n</Location>\n");
    isnt($rc, 0, "refused at startup: $line");
    like($out, $want, "names the directive and why: $line");
}
($rc, $out) = configtest("<Location /x>\n    AuthStatusBearerKeys http://127.0.0.1:9/jwks http://[::1]:9/jwks http://localhost/jwks\n</Location>\n");
is($rc, 0, 'plain http:// to a loopback host is accepted') or diag($out);

idp_stop();
done_testing();
