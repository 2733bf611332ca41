# A refusal is written as the request ends, not held back until the MPM's
# write completion: the module puts a FLUSH right after the refusal's EOS.
# Without it, the small in-memory answer waited in the core output filter
# while httpd looked for the next keep-alive request, found none yet, and
# handed the connection to the event MPM's listener: a refusal then cost
# more than a success. The same
# goes for every error answer in a location that hides, so that a hidden 404
# and a genuine one stay alike.
# t/modules/mod_as_probe.c logs the buckets that reach the connection for a
# request that sends X-Probe-Order.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $alice = basic('alice', 'secret');

sub order {
    my ($method, $path, @h) = @_;
    my $r;
    my @lines = log_watch(sub { $r = req($method, $path, 'X-Probe-Order' => 1, @h) });
    my ($seq) = map { /as_probe order: (.*)$/ ? $1 : () } @lines;
    return ($r, $seq // '');
}

my ($r, $seq) = order(GET => '/basic/staff/ok.txt', Authorization => $alice);
is($r->{status}, 403, '403 refusal');
like($seq, qr/\bS F\b/, '403: FLUSH right after EOS') or diag($seq);
like($seq, qr/^D/, '403: the answer itself reached the connection') or diag($seq);
like($r->{body}, qr/Forbidden/, '403: body intact');

($r, $seq) = order(GET => '/basic/ok.txt');
is($r->{status}, 401, '401 first challenge');
like($seq, qr/\bS F\b/, '401: FLUSH right after EOS') or diag($seq);
ok(scalar(challenges($r)), '401: challenge intact');
is($r->{headers}{'content-length'}[0], length($r->{body}), '401: Content-Length still set');

($r, $seq) = order(HEAD => '/basic/staff/ok.txt', Authorization => $alice);
is($r->{status}, 403, 'HEAD 403');
like($seq, qr/\bS F\b/, 'HEAD 403: FLUSH right after EOS') or diag($seq);

($r, $seq) = order(GET => '/basic/ok.txt', Authorization => 'Basic !!!');
is($r->{status}, 400, '400 malformed');
like($seq, qr/\bS F\b/, '400: FLUSH right after EOS') or diag($seq);

# hidden: the 404 of a denied user, and the genuine 404 of a missing file in
# the same hidden location, both flushed (the same on the wire and in time)
($r, $seq) = order(GET => '/hide/loc-denied/ok.txt', Authorization => $alice);
is($r->{status}, 404, 'hidden 404');
like($seq, qr/\bS F\b/, 'hidden 404: FLUSH right after EOS') or diag($seq);
($r, $seq) = order(GET => '/hide/loc-denied/nosuch.txt', Authorization => basic('bob', 'builder'));
is($r->{status}, 404, 'genuine 404 in a hidden location');
like($seq, qr/\bS F\b/, 'genuine 404 in a hidden location: FLUSH right after EOS') or diag($seq);

# control: a stock mod_auth_basic refusal is left as httpd sends it
($r, $seq) = order(GET => '/stock/ok.txt');
is($r->{status}, 401, 'stock 401');
isnt($seq, '', 'stock 401: the probe saw it');
unlike($seq, qr/\bS F\b/, 'stock 401: no FLUSH added') or diag($seq);

done_testing();
