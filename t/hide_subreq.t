# Hidden resources stay hidden from sub-requests: mod_autoindex
# does not list them (even with IndexOptions ShowForbidden, which lists 401
# and 403 entries), mod_dir treats a hidden DirectoryIndex as absent, and
# mod_negotiation neither picks nor names a hidden variant.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

plan skip_all => 'needs mod_autoindex, mod_dir and mod_negotiation'
    unless need_module(qw(autoindex dir negotiation));

my $alice = basic('alice', 'secret');     # not in group staff
my $bob   = basic('bob', 'builder');      # in group staff

sub get {
    my ($path, $auth, @h) = @_;
    return req(GET => $path, (defined $auth ? (Authorization => $auth) : ()), @h);
}
sub undated { my ($s) = @_; $s =~ s/^Date: [^\r\n]*\r\n//mg; return $s }
sub listed { my ($r, $name) = @_; return $r->{body} =~ /href="\Q$name\E"/ }

# ------------------------------------------------------------ autoindex ---
my $r = get('/hide-ai/');
is($r->{status}, 200, 'autoindex, anonymous: listing');
ok(listed($r, 'public.txt'), 'autoindex, anonymous: public entry listed');
ok(!listed($r, 'secret-always.txt'), 'autoindex, anonymous: Always-hidden file not listed');
ok(!listed($r, 'secretdir/'), 'autoindex, anonymous: Always-hidden directory not listed');
# Denied answers an anonymous client 401, so ShowForbidden lists it as for
# any protected entry: Denied hides only from those who are refused.
ok(listed($r, 'secret-denied.txt'), 'autoindex, anonymous: Denied entry shown as protected (401)');

$r = get('/hide-ai/', $alice);
is($r->{status}, 200, 'autoindex, non-member: listing');
ok(listed($r, 'public.txt'), 'autoindex, non-member: public entry listed');
ok(!listed($r, 'secret-denied.txt'), 'autoindex, non-member: Denied-hidden file not listed');
ok(!listed($r, 'secret-always.txt'), 'autoindex, non-member: Always-hidden file not listed');
ok(!listed($r, 'secretdir/'), 'autoindex, non-member: Always-hidden directory not listed');

$r = get('/hide-ai/', basic('bob', 'wrong'));
ok(!listed($r, 'secret-always.txt') && !listed($r, 'secretdir/'),
   'autoindex, wrong password: Always-hidden entries not listed');

$r = get('/hide-ai/', $bob);
ok(listed($r, $_), "autoindex, member: $_ listed")
    for qw(public.txt secret-denied.txt secret-always.txt secretdir/);

# ------------------------------------------------------ DirectoryIndex ---
$r = get('/hide-di/');
is($r->{status}, 200, 'hidden DirectoryIndex, Indexes on, anonymous: 200');
like($r->{body}, qr{<title>Index of /hide-di</title>}, '... a listing, as if there were no index');
ok(listed($r, 'other.txt'), '... listing other files');
ok(!listed($r, 'index.html'), '... without the hidden index');
unlike($r->{body}, qr/hidden index/, '... and not its content');
$r = get('/hide-di/', $alice);
ok(!listed($r, 'index.html') && $r->{body} !~ /hidden index/,
   'hidden DirectoryIndex, non-member: neither listed nor served');
$r = get('/hide-di/', $bob);
is($r->{status}, 200, 'hidden DirectoryIndex, member: 200');
is($r->{body}, "hidden index\n", 'hidden DirectoryIndex, member: the index');

# Without Indexes, a directory whose index is hidden answers exactly like one
# that has no index (403 "forbidden by Options").
for my $auth (undef, $alice, 'Basic %%%') {
    my $what = defined $auth ? "credentials '$auth'" : 'no credentials';
    my $a = undated(get('/hide-dn/', $auth)->{raw});
    my $b = undated(get('/hide-dn-empty/', $auth)->{raw});
    like($b, qr{^HTTP/1\.1 403 }, "no Indexes, no index, $what: 403");
    is($a, $b, "no Indexes, hidden index, $what: byte-identical to a directory without one");
}
$r = get('/hide-dn/', $bob);
is($r->{body}, "hidden index\n", 'no Indexes, hidden index, member: the index');

# ---------------------------------------------------------- MultiViews ---
for my $auth (undef, $alice, basic('bob', 'wrong')) {
    my $what = defined $auth ? 'refused credentials' : 'no credentials';
    my $a = undated(get('/hide-mv/doc', $auth)->{raw});
    my $b = undated(get('/hide-mv/nodoc', $auth)->{raw});
    like($b, qr{^HTTP/1\.1 404 }, "MultiViews, nothing matches, $what: 404");
    is($a, $b, "MultiViews, only variant hidden, $what: byte-identical to no variant at all");
}
$r = get('/hide-mv/doc', $bob);
is($r->{body}, "<p>hidden doc</p>\n", 'MultiViews, member: the hidden variant');

for my $auth (undef, $alice) {
    my $what = defined $auth ? 'non-member' : 'anonymous';
    $r = get('/hide-mv/doc2', $auth, 'Accept-Language' => 'de, en;q=0.5');
    is($r->{status}, 200, "MultiViews, $what prefers the hidden variant: 200");
    is($r->{body}, "<p>english</p>\n", "MultiViews, $what: gets the visible variant");
    unlike($r->{raw}, qr/doc2\.de/, "MultiViews, $what: nothing names the hidden variant");
    # only the hidden variant acceptable: 406 listing the others, as if absent
    $r = get('/hide-mv/doc2', $auth, 'Accept-Language' => 'de');
    is($r->{status}, 406, "MultiViews, $what accepts only the hidden variant: 406");
    unlike($r->{raw}, qr/doc2\.de|\bde\b/, "MultiViews, $what: the 406 lists only visible variants");
    # transparent negotiation lists the variants (Alternates, 300 body)
    $r = get('/hide-mv/doc2', $auth, 'Accept-Language' => 'de', Negotiate => 'trans');
    like($r->{raw}, qr/doc2\.en\.html/, "MultiViews with Negotiate: trans, $what: the visible variant is listed");
    unlike($r->{raw}, qr/doc2\.de|\bde\b/, "MultiViews with Negotiate: trans, $what: the hidden one is not");
}
$r = get('/hide-mv/doc2', $bob, 'Accept-Language' => 'de', Negotiate => 'trans');
like($r->{raw}, qr/doc2\.de\.html/, 'MultiViews with Negotiate: trans, member: the variant is listed');
$r = get('/hide-mv/doc2', $bob, 'Accept-Language' => 'de');
is($r->{body}, "<p>deutsch</p>\n", 'MultiViews, member: the preferred variant');

done_testing();
