# Runs last: the error log of the whole run has no crash, no sanitizer report
# and no [error]/[crit]/[alert]/[emerg] line that the suite did not cause on
# purpose.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);

my $log = Apache::Test::vars('t_logs') . '/error_log';
open(my $fh, '<', $log) or die "cannot read $log: $!";
my @lines = <$fh>;
close $fh;

# Lines the suite provokes on purpose, by message tag.
my $expected = qr{
      AS01003        # failed authentication attempt (by design at error)
    | AS01004        # provider failure (t/basic.t /brokenprovider)
    | AH0079[01]     # mod_socache_memcache: the missing memcached (t/throttle.t)
    | AS01201        # unknown reason given to authstatus_refuse() (t/optional_fn.t)
    | AH01629        # mod_authz_core: DENIED_NO_USER after authentication (Require expr quirk)
    | AH01630        # mod_authz_core: client denied by server configuration
    | AH01631        # mod_authz_core: user not authorized (stock locations)
    | AH01617|AH01618 # mod_auth_basic: stock failures (t/stock.t)
    | AH01620        # mod_authn_file: could not open the missing password file
    | AH00027        # core: no user after authentication (none expected, kept for MPM runs)
    | htbad/\.htaccess # the bad .htaccess value (t/htaccess.t)
    | htctx/\.htaccess # a server-only directive in .htaccess (t/config.t)
    | AH00687|AH00690 # mod_negotiation: only hidden or unacceptable variants (t/hide_subreq.t)
    | AH01276        # mod_dir: hidden index, no Indexes (t/hide_subreq.t)
    | AH01614        # mod_auth_basic: another scheme sent (t/hide_authtype.t)
    | AH0178[126]|AH01790|AH01794 # mod_auth_digest failures (t/hide_authtype.t)
    | keycache/\.htaccess # unreadable/broken key file (t/bearer_keycache.t)
    | AS01008        # 503: the identity provider down (t/idp.t)
    | AS09002        # no key set yet: the provider down, 500, HTML, bad CA (t/idp.t)
}x;

my @crash = grep { /Segmentation fault|AddressSanitizer|LeakSanitizer|runtime error:|exit signal/ } @lines;
is(scalar(@crash), 0, 'no crash or sanitizer report in the error log') or diag(@crash[0 .. ($#crash < 9 ? $#crash : 9)]);

my @unexpected = grep { /\[[a-z_0-9]+:(error|crit|alert|emerg)\]/ && !/$expected/ } @lines;
is(scalar(@unexpected), 0, 'no unexpected error-level line') or diag(@unexpected[0 .. ($#unexpected < 9 ? $#unexpected : 9)]);

done_testing();
