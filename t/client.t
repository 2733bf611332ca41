# Bodies of refusals (AuthStatusBody): HTML by
# default, RFC 9457 problem+json when Accept prefers JSON by q-value, a
# configured ErrorDocument first, HEAD without a body, hidden 404s stock.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use JSON::PP ();

my $ok = '/client/ok.txt';
my $json_ct = qr{^application/problem\+json$};

sub ctype { my ($r) = @_; return ($r->{headers}{'content-type'} || [''])->[0] }
sub problem {
    my ($r) = @_;
    my $doc = eval { JSON::PP::decode_json($r->{body}) };
    return $doc;
}

# --- Auto: HTML by default -------------------------------------------------
my $r = req(GET => $ok);
is($r->{status}, 401, 'no credentials: 401');
like(ctype($r), qr{^text/html}, 'no Accept: HTML');
is(ctype($r), 'text/html; charset=utf-8', 'the refusal page says UTF-8, not iso-8859-1');
like($r->{body}, qr{<title>401 Unauthorized</title>}, 'our HTML page');
like($r->{body}, qr{requires authentication}, 'HTML says what is missing');
like(join(',', @{ $r->{headers}{vary} || [] }), qr/Accept/, 'Vary: Accept under Auto');

for my $accept ('*/*', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
                'application/json, text/html', 'application/json;q=0.5, text/html',
                'application/json;q=0', 'text/plain') {
    $r = req(GET => $ok, Accept => $accept);
    like(ctype($r), qr{^text/html}, "Accept: $accept -> HTML");
}

# --- Auto: problem+json when JSON wins by q-value ----------------------------
for my $accept ('application/json', 'application/problem+json',
                'text/html;q=0.5, application/json', 'application/*',
                'application/problem+json;q=0.9, text/html;q=0.8') {
    $r = req(GET => $ok, Accept => $accept);
    is($r->{status}, 401, "Accept: $accept -> still 401");
    like(ctype($r), $json_ct, "Accept: $accept -> problem+json");
}
$r = req(GET => $ok, Accept => 'text/html;q=0.5, application/json');
my $p = problem($r);
ok($p, 'the body is JSON') or diag($r->{body});
is($p->{status}, 401, 'problem status equals the HTTP status');
is($p->{type}, 'about:blank', 'problem type');
is($p->{title}, 'Unauthorized', 'problem title');
like($p->{detail}, qr/requires authentication/, 'problem detail');
is($p->{reason}, 'no-credentials', 'problem reason');
is_deeply($p->{schemes}, ['Basic'], 'problem lists the accepted scheme');
is_deeply([challenges($r)], ['Basic realm="Client", charset="UTF-8"'],
          'the challenge is still there');

# every refusal status of the branch has its body, and none names the user
my @cases = (
    [ 400, 'malformed',          $ok, Authorization => 'Basic %%%' ],
    [ 401, 'bad-credentials',    $ok, Authorization => basic('alice', 'wrong') ],
    [ 401, 'bad-credentials',    $ok, Authorization => basic('mallory', 'wrong') ],
    [ 401, 'unsupported-scheme', $ok, Authorization => 'Negotiate abc' ],
    [ 403, 'denied',             '/client/staff/ok.txt', Authorization => basic('alice', 'secret') ],
    [ 403, 'forbidden',          '/client/forbidden/ok.txt' ],
);
my %bodies;
for my $c (@cases) {
    my ($status, $reason, $path, @h) = @$c;
    for my $accept ('application/json', 'text/html') {
        $r = req(GET => $path, Accept => $accept, @h);
        is($r->{status}, $status, "$reason ($accept): $status");
        is(reason($r), $reason, "$reason ($accept): reason");
        if ($accept eq 'application/json') {
            like(ctype($r), $json_ct, "$reason: problem+json");
            $p = problem($r);
            is($p && $p->{status}, $status, "$reason: problem status $status");
            is($p && $p->{reason}, $reason, "$reason: problem reason");
            ok($p && length($p->{detail}) > 10, "$reason: problem detail");
        }
        else {
            like(ctype($r), qr{^text/html}, "$reason: HTML");
            like($r->{body}, qr{<h1>}, "$reason: HTML page");
        }
        unlike($r->{body}, qr/alice|mallory|secret|wrong|%%%|Negotiate/,
               "$reason ($accept): the body echoes nothing of the request");
        push @{ $bodies{"$reason $accept"} }, $r->{body};
    }
}
is($bodies{'bad-credentials application/json'}[0], $bodies{'bad-credentials application/json'}[1],
   'wrong password and unknown user: same problem body');
is($bodies{'bad-credentials text/html'}[0], $bodies{'bad-credentials text/html'}[1],
   'wrong password and unknown user: same HTML body');

