# RFC 9728 protected resource metadata and what MCP clients do with it,
# with real clients: the MCP TypeScript SDK (discovery from a 401, a token
# from the provider, then 200) and oauth4webapi (strict validation of the
# document); step-up (RFC 9470) and nested claims with local tokens.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use ASTest;
use ASBearer;
use ASIdp qw(idp_start idp_stop idp_token idp_issuer idp_ca idp_node);
use JSON::PP ();
use Time::HiRes qw(sleep);

sub bearer { return (Authorization => "Bearer $_[0]") }
sub hdr    { my ($r, $h) = @_; return ($r->{headers}{lc $h} || [''])->[0] }

my $vars = Apache::Test::vars();
my $port = $vars->{port};
my $base = "http://localhost:$port";
my $iss  = idp_issuer();
my $meta = "$base/.well-known/oauth-protected-resource/mcp";


# --- the 401 tells where to get a token -------------------------------------
my $r = req(GET => '/mcp');
is($r->{status}, 401, 'no token: 401');
my @c = challenges($r);
is($c[0], qq{Bearer realm="MCP demo", scope="read", resource_metadata="$meta"},
   'Bearer first, with the required scopes and resource_metadata');
is($c[1], 'Basic realm="MCP demo", charset="UTF-8"',
   'the Basic challenge carries no token parameters');
my $iss_tok = mint('ES256', 'ec256.key.pem', claims(iss => $iss, aud => "$base/mcp"),
                   header => '{"typ":"at+jwt"}');
$r = req(GET => '/mcp', bearer($iss_tok));
is($r->{status}, 503, 'the provider down, no keys yet: 503 without a challenge');
is(scalar(challenges($r)), 0, 'no challenge on the 503');
$r = req(GET => '/mcp', bearer('garbage.garbage.garbage'));
is($r->{status}, 401, 'a token of no listed issuer meanwhile: 401, not 503');

# --- the document --------------------------------------------------------------
$r = req(GET => '/.well-known/oauth-protected-resource/mcp');
is($r->{status}, 200, 'metadata: 200 without credentials');
like(hdr($r, 'Content-Type'), qr{^application/json}, 'application/json');
like(hdr($r, 'Cache-Control'), qr/max-age=\d+/, 'cacheable');
my $doc = eval { JSON::PP::decode_json($r->{body}) } || {};
is($doc->{resource}, "$base/mcp", 'resource: the configured identifier');
is_deeply($doc->{authorization_servers}, [$iss], 'authorization_servers: the issuers');
is_deeply($doc->{bearer_methods_supported}, ['header'], 'bearer_methods_supported: header');
is_deeply($doc->{scopes_supported}, ['read', 'write'], 'scopes_supported: AuthStatusResourceScopes');
is($doc->{resource_name}, 'MCP demo', 'resource_name: the AuthName');
my $h = req(HEAD => '/.well-known/oauth-protected-resource/mcp');
is($h->{status}, 200, 'HEAD: 200');
is($h->{body}, '', 'HEAD: no body');
is(req(POST => '/.well-known/oauth-protected-resource/mcp')->{status}, 405,
   'POST: 405');
is(req(GET => '/.well-known/oauth-protected-resource/nothing')->{status}, 404,
   'a path no resource has: 404');

Apache::TestRequest::module('authstatus_prmroot');
$r = req(GET => '/.well-known/oauth-protected-resource');
is($r->{status}, 200, 'a resource at the root: the bare well-known path');
$doc = eval { JSON::PP::decode_json($r->{body}) } || {};
is($doc->{resource}, 'https://api.example/',
   'the configured URL, not one guessed from the request (reverse proxies)');
is_deeply($doc->{authorization_servers}, ['https://issuer.test', 'https://other.test'],
          'several issuers');
Apache::TestRequest::module('default');

# --- strict real clients ---------------------------------------------------------
idp_start(keys => 'a');
# the source failed while the provider was down: it is tried again after
# miss=1 second (docs/directives/idp.md)
sleep 1.5;
my $v = idp_node('prm-check.mjs', "$base/mcp");
ok($v->{ok}, 'oauth4webapi processResourceDiscoveryResponse accepts the document')
    or diag(JSON::PP::encode_json($v));

my $m = idp_node('mcp-client.mjs', "$base/mcp", 'rs-client', 'rs-client-secret');
is($m->{first}, 401, 'MCP SDK: the first POST gets 401') or diag(JSON::PP::encode_json($m));
is($m->{resourceMetadataUrl}, $meta, 'MCP SDK: extractWWWAuthenticateParams finds resource_metadata');
is($m->{scope}, 'read', 'MCP SDK: and the scope');
is($m->{authorizationServerUrl}, $iss, 'MCP SDK: discoverOAuthServerInfo finds the provider');
is($m->{tokenEndpoint}, "$iss/token", 'MCP SDK: and its token endpoint');
is($m->{tokenStatus}, 200, 'a token for the advertised resource');
is($m->{second}, 200, 'MCP SDK: with it, 200');

$m = idp_node('mcp-client.mjs', "$base/basicfirst", 'rs-client', 'rs-client-secret');
ok(!$m->{resourceMetadataUrl},
   'Basic first: the MCP SDK reads only the first challenge and finds nothing (docs/mcp.md)');

$r = req(GET => '/mcp', bearer('garbage.garbage.garbage'));
like((challenges($r))[0], qr/error="invalid_token".*resource_metadata="\Q$meta\E"/,
     'invalid_token carries resource_metadata too');

