# AuthStatusPrompt Navigation: navigations get the Basic challenge, script
# requests a 401 without one a browser prompts for (but still a challenge,
# RFC 9110 section 11.6.1), with Vary. Then headless Chromium, through the
# DevTools protocol, on a page that sends fetch, XHR, <img>, <script> and
# a credentialed cross-origin fetch: no sign-in dialog under Navigation,
# one for each under Always (the stock behaviour the directive changes),
# and a navigation still prompts.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use JSON::PP ();

my $vars = Apache::Test::vars();
my $basic = 'Basic realm="Client", charset="UTF-8"';
sub vary { my ($r) = @_; return join ',', sort map { lc } map { split /\s*,\s*/ } @{ $r->{headers}{vary} || [] } }

my $r = req(GET => '/client/prompt/ok.txt', 'Sec-Fetch-Mode' => 'navigate', 'Sec-Fetch-Dest' => 'document');
is($r->{status}, 401, 'navigation: 401');
is_deeply([challenges($r)], [$basic], 'navigation: the Basic challenge');
$r = req(GET => '/client/prompt/ok.txt');
is_deeply([challenges($r)], [$basic], 'no Sec-Fetch-*, no X-Requested-With (curl, old clients): Basic');
for my $h ([ 'Sec-Fetch-Mode' => 'cors' ], [ 'Sec-Fetch-Mode' => 'no-cors', 'Sec-Fetch-Dest' => 'image' ],
           [ 'X-Requested-With' => 'XMLHttpRequest' ], [ 'Sec-Fetch-Dest' => 'script' ]) {
    my $what = join ' ', @$h;
    $r = req(GET => '/client/prompt/ok.txt', @$h);
    is($r->{status}, 401, "$what: still 401");
    is_deeply([challenges($r)], ['AuthStatus-Login realm="Client"'],
              "$what: a challenge no browser prompts for");
    like(vary($r), qr/sec-fetch-mode.*x-requested-with/, "$what: Vary names what it depends on");
}
$r = req(GET => '/client/prompt/both/ok.txt', 'Sec-Fetch-Mode' => 'cors');
is_deeply([challenges($r)], ['Bearer realm="Client"'], 'Bearer accepted too: the Bearer challenge only');
$r = req(GET => '/client/prompt/login/ok.txt', 'Sec-Fetch-Mode' => 'cors');
is_deeply([challenges($r)], ['AuthStatus-Login realm="Client", login="/signin"'],
          'with a login page: the challenge names it');
$r = req(GET => '/client/ok.txt', 'Sec-Fetch-Mode' => 'cors');
is_deeply([challenges($r)], [$basic], 'AuthStatusPrompt Always (the default): Basic for everyone');

# --- a real Chromium ------------------------------------------------------------
SKIP: {
    my $chromium = -x '/usr/bin/chromium' ? '/usr/bin/chromium' : undef;
    skip 'Chromium is not installed (Debian package chromium; make test installs it)', 9
        unless $chromium;
    skip 'puppeteer-core missing in t/idp/node_modules', 9
        unless -d "$vars->{t_dir}/idp/node_modules/puppeteer-core";
    my $origin = "http://localhost:$vars->{port}";
    my $other  = "http://127.0.0.1:$vars->{port}";
    my $run = sub {
        my ($path) = @_;
        local $ENV{HOME} = $ENV{HOME} && -w $ENV{HOME} ? $ENV{HOME} : $vars->{t_logs};
        open(my $fh, '-|', 'node', "$vars->{t_dir}/idp/browser.mjs", $origin, $other, $path)
            or die "node: $!";
        my $out = do { local $/; <$fh> };
        close $fh;
        my ($line) = grep { /^\{/ } split /\n/, $out // '';
        return eval { JSON::PP::decode_json($line // '') } || { error => $out };
    };
    my $nav = $run->('/client/prompt');
    ok(!$nav->{error}, 'Chromium ran') or diag(JSON::PP::encode_json($nav));
    my %p = map { $_ => 1 } @{ $nav->{prompted} || [] };
    ok(!$p{$_}, "Navigation: no dialog for $_")
        for qw(/client/prompt/fetch.txt /client/prompt/xhr.txt /client/prompt/img.png
               /client/prompt/script.js /client/prompt/cors.txt);
    ok($p{'/client/prompt/nav.txt'}, 'Navigation: a navigation still prompts')
        or diag(JSON::PP::encode_json($nav));
    my $always = $run->('/client');
    my %a = map { $_ => 1 } @{ $always->{prompted} || [] };
    ok($a{'/client/fetch.txt'}, 'Always: Chromium prompts for a same-origin fetch (what Navigation prevents)')
        or diag(JSON::PP::encode_json($always));
    ok($a{'/client/img.png'}, 'Always: and for an <img>');
}

my ($rc, $out) = configtest("<Location /x>\n    AuthStatusPrompt Sometimes\n</Location>\n");
like($out, qr/AuthStatusPrompt: 'Sometimes' is not Always or Navigation/, 'a bad value is refused');
done_testing();
