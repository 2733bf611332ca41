# AuthStatusCache: a verified Basic credential is remembered, keyed
# by an HMAC of the scheme, the location's configuration and the credentials.
# The password file is rewritten between requests: a cached success keeps
# working (no provider was asked) until it expires, while anything that is
# not the same credential at the same location sees the file as it is.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_write_file);
use Digest::SHA qw(sha1);
use MIME::Base64 qw(encode_base64);
use ASTest;

my $vars = Apache::Test::vars();
my $logs = $vars->{t_logs};

# htpasswd lines in the {SHA} format apr_password_validate understands
sub pwfile {
    my ($file, %users) = @_;
    my $text = join '', map { "$_:{SHA}" . encode_base64(sha1($users{$_}), '') . "\n" }
                        sort keys %users;
    t_write_file("$logs/$file.tmp", $text);
    rename("$logs/$file.tmp", "$logs/$file") or die "rename $file: $!";
}

sub get {
    my ($path, $user, $pw, @h) = @_;
    return req(GET => $path, Authorization => basic($user, $pw), @h);
}

# status of one request and whether the cache answered it
sub probe {
    my @args = @_;
    my $r;
    my @lines = log_watch(sub { $r = get(@args) });
    my $hit = grep { /AS08001:/ } @lines;
    my $put = grep { /AS08003: credential cache remembers/ } @lines;
    return ($r, $hit, $put, \@lines);
}

pwfile('cache-htpasswd', cara => 'pw1', bob => 'bobpw');
pwfile('cache-htpasswd-two', cara => 'other');

# --- a success is remembered, then served from the cache ------------------
my ($r, $hit, $put, $lines) = probe('/cache/ok.txt', 'cara', 'pw1');
is($r->{status}, 200, 'first request: 200');
ok(!$hit, 'first request: not from the cache');
ok($put, 'first request: the success is remembered');
ok(!grep({ /pw1/ } @$lines), 'the password is not logged');

($r, $hit) = probe('/cache/ok.txt', 'cara', 'pw1');
is($r->{status}, 200, 'second request: 200');
ok($hit, 'second request: cache hit logged at debug');
is(reason($r), 'ok', 'a cached success still sets AUTHSTATUS_REASON=ok');
is($r->{body}, "ok cache\n", 'the resource is served');

# another resource under the same location shares the entry
($r, $hit) = probe('/cache/other.txt', 'cara', 'pw1');
is($r->{status}, 404, 'another resource of the location: authenticated, then 404');
ok($hit, 'another resource of the location: cache hit');

# a wrong password never hits
($r, $hit) = probe('/cache/ok.txt', 'cara', 'pw2');
is($r->{status}, 401, 'wrong password with a cached success: 401');
ok(!$hit, 'wrong password: no cache hit');
is(reason($r), 'bad-credentials', 'wrong password: bad-credentials');
($r, $hit) = probe('/cache/ok.txt', 'Cara', 'pw1');
is($r->{status}, 401, 'another user name with the same password: 401');
ok(!$hit, 'another user name: no cache hit');

# prime the realm location under realm A
is(get('/cacherealm/ok.txt', 'cara', 'pw1', 'X-Realm' => 'A')->{status}, 200,
   'realm A: 200');
# and the same Location over directory one, and a URL of /cachematch
is(get('/cachedirs/one/ok.txt', 'cara', 'pw1')->{status}, 200,
   'directory one: 200');
is(get('/cachematch/ok.txt', 'cara', 'pw1')->{status}, 200, '/cachematch: 200');
is(get('/cachematch/ok.alt', 'cara', 'pw1')->{status}, 401,
   '/cachematch/*.alt checks the other password file: 401');

# --- change the password on disk ------------------------------------------
pwfile('cache-htpasswd', cara => 'pw2', bob => 'bobpw');

($r, $hit) = probe('/cache/ok.txt', 'cara', 'pw1');
is($r->{status}, 200, 'old password after the file changed: still 200 from the cache');
ok($hit, 'old password after the file changed: cache hit (no provider call)');

($r, $hit) = probe('/nocache/ok.txt', 'cara', 'pw1');
is($r->{status}, 401, 'a location without the cache sees the change: 401');
ok(!$hit, 'no cache there');

($r, $hit) = probe('/cache2/ok.txt', 'cara', 'pw1');
is($r->{status}, 401, 'a different location with the same settings never hits: 401');
ok(!$hit, 'different location: no cache hit');

($r, $hit) = probe('/cache/off/ok.txt', 'cara', 'pw1');
is($r->{status}, 401, 'AuthStatusCache Off below a caching location: 401');
ok(!$hit, 'AuthStatusCache Off: no cache hit');

($r, $hit) = probe('/cacherealm/ok.txt', 'cara', 'pw1', 'X-Realm' => 'A');
is($r->{status}, 200, 'same realm: cached success');
ok($hit, 'same realm: cache hit');
($r, $hit) = probe('/cacherealm/ok.txt', 'cara', 'pw1', 'X-Realm' => 'B');
is($r->{status}, 401, 'another realm at the same location never hits: 401');
ok(!$hit, 'another realm: no cache hit');

