/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_accept.h
 * Accept-field negotiation (RFC 9110 §12.5.1) for choosing the body of a
 * refusal and for telling a browser navigation from an API call.
 * Pure C over plain strings: no request_rec, no pool, no allocation, so it
 * is unit-tested and fuzzed alone. Input of any shape is safe.
 */
#ifndef AS_ACCEPT_H
#define AS_ACCEPT_H

#include <apr_pools.h>

/** Quality, in thousandths (0..1000), that the Accept field value `accept`
 * gives the media type `type` (e.g. "application/json", no parameters):
 * the qvalue of the most specific media range that matches it (type/subtype
 * before a type with a wildcard subtype before the full wildcard; among equally specific ranges the highest).
 * Media-range parameters other than q are not compared. A NULL `accept`
 * (no field) accepts everything: 1000. No matching range, or an empty
 * field: 0. Elements that do not follow the grammar are skipped. */
int as_accept_quality(const char *accept, const char *type);

/** 1 when `accept` names `type` itself (not through a wildcard) with a
 * qvalue above 0, else 0. */
int as_accept_lists(const char *accept, const char *type);

/** 1 when `accept` gives application/json or application/problem+json a
 * higher qvalue than text/html, else 0 (no field, a tie, or the full wildcard
 * alone all mean HTML). */
int as_accept_prefers_json(const char *accept);

/** Is a request with these fields a browser navigation? sec_fetch_mode is
 * the Sec-Fetch-Mode value or NULL; other_sec_fetch says whether any other
 * Sec-Fetch-* field is present; x_requested_with whether X-Requested-With
 * is. Sec-Fetch-Mode decides when present ("navigate"); without any
 * Sec-Fetch-* field, Accept must list text/html itself and
 * X-Requested-With must be absent. */
int as_accept_is_navigation(const char *sec_fetch_mode, int other_sec_fetch,
                            int x_requested_with, const char *accept);

/** The login URL with the original request target appended as the one
 * value of query parameter param (RFC 3986 section 3.4): after '?' or '&'
 * as url needs, every byte but unreserved ones and '/' percent-encoded,
 * so that '&', '=', '#' and '+' in the target cannot make a second
 * parameter. Only a local target (starting with one '/') is put in; else
 * "/". */
const char *as_login_url_with_target(apr_pool_t *p, const char *url,
                                     const char *param, const char *target);

/** Is param a query parameter name for AuthStatusLoginRedirect (1 to 64
 * unreserved characters)? */
int as_login_param_ok(const char *param);

#endif
