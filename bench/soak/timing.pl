#!/usr/bin/perl
# Timing of refusals (make soak, make timing): median response time of N
# unknown-user requests against N wrong-password requests, interleaved on
# one keep-alive connection so that drift hits both alike. The user 'alice'
# has a bcrypt (cost 5) hash, the cost of the dummy hash an unknown user is
# checked against; 'bob' has an apr1-MD5 hash, for comparison.
# Usage: timing.pl HOST PORT [N]. Fails if unknown-user and wrong-password
# (bcrypt) medians differ by more than a factor of 1.5.
use strict;
use warnings;
use IO::Socket::INET;
use MIME::Base64 qw(encode_base64);
use Time::HiRes qw(time);

my ($host, $port, $n) = @ARGV;
$n ||= 200;
my $path = $ENV{TIMING_PATH} || '/soak/ok.txt';
my $s = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'tcp')
    or die "connect: $!\n";

sub one {
    my ($cred) = @_;
    my $req = "GET $path HTTP/1.1\r\nHost: $host\r\nAuthorization: Basic "
            . encode_base64($cred, '') . "\r\n\r\n";
    my $t = time;
    print $s $req;
    my $buf = '';
    while (1) {
        my $e = index($buf, "\r\n\r\n");
        if ($e >= 0) {
            my ($len) = substr($buf, 0, $e) =~ /Content-Length:\s*(\d+)/i;
            last if length($buf) >= $e + 4 + ($len // 0);
        }
        my $r = sysread($s, $buf, 65536, length $buf);
        die "connection closed\n" unless $r;
    }
    my ($st) = $buf =~ m{^HTTP/1\.\d (\d+)};
    return (time - $t, $st);
}

my %case = (
    'unknown user'            => 'mallory-the-unknown:wrong',
    'wrong password (bcrypt)' => 'alice:wrong',
    'wrong password (md5)'    => 'bob:wrong',
    'valid (bcrypt)'          => 'alice:secret',
);
my %want = ('valid (bcrypt)' => 200);
my %t;
one('alice:secret') for 1 .. 10;        # warm up
for my $i (1 .. $n) {
    for my $k (sort keys %case) {
        my ($dt, $st) = one($case{$k});
        die "timing: $k answered $st\n" if $st != ($want{$k} // 401);
        push @{ $t{$k} }, $dt;
    }
}
sub median { my @v = sort { $a <=> $b } @_; return $v[$#v / 2] }
my %m = map { $_ => median(@{ $t{$_} }) } keys %t;
for my $k (sort keys %m) {
    printf "timing: %-24s median %.3f ms over %d\n", $k, $m{$k} * 1000, $n;
}
my $ratio = $m{'unknown user'} / $m{'wrong password (bcrypt)'};
printf "timing: unknown user / wrong password (bcrypt) = %.2f\n", $ratio;
if ($ratio > 1.5 || $ratio < 1 / 1.5) {
    print "timing: FAIL: an unknown user is distinguishable by time\n";
    exit 1;
}
exit 0;
