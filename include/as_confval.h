/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_confval.h
 * Every directive value, parsed without httpd's cmd_parms, so that the
 * values a .htaccess author controls are unit-tested and fuzzed alone
 * (fuzz/fuzz_config.c). The setters (as_*_conf.c, through as_directive.h)
 * wrap each result in a message naming the directive: these functions
 * return only the "why" part, or NULL when the value is good, and leave
 * their outputs untouched when it is not.
 */
#ifndef AS_CONFVAL_H
#define AS_CONFVAL_H

#include <apr_pools.h>
#include <apr_tables.h>

#include "as_parse.h"

/** Largest number of seconds any directive accepts (366 days). */
#define AS_CONFVAL_MAX_SECONDS (86400 * 366)

/** Largest count and window AuthStatusThrottle accepts. */
#define AS_CONFVAL_THROTTLE_MAX_COUNT   1000000
#define AS_CONFVAL_THROTTLE_MAX_SECONDS (86400 * 366)

/** Longest AuthStatusCache lifetime (one day). */
#define AS_CONFVAL_CACHE_MAX_SECONDS 86400

/** AuthStatusBody values. */
typedef enum {
    AS_BODY_AUTO = 0,
    AS_BODY_HTML,
    AS_BODY_PROBLEM
} as_body_e;

/** AuthStatusPreflight values. */
typedef enum {
    AS_PREFLIGHT_ALLOW = 0,
    AS_PREFLIGHT_AUTHENTICATE
} as_preflight_e;

/** One keyword of a keyword-valued directive; a table ends with a NULL
 * name. Keywords match case-insensitively. */
typedef struct {
    const char *name;
    int value;
} as_confval_kw_t;

/** The keyword tables of the module's keyword directives. */
extern const as_confval_kw_t as_confval_kw_hide[];      /* Off Denied Always */
extern const as_confval_kw_t as_confval_kw_onoff[];     /* On Off */
extern const as_confval_kw_t as_confval_kw_body[];      /* Auto HTML Problem */
extern const as_confval_kw_t as_confval_kw_preflight[]; /* Allow Authenticate */
extern const as_confval_kw_t as_confval_kw_token_type[]; /* any at+jwt */
extern const as_confval_kw_t as_confval_kw_prompt[];  /* Always Navigation */

/** One of the keywords of table (any case): its value in *out. The
 * refusal lists the keywords: "'x' is not Off, Denied or Always". */
const char *as_confval_keyword(apr_pool_t *p, const char *arg,
                               const as_confval_kw_t *table, int *out);

/** A plain decimal number between min and max: digits only (no sign, no
 * space, no suffix). Returns 0 and sets *out, or -1. */
int as_confval_number(const char *arg, long min, long max, int *out);

/** A decimal number of seconds, 0..AS_CONFVAL_MAX_SECONDS, nothing else. */
const char *as_confval_seconds(apr_pool_t *p, const char *arg, int *out);

/** Append one scheme name to list (of as_scheme_e): unknown names and
 * names already in the list are refused. */
const char *as_confval_scheme_add(apr_pool_t *p, apr_array_header_t *list,
                                  const char *arg);

/** A value that must not be empty (an issuer, an audience, a claim
 * name); what names it in the refusal ("the issuer"). */
const char *as_confval_nonempty(apr_pool_t *p, const char *arg,
                                const char *what);

/** Append a JWS algorithm name (case-sensitive, RFC 7518) to list (of
 * const char *): "none", unknown names and repeats are refused. */
const char *as_confval_alg_add(apr_pool_t *p, apr_array_header_t *list,
                               const char *arg);

/** AuthStatusThrottle: "Off" alone (seconds NULL), or a count 1..AS_CONFVAL_THROTTLE_MAX_COUNT and a window in seconds
 * 1..AS_CONFVAL_THROTTLE_MAX_SECONDS. Off gives 0 and 0. */
const char *as_confval_throttle(apr_pool_t *p, const char *count,
                                const char *seconds, int *out_count,
                                int *out_seconds);

/** AuthStatusThrottleIPv6Prefix: a prefix length from 1 to 128, alone or
 * after a '/' ("64", "/56"). */
const char *as_confval_ipv6_prefix(apr_pool_t *p, const char *arg, int *out);

/** AuthStatusCache: "Off" or 0 give 0, else a whole number of seconds
 * from 1 to AS_CONFVAL_CACHE_MAX_SECONDS. */
const char *as_confval_cache_seconds(apr_pool_t *p, const char *arg,
                                     int *out);

/** AuthStatusLoginRedirect before it is parsed as an expression: *off = 1
 * for "Off", 0 for anything else but the empty string (refused). */
const char *as_confval_login_redirect(apr_pool_t *p, const char *arg,
                                      int *off);

/** AuthStatusStore provider[:args]: the provider name (a non-empty word
 * of letters, digits and '_') and its arguments (NULL when there are
 * none or the colon ends the value). */
const char *as_confval_store(apr_pool_t *p, const char *arg,
                             const char **provider, const char **args);

/** A scope-token of RFC 6749 section 3.3 (printable ASCII without space,
 * '"' or '\'), as Require token-scope takes them. */
const char *as_confval_scope(apr_pool_t *p, const char *arg);

/** The space-separated words of a followed by those of b that a lacks,
 * joined by one space (NULL when both are NULL or empty): the scopes of
 * every Require token-scope line of a section, for its challenges. */
const char *as_confval_scope_union(apr_pool_t *p, const char *a,
                                   const char *b);

#endif
