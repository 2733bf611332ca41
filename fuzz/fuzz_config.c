/* Licensed under the Apache License, Version 2.0. */
/*
 * libFuzzer target: directive values a .htaccess author controls, through
 * the request-free parsers of as_confval.c the setters use. The first byte
 * picks the parser; the rest is the value (for scheme lists, words split
 * on spaces as ITERATE would). Accepted values must be what they claim;
 * refusals must say why and name the value.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "as_confval.h"
#include "as_decide.h"
#include "fuzz_pool.h"

static void must_name(const char *why, const char *arg)
{
    if (!why || !*why || !strstr(why, arg)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *arg, *why;
    char *words, *w, *last;
    int v = -7, i;
    apr_array_header_t *list;

    if (size == 0) {
        return 0;
    }
    apr_pool_create(&p, gpool);
    arg = apr_pstrmemdup(p, (const char *)data + 1, size - 1);

    switch (data[0] % 4) {
    case 0:
        why = as_confval_seconds(p, arg, &v);
        if (why) {
            must_name(why, arg);
            if (v != -7) {
                abort();
            }
        }
        else {
            /* accepted: only digits, and exactly that number */
            const char *q;
            long long x = 0;

            if (*arg == '\0') {
                abort();
            }
            for (q = arg; *q; q++) {
                if (*q < '0' || *q > '9') {
                    abort();
                }
                x = x * 10 + (*q - '0');
                if (x > AS_CONFVAL_MAX_SECONDS) {
                    abort();
                }
            }
            if (x != v) {
                abort();
            }
        }
        break;
    case 1:
        why = as_confval_hide(p, arg, &v);
        if (why) {
            must_name(why, arg);
        }
        else if (!((v == AS_HIDE_OFF && !strcasecmp(arg, "off"))
                   || (v == AS_HIDE_DENIED && !strcasecmp(arg, "denied"))
                   || (v == AS_HIDE_ALWAYS && !strcasecmp(arg, "always")))) {
            abort();
        }
        break;
    case 2:
        why = as_confval_onoff(p, arg, &v);
        if (why) {
            must_name(why, arg);
        }
        else if (v != (strcasecmp(arg, "on") == 0)) {
            abort();
        }
        break;
    default:
        list = apr_array_make(p, 2, sizeof(as_scheme_e));
        words = apr_pstrdup(p, arg);
        for (w = apr_strtok(words, " \t", &last); w;
             w = apr_strtok(NULL, " \t", &last)) {
            int before = list->nelts;

            why = as_confval_scheme_add(p, list, w);
            if (why) {
                must_name(why, w);
                if (list->nelts != before) {
                    abort();
                }
            }
            else if (list->nelts != before + 1) {
                abort();
            }
        }
        /* never a scheme twice, never an unknown one */
        for (i = 0; i < list->nelts; i++) {
            as_scheme_e s = APR_ARRAY_IDX(list, i, as_scheme_e);
            int j;

            if (s != AS_SCHEME_BASIC && s != AS_SCHEME_BEARER) {
                abort();
            }
            for (j = 0; j < i; j++) {
                if (APR_ARRAY_IDX(list, j, as_scheme_e) == s) {
                    abort();
                }
            }
        }
        break;
    }
    apr_pool_destroy(p);
    return 0;
}
