/* Licensed under the Apache License, Version 2.0. */
/* Authorization field and Basic credential parsing (RFC 9110 §11, RFC 7617). */

#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>

#include "as_parse.h"

/* tchar of RFC 9110 §5.6.2 */
static int is_tchar(unsigned char c)
{
    return apr_isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

int as_is_token68(const char *s)
{
    const char *q = s;

    while (apr_isalnum(*q) || (*q && strchr("-._~+/", *q))) {
        q++;
    }
    if (q == s) {
        return 0;
    }
    while (*q == '=') {
        q++;
    }
    return *q == '\0';
}

void as_parse_authorization(apr_pool_t *p, const char *value,
                            as_credentials_t *out)
{
    const char *q;
    apr_size_t len, nlen;

    memset(out, 0, sizeof(*out));
    if (value == NULL) {
        out->status = AS_CRED_ABSENT;
        return;
    }
    len = strlen(value);
    if (len > AS_MAX_CREDENTIALS) {
        out->status = AS_CRED_TOO_LARGE;
        out->why = "field too large";
        return;
    }
    for (q = value; is_tchar((unsigned char)*q); q++)
        ;
    nlen = (apr_size_t)(q - value);
    out->scheme_name = apr_pstrmemdup(p, value, nlen > 32 ? 32 : nlen);
    if (nlen == 0) {
        out->status = AS_CRED_MALFORMED;
        out->why = "no auth-scheme";
        return;
    }
    out->scheme = as_scheme_lookup(out->scheme_name);
    if (nlen > 32) {
        out->scheme = AS_SCHEME_UNKNOWN;
    }

    /* httpd joins repeated fields with ", ". Neither Basic nor Bearer
     * credentials can contain a comma, so one means two fields (or a list
     * where the grammar has a singleton), and that is malformed whatever the
     * scheme: front and back ends might each pick a different one. */
    if (out->scheme != AS_SCHEME_UNKNOWN && strchr(q, ',')) {
        out->status = AS_CRED_DUPLICATE;
        out->why = "more than one Authorization field";
        return;
    }
    if (*q == '\0') {
        out->status = (out->scheme == AS_SCHEME_UNKNOWN) ? AS_CRED_OK
                                                         : AS_CRED_MALFORMED;
        out->why = "no credentials after the scheme";
        return;
    }
    if (*q != ' ') {
        out->status = AS_CRED_MALFORMED;
        out->why = "scheme not followed by a space";
        return;
    }
    if (out->scheme == AS_SCHEME_UNKNOWN) {
        /* Not ours: its parameters are not our business. */
        out->status = AS_CRED_OK;
        return;
    }
    while (*q == ' ') {
        q++;
    }
    if (*q == '\0') {
        out->status = AS_CRED_MALFORMED;
        out->why = "no credentials after the scheme";
        return;
    }
    if (!as_is_token68(q)) {
        out->status = AS_CRED_MALFORMED;
        out->why = "credentials are not a token68";
        return;
    }
    out->status = AS_CRED_OK;
    out->token = q;
}

static int b64val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Strict standard base64; returns decoded length or -1. */
static long b64_decode(apr_pool_t *p, const char *in, char **out)
{
    apr_size_t n = strlen(in), i, pad = 0, data;
    unsigned char *o;
    long olen = 0;
    unsigned long acc = 0;
    int bits = 0;

    while (pad < n && in[n - 1 - pad] == '=') {
        pad++;
    }
    data = n - pad;
    if (pad > 2 || (pad && (n % 4) != 0) || data % 4 == 1) {
        return -1;
    }
    o = apr_palloc(p, data * 3 / 4 + 1);
    for (i = 0; i < data; i++) {
        int v = b64val((unsigned char)in[i]);
        if (v < 0) {
            return -1;
        }
        acc = (acc << 6) | (unsigned long)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            o[olen++] = (unsigned char)(acc >> bits);
            acc &= (1UL << bits) - 1;
        }
    }
    /* Leftover bits must be zero, or two encodings would mean the same. */
    if (acc != 0) {
        return -1;
    }
    o[olen] = '\0';
    *out = (char *)o;
    return olen;
}

int as_is_utf8(const char *str, apr_size_t len)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + len;

    while (s < end) {
        unsigned char c = *s;
        int n, i;
        unsigned long cp;

        if (c < 0x80) {
            s++;
            continue;
        }
        else if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else {
            return 0;
        }
        if (end - s <= n) {
            return 0;
        }
        for (i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)
            || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        s += n + 1;
    }
    return 1;
}

as_basic_status_e as_basic_decode(apr_pool_t *p, const char *token68,
                                  const char **user, const char **password)
{
    char *dec, *colon;
    long len, i;

    *user = *password = NULL;
    len = b64_decode(p, token68, &dec);
    if (len < 0) {
        return AS_BASIC_BAD_BASE64;
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)dec[i];
        if (c < 0x20 || c == 0x7F) {
            return AS_BASIC_CONTROL;
        }
    }
    colon = strchr(dec, ':');
    if (colon == NULL) {
        return AS_BASIC_NO_COLON;
    }
    if (!as_is_utf8(dec, (apr_size_t)len)) {
        return AS_BASIC_BAD_UTF8;
    }
    *colon = '\0';
    *user = dec;
    *password = colon + 1;
    if (colon == dec) {
        return AS_BASIC_EMPTY_USER;
    }
    return AS_BASIC_OK;
}

int as_basic_is_malformed(as_basic_status_e st)
{
    return st == AS_BASIC_BAD_BASE64 || st == AS_BASIC_NO_COLON
           || st == AS_BASIC_CONTROL;
}

/* ---- access_token in the query string (RFC 6750 section 2.3) ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Does the form-urlencoded name [s, e) decode to want? */
static int name_is(const char *s, const char *e, const char *want)
{
    while (s < e) {
        char c = *s++;

        if (c == '+') {
            c = ' ';
        }
        else if (c == '%' && e - s >= 2 && hexval(s[0]) >= 0
                 && hexval(s[1]) >= 0) {
            c = (char)(hexval(s[0]) * 16 + hexval(s[1]));
            s += 2;
        }
        if (*want == '\0' || c != *want) {
            return 0;
        }
        want++;
    }
    return *want == '\0';
}

int as_parse_query_tokens(apr_pool_t *p, const char *args)
{
    const char *s = args, *amp, *eq, *end;
    int n = 0;
    (void)p;

    while (s && *s) {
        amp = strchr(s, '&');
        end = amp ? amp : s + strlen(s);
        eq = memchr(s, '=', (apr_size_t)(end - s));
        if (name_is(s, eq ? eq : end, "access_token")) {
            n++;
        }
        s = amp ? amp + 1 : NULL;
    }
    return n;
}
