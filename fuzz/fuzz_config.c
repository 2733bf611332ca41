/* Licensed under the Apache License, Version 2.0. */
/*
 * libFuzzer target: every directive value a .htaccess author controls,
 * through the request-free parsers of as_confval.c that the setters use.
 * The first byte picks the directive; the rest is the value (for list
 * directives, words split on spaces as ITERATE would; for TAKE12
 * AuthStatusThrottle, the first space splits the two arguments).
 * Invariants: an accepted value is exactly what it claims (a keyword of the
 * table, the number written, a provider name of word characters); a
 * refusal names the value and leaves the outputs untouched.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "as_confval.h"
#include "as_decide.h"
#include "as_keys.h"
#include "as_accept.h"
#include "as_prm.h"
#include "as_dpop.h"
#include "fuzz_pool.h"

#define UNTOUCHED (-7)

static void must(int cond)
{
    if (!cond) {
        abort();
    }
}

static void must_name(const char *why, const char *arg)
{
    must(why && *why && strstr(why, arg) != NULL);
}

/* digits only, and exactly v, at most max */
static void is_number(const char *arg, long max, int v)
{
    const char *q;
    long long x = 0;

    must(*arg != '\0');
    for (q = arg; *q; q++) {
        must(*q >= '0' && *q <= '9');
        x = x * 10 + (*q - '0');
        must(x <= max);
    }
    must(x == v);
}

static void keyword(apr_pool_t *p, const char *arg,
                    const as_confval_kw_t *table)
{
    int v = UNTOUCHED, i, hit = 0;
    const char *why = as_confval_keyword(p, arg, table, &v);

    for (i = 0; table[i].name; i++) {
        if (!strcasecmp(arg, table[i].name)) {
            hit = 1;
            must(why == NULL && v == table[i].value);
        }
    }
    if (!hit) {
        must_name(why, arg);
        must(v == UNTOUCHED);
    }
}

static void scheme_list(apr_pool_t *p, const char *arg)
{
    apr_array_header_t *list = apr_array_make(p, 2, sizeof(as_scheme_e));
    char *words = apr_pstrdup(p, arg), *w, *last;
    int i, j;

    for (w = apr_strtok(words, " \t", &last); w;
         w = apr_strtok(NULL, " \t", &last)) {
        int before = list->nelts;
        const char *why = as_confval_scheme_add(p, list, w);

        if (why) {
            must_name(why, w);
            must(list->nelts == before);
        }
        else {
            must(list->nelts == before + 1);
        }
    }
    /* never a scheme twice, never an unknown one */
    for (i = 0; i < list->nelts; i++) {
        as_scheme_e s = APR_ARRAY_IDX(list, i, as_scheme_e);

        must(as_scheme_get(s) != NULL);
        for (j = 0; j < i; j++) {
            must(APR_ARRAY_IDX(list, j, as_scheme_e) != s);
        }
    }
}

static void alg_list(apr_pool_t *p, const char *arg)
{
    apr_array_header_t *list = apr_array_make(p, 2, sizeof(const char *));
    char *words = apr_pstrdup(p, arg), *w, *last;
    int i, j;

    for (w = apr_strtok(words, " \t", &last); w;
         w = apr_strtok(NULL, " \t", &last)) {
        int before = list->nelts;
        const char *why = as_confval_alg_add(p, list, w);

        must(why ? list->nelts == before : list->nelts == before + 1);
        if (why && strcasecmp(w, "none")) {
            must_name(why, w);
        }
    }
    for (i = 0; i < list->nelts; i++) {
        const char *a = APR_ARRAY_IDX(list, i, const char *);

        must(as_alg_known(a) && strcasecmp(a, "none"));
        for (j = 0; j < i; j++) {
            must(strcmp(APR_ARRAY_IDX(list, j, const char *), a));
        }
    }
}

