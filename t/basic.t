# The status table for Basic under AuthType AuthStatus.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $ok   = '/basic/ok.txt';
my $chal = 'Basic realm="Members", charset="UTF-8"';

# --- no credentials: 401 with one Basic challenge ------------------------
my $r = req(GET => $ok);
is($r->{status}, 401, 'no credentials: 401');
is_deeply([challenges($r)], [$chal], 'no credentials: Basic challenge with charset');
is(reason($r), 'no-credentials', 'reason no-credentials');
like($r->{body}, qr/\S/, '401 has a body');

# --- good credentials -----------------------------------------------------
$r = req(GET => $ok, Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'alice/secret: 200');
is($r->{body}, "ok basic\n", 'the resource is served');
is(reason($r), 'ok', 'reason ok');
is_deeply([challenges($r)], [], 'no challenge on 200');

# scheme name is case-insensitive; one or more SP may follow it
for my $scheme (qw(basic BASIC bAsIc)) {
    $r = req(GET => $ok, Authorization => "$scheme " . b64('alice:secret'));
    is($r->{status}, 200, "scheme spelled $scheme: 200");
}
$r = req(GET => $ok, Authorization => 'Basic   ' . b64('alice:secret'));
is($r->{status}, 200, 'several spaces after the scheme: 200');

# RFC 7617: text after the first colon is the password
$r = req(GET => $ok, Authorization => basic('Aladdin', 'open:sesame'));
is($r->{status}, 200, 'password containing a colon');

# UTF-8 user names and passwords (RFC 7617 §2.1)
$r = req(GET => $ok, Authorization => basic('jürgen', 'pässwörd'));
is($r->{status}, 200, 'UTF-8 user and password');
$r = req(GET => $ok, Authorization => 'Basic dGVzdDoxMjPCow==');
is($r->{status}, 200, 'RFC 7617 §2.1 example test:123£');

# --- wrong password and unknown user: same answer -------------------------
my $wrong = req(GET => $ok, Authorization => basic('alice', 'wrong'));
my $nouser = req(GET => $ok, Authorization => basic('mallory', 'wrong'));
is($wrong->{status}, 401, 'wrong password: 401');
is($nouser->{status}, 401, 'unknown user: 401');
is_deeply([challenges($wrong)], [$chal], 'wrong password: challenge');
is_deeply([challenges($nouser)], [$chal], 'unknown user: challenge');
is($wrong->{body}, $nouser->{body}, 'wrong password and unknown user: same body');
is(reason($wrong), 'bad-credentials', 'reason bad-credentials (wrong password)');
is(reason($nouser), 'bad-credentials', 'reason bad-credentials (unknown user)');
unlike($wrong->{body} . $nouser->{body}, qr/alice|mallory/, 'body names no user');

$r = req(GET => $ok, Authorization => 'Basic ' . b64(':secret'));
is($r->{status}, 401, 'empty user-id: 401');
$r = req(GET => $ok, Authorization => 'Basic ' . b64("alice:\xff\xfe"));
is($r->{status}, 401, 'invalid UTF-8: 401, not 400');

# --- another scheme: treated as no credentials ----------------------------
$r = req(GET => $ok, Authorization => 'Bearer abc.def.ghi');
is($r->{status}, 401, 'Bearer at a Basic location: 401');
is_deeply([challenges($r)], [$chal], 'challenge for the accepted scheme');
is(reason($r), 'unsupported-scheme', 'reason unsupported-scheme');
$r = req(GET => $ok, Authorization => 'Negotiate YIIabc');
is($r->{status}, 401, 'unknown scheme: 401');
$r = req(GET => $ok, Authorization => 'Bearer');
is($r->{status}, 401, 'a bare Bearer at a Basic-only location is not ours: 401');

# --- malformed: 400, no challenge ------------------------------------------
my @malformed = (
    [ 'Basic',                        'no credentials after the scheme' ],
    [ 'Basic %%%',                    'not token68' ],
    [ 'Basic !!!***',                 'not token68 (stock: 401)' ],
    [ 'Basic ' . b64('alicesecret'),  'no colon' ],
    [ 'Basic ' . b64('alice:secret') . '!!junk', 'trailing junk (stock: 200)' ],
    [ 'Basic ab=c',                   'padding in the middle' ],
    [ 'Basic YWxpY2U6c2VjcmV0=',      'wrong padding' ],
    [ 'Basic ' . b64("al\x00ice:secret"), 'NUL in user-id' ],
    [ 'Basic ' . b64("alice:sec\nret"),   'LF in password' ],
    [ "Basic\t" . b64('alice:secret'),   'TAB after the scheme' ],
    [ 'Basic ' . ('A' x 20000),       'over the size limit' ],
);
for my $m (@malformed) {
    my ($value, $what) = @$m;
    $r = req(GET => $ok, Authorization => $value);
    is($r->{status}, 400, "malformed ($what): 400");
    is_deeply([challenges($r)], [], "malformed ($what): no challenge");
}
is(reason($r), 'malformed', 'reason malformed');

# two Authorization fields, even if both are valid
$r = raw("GET $ok HTTP/1.1\r\nHost: localhost\r\n"
         . "Authorization: " . basic('alice', 'secret') . "\r\n"
         . "Authorization: " . basic('bob', 'builder') . "\r\n"
         . "Connection: close\r\n\r\n");
is($r->{status}, 400, 'two Authorization fields: 400');

# --- HEAD: same status and headers, no body ---------------------------------
for my $case ([ [], 401 ], [ [Authorization => basic('alice', 'secret')], 200 ],
              [ [Authorization => 'Basic %%%'], 400 ]) {
    my ($h, $want) = @$case;
    my $get  = req(GET  => $ok, @$h);
    my $head = req(HEAD => $ok, @$h);
    is($head->{status}, $want, "HEAD: $want");
    is($head->{status}, $get->{status}, "HEAD $want: same status as GET");
    is_deeply([challenges($head)], [challenges($get)], "HEAD $want: same challenges");
    is($head->{body}, '', "HEAD $want: no body");
}

# --- realm: a quoted-string with '"' and '\' escaped ----------------------
$r = req(GET => '/realm/ok.txt');
is_deeply([challenges($r)], ['Basic realm="a\"b\\\\c", charset="UTF-8"'],
          'realm escaped as a quoted-string');

# --- several providers, in order -----------------------------------------
$r = req(GET => '/multi/ok.txt', Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'first provider (file) grants');
$r = req(GET => '/multi/ok.txt', Authorization => basic('guest', 'x@example.org'));
is($r->{status}, 200, 'second provider (anon) grants when the first has no such user');
$r = req(GET => '/multi/ok.txt', Authorization => basic('alice', 'wrong'));
is($r->{status}, 401, 'a user found with a wrong password does not fall through');

# --- provider failure and missing AuthName: 500, nothing revealed ----------
my @lines = log_watch(sub {
    $r = req(GET => '/brokenprovider/ok.txt', Authorization => basic('alice', 'secret'));
});
is($r->{status}, 500, 'provider failure: 500');
is_deeply([challenges($r)], [], 'provider failure: no challenge');
ok((grep { /AS01004/ } @lines), 'provider failure logged (AS01004)');
unlike($r->{body}, qr/no-such-file|htpasswd/, '500 body reveals nothing');
$r = req(GET => '/noname/ok.txt');
is($r->{status}, 500, 'AuthType AuthStatus without AuthName: 500');

done_testing();
