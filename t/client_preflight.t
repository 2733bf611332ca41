# AuthStatusPreflight: an OPTIONS with Origin and
# Access-Control-Request-Method and no credentials passes authentication and
# authorization; every other OPTIONS is treated like any other method.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $ok   = '/client/cors/ok.txt';
my $chal = 'Basic realm="Client", charset="UTF-8"';
my @cors = (Origin => 'https://app.example', 'Access-Control-Request-Method' => 'GET',
            'Access-Control-Request-Headers' => 'authorization');

sub acao { my ($r) = @_; return ($r->{headers}{'access-control-allow-origin'} || [''])->[0] }

my $r = req(OPTIONS => $ok, @cors);
is($r->{status}, 200, 'preflight: passes (the core answers OPTIONS 200)');
is(reason($r), 'preflight', 'reason preflight');
is_deeply([challenges($r)], [], 'preflight: no challenge');
is(acao($r), 'https://app.example', 'mod_headers answers the preflight');
like(join(',', @{ $r->{headers}{allow} || [] }), qr/OPTIONS/, 'the OPTIONS answer is the server\'s own');

# not a preflight: challenged
my @not = (
    [ 'OPTIONS without Origin', 'Access-Control-Request-Method' => 'GET' ],
    [ 'OPTIONS without Access-Control-Request-Method', Origin => 'https://app.example' ],
    [ 'plain OPTIONS' ],
);
for my $c (@not) {
    my ($what, @h) = @$c;
    $r = req(OPTIONS => $ok, @h);
    is($r->{status}, 401, "$what: 401");
    is_deeply([challenges($r)], [$chal], "$what: challenge");
    is(reason($r), 'no-credentials', "$what: reason no-credentials");
}
$r = req(GET => $ok, @cors);
is($r->{status}, 401, 'GET with the preflight fields: 401');

# credentials on an OPTIONS: authenticated as usual
$r = req(OPTIONS => $ok, @cors, Authorization => basic('alice', 'wrong'));
is($r->{status}, 401, 'OPTIONS with a wrong password: 401');
is(reason($r), 'bad-credentials', 'OPTIONS with a wrong password: bad-credentials');
$r = req(OPTIONS => $ok, @cors, Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'OPTIONS with good credentials: 200');
is(reason($r), 'ok', 'OPTIONS with good credentials: ok');

# Authenticate turns the exemption off, in a Location and in .htaccess
$r = req(OPTIONS => '/client/cors/strict/ok.txt', @cors);
is($r->{status}, 401, 'AuthStatusPreflight Authenticate: 401');
is_deeply([challenges($r)], [$chal], 'Authenticate: challenge');
$r = req(OPTIONS => '/clientht/ok.txt', @cors);
is($r->{status}, 401, 'AuthStatusPreflight Authenticate from .htaccess: 401');

# what refuses whatever the credentials still refuses a preflight
$r = req(OPTIONS => '/client/cors/ipdeny/ok.txt', @cors);
is($r->{status}, 403, 'Require not ip refuses the preflight: 403');
is(reason($r), 'forbidden', 'reason forbidden');

# the default applies to every AuthType AuthStatus location
$r = req(OPTIONS => '/client/ok.txt', @cors);
is($r->{status}, 200, 'default Allow elsewhere: 200');
# other AuthTypes stay stock
$r = req(OPTIONS => '/stock/ok.txt', @cors);
is($r->{status}, 401, 'AuthType Basic: the preflight is challenged as stock httpd does');

done_testing();
