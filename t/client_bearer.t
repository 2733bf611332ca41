# Bodies, redirects and preflights over Bearer (the locations in t/conf/bearer.conf.in):
# problem+json bodies for invalid, expired and under-scoped tokens, the
# schemes list, the Bearer reasons in the access log, and the fail2ban
# filter on a bad token.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;
use ASBearer;
use JSON::PP ();

my $rsa = 'rsa.key.pem';
my $tag = 'b' . time() . $$;
sub bearer  { return (Authorization => "Bearer $_[0]") }
sub ctype   { my ($r) = @_; return ($r->{headers}{'content-type'} || [''])->[0] }
sub problem { my ($r) = @_; return eval { JSON::PP::decode_json($r->{body}) } || {} }

my $expired = mint(RS256 => $rsa, claims(exp => '-3600', iat => '-7200'), kid => 'rsa1');
my $badsig  = mint(RS256 => $rsa, claims(), kid => 'rsa1');
$badsig =~ s/.{6}$/AAAAAA/;
my $noscope = mint(RS256 => $rsa, claims(scope => 'openid'), kid => 'rsa1');
my $good    = mint(RS256 => $rsa, claims(), kid => 'rsa1');

my @cases = (
    [ 'token-expired',      401, '/bearer/ok.txt',       $expired ],
    [ 'token-invalid',      401, '/bearer/ok.txt',       $badsig ],
    [ 'insufficient-scope', 403, '/bearer/scope/ok.txt', $noscope ],
    [ 'ok',                 200, '/bearer/ok.txt',       $good ],
);
my $n = 0;
for my $c (@cases) {
    my ($reason, $status, $path, $tok) = @$c;
    my $r = req(GET => "$path?$tag-" . $n++, Accept => 'application/json', bearer($tok));
    is($r->{status}, $status, "$reason: $status");
    is(reason($r), $reason, "$reason: reason");
    next if $status == 200;
    like(ctype($r), qr{^application/problem\+json$}, "$reason: problem+json");
    my $p = problem($r);
    is($p->{status}, $status, "$reason: problem status");
    is($p->{reason}, $reason, "$reason: problem reason");
    my ($payload) = $tok =~ /^[^.]+\.([^.]+)\./;
    unlike($r->{body}, qr/\Q$payload\E|alice|issuer\.test/, "$reason: the body echoes no part of the token");
    like($p->{detail}, qr/expired/, "$reason: detail says expired") if $reason eq 'token-expired';
    like(ctype(req(GET => $path, Accept => 'text/html', bearer($tok))), qr{^text/html},
         "$reason: HTML for a browser");
}

# two schemes: both listed, in challenge order
my $r = req(GET => '/both/ok.txt', Accept => 'application/json');
is_deeply(problem($r)->{schemes}, ['Bearer', 'Basic'], '/both: problem lists Bearer then Basic');
is(scalar(challenges($r)), 2, '/both: two challenge lines');

# the access log has the Bearer reasons (LogFormat of t/conf/client.conf.in)
select(undef, undef, undef, 0.2);
my $log = Apache::Test::vars('t_logs') . '/reason_log';
open(my $fh, '<', $log) or die "cannot read $log: $!";
my %line;
while (<$fh>) {
    my ($final, $orig, $method, $url) = split / /, $_, 4;
    $line{$1} = $final if defined $url && $url =~ /\?\Q$tag\E-(\d+)$/;
}
close $fh;
for my $i (0 .. $#cases) {
    is($line{$i}, $cases[$i][0], "access log: $cases[$i][0]");
}

# the fail2ban filter counts a bad token
my $doc = Apache::Test::vars('top_dir') . '/docs/fail2ban.md';
open($fh, '<', $doc) or die "cannot read $doc: $!";
my ($rx) = map { /^failregex = (.*)$/ ? $1 : () } <$fh>;
close $fh;
$rx =~ s/<HOST>/(?<host>\\d{1,3}(?:\\.\\d{1,3}){3})/;
$rx =~ s{<F-USER>}{(?<user>};
$rx =~ s{</F-USER>}{)};
my @lines = log_watch(sub { req(GET => '/bearer/ok.txt', bearer($expired)) });
my @hits = grep { (my $l = $_) =~ s/^\[[^\]]*\]\s*/[] /; $l =~ /$rx/ && $+{host} eq '127.0.0.1' } @lines;
is(scalar(@hits), 1, 'the fail2ban filter counts an expired token once') or diag(@lines);

done_testing();
