/* Licensed under the Apache License, Version 2.0. */
/*
 * as_mint: keys and tokens for the Apache::Test suite and the benchmark.
 *
 *   as_mint keygen <type> <dir> <name>
 *       type: rsa | ec256 | ec384 | ec521 | ed25519 | hmac
 *             (also rsa1024 and rsa3072, for the "key too short" tests)
 *       writes <dir>/<name>.key.pem (PKCS#8 private key) and
 *       <dir>/<name>.pub.pem (SubjectPublicKeyInfo); for hmac only
 *       <dir>/<name>.secret (64 random raw bytes). Prints nothing.
 *
 *   as_mint jwks <out.json> <name>:<kid>:<alg>:<dir> ...
 *       one JWK Set with the public JWK of each named key (read from
 *       <dir>/<name>.pub.pem, or <dir>/<name>.secret as an oct key with
 *       "k" = the secret). An empty kid or alg ("n::RS256:d") omits it.
 *
 *   as_mint sign <alg> <keyfile> [-k kid] [-H header-json] <payload-json>
 *       prints a compact JWS. The header is {"alg":..,"typ":"JWT","kid":..}
 *       merged with -H (a member set to null is removed, e.g.
 *       -H '{"typ":null}'). keyfile is a PEM private key, or for HS* any
 *       file whose raw bytes are the secret (a .secret file, or a public
 *       PEM for the RS256->HS256 confusion test). alg "none" gives an
 *       empty signature. The key must fit alg (RSA for RS/PS, the matching
 *       curve for ES, Ed25519 for EdDSA); to send a header that lies, sign
 *       with a fitting alg and override it: -H '{"alg":"ES256"}'.
 *       In the payload, "exp", "nbf" and "iat" given as strings of the form
 *       "+N" or "-N" become the number now+N / now-N, e.g.
 *       '{"sub":"alice","exp":"+3600","iat":"-10"}'.
 *
 * Build: cc -O2 -o t/tools/as_mint t/tools/as_mint.c -lcrypto -ljansson
 */

#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/pem.h>
#include <openssl/rand.h>

#include "as_jose.h"

static int usage(void)
{
    fprintf(stderr,
            "usage: as_mint keygen <rsa|ec256|ec384|ec521|ed25519|hmac> "
            "<dir> <name>\n"
            "       as_mint jwks <out.json> <name>:<kid>:<alg>:<dir> ...\n"
            "       as_mint sign <alg> <keyfile> [-k kid] [-H header-json] "
            "<payload-json>\n");
    return 2;
}

static int die(const char *what, const char *arg)
{
    fprintf(stderr, "as_mint: %s%s%s\n", what, arg ? ": " : "",
            arg ? arg : "");
    return 1;
}

static char *path_of(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);

    if (p) {
        snprintf(p, n, "%s/%s%s", dir, name, suffix);
    }
    return p;
}

/* Whole file into a malloc'd buffer. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long sz;

    if (!f) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0
        && fseek(f, 0, SEEK_SET) == 0
        && (buf = malloc((size_t)sz + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)sz, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

static int write_pem(const char *path, EVP_PKEY *pkey, int private)
{
    BIO *b = BIO_new_file(path, "w");
    int ok;

    if (!b) {
        return 0;
    }
    ok = private ? PEM_write_bio_PrivateKey(b, pkey, NULL, NULL, 0, NULL,
                                            NULL)
                 : PEM_write_bio_PUBKEY(b, pkey);
    BIO_free(b);
    return ok;
}

static int cmd_keygen(int argc, char **argv)
{
    char *kp, *pp;
    EVP_PKEY *pkey;
    int ok;

    if (argc != 5) {
        return usage();
    }
    if (!strcmp(argv[2], "hmac")) {
        unsigned char secret[64];
        FILE *f;

        kp = path_of(argv[3], argv[4], ".secret");
        if (RAND_bytes(secret, sizeof(secret)) != 1 || !(f = fopen(kp, "wb"))) {
            return die("cannot write", kp);
        }
        ok = fwrite(secret, 1, sizeof(secret), f) == sizeof(secret);
        ok = (fclose(f) == 0) && ok;
        OPENSSL_cleanse(secret, sizeof(secret));
        free(kp);
        return ok ? 0 : die("write failed", NULL);
    }
    if (!(pkey = jose_keygen(argv[2]))) {
        return die("unknown key type", argv[2]);
    }
    kp = path_of(argv[3], argv[4], ".key.pem");
    pp = path_of(argv[3], argv[4], ".pub.pem");
    ok = write_pem(kp, pkey, 1) && write_pem(pp, pkey, 0);
    EVP_PKEY_free(pkey);
    if (!ok) {
        ok = die("cannot write", kp);
    }
    else {
        ok = 0;
    }
    free(kp);
    free(pp);
    return ok;
}

static int cmd_jwks(int argc, char **argv)
{
    json_t *set = json_object(), *keys = json_array();
    int i, rc = 0;

    if (argc < 4) {
        return usage();
    }
    json_object_set_new(set, "keys", keys);
    for (i = 3; i < argc && rc == 0; i++) {
        char *spec = strdup(argv[i]);
        char *name = spec, *kid, *alg, *dir, *path;
        unsigned char *secret;
        size_t slen = 0;
        json_t *jwk = NULL;
        BIO *b;

        if (!spec || !(kid = strchr(name, ':')) || !(alg = strchr(kid + 1, ':'))
            || !(dir = strchr(alg + 1, ':'))) {
            free(spec);
            rc = die("key spec must be name:kid:alg:dir", argv[i]);
            break;
        }
        *kid++ = '\0';
        *alg++ = '\0';
        *dir++ = '\0';
        path = path_of(dir, name, ".secret");
        if ((secret = slurp(path, &slen)) != NULL) {
            jwk = jose_jwk(NULL, secret, slen);
            OPENSSL_cleanse(secret, slen);
            free(secret);
        }
        else {
            free(path);
            path = path_of(dir, name, ".pub.pem");
            if ((b = BIO_new_file(path, "r")) != NULL) {
                EVP_PKEY *pkey = PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);

                BIO_free(b);
                if (pkey) {
                    jwk = jose_jwk(pkey, NULL, 0);
                    EVP_PKEY_free(pkey);
                }
            }
        }
        if (!jwk) {
            rc = die("cannot read a key from", path);
        }
        else {
            if (*kid) {
                json_object_set_new(jwk, "kid", json_string(kid));
            }
            if (*alg) {
                json_object_set_new(jwk, "alg", json_string(alg));
            }
            json_object_set_new(jwk, "use", json_string("sig"));
            json_array_append_new(keys, jwk);
        }
        free(path);
        free(spec);
    }
    if (rc == 0 && json_dump_file(set, argv[2], JSON_INDENT(2)) != 0) {
        rc = die("cannot write", argv[2]);
    }
    json_decref(set);
    return rc;
}

/* "+N" / "-N" strings in exp/nbf/iat become now+N / now-N. */
static void fix_times(json_t *payload)
{
    static const char *const names[] = { "exp", "nbf", "iat", NULL };
    int i;

    for (i = 0; names[i]; i++) {
        json_t *v = json_object_get(payload, names[i]);
        const char *s;
        char *end;
        long long d;

        if (!json_is_string(v)) {
            continue;
        }
        s = json_string_value(v);
        if ((s[0] != '+' && s[0] != '-') || !isdigit((unsigned char)s[1])) {
            continue;
        }
        errno = 0;
        d = strtoll(s, &end, 10);
        if (*end || errno) {
            continue;
        }
        json_object_set_new(payload, names[i],
                            json_integer((json_int_t)time(NULL) + d));
    }
}

