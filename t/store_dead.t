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
use ASIdp qw(idp_start idp_stop idp_token idp_issuer idp_ca idp_node);
use JSON::PP ();

my $vars = Apache::Test::vars();
sub node { return idp_node('dpop-tool.mjs', @_) }
sub hdr { my ($r, $h) = @_; return ($r->{headers}{lc $h} || [''])->[0] }

idp_start(keys => 'a');
my $log_start = do {
    open(my $l, '<', "$vars->{t_logs}/error_log") or die "error_log: $!";
    my @l = <$l>; scalar @l;
};
Apache::TestRequest::module('authstatus_store_dead');
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

# the outage is said at warn with what it turns off, and at most once a
# minute for all children: the requests above, each of which found the store
# down, wrote at most one line
open(my $log, '<', "$vars->{t_logs}/error_log") or die "error_log: $!";
my @all = <$log>;
close $log;
my @warn = grep { /AS07001: store memcache:127\.0\.0\.1:7\b/ } @all;
my @mine = grep { /AS07001: store memcache:127\.0\.0\.1:7\b/ } @all[$log_start .. $#all];
ok(scalar(@warn), 'the store outage is logged');
like($warn[0] // '', qr/\[authstatus:warn\].*DPoP replay checks are off/,
     'at warn, saying the replay checks are off');
ok(@mine <= 1, 'at most one line for the requests of this test, not one a request')
    or diag(join('', @mine));

idp_stop();
done_testing();
