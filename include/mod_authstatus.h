/* Licensed under the Apache License, Version 2.0. */
/**
 * @file mod_authstatus.h
 * Optional functions other modules may call (retrieve them with
 * APR_RETRIEVE_OPTIONAL_FN in an optional_fn_retrieve hook; they are NULL
 * when mod_authstatus is not loaded).
 */
#ifndef MOD_AUTHSTATUS_H
#define MOD_AUTHSTATUS_H

#include <httpd.h>
#include <apr_optional.h>

/** The AUTHSTATUS_REASON keyword decided for r so far ("ok",
 * "no-credentials", "denied", …), or NULL when the module decided nothing. */
APR_DECLARE_OPTIONAL_FN(const char *, authstatus_reason, (request_rec *r));

/** Ask for a refusal with the given reason keyword. Returns the
 * status the location gives that reason (with AuthStatusHide applied),
 * sets AUTHSTATUS_REASON and the challenges; the caller returns it from
 * its hook. Returns HTTP_INTERNAL_SERVER_ERROR for an unknown keyword. */
APR_DECLARE_OPTIONAL_FN(int, authstatus_refuse, (request_rec *r,
                                                 const char *reason));

#endif
