# A server whose own configuration names no identity provider, and a
# .htaccess file that does: its key source is made on the first request,
# and this child's refresh thread starts with it. So a set that could not
# be fetched at that request is fetched in the background once the provider
# answers (and, the same thread, refreshed ahead of expiry), not left to
# the next request or to an unknown kid.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_write_file t_mkdir);
use Time::HiRes qw(sleep time);
use ASIdp qw(idp_start idp_stop idp_token idp_stats idp_issuer);
use ASShared qw(wait_port started server_head bearer_status);

my $vars  = Apache::Test::vars();
my $httpd = $vars->{httpd};
my $t_dir = $vars->{t_dir};
my $logs  = $vars->{t_logs};
my $port  = $vars->{port} + 49;     # after t/dpop_shared.t's
my $iss   = idp_issuer();
my $docs  = "$t_dir/htdocs/idplazy";

sub get {
    my ($token, $dir) = @_;
    return bearer_status($port, '/' . ($dir // 'idplazy') . '/', $token);
}

t_mkdir($docs);
t_write_file("$docs/index.html", "lazy\n");
t_write_file("$docs/.htaccess", <<"EOH");
AuthType AuthStatus
AuthName "API"
AuthStatusSchemes Bearer
AuthStatusBearerIssuer $iss
AuthStatusBearerKeys $iss/jwks?s=lazy ca=$t_dir/conf/idp/ca.pem miss=1 timeout=2
Require valid-user
EOH
# a second one, first asked while the provider is up: its first request
# and the refresh thread the new source wakes both want to fetch
my $docs2 = "$t_dir/htdocs/idplazy2";
t_mkdir($docs2);
t_write_file("$docs2/index.html", "lazy2\n");
t_write_file("$docs2/.htaccess", <<"EOH");
AuthType AuthStatus
AuthName "API"
AuthStatusSchemes Bearer
AuthStatusBearerIssuer $iss
AuthStatusBearerKeys $iss/jwks?s=lazy2 ca=$t_dir/conf/idp/ca.pem miss=1 timeout=2
Require valid-user
EOH
my $conf = "$t_dir/conf/idplazy.conf";
my $pid  = "$logs/idplazy.pid";
my $head = server_head(port => $port, pid => $pid, log => "$logs/idplazy_error_log");
t_write_file($conf, <<"EOC");
$head
DirectoryIndex index.html
<IfModule !mpm_prefork_module>
    StartServers 1
    ServerLimit 1
    ThreadsPerChild 4
    MaxRequestWorkers 4
    MinSpareThreads 1
    MaxSpareThreads 4
</IfModule>
<IfModule mpm_prefork_module>
    StartServers 1
    MinSpareServers 1
    MaxSpareServers 1
    MaxRequestWorkers 1
</IfModule>
<Directory "$docs">
    AllowOverride AuthConfig
</Directory>
<Directory "$docs2">
    AllowOverride AuthConfig
</Directory>
EOC

idp_stop();
unlink $pid;
my $out = `"$httpd" -f "$conf" -k start 2>&1`;
started($pid);
ok($? == 0 && wait_port($port), 'a server naming no provider itself starts') or diag($out);

is(get(idp_token_or_fake()), 503, 'the provider down at the first request: 503 (no key set yet)');
idp_start(keys => 'a');
my $n = 0;
for (1 .. 40) {         # a failed source is retried every 5 s
    $n = idp_stats()->{'/jwks?s=lazy'} || 0;
    last if $n;
    sleep 0.25;
}
ok($n >= 1, 'the provider back: the set is fetched with no request asking (the refresh thread runs)')
    or diag("fetches: $n");
my $tok = idp_token();
is(get($tok), 200, 'then a token of the provider: 200');
is(idp_stats()->{'/jwks?s=lazy'} || 0, $n, 'and that request fetched nothing');
is(get($tok, 'idplazy2'), 200,
   'a new source, provider up: its first request waits for the fetch the refresh thread started (200, not 503)');

system("\"$httpd\" -f \"$conf\" -k stop >/dev/null 2>&1");
for (1 .. 100) { last unless -e $pid; sleep(0.05) }
done_testing();

# a JWT no key will ever verify: the request needs the set, the provider
# need not be up to make it
sub idp_token_or_fake {
    return 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Im5vbmUifQ.'
         . 'eyJzdWIiOiJ4In0.' . ('A' x 86);
}
