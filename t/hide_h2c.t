# A hidden 404 cannot be told from a genuine one over an h2c upgrade
# (curl --http2 on http://): httpd upgrades in the handler phase, which a
# genuine 404 reaches and a refusal does not, so where AuthStatusHide is in
# use the module declines "Upgrade: h2c"; both then answer in HTTP/1.1.
# HTTP/2 with prior knowledge stays available and gives the same 404s.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();

plan skip_all => 'mod_http2 is not loaded' unless Apache::Test::have_module('http2');
Apache::TestRequest::module('authstatus_h2c');
my $hp = Apache::TestRequest::hostport();
Apache::TestRequest::module('default');

sub curl {
    my (@args) = @_;
    open(my $fh, '-|', 'curl', '-s', '-i', @args) or die "curl: $!";
    my $out = do { local $/; <$fh> };
    close $fh;
    my @status = ($out // '') =~ m{^(HTTP/\S+ \d{3})}mg;
    my ($body) = ($out // '') =~ /\r?\n\r?\n(.*)\z/s;
    return { statuses => \@status, raw => $out, body => $body };
}

my $hidden  = curl('--http2', "http://$hp/h2c/hidden/ok.txt");
my $genuine = curl('--http2', "http://$hp/h2c/missing/ok.txt");
is_deeply($hidden->{statuses}, ['HTTP/1.1 404'], 'upgrade offered, hidden path: HTTP/1.1 404, no 101');
is_deeply($genuine->{statuses}, ['HTTP/1.1 404'], 'upgrade offered, missing path: the same (no 101)');
is($hidden->{body}, $genuine->{body}, 'the same body');

my $h2h = curl('--http2-prior-knowledge', "http://$hp/h2c/hidden/ok.txt");
my $h2g = curl('--http2-prior-knowledge', "http://$hp/h2c/missing/ok.txt");
is_deeply($h2h->{statuses}, ['HTTP/2 404'], 'prior knowledge, hidden: HTTP/2 404');
is_deeply($h2g->{statuses}, ['HTTP/2 404'], 'prior knowledge, missing: HTTP/2 404');
my $ok = curl('--http2-prior-knowledge', '-u', 'alice:secret', "http://$hp/h2c/hidden/ok.txt");
is_deeply($ok->{statuses}, ['HTTP/2 200'], 'prior knowledge with credentials: HTTP/2 200');
done_testing();
