package ASBearer;
# Tokens for the Bearer tests, minted at test time with t/tools/as_mint and
# the keys t/tools/mkkeys wrote into t/conf/keys.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use JSON::PP ();
use Apache::Test ();

our @EXPORT = qw(mint keyfile claims);

my $vars = Apache::Test::vars();
my $keys = "$vars->{t_dir}/conf/keys";
my $mint = "$vars->{t_dir}/tools/as_mint";

sub keyfile { return "$keys/$_[0]" }

# Claims of a good token for /bearer, with overrides; a value of undef
# removes the claim. exp/nbf/iat as "+N"/"-N" are relative to now.
sub claims {
    my (%over) = @_;
    my %c = (iss => 'https://issuer.test', aud => 'api', sub => 'alice',
             exp => '+300', iat => '-5');
    for my $k (keys %over) {
        if (defined $over{$k}) { $c{$k} = $over{$k} } else { delete $c{$k} }
    }
    return \%c;
}

# mint(alg, key, claims-hashref, kid => …, header => json-string)
# key is a file in t/conf/keys: "rsa.key.pem", "hmac.secret", …
sub mint {
    my ($alg, $key, $claims, %o) = @_;
    my @cmd = ($mint, 'sign', $alg, keyfile($key));
    push @cmd, '-k', $o{kid} if defined $o{kid};
    push @cmd, '-H', $o{header} if defined $o{header};
    push @cmd, JSON::PP->new->canonical->encode($claims);
    open(my $fh, '-|', @cmd) or die "cannot run $mint: $!";
    my $tok = do { local $/; <$fh> };
    close $fh or die "as_mint failed: @cmd";
    $tok =~ s/\s+\z//;
    return $tok;
}

1;