($r, $hit) = probe('/cachedirs/two/ok.txt', 'cara', 'pw1');
is($r->{status}, 401, 'the same Location over another Directory (other password file) never hits: 401');
ok(!$hit, 'other directory: no cache hit');
($r, $hit) = probe('/cachedirs/one/ok.txt', 'cara', 'pw1');
is($r->{status}, 200, 'directory one: still cached');
ok($hit, 'directory one: cache hit');

($r, $hit) = probe('/cachematch/ok.alt', 'cara', 'pw1');
is($r->{status}, 401, 'same URL directory, another last section (LocationMatch) never hits: 401');
ok(!$hit, 'another last section: no cache hit');
($r, $hit) = probe('/cachematch/ok.txt', 'cara', 'pw1');
is($r->{status}, 200, '/cachematch/ok.txt: still cached');
ok($hit, '/cachematch/ok.txt: cache hit');

# the new password is checked by the provider, then cached too
($r, $hit, $put) = probe('/cache/ok.txt', 'cara', 'pw2');
is($r->{status}, 200, 'new password: 200');
ok(!$hit && $put, 'new password: verified by the provider and remembered');

# --- authorization runs on every hit --------------------------------------
($r, $hit) = probe('/cache/staff/ok.txt', 'cara', 'pw2');
is($r->{status}, 403, 'not in staff: 403');
($r, $hit) = probe('/cache/staff/ok.txt', 'cara', 'pw2');
is($r->{status}, 403, 'not in staff, from the cache: still 403');
ok($hit, 'the 403 came after a cache hit');
is(reason($r), 'denied', 'reason denied on a cached success');
is_deeply([challenges($r)], [], 'no challenge on the 403');
is(get('/cache/staff/ok.txt', 'bob', 'bobpw')->{status}, 200, 'bob (staff): 200');
($r, $hit) = probe('/cache/staff/ok.txt', 'bob', 'bobpw');
is($r->{status}, 200, 'bob (staff), from the cache: 200');
ok($hit, 'bob: cache hit');

# --- .htaccess -------------------------------------------------------------
is(get('/cacheht/ok.txt', 'bob', 'bobpw')->{status}, 200, '.htaccess: 200');
($r, $hit) = probe('/cacheht/ok.txt', 'bob', 'bobpw');
is($r->{status}, 200, '.htaccess: 200 again');
ok($hit, '.htaccess: cache hit');

# --- expiry ------------------------------------------------------------------
# AuthStatusCache 2 at /cacheshort
pwfile('cache-htpasswd', cara => 'pw2', bob => 'bobpw', dora => 'd1');
is(get('/cacheshort/ok.txt', 'dora', 'd1')->{status}, 200, 'short cache: 200');
pwfile('cache-htpasswd', cara => 'pw2', bob => 'bobpw', dora => 'd2');
($r, $hit) = probe('/cacheshort/ok.txt', 'dora', 'd1');
is($r->{status}, 200, 'short cache, before expiry: 200 from the cache');
ok($hit, 'short cache, before expiry: cache hit');
sleep(3);
($r, $hit) = probe('/cacheshort/ok.txt', 'dora', 'd1');
is($r->{status}, 401, 'short cache, after expiry: the provider answers, 401');
ok(!$hit, 'after expiry: no cache hit');

