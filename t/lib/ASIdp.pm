package ASIdp;
# The identity provider of the resource-server tests: oidc-provider
# (t/idp/idp.mjs) over TLS on 127.0.0.1:$AS_IDP_PORT with the test CA of
# t/tools/mkidp, started and stopped by the tests themselves (rotation is a
# restart with other keys, an outage a stop), and tokens from its token
# endpoint.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use JSON::PP ();
use IO::Socket::INET ();
use Time::HiRes qw(sleep time);
use Apache::Test ();

our @EXPORT_OK = qw(idp_start idp_stop idp_token idp_revoke idp_stats
                    idp_issuer idp_ca idp_wait_log idp_node);

my $vars = Apache::Test::vars();
my $t    = $vars->{t_dir};
my $port = $ENV{AS_IDP_PORT} || 8829;
my $dir  = "$t/conf/idp";
my $pid;

sub idp_issuer { "https://127.0.0.1:$port" }
sub idp_ca     { "$dir/ca.pem" }

# idp_node('dpop-tool.mjs', args...): run one of the node clients of t/idp
# (trusting the test CA) and return the JSON object of its first line that
# starts with "{", or { error => its whole output }.
sub idp_node {
    my ($script, @args) = @_;
    local $ENV{NODE_EXTRA_CA_CERTS} = idp_ca();
    open(my $fh, '-|', 'node', "$t/idp/$script", @args) or die "node: $!";
    my $out = do { local $/; <$fh> };
    close $fh;
    my ($line) = grep { /^\{/ } split /\n/, $out // '';
    return eval { JSON::PP::decode_json($line // '') } || { error => $out };
}

sub _up {
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                  Timeout => 1);
    return $s ? 1 : 0;
}

# idp_start(keys => 'a', mode => 'normal'): a fresh provider (tokens of an
# earlier one are not known to it: its store is in memory).
sub idp_start {
    my (%o) = @_;
    my $keys = $o{keys} || 'a';
    my $mode = $o{mode} || 'normal';
    idp_stop();
    my $log = "$t/logs/idp.log";
    $pid = fork();
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        open(STDOUT, '>>', $log) or die "$log: $!";
        open(STDERR, '>&', \*STDOUT);
        exec('node', "$t/idp/idp.mjs", '--port', $port,
             '--cert', "$dir/server.pem", '--key', "$dir/server.key",
             '--keys', "$dir/keys-$keys.json", '--mode', $mode)
            or die "node: $!";
    }
    my $until = time + 30;
    while (time < $until) {
        return 1 if _up();
        sleep 0.1;
    }
    die "the identity provider did not start (see $log)";
}

sub idp_stop {
    return unless $pid;
    kill 'TERM', $pid;
    waitpid($pid, 0);
    $pid = undef;
    my $until = time + 10;
    sleep 0.05 while _up() && time < $until;
}

END { idp_stop() }

sub _curl {
    my (@args) = @_;
    open(my $fh, '-|', 'curl', '-s', '--cacert', idp_ca(), @args)
        or die "curl: $!";
    my $out = do { local $/; <$fh> };
    close $fh;
    return $out;
}

# idp_token(resource => URL, scope => 'read'): a client-credentials access
# token of rs-client for the resource (JWT, or opaque when the resource
# says "opaque"; RS256 when it says "rs256").
sub idp_token {
    my (%o) = @_;
    my $out = _curl('-u', 'rs-client:rs-client-secret',
                    '-d', 'grant_type=client_credentials',
                    '-d', 'resource=' . ($o{resource} || 'https://rs.test/api'),
                    '-d', 'scope=' . ($o{scope} || 'read'),
                    idp_issuer() . '/token');
    my $j = eval { JSON::PP::decode_json($out) } || {};
    die "no token from the provider: $out" unless $j->{access_token};
    return $j->{access_token};
}

sub idp_revoke {
    my ($token) = @_;
    _curl('-u', 'rs-client:rs-client-secret', '-d', "token=$token",
          idp_issuer() . '/token/revocation');
}

# How often each path was asked for, since this provider started.
sub idp_stats {
    my $out = _curl(idp_issuer() . '/_stats');
    return eval { JSON::PP::decode_json($out) } || {};
}

# Wait until the error log matches re (up to secs); 1 if it did.
sub idp_wait_log {
    my ($re, $secs) = @_;
    my $until = time + ($secs || 10);
    while (time < $until) {
        if (open(my $fh, '<', "$t/logs/error_log")) {
            local $/;
            my $log = <$fh>;
            return 1 if $log =~ $re;
        }
        sleep 0.2;
    }
    return 0;
}

1;
