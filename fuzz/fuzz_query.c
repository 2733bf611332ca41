/* Licensed under the Apache License, Version 2.0. */
/*
 * libFuzzer target: the access_token query parameter and scope lists
 * (as_parse.c and as_confval.c). The input, cut at its first NUL, is a query
 * string for as_parse_query_tokens, checked against a plain reference
 * decoder; the two halves around the first NUL are scope lists (token
 * scopes and required scopes) for as_confval_scope_union, whose output must
 * hold each word of both exactly once, single-space separated.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "as_parse.h"
#include "as_confval.h"
#include "fuzz_pool.h"

static int hex(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* reference: split on '&', name up to '=', form-decode, compare */
static int ref_count(apr_pool_t *p, const char *args)
{
    char *copy = apr_pstrdup(p, args), *part, *last;
    int n = 0;

    if (*copy == '\0') {
        return 0;
    }
    /* apr_strtok skips empty parts, which never match anyway */
    for (part = apr_strtok(copy, "&", &last); part;
         part = apr_strtok(NULL, "&", &last)) {
        char *eq = strchr(part, '='), *o, *q;
        char *name = eq ? apr_pstrmemdup(p, part, (apr_size_t)(eq - part))
                        : part;

        for (q = o = name; *q; q++) {
            if (*q == '+') {
                *o++ = ' ';
            }
            else if (*q == '%' && q[1] && q[2] && hex(q[1]) >= 0
                     && hex(q[2]) >= 0) {
                *o++ = (char)(hex(q[1]) * 16 + hex(q[2]));
                q += 2;
            }
            else {
                *o++ = *q;
            }
        }
        /* a decoded NUL ends nothing: compare by length */
        if (o - name == 12 && !memcmp(name, "access_token", 12)) {
            n++;
        }
    }
    return n;
}

static int count_word(const char *list, const char *w, apr_size_t len)
{
    int n = 0;

    while (list && *list) {
        apr_size_t l;

        while (*list == ' ') {
            list++;
        }
        l = strcspn(list, " ");
        if (l && l == len && !strncmp(list, w, len)) {
            n++;
        }
        list += l;
    }
    return n;
}

static void check_words(const char *out, const char *in)
{
    while (in && *in) {
        apr_size_t l;

        while (*in == ' ') {
            in++;
        }
        l = strcspn(in, " ");
        if (l && count_word(out, in, l) != 1) {
            abort();
        }
        in += l;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *a, *b = NULL, *u;
    char *buf;
    size_t i;

    apr_pool_create(&p, gpool);
    buf = apr_pstrmemdup(p, (const char *)data, size);
    a = buf;
    for (i = 0; i < size; i++) {
        if (buf[i] == '\0') {
            b = buf + i + 1;
            break;
        }
    }
    if (as_parse_query_tokens(p, a) != ref_count(p, a)) {
        abort();
    }
    if (as_parse_query_tokens(p, NULL) != 0) {
        abort();
    }
    u = as_confval_scope_union(p, a, b);
    if (u) {
        if (*u == '\0' || u[0] == ' ' || u[strlen(u) - 1] == ' '
            || strstr(u, "  ")) {
            abort();
        }
        check_words(u, a);
        check_words(u, b);
    }
    else if (strspn(a, " ") != strlen(a) || (b && strspn(b, " ") != strlen(b))) {
        abort();
    }
    apr_pool_destroy(p);
    return 0;
}
