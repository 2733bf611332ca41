/* Licensed under the Apache License, Version 2.0. */
/* Directive values, parsed without httpd (see as_confval.h). */

#include <errno.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_lib.h>

#include "as_confval.h"
#include "as_decide.h"

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

const char *as_confval_hide(apr_pool_t *p, const char *arg, int *out)
{
    if (!strcasecmp(arg, "Off")) {
        *out = AS_HIDE_OFF;
    }
    else if (!strcasecmp(arg, "Denied")) {
        *out = AS_HIDE_DENIED;
    }
    else if (!strcasecmp(arg, "Always")) {
        *out = AS_HIDE_ALWAYS;
    }
    else {
        return apr_psprintf(p, "'%s' is not Off, Denied or Always", arg);
    }
    return NULL;
}

const char *as_confval_onoff(apr_pool_t *p, const char *arg, int *out)
{
    if (!strcasecmp(arg, "On")) {
        *out = 1;
    }
    else if (!strcasecmp(arg, "Off")) {
        *out = 0;
    }
    else {
        return apr_psprintf(p, "'%s' is not On or Off", arg);
    }
    return NULL;
}

const char *as_confval_scheme_add(apr_pool_t *p, apr_array_header_t *list,
                                  const char *arg)
{
    as_scheme_e s = as_scheme_lookup(arg);
    int i;

    if (s == AS_SCHEME_UNKNOWN) {
        return apr_psprintf(p, "unknown scheme '%s' (expected Basic or "
                            "Bearer)", arg);
    }
    for (i = 0; i < list->nelts; i++) {
        if (APR_ARRAY_IDX(list, i, as_scheme_e) == s) {
            return apr_psprintf(p, "scheme '%s' listed twice", arg);
        }
    }
    APR_ARRAY_PUSH(list, as_scheme_e) = s;
    return NULL;
}
