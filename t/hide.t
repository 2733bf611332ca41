# AuthStatusHide Denied|Always under AuthType AuthStatus, in <Location>,
# <Directory> and .htaccess, with no ErrorDocument, an ErrorDocument 404
# string and an ErrorDocument 404 local URL. Every hidden refusal
# is compared byte for byte (Date removed) with the server's own 404 for a
# path that does not exist in the same parent: GET, HEAD, POST with a body,
# and two requests on one kept-alive connection.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASHide;

my $alice  = basic('alice', 'secret');     # not in group staff
my $bob    = basic('bob', 'builder');      # in group staff
my $chal   = 'Basic realm="Hidden", charset="UTF-8"';

sub get {
    my ($path, $auth) = @_;
    return req(GET => $path, defined $auth ? (Authorization => $auth) : ());
}

for my $parent (qw(/hide /hide-es /hide-eu)) {
    for my $ctx (qw(loc dir ht)) {
        # ----- Denied: 403 becomes 404, 401 stays a challenge
        my $p = "$parent/$ctx-denied/ok.txt";
        my $r = get($p);
        is($r->{status}, 401, "$p Denied, no credentials: 401");
        is_deeply([challenges($r)], [$chal], "$p Denied, no credentials: challenge");
        $r = get($p, basic('bob', 'wrong'));
        is($r->{status}, 401, "$p Denied, wrong password: 401");
        $r = get($p, $bob);
        is($r->{status}, 200, "$p Denied, member: 200");
        like($r->{body}, qr/^secret /, "$p Denied, member: the resource");
        $r = get($p, $alice);
        is($r->{status}, 404, "$p Denied, non-member: 404");
        same_as_genuine($p, $alice, "$p Denied, non-member");

        # ----- Always: every refusal is 404, no challenge anywhere
        $p = "$parent/$ctx-always/ok.txt";
        $r = get($p, $bob);
        is($r->{status}, 200, "$p Always, member up front: 200");
        like($r->{body}, qr/^secret /, "$p Always, member: the resource");
        for my $c ([undef, 'no credentials'], [$alice, 'non-member'],
                   [basic('bob', 'wrong'), 'wrong password'],
                   [basic('mallory', 'wrong'), 'unknown user'],
                   ['Basic %%%', 'malformed Basic'],
                   ['Basic ' . b64('nocolon'), 'Basic without colon'],
                   ['Bearer abc', 'scheme not accepted'],
                   ['Negotiate', 'bare unknown scheme']) {
            my ($auth, $what) = @$c;
            $r = get($p, $auth);
            is($r->{status}, 404, "$p Always, $what: 404");
            is_deeply([challenges($r)], [], "$p Always, $what: no WWW-Authenticate");
        }
        same_as_genuine($p, undef, "$p Always, no credentials");
        same_as_genuine($p, $alice, "$p Always, non-member");
        same_as_genuine($p, basic('bob', 'wrong'), "$p Always, wrong password");
        same_as_genuine($p, 'Basic %%%', "$p Always, malformed");
    }

    # ----- denied before authentication, whatever the credentials
    my $p = "$parent/loc-pre/ok.txt";
    for my $c ([undef, 'no credentials'], [$bob, 'valid credentials'],
               [basic('bob', 'wrong'), 'wrong password']) {
        my $r = get($p, $c->[0]);
        is($r->{status}, 404, "$p Denied, refused before authentication, $c->[1]: 404");
        is_deeply([challenges($r)], [], "$p refused before authentication: no challenge");
    }
    same_as_genuine($p, $bob, "$p refused before authentication");

    # no AuthType: Require ip alone, hidden from other addresses
    $p = "$parent/loc-ip/ok.txt";
    is(get($p)->{status}, 404, "$p Denied without AuthType, Require ip: 404");
    same_as_genuine($p, undef, "$p Denied without AuthType, Require ip");
}

# The ErrorDocuments really were used, so the comparisons above covered them.
like(get('/hide-es/loc-always/ok.txt')->{body}, qr/^Nothing to see here/,
     'ErrorDocument 404 string applies to the hidden answer');
