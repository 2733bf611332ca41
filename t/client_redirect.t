# AuthStatusLoginRedirect: a browser navigation without
# credentials gets 303 to the evaluated URL; XHR, fetch and API clients, and
# requests with bad credentials, still get 401 with challenges.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $ok   = '/client/login/ok.txt';
my $chal = 'Basic realm="Client", charset="UTF-8"';
my $html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
my @navigate = ('Sec-Fetch-Mode' => 'navigate', 'Sec-Fetch-Dest' => 'document',
                'Sec-Fetch-Site' => 'none', 'Sec-Fetch-User' => '?1', Accept => $html);

sub location { my ($r) = @_; return ($r->{headers}{location} || [''])->[0] }
# the Vary field names, lower-cased, in order, duplicates kept
sub vary { my ($r) = @_; return map { lc } map { split /\s*,\s*/ } @{ $r->{headers}{vary} || [] } }

# --- navigations ------------------------------------------------------------------
my $r = req(GET => $ok, @navigate);
is($r->{status}, 303, 'navigation (Sec-Fetch-Mode: navigate): 303');
is(location($r), '/login?next=/client/login/ok.txt', 'Location is the evaluated expression');
is_deeply([challenges($r)], [], '303 carries no challenge');
is(reason($r), 'no-credentials', 'reason stays no-credentials');
is_deeply([sort(vary($r))], [qw(accept sec-fetch-mode x-requested-with)],
          '303: Vary names the fields the choice depends on, each once');

$r = req(GET => '/client/login/o%20k.txt', @navigate);
is(location($r), '/login?next=/client/login/o%20k.txt', 'escape: in the expression is applied');

# the safe form: the whole target, path and query, as one parameter value
$r = req(GET => '/client/login/safe/x?y=1&z=2', @navigate);
is($r->{status}, 303, 'AuthStatusLoginRedirect url param: 303');
is(location($r), '/signin?next=/client/login/safe/x%3Fy%3D1%26z%3D2',
   'the query is kept, encoded into the one parameter');
$r = req(GET => '/client/login/safe/x&next=https://evil.example/', @navigate);
is(location($r), '/signin?next=/client/login/safe/x%26next%3Dhttps%3A//evil.example/',
   'an & or = in the path cannot start a second next parameter');
unlike(location($r), qr/&next=/, 'exactly one next parameter');
$r = req(GET => '/client/login/safe2/a%20b', @navigate);
is(location($r), '/signin?lang=en&next=/client/login/safe2/a%2520b',
   'after & when the URL has a query; percent signs encoded again');
my ($rc, $out) = configtest(qq{<Location /x>\n    AuthStatusLoginRedirect "/signin" "a b"\n</Location>\n});
isnt($rc, 0, 'a bad parameter name is refused');
like($out, qr/AuthStatusLoginRedirect: 'a b' is not a query parameter name/, 'with a message');
($rc, $out) = configtest(qq{<Location /x>\n    AuthStatusLoginRedirect Off next\n</Location>\n});
isnt($rc, 0, 'Off with a parameter is refused');

$r = req(GET => $ok, Accept => $html);
is($r->{status}, 303, 'no Sec-Fetch-* and Accept with text/html: 303');
$r = req(GET => $ok, Accept => 'text/html');
is($r->{status}, 303, 'Accept: text/html alone: 303');
$r = req(GET => $ok, 'Sec-Fetch-Mode' => 'navigate', 'Sec-Fetch-Dest' => 'iframe',
         Accept => $html, 'X-Requested-With' => 'com.example.app');
is($r->{status}, 303, 'Sec-Fetch-Mode: navigate wins over X-Requested-With (Android WebView)');
$r = req(HEAD => $ok, @navigate);
is($r->{status}, 303, 'HEAD navigation: 303');
is(location($r), '/login?next=/client/login/ok.txt', 'HEAD: same Location');
is($r->{body}, '', 'HEAD: no body');
$r = req(GET => '/clientht/ok.txt', Accept => $html);
is($r->{status}, 303, '.htaccess: 303');
is(location($r), '/login?from=/clientht/ok.txt', '.htaccess: its own expression');

# --- scripts and API clients: 401 ----------------------------------------------------
my @not = (
    [ 'fetch() (Sec-Fetch-Mode: cors)', 'Sec-Fetch-Mode' => 'cors', 'Sec-Fetch-Dest' => 'empty', Accept => '*/*' ],
    [ 'fetch() asking for HTML', 'Sec-Fetch-Mode' => 'cors', 'Sec-Fetch-Dest' => 'empty', Accept => 'text/html' ],
    [ 'no-cors sub-resource', 'Sec-Fetch-Mode' => 'no-cors', 'Sec-Fetch-Dest' => 'image', Accept => 'image/*' ],
    [ 'same-origin mode', 'Sec-Fetch-Mode' => 'same-origin', Accept => $html ],
    [ 'Sec-Fetch-Dest without a mode', 'Sec-Fetch-Dest' => 'empty', Accept => $html ],
    [ 'XHR (X-Requested-With)', 'X-Requested-With' => 'XMLHttpRequest', Accept => $html ],
    [ 'API client (Accept: application/json)', Accept => 'application/json' ],
    [ 'curl (Accept: */*)', Accept => '*/*' ],
    [ 'no Accept at all' ],
    [ 'text/html refused (q=0)', Accept => 'text/html;q=0, */*' ],
);
for my $c (@not) {
    my ($what, @h) = @$c;
    $r = req(GET => $ok, @h);
    is($r->{status}, 401, "$what: 401");
    is_deeply([challenges($r)], [$chal], "$what: challenge");
    is(location($r), '', "$what: no Location");
    is_deeply([sort(vary($r))], [qw(accept sec-fetch-mode x-requested-with)],
              "$what: the 401 varies on the same fields, each once");
}

# --- credentials present: no redirect ---------------------------------------------------
$r = req(GET => $ok, @navigate, Authorization => basic('alice', 'wrong'));
is($r->{status}, 401, 'navigation with a wrong password: 401');
is_deeply([challenges($r)], [$chal], 'wrong password: challenge');
$r = req(GET => $ok, @navigate, Authorization => 'Negotiate abc');
is($r->{status}, 401, 'navigation with another scheme: 401');
$r = req(GET => $ok, @navigate, Authorization => 'Basic %%%');
is($r->{status}, 400, 'navigation with malformed credentials: 400');
$r = req(GET => $ok, @navigate, Authorization => basic('alice', 'secret'));
is($r->{status}, 200, 'navigation with good credentials: 200');

# --- Off, and locations without the directive ---------------------------------------------
$r = req(GET => '/client/login/off/ok.txt', @navigate);
is($r->{status}, 401, 'AuthStatusLoginRedirect Off: 401');
is_deeply([challenges($r)], [$chal], 'Off: challenge');
$r = req(GET => '/client/ok.txt', @navigate);
is($r->{status}, 401, 'no AuthStatusLoginRedirect: 401');

done_testing();
