# A DPoP proof's jti must be remembered for its whole window whatever else
# the store is asked to hold: credential-cache entries written by the
# client's own traffic (here 15,000 Bearer entries, each in its own URL
# directory) must not push it out and make the proof replayable.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use ASTest;
use ASBearer;
use ASIdp qw(idp_start idp_stop idp_issuer idp_ca idp_node);
use JSON::PP ();

my $vars = Apache::Test::vars();
my $base = "http://localhost:$vars->{port}";

sub node { return idp_node('dpop-tool.mjs', @_) }
sub dpop {
    my ($path, $token, $proof) = @_;
    return req(GET => $path, Authorization => "DPoP $token", DPoP => $proof);
}

# n requests on keep-alive connections, pipelined 50 at a time; the number
# of responses of each status
sub pipelined {
    my ($n, $make) = @_;
    my %st;
    for (my $i = 0; $i < $n; $i += 50) {
        my $sock = Apache::TestRequest::vhost_socket() or die "connect";
        my $last = $i + 50 > $n ? $n : $i + 50;
        my $text = '';
        for my $k ($i .. $last - 1) {
            $text .= $make->($k) . ($k == $last - 1 ? "Connection: close\r\n\r\n" : "\r\n");
        }
        print $sock $text;
        my $resp = '';
        while (sysread($sock, my $buf, 65536)) { $resp .= $buf }
        close $sock;
        $st{$1}++ while $resp =~ m{^HTTP/1\.1 (\d{3}) }mg;
    }
    return \%st;
}

idp_start(keys => 'a');
my $p = node('proofs', idp_issuer(), "$base/dpop/x");
ok($p->{token} && $p->{good}, 'a bound token and a proof') or diag(JSON::PP::encode_json($p));
is(dpop('/dpop/x', $p->{token}, $p->{good})->{status}, 200, 'the proof, first use: 200');
is(dpop('/dpop/x', $p->{token}, $p->{good})->{status}, 401, 'the proof again: 401');

# the client's own traffic: a valid token remembered in 15,000 places
my $tok = mint('RS256', 'rsa.key.pem', claims(sub => 'mallory', exp => '+600'), kid => 'rsa1');
my $st = pipelined(15000, sub {
    "GET /cachebearer/churn$_[0]/x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer $tok\r\n"
});
is($st->{404} // 0, 15000, '15,000 requests, each authenticated and remembered (then 404)')
    or diag(JSON::PP::encode_json($st));

my $r = dpop('/dpop/x', $p->{token}, $p->{good});
is($r->{status}, 401, 'the proof replayed after the churn, inside its window: still 401');
like((challenges($r))[0] // '', qr/error="invalid_dpop_proof"/, 'the replay: invalid_dpop_proof');
is(dpop('/dpop/x', $p->{token}, $p->{htuQueryIgnored})->{status}, 200,
   'a fresh proof of the same key: 200');

idp_stop();
done_testing();
