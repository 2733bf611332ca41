# Bearer directives at startup: bad values and unreadable or
# invalid key files stop startup naming the directive or file and why;
# risky settings only warn ('httpd -t' on a scratch configuration that
# loads the same modules as the test server, like t/config.t).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_write_file);
use ASTest;

my $vars    = Apache::Test::vars();
my $t_dir   = $vars->{t_dir};
my $keys    = "$t_dir/conf/keys";

sub section {
    my (@lines) = @_;
    return join("\n", '<Location /api>', '    AuthType AuthStatus', '    AuthName "API"',
                '    AuthStatusSchemes Bearer', map({ "    $_" } @lines),
                '    Require valid-user', '</Location>', '');
}

my @complete = ("AuthStatusBearerKeys $keys/all.jwks.json",
                'AuthStatusBearerIssuer https://issuer.test',
                'AuthStatusBearerAudience api');

my ($rc, $out) = configtest(section(@complete, 'AuthStatusBearerAlgorithms RS256 ES256 EdDSA',
                                    'AuthStatusBearerLeeway 30', 'AuthStatusBearerUserClaim email',
                                    'AuthStatusBearerClaimsEnv Off', 'Require token-scope read',
                                    'Require token-claim groups staff'));
is($rc, 0, 'a complete Bearer configuration passes') or diag($out);
unlike($out, qr/AS0500\d/, 'and warns about nothing');

# several files, JWK Sets and PEM together
($rc, $out) = configtest(section(@complete[1, 2],
                                 "AuthStatusBearerKeys $keys/rsa.jwks.json $keys/ec256.pub.pem $keys/ed25519.pub.pem"));
is($rc, 0, 'JWK Set and PEM files on one line') or diag($out);

# an identity provider's JWK Set (Keycloak's "certs" lists an encryption
# key next to the signing key): the encryption key is loaded, not refused
{
    require JSON::PP;
    open my $f, '<', "$keys/rsa.jwks.json" or die;
    my $set = JSON::PP::decode_json(do { local $/; <$f> });
    my %sig = (%{ $set->{keys}[0] }, kid => 'sig-1', alg => 'RS256', use => 'sig');
    my %enc = (%{ $set->{keys}[0] }, kid => 'enc-1', alg => 'RSA-OAEP', use => 'enc');
    t_write_file("$keys/idp.jwks.json", JSON::PP::encode_json({ keys => [ \%sig, \%enc ] }));
    ($rc, $out) = configtest(section(@complete[1, 2], "AuthStatusBearerKeys $keys/idp.jwks.json"));
    is($rc, 0, 'a JWK Set with a signing and an encryption key (Keycloak certs) loads') or diag($out);
    unlink "$keys/idp.jwks.json";
}

# --- startup errors -----------------------------------------------------------------
t_write_file("$keys/broken.json", '{"keys": [ {"kty": "RSA"');
t_write_file("$keys/private.pem", do { open my $f, '<', "$keys/rsa.key.pem" or die; local $/; <$f> });
# the suite's RSA key with e = 1: the padded PKCS#1 block would then be a
# valid signature of anything
{
    require JSON::PP;
    open my $f, '<', "$keys/rsa.jwks.json" or die;
    my $set = JSON::PP::decode_json(do { local $/; <$f> });
    my %k = (%{ $set->{keys}[0] }, e => 'AQ');
    t_write_file("$keys/e1.jwks.json", JSON::PP::encode_json({ keys => [ \%k ] }));
}
my @bad = (
    [ "AuthStatusBearerKeys $keys/no-such.json",
      qr/AuthStatusBearerKeys: \Q$keys\E\/no-such\.json: cannot read: No such file/ ],
    [ "AuthStatusBearerKeys $keys",
      qr/AuthStatusBearerKeys: \Q$keys\E: cannot read: not a regular file/ ],
    [ "AuthStatusBearerKeys $keys/broken.json",
      qr/AuthStatusBearerKeys: \Q$keys\E\/broken\.json: / ],
    [ "AuthStatusBearerKeys $keys/hmac.secret",
      qr/AuthStatusBearerKeys: \Q$keys\E\/hmac\.secret: neither a JWK Set \(JSON\) nor a PEM public key/ ],
    [ "AuthStatusBearerKeys $keys/private.pem",
      qr/AuthStatusBearerKeys: \Q$keys\E\/private\.pem: / ],
    [ "AuthStatusBearerKeys $keys/e1.jwks.json",
      qr/AuthStatusBearerKeys: \Q$keys\E\/e1\.jwks\.json.*RSA public exponent is not an odd number from 65537/ ],
    [ 'AuthStatusBearerAlgorithms RS256 none', qr/AuthStatusBearerAlgorithms: 'none' is never allowed/ ],
    [ 'AuthStatusBearerAlgorithms rs256',      qr/AuthStatusBearerAlgorithms: unknown algorithm 'rs256'/ ],
    [ 'AuthStatusBearerAlgorithms ES256 ES256', qr/AuthStatusBearerAlgorithms: algorithm 'ES256' listed twice/ ],
    [ 'AuthStatusBearerLeeway -1',    qr/AuthStatusBearerLeeway: '-1' is not a number of seconds/ ],
    [ 'AuthStatusBearerLeeway soon',  qr/AuthStatusBearerLeeway: 'soon' is not a number of seconds/ ],
    [ 'AuthStatusBearerClaimsEnv maybe', qr/AuthStatusBearerClaimsEnv must be On or Off/ ],
    # httpd refuses an empty argument itself (the setter's own check is
    # for other callers and the fuzzer)
    [ 'AuthStatusBearerIssuer ""',    qr/AuthStatusBearerIssuer requires at least one argument/ ],
    [ 'AuthStatusBearerUserClaim ""', qr/AuthStatusBearerUserClaim takes one argument/ ],
    [ 'Require token-scope',          qr/Require token-scope: name at least one scope/ ],
    [ 'Require token-scope "a\\"b"',  qr/Require token-scope: 'a"b' is not a scope/ ],
    [ 'Require token-claim groups',   qr/Require token-claim groups: name at least one value/ ],
);
for my $b (@bad) {
    my ($line, $want) = @$b;
    ($rc, $out) = configtest(section(@complete, $line));
    isnt($rc, 0, "startup fails: $line");
    like($out, $want, "the message names the directive or file and why: $line");
}
unlink "$keys/broken.json", "$keys/private.pem";

