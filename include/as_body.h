/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_body.h
 * The short bodies of refusals (400, 401, 403, 429): HTML, or RFC 9457
 * application/problem+json. Pure functions over APR and jansson; the
 * texts never name a user, echo a credential, or say whether a user
 * exists (wrong password and unknown user share one reason).
 */
#ifndef AS_BODY_H
#define AS_BODY_H

#include <apr_pools.h>
#include <apr_tables.h>

#include "as_decide.h"

/** Media type of the problem body. */
#define AS_PROBLEM_TYPE "application/problem+json"
/** Media type of the HTML refusal pages (ASCII text, so UTF-8 says it). */
#define AS_HTML_TYPE "text/html; charset=utf-8"

/** Does the module give a refusal with this status a body of its own? */
int as_body_status_is_ours(int status);

/** Reason phrase of a status we give a body ("Unauthorized", …). */
const char *as_body_title(int status);

/** One sentence for the client about a refusal reason. */
const char *as_body_detail(as_reason_e reason);

/** A small HTML page: title, heading, the detail. */
const char *as_body_html(apr_pool_t *p, int status, as_reason_e reason);

/** The problem document: {"type":"about:blank","title":…,"status":…,
 * "detail":…,"reason":…} and, when schemes (of const char *) is not NULL
 * and not empty, "schemes":[…]. NULL only if jansson fails. */
const char *as_body_problem(apr_pool_t *p, int status, as_reason_e reason,
                            const apr_array_header_t *schemes);

#endif