# the audience defaults to the resource (RFC 8707)
my $other = idp_token(resource => 'https://rs.test/api', scope => 'read');
$r = req(GET => '/mcp', bearer($other));
is($r->{status}, 401, 'a token for another resource: 401');
like((challenges($r))[0], qr/error="invalid_token"/, 'invalid_token');
my $mine = idp_token(resource => "$base/mcp", scope => 'write');
$r = req(GET => '/mcp', bearer($mine));
is($r->{status}, 403, 'the right resource, scope write where read is required: 403');
like((challenges($r))[0],
     qr/^Bearer realm="MCP demo", scope="read", error="insufficient_scope", error_description="[^"]+", resource_metadata="\Q$meta\E"$/,
     'insufficient_scope with the scopes and resource_metadata');
is(scalar(challenges($r)), 1, 'one challenge on the 403');
idp_stop();

# --- step-up (RFC 9470) ---------------------------------------------------------
my %base = (iss => 'https://issuer.test', aud => 'https://api.test/stepup');
my $weak = mint('RS256', 'rsa.key.pem', claims(%base, acr => 'urn:pwd', auth_time => time - 10));
my $mfa  = mint('RS256', 'rsa.key.pem', claims(%base, acr => 'urn:mfa', auth_time => time - 10));
my $old  = mint('RS256', 'rsa.key.pem', claims(%base, acr => 'urn:mfa', auth_time => time - 3600));
my $noacr = mint('RS256', 'rsa.key.pem', claims(%base));
my $smeta = 'https://api.test/.well-known/oauth-protected-resource/stepup';

$r = req(GET => '/stepup', bearer($weak));
is($r->{status}, 401, 'acr too weak: 401, not 403');
is_deeply([challenges($r)],
          [qq{Bearer realm="API", error="insufficient_user_authentication", }
           . qq{error_description="A stronger or more recent authentication is required", }
           . qq{acr_values="urn:mfa urn:hwk", resource_metadata="$smeta"}],
          'insufficient_user_authentication with acr_values');
is(reason($r), 'insufficient-user-authentication', 'reason insufficient-user-authentication');
is(req(GET => '/stepup', bearer($noacr))->{status}, 401, 'no acr: 401');
is(req(GET => '/stepup', bearer($mfa))->{status}, 200, 'acr urn:mfa: 200');
$r = req(GET => '/stepup/fresh', bearer($old));
is($r->{status}, 401, 'login older than max-age: 401');
like((challenges($r))[0], qr/error="insufficient_user_authentication".*max_age="300"/,
     'with max_age');
is(req(GET => '/stepup/fresh', bearer($mfa))->{status}, 200, 'fresh login: 200');
my $admin = mint('RS256', 'rsa.key.pem', claims(%base, sub => 'admin', acr => 'urn:pwd'));
$r = req(GET => '/stepup/either', bearer($admin));
is($r->{status}, 200, 'a RequireAny satisfied by another line: 200');
is(scalar(challenges($r)), 0, 'and no step-up challenge');
my $mfa_read = mint('RS256', 'rsa.key.pem', claims(%base, acr => 'urn:mfa', scope => 'read'));
$r = req(GET => '/stepup/scope', bearer($mfa_read));
is($r->{status}, 403, 'acr fine, scope missing: 403 insufficient_scope');
like((challenges($r))[0], qr/error="insufficient_scope"/, 'insufficient_scope');

# --- nested claims (Keycloak's realm_access.roles) -------------------------------
my %kc = (iss => 'https://issuer.test', aud => 'api');
my $roles = mint('RS256', 'rsa.key.pem',
                 claims(%kc, realm_access => { roles => ['user', 'admin'] },
                        resource_access => { api => { roles => ['r1', 'r2'] } }));
$r = req(GET => '/nested', bearer($roles));
is($r->{status}, 200, 'Require token-claim realm_access.roles admin: 200');
is(hdr($r, 'X-Roles'), 'user admin', 'AUTHSTATUS_CLAIM_REALM_ACCESS_ROLES: a space-separated list');
is(hdr($r, 'X-Deep'), 'r1 r2', 'deeper paths too');
my $user = mint('RS256', 'rsa.key.pem', claims(%kc, realm_access => { roles => ['user'] }));
is(req(GET => '/nested', bearer($user))->{status}, 403, 'role missing: 403');
my $evil = mint('RS256', 'rsa.key.pem',
                claims(%kc, realm_access => { roles => ['admin', "x\r\nInjected: 1"] }));
$r = req(GET => '/nested', bearer($evil));
is($r->{status}, 200, 'a role list with a control character still matches admin');
is(hdr($r, 'X-Roles'), '', 'but is never exported');

# --- configuration ----------------------------------------------------------------
for my $c ([ 'AuthStatusResource http://api.example/x', qr/AuthStatusResource: .*plain http/ ],
           [ 'AuthStatusResource https://api.example/x?a=b', qr/AuthStatusResource: .*no query/ ],
           [ 'AuthStatusResourceScopes "a b"', qr/AuthStatusResourceScopes: / ],
           [ 'Require token-acr', qr/token-acr: name at least one/ ],
           [ 'Require token-max-age x', qr/token-max-age: / ],
           [ 'Require token-max-age 5 6', qr/token-max-age: give one number/ ]) {
    my ($line, $want) = @$c;
    my ($rc, $out) = configtest("<Location /x>\n    AuthType AuthStatus\n    AuthName X\n    $line\n</Location>\n");
    isnt($rc, 0, "refused: $line");
    like($out, $want, "names it: $line");
}

done_testing();
