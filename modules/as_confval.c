/* Licensed under the Apache License, Version 2.0. */
/* Directive values, parsed without httpd (see as_confval.h). */

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_lib.h>

#include "as_confval.h"
#include "as_decide.h"
#include "as_keys.h"

const as_confval_kw_t as_confval_kw_hide[] = {
    { "Off", AS_HIDE_OFF }, { "Denied", AS_HIDE_DENIED },
    { "Always", AS_HIDE_ALWAYS }, { NULL, 0 }
};
const as_confval_kw_t as_confval_kw_onoff[] = {
    { "On", 1 }, { "Off", 0 }, { NULL, 0 }
};
const as_confval_kw_t as_confval_kw_body[] = {
    { "Auto", AS_BODY_AUTO }, { "HTML", AS_BODY_HTML },
    { "Problem", AS_BODY_PROBLEM }, { NULL, 0 }
};
const as_confval_kw_t as_confval_kw_preflight[] = {
    { "Allow", AS_PREFLIGHT_ALLOW },
    { "Authenticate", AS_PREFLIGHT_AUTHENTICATE }, { NULL, 0 }
};

/* AuthStatusPrompt: 0 Always, 1 Navigation */
const as_confval_kw_t as_confval_kw_prompt[] = {
    { "Always", 0 }, { "Navigation", 1 }, { NULL, 0 }
};

/* values of as_token_type_e (as_bearer_conf.h) */
const as_confval_kw_t as_confval_kw_token_type[] = {
    { "any", 0 }, { "at+jwt", 1 }, { NULL, 0 }
};

const char *as_confval_keyword(apr_pool_t *p, const char *arg,
                               const as_confval_kw_t *table, int *out)
{
    const char *list = NULL;
    int i, n;

    for (n = 0; table[n].name; n++) {
        if (!strcasecmp(arg, table[n].name)) {
            *out = table[n].value;
            return NULL;
        }
    }
    /* "A, B or C" */
    for (i = 0; i < n; i++) {
        list = list == NULL ? table[i].name
                            : apr_pstrcat(p, list, i == n - 1 ? " or " : ", ",
                                          table[i].name, NULL);
    }
    return apr_psprintf(p, "'%s' is not %s", arg, list ? list : "valid");
}

int as_confval_number(const char *arg, long min, long max, int *out)
{
    char *end;
    apr_int64_t v;

    /* apr_strtoi64 would skip leading space and take a sign */
    if (!apr_isdigit(*arg)) {
        return -1;
    }
    errno = 0;
    v = apr_strtoi64(arg, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < min || v > max) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

const char *as_confval_seconds(apr_pool_t *p, const char *arg, int *out)
{
    if (as_confval_number(arg, 0, AS_CONFVAL_MAX_SECONDS, out)) {
        return apr_psprintf(p, "'%s' is not a number of seconds between 0 "
                            "and %d", arg, AS_CONFVAL_MAX_SECONDS);
    }
    return NULL;
}

const char *as_confval_scheme_add(apr_pool_t *p, apr_array_header_t *list,
                                  const char *arg)
{
    as_scheme_e s = as_scheme_lookup(arg);
    int i;

    if (s == AS_SCHEME_UNKNOWN) {
        return apr_psprintf(p, "unknown scheme '%s' (expected %s)", arg,
                            as_scheme_names_text(p));
    }
    for (i = 0; i < list->nelts; i++) {
        if (APR_ARRAY_IDX(list, i, as_scheme_e) == s) {
            return apr_psprintf(p, "scheme '%s' listed twice", arg);
        }
    }
    APR_ARRAY_PUSH(list, as_scheme_e) = s;
    return NULL;
}

const char *as_confval_nonempty(apr_pool_t *p, const char *arg,
                                const char *what)
{
    if (*arg == '\0') {
        return apr_psprintf(p, "%s must not be empty", what);
    }
    return NULL;
}

const char *as_confval_alg_add(apr_pool_t *p, apr_array_header_t *list,
                               const char *arg)
{
    int i;

    if (!strcasecmp(arg, "none")) {
        return "'none' is never allowed (unsigned tokens, RFC 8725 "
               "section 3.1)";
    }
    if (!as_alg_known(arg)) {
        return apr_psprintf(p, "unknown algorithm '%s' (expected RS256, "
                            "RS384, RS512, PS256, PS384, PS512, ES256, "
                            "ES384, ES512, EdDSA, HS256, HS384 or HS512; "
                            "names are case-sensitive)", arg);
    }
    for (i = 0; i < list->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(list, i, const char *), arg)) {
            return apr_psprintf(p, "algorithm '%s' listed twice", arg);
        }
    }
    APR_ARRAY_PUSH(list, const char *) = arg;
    return NULL;
}