# --- forced formats ------------------------------------------------------------
$r = req(GET => '/client/problem/ok.txt');
like(ctype($r), $json_ct, 'AuthStatusBody Problem: problem+json without Accept');
ok(!grep({ /Accept/ } @{ $r->{headers}{vary} || [] }), 'forced format: no Vary: Accept');
$r = req(GET => '/client/problem/ok.txt', Accept => 'text/html');
like(ctype($r), $json_ct, 'AuthStatusBody Problem: problem+json whatever Accept says');
$r = req(GET => '/client/html/ok.txt', Accept => 'application/json');
like(ctype($r), qr{^text/html}, 'AuthStatusBody HTML: HTML for an Accept that wants JSON');
like($r->{body}, qr{<title>401 Unauthorized</title>}, 'AuthStatusBody HTML: our page');
$r = req(GET => '/clientht/ok.txt', Accept => 'text/plain');
like(ctype($r), $json_ct, 'AuthStatusBody Problem from .htaccess');

# --- several schemes -------------------------------------------------------------
$r = req(GET => '/client/multi/ok.txt', Accept => 'application/json');
is_deeply([challenges($r)], ['Bearer realm="Client"', 'Basic realm="Client", charset="UTF-8"'],
          'two schemes: one challenge line each, in order');
$p = problem($r);
is_deeply($p && $p->{schemes}, ['Bearer', 'Basic'], 'problem lists both schemes in order');
$r = req(GET => '/client/staff/ok.txt', Accept => 'application/json',
         Authorization => basic('alice', 'secret'));
ok(!exists problem($r)->{schemes}, 'a 403 lists no schemes');

# --- HEAD: same status and headers, no body -----------------------------------------
for my $accept ('application/json', 'text/html') {
    my $get  = req(GET  => $ok, Accept => $accept);
    my $head = req(HEAD => $ok, Accept => $accept);
    is($head->{status}, $get->{status}, "HEAD ($accept): same status");
    is($head->{body}, '', "HEAD ($accept): no body");
    is(ctype($head), ctype($get), "HEAD ($accept): same Content-Type");
    is_deeply([challenges($head)], [challenges($get)], "HEAD ($accept): same challenges");
    is_deeply($head->{headers}{vary}, $get->{headers}{vary}, "HEAD ($accept): same Vary");
}

# --- a configured ErrorDocument wins -----------------------------------------------------
$r = req(GET => '/client/errdoc/ok.txt', Accept => 'application/json');
is($r->{status}, 401, 'ErrorDocument 401 text: 401');
is($r->{body}, 'Custom 401 text', 'ErrorDocument 401 text wins over problem+json');
unlike(ctype($r), $json_ct, 'ErrorDocument: not labelled problem+json');
is(scalar(challenges($r)), 1, 'ErrorDocument: challenge kept');
$r = req(GET => '/client/errdoc/ok.txt', Accept => 'application/json',
         Authorization => basic('alice', 'secret'));
is($r->{status}, 403, 'ErrorDocument 403 local path: 403');
like($r->{body}, qr/forbidden/i, 'the local ErrorDocument is served');
is($r->{body}, do { local $/; open my $fh, '<', Apache::Test::vars('documentroot') . '/errdocs/forbidden.txt' or die; <$fh> },
   'byte for byte the ErrorDocument file');

# --- hidden: the server's own 404, whatever Accept says -------------------------------------
for my $accept ('application/json', 'text/html') {
    my $hidden = req(GET => '/client/hidden/ok.txt', Accept => $accept);
    my $real   = req(GET => '/client/no-such-file.txt', Accept => $accept,
                     Authorization => basic('alice', 'secret'));
    is($hidden->{status}, 404, "hidden ($accept): 404");
    is($hidden->{body}, $real->{body}, "hidden ($accept): the server's own 404 body");
    is(ctype($hidden), ctype($real), "hidden ($accept): same Content-Type");
    is(join(',', sort keys %{ $hidden->{headers} }), join(',', sort keys %{ $real->{headers} }),
       "hidden ($accept): the same header fields");
}

# --- other AuthTypes ----------------------------------------------------------------------
# a stock location stays stock: no body of ours, whatever Accept says
my $stock = req(GET => '/stock/ok.txt', Accept => 'application/json');
is($stock->{status}, 401, 'AuthType Basic: 401');
unlike(ctype($stock), $json_ct, 'AuthType Basic: no problem body');
unlike($stock->{body}, qr/requires authentication\./, 'AuthType Basic: the stock body');
# a refusal the module decides there (AuthStatusForbidOnDeny On) gets one
$r = req(GET => '/stockfd/ok.txt', Accept => 'application/json',
         Authorization => basic('alice', 'secret'));
is($r->{status}, 403, 'AuthType Basic with AuthStatusForbidOnDeny: 403');
like(ctype($r), $json_ct, 'the 403 the module decided has its problem body');
is(problem($r)->{reason}, 'denied', 'reason denied');

# --- 500 stays the server's own ----------------------------------------------------------
$r = req(GET => '/client/broken/ok.txt', Accept => 'application/json',
         Authorization => basic('alice', 'secret'));
is($r->{status}, 500, 'provider failure: 500');
unlike(ctype($r), $json_ct, '500: no problem body of ours');

done_testing();
