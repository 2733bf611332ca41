# Bad values of the client directives stop startup with a message that
# names the directive, the value and why (checked with 'httpd -t' on a
# scratch config loading the same modules as the test server).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my ($rc, $out) = configtest(<<'EOC');
<Location /x>
    AuthType AuthStatus
    AuthName "X"
    AuthStatusBody Problem
    AuthStatusLoginRedirect "https://login.example/?next=%{escape:%{REQUEST_URI}}&q=%{QUERY_STRING}"
    AuthStatusPreflight Authenticate
    Require valid-user
</Location>
<Location /y>
    AuthStatusBody auto
    AuthStatusBody html
    AuthStatusLoginRedirect Off
    AuthStatusPreflight allow
</Location>
EOC
is($rc, 0, 'a good configuration passes') or diag($out);

my @bad = (
    [ 'AuthStatusBody JSON',          qr/AuthStatusBody: 'JSON' is not Auto, HTML or Problem/ ],
    [ 'AuthStatusBody',               qr/AuthStatusBody takes one argument/ ],
    [ 'AuthStatusPreflight Deny',     qr/AuthStatusPreflight: 'Deny' is not Allow or Authenticate/ ],
    [ 'AuthStatusLoginRedirect "/login?n=%{nosuchfunc:%{REQUEST_URI}}"',
      qr/AuthStatusLoginRedirect: cannot parse '\/login\?n=%\{nosuchfunc:%\{REQUEST_URI\}\}' as an expression string: .*nosuchfunc/ ],
    [ 'AuthStatusLoginRedirect "/login?n=%{REQUEST_URI"',
      qr/AuthStatusLoginRedirect: cannot parse '\/login\?n=%\{REQUEST_URI' as an expression string/ ],
    [ 'AuthStatusLoginRedirect ""',   qr/AuthStatusLoginRedirect takes 1-2 arguments/ ],
);
for my $b (@bad) {
    my ($line, $want) = @$b;
    ($rc, $out) = configtest("<Location /x>\n    AuthType AuthStatus\n    $line\n</Location>\n");
    isnt($rc, 0, "startup fails: $line");
    like($out, $want, "message names the directive, value and why: $line") or diag($out);
}

# the same check in .htaccess: 500 and a log line naming the file
my $r;
my @lines = log_watch(sub { $r = req(GET => '/clienthtbad/ok.txt') });
is($r->{status}, 500, 'bad AuthStatusPreflight in .htaccess: 500');
ok((grep { m{clienthtbad/\.htaccess: AuthStatusPreflight: 'Sometimes' is not Allow or Authenticate} } @lines),
   'the log names the file, the directive and the value') or diag(@lines);

done_testing();
