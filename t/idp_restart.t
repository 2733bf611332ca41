# A restart while the identity provider is down. The key sets live in the
# store (shmcb), which a restart makes anew, and every child is new: before,
# a graceful restart during an outage (logrotate's nightly reload does one)
# turned a server that was verifying tokens with its last good set into one
# answering 503 to all of them until the provider came back. The parent now
# carries the fetched sets over the restart; a full stop and start, a new
# parent, has nothing to carry (documented), and this test shows that too,
# which is also what makes the restarts' 200s mean something. Sixty more
# sources fill the store's keys part: every one is carried and served (the
# part's earlier sizing, 2 subcaches of 15 slots, kept 30).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_write_file t_mkdir);
use Time::HiRes qw(sleep time);
use ASIdp qw(idp_start idp_stop idp_token idp_issuer);
use ASShared qw(wait_port started server_head bearer_status);

my $vars  = Apache::Test::vars();
my $httpd = $vars->{httpd};
my $t_dir = $vars->{t_dir};
my $logs  = $vars->{t_logs};
my $port  = $vars->{port} + 50;     # after t/idp_lazy.t's
my $deadport = $vars->{port} + 52;  # after t/idp_startup.t's
my $iss   = idp_issuer();
my $ca    = "$t_dir/conf/idp/ca.pem";
my $docs  = "$t_dir/htdocs/idprestart";
my $elog  = "$logs/idprestart_error_log";

sub get {
    my ($token, $path) = @_;
    return bearer_status($port, "/idprestart/$path/", $token);
}

sub log_count {
    my ($re) = @_;
    open(my $fh, '<', $elog) or return 0;
    my $n = grep { /$re/ } <$fh>;
    close $fh;
    return $n;
}

# the new generation is serving: its "resuming normal operations" line
sub restart {
    my ($how) = @_;
    my $before = log_count(qr/resuming normal operations/);
    my $out = `"$httpd" -f "$t_dir/conf/idprestart.conf" -k $how 2>&1`;
    for (1 .. 200) { last if log_count(qr/resuming normal operations/) > $before; sleep 0.05 }
    sleep 0.5;      # the old generation's children leave
    return log_count(qr/resuming normal operations/) > $before;
}

t_mkdir("$docs/$_") for qw(url discover);
t_write_file("$docs/$_/index.html", "$_\n") for qw(url discover);
# and sixty sources more, each a key set of its own in the store
my $many = 60;
my $many_conf = '';
for my $i (1 .. $many) {
    t_mkdir("$docs/many$i");
    t_write_file("$docs/many$i/index.html", "$i\n");
    $many_conf .= <<"EOL";
<Location "/idprestart/many$i">
    AuthType AuthStatus
    AuthName "API"
    AuthStatusSchemes Bearer
    AuthStatusBearerIssuer $iss
    AuthStatusBearerKeys $iss/jwks?s=many$i ca=$ca refresh=3600 miss=1 timeout=2
    Require valid-user
</Location>
EOL
}
sub many_ok { my ($t) = @_; scalar grep { get($t, "many$_") == 200 } 1 .. $many }
my $conf = "$t_dir/conf/idprestart.conf";
my $pid  = "$logs/idprestart.pid";
my $head = server_head(port => $port, pid => $pid, log => $elog,
                       loglevel => 'warn authstatus:info');
# the refresh is due long after the test, so no routine fetch happens
t_write_file($conf, <<"EOC");
$head
DirectoryIndex index.html
<Location "/idprestart/url">
    AuthType AuthStatus
    AuthName "API"
    AuthStatusSchemes Bearer
    AuthStatusBearerIssuer $iss
    AuthStatusBearerKeys $iss/jwks?s=restart ca=$ca refresh=3600 miss=1 timeout=2
    Require valid-user
</Location>
# a server whose store is a memcached that is not there: nothing is
# carried into it (the sets came from the shmcb store, and go back there)
Listen 127.0.0.1:$deadport
<VirtualHost 127.0.0.1:$deadport>
    AuthStatusStore memcache:127.0.0.1:9
    <Location "/idprestart/url">
        AuthType AuthStatus
        AuthName "Dead"
        AuthUserFile "$t_dir/conf/auth/htpasswd"
        AuthStatusThrottle 3 60
        Require valid-user
    </Location>
</VirtualHost>
$many_conf
<Location "/idprestart/discover">
    AuthType AuthStatus
    AuthName "API"
    AuthStatusSchemes Bearer
    AuthStatusBearerIssuer $iss
    AuthStatusBearerKeys discover ca=$ca refresh=3601 miss=1 timeout=2
    Require valid-user
</Location>
EOC

idp_start(keys => 'a');
my $tok = idp_token();
unlink $pid, $elog;
my $out = `"$httpd" -f "$conf" -k start 2>&1`;
started($pid);
ok($? == 0 && wait_port($port), 'the server starts') or diag($out);

is(get($tok, 'url'), 200, 'provider up: a jwks_uri source verifies');
is(get($tok, 'discover'), 200, 'and a discover source');
my $n = 0;
for (1 .. 40) { $n = many_ok($tok); last if $n == $many; sleep 0.25 }
is($n, $many, "and $many sources more, each with its own set in the store");
idp_stop();
is(get($tok, 'url'), 200, 'provider down: the last good set serves');

ok(restart('graceful'), 'a graceful restart, the provider still down');
is(get($tok, 'url'), 200, 'after it, the jwks_uri source still verifies (was 503: the set was gone)');
is(get($tok, 'discover'), 200, 'and the discover source');
is(many_ok($tok), $many, "and every one of the $many others: the keys part held them all");
my $total = $many + 2;
cmp_ok(log_count(qr/AS07012: $total entries carried over the restart into store shmcb \(keys\)/), '>=', 1,
       "the error log says all $total sets were carried into the keys segment (AS07012)");
is(log_count(qr/AS07012.*memcache|AS07001/), 0,
   'nothing was written into the other server\'s store (its failure would use up its once-a-minute warning)');
is(log_count(qr/AS09002/), 0, 'no source was ever without keys (no AS09002)');

ok(restart('restart'), 'a plain restart (all children killed at once), the provider still down');
is(get($tok, 'url'), 200, 'still verifies: carried again');
is(get($tok, 'discover'), 200, 'both sources');

# a new parent process has nothing to carry: 503 until the provider is back
system("\"$httpd\" -f \"$conf\" -k stop >/dev/null 2>&1");
for (1 .. 100) { last unless -e $pid; sleep(0.05) }
$out = `"$httpd" -f "$conf" -k start 2>&1`;
ok($? == 0 && wait_port($port), 'stopped and started again, the provider still down') or diag($out);
is(get($tok, 'url'), 503, 'a new parent carries nothing: 503 keys-unavailable (documented)');

idp_start(keys => 'a');
my $st = 0;
for (1 .. 40) { $st = get($tok, 'url'); last if $st == 200; sleep 0.25 }
is($st, 200, 'the provider back: 200 again');

system("\"$httpd\" -f \"$conf\" -k stop >/dev/null 2>&1");
for (1 .. 100) { last unless -e $pid; sleep(0.05) }
done_testing();
