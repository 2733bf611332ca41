# AUTHSTATUS_REASON in the access log: every request the
# module decides logs its reason through LogFormat "%{AUTHSTATUS_REASON}e"
# (t/conf/client.conf.in writes logs/reason_log); requests it does not
# decide log "-".
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use ASTest;

my $tag = 'r' . time() . $$;
my @cors = (Origin => 'https://app.example', 'Access-Control-Request-Method' => 'GET');
my $alice = basic('alice', 'secret');

# [ expected reason, method, path, headers… ]; each request is marked with
# a query string so its log line is found again
my @cases = (
    [ 'ok',                 GET     => '/client/ok.txt', Authorization => $alice ],
    [ 'no-credentials',     GET     => '/client/ok.txt' ],
    [ 'malformed',          GET     => '/client/ok.txt', Authorization => 'Basic %%%' ],
    [ 'unsupported-scheme', GET     => '/client/ok.txt', Authorization => 'Negotiate abc' ],
    [ 'bad-credentials',    GET     => '/client/ok.txt', Authorization => basic('alice', 'wrong') ],
    [ 'bad-credentials',    GET     => '/client/ok.txt', Authorization => basic('mallory', 'x') ],
    [ 'denied',             GET     => '/client/staff/ok.txt', Authorization => $alice ],
    [ 'forbidden',          GET     => '/client/forbidden/ok.txt' ],
    [ 'hidden',             GET     => '/client/hidden/ok.txt' ],
    [ 'preflight',          OPTIONS => '/client/cors/ok.txt', @cors ],
    [ 'error',              GET     => '/client/broken/ok.txt', Authorization => $alice ],
    [ 'no-credentials',     GET     => '/client/login/ok.txt', 'Sec-Fetch-Mode' => 'navigate' ],
    [ 'ok',                 HEAD    => '/client/ok.txt', Authorization => $alice ],
    [ '-',                  GET     => '/stock/ok.txt' ],
    [ '-',                  GET     => '/errdocs/forbidden.txt' ],
);
my %status;
my $n = 0;
for my $c (@cases) {
    my ($want, $method, $path, @h) = @$c;
    my $r = req($method => "$path?$tag-" . $n++, @h);
    $status{$n - 1} = $r->{status};
}
# an ErrorDocument redirect: the final request holds REDIRECT_AUTHSTATUS_REASON,
# "%<{AUTHSTATUS_REASON}e" the original one's reason
my $r = req(GET => "/client/errdoc/ok.txt?$tag-errdoc", Authorization => $alice);
is($r->{status}, 403, 'ErrorDocument request: 403');

# mod_log_config writes each line when the request ends
select(undef, undef, undef, 0.2);
my $log = Apache::Test::vars('t_logs') . '/reason_log';
open(my $fh, '<', $log) or die "cannot read $log: $!";
my %line;
while (<$fh>) {
    chomp;
    my ($final, $orig, $method, $url) = split / /, $_, 4;
    next unless defined $url && $url =~ /\?\Q$tag\E-(\w+)$/;
    $line{$1} = [ $final, $orig, $method ];
}
close $fh;

my %seen;
for my $i (0 .. $#cases) {
    my ($want, $method, $path) = @{ $cases[$i] };
    my $got = $line{$i};
    ok($got, "log line for $method $path ($want)") or next;
    is($got->[0], $want, "$method $path: AUTHSTATUS_REASON is $want (status $status{$i})");
    is($got->[1], $want, "$method $path: the original request says the same");
    $seen{$want} = 1;
}
is_deeply([sort grep { $_ ne '-' } keys %seen],
          [sort qw(ok no-credentials malformed unsupported-scheme bad-credentials
                   denied forbidden hidden preflight error)],
          'every reason this branch produces was logged');
ok($line{errdoc}, 'log line for the ErrorDocument request');
is($line{errdoc} && $line{errdoc}[1], 'denied', '%<{AUTHSTATUS_REASON}e: denied on the original request');

done_testing();
