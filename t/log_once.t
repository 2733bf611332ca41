# One failed attempt is one error line: a wrong password sent to a
# directory listing whose entries are protected fails in every sub-request
# mod_autoindex makes to probe them, and fail2ban must count it once.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $r;
my @lines = log_watch(sub {
    $r = req(GET => '/listing/', Authorization => basic('alice', 'wrong'));
});
is($r->{status}, 200, 'the listing itself is open');
like($r->{body}, qr/Index of \/listing/, 'and listed');
my @failed = grep { /AS01003/ && /\[authstatus:error\]/ } @lines;
is(scalar(@failed), 1, 'one failed attempt, one AS01003 line at error')
    or diag(@failed);
like($failed[0] // '', qr/user alice: bad-credentials/, 'naming the user and the reason');

# a protected entry asked for directly still logs its failure
@lines = log_watch(sub {
    $r = req(GET => '/listing/a/x.txt', Authorization => basic('alice', 'wrong'));
});
is($r->{status}, 401, 'a protected entry: 401');
is(scalar(grep { /AS01003/ && /\[authstatus:error\]/ } @lines), 1, 'logged once');

done_testing();
