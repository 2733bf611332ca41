# The same behaviour from .htaccess under AllowOverride AuthConfig, and a bad
# value there gives 500 with a log line naming the file.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $r = req(GET => '/ht/ok.txt');
is($r->{status}, 401, '.htaccess: no credentials 401');
is_deeply([challenges($r)], ['Basic realm="Htaccess", charset="UTF-8"'], '.htaccess: challenge');
$r = req(GET => '/ht/ok.txt', Authorization => basic('alice', 'secret'));
is($r->{status}, 403, '.htaccess: non-member 403');
is_deeply([challenges($r)], [], '.htaccess: 403 without challenge');
$r = req(GET => '/ht/ok.txt', Authorization => basic('bob', 'builder'));
is($r->{status}, 200, '.htaccess: member 200');
$r = req(GET => '/ht/ok.txt', Authorization => 'Basic ' . b64('nocolon'));
is($r->{status}, 400, '.htaccess: malformed 400');
$r = req(GET => '/ht/ok.txt', Authorization => basic('bob', 'wrong'));
is($r->{status}, 401, '.htaccess: wrong password 401');

my @lines = log_watch(sub { $r = req(GET => '/htbad/ok.txt') });
is($r->{status}, 500, 'bad directive value in .htaccess: 500');
ok((grep { /htbad\/\.htaccess: AuthStatusHide: 'Sometimes' is not Off, Denied or Always/ } @lines),
   'the log names the file, the directive and the value');

done_testing();
