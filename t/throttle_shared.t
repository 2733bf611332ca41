# Counters shared beyond one process: a real memcached and a real redis on
# loopback, each with two httpd instances of the built module counting
# together; and one prefork httpd whose children (one connection each)
# share the default shmcb store. Skips a store only when its server binary
# is missing (Debian packages memcached, redis-server; 'make test' installs
# them).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_write_file);
use IO::Socket::INET;
use MIME::Base64 qw(encode_base64);
use Time::HiRes qw(sleep);
use POSIX ();

my $vars  = Apache::Test::vars();
my $httpd = $vars->{httpd};
my $t_dir = $vars->{t_dir};
my $logs  = $vars->{t_logs};
my $base  = $vars->{port};
# within the port range of the suite's own port, well above the ports
# Apache::Test gives the virtual hosts of t/conf (one each, from +1; 8640 -> 8680..8684,
# memcached 11341, redis 6391)
my %port = (mc_a => $base + 40, mc_b => $base + 41, rd_a => $base + 42,
            rd_b => $base + 43, prefork => $base + 44,
            memcached => $base + 2701, redis => $base - 2249);

use ASShared qw(which wait_port started modules_conf server_head);



# one request on its own connection; returns (status, headers as text)
sub get {
    my ($port, $path, $ip, $user, $pw) = @_;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                  Proto => 'tcp') or return (0, '');
    my $req = "GET $path HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: $ip\r\n";
    $req .= 'Authorization: Basic ' . encode_base64("$user:$pw", '') . "\r\n" if defined $user;
    print $s "$req" . "Connection: close\r\n\r\n";
    my $resp = '';
    while (sysread($s, my $buf, 8192)) { $resp .= $buf }
    close $s;
    my ($status) = $resp =~ m{^HTTP/\S+ (\d{3})};
    my ($head) = split /\r\n\r\n/, $resp, 2;
    return ($status // 0, $head // '');
}


# Start an httpd of its own: name, port, store line, extra server lines.
sub start_httpd {
    my ($name, $port, $store, $extra, $mpm) = @_;
    my $conf = "$t_dir/conf/shared_$name.conf";
    my $pid  = "$logs/shared_$name.pid";
    my $head = server_head(port => $port, pid => $pid, mpm => $mpm,
                           log => "$logs/shared_${name}_error_log");
    t_write_file($conf, <<"EOC");
$head
RemoteIPHeader X-Forwarded-For
RemoteIPInternalProxy 127.0.0.1
$store
$extra
<Location /throttle>
    AuthType AuthStatus
    AuthName "Shared"
    AuthUserFile "$t_dir/conf/auth/htpasswd"
    AuthStatusThrottle 3 30
    Require valid-user
</Location>
EOC
    unlink $pid;
    my $out = `"$httpd" -f "$conf" -k start 2>&1`;
    started($pid);
    my $up = $? == 0 && wait_port($port);
    diag("httpd $name did not start: $out") unless $up;
    return $up;
}

sub stop_httpd {
    my ($name) = @_;
    system("\"$httpd\" -f \"$t_dir/conf/shared_$name.conf\" -k stop >/dev/null 2>&1");
    for (1 .. 100) { last unless -e "$logs/shared_$name.pid"; sleep(0.05) }
}

# small servers: the machine is shared
my $small = <<'EOC';
<IfModule !mpm_prefork_module>
    StartServers 1
    ServerLimit 1
    ThreadLimit 4
    ThreadsPerChild 4
    MaxRequestWorkers 4
    MinSpareThreads 1
    MaxSpareThreads 4
</IfModule>
<IfModule mpm_prefork_module>
    StartServers 2
    MinSpareServers 1
    MaxSpareServers 2
    MaxRequestWorkers 4
</IfModule>
EOC

