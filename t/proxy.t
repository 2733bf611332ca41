# A forward proxy under AuthType AuthStatus: RFC 9110 §11.7 — credentials
# in Proxy-Authorization, challenges in Proxy-Authenticate, 407 where an
# origin server would answer 401; 403 and 400 as anywhere else, and the
# origin's own Authorization is not read by the proxy.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use ASTest;
use ASBearer;

my $origin = 'http://127.0.0.1:' . Apache::Test::vars('port');
Apache::TestRequest::module('authstatus_proxy');

sub preq {
    my ($path, @h) = @_;
    my $text = "GET $origin$path HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    while (@h) {
        my ($k, $v) = splice(@h, 0, 2);
        $text .= "$k: $v\r\n";
    }
    return raw($text . "Connection: close\r\n\r\n");
}
sub pchal { my ($r) = @_; return @{ $r->{headers}{'proxy-authenticate'} || [] } }

my $tok = mint('RS256', 'rsa.key.pem', claims(), kid => 'rsa1');

my $r = preq('/proxied/ok.txt');
is($r->{status}, 407, 'no credentials: 407');
is_deeply([pchal($r)], ['Basic realm="Proxy", charset="UTF-8"', 'Bearer realm="Proxy"'],
          'no credentials: both challenges in Proxy-Authenticate');
is_deeply([challenges($r)], [], 'no credentials: no WWW-Authenticate');

$r = preq('/proxied/ok.txt', 'Proxy-Authorization' => "Bearer $tok");
is($r->{status}, 200, 'valid token in Proxy-Authorization: forwarded, 200');
is($r->{body}, "proxied ok\n", 'valid token: the origin answered');

$r = preq('/proxied/ok.txt', 'Proxy-Authorization' => basic('alice', 'secret'));
is($r->{status}, 200, 'Basic in Proxy-Authorization: 200');

$r = preq('/proxied/ok.txt', Authorization => "Bearer $tok");
is($r->{status}, 407, 'a token in Authorization is for the origin, not the proxy: 407');

my $bad = mint('RS256', 'rsa.key.pem', claims(exp => '-600'), kid => 'rsa1');
$r = preq('/proxied/ok.txt', 'Proxy-Authorization' => "Bearer $bad");
is($r->{status}, 407, 'expired token: 407');
like(join(' ', pchal($r)), qr/Bearer realm="Proxy", error="invalid_token"/,
     'expired token: invalid_token in Proxy-Authenticate');

$r = preq('/proxied/ok.txt', 'Proxy-Authorization' => 'Basic !!!');
is($r->{status}, 400, 'malformed Proxy-Authorization: 400');

$r = preq('/proxied/bobonly/ok.txt', 'Proxy-Authorization' => "Bearer $tok");
is($r->{status}, 403, 'authenticated but denied by the proxy: 403');
is_deeply([pchal($r)], [], '403: no challenge');

done_testing();
