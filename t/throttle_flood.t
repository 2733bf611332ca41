# The throttle holds against the attacker's own traffic (OWASP ASVS V2.2.1:
# a brute-force limit must not be resettable by the attacker). The store
# is a hash table of subcaches that drop their oldest entries when full;
# neither failed attempts under other user names nor the cache entries of
# successful requests may push a locked counter out.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

Apache::TestRequest::module('authstatus_flood');

sub from {
    my ($ip, $path, @h) = @_;
    return req(GET => $path, 'X-Forwarded-For' => $ip, @h);
}

# --- 1: a locked user stays locked while others are guessed ----------------
# victim is locked by 5 wrong passwords from 5 addresses
for my $i (1 .. 5) {
    my $r = from("10.1.0.$i", '/flood/ok.txt', Authorization => basic('victim', "wrong$i"));
    is($r->{status}, 401, "wrong password $i for victim: 401");
}
my $r = from('10.1.0.9', '/flood/ok.txt', Authorization => basic('victim', 'right'));
is($r->{status}, 429, 'victim is locked: even the right password gets 429');
# then 1200 failed attempts for made-up user names, from 400 addresses
# (3 each, under the address limit): 1600 new counters
my %seen;
for my $n (0 .. 1199) {
    my $ip = sprintf('10.2.%d.%d', int($n / 3) / 250, 1 + (int($n / 3) % 250));
    my $r = from($ip, '/flood/ok.txt', Authorization => basic("guess$n", 'x'));
    $seen{$r->{status}}++;
}
is_deeply(\%seen, { 401 => 1200 }, 'the made-up users all get 401');
$r = from('10.1.0.10', '/flood/ok.txt', Authorization => basic('victim', 'right'));
is($r->{status}, 429, 'victim is still locked after 1600 other counters');
ok($r->{headers}{'retry-after'}, 'with Retry-After');

# --- 2: cache entries of successful requests do not unlock an address -----
# 4 wrong guesses from one address, then 600 successes with remembered
# credentials at distinct URLs (each writes a cache entry), then a fifth
# guess: the address has used up its 5 and the sixth attempt is refused
my $ip = '10.3.0.1';
for my $i (1 .. 4) {
    $r = from($ip, '/floodcache/ok.txt', Authorization => basic('flooder', "g$i"));
    is($r->{status}, 401, "guess $i: 401");
}
%seen = ();
for my $n (1 .. 600) {
    $r = from('10.3.1.1', "/floodcache/d$n/ok.txt", Authorization => basic('member', 'member-pw'));
    $seen{$r->{status}}++;
}
ok(!$seen{401} && !$seen{429} && !$seen{500}, '600 successful requests at distinct URLs')
    or diag(explain(\%seen));
$r = from($ip, '/floodcache/ok.txt', Authorization => basic('flooder', 'g5'));
is($r->{status}, 401, 'guess 5: 401 (the counter reached the limit)');
$r = from($ip, '/floodcache/ok.txt', Authorization => basic('flooder', 'g6'));
is($r->{status}, 429, 'guess 6: 429, the cache churn did not reset the count');

# --- 3: a locked address stays locked through cache churn ------------------
for my $n (601 .. 1200) {
    from('10.3.1.1', "/floodcache/d$n/ok.txt", Authorization => basic('member', 'member-pw'));
}
$r = from($ip, '/floodcache/ok.txt', Authorization => basic('member', 'member-pw'));
is($r->{status}, 429, 'the locked address is still refused, right password or not');

# --- 4: concurrent guesses: at most `count` reach the password check --------
# 60 wrong passwords for one user at once (limit 5): each attempt is counted
# before its password is checked, so at most 5 are ever checked (401) and
# the rest are refused without a check (429).
my @kids;
pipe(my $rd, my $wr) or die "pipe: $!";
for my $i (1 .. 60) {
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) {
        close $rd;
        my $r = from("10.4.0.$i", '/floodrace/ok.txt', Authorization => basic('racer', "wrong$i"));
        syswrite($wr, "$r->{status}\n");
        exit 0;
    }
    push @kids, $pid;
}
close $wr;
waitpid($_, 0) for @kids;
my %race;
$race{$_}++ for map { chomp; $_ } <$rd>;
is(($race{401} // 0) + ($race{429} // 0), 60, '60 concurrent guesses: each 401 or 429')
    or diag(explain(\%race));
cmp_ok($race{401} // 0, '<=', 5, 'at most 5 passwords were checked')
    or diag(explain(\%race));
$r = from('10.4.1.1', '/floodrace/ok.txt', Authorization => basic('racer', 'race-pw'));
is($r->{status}, 429, 'and the user is locked');

# --- 5: one user however it is spelt, one IPv6 client per /64 --------------
# Case- and space-insensitive providers (LDAP, dbd on MySQL) take these for
# one user: so does the counter.
my @spellings = ('Member', 'member ', ' MEMBER', "\x{ff2d}\x{ff25}\x{ff2d}\x{ff22}\x{ff25}\x{ff32}", 'mEmBeR');
for my $i (0 .. $#spellings) {
    my $u = $spellings[$i];
    utf8::encode($u);
    $r = from("10.5.0.$i", '/flood/ok.txt', Authorization => basic($u, 'wrong'));
    is($r->{status}, 401, "wrong password as '$spellings[$i]': 401") if $i < 4;
}
$r = from('10.5.1.1', '/flood/ok.txt', Authorization => basic('member', 'member-pw'));
is($r->{status}, 429, 'five spellings of one user are one counter: locked');
# an IPv6 client is its /64 (AuthStatusThrottleIPv6Prefix 64)
for my $i (1 .. 5) {
    $r = from("2001:db8:1:2::$i", '/flood/ok.txt', Authorization => basic("v6guess$i", 'x'));
    is($r->{status}, 401, "guess $i from 2001:db8:1:2::$i: 401");
}
$r = from('2001:db8:1:2:ffff::9', '/flood/ok.txt', Authorization => basic('v6other', 'x'));
is($r->{status}, 429, 'another address of the same /64: 429');
$r = from('2001:db8:1:3::1', '/flood/ok.txt', Authorization => basic('v6other', 'x'));
is($r->{status}, 401, 'the next /64 is another client: 401');

Apache::TestRequest::module('default');
done_testing();
