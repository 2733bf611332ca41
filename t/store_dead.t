# A store that is down at request time (memcached on a port where nothing
# listens) turns off what needs it, never the API: keys are still fetched
# from the provider by each child on its own, DPoP proofs are still checked
# (only their replay check goes, fail-open as throttling).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use ASTest;
use ASIdp qw(idp_start idp_stop idp_token idp_issuer idp_ca);
use JSON::PP ();

my $vars = Apache::Test::vars();
sub node {
    my (@args) = @_;
    local $ENV{NODE_EXTRA_CA_CERTS} = idp_ca();
    open(my $fh, '-|', 'node', "$vars->{t_dir}/idp/dpop-tool.mjs", @args) or die "node: $!";
    my $out = do { local $/; <$fh> };
    close $fh;
    my ($line) = grep { /^\{/ } split /\n/, $out // '';
    return eval { JSON::PP::decode_json($line // '') } || { error => $out };
}
sub hdr { my ($r, $h) = @_; return ($r->{headers}{lc $h} || [''])->[0] }

idp_start(keys => 'a');
Apache::TestRequest::module('authstatus_throttle_dead');
my $hp = Apache::TestRequest::hostport();

my $r = req(GET => '/deadstore/x', Authorization => 'Bearer ' . idp_token());
is($r->{status}, 200, 'a provider token with the store down: 200 (the child fetched the keys itself)')
    or diag(hdr($r, 'X-AuthStatus-Reason'));

my $p = node('proofs', idp_issuer(), "http://$hp/deadstore/x");
ok($p->{token} && $p->{good}, 'a DPoP-bound token and proofs') or diag(JSON::PP::encode_json($p));
$r = req(GET => '/deadstore/x', Authorization => "DPoP $p->{token}", DPoP => $p->{good});
is($r->{status}, 200, 'DPoP with the store down: 200');
$r = req(GET => '/deadstore/x', Authorization => "DPoP $p->{token}", DPoP => $p->{bad}{signature});
is($r->{status}, 401, 'a bad proof with the store down: still 401');
$r = req(GET => '/deadstore/x', Authorization => "DPoP $p->{token}", DPoP => $p->{good});
is($r->{status}, 200, 'the same proof again: accepted, the replay check needs the store (documented fail-open)');

idp_stop();
done_testing();
