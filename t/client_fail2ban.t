# The fail2ban filter of docs/fail2ban.md matches the module's real
# failed-attempt lines (AS01003) and nothing else it logs.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $doc = Apache::Test::vars('top_dir') . '/docs/fail2ban.md';
open(my $fh, '<', $doc) or die "cannot read $doc: $!";
my ($failregex) = map { /^failregex = (.*)$/ ? $1 : () } <$fh>;
close $fh;
ok(defined $failregex, 'docs/fail2ban.md has a failregex line') or BAIL_OUT('no filter');

# fail2ban's tags, as Perl groups (Python and Perl agree on the rest)
my $rx = $failregex;
$rx =~ s/<HOST>/(?<host>\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]*)/;
$rx =~ s{<F-USER>}{(?<user>};
$rx =~ s{</F-USER>}{)};
$rx = qr/$rx/;

# fail2ban cuts the date and leaves "[]"
sub f2b { my ($line) = @_; (my $l = $line) =~ s/^\[[^\]]*\]\s*/[] /; return $l =~ $rx ? { %+ } : undef }

my $ok = '/client/ok.txt';
my @lines = log_watch(sub {
    req(GET => $ok, Authorization => basic('alice', 'wrong'));
    req(GET => $ok, Authorization => basic('mallory', 'wrong'));
    req(GET => $ok, Authorization => 'Basic %%%');
    req(GET => $ok, Authorization => basic('x] [client 198.51.100.1:1] AS01003: authentication failed for user y', 'z'));
    req(GET => $ok);                                                    # first 401: not counted
    req(GET => '/client/staff/ok.txt', Authorization => basic('alice', 'secret'));  # 403: not counted
    req(GET => '/client/login/ok.txt', 'Sec-Fetch-Mode' => 'navigate'); # redirect: not counted
    req(GET => $ok, Authorization => basic('alice', 'secret'));         # success
});

my @failed = grep { /AS01003/ } @lines;
is(scalar(@failed), 4, 'four failed attempts logged as AS01003');
for my $l (@failed) {
    my $m = f2b($l);
    ok($m, 'the filter matches a failed attempt') or diag($l);
    is($m && $m->{host}, '127.0.0.1', 'the filter takes the client address') or diag($l);
}
my @users = map { my $m = f2b($_); $m ? $m->{user} : () } @failed;
ok((grep { $_ eq 'alice' } @users), 'the filter takes the user name');
my @others = grep { /AS01005|AS01101|AS06002/ } @lines;
ok(scalar(@others) >= 3, 'the other refusals were logged too');
for my $l (@others) {
    ok(!f2b($l), 'the filter does not count: ' . ($l =~ /(AS\d{5})/)[0]);
}
ok(!(grep { f2b($_) } grep { !/AS01003/ } @lines), 'no other line of the run matches');

done_testing();
