# AuthStatusThrottle: failed attempts counted per client address and per
# user name in the shmcb store; 429 with Retry-After before any provider
# runs; recovery after the window; the store failing opens the gate.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use Time::HiRes qw(time sleep);
use ASTest;

Apache::TestRequest::module('authstatus_throttle');

my $ok = '/throttle/ok.txt';
my $window = 3;    # AuthStatusThrottle 3 3

# A request from a client address of our choosing (mod_remoteip).
sub from {
    my ($ip, $method, $path, @h) = @_;
    return req($method, $path, 'X-Forwarded-For' => $ip, @h);
}
sub retry_after { my ($r) = @_; return ($r->{headers}{'retry-after'} || [undef])->[0] }

# --- per client address ---------------------------------------------------
my $ip = '192.0.2.10';
my $r = from($ip, GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'a good password passes');
is(($r->{headers}{'x-client'} || [''])->[0], $ip, 'mod_remoteip gave the client address');
my $t0 = time;
my @lines = log_watch(sub {
    for my $u (qw(u1 u2 u3)) {
        $r = from($ip, GET => $ok, Authorization => basic($u, 'wrong'));
        is($r->{status}, 401, "failed attempt by $u: still 401");
    }
});
is(scalar(grep { /AS07021/ } @lines), 0, 'no throttling line for the attempts themselves');
@lines = log_watch(sub {
    $r = from($ip, GET => $ok, Authorization => basic('alice', 'secret'));
});
is($r->{status}, 429, 'address after 3 failures: 429 even with the right password');
is(reason($r), 'throttled', 'AUTHSTATUS_REASON=throttled');
is_deeply([challenges($r)], [], '429 carries no challenge');
my $ra = retry_after($r);
ok(defined $ra && $ra =~ /^\d+$/ && $ra >= 1 && $ra <= $window,
   "Retry-After is 1..$window seconds") or diag("Retry-After: " . ($ra // 'none'));
my ($warn) = grep { /AS07021/ } @lines;
ok($warn, 'a throttling line is logged');
like($warn // '', qr/\[authstatus:warn\]/, 'at warn level');
like($warn // '', qr/client 192\.0\.2\.10: address '192\.0\.2\.10'/, 'naming the client and the address key');
unlike(join('', @lines), qr/secret/, 'no password in the log');

$r = from($ip, HEAD => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 429, 'HEAD: 429 too');
ok(defined retry_after($r), 'HEAD: Retry-After');
$r = from($ip, GET => $ok, Authorization => 'Basic %%%');
is($r->{status}, 429, 'malformed credentials from a locked address: 429');
$r = from($ip, GET => $ok);
is($r->{status}, 401, 'no credentials from a locked address: the usual 401');
is(reason($r), 'no-credentials', 'reason no-credentials');

$r = from('192.0.2.11', GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'another address is not affected');
$r = from($ip, GET => '/throttle/off/ok.txt', Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'AuthStatusThrottle Off in a sub-location: not throttled');

# --- the provider is not called while throttled ---------------------------
@lines = log_watch(sub {
    $r = from($ip, GET => '/throttle/broken/', Authorization => basic('alice', 'secret'));
});
is($r->{status}, 429, 'locked address at a location whose provider fails: 429');
is(scalar(grep { /AH01620/ } @lines), 0, 'the provider was not called');
@lines = log_watch(sub {
    $r = from('192.0.2.12', GET => '/throttle/broken/', Authorization => basic('alice', 'secret'));
});
is($r->{status}, 500, 'the same request from another address reaches the provider (500)');
ok(scalar(grep { /AH01620/ } @lines), 'and the provider logs that it was called');

# --- Retry-After counts down, and the window frees ------------------------
sleep(1.1);
$r = from($ip, GET => $ok, Authorization => basic('alice', 'secret'));
my $ra2 = retry_after($r);
is($r->{status}, 429, 'a second later: still 429') ;
ok(defined $ra2 && $ra2 >= 1 && $ra2 < $ra + 0 || (defined $ra2 && $ra2 == 1),
   "Retry-After went down ($ra then " . ($ra2 // 'none') . ")");
my $wait = $t0 + $window - time;
sleep($wait + 0.3) if $wait > -0.3;
$r = from($ip, GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'after the window: the right password passes again');
is(reason($r), 'ok', 'reason ok');

# --- per user name, whatever the address ----------------------------------
my @ips = map { "198.51.100.$_" } 1 .. 3;
for my $a (@ips) {
    $r = from($a, GET => $ok, Authorization => basic('bob', 'wrong'));
    is($r->{status}, 401, "bob fails from $a: 401");
}
@lines = log_watch(sub {
    $r = from('198.51.100.9', GET => $ok, Authorization => basic('bob', 'secret'));
});
is($r->{status}, 429, 'bob after 3 failures from 3 addresses: 429 from a fourth');
ok(retry_after($r), 'with Retry-After');
($warn) = grep { /AS07021/ } @lines;
like($warn // '', qr/client 198\.51\.100\.9: user 'bob'/, 'the line names the client and the user key');
$r = from('198.51.100.9', GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'alice from that address is not affected');

# a long user name is logged cut, never whole
my $long = 'eve"' . ('x' x 200);
for my $a (map { "203.0.113.$_" } 1 .. 3) {
    from($a, GET => $ok, Authorization => basic($long, 'wrong'));
}
@lines = log_watch(sub {
    $r = from('203.0.113.9', GET => $ok, Authorization => basic($long, 'wrong'));
});
is($r->{status}, 429, 'a long user name is throttled too');
($warn) = grep { /AS07021/ } @lines;
ok($warn && $warn !~ /x{100}/ && $warn =~ /x{60}\.\.\./, 'its name is cut in the log');
like($warn // '', qr/user 'eve"x/, 'starting with the name as sent');

# --- successes do not reset; malformed credentials count -----------------
$ip = '192.0.2.30';
from($ip, GET => $ok, Authorization => basic('carol', 'wrong')) for 1 .. 2;
$r = from($ip, GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'a success between failures passes');
$r = from($ip, GET => $ok, Authorization => basic('dave', 'wrong'));
is($r->{status}, 401, 'third failure: 401');
$r = from($ip, GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 429, 'the success did not reset the count: 429');

$ip = '192.0.2.40';
for (1 .. 3) {
    $r = from($ip, GET => $ok, Authorization => 'Basic ' . b64('no-colon'));
    is($r->{status}, 400, 'malformed credentials: 400');
}
$r = from($ip, GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 429, 'three malformed attempts lock the address');

# --- counters are shared by every location of the store ------------------
$r = from('192.0.2.30', GET => '/throttle/hidden/', Authorization => basic('alice', 'secret'));
is($r->{status}, 404, 'AuthStatusHide Always: a locked address gets the 404');
ok(!defined retry_after($r), 'without Retry-After, which would give it away');

# --- .htaccess ------------------------------------------------------------
$ip = '192.0.2.80';
for (1 .. 2) {
    $r = from($ip, GET => '/throttle_ht/ok.txt', Authorization => basic('alice', 'nope'));
    is($r->{status}, 401, '.htaccess: failed attempt');
}
$r = from($ip, GET => '/throttle_ht/ok.txt', Authorization => basic('alice', 'secret'));
is($r->{status}, 429, '.htaccess: AuthStatusThrottle 2 30 locks after two');

# --- a store that fails: no throttling, one warning -----------------------
Apache::TestRequest::module('authstatus_throttle_dead');
@lines = log_watch(sub {
    for (1 .. 4) {
        $r = req(GET => $ok, Authorization => basic('alice', 'wrong'));
        is($r->{status}, 401, 'store down: failed attempts get 401, never 429 or 500');
    }
    $r = req(GET => $ok, Authorization => basic('alice', 'secret'));
    is($r->{status}, 200, 'store down: the right password passes (fail open)');
});
my @w = grep { /AS07001/ } @lines;
ok(@w >= 1, 'the store failure is logged') or diag(@lines);
is(scalar(@w), 1, 'once a minute for all children, not once a request or a child');
like($w[0] // '', qr/\[authstatus:warn\].*memcache:127\.0\.0\.1:9/, 'at warn, naming the store');

# --- bad values stop startup ---------------------------------------------
my $vars = Apache::Test::vars();
my $loc = "<Location /x>\n    AuthType AuthStatus\n    AuthName X\n    %s\n</Location>\n";
my ($rc, $out) = configtest(sprintf($loc, 'AuthStatusThrottle 5 60')
                            . "AuthStatusThrottleStore shmcb\n"
                            . "<VirtualHost 127.0.0.1:1>\n"
                            . "    AuthStatusThrottleStore redis:127.0.0.1:6379\n"
                            . "</VirtualHost>\n");
is($rc, 0, 'a good configuration passes') or diag($out);
# AuthStatusStore is the store's name; AuthStatusThrottleStore its alias
($rc, $out) = configtest(sprintf($loc, 'AuthStatusCache 60')
                         . "AuthStatusStore shmcb\n"
                         . "<VirtualHost 127.0.0.1:1>\n"
                         . "    AuthStatusStore redis:127.0.0.1:6379\n"
                         . "</VirtualHost>\n");
is($rc, 0, 'AuthStatusStore in the server and a virtual host passes') or diag($out);
for my $b (
    [ 'AuthStatusThrottle 0 60',    qr/AuthStatusThrottle: count '0' is not a number between 1 and 1000000/ ],
    [ 'AuthStatusThrottle five 60', qr/AuthStatusThrottle: count 'five' is not a number/ ],
    [ 'AuthStatusThrottle 5 0',     qr/AuthStatusThrottle: '0' is not a number of seconds between 1 and/ ],
    [ 'AuthStatusThrottle 5 1m',    qr/AuthStatusThrottle: '1m' is not a number of seconds/ ],
    [ 'AuthStatusThrottle 5',       qr/AuthStatusThrottle: '5' is neither Off nor a count followed by a number of seconds/ ],
    [ 'AuthStatusThrottleStore shmcb', qr/AuthStatusThrottleStore not allowed in <Location> context/ ],
    [ 'AuthStatusStore shmcb', qr/AuthStatusStore not allowed in <Location> context/ ],
) {
    ($rc, $out) = configtest(sprintf($loc, $b->[0]));
    isnt($rc, 0, "startup fails: $b->[0]");
    like($out, $b->[1], "the message says why: $b->[0]");
}
for my $b (
    [ 'AuthStatusThrottleStore nosuch:a:b', qr/AuthStatusThrottleStore: unknown socache provider 'nosuch' in 'nosuch:a:b': load mod_socache_nosuch/ ],
    [ 'AuthStatusThrottleStore memcache', qr/AuthStatusThrottleStore: 'memcache': List of server names required/ ],
    [ 'AuthStatusStore nosuch:a:b', qr/AuthStatusStore: unknown socache provider 'nosuch' in 'nosuch:a:b': load mod_socache_nosuch/ ],
    [ 'AuthStatusStore :11211', qr/AuthStatusStore: ':11211' names no socache provider/ ],
    [ 'AuthStatusStore mem/cache', qr/AuthStatusStore: 'mem\/cache': 'mem\/cache' is not a socache provider name/ ],
) {
    ($rc, $out) = configtest($b->[0]);
    isnt($rc, 0, "startup fails: $b->[0]");
    like($out, $b->[1], "the message says why: $b->[0]");
}
# the default store needs mod_socache_shmcb
open(my $fh, '<', "$vars->{t_conf}/inherit.conf") or die $!;
my $mods = join '', grep { !/socache_shmcb/ } <$fh>;
close $fh;
($rc, $out) = configtest(sprintf($loc, 'AuthStatusThrottle 5 60'), $mods);
isnt($rc, 0, 'startup fails: throttling without mod_socache_shmcb');
like($out, qr/AS07003: .*load mod_socache_shmcb .*or name another provider with AuthStatusStore/,
     'the message says what to load');
($rc, $out) = configtest(sprintf($loc, 'AuthStatusThrottle Off'), $mods);
is($rc, 0, 'AuthStatusThrottle Off needs no store') or diag($out);
($rc, $out) = configtest(sprintf($loc, 'AuthStatusThrottle 5 60')
                         . "AuthStatusThrottleStore memcache:127.0.0.1:11211\n", $mods);
is($rc, 0, 'another store needs no shmcb') or diag($out);

done_testing();