# --- warnings: configtest passes but says what is risky --------------------------------
($rc, $out) = configtest(section($complete[0], $complete[2]));
is($rc, 0, 'no issuer: still starts');
like($out, qr/AS05003: <Location \/api> accepts Bearer without AuthStatusBearerIssuer/, 'no issuer: warning');
unlike($out, qr/AS05004/, 'no issuer: no audience warning');

($rc, $out) = configtest(section(@complete[0, 1]));
is($rc, 0, 'no audience: still starts');
like($out, qr/AS05004: <Location \/api> accepts Bearer without AuthStatusBearerAudience/, 'no audience: warning');

($rc, $out) = configtest(section(@complete[1, 2]));
is($rc, 0, 'no keys: still starts');
like($out, qr/AS05002: <Location \/api> accepts Bearer but no AuthStatusBearerKeys/, 'no keys: warning');

# settings inherited from an enclosing section count
($rc, $out) = configtest("<Location /api>\n    AuthStatusBearerIssuer https://issuer.test\n"
                         . "    AuthStatusBearerAudience api\n</Location>\n"
                         . section($complete[0]) =~ s/<Location \/api>/<Location \/api\/v1>/r);
is($rc, 0, 'issuer and audience from the enclosing Location') or diag($out);
unlike($out, qr/AS0500[34]/, 'inherited issuer and audience: no warning');
# ... but /api does not enclose /apiv2 (Location matching stops at a '/')
($rc, $out) = configtest("<Location /api>\n    AuthStatusBearerIssuer https://issuer.test\n"
                         . "    AuthStatusBearerAudience api\n</Location>\n"
                         . section($complete[0]) =~ s/<Location \/api>/<Location \/apiv2>/r);
like($out, qr/AS05003: <Location \/apiv2>/, '/api does not enclose /apiv2: warning');

# a short HMAC key: 16 bytes
t_write_file("$keys/short.jwks.json",
             '{"keys":[{"kty":"oct","kid":"short","k":"MDEyMzQ1Njc4OWFiY2RlZg"}]}');
($rc, $out) = configtest(section(@complete[1, 2], "AuthStatusBearerKeys $keys/short.jwks.json"));
isnt($rc, 0, 'short HMAC key: startup fails (RFC 7518 section 3.2 MUST)');
like($out, qr/AuthStatusBearerKeys: .*short\.jwks\.json.*HMAC key is only 16 bytes; HS256 needs at least 32/,
     'short HMAC key: the message names the file and the size');
unlink "$keys/short.jwks.json";

# the module's own test configuration warns only where it means to
($rc, $out) = configtest("Include \"$t_dir/conf/bearer.conf\"");
like($out, qr/AS05002: <Location \/bearer-nokeys>/, 'the suite\'s key-less location is warned about');

done_testing();
