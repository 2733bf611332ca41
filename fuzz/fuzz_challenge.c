/* Licensed under the Apache License, Version 2.0. */
/*
 * libFuzzer target: challenge building. The input is split at the first
 * two NUL bytes into realm, scope and error_description (the realm is an
 * AuthName a .htaccess author writes; the others come from configuration
 * and token checks). Every challenge must be one field line of quoted-
 * strings that a strict parser reads back as the input, control characters
 * other than HTAB replaced by '?'.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "as_challenge.h"
#include "fuzz_pool.h"

/* What a quoted-string carrying s must decode to. */
static char *expected(apr_pool_t *p, const char *s)
{
    char *e = apr_pstrdup(p, s), *q;

    for (q = e; *q; q++) {
        unsigned char c = (unsigned char)*q;
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            *q = '?';
        }
    }
    return e;
}

/* Read the quoted-string starting at *pos (which must be '"'); returns its
 * unescaped content and moves *pos past the closing quote. */
static char *read_quoted(apr_pool_t *p, const char **pos)
{
    const char *q = *pos;
    char *out = apr_palloc(p, strlen(q) + 1), *o = out;

    if (*q++ != '"') {
        abort();
    }
    for (;;) {
        unsigned char c = (unsigned char)*q;
        if (c == '\0') {
            abort();                       /* unterminated */
        }
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            abort();                       /* CTL inside: header injection */
        }
        if (c == '"') {
            break;
        }
        if (c == '\\') {
            q++;
            if (*q == '\0') {
                abort();
            }
        }
        *o++ = *q++;
    }
    *o = '\0';
    *pos = q + 1;
    return out;
}

static void expect_param(apr_pool_t *p, const char **pos, const char *name,
                         const char *value)
{
    size_t n = strlen(name);

    if (strncmp(*pos, name, n) || (*pos)[n] != '=') {
        abort();
    }
    *pos += n + 1;
    if (strcmp(read_quoted(p, pos), expected(p, value))) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *parts[3] = { "", NULL, NULL }, *c, *pos;
    char *buf;
    size_t i, np = 1;
    int err;

    apr_pool_create(&p, gpool);
    buf = apr_pstrmemdup(p, (const char *)data, size);
    parts[0] = buf;
    for (i = 0; i < size && np < 3; i++) {
        if (buf[i] == '\0') {
            parts[np++] = buf + i + 1;
        }
    }

    /* Basic: realm and charset, nothing else */
    c = as_challenge_basic(p, parts[0]);
    if (strncmp(c, "Basic ", 6)) {
        abort();
    }
    pos = c + 6;
    expect_param(p, &pos, "realm", parts[0]);
    if (strcmp(pos, ", charset=\"UTF-8\"")) {
        abort();
    }

    /* Bearer with every error code */
    for (err = AS_BEARER_ERR_NONE; err <= AS_BEARER_ERR_INSUFFICIENT_SCOPE;
         err++) {
        const char *name = as_bearer_error_name(err);

        c = as_challenge_bearer(p, parts[0], parts[1], err, parts[2]);
        if (strncmp(c, "Bearer ", 7)) {
            abort();
        }
        pos = c + 7;
        expect_param(p, &pos, "realm", parts[0]);
        if (parts[1] && *parts[1]) {
            if (strncmp(pos, ", ", 2)) {
                abort();
            }
            pos += 2;
            expect_param(p, &pos, "scope", parts[1]);
        }
        if (name) {
            if (strncmp(pos, ", ", 2)) {
                abort();
            }
            pos += 2;
            expect_param(p, &pos, "error", name);
            if (parts[2] && *parts[2]) {
                if (strncmp(pos, ", ", 2)) {
                    abort();
                }
                pos += 2;
                expect_param(p, &pos, "error_description", parts[2]);
            }
        }
        if (*pos != '\0') {
            abort();
        }
    }

    /* AuthName as httpd stores it (ap_escape_quotes) round-trips */
    (void)as_realm_unescape(p, parts[0]);
    if (!strchr(parts[0], '\\')) {
        /* without backslashes, escaping '"' as '\"' and undoing it is the
         * identity */
        char *esc = apr_palloc(p, strlen(parts[0]) * 2 + 1), *o = esc;
        const char *q;

        for (q = parts[0]; *q; q++) {
            if (*q == '"') {
                *o++ = '\\';
            }
            *o++ = *q;
        }
        *o = '\0';
        if (strcmp(as_realm_unescape(p, esc), parts[0])) {
            abort();
        }
    }
    apr_pool_destroy(p);
    return 0;
}
