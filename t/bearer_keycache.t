# AuthStatusBearerKeys in .htaccess: httpd reads the .htaccess for every
# request, but the key file is read and parsed at most once per child
# process while it is unchanged (AS05100 at debug says when it is); a
# replaced file is parsed again and its keys used at once; a file that
# can no longer be read or parsed gives 500, never the previous keys.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use File::Copy qw(copy);
use MIME::Base64 qw(encode_base64url);
use ASTest;
use ASBearer;

my $vars = Apache::Test::vars();
my $kc = keyfile('kc');
my $mint = "$vars->{t_dir}/tools/as_mint";
my $log = "$vars->{t_logs}/error_log";
my $url = '/keycache/ok.txt';
my $n = 20;

mkdir $kc;
for my $k (qw(a b)) {
    unlink "$kc/$k.key.pem", "$kc/$k.pub.pem";
    system($mint, 'keygen', 'ec256', $kc, $k) == 0 or die "as_mint keygen $k";
}

# Install a public key as current.pem the way an operator should: a new
# file renamed over the old one.
sub install {
    my ($src) = @_;
    copy($src, "$kc/current.tmp") or die "copy: $!";
    chmod 0644, "$kc/current.tmp";
    rename("$kc/current.tmp", "$kc/current.pem") or die "rename: $!";
}

sub log_size { return -s $log // 0 }

# AS05100 lines for current.pem written since offset, counted per pid.
sub parses_since {
    my ($off) = @_;
    my %pid;
    open(my $fh, '<', $log) or die "$log: $!";
    seek($fh, $off, 0);
    while (my $l = <$fh>) {
        next unless $l =~ /AS05100: .*kc\/current\.pem/;
        my ($p) = $l =~ /\[pid (\d+)/;
        $pid{$p // '?'}++;
    }
    close $fh;
    return \%pid;
}

sub token { mint(ES256 => "kc/$_[0].key.pem", claims()) }

sub status { req(GET => $url, @_ ? (Authorization => "Bearer $_[0]") : ())->{status} }

install("$kc/a.pub.pem");
my $ta = token('a');
my $tb = token('b');

my $off = log_size();
my @st = map { status($ta) } 1 .. $n;
is(scalar(grep { $_ == 200 } @st), $n, "$n requests with a token of key a: 200");
is(status(), 401, 'no token: 401 (the .htaccess location asks for Bearer)');
is(status($tb), 401, 'token of key b (not installed): 401');
my $p = parses_since($off);
ok(scalar(keys %$p) >= 1, 'AS05100: the key file was parsed')
    or diag("no AS05100 line in $log");
my @many = grep { $p->{$_} > 1 } keys %$p;
is(scalar(@many), 0, 'the key file was parsed at most once per child process')
    or diag(join(', ', map { "pid $_: $p->{$_} parses" } keys %$p));

# replacing the file: the new key works at once, the old one is refused
$off = log_size();
install("$kc/b.pub.pem");
@st = map { status($tb) } 1 .. $n;
is(scalar(grep { $_ == 200 } @st), $n, 'after replacing the file: the new key is used');
is(status($ta), 401, 'after replacing the file: a token of the old key is refused');
$p = parses_since($off);
ok(scalar(keys %$p) >= 1, 'the replaced file was parsed again');
@many = grep { $p->{$_} > 1 } keys %$p;
is(scalar(@many), 0, 'the replaced file was parsed at most once per child process')
    or diag(join(', ', map { "pid $_: $p->{$_} parses" } keys %$p));

# a file that cannot be read or parsed: 500, never the previous keys
SKIP: {
    skip 'running as root: a mode 000 file stays readable', 2 if $> == 0;
    chmod 0000, "$kc/current.pem";
    $off = log_size();
    is(status($tb), 500, 'unreadable key file (mode 000): 500, not the cached keys');
    open(my $fh, '<', $log) or die;
    seek($fh, $off, 0);
    my @l = grep { /keycache\/\.htaccess: AuthStatusBearerKeys: .*kc\/current\.pem: cannot read/ } <$fh>;
    close $fh;
    ok(scalar(@l) >= 1, 'unreadable key file: the error log names the file and why');
    chmod 0644, "$kc/current.pem";
}
is(status($tb), 200, 'readable again: 200');

open(my $fh, '>', "$kc/broken.tmp") or die;
print $fh "{\"keys\":[{\"kty\":\"EC\"}]}\n";
close $fh;
rename("$kc/broken.tmp", "$kc/current.pem") or die;
is(status($tb), 500, 'key file that no longer parses: 500, not the cached keys');
is(status($tb), 500, 'still 500 on the next request');
unlink "$kc/current.pem";
is(status($tb), 500, 'key file removed: 500');
install("$kc/a.pub.pem");
is(status($ta), 200, 'key file back: 200');

# a short HMAC secret is refused here as at startup: 500, never accepted
my $secret = join('', map { chr(65 + $_) } 0 .. 15);    # 16 bytes
open($fh, '>', "$kc/short.secret") or die;
print $fh $secret;
close $fh;
open($fh, '>', "$kc/short.tmp") or die;
print $fh '{"keys":[{"kty":"oct","kid":"short","k":"' . encode_base64url($secret) . '"}]}';
close $fh;
chmod 0644, "$kc/short.tmp";
rename("$kc/short.tmp", "$kc/current.pem") or die;
my $th = mint(HS256 => 'kc/short.secret', claims(), kid => 'short');
is(status($th), 500, 'short HMAC key from .htaccess: 500, the token is never accepted');

# a risky but accepted key file (two keys, one without kid): the warning is
# logged once per parse, not per request
$secret = join('', map { chr(65 + $_) } 0 .. 31);       # 32 bytes
open($fh, '>', "$kc/nokid.secret") or die;
print $fh $secret;
close $fh;
my $k = encode_base64url($secret);
open($fh, '>', "$kc/nokid.tmp") or die;
print $fh '{"keys":[{"kty":"oct","kid":"nokid","k":"' . $k . '"},{"kty":"oct","k":"' . $k . '"}]}';
close $fh;
chmod 0644, "$kc/nokid.tmp";
rename("$kc/nokid.tmp", "$kc/current.pem") or die;
$off = log_size();
$th = mint(HS256 => 'kc/nokid.secret', claims(), kid => 'nokid');
@st = map { status($th) } 1 .. $n;
is(scalar(grep { $_ == 200 } @st), $n, 'key set with a kid-less key from .htaccess: accepted');
my %warn;
open($fh, '<', $log) or die;
seek($fh, $off, 0);
while (my $l = <$fh>) {
    $warn{$1}++ if $l =~ /AS05101: .*keycache\/\.htaccess.*no "kid"/ && $l =~ /\[pid (\d+)/;
}
close $fh;
ok(scalar(keys %warn) >= 1, 'AS05101: the kid-less key is warned about')
    or diag("no AS05101 line in $log");
is(scalar(grep { $warn{$_} > 1 } keys %warn), 0,
   'the warning is logged at most once per child process, not per request')
    or diag(join(', ', map { "pid $_: $warn{$_}" } keys %warn));
install("$kc/a.pub.pem");

done_testing();
