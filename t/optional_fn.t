# Another module reads the decision and asks for refusals through the
# optional functions of include/mod_authstatus.h (t/modules/mod_as_probe.c).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $alice = basic('alice', 'secret');
sub probe { my $r = shift; return ($r->{headers}{'x-probe-reason'} || [''])->[0] }

my $r = req(GET => '/probe/ok.txt', Authorization => $alice);
is($r->{status}, 200, 'probe location serves alice');
is(probe($r), 'ok', 'authstatus_reason() says ok');

$r = req(GET => '/probe/ok.txt');
is($r->{status}, 401, 'no credentials: 401');
is(probe($r), 'no-credentials', 'authstatus_reason() says no-credentials on the 401');

$r = req(GET => '/probe/ok.txt', 'X-Probe-Refuse' => 'forbidden');
is($r->{status}, 403, 'authstatus_refuse(forbidden): 403');
is_deeply([challenges($r)], [], 'forbidden: no challenge');
is(probe($r), 'forbidden', 'reason forbidden');

$r = req(GET => '/probe/ok.txt', 'X-Probe-Refuse' => 'throttled');
is($r->{status}, 429, 'authstatus_refuse(throttled): 429');

$r = req(GET => '/probe/ok.txt', 'X-Probe-Refuse' => 'malformed');
is($r->{status}, 400, 'authstatus_refuse(malformed): 400');

$r = req(GET => '/probe/ok.txt', 'X-Probe-Refuse' => 'bad-credentials');
is($r->{status}, 401, 'authstatus_refuse(bad-credentials): 401');
is_deeply([challenges($r)], ['Basic realm="Probe", charset="UTF-8"'], 'with the challenge');

$r = req(GET => '/probe/hidden/ok.txt', 'X-Probe-Refuse' => 'forbidden');
is($r->{status}, 404, 'AuthStatusHide Denied applies to requested refusals: 404');
is(probe($r), 'hidden', 'reason hidden');

my @lines = log_watch(sub {
    $r = req(GET => '/probe/ok.txt', 'X-Probe-Refuse' => 'nonsense');
});
is($r->{status}, 500, 'unknown reason: 500');
ok((grep { /AS01201/ } @lines), 'unknown reason logged (AS01201)');

done_testing();
