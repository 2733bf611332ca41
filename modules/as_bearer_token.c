/* Licensed under the Apache License, Version 2.0. */
/* Pure helpers for Bearer tokens: no httpd headers, unit-tested alone. */

#include <string.h>
#include <apr_strings.h>

#define AS_BEARER_PURE
#include "as_bearer.h"

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

int as_bearer_query_tokens(apr_pool_t *p, const char *args)
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

/* Is the word [w, w+len) one of the words of list? */
static int has_word(const char *list, const char *w, apr_size_t len)
{
    const char *s = list;

    while (s && *s) {
        apr_size_t l;

        while (*s == ' ') {
            s++;
        }
        l = strcspn(s, " ");
        if (l == len && l > 0 && !strncmp(s, w, len)) {
            return 1;
        }
        s += l;
    }
    return 0;
}

const char *as_bearer_scope_union(apr_pool_t *p, const char *a,
                                  const char *b)
{
    const char *lists[2];
    char *out = NULL;
    int i;

    lists[0] = a;
    lists[1] = b;
    for (i = 0; i < 2; i++) {
        const char *s = lists[i];

        while (s && *s) {
            apr_size_t l;

            while (*s == ' ') {
                s++;
            }
            l = strcspn(s, " ");
            if (l > 0 && !(out && has_word(out, s, l))) {
                out = out ? apr_pstrcat(p, out, " ",
                                        apr_pstrmemdup(p, s, l), NULL)
                          : apr_pstrmemdup(p, s, l);
            }
            s += l;
        }
    }
    return out;
}
