# Bearer directives and Require token-scope work from .htaccess under
# AllowOverride AuthConfig ("everything works the same in
# .htaccess").
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASBearer;

my $p = '/htbearer/ok.txt';
my $r = req(GET => $p);
is($r->{status}, 401, '.htaccess Bearer: no token 401');
is_deeply([challenges($r)], ['Bearer realm="HtAPI", scope="read"'],
          '.htaccess Bearer: challenge with the scopes of its Require line');
$r = req(GET => $p, Authorization => 'Bearer ' . mint(ES384 => 'ec384.key.pem', claims(scope => 'read'), kid => 'ec384'));
is($r->{status}, 200, '.htaccess Bearer: valid token with the scope 200');
is($r->{body}, "ok htbearer\n", '.htaccess Bearer: served');
$r = req(GET => $p, Authorization => 'Bearer ' . mint(ES384 => 'ec384.key.pem', claims(), kid => 'ec384'));
is($r->{status}, 403, '.htaccess Bearer: scope missing 403');
like((challenges($r))[0] // '', qr/^Bearer realm="HtAPI", scope="read", error="insufficient_scope"/,
     '.htaccess Bearer: insufficient_scope');
$r = req(GET => $p, Authorization => 'Bearer ' . mint(ES384 => 'ec384.key.pem',
                                                    claims(scope => 'read', exp => '-30'), kid => 'ec384'));
is($r->{status}, 401, '.htaccess Bearer: AuthStatusBearerLeeway 0 applies');
like((challenges($r))[0] // '', qr/error="invalid_token", error_description="The access token expired"/,
     '.htaccess Bearer: expired');

done_testing();
