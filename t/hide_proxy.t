# Hiding behind ProxyPass (docs/directives/hide.md): without
# ProxyErrorOverride a hidden path answers the front server's 404 while a
# missing one answers the backend's, which tells them apart; with
# ProxyErrorOverride On both are the front server's 404, byte for byte
# (Date removed).
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use ASTest;

plan skip_all => 'mod_proxy_http is not loaded' unless Apache::Test::have_module('proxy_http');
Apache::TestRequest::module('authstatus_rproxy');

sub strip { my ($r) = @_; (my $t = $r->{raw}) =~ s/^Date: [^\r\n]*\r\n//mi; return $t }

my $hidden  = req(GET => '/app/hidden/x.txt');
my $missing = req(GET => '/app/missing/x.txt');
is($hidden->{status}, 404, 'ProxyErrorOverride On: hidden path 404');
is($missing->{status}, 404, 'ProxyErrorOverride On: missing path 404');
unlike($missing->{body}, qr/backend says/, "the backend's page is replaced by the front server's");
is(strip($hidden), strip($missing), 'the two answers are the same, byte for byte');

my $ph = req(GET => '/plain/hidden/x.txt');
my $pm = req(GET => '/plain/missing/x.txt');
is($ph->{status}, 404, 'without the override: hidden 404');
like($pm->{body}, qr/backend says 404/, "without the override the backend's 404 shows through");
isnt(strip($ph), strip($pm), 'and tells the two apart (why hide.md asks for ProxyErrorOverride)');
is(req(GET => '/app/hidden/x.txt', Authorization => basic('alice', 'secret'))->{status}, 404,
   'with credentials the request reaches the backend (404 there)');
Apache::TestRequest::module('default');
done_testing();
