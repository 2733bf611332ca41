# DPoP across servers: two httpd instances on one real redis, and two on
# one real memcached, with the same DPoP location (AuthStatusDPoPOrigin
# makes their htu the same, as behind one load balancer). A proof used at
# one server is refused at the other (its jti is in the shared store); a
# nonce one server hands out is accepted by the other (the nonce secret is
# in the store too).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_write_file);
use IO::Socket::INET;
use JSON::PP ();
use Time::HiRes qw(sleep);
use ASIdp qw(idp_start idp_stop idp_issuer idp_ca idp_node);

my $vars  = Apache::Test::vars();
my $httpd = $vars->{httpd};
my $t_dir = $vars->{t_dir};
my $logs  = $vars->{t_logs};
my $base  = $vars->{port};
# next to t/throttle_shared.t's ports, none of them the same
my %port = (mc_a => $base + 45, mc_b => $base + 46, rd_a => $base + 47,
            rd_b => $base + 48, memcached => $base + 2702, redis => $base - 2248);
my $iss = idp_issuer();
my $origin = 'https://api.test';
my $url = "$origin/dpop-shared/x";

use ASShared qw(which wait_port started server_head);
sub get {
    my ($port, $token, $proof) = @_;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) or return (0, '');
    print $s "GET /dpop-shared/x HTTP/1.1\r\nHost: localhost\r\n"
           . "Authorization: DPoP $token\r\nDPoP: $proof\r\nConnection: close\r\n\r\n";
    my $resp = '';
    while (sysread($s, my $buf, 8192)) { $resp .= $buf }
    close $s;
    my ($status) = $resp =~ m{^HTTP/\S+ (\d{3})};
    my ($head) = split /\r\n\r\n/, $resp, 2;
    return ($status // 0, $head // '');
}
sub proofs {
    my ($nonce) = @_;
    return idp_node('dpop-tool.mjs', 'proofs', $iss, $url, 'https://rs.test/api',
                    defined $nonce ? $nonce : ());
}
sub start_httpd {
    my ($name, $port, $store) = @_;
    my $conf = "$t_dir/conf/dpopshared_$name.conf";
    my $pid  = "$logs/dpopshared_$name.pid";
    my $head = server_head(port => $port, pid => $pid,
                           log => "$logs/dpopshared_${name}_error_log");
    t_write_file($conf, <<"EOC");
$head
$store
<IfModule !mpm_prefork_module>
    StartServers 1
    ServerLimit 1
    ThreadsPerChild 4
    MaxRequestWorkers 4
    MinSpareThreads 1
    MaxSpareThreads 4
</IfModule>
AliasMatch ^/dpop-shared(/.*)?\$ "$t_dir/htdocs/idp/index.html"
<Location /dpop-shared>
    AuthType AuthStatus
    AuthName "API"
    AuthStatusSchemes DPoP
    AuthStatusBearerIssuer $iss
    AuthStatusBearerAudience https://rs.test/api
    AuthStatusBearerKeys discover ca=$t_dir/conf/idp/ca.pem miss=1 timeout=3
    AuthStatusDPoPOrigin $origin
    AuthStatusDPoPNonce On
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
    system("\"$httpd\" -f \"$t_dir/conf/dpopshared_$name.conf\" -k stop >/dev/null 2>&1");
    for (1 .. 100) { last unless -e "$logs/dpopshared_$name.pid"; sleep(0.05) }
}

idp_start(keys => 'a');

sub pair {
    my ($label, $a, $b) = @_;
    # a nonce from A
    my $p0 = proofs();
    my ($st, $head);
    for (1 .. 20) {     # the first request may wait for the keys
        ($st, $head) = get($a, $p0->{token}, $p0->{good});
        last if $st == 401 && $head =~ /use_dpop_nonce/;
        sleep 0.25;
    }
    is($st, 401, "$label: no nonce at A: 401");
    my ($nonce) = $head =~ /^DPoP-Nonce: (\S+)\r?$/m;
    ok($nonce, "$label: A hands out a nonce");
    my $p = proofs($nonce);
    for (1 .. 20) {
        ($st) = get($b, $p->{token}, $p->{good});
        last if $st != 503;
        sleep 0.25;
    }
    is($st, 200, "$label: A's nonce accepted by B");
    ($st, $head) = get($a, $p->{token}, $p->{good});
    is($st, 401, "$label: the same proof at A: 401");
    like($head, qr/error="invalid_dpop_proof"/, "$label: invalid_dpop_proof (replay across servers)");
    ($st) = get($a, $p->{token}, $p->{good2});
    is($st, 200, "$label: a fresh proof at A: 200");
}

for my $c ([ 'redis', 'redis-server', $port{redis}, $port{rd_a}, $port{rd_b},
             sub { ('--port', $port{redis}, '--bind', '127.0.0.1', '--daemonize', 'yes',
                    '--pidfile', $_[0], '--dir', $logs, '--save', '', '--appendonly', 'no',
                    '--logfile', "$logs/dpopshared_redis.log") } ],
           [ 'memcache', 'memcached', $port{memcached}, $port{mc_a}, $port{mc_b},
             sub { ('-d', '-l', '127.0.0.1', '-p', $port{memcached}, '-U', '0', '-m', '8',
                    '-P', $_[0]) } ]) {
    my ($prov, $binname, $sport, $a, $b, $args) = @$c;
    SKIP: {
        my $bin = which($binname);
        skip "$binname is not installed", 7 unless $bin;
        my $pid = "$logs/dpopshared_$prov.pid";
        unlink $pid;
        system($bin, $args->($pid));
        started($pid);
        ok(wait_port($sport), "$binname listens") or skip "$binname did not start", 6;
        my $store = "AuthStatusStore $prov:127.0.0.1:$sport";
        my $up = start_httpd("${prov}_a", $a, $store) && start_httpd("${prov}_b", $b, $store);
        ok($up, "two httpd instances on one $binname") or skip 'no httpd', 5;
        pair($prov, $a, $b);
        stop_httpd("${prov}_$_") for qw(a b);
    }
}

idp_stop();
done_testing();
