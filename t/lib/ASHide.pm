package ASHide;
# Helpers for the AuthStatusHide tests (t/hide*.t): raw exchanges with the
# Date field removed, the byte-for-byte comparison of a hidden answer with
# the server's own 404, and a Digest (RFC 7616, MD5, qop=auth) client.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Digest::MD5 qw(md5_hex);
use Test::More ();
use ASTest qw(raw req challenges);

our @EXPORT = qw(undated exchange same_as_genuine digest_auth digest_nonce);

sub undated { my ($s) = @_; $s =~ s/^Date: [^\r\n]*\r\n//mg; return $s }

# The bytes of one or more requests on one connection, Date removed. Every
# request but the last keeps the connection alive. $auth is a header value
# or a code ref called with (method, path) for one.
sub exchange {
    my ($method, $path, $auth, %o) = @_;
    my $n = $o{times} // 1;
    my $text = '';
    for my $i (1 .. $n) {
        my $a = ref $auth ? $auth->($method, $o{auth_path} // $path) : $auth;
        $text .= "$method $path HTTP/1.1\r\nHost: localhost\r\n";
        $text .= "Authorization: $a\r\n" if defined $a;
        $text .= "Accept: $o{accept}\r\n" if defined $o{accept};
        if (defined $o{body}) {
            $text .= "Content-Type: text/plain\r\nContent-Length: "
                   . length($o{body}) . "\r\n";
        }
        $text .= "Connection: close\r\n" if $i == $n;
        $text .= "\r\n";
        $text .= $o{body} if defined $o{body};
    }
    return undated(raw($text)->{raw});
}

# Is the hidden answer for $path byte-identical to the server's own 404 for
# $parent/nosuch/ok.txt? GET, HEAD, POST with a body, and two requests on
# one kept-alive connection, and a client that prefers problem+json. The
# same Authorization goes to both.
sub same_as_genuine {
    my ($path, $auth, $what) = @_;
    my ($parent) = $path =~ m{^(/[^/]+)/};
    my $nosuch = "$parent/nosuch/ok.txt";
    for my $case ([GET => {}], [HEAD => {}], [POST => { body => "a=1&b=2" }],
                  [GET => { times => 2 }],
                  [GET => { accept => 'application/problem+json' }]) {
        my ($m, $o) = @$case;
        my $label = $m . ($o->{times} ? ' x2 keep-alive' : '')
                  . ($o->{body} ? ' with body' : '')
                  . ($o->{accept} ? " accepting $o->{accept}" : '');
        my $hidden  = exchange($m, $path,   $auth, %$o);
        my $genuine = exchange($m, $nosuch, $auth, %$o, auth_path => $path);
        Test::More::like($genuine, qr{^HTTP/1\.1 404 Not Found\r\n},
                         "$what, $label: genuine is 404");
        Test::More::is($hidden, $genuine, "$what, $label: byte-identical to $nosuch");
    }
}

# A fresh Digest nonce from a location that challenges in that realm.
sub digest_nonce {
    my ($path) = @_;
    my ($c) = challenges(req(GET => $path));
    my ($nonce) = ($c // '') =~ /nonce="([^"]+)"/;
    die "no Digest nonce from $path" unless $nonce;
    return $nonce;
}

# A code ref for exchange(): Digest credentials for (method, uri).
sub digest_auth {
    my ($user, $pw, $realm, $nonce) = @_;
    return sub {
        my ($method, $uri) = @_;
        my ($nc, $cnonce, $qop) = ('00000001', 'c0ffee', 'auth');
        my $ha1 = md5_hex("$user:$realm:$pw");
        my $ha2 = md5_hex("$method:$uri");
        my $resp = md5_hex("$ha1:$nonce:$nc:$cnonce:$qop:$ha2");
        return qq{Digest username="$user", realm="$realm", nonce="$nonce", }
             . qq{uri="$uri", algorithm=MD5, response="$resp", qop=$qop, }
             . qq{nc=$nc, cnonce="$cnonce"};
    };
}

1;
