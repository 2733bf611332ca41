# AuthStatusCache with Bearer tokens: a verified token is
# remembered with its claims, keyed by an HMAC of the whole token; the entry
# never outlives the token's exp; Require token-scope runs on every hit.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Time::HiRes qw(time sleep);
use Math::BigInt;
use MIME::Base64 qw(decode_base64url encode_base64url);
use ASTest;
use ASBearer;

my $ok = '/cachebearer/ok.txt';
sub hdr { my ($r, $h) = @_; return ($r->{headers}{lc $h} || [''])->[0] }

# status of one request, whether the cache answered it, whether it stored
sub probe {
    my ($path, $token) = @_;
    my $r;
    my @lines = log_watch(sub { $r = req(GET => $path, Authorization => "Bearer $token") });
    return ($r, scalar(grep { /AS08001:/ } @lines),
            scalar(grep { /AS08003: credential cache remembers/ } @lines), \@lines);
}

my $exp_in = 4;
my $t0 = time;
my $tok = mint('RS256', 'rsa.key.pem', claims(exp => "+$exp_in", sub => 'carol'), kid => 'rsa1');
my ($r, $hit, $put, $lines) = probe($ok, $tok);
is($r->{status}, 200, 'a valid token: 200');
ok(!$hit && $put, 'first use: verified and remembered');
my ($line) = grep { /AS08003/ } @$lines;
like($line // '', qr/for [1-4] s/, 'remembered for no longer than the token has left');
my ($sig) = $tok =~ /\.([^.]+)$/;
ok(!grep({ index($_, $sig) >= 0 } @$lines), 'the token is not logged');

($r, $hit) = probe($ok, $tok);
is($r->{status}, 200, 'the same token again: 200');
ok($hit, 'the same token again: cache hit');
is(reason($r), 'ok', 'a cached token sets AUTHSTATUS_REASON=ok');
is(hdr($r, 'X-Remote-User'), 'carol', 'a cached token sets REMOTE_USER from the remembered user');
is(hdr($r, 'X-Claim-Sub'), 'carol', 'a cached token exports its remembered claims');

# any other token, even one differing in its signature only, is verified
(my $bad = $tok) =~ s/(.)$/$1 eq 'A' ? 'B' : 'A'/e;
($r, $hit) = probe($ok, $bad);
is($r->{status}, 401, 'the token with another signature: 401');
ok(!$hit, 'another signature: no cache hit');
my $other = mint('ES256', 'ec256.key.pem', claims(sub => 'carol'), kid => 'ec256');
($r, $hit, $put) = probe($ok, $other);
is($r->{status}, 200, 'another token of the same user: 200');
ok(!$hit && $put, 'another token: verified, then remembered');

# --- an ECDSA token and its high-S twin are one entry -------------------------
# (r, s) and (r, n - s) both verify; without one cache form per signature a
# token had two entries, and a refused twin could still find the other's
my $n256 = Math::BigInt->from_hex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
sub es_twin {
    my ($t) = @_;
    my ($head, $sig) = $t =~ /^(.*\.)([^.]+)$/;
    my $raw = decode_base64url($sig);
    my ($r, $s) = (substr($raw, 0, 32), substr($raw, 32));
    my $sv = Math::BigInt->from_hex(unpack('H*', $s));
    my $nv = $n256->copy->bsub($sv);
    my $hex = substr($nv->as_hex, 2);
    $hex = ('0' x (64 - length $hex)) . $hex;
    return $head . encode_base64url($r . pack('H*', $hex));
}
sub is_high { my ($t) = @_; my ($sig) = $t =~ /\.([^.]+)$/;
    my $sv = Math::BigInt->from_hex(unpack('H*', substr(decode_base64url($sig), 32)));
    return $sv->bcmp($n256->copy->brsft(1)) > 0 }
my $es = mint('ES256', 'ec256.key.pem', claims(sub => 'dave'), kid => 'ec256');
my $es_twin = es_twin($es);
my ($high, $low) = is_high($es) ? ($es, $es_twin) : ($es_twin, $es);
ok(is_high($high) && !is_high($low), 'the two ES256 strings: one high S, one low');
($r, $hit, $put) = probe($ok, $high);
is($r->{status}, 200, 'the high-S string: 200 (real signers make them)');
ok(!$hit && $put, 'the high-S string: verified and remembered');
($r, $hit, $put) = probe($ok, $low);
is($r->{status}, 200, 'its low-S twin: 200');
ok($hit && !$put, 'its low-S twin: the same cache entry, not a second one');
is(hdr($r, 'X-Remote-User'), 'dave', 'the twin: the remembered user');
my $es2 = mint('ES256', 'ec256.key.pem', claims(sub => 'erin'), kid => 'ec256');
my $es2_twin = es_twin($es2);
($r, $hit) = probe($ok, is_high($es2) ? $es2_twin : $es2);
($r, $hit, $put) = probe($ok, is_high($es2) ? $es2 : $es2_twin);
ok($hit && !$put, 'low-S first, then the high-S twin: the same entry');

# --- Require token-scope runs on every hit ------------------------------------
my $read = mint('RS256', 'rsa.key.pem', claims(scope => 'read'), kid => 'rsa1');
for my $n (1, 2) {
    ($r, $hit) = probe('/cachebearer/scope/ok.txt', $read);
    is($r->{status}, 403, "token without the scope, request $n: 403");
    like((challenges($r))[0] // '', qr/error="insufficient_scope"/,
         "request $n: insufficient_scope");
    ok($n == 1 ? !$hit : $hit, "request $n: " . ($n == 1 ? 'verified' : 'cache hit'));
}
my $write = mint('RS256', 'rsa.key.pem', claims(scope => 'read write'), kid => 'rsa1');
probe('/cachebearer/scope/ok.txt', $write);
($r, $hit) = probe('/cachebearer/scope/ok.txt', $write);
is($r->{status}, 200, 'token with the scope, from the cache: 200');
ok($hit, 'token with the scope: cache hit');

# --- the entry ends at the token's exp, not AuthStatusCache's 60 s ---------
my $wait = $t0 + $exp_in + 1.2 - time;
sleep($wait) if $wait > 0;
($r, $hit) = probe($ok, $tok);
is($r->{status}, 401, 'after exp: 401 although AuthStatusCache is 60 s');
ok(!$hit, 'after exp: no cache hit');
is(reason($r), 'token-expired', 'after exp: token-expired');

done_testing();