static int cmd_sign(int argc, char **argv)
{
    const char *alg, *keyfile, *kid = NULL, *extra = NULL, *ptext = NULL;
    json_t *header, *payload, *h2 = NULL;
    json_error_t jerr;
    unsigned char *secret = NULL;
    size_t slen = 0;
    EVP_PKEY *pkey = NULL;
    char *token;
    int i;

    if (argc < 5) {
        return usage();
    }
    alg = argv[2];
    keyfile = argv[3];
    for (i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "-k") && i + 1 < argc) {
            kid = argv[++i];
        }
        else if (!strcmp(argv[i], "-H") && i + 1 < argc) {
            extra = argv[++i];
        }
        else if (!ptext) {
            ptext = argv[i];
        }
        else {
            return usage();
        }
    }
    if (!ptext) {
        return usage();
    }
    payload = json_loads(ptext, 0, &jerr);
    if (!json_is_object(payload)) {
        json_decref(payload);
        return die("payload is not a JSON object", ptext);
    }
    fix_times(payload);
    header = json_object();
    json_object_set_new(header, "alg", json_string(alg));
    json_object_set_new(header, "typ", json_string("JWT"));
    if (kid) {
        json_object_set_new(header, "kid", json_string(kid));
    }
    if (extra) {
        const char *k;
        json_t *v;

        h2 = json_loads(extra, 0, &jerr);
        if (!json_is_object(h2)) {
            json_decref(h2);
            json_decref(header);
            json_decref(payload);
            return die("-H is not a JSON object", extra);
        }
        json_object_foreach(h2, k, v) {
            if (json_is_null(v)) {
                json_object_del(header, k);
            }
            else {
                json_object_set(header, k, v);
            }
        }
        json_decref(h2);
    }
    if (alg[0] == 'H' || !strcmp(alg, "none")) {
        secret = slurp(keyfile, &slen);
        if (!secret && alg[0] == 'H') {
            json_decref(header);
            json_decref(payload);
            return die("cannot read", keyfile);
        }
    }
    else {
        BIO *b = BIO_new_file(keyfile, "r");

        if (b) {
            pkey = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
            BIO_free(b);
        }
        if (!pkey) {
            json_decref(header);
            json_decref(payload);
            return die("cannot read a PEM private key from", keyfile);
        }
    }
    token = jose_token(alg, pkey, secret, slen, header, payload);
    json_decref(header);
    json_decref(payload);
    EVP_PKEY_free(pkey);
    if (secret) {
        OPENSSL_cleanse(secret, slen);
        free(secret);
    }
    if (!token) {
        return die("signing failed (alg does not fit the key?)", alg);
    }
    printf("%s\n", token);
    free(token);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        return usage();
    }
    if (!strcmp(argv[1], "keygen")) {
        return cmd_keygen(argc, argv);
    }
    if (!strcmp(argv[1], "jwks")) {
        return cmd_jwks(argc, argv);
    }
    if (!strcmp(argv[1], "sign")) {
        return cmd_sign(argc, argv);
    }
    return usage();
}
