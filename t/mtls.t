# Certificate-bound access tokens (RFC 8705 section 3): tokens from
# oidc-provider bound to the TLS client certificate the client used at its
# token endpoint, presented to a mod_ssl virtual host with that
# certificate, another one, or none.
use strict;
use warnings FATAL => 'all';
use lib 't/lib';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use ASTest;
use ASIdp qw(idp_start idp_stop idp_issuer idp_ca);
use JSON::PP ();

plan skip_all => 'mod_ssl is not loaded' unless Apache::Test::have_module('ssl');

my $vars = Apache::Test::vars();
my $dir  = "$vars->{t_dir}/conf/idp";
my $iss  = idp_issuer();
Apache::TestRequest::module('authstatus_tls');
my $hostport = Apache::TestRequest::hostport();
$hostport =~ s/^[^:]+/localhost/;
Apache::TestRequest::module('default');

sub curl {
    my (@args) = @_;
    open(my $fh, '-|', 'curl', '-s', '--cacert', idp_ca(), '-D', '-', @args) or die "curl: $!";
    my $out = do { local $/; <$fh> };
    close $fh;
    my ($status) = ($out // '') =~ m{^HTTP/\S+ (\d{3})}m;
    my @chal = ($out // '') =~ m{^WWW-Authenticate: ([^\r\n]*)}mig;
    return { status => $status // 0, challenges => \@chal, raw => $out };
}
sub cert { my ($c) = @_; return ('--cert', "$dir/$c.pem", '--key', "$dir/$c.key") }
sub token_with {
    my ($c) = @_;
    my $r = curl(cert($c), '-u', 'rs-mtls-client:rs-mtls-secret',
                 '-d', 'grant_type=client_credentials', '-d', 'resource=https://rs.test/api',
                 '-d', 'scope=read', "$iss/token");
    my ($json) = $r->{raw} =~ /(\{.*\})\s*\z/s;
    my $j = eval { JSON::PP::decode_json($json // '') } || {};
    return $j->{access_token};
}
sub payload {
    my ($t) = @_;
    my $p = (split /\./, $t)[1] // '';
    $p =~ tr{-_}{+/};
    $p .= '=' x ((4 - length($p) % 4) % 4);
    require MIME::Base64;
    return eval { JSON::PP::decode_json(MIME::Base64::decode_base64($p)) } || {};
}

idp_start(keys => 'a');
my $tok = token_with('client1');
ok($tok, 'a token from the provider, asked for with client1\'s certificate');
ok(payload($tok)->{cnf}{'x5t#S256'}, 'it is bound: cnf x5t#S256');

my $url = "https://$hostport/mtls/x";
my $r;
for (1 .. 20) {     # the discovered keys arrive within a few seconds
    $r = curl(cert('client1'), '-H', "Authorization: Bearer $tok", $url);
    last if $r->{status} == 200;
    select(undef, undef, undef, 0.25);
}
is($r->{status}, 200, 'with the same client certificate: 200');
$r = curl(cert('client2'), '-H', "Authorization: Bearer $tok", $url);
is($r->{status}, 401, 'with another client certificate: 401');
like($r->{challenges}[0] // '', qr/error="invalid_token"/, 'invalid_token');
$r = curl('-H', "Authorization: Bearer $tok", $url);
is($r->{status}, 401, 'without a client certificate: 401');

# a cache hit still checks the certificate
my $curl = "https://$hostport/mtls/cache/x";
is(curl(cert('client1'), '-H', "Authorization: Bearer $tok", $curl)->{status}, 200,
   'cache: first use with the certificate, 200');
is(curl(cert('client2'), '-H', "Authorization: Bearer $tok", $curl)->{status}, 401,
   'cache hit with another certificate: 401');
is(curl('-H', "Authorization: Bearer $tok", $curl)->{status}, 401,
   'cache hit without a certificate: 401');

idp_stop();
done_testing();
