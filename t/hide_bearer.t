# AuthStatusHide with Bearer tokens: under Denied a token without
# a required scope gets the server's own 404 instead of 403
# insufficient_scope, while a missing or invalid token keeps its 401; under
# Always every token trouble (none, malformed, expired, bad signature,
# wrong audience, missing scope) is the server's own 404.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASHide;
use ASBearer;

my $rsa = 'rsa.key.pem';
my $admin   = 'Bearer ' . mint(RS256 => $rsa, claims(scope => 'read admin'), kid => 'rsa1');
my $reader  = 'Bearer ' . mint(RS256 => $rsa, claims(scope => 'read'), kid => 'rsa1');
my $expired = 'Bearer ' . mint(RS256 => $rsa, claims(scope => 'admin', exp => '-3600', iat => '-7200'), kid => 'rsa1');
my $forged  = 'Bearer ' . mint(RS256 => 'other.key.pem', claims(scope => 'admin'), kid => 'rsa1');
my $otheraud = 'Bearer ' . mint(RS256 => $rsa, claims(scope => 'admin', aud => 'elsewhere'), kid => 'rsa1');

sub get {
    my ($path, $auth) = @_;
    return req(GET => $path, defined $auth ? (Authorization => $auth) : ());
}

# ----- Denied
my $p = '/hide/bearer-denied/ok.txt';
my $r = get($p);
is($r->{status}, 401, 'Bearer + Denied, no token: 401');
like((challenges($r))[0] // '', qr/^Bearer realm="API"/, 'Bearer + Denied, no token: challenge');
$r = get($p, $expired);
is($r->{status}, 401, 'Bearer + Denied, expired token: 401');
like((challenges($r))[0] // '', qr/error="invalid_token"/, 'Bearer + Denied, expired: invalid_token');
$r = get($p, $reader);
is($r->{status}, 404, 'Bearer + Denied, insufficient scope: 404');
is_deeply([challenges($r)], [], 'Bearer + Denied, insufficient scope: no insufficient_scope challenge');
same_as_genuine($p, $reader, 'Bearer + Denied, insufficient scope');
is(get($p, $admin)->{status}, 200, 'Bearer + Denied, token with the scope: 200');

# ----- Always
$p = '/hide/bearer-always/ok.txt';
is(get($p, $admin)->{status}, 200, 'Bearer + Always, token with the scope up front: 200');
for my $c ([undef, 'no token'], ['Bearer', 'Bearer without token (400)'],
           ['Bearer a b', 'not token68 (400)'], [$expired, 'expired token'],
           [$forged, 'bad signature'], [$otheraud, 'wrong audience'],
           [$reader, 'insufficient scope'], [basic('alice', 'secret'), 'Basic not accepted']) {
    $r = get($p, $c->[0]);
    is($r->{status}, 404, "Bearer + Always, $c->[1]: 404");
    is_deeply([challenges($r)], [], "Bearer + Always, $c->[1]: no WWW-Authenticate");
}
same_as_genuine($p, undef, 'Bearer + Always, no token');
same_as_genuine($p, $expired, 'Bearer + Always, expired token');
same_as_genuine($p, 'Bearer', 'Bearer + Always, malformed');
same_as_genuine($p, $reader, 'Bearer + Always, insufficient scope');

done_testing();
