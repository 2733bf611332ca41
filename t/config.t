# Bad directive values stop startup with a message that names the directive,
# the value and why (checked with 'httpd -t' on a scratch config that loads
# the same modules as the test server).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_write_file);

my $vars    = Apache::Test::vars();
my $httpd   = $vars->{httpd};
my $t_dir   = $vars->{t_dir};
my $inherit = "$vars->{t_conf}/inherit.conf";

sub configtest {
    my ($body) = @_;
    my $file = "$t_dir/conf/configtest.conf";
    t_write_file($file, <<"EOC");
ServerRoot "$t_dir"
Include "$inherit"
ServerName localhost
Listen 127.0.0.1:1
PidFile "$t_dir/logs/configtest.pid"
ErrorLog "$t_dir/logs/configtest_error_log"
DocumentRoot "$t_dir/htdocs"
$body
EOC
    my $out = `"$httpd" -t -f "$file" 2>&1`;
    return ($? >> 8, $out);
}

my ($rc, $out) = configtest(<<'EOC');
<Location /x>
    AuthType AuthStatus
    AuthName "X"
    AuthStatusSchemes Basic
    AuthStatusBasicProvider file
    AuthStatusHide Denied
    AuthStatusForbidOnDeny Off
    Require valid-user
</Location>
EOC
is($rc, 0, 'a good configuration passes') or diag($out);

my @bad = (
    [ 'AuthStatusSchemes Basic Kerberos', qr/AuthStatusSchemes: unknown scheme 'Kerberos'/ ],
    [ 'AuthStatusSchemes Basic basic',    qr/AuthStatusSchemes: scheme 'basic' listed twice/ ],
    [ 'AuthStatusBasicProvider nosuch',   qr/AuthStatusBasicProvider: unknown authn provider 'nosuch'/ ],
    [ 'AuthStatusBasicProvider file file', qr/AuthStatusBasicProvider: provider 'file' listed twice/ ],
    [ 'AuthStatusHide Sometimes',         qr/AuthStatusHide: 'Sometimes' is not Off, Denied or Always/ ],
    [ 'AuthStatusForbidOnDeny maybe',     qr/AuthStatusForbidOnDeny must be On or Off/ ],
);
for my $b (@bad) {
    my ($line, $want) = @$b;
    ($rc, $out) = configtest("<Location /x>\n    AuthType AuthStatus\n    $line\n</Location>\n");
    isnt($rc, 0, "startup fails: $line");
    like($out, $want, "message names the directive and value: $line");
}

done_testing();
