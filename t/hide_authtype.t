# AuthStatusHide and AuthStatusForbidOnDeny under other modules' AuthTypes:
# mod_auth_basic (AuthType Basic) and mod_auth_digest (AuthType Digest)
# keep their challenges; an authenticated non-member gets 403 (ForbidOnDeny)
# or 404 (Hide); with Always every refusal, missing and wrong credentials
# included, is the server's own 404.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASHide;

plan skip_all => 'needs mod_auth_basic and mod_auth_digest'
    unless need_module(qw(auth_basic auth_digest));

my $alice = basic('alice', 'secret');     # not in group staff
my $bob   = basic('bob', 'builder');      # in group staff
my $bchal = 'Basic realm="HiddenBasic"';  # mod_auth_basic's own challenge

sub get {
    my ($path, $auth) = @_;
    $auth = $auth->(GET => $path) if ref $auth;
    return req(GET => $path, defined $auth ? (Authorization => $auth) : ());
}

# ------------------------------------------------------------ Basic ---
my $p = '/hide/basic-denied/ok.txt';
my $r = get($p);
is($r->{status}, 401, 'Basic + Hide Denied, no credentials: 401');
is_deeply([challenges($r)], [$bchal], 'Basic + Hide Denied: mod_auth_basic challenge untouched');
$r = get($p, basic('bob', 'wrong'));
is($r->{status}, 401, 'Basic + Hide Denied, wrong password: 401');
is_deeply([challenges($r)], [$bchal], 'Basic + Hide Denied, wrong password: challenge untouched');
$r = get($p, $alice);
is($r->{status}, 404, 'Basic + Hide Denied, non-member: 404');
is_deeply([challenges($r)], [], 'Basic + Hide Denied, non-member: no re-challenge');
is(get($p, $bob)->{status}, 200, 'Basic + Hide Denied, member: 200');
same_as_genuine($p, $alice, 'Basic + Hide Denied, non-member');

$p = '/hide/basic-always/ok.txt';
is(get($p, $bob)->{status}, 200, 'Basic + Hide Always, member up front: 200');
for my $c ([undef, 'no credentials'], [$alice, 'non-member'],
           [basic('bob', 'wrong'), 'wrong password'],
           [basic('mallory', 'x'), 'unknown user'], ['Basic %%%', 'malformed'],
           ['Bearer abc', 'another scheme']) {
    $r = get($p, $c->[0]);
    is($r->{status}, 404, "Basic + Hide Always, $c->[1]: 404");
    is_deeply([challenges($r)], [], "Basic + Hide Always, $c->[1]: no challenge");
}
same_as_genuine($p, undef, 'Basic + Hide Always, no credentials');
same_as_genuine($p, basic('bob', 'wrong'), 'Basic + Hide Always, wrong password');
same_as_genuine($p, $alice, 'Basic + Hide Always, non-member');

$p = '/hide/basic-pre/ok.txt';
for my $c ([undef, 'no credentials'], [$bob, 'valid credentials']) {
    $r = get($p, $c->[0]);
    is($r->{status}, 404, "Basic + Hide Denied, refused before authentication, $c->[1]: 404");
}
same_as_genuine($p, undef, 'Basic + Hide Denied, refused before authentication');

$p = '/hide/basic-forbid/ok.txt';
$r = get($p, $alice);
is($r->{status}, 403, 'Basic + ForbidOnDeny, non-member: 403');
is_deeply([challenges($r)], [], 'Basic + ForbidOnDeny, non-member: no re-challenge');
$r = get($p);
is($r->{status}, 401, 'Basic + ForbidOnDeny, no credentials: 401');
is_deeply([challenges($r)], [$bchal], 'Basic + ForbidOnDeny: challenge untouched');
is(get($p, basic('alice', 'wrong'))->{status}, 401, 'Basic + ForbidOnDeny, wrong password: 401');
is(get($p, $bob)->{status}, 200, 'Basic + ForbidOnDeny, member: 200');