static void throttle(apr_pool_t *p, const char *arg)
{
    const char *sp = strchr(arg, ' ');
    const char *a1 = sp ? apr_pstrmemdup(p, arg, sp - arg) : arg;
    const char *a2 = sp ? sp + 1 : NULL;
    int c = UNTOUCHED, s = UNTOUCHED;
    const char *why = as_confval_throttle(p, a1, a2, &c, &s);

    if (why) {
        must(c == UNTOUCHED && s == UNTOUCHED);
        must_name(why, (a2 && !as_confval_number(a1, 1,
                                                  AS_CONFVAL_THROTTLE_MAX_COUNT,
                                                  &c)) ? a2 : a1);
    }
    else if (a2 == NULL) {
        must(!strcasecmp(a1, "off") && c == 0 && s == 0);
    }
    else {
        is_number(a1, AS_CONFVAL_THROTTLE_MAX_COUNT, c);
        is_number(a2, AS_CONFVAL_THROTTLE_MAX_SECONDS, s);
        must(c >= 1 && s >= 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *arg, *why, *prov = NULL, *args = NULL;
    int v = UNTOUCHED;

    if (size == 0) {
        return 0;
    }
    apr_pool_create(&p, gpool);
    arg = apr_pstrmemdup(p, (const char *)data + 1, size - 1);

    switch (data[0] % 18) {
    case 0:     /* AuthStatusBearerLeeway and other seconds */
        why = as_confval_seconds(p, arg, &v);
        if (why) {
            must_name(why, arg);
            must(v == UNTOUCHED);
        }
        else {
            is_number(arg, AS_CONFVAL_MAX_SECONDS, v);
        }
        break;
    case 1:     /* AuthStatusHide */
        keyword(p, arg, as_confval_kw_hide);
        break;
    case 2:     /* AuthStatusForbidOnDeny, AuthStatusBearerClaimsEnv */
        keyword(p, arg, as_confval_kw_onoff);
        break;
    case 3:     /* AuthStatusSchemes */
        scheme_list(p, arg);
        break;
    case 4:     /* AuthStatusBody */
        keyword(p, arg, as_confval_kw_body);
        break;
    case 5:     /* AuthStatusPreflight */
        keyword(p, arg, as_confval_kw_preflight);
        break;
    case 6:     /* AuthStatusThrottle */
        throttle(p, arg);
        break;
    case 7:     /* AuthStatusCache */
        why = as_confval_cache_seconds(p, arg, &v);
        if (why) {
            must_name(why, arg);
            must(v == UNTOUCHED);
        }
        else if (strcasecmp(arg, "off")) {
            is_number(arg, AS_CONFVAL_CACHE_MAX_SECONDS, v);
        }
        else {
            must(v == 0);
        }
        break;
    case 8:     /* AuthStatusLoginRedirect, before the expression parser */
        why = as_confval_login_redirect(p, arg, &v);
        must(why ? (*arg == '\0' && v == UNTOUCHED)
                 : (v == !strcasecmp(arg, "off")));
        break;
    case 9:     /* AuthStatusStore */
        why = as_confval_store(p, arg, &prov, &args);
        if (why) {
            must_name(why, arg);
            must(prov == NULL && args == NULL);
        }
        else {
            const char *q;

            must(*prov != '\0');
            for (q = prov; *q; q++) {
                must((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')
                     || (*q >= '0' && *q <= '9') || *q == '_');
            }
            must(!strncmp(arg, prov, strlen(prov)));
            must(args == NULL || (arg[strlen(prov)] == ':'
                                  && !strcmp(args, arg + strlen(prov) + 1)
                                  && *args));
        }
        break;
    case 10:    /* AuthStatusBearerAlgorithms */
        alg_list(p, arg);
        break;
    case 11:    /* AuthStatusBearerIssuer, Audience, UserClaim */
        why = as_confval_nonempty(p, arg, "the value");
        must((why != NULL) == (*arg == '\0'));
        break;
    case 13:    /* AuthStatusThrottleIPv6Prefix */
        why = as_confval_ipv6_prefix(p, arg, &v);
        if (why) {
            must_name(why, arg);
            must(v == UNTOUCHED);
        }
        else {
            is_number(arg + (*arg == '/'), 128, v);
            must(v >= 1);
        }
        break;
    case 14:    /* AuthStatusPrompt */
        keyword(p, arg, as_confval_kw_prompt);
        break;
    case 15:    /* AuthStatusBearerTokenType */
        keyword(p, arg, as_confval_kw_token_type);
        break;
    case 16:    /* AuthStatusLoginRedirect's parameter, and the Location it
                 * makes: one parameter, nothing outside unreserved, '/',
                 * '%' in the value */
        if (as_login_param_ok(arg)) {
            const char *u = as_login_url_with_target(p, "/login", arg,
                                                     "/a?b=c&d#e");
            const char *v2 = strchr(u, '=');
            must(v2 != NULL && strchr(v2 + 1, '&') == NULL
                 && strchr(v2 + 1, '=') == NULL && strchr(v2 + 1, '#') == NULL);
            u = as_login_url_with_target(p, "/login?x=1", "next", arg);
            must(strstr(u, "&next=") != NULL);
            must(strstr(u, "next=/") != NULL);
            must(strchr(strstr(u, "&next=") + 6, '&') == NULL);
        }
        break;
    case 17:    /* AuthStatusResource, AuthStatusDPoPOrigin */
        if (as_prm_resource_check(p, arg) == NULL) {
            must(strstr(as_prm_metadata_url(p, arg), AS_PRM_WELL_KNOWN)
                 != NULL);
        }
        {
            const char *h = as_dpop_htu(p, arg);
            must(h == NULL || (!strchr(h, '?') && !strchr(h, '#')));
        }
        break;
    default:    /* Require token-scope words */
        why = as_confval_scope(p, arg);
        if (why) {
            must_name(why, arg);
        }
        else {
            const unsigned char *q;

            must(*arg != '\0');
            for (q = (const unsigned char *)arg; *q; q++) {
                must(*q > 0x20 && *q < 0x7f && *q != '"' && *q != '\\');
            }
        }
        break;
    }
    apr_pool_destroy(p);
    return 0;
}