# --- this process's copy ------------------------------------------------------
# Requests on one keep-alive connection are served by one child: after the
# first success, the next is answered from that process's own copy of the
# entry (no shared-store lock), and the copy expires with the entry.
sub ka_get {
    my ($sock, $path, $user, $pw) = @_;
    print $sock "GET $path HTTP/1.1\r\nHost: localhost\r\n"
        . "Authorization: " . basic($user, $pw) . "\r\n\r\n";
    my $head = '';
    while ($head !~ /\r\n\r\n/) {
        sysread($sock, my $c, 1) or last;
        $head .= $c;
    }
    my ($len) = $head =~ /^Content-Length:\s*(\d+)/mi;
    my $body = '';
    while (length($body) < ($len // 0)) {
        sysread($sock, my $b, $len - length($body)) or last;
        $body .= $b;
    }
    my ($status) = $head =~ m{^HTTP/\S+ (\d{3})};
    return $status // 0;
}
{
    pwfile('cache-htpasswd', cara => 'pw2', bob => 'bobpw', erin => 'e1');
    my $sock = Apache::TestRequest::vhost_socket();
    my $st;
    my @lines = log_watch(sub { $st = ka_get($sock, '/cacheshort/ok.txt', 'erin', 'e1') });
    is($st, 200, 'keep-alive, first request: 200');
    ok((grep { /AS08003: credential cache remembers user erin/ } @lines),
       'keep-alive, first request: remembered');
    pwfile('cache-htpasswd', cara => 'pw2', bob => 'bobpw', erin => 'e2');
    @lines = log_watch(sub { $st = ka_get($sock, '/cacheshort/ok.txt', 'erin', 'e1') });
    is($st, 200, 'keep-alive, second request: 200 from the cache');
    ok((grep { /AS08001: credential cache hit for user erin \(Basic, this process's copy\)/ } @lines),
       "keep-alive, second request: answered from this process's copy")
        or diag(join '', @lines);
    sleep(3);
    @lines = log_watch(sub { $st = ka_get($sock, '/cacheshort/ok.txt', 'erin', 'e1') });
    is($st, 401, "keep-alive, after expiry: the process's copy is not used, 401");
    ok(!(grep { /AS08001:/ } @lines), 'keep-alive, after expiry: no cache hit');
    close $sock;
}

# --- throttling comes first -------------------------------------------------
{
    Apache::TestRequest::module('authstatus_cache_throttle');
    my $ip = '192.0.2.77';
    is(get('/cache/ok.txt', 'bob', 'bobpw', 'X-Forwarded-For' => $ip)->{status},
       200, 'throttled host: bob 200');
    ($r, $hit) = probe('/cache/ok.txt', 'bob', 'bobpw', 'X-Forwarded-For' => $ip);
    is($r->{status}, 200, 'throttled host: bob from the cache');
    ok($hit, 'throttled host: cache hit');
    for (1 .. 2) {
        is(get('/cache/ok.txt', 'nobody', 'wrong', 'X-Forwarded-For' => $ip)->{status},
           401, "failed attempt $_ from $ip");
    }
    ($r, $hit) = probe('/cache/ok.txt', 'bob', 'bobpw', 'X-Forwarded-For' => $ip);
    is($r->{status}, 429, 'a locked-out address gets 429 even with a cached credential');
    ok(!$hit, 'the cache was not consulted');
    ($r, $hit) = probe('/cache/ok.txt', 'bob', 'bobpw', 'X-Forwarded-For' => '192.0.2.78');
    is($r->{status}, 200, 'another address: bob from the cache');
    ok($hit, 'another address: cache hit');
    Apache::TestRequest::module('default');
}

# --- a graceful restart makes a new key: every entry stops matching ------
pwfile('cache-htpasswd', cara => 'pw3', bob => 'bobpw');
($r, $hit) = probe('/cache/ok.txt', 'cara', 'pw2');
is($r->{status}, 200, 'before the restart: the old password is cached');
ok($hit, 'before the restart: cache hit');
{
    my $errlog = "$logs/error_log";
    my $from = -s $errlog;
    open(my $pf, '<', "$logs/httpd.pid") or die "pid file: $!";
    chomp(my $pid = <$pf>);
    close $pf;
    ok(kill('USR1', $pid), 'graceful restart requested');
    my $done = 0;
    for (1 .. 100) {
        open(my $fh, '<', $errlog) or die "$errlog: $!";
        seek($fh, $from, 0);
        local $/;
        my $new = <$fh> // '';
        close $fh;
        if ($new =~ /resuming normal operations/) { $done = 1; last }
        select(undef, undef, undef, 0.1);
    }
    ok($done, 'the server came back');
    # let the old generation's children finish
    sleep(1);
}
($r, $hit) = probe('/cache/ok.txt', 'cara', 'pw2');
is($r->{status}, 401, 'after a graceful restart the old password is checked again: 401');
ok(!$hit, 'after the restart: no cache hit');
($r, $hit, $put) = probe('/cache/ok.txt', 'cara', 'pw3');
is($r->{status}, 200, 'after the restart: the current password works');
ok(!$hit && $put, 'after the restart: verified and remembered anew');

# --- bad values stop startup ----------------------------------------------
# the value goes in a section that otherwise authenticates with AuthStatus
sub in_location {
    my ($line) = @_;
    return <<"EOC";
<Location /x>
    AuthType AuthStatus
    AuthName "X"
    $line
    Require valid-user
</Location>
EOC
}

for my $good ('AuthStatusCache 300', 'AuthStatusCache Off', 'AuthStatusCache 0',
              'AuthStatusCache 86400') {
    my ($rc, $out) = configtest(in_location($good));
    is($rc, 0, "accepted: $good") or diag($out);
}
for my $bad ([ '-1',    qr/AuthStatusCache: '-1' is not Off or a whole number of seconds from 1 to 86400/ ],
             [ '5s',    qr/AuthStatusCache: '5s' is not Off/ ],
             [ 'On',    qr/AuthStatusCache: 'On' is not Off/ ],
             [ '86401', qr/AuthStatusCache: '86401' is not Off/ ],
             [ '',      qr/AuthStatusCache takes one argument/ ],
             [ '1 2',   qr/AuthStatusCache takes one argument/ ]) {
    my ($arg, $want) = @$bad;
    my ($rc, $out) = configtest(in_location("AuthStatusCache $arg"));
    isnt($rc, 0, "startup fails: AuthStatusCache $arg");
    like($out, $want, "the message names the directive, value and why: '$arg'");
}

done_testing();
