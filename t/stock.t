# Loading the module changes nothing where its directives are not used; an
# AuthType Basic location opts in with AuthStatusForbidOnDeny.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $alice = basic('alice', 'secret');

my $r = req(GET => '/stock/ok.txt');
is($r->{status}, 401, 'stock Basic: no credentials 401');
is_deeply([challenges($r)], ['Basic realm="Stock"'], 'stock Basic challenge untouched');
$r = req(GET => '/stock/ok.txt', Authorization => $alice);
is($r->{status}, 401, 'stock Basic: non-member still gets 401 (stock behaviour)');
is_deeply([challenges($r)], ['Basic realm="Stock"'], 'stock Basic: re-challenge kept');
$r = req(GET => '/stock/ok.txt', Authorization => 'Basic %%%');
is($r->{status}, 401, 'stock Basic: malformed stays 401 (not ours)');
$r = req(GET => '/stock/ok.txt', Authorization => basic('bob', 'builder'));
is($r->{status}, 200, 'stock Basic: member 200');
is($r->{headers}{'x-authstatus-reason'}, undef, 'no reason header outside our locations');

$r = req(GET => '/stockfd/ok.txt', Authorization => $alice);
is($r->{status}, 403, 'AuthType Basic + AuthStatusForbidOnDeny On: non-member 403');
is_deeply([challenges($r)], [], 'AuthType Basic + ForbidOnDeny: no re-challenge');
$r = req(GET => '/stockfd/ok.txt');
is($r->{status}, 401, 'AuthType Basic + ForbidOnDeny: no credentials still 401');
is_deeply([challenges($r)], ['Basic realm="StockFD"'], 'mod_auth_basic challenge untouched');
$r = req(GET => '/stockfd/ok.txt', Authorization => basic('bob', 'builder'));
is($r->{status}, 200, 'AuthType Basic + ForbidOnDeny: member 200');

done_testing();
