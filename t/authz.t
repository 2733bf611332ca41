# Authorization refusals keep every Require its meaning and get the right
# status: 403 without a challenge for an authenticated user who is denied
# and for refusals decided before authentication.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $alice = basic('alice', 'secret');
my $bob   = basic('bob', 'builder');
my $chal  = 'Basic realm="Members", charset="UTF-8"';

sub check {
    my ($path, $auth, $want, $what, %o) = @_;
    my @h = defined $auth ? (Authorization => $auth) : ();
    my $r = req($o{method} // 'GET', $path, @h);
    is($r->{status}, $want, "$what: $want");
    if ($want == 401) {
        is_deeply([challenges($r)], [$o{chal} // $chal], "$what: challenge");
    }
    else {
        is_deeply([challenges($r)], [], "$what: no challenge");
    }
    is(reason($r), $o{reason}, "$what: reason $o{reason}") if $o{reason};
    return $r;
}

# Require group
check('/basic/staff/ok.txt', undef,  401, 'group, no credentials', reason => 'no-credentials');
check('/basic/staff/ok.txt', $alice, 403, 'group, non-member', reason => 'denied');
check('/basic/staff/ok.txt', $bob,   200, 'group, member', reason => 'ok');
check('/basic/staff/ok.txt', basic('bob', 'nope'), 401, 'group, member with wrong password',
      reason => 'bad-credentials');

# Require user
check('/basic/alice/ok.txt', $bob,   403, 'user, another user');
check('/basic/alice/ok.txt', $alice, 200, 'user, that user');

# Require expr with REMOTE_USER: mod_authz_core says DENIED_NO_USER even
# with a user; stock httpd re-challenges, we must not.
check('/basic/expr/ok.txt', $alice, 403, 'expr on REMOTE_USER, false', reason => 'denied');
check('/basic/expr/ok.txt', $bob,   200, 'expr on REMOTE_USER, true');

# RequireAll with a user-independent denial: 403 whatever the credentials
check('/basic/all/ok.txt', undef,  403, 'RequireAll + not ip, no credentials', reason => 'forbidden');
check('/basic/all/ok.txt', $alice, 403, 'RequireAll + not ip, good credentials', reason => 'forbidden');
check('/basic/all/ok.txt', basic('alice', 'bad'), 403, 'RequireAll + not ip, bad credentials');

# RequireAny: ip (not matching) or user bob
check('/basic/any/ok.txt', undef,  401, 'RequireAny, no credentials');
check('/basic/any/ok.txt', $alice, 403, 'RequireAny, neither branch');
check('/basic/any/ok.txt', $bob,   200, 'RequireAny, user branch');

# RequireNone inside RequireAll
check('/basic/none/ok.txt', $alice, 403, 'RequireNone excludes alice');
check('/basic/none/ok.txt', $bob,   200, 'RequireNone lets bob in');

# Require env grants without authentication
my $r = req(GET => '/basic/env/ok.txt', 'X-Let-Me-In' => 'yes');
is($r->{status}, 200, 'Require env grants without credentials');
is_deeply([challenges($r)], [], 'Require env: no challenge');
check('/basic/env/ok.txt', undef, 401, 'Require env not set: authentication needed');
check('/basic/env/ok.txt', $alice, 403, 'Require env not set, wrong user');

# Require method inside RequireAll: POST is refused before authentication
check('/basic/method/ok.txt', $alice, 200, 'method GET allowed');
check('/basic/method/ok.txt', $alice, 403, 'method POST refused', method => 'POST');
check('/basic/method/ok.txt', undef,  403, 'method POST refused without credentials',
      method => 'POST');

# HEAD mirrors GET for a 403
my $get  = req(GET  => '/basic/staff/ok.txt', Authorization => $alice);
my $head = req(HEAD => '/basic/staff/ok.txt', Authorization => $alice);
is($head->{status}, 403, 'HEAD 403');
is($head->{body}, '', 'HEAD 403: no body');
is_deeply([challenges($head)], [challenges($get)], 'HEAD 403: same challenges as GET');

# AuthStatusForbidOnDeny Off: the stock re-challenge
check('/basic/noforbid/ok.txt', $alice, 401, 'ForbidOnDeny Off, non-member', reason => 'denied');
check('/basic/noforbid/ok.txt', $bob,   200, 'ForbidOnDeny Off, member');

# ErrorDocument still applies, with our status
$r = check('/basic/errdoc/ok.txt', undef, 401, 'ErrorDocument 401 string');
is($r->{body}, 'Please log in', 'ErrorDocument 401 body');
$r = check('/basic/errdoc/ok.txt', $alice, 403, 'ErrorDocument 403 local URL');
is($r->{body}, "custom forbidden page\n", 'ErrorDocument 403 body');

# log lines: failed attempts at error, first challenge and refusals at info
my @lines = log_watch(sub {
    req(GET => '/basic/ok.txt', Authorization => basic('alice', 'wrong'));
});
ok((grep { /\[authstatus:error\].*AS01003.*alice.*bad-credentials/ } @lines),
   'failed attempt logged at error (AS01003) with the user name');
ok(!(grep { /wrong/ } @lines), 'the password is not logged');
@lines = log_watch(sub { req(GET => '/basic/ok.txt') });
ok((grep { /\[authstatus:info\].*AS01005/ } @lines), 'first challenge at info (AS01005)');
# (the key refresh threads of the identity-provider tests log fetch
# failures at error whenever they retry: not this request's)
ok(!(grep { /\[authstatus:error\]/ && !/AS0900[12]/ } @lines), 'first challenge is not an error');
@lines = log_watch(sub { req(GET => '/basic/staff/ok.txt', Authorization => $alice) });
ok((grep { /\[authstatus:info\].*AS01101.*alice.*denied/ } @lines),
   'authorization refusal at info (AS01101)');

# Under LogLevel warn, a refusal writes no line of mod_authz_core's: ours
# (AS01101, info) is the one line per refusal, and not written at warn.
@lines = log_watch(sub { check('/basic/quiet/ok.txt', $alice, 403, 'LogLevel warn, denied user') });
ok(!(grep { /AH01631/ } @lines), 'LogLevel warn: no AH01631 for a denied user')
    or diag(join '', @lines);
@lines = log_watch(sub { check('/basic/quietip/ok.txt', $alice, 403, 'LogLevel warn, denied address') });
ok(!(grep { /AH01630/ } @lines), 'LogLevel warn: no AH01630 for a refusal before authentication')
    or diag(join '', @lines);
@lines = log_watch(sub { check('/basic/quiet/ok.txt', $bob, 200, 'LogLevel warn, granted') });
ok(!(grep { /authz_core/ } @lines), 'LogLevel warn, granted: nothing from authz_core');
# failed attempts still log at error under LogLevel warn
@lines = log_watch(sub { req(GET => '/basic/quiet/ok.txt', Authorization => basic('alice', 'wrong')) });
ok((grep { /\[authstatus:error\].*AS01003.*alice/ } @lines), 'LogLevel warn: a failed attempt still at error');
# an explicit level for authz_core is honoured
@lines = log_watch(sub { check('/basic/loud/ok.txt', $alice, 403, 'authz_core:error, denied user') });
ok((grep { /\[authz_core:error\].*AH01631.*alice/ } @lines), 'LogLevel authz_core:error: AH01631 kept');
# and the default test LogLevel (info) shows both
@lines = log_watch(sub { req(GET => '/basic/alice/ok.txt', Authorization => $bob) });
ok((grep { /AH01631.*bob/ } @lines), 'LogLevel info: AH01631 kept');
ok((grep { /AS01101.*bob/ } @lines), 'LogLevel info: AS01101 as well');

done_testing();
