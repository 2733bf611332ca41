# Input limits: an Authorization field over the
# module's limit (16384 bytes) is refused with 400 before any decoding or
# provider call; httpd's LimitRequestFieldSize answers first when it is the
# lower one. Both sides of each limit.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use MIME::Base64 qw(encode_base64);
use ASTest;
use ASBearer;

my $ok = '/basic/ok.txt';
my $max = 16384;            # AS_MAX_CREDENTIALS in include/as_parse.h

# a Basic token68 for alice with a long wrong password, unpadded, so that
# "Basic " + token is exactly $max bytes
my $raw = 'alice:' . ('x' x 12277);                 # 12283 bytes
(my $tok = encode_base64($raw, '')) =~ s/=+$//;
is(length("Basic $tok"), $max, 'the probe field is exactly the limit');

# --- the module's limit (main server: LimitRequestFieldSize 65536) --------
my $r;
my @log = log_watch(sub {
    $r = req(GET => $ok, Authorization => "Basic $tok");
});
is($r->{status}, 401, "field of $max bytes: decoded and verified (401)");
is(reason($r), 'bad-credentials', '... as bad credentials');
is(scalar(challenges($r)), 1, '... with a challenge');
ok((grep { /AS01003/ && /password mismatch/ } @log), '... the provider was asked');

# one more space after the scheme: same token, one byte over
@log = log_watch(sub {
    $r = req(GET => $ok, Authorization => "Basic  $tok");
});
is($r->{status}, 400, 'field of ' . ($max + 1) . ' bytes: 400');
is(reason($r), 'malformed', '... reason malformed');
is_deeply([challenges($r)], [], '... no challenge');
ok((grep { /AS01003/ && /field too large/ } @log), '... logged as too large');
ok(!(grep { /password mismatch|unknown user/ } @log), '... no provider was asked');
unlike($r->{body}, qr/xxxx|\Q$tok\E/, '... the body does not echo the field');

# far over the limit, still under httpd's 65536
$r = req(GET => $ok, Authorization => 'Basic ' . ('A' x 60000));
is($r->{status}, 400, '60000-byte field: 400');
is(reason($r), 'malformed', '... malformed');

# a well-formed but oversized unknown scheme is refused the same way
$r = req(GET => $ok, Authorization => 'Negotiate ' . ('A' x $max));
is($r->{status}, 400, "oversized field of another scheme: 400");

# where Bearer is accepted, the 400 carries Bearer error="invalid_request"
# (RFC 6750 §3.1); no token is looked at
$r = req(GET => '/basic/bearer-limits/x', Authorization => 'Bearer ' . ('A' x $max));
is($r->{status}, 400, 'oversized Bearer field: 400');
is_deeply([challenges($r)],
          ['Bearer realm="Members", error="invalid_request", error_description="The request is malformed"'],
          '... with the invalid_request challenge');

# --- Bearer: a token at the field limit is verified; one byte more, or
# JSON nested deeper than 16 levels (AS_JWT_MAX_DEPTH), is a malformed
# request: 400 with invalid_request, before the signature is checked when
# the header is the deep part
{
    my $bok = '/bearer/ok.txt';
    my $inv = 'Bearer realm="API", error="invalid_request", '
            . 'error_description="The access token is too large or too deeply nested"';
    my $tok = mint(HS256 => 'hmac.secret', claims(pad => 'p' x 12000), kid => 'hs1');
    my $sp = $max - length('Bearer') - length($tok);
    ok($sp >= 1, 'the padded token fits the limit');
    $r = req(GET => $bok, Authorization => 'Bearer' . (' ' x $sp) . $tok);
    is($r->{status}, 200, "valid token in a field of exactly $max bytes: 200");
    $r = req(GET => $bok, Authorization => 'Bearer' . (' ' x ($sp + 1)) . $tok);
    is($r->{status}, 400, 'one byte more: 400');
    is_deeply([challenges($r)], ['Bearer realm="API", error="invalid_request", '
                                 . 'error_description="The request is malformed"'],
              '... with invalid_request');

    my $nest = sub { my $v = 'v'; $v = [$v] for 1 .. $_[0]; $v };
    # claims object + 15 arrays = 16 levels
    $r = req(GET => $bok, Authorization => 'Bearer '
             . mint(HS256 => 'hmac.secret', claims(x => $nest->(15)), kid => 'hs1'));
    is($r->{status}, 200, 'claims nested 16 deep: 200');
    $r = req(GET => $bok, Authorization => 'Bearer '
             . mint(HS256 => 'hmac.secret', claims(x => $nest->(16)), kid => 'hs1'));
    is($r->{status}, 400, 'claims nested 17 deep: 400');
    is(reason($r), 'malformed', '... malformed');
    is_deeply([challenges($r)], [$inv], '... invalid_request, and says why');
    my @l = log_watch(sub {
        $r = req(GET => $bok, Authorization => 'Bearer '
                 . mint(HS256 => 'hmac.secret', claims(),
                        header => '{"kid":"hs1","x":' . ('[' x 17) . (']' x 17) . '}'));
    });
    is($r->{status}, 400, 'header nested 18 deep: 400');
    ok((grep { /AS01003/ && /header nests arrays or objects too deeply/ } @l),
       '... logged, with the reason');
}

# valid credentials padded with spaces up to the limit still work
my $good = 'Basic ' . encode_base64('alice:secret', '');
$r = req(GET => $ok, Authorization => 'Basic' . (' ' x ($max - length($good) + 1))
                                       . encode_base64('alice:secret', ''));
is($r->{status}, 200, 'valid credentials in a field of exactly the limit: 200');

# --- httpd's LimitRequestFieldSize answers first (vhost at the default) ---
Apache::TestRequest::module('limits');
# httpd reads a field line into a buffer of LimitRequestFieldSize + 2
# bytes (CRLF and NUL included): the longest line accepted, without its
# CRLF, is LimitRequestFieldSize + 1 bytes (measured with 2.4.71).
my $fs = 8190 + 1;
my $pre = 'Authorization: ';
my $valid = 'Basic ' . encode_base64('alice:secret', '');
my $fill = $fs - length($pre) - length($valid);
my $at = 'Basic' . (' ' x (1 + $fill)) . encode_base64('alice:secret', '');
is(length($pre . $at), $fs, 'the probe line is exactly LimitRequestFieldSize + 1');
$r = req(GET => $ok, Authorization => $at);
is($r->{status}, 200, "line of $fs bytes reaches the module: 200");
$r = req(GET => $ok, Authorization => 'Basic' . (' ' x (2 + $fill))
                                       . encode_base64('alice:secret', ''));
is($r->{status}, 400, 'one byte over: 400 from httpd');
is(reason($r), '', '... before the module ran (no reason)');
is_deeply([challenges($r)], [], '... no challenge');
$r = req(GET => $ok, Authorization => 'Basic ' . ('A' x 100000));
is($r->{status}, 400, '100000-byte field: 400 from httpd');
Apache::TestRequest::module('default');

done_testing();
