package ASTest;
# Helpers for the mod_authstatus Apache::Test suite: requests with exact
# control over header fields, and access to every WWW-Authenticate line.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use MIME::Base64 qw(encode_base64);
use Apache::Test ();
use Apache::TestRequest ();
use Apache::TestUtil qw(t_start_error_log_watch t_finish_error_log_watch t_write_file);
use File::Basename qw(basename);

our @EXPORT = qw(basic b64 req raw challenges reason log_watch log_lines configtest);

# "Basic <base64(user:pass)>"; strings are taken as bytes.
sub basic { my ($u, $p) = @_; return 'Basic ' . encode_base64("$u:$p", '') }
sub b64   { return encode_base64($_[0], '') }

# req(METHOD, path, header => value, …): one request on a fresh connection.
# Returns a hash: status, headers (name lower-cased => [values…]), body, raw.
sub req {
    my ($method, $path, @h) = @_;
    my $text = "$method $path HTTP/1.1\r\nHost: localhost\r\n";
    while (@h) {
        my ($k, $v) = splice(@h, 0, 2);
        $text .= "$k: $v\r\n";
    }
    $text .= "Connection: close\r\n\r\n";
    return raw($text);
}

# raw("GET / HTTP/1.1\r\n…\r\n\r\n"): send bytes as they are.
sub raw {
    my ($text) = @_;
    my $sock = Apache::TestRequest::vhost_socket();
    die "cannot connect to the test server" unless $sock;
    print $sock $text;
    my $resp = '';
    while (1) {
        my $n = sysread($sock, my $buf, 65536);
        last unless $n;
        $resp .= $buf;
    }
    close $sock;
    my ($head, $body) = split /\r\n\r\n/, $resp, 2;
    $body = '' unless defined $body;
    my @lines = split /\r\n/, ($head // '');
    my $status_line = shift @lines // '';
    my ($status) = $status_line =~ m{^HTTP/\S+ (\d{3})};
    my %hdr;
    for (@lines) {
        my ($k, $v) = /^([^:]+):\s*(.*)$/ or next;
        push @{ $hdr{lc $k} }, $v;
    }
    if (($hdr{'transfer-encoding'}[0] // '') =~ /chunked/i) {
        my $plain = '';
        while ($body =~ s/^([0-9a-fA-F]+)\r\n//) {
            my $len = hex $1;
            last if $len == 0;
            $plain .= substr($body, 0, $len, '');
            $body =~ s/^\r\n//;
        }
        $body = $plain;
    }
    return { status => $status // 0, status_line => $status_line,
             headers => \%hdr, body => $body, raw => $resp, head => $head };
}

# Every WWW-Authenticate field line, in order.
sub challenges { my ($r) = @_; return @{ $r->{headers}{'www-authenticate'} || [] } }

# The AUTHSTATUS_REASON echoed by "Header always set X-AuthStatus-Reason".
sub reason { my ($r) = @_; return ($r->{headers}{'x-authstatus-reason'} || [''])->[0] }

# log_watch(sub { … }) runs the code and returns the error-log lines it
# caused.
sub log_watch {
    my ($code) = @_;
    t_start_error_log_watch();
    $code->();
    # give the server a moment to flush the lines of the last request
    select(undef, undef, undef, 0.1);
    return t_finish_error_log_watch();
}

# configtest($body [, $modules]): runs 'httpd -t' on a scratch configuration
# that loads the same modules as the test server (or $modules instead) and
# holds $body; returns (exit code, what httpd printed). The scratch files are
# named after the test script, so each .t file has its own.
sub configtest {
    my ($body, $modules) = @_;
    my $vars = Apache::Test::vars();
    my $name = basename($0, '.t') . '_configtest';
    my $file = "$vars->{t_dir}/conf/$name.conf";
    $modules //= qq{Include "$vars->{t_conf}/inherit.conf"};
    t_write_file($file, <<"EOC");
ServerRoot "$vars->{t_dir}"
$modules
ServerName localhost
Listen 127.0.0.1:1
PidFile "$vars->{t_logs}/$name.pid"
ErrorLog "$vars->{t_logs}/${name}_error_log"
DocumentRoot "$vars->{t_dir}/htdocs"
$body
EOC
    my $out = `"$vars->{httpd}" -t -f "$file" 2>&1`;
    return ($? >> 8, $out);
}

1;
