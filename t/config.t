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

# --- every directive where its Context line says, and nowhere else ---------
# The Context lines of docs/directives.md and docs/directives/*.md are
# checked against what httpd does: each context a line names must accept
# the directive (httpd -t for server config, virtual host and directory;
# a request for .htaccess), each context it does not name must refuse it.
my $vars = Apache::Test::vars();
my %sample = (
    AuthStatusSchemes          => 'Basic Bearer',
    AuthStatusBasicProvider    => 'file',
    AuthStatusHide             => 'Denied',
    AuthStatusForbidOnDeny     => 'On',
    AuthStatusBearerKeys       => "$vars->{t_conf}/keys/all.jwks.json",
    AuthStatusBearerAlgorithms => 'ES256 RS256',
    AuthStatusBearerIssuer     => 'https://idp.example',
    AuthStatusBearerAudience   => 'api',
    AuthStatusBearerTokenType  => 'at+jwt',
    AuthStatusResource         => 'https://api.example/mcp',
    AuthStatusDPoPNonce        => 'On',
    AuthStatusDPoPOrigin       => 'https://api.example',
    AuthStatusResourceScopes   => 'mcp:tools read',
    AuthStatusBearerIntrospect => 'https://idp.example/introspect client_id=rs secret=s',
    AuthStatusBearerLeeway     => '30',
    AuthStatusBearerUserClaim  => 'email',
    AuthStatusBearerClaimsEnv  => 'Off',
    AuthStatusBody             => 'Problem',
    AuthStatusLoginRedirect    => '"/login"',
    AuthStatusPreflight        => 'Authenticate',
    AuthStatusPrompt           => 'Navigation',
    AuthStatusThrottle         => '5 60',
    AuthStatusThrottleIPv6Prefix => '56',
    AuthStatusCache            => '60',
    AuthStatusStore            => 'shmcb',
    AuthStatusThrottleStore    => 'shmcb',
);
my %context;    # directive => { 'server config' => 1, ... }
for my $doc ('docs/directives.md', glob('docs/directives/*.md')) {
    open(my $fh, '<', $doc) or die "$doc: $!";
    my $name;
    while (<$fh>) {
        $name = $1 if /^\| Syntax \| `(AuthStatus\w+)/;
        if ($name && /^\| Context \| (.*?) \|/) {
            my $c = { map { $_ => 1 } split /,\s*/, $1 };
            # a directive documented on two pages says the same on both
            is_deeply($c, $context{$name}, "$name: the Context of $doc agrees")
                if $context{$name};
            $context{$name} = $c;
            undef $name;
        }
    }
}
is_deeply([sort keys %context], [sort keys %sample],
          'every directive is documented with a Context line, and tested here');

my $htaccess = "$vars->{documentroot}/htctx/.htaccess";
for my $d (sort keys %context) {
    my $line = "$d $sample{$d}";
    my $c = $context{$d};
    my ($rc, $out) = configtest("$line\n");
    is($rc == 0 ? 1 : 0, $c->{'server config'} ? 1 : 0,
       "$d at server level: " . ($c->{'server config'} ? 'accepted' : 'refused'))
        or diag($out);
    ($rc, $out) = configtest("<VirtualHost 127.0.0.1:1>\n    $line\n</VirtualHost>\n");
    is($rc == 0 ? 1 : 0, $c->{'virtual host'} ? 1 : 0,
       "$d in <VirtualHost>: " . ($c->{'virtual host'} ? 'accepted' : 'refused'))
        or diag($out);
    for my $sec ('<Directory "/tmp">', '<Location "/x">') {
        (my $end = $sec) =~ s/<(\w+).*/<\/$1>/;
        ($rc, $out) = configtest("$sec\n    $line\n$end\n");
        is($rc == 0 ? 1 : 0, $c->{directory} ? 1 : 0,
           "$d in $sec: " . ($c->{directory} ? 'accepted' : 'refused'))
            or diag($out);
    }
    open(my $fh, '>', $htaccess) or die "$htaccess: $!";
    print $fh "$line\n";
    close $fh;
    my $r = req(GET => '/htctx/ok.txt');
    is($r->{status}, $c->{'.htaccess'} ? 200 : 500,
       "$d in .htaccess: " . ($c->{'.htaccess'} ? 'accepted' : 'refused'));
}
unlink $htaccess;

# a server-wide value is the default of every section, which may override it
my ($rc2, $out2) = configtest(<<'EOC');
AuthStatusSchemes Bearer Basic
AuthStatusHide Denied
<Location /x>
    AuthType AuthStatus
    AuthName "X"
    AuthStatusSchemes Basic
    Require valid-user
</Location>
EOC
is($rc2, 0, 'server-level defaults with a section overriding them') or diag($out2);

# ... and they apply: a virtual host's own level sets schemes and body for
# its sections, and a section overrides them
Apache::TestRequest::module('authstatus_serverwide');
my $r = req(GET => '/htctx/ok.txt');
is($r->{status}, 401, 'server-wide defaults: 401');
is_deeply([challenges($r)], ['Bearer realm="Server wide"',
                             'Basic realm="Server wide", charset="UTF-8"'],
          'AuthStatusSchemes Bearer Basic from the server level');
like($r->{headers}{'content-type'}[0] // '', qr{^application/problem\+json},
     'AuthStatusBody Problem from the server level');
$r = req(GET => '/htctx/own.txt');
is_deeply([challenges($r)], ['Basic realm="Server wide", charset="UTF-8"'],
          'a section overrides the server-level AuthStatusSchemes');
$r = req(GET => '/htctx/ok.txt', Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'and authenticates as usual');
Apache::TestRequest::module('default');

done_testing();