const char *as_confval_throttle(apr_pool_t *p, const char *count,
                                const char *seconds, int *out_count,
                                int *out_seconds)
{
    int c, s;

    if (seconds == NULL) {
        if (strcasecmp(count, "Off")) {
            return apr_psprintf(p, "'%s' is neither Off nor a count "
                                "followed by a number of seconds", count);
        }
        *out_count = 0;
        *out_seconds = 0;
        return NULL;
    }
    if (as_confval_number(count, 1, AS_CONFVAL_THROTTLE_MAX_COUNT, &c)) {
        return apr_psprintf(p, "count '%s' is not a number between 1 and %d",
                            count, AS_CONFVAL_THROTTLE_MAX_COUNT);
    }
    if (as_confval_number(seconds, 1, AS_CONFVAL_THROTTLE_MAX_SECONDS, &s)) {
        return apr_psprintf(p, "'%s' is not a number of seconds between 1 "
                            "and %d", seconds,
                            AS_CONFVAL_THROTTLE_MAX_SECONDS);
    }
    *out_count = c;
    *out_seconds = s;
    return NULL;
}

const char *as_confval_ipv6_prefix(apr_pool_t *p, const char *arg, int *out)
{
    if (as_confval_number(arg + (*arg == '/'), 1, 128, out)) {
        return apr_psprintf(p, "'%s' is not an IPv6 prefix length from 1 "
                            "to 128", arg);
    }
    return NULL;
}

const char *as_confval_cache_seconds(apr_pool_t *p, const char *arg,
                                     int *out)
{
    if (!strcasecmp(arg, "Off")) {
        *out = 0;
        return NULL;
    }
    if (as_confval_number(arg, 0, AS_CONFVAL_CACHE_MAX_SECONDS, out)) {
        return apr_psprintf(p, "'%s' is not Off or a whole number of "
                            "seconds from 1 to %d", arg,
                            AS_CONFVAL_CACHE_MAX_SECONDS);
    }
    return NULL;
}

const char *as_confval_login_redirect(apr_pool_t *p, const char *arg,
                                      int *off)
{
    (void)p;
    if (!strcasecmp(arg, "Off")) {
        *off = 1;
        return NULL;
    }
    if (*arg == '\0') {
        return "an empty URL (use Off to turn the redirect off)";
    }
    *off = 0;
    return NULL;
}

const char *as_confval_store(apr_pool_t *p, const char *arg,
                             const char **provider, const char **args)
{
    const char *colon = strchr(arg, ':');
    apr_size_t n = colon ? (apr_size_t)(colon - arg) : strlen(arg);
    apr_size_t i;

    if (n == 0) {
        return apr_psprintf(p, "'%s' names no socache provider (expected "
                            "provider[:args], e.g. shmcb or "
                            "memcache:127.0.0.1:11211)", arg);
    }
    for (i = 0; i < n; i++) {
        if (!apr_isalnum(arg[i]) && arg[i] != '_') {
            return apr_psprintf(p, "'%s': '%s' is not a socache provider "
                                "name", arg, apr_pstrmemdup(p, arg, n));
        }
    }
    *provider = apr_pstrmemdup(p, arg, n);
    *args = (colon && colon[1]) ? colon + 1 : NULL;
    return NULL;
}

const char *as_confval_scope(apr_pool_t *p, const char *arg)
{
    const char *s;

    for (s = arg; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
            break;
        }
    }
    if (*arg == '\0' || *s) {
        return apr_psprintf(p, "'%s' is not a scope (RFC 6749 section 3.3: "
                            "printable ASCII without space, '\"' or '\\')",
                            arg);
    }
    return NULL;
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

const char *as_confval_scope_union(apr_pool_t *p, const char *a,
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