# ----------------------------------------------------------- Digest ---
my $realm = 'HiddenDigest';
my $dchal = qr/^Digest realm="HiddenDigest", nonce="[^"]+", algorithm=MD5, qop="auth"$/;
# Digest needs a server nonce: a client of a location hidden with Always
# takes it from a location of the same realm that does challenge.
my $nonce  = digest_nonce('/hide/digest-denied/ok.txt');
my $dalice = digest_auth('alice', 'secret', $realm, $nonce);
my $dbob   = digest_auth('bob', 'builder', $realm, $nonce);
my $dwrong = digest_auth('bob', 'wrong', $realm, $nonce);
my $dnobody = digest_auth('mallory', 'x', $realm, $nonce);

$p = '/hide/digest-denied/ok.txt';
$r = get($p);
is($r->{status}, 401, 'Digest + Hide Denied, no credentials: 401');
like((challenges($r))[0] // '', $dchal, 'Digest + Hide Denied: mod_auth_digest challenge untouched');
$r = get($p, $dwrong);
is($r->{status}, 401, 'Digest + Hide Denied, wrong password: 401');
like((challenges($r))[0] // '', $dchal, 'Digest + Hide Denied, wrong password: challenge untouched');
$r = get($p, $dalice);
is($r->{status}, 404, 'Digest + Hide Denied, non-member: 404');
is_deeply([challenges($r)], [], 'Digest + Hide Denied, non-member: no re-challenge');
$r = get($p, $dbob);
is($r->{status}, 200, 'Digest + Hide Denied, member: 200');
ok($r->{headers}{'authentication-info'}, 'Digest + Hide Denied, member: Authentication-Info kept');
same_as_genuine($p, $dalice, 'Digest + Hide Denied, non-member');

$p = '/hide/digest-always/ok.txt';
is(get($p, $dbob)->{status}, 200, 'Digest + Hide Always, member up front: 200');
for my $c ([undef, 'no credentials'], [$dalice, 'non-member'],
           [$dwrong, 'wrong password'], [$dnobody, 'unknown user'],
           ['Digest username="bob"', 'incomplete'],
           [digest_auth('bob', 'builder', $realm, $nonce)->(GET => '/elsewhere'),
            'uri mismatch (400 from mod_auth_digest)'],
           [$bob, 'Basic instead']) {
    $r = get($p, $c->[0]);
    is($r->{status}, 404, "Digest + Hide Always, $c->[1]: 404");
    is_deeply([challenges($r)], [], "Digest + Hide Always, $c->[1]: no challenge");
}
same_as_genuine($p, undef, 'Digest + Hide Always, no credentials');
same_as_genuine($p, $dwrong, 'Digest + Hide Always, wrong password');
same_as_genuine($p, $dalice, 'Digest + Hide Always, non-member');

$p = '/hide/digest-pre/ok.txt';
is(get($p)->{status}, 404, 'Digest + Hide Denied, refused before authentication: 404');
is(get($p, $dbob)->{status}, 404, 'Digest + Hide Denied, refused before authentication, valid: 404');

$p = '/hide/digest-forbid/ok.txt';
$r = get($p, $dalice);
is($r->{status}, 403, 'Digest + ForbidOnDeny, non-member: 403');
is_deeply([challenges($r)], [], 'Digest + ForbidOnDeny, non-member: no re-challenge');
$r = get($p);
is($r->{status}, 401, 'Digest + ForbidOnDeny, no credentials: 401');
like((challenges($r))[0] // '', $dchal, 'Digest + ForbidOnDeny: challenge untouched');
is(get($p, $dwrong)->{status}, 401, 'Digest + ForbidOnDeny, wrong password: 401');
is(get($p, $dbob)->{status}, 200, 'Digest + ForbidOnDeny, member: 200');

# The log keeps the real cause.
my @lines = log_watch(sub { get('/hide/basic-always/ok.txt', basic('bob', 'wrong')) });
ok((grep { /\[authstatus:info\].*AS04001: hiding \/hide\/basic-always\/ok\.txt as 404 \(AuthType Basic answered 401: bad-credentials\)/ } @lines),
   'log: Always under Basic names the real cause at info');

done_testing();