like(get('/hide-eu/dir-always/ok.txt')->{body}, qr/custom not found page/,
     'ErrorDocument 404 local URL applies to the hidden answer');
like(get('/hide/ht-always/ok.txt')->{body}, qr/The requested URL was not found/,
     'no ErrorDocument: the canned 404 body');

# A directory itself, without and with its trailing slash.
for my $p ('/hide/loc-always/', '/hide/dir-always', '/hide/ht-always/') {
    my ($a, $b) = (exchange(GET => $p), exchange(GET => '/hide/nosuch/'));
    is($a, $b, "$p hidden like the missing /hide/nosuch/");
}

# Other methods, with the recipe of the docs (t/conf/hide.conf.in, /hide-m):
# refused and hidden in the whole area, they answer like a missing path.
for my $m (qw(OPTIONS PUT DELETE PATCH)) {
    for my $auth (undef, $alice) {
        my $a = exchange($m, '/hide-m/loc-always/ok.txt', $auth);
        my $b = exchange($m, '/hide-m/nosuch/ok.txt', $auth);
        like($b, qr{^HTTP/1\.1 404 }, "$m on a missing path with the recipe: 404");
        is($a, $b, "$m hidden: byte-identical to a missing path");
    }
}
is(get('/hide-m/loc-always/ok.txt', $bob)->{status}, 200, 'recipe: GET by a member still 200');
is(get('/hide-m/loc-always/ok.txt', $alice)->{status}, 404, 'recipe: GET by a non-member 404');

# The log tells the truth: hidden, plus the real cause, at info.
my @lines = log_watch(sub {
    get('/hide/loc-always/ok.txt');
    get('/hide/loc-denied/ok.txt', $alice);
    get('/hide/loc-pre/ok.txt');
});
ok((grep { /\[authstatus:info\].*hiding .*loc-always\/ok\.txt as 404 \(cause: no-credentials\)/ } @lines),
   'log: Always, no credentials: hidden with its cause at info');
ok((grep { /\[authstatus:info\].*user alice: denied .*answering 404/ } @lines),
   'log: Denied, non-member: the cause (denied) and 404 at info');
ok((grep { /\[authstatus:info\].*forbidden .*loc-pre.*answering 404/ } @lines),
   'log: refused before authentication: the cause (forbidden) and 404 at info');

# AUTHSTATUS_REASON says hidden, for LogFormat %{AUTHSTATUS_REASON}e.
my $rlog = Apache::Test::vars('t_logs') . '/hide_reason_log';
get('/hide/dir-always/ok.txt?reasoncheck');
get('/hide/dir-denied/ok.txt?reasoncheck', $alice);
get('/hide/dir-denied/ok.txt?reasoncheck', $bob);
select(undef, undef, undef, 0.2);
open(my $fh, '<', $rlog) or die "cannot read $rlog: $!";
my @rl = grep { /reasoncheck/ } <$fh>;
close $fh;
ok((grep { m{^GET /hide/dir-always/ok\.txt\?reasoncheck HTTP/1\.1\|404\|hidden$} } @rl),
   'AUTHSTATUS_REASON=hidden for Always') or diag(@rl);
ok((grep { m{^GET /hide/dir-denied/ok\.txt\?reasoncheck HTTP/1\.1\|404\|hidden$} } @rl),
   'AUTHSTATUS_REASON=hidden for Denied');
ok((grep { m{^GET /hide/dir-denied/ok\.txt\?reasoncheck HTTP/1\.1\|200\|ok$} } @rl),
   'AUTHSTATUS_REASON=ok for the member');

# the hidden 404 is the server's own page, charset and all (httpd says
# iso-8859-1), while the module's own refusal pages say UTF-8
my $h = get("/hide/loc-always/ok.txt");
is($h->{status}, 404, "hidden: 404");
is(($h->{headers}{"content-type"} || [""])->[0], "text/html; charset=iso-8859-1",
   "the hidden 404 keeps the server's own charset, as a genuine 404");
done_testing();
