/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_client.h
 * Client-aware refusals: the body a refusal gets (HTML, problem
 * +json, or the configured ErrorDocument), the 303 to a login page for a
 * browser navigation without credentials, and the CORS preflight
 * exemption. Glue over the pure parts in as_accept.c and as_body.c.
 */
#ifndef AS_CLIENT_H
#define AS_CLIENT_H

#include <httpd.h>
#include <http_config.h>

#include "as_config.h"

/** Name of the output filter that gives a problem body its media type. */
#define AS_PROBLEM_FILTER "AUTHSTATUS_PROBLEM"
#define AS_FLUSH_FILTER   "AUTHSTATUS_FLUSH"

/** insert_error_filter hook: for a refusal the module decided (400, 401,
 * 403, 429) with no ErrorDocument for its status, register the module's
 * body with ap_custom_response(). */
void as_client_insert_error_filter(request_rec *r);

/** The output filter behind AS_FLUSH_FILTER: a FLUSH right after the
 * refusal's EOS, so the answer is written while the request ends. */
apr_status_t as_client_flush_filter(ap_filter_t *f, apr_bucket_brigade *bb);

/** The output filter behind AS_PROBLEM_FILTER. */
apr_status_t as_client_problem_filter(ap_filter_t *f, apr_bucket_brigade *bb);

/** For a credential-less request that is about to get 401: when the
 * location has AuthStatusLoginRedirect and the request is a browser
 * navigation, set Location and return HTTP_SEE_OTHER; else 0. */
int as_client_login_redirect(request_rec *r, const as_dir_conf *d);

/** Is r a CORS preflight that AuthStatusPreflight lets through (OPTIONS
 * with Origin and Access-Control-Request-Method, no credentials)? */
int as_client_is_preflight(request_rec *r, const as_dir_conf *d);

/** May this refusal carry the challenges that make browsers prompt
 * (Basic)? Always, unless AuthStatusPrompt Navigation and the request is
 * not a navigation (a Sec-Fetch-Mode other than navigate, other Sec-Fetch-*
 * fields, X-Requested-With); adds the Vary fields then. */
int as_client_may_prompt(request_rec *r, const as_dir_conf *d);

/** The challenge of a 401 whose other challenges were all left out:
 * `AuthStatus-Login realm="…", login="<AuthStatusLoginRedirect URL>"`. */
const char *as_client_login_challenge(request_rec *r, const as_dir_conf *d);

#endif
