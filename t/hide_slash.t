# <Location "/x/"> leaves /x itself out: mod_dir's 301 for /x would tell
# that a hidden directory exists. Startup says so and names the fix.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $sec = <<'EOC';
<Location "%s">
    AuthType AuthStatus
    AuthName "Hidden"
    AuthStatusHide %s
    Require valid-user
</Location>
EOC
my ($rc, $out) = configtest(sprintf($sec, '/private/', 'Denied'));
is($rc, 0, 'a trailing slash is allowed');
like($out, qr{AS04002: <Location /private/> hides with AuthStatusHide, but a request for /private \(without the slash\) is not in it.*Write <Location /private> instead},
     'startup warns and names the fix');
for my $ok (['/private', 'Denied'], ['/private/', 'Off'], ['/', 'Always']) {
    ($rc, $out) = configtest(sprintf($sec, @$ok));
    unlike($out, qr/AS04002/, "no warning for <Location $ok->[0]> with AuthStatusHide $ok->[1]");
}
# a server-level default counts too
($rc, $out) = configtest("AuthStatusHide Always\n" . sprintf($sec, '/app/', 'Always')
                         =~ s/    AuthStatusHide Always\n//r);
like($out, qr{AS04002: <Location /app/>}, 'a hide inherited from the server level is warned about');

done_testing();
