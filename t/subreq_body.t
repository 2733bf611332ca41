# A refusal decided in a sub-request (mod_dir's DirectoryIndex lookup) gets
# the module's body, negotiated on Accept, like any other refusal.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $r = req(GET => '/idx/', Accept => 'application/json');
is($r->{status}, 401, 'the index needs credentials: 401 for the directory');
like($r->{headers}{'content-type'}[0] // '', qr{^application/problem\+json},
     'a problem+json body for a client that prefers JSON');
like($r->{body}, qr/"status"\s*:\s*401/, 'with its status');
like(join(',', @{ $r->{headers}{vary} || [] }), qr/Accept/, 'Vary: Accept');
is_deeply([challenges($r)], ['Basic realm="Index", charset="UTF-8"'], 'and the challenge');

$r = req(GET => '/idx/', Accept => 'text/html');
is($r->{status}, 401, 'a browser: 401');
like($r->{headers}{'content-type'}[0] // '', qr{^text/html}, 'an HTML body');
unlike($r->{body}, qr/This server could not verify/, "the module's page, not httpd's stock one");

$r = req(GET => '/idx/', Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'with credentials: the index');

done_testing();
