# DPoP (RFC 9449): DPoP-bound tokens from oidc-provider, proofs by
# oauth4webapi (a strict client, with its nonce retry) and hand-built ones,
# each check failing alone; replay; server nonces; the binding kept when a
# bound token is sent as Bearer or remembered by AuthStatusCache.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASBearer;
use ASIdp qw(idp_start idp_stop idp_token idp_issuer idp_ca idp_node);
use JSON::PP ();
use Time::HiRes qw(sleep time);

my $vars = Apache::Test::vars();
my $base = "http://localhost:$vars->{port}";
my $iss  = idp_issuer();

sub hdr { my ($r, $h) = @_; return ($r->{headers}{lc $h} || [''])->[0] }
sub node { return idp_node('dpop-tool.mjs', @_) }
sub dpop {
    my ($path, $token, @proofs) = @_;
    return req(GET => $path, Authorization => "DPoP $token", map { (DPoP => $_) } @proofs);
}
sub dpop_error_ok {
    my ($r, $err, $what) = @_;
    is($r->{status}, 401, "$what: 401");
    my @c = challenges($r);
    like($c[0] // '', qr/^DPoP realm="API", error="$err", error_description="[^"]+", algs="[^"]+"$/,
         "$what: DPoP error=\"$err\"");
    is($c[1] // '', 'Bearer realm="API"', "$what: the Bearer challenge carries no DPoP error");
}

idp_start(keys => 'a');

# --- the challenge ------------------------------------------------------------
my $r = req(GET => '/dpop');
is($r->{status}, 401, 'no token: 401');
is_deeply([challenges($r)],
          ['DPoP realm="API", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA"',
           'Bearer realm="API"'], 'a DPoP challenge with algs, then Bearer');

# --- oauth4webapi end to end -----------------------------------------------------
my $c = node('client', $iss, "$base/dpop/x");
is($c->{tokenType}, 'dpop', 'the provider issued a DPoP-bound token') or diag(JSON::PP::encode_json($c));
is_deeply($c->{statuses}, [200, 200], 'oauth4webapi with its own proofs: 200 twice');
$c = node('client', $iss, "$base/dpop/nonce");
is_deeply($c->{statuses}, [200, 200], 'AuthStatusDPoPNonce On: 200 after its nonce retry')
    or diag(JSON::PP::encode_json($c));
is($c->{nonceRetries}, 1, 'one use_dpop_nonce retry, then the nonce it kept works');

# --- hand-built proofs -------------------------------------------------------------
my $p = node('proofs', $iss, "$base/dpop/x");
ok($p->{token} && $p->{good}, 'a bound token and proofs') or diag(JSON::PP::encode_json($p));
my $tok = $p->{token};
$r = dpop('/dpop/x', $tok, $p->{good});
is($r->{status}, 200, 'a good proof: 200');
is(hdr($r, 'X-Remote-User'), 'rs-client', 'the user');
is(hdr($r, 'X-Auth-Type'), 'DPoP', 'AUTH_TYPE DPoP');
dpop_error_ok(dpop('/dpop/x', $tok, $p->{good}), 'invalid_dpop_proof', 'the same proof again (replay)');
is(dpop('/dpop/x', $tok, $p->{htuQueryIgnored})->{status}, 200,
   'htu with a query and fragment: compared without them');
for my $name (sort keys %{ $p->{bad} }) {
    dpop_error_ok(dpop('/dpop/x', $tok, $p->{bad}{$name}), 'invalid_dpop_proof', "proof $name");
}
dpop_error_ok(dpop('/dpop/x', $tok), 'invalid_dpop_proof', 'no DPoP header');
dpop_error_ok(dpop('/dpop/x', $tok, $p->{good2}, $p->{good2}), 'invalid_dpop_proof',
              'two DPoP headers');
dpop_error_ok(dpop('/dpop/x', $tok, $p->{otherKey}), 'invalid_token',
              'a valid proof by another key than cnf.jkt');
dpop_error_ok(dpop('/dpop/x', 'garbage.garbage.garbage', $p->{good2}), 'invalid_dpop_proof',
              'a bad token with a proof for another token (ath)');

# --- the binding is never dropped -------------------------------------------------
$r = req(GET => '/dpop/x', Authorization => "Bearer $tok");
is($r->{status}, 401, 'a DPoP-bound token sent as Bearer: 401');
like((challenges($r))[1] // '', qr/^Bearer realm="API", error="invalid_token"/,
     'invalid_token on the Bearer challenge');
$r = req(GET => '/dpop/bearer-only/x', Authorization => "Bearer $tok");
is($r->{status}, 401, 'also where only Bearer is accepted');
my $plain = idp_token();
$r = dpop('/dpop/x', $plain, $p->{good2});
is($r->{status}, 401, 'a plain bearer token with the DPoP scheme: 401');
is(req(GET => '/dpop/x', Authorization => "Bearer $plain")->{status}, 200,
   'the plain token as Bearer: 200');

# cached tokens keep the binding check
my $q = node('proofs', $iss, "$base/dpop/cache/x");
is(dpop('/dpop/cache/x', $q->{token}, $q->{good})->{status}, 200, 'cache: first use 200');
dpop_error_ok(dpop('/dpop/cache/x', $q->{token}, $q->{good}), 'invalid_dpop_proof',
              'cache hit with a replayed proof');
dpop_error_ok(dpop('/dpop/cache/x', $q->{token}, $q->{otherKey}), 'invalid_token',
              'cache hit with another key');
is(req(GET => '/dpop/cache/x', Authorization => "Bearer $q->{token}")->{status}, 401,
   'cache hit as Bearer: 401');
is(dpop('/dpop/cache/x', $q->{token}, $q->{good2})->{status}, 200, 'cache hit, fresh proof: 200');

# --- scope in the DPoP challenge ----------------------------------------------------
$q = node('proofs', $iss, "$base/dpop/scope/x");
$r = dpop('/dpop/scope/x', $q->{token}, $q->{good});
is($r->{status}, 403, 'scope read where write is required: 403');
like((challenges($r))[0] // '', qr/^DPoP realm="API", scope="write", error="insufficient_scope"/,
     'insufficient_scope in the DPoP challenge');

# --- nonces --------------------------------------------------------------------------
$q = node('proofs', $iss, "$base/dpop/nonce/x");
$r = dpop('/dpop/nonce/x', $q->{token}, $q->{good});
is($r->{status}, 401, 'a proof without the nonce: 401');
like((challenges($r))[0] // '', qr/error="use_dpop_nonce"/, 'use_dpop_nonce');
is(scalar(@{ $r->{headers}{'dpop-nonce'} || [] }), 1, 'exactly one DPoP-Nonce');
is(reason($r), 'dpop-nonce', 'reason dpop-nonce');

# --- htu behind a proxy ---------------------------------------------------------------
$q = node('proofs', $iss, "https://api.test/dpop/origin/x");
is(dpop('/dpop/origin/x', $q->{token}, $q->{good})->{status}, 200,
   'AuthStatusDPoPOrigin: htu is the URL the client addressed');
$q = node('proofs', $iss, "$base/dpop/origin/x");
is(dpop('/dpop/origin/x', $q->{token}, $q->{good})->{status}, 401,
   'and the backend URL is not');

# --- the resource metadata says what DPoP asks ----------------------------------
my $m = eval { JSON::PP::decode_json(req(GET => '/.well-known/oauth-protected-resource/dpop/meta')->{body}) } || {};
is_deeply($m->{dpop_signing_alg_values_supported},
          [qw(ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA)],
          'metadata: dpop_signing_alg_values_supported');
is(JSON::PP::encode_json([$m->{dpop_bound_access_tokens_required}]), '[false]',
   'DPoP and Bearer accepted: bound tokens not required');
$m = eval { JSON::PP::decode_json(req(GET => '/.well-known/oauth-protected-resource/dpop/only')->{body}) } || {};
is(JSON::PP::encode_json([$m->{dpop_bound_access_tokens_required}]), '[true]',
   'DPoP only: bound tokens required');

# --- configuration -----------------------------------------------------------------------
for my $c ([ 'AuthStatusDPoPOrigin https://api.test/path', qr/AuthStatusDPoPOrigin: .*is not an origin/ ],
           [ 'AuthStatusDPoPOrigin api.test', qr/AuthStatusDPoPOrigin: / ],
           [ 'AuthStatusDPoPNonce maybe', qr/AuthStatusDPoPNonce must be On or Off/ ]) {
    my ($line, $want) = @$c;
    my ($rc, $out) = configtest("<Location /x>\n    $line\n</Location>\n");
    isnt($rc, 0, "refused: $line");
    like($out, $want, "names it: $line");
}

idp_stop();
done_testing();
