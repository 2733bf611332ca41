package ASShared;
# Helpers of the tests that start servers of their own (t/throttle_shared.t,
# t/dpop_shared.t, t/idp_lazy.t, t/idp_restart.t, t/idp_startup.t):
# finding a binary, waiting for a port, stopping what was started (by pid
# file) when the test ends, the module lines and first configuration lines
# of another httpd, and the status of one request to it.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use IO::Socket::INET;
use Time::HiRes qw(sleep);
use Apache::Test ();

our @EXPORT_OK = qw(which wait_port started modules_conf server_head bearer_status);

my @pidfiles;
END {
    for my $f (@pidfiles) {
        open(my $fh, '<', $f) or next;
        my $pid = <$fh>;
        close $fh;
        kill 'TERM', $1 if defined $pid && $pid =~ /(\d+)/;
    }
}

# Remember a pid file: its process is stopped when the test ends.
sub started { push @pidfiles, @_ }

sub which {
    my ($name) = @_;
    for my $d (split /:/, "$ENV{PATH}:/usr/bin:/usr/sbin:/usr/local/bin") {
        return "$d/$name" if -x "$d/$name";
    }
    return undef;
}

sub wait_port {
    my ($port) = @_;
    for (1 .. 100) {
        my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                      Proto => 'tcp');
        if ($s) { close $s; return 1 }
        sleep(0.05);
    }
    return 0;
}

# The LoadModule lines of the suite's server, with another MPM if asked.
sub modules_conf {
    my ($mpm) = @_;
    my $vars = Apache::Test::vars();
    open(my $fh, '<', "$vars->{t_conf}/inherit.conf") or die "inherit.conf: $!";
    my $text = join '', <$fh>;
    close $fh;
    $text =~ s/mpm_(\w+)_module (\S+)mod_mpm_\w+\.so/mpm_${mpm}_module $2mod_mpm_${mpm}.so/ if $mpm;
    return $text;
}

# The status of one GET of path on a loopback port, on a connection of its
# own, with the token as Bearer credentials when one is given; 0 when
# nothing answered.
sub bearer_status {
    my ($port, $path, $token) = @_;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) or return 0;
    print $s "GET $path HTTP/1.1\r\nHost: localhost\r\n"
           . ($token ? "Authorization: Bearer $token\r\n" : '') . "Connection: close\r\n\r\n";
    my $resp = '';
    while (sysread($s, my $buf, 8192)) { $resp .= $buf }
    close $s;
    my ($status) = $resp =~ m{^HTTP/\S+ (\d{3})};
    return $status // 0;
}

# The first lines of such a server's configuration: its modules (with
# another MPM if asked), one loopback port, its own pid file and error log,
# the suite's document root. Named arguments: port, pid, log; mpm and
# loglevel (default "warn authstatus:debug") optional.
sub server_head {
    my (%a) = @_;
    my $vars = Apache::Test::vars();
    my $mods = modules_conf($a{mpm});
    my $level = $a{loglevel} // 'warn authstatus:debug';
    return <<"EOC";
$mods
ServerRoot "$vars->{t_dir}"
ServerName localhost
Listen 127.0.0.1:$a{port}
PidFile "$a{pid}"
DefaultRuntimeDir "$vars->{t_logs}"
TypesConfig "$vars->{t_conf}/mime.types"
ErrorLog "$a{log}"
LogLevel $level
DocumentRoot "$vars->{t_dir}/htdocs"
EOC
}

1;
