# Metrics: SetHandler authstatus-metrics gives Prometheus text that
# prometheus_client's parser reads, with counts that match the requests
# made exactly (summed over every child), and mod_status shows them.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASBearer;
use JSON::PP ();
use IPC::Open2 qw(open2);

my $vars = Apache::Test::vars();
plan skip_all => 'python3-prometheus-client missing'
    unless system('python3', '-c', 'import prometheus_client') == 0;

sub scrape {
    my $r = req(GET => '/authstatus-metrics');
    my $pid = open2(my $out, my $in, "$vars->{t_dir}/tools/prom-parse");
    print $in $r->{body};
    close $in;
    my $json = do { local $/; <$out> };
    waitpid($pid, 0);
    return ($r, $? >> 8, eval { JSON::PP::decode_json($json) } || {});
}
sub d {
    my ($before, $after, $key) = @_;
    return ($after->{$key} // 0) - ($before->{$key} // 0);
}
sub dec { my ($s, $reason, $scheme) = @_;
          return "authstatus_decisions_total{reason=$reason,scheme=$scheme,status=$s}" }

my ($r0, $rc0, $m0) = scrape();
is($r0->{status}, 200, 'the handler answers');
like($r0->{headers}{'content-type'}[0] // '', qr{^text/plain; version=0\.0\.4}, 'text/plain; version=0.0.4');
is($rc0, 0, 'prometheus_client parses the exposition') or diag($r0->{body});

my $path = '/metricsbasic/';
req(GET => $path) for 1 .. 7;                                       # 401 no-credentials
req(GET => $path, Authorization => basic('alice', 'wrong')) for 1 .. 3;   # 401 bad-credentials
req(GET => $path, Authorization => basic('alice', 'secret')) for 1 .. 5;  # 200 ok (then cached)
req(GET => $path, Authorization => 'Basic !!!') for 1 .. 2;         # 400 malformed
my $tok = mint('RS256', 'rsa.key.pem', claims());
req(GET => $path, Authorization => "Bearer $tok") for 1 .. 4;       # 200 ok bearer
req(GET => $path, Authorization => 'Bearer a.b.c') for 1 .. 6;      # 401 token-invalid

my ($r1, $rc1, $m1) = scrape();
is($rc1, 0, 'still parses after counting');
is(d($m0, $m1, dec(401, 'no-credentials', 'none')), 7, '7 x 401 no-credentials');
is(d($m0, $m1, dec(401, 'bad-credentials', 'basic')), 3, '3 x 401 bad-credentials (basic)');
is(d($m0, $m1, dec(200, 'ok', 'basic')), 5, '5 x 200 ok (basic)');
is(d($m0, $m1, dec(400, 'malformed', 'basic')), 2, '2 x 400 malformed (basic)');
is(d($m0, $m1, dec(200, 'ok', 'bearer')), 4, '4 x 200 ok (bearer)');
is(d($m0, $m1, dec(401, 'token-invalid', 'bearer')), 6, '6 x 401 token-invalid (bearer)');
is(d($m0, $m1, 'authstatus_cache_lookups_total{cache=credentials,result=hit}'), 4 + 3,
   'cache hits: 4 Basic and 3 Bearer after the first of each');
cmp_ok(d($m0, $m1, 'authstatus_verify_seconds_count{}'), '>=', 3 + 1 + 1 + 6,
       'verification times counted');
ok(exists $m1->{'authstatus_verify_seconds_bucket{le=+Inf}'}, 'a histogram with +Inf');
unlike($r1->{body}, qr/alice|\Q$tok\E|metricsbasic/, 'no user, token or path in any label');

# mod_status
SKIP: {
    skip 'mod_status not loaded', 2 unless Apache::Test::have_module('status');
    my $s = req(GET => '/server-status?auto');
    like($s->{body}, qr/^AuthStatus-no-credentials: \d+$/m, 'mod_status ?auto shows the counts');
    $s = req(GET => '/server-status');
    like($s->{body}, qr/mod_authstatus decisions/, 'and its page');
}
is(req(POST => '/authstatus-metrics')->{status}, 405, 'POST: 405');

# a graceful restart keeps the counts
my $pidfile = "$vars->{t_logs}/httpd.pid";
if (open(my $fh, '<', $pidfile)) {
    chomp(my $pid = <$fh>);
    kill 'USR1', $pid;
    my $until = time + 10;
    my $m2 = {};
    while (time < $until) {
        select(undef, undef, undef, 0.5);
        my ($r2, $rc2);
        ($r2, $rc2, $m2) = eval { scrape() };
        last if $r2 && $r2->{status} == 200;
    }
    is(($m2->{dec(200, 'ok', 'basic')} // 0), ($m1->{dec(200, 'ok', 'basic')} // 0),
       'after a graceful restart the counts are still there');
}
else {
    fail("no pid file $pidfile");
}
done_testing();
