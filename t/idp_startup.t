# The first requests of a new server, while one child fetches the key set
# for all. Every child's refresh thread tries to claim the first fetch; the
# losers pause. That pause was kept where a failed fetch's back-off is, so a
# request reaching a losing child took it for a failure and was answered
# 503 at once, while the winner's fetch was still running and about to
# succeed. A request must wait for that fetch instead (bounded by timeout=).
# The provider holds the key set back 1.5 s here, so that the fetch is
# still running while requests reach every child.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_write_file t_mkdir);
use Time::HiRes qw(sleep time);
use POSIX ();
use ASIdp qw(idp_start idp_token idp_stats idp_issuer);
use ASShared qw(wait_port started server_head bearer_status);

my $vars  = Apache::Test::vars();
my $httpd = $vars->{httpd};
my $t_dir = $vars->{t_dir};
my $logs  = $vars->{t_logs};
my $port  = $vars->{port} + 51;     # after t/idp_restart.t's
my $iss   = idp_issuer();
my $ca    = "$t_dir/conf/idp/ca.pem";
my $docs  = "$t_dir/htdocs/idpstartup";
my $src   = '/jwks?s=startup&delay=1500';

sub get { return bearer_status($port, '/idpstartup/', $_[0]) }

t_mkdir($docs);
t_write_file("$docs/index.html", "startup\n");
my $conf = "$t_dir/conf/idpstartup.conf";
my $pid  = "$logs/idpstartup.pid";
my $head = server_head(port => $port, pid => $pid, log => "$logs/idpstartup_error_log",
                       loglevel => 'warn authstatus:info');
# two children, so that one fetches and the other waits
t_write_file($conf, <<"EOC");
$head
DirectoryIndex index.html
<IfModule !mpm_prefork_module>
    StartServers 2
    ServerLimit 2
    ThreadsPerChild 8
    MaxRequestWorkers 16
    MinSpareThreads 8
    MaxSpareThreads 16
</IfModule>
<IfModule mpm_prefork_module>
    StartServers 4
    MinSpareServers 4
    MaxSpareServers 4
    MaxRequestWorkers 4
</IfModule>
<Location "/idpstartup">
    AuthType AuthStatus
    AuthName "API"
    AuthStatusSchemes Bearer
    AuthStatusBearerIssuer $iss
    AuthStatusBearerKeys $iss$src ca=$ca miss=5 timeout=5
    Require valid-user
</Location>
EOC

idp_start(keys => 'a');
my $tok = idp_token();
unlink $pid;
my $out = `"$httpd" -f "$conf" -k start 2>&1`;
started($pid);
ok($? == 0 && wait_port($port), 'a server with two children starts') or diag($out);

# eight clients, started 0.2 s apart while the fetch runs, each asking
# again and again until 3 s after the start: requests keep arriving at
# every child before the set is there
pipe(my $rd, my $wr) or die "pipe: $!";
my @kids;
my $t0 = time;
for my $k (0 .. 7) {
    my $kid = fork() // die "fork: $!";
    if ($kid == 0) {
        close $rd;
        sleep($t0 + 0.2 * $k - time) if $t0 + 0.2 * $k > time;
        my $until = $t0 + 3;
        while (time < $until) {
            my $t0 = time;
            my $st = get($tok);
            syswrite($wr, sprintf("%d %.2f\n", $st, time - $t0));
        }
        POSIX::_exit(0);    # not exit: the END blocks would stop httpd and the provider
    }
    push @kids, $kid;
}
close $wr;
waitpid($_, 0) for @kids;
my %n;
my @quick503;
for (<$rd>) {
    my ($st, $secs) = split;
    $n{$st}++;
    push @quick503, $secs if $st == 503;
}
cmp_ok(($n{200} // 0), '>=', 8, 'the first requests are answered 200 once the fetch is done')
    or diag(explain(\%n));
is(($n{503} // 0), 0, 'and none is answered 503 while the fetch runs in another child')
    or diag(explain(\%n), "the first 503s after (s): @quick503[0 .. ($#quick503 < 9 ? $#quick503 : 9)]");
my $stats = idp_stats();
is($stats->{$src} // 0, 1, 'one fetch served both children') or diag(explain($stats));

system("\"$httpd\" -f \"$conf\" -k stop >/dev/null 2>&1");
for (1 .. 100) { last unless -e $pid; sleep(0.05) }
done_testing();