# Two servers, one store: failures on either count for both.
sub shared_pair {
    my ($label, $a, $b, $key_count) = @_;
    my $ok = '/throttle/ok.txt';
    my ($st, $head);

    # per address: two failures on A, one on B lock the address on both
    ($st) = get($a, $ok, '192.0.2.50', 'u1', 'wrong');
    is($st, 401, "$label: failure 1 on server A");
    ($st) = get($a, $ok, '192.0.2.50', 'u2', 'wrong');
    is($st, 401, "$label: failure 2 on server A");
    ($st) = get($b, $ok, '192.0.2.50', 'u3', 'wrong');
    is($st, 401, "$label: failure 3 on server B");
    ($st, $head) = get($a, $ok, '192.0.2.50', 'alice', 'secret');
    is($st, 429, "$label: right password on A after 3 failures on A and B: 429");
    like($head, qr/^Retry-After: ([1-9]|[12]\d|30)\r?$/m, "$label: Retry-After 1..30");
    ($st) = get($b, $ok, '192.0.2.50', 'alice', 'secret');
    is($st, 429, "$label: and on B: 429");
    ($st) = get($b, $ok, '192.0.2.51', 'alice', 'secret');
    is($st, 200, "$label: another address passes on B");

    # per user: one failure each from three addresses, alternating servers
    ($st) = get($a, $ok, '198.51.100.61', 'bob', 'wrong');
    is($st, 401, "$label: bob fails on A");
    ($st) = get($b, $ok, '198.51.100.62', 'bob', 'wrong');
    is($st, 401, "$label: bob fails on B");
    ($st) = get($a, $ok, '198.51.100.63', 'bob', 'wrong');
    is($st, 401, "$label: bob fails on A again");
    ($st) = get($b, $ok, '198.51.100.64', 'bob', 'secret');
    is($st, 429, "$label: bob's right password on B from a fresh address: 429");
    ($st) = get($a, $ok, '198.51.100.64', 'alice', 'secret');
    is($st, 200, "$label: alice from that address passes on A");

    # the counters are in the store server, not in httpd
    my $n = $key_count->();
    ok(defined $n && $n >= 5, "$label: the store server holds the counters ("
       . ($n // 'none') . " keys)");
}

# Ask a store server one question; the first capture of $re in its answer.
sub ask {
    my ($port, $cmd, $re) = @_;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port)
        or return undef;
    print $s "$cmd\r\n";
    my $n;
    while (my $l = <$s>) {
        if ($l =~ $re) { $n = $1; last }
        last if $l =~ /^(END|-)/;
    }
    close $s;
    return $n;
}

# A store server started on loopback, two httpd instances pointed at it.
sub store_case {
    my (%c) = @_;
    SKIP: {
        my $bin = which($c{bin});
        skip "$c{bin} is not installed (Debian package $c{bin}): the $c{provider} "
             . 'store is not tested', 14 unless $bin;
        my $pid = "$logs/shared_$c{provider}.pid";
        unlink $pid;
        system($bin, $c{args}->($pid));
        started($pid);
        ok(wait_port($c{port}), "$c{bin} listens on 127.0.0.1:$c{port}")
            or skip "$c{bin} did not start", 13;
        # redis through the store's name, memcache through its old alias
        my $directive = $c{provider} eq 'redis' ? 'AuthStatusStore'
                                                : 'AuthStatusThrottleStore';
        my $store = "$directive $c{provider}:127.0.0.1:$c{port}";
        my $up = start_httpd("$c{provider}_a", $c{a}, $store, $small)
              && start_httpd("$c{provider}_b", $c{b}, $store, $small);
        ok($up, "two httpd instances share the $c{bin}") or skip 'no httpd', 12;
        shared_pair($c{provider}, $c{a}, $c{b},
                    sub { ask($c{port}, $c{question}, $c{answer}) });
        stop_httpd("$c{provider}_$_") for qw(a b);
    }
}

store_case(provider => 'memcache', bin => 'memcached', port => $port{memcached},
           a => $port{mc_a}, b => $port{mc_b},
           args => sub { ('-d', '-l', '127.0.0.1', '-p', $port{memcached},
                          '-U', '0', '-m', '8', '-P', $_[0]) },
           question => 'stats', answer => qr/^STAT curr_items (\d+)/);

store_case(provider => 'redis', bin => 'redis-server', port => $port{redis},
           a => $port{rd_a}, b => $port{rd_b},
           args => sub { ('--port', $port{redis}, '--bind', '127.0.0.1',
                          '--daemonize', 'yes', '--pidfile', $_[0],
                          '--dir', $logs, '--save', '', '--appendonly', 'no',
                          '--logfile', "$logs/shared_redis.log") },
           question => 'DBSIZE', answer => qr/^:(\d+)/);

# --- shmcb across prefork children ------------------------------------------
# One connection per child: every request is served by another process.
my $prefork = <<'EOC';
StartServers 5
MinSpareServers 5
MaxSpareServers 10
ServerLimit 10
MaxRequestWorkers 10
MaxConnectionsPerChild 1
EOC
SKIP: {
    skip 'mod_mpm_prefork.so is not available', 4
        unless modules_conf() =~ m{(\S+)mod_mpm_\w+\.so} && -e "$1mod_mpm_prefork.so";
    ok(start_httpd('prefork', $port{prefork}, '', $prefork, 'prefork'),
       'a prefork httpd with the default store starts') or skip 'no prefork httpd', 3;
    my $ok = '/throttle/ok.txt';
    my @st = map { (get($port{prefork}, $ok, '192.0.2.70', "p$_", 'wrong'))[0] } 1 .. 3;
    is("@st", '401 401 401', 'prefork: three failures, each in a new child');
    my ($st) = get($port{prefork}, $ok, '192.0.2.70', 'alice', 'secret');
    is($st, 429, 'prefork: the fourth child knows: 429');
    stop_httpd('prefork');
    open(my $fh, '<', "$logs/shared_prefork_error_log");
    my %pids = map { /\[pid (\d+)/ ? ($1 => 1) : () } grep { /AS07022/ } <$fh>;
    is(scalar(keys %pids), 3, 'the three failures were counted by three processes');
}

# none of the servers crashed or hit trouble of their own
my @bad;
for my $f (glob("$logs/shared_*error_log")) {
    open(my $fh, '<', $f) or next;
    push @bad, grep { /Segmentation fault|exit signal|\[[a-z_0-9]+:(crit|alert|emerg)\]/ } <$fh>;
}
is(scalar(@bad), 0, 'no crash or critical line in the error logs of the extra servers') or diag(@bad);

done_testing();
