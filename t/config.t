# Bad directive values stop startup with a message that names the directive,
# the value and why (checked with 'httpd -t' on a scratch config that loads
# the same modules as the test server).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

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
