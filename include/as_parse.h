/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_parse.h
 * Parsing of the Authorization field and of Basic credentials.
 * Pure functions over APR: no request_rec, so they are unit-tested alone.
 */
#ifndef AS_PARSE_H
#define AS_PARSE_H

#include <apr_pools.h>

#include "as_scheme.h"

/** Longest Authorization field value we look at; longer ones are refused
 * with 400 before any decoding (httpd's LimitRequestFieldSize, 8190 by
 * default, normally stops them first). */
#define AS_MAX_CREDENTIALS 16384

/** What the Authorization field says, before any verification. */
typedef enum {
    AS_CRED_ABSENT,      /* no field */
    AS_CRED_OK,          /* scheme plus a syntactically valid token68 */
    AS_CRED_MALFORMED,   /* outside the credentials grammar */
    AS_CRED_DUPLICATE,   /* several fields, merged by httpd with ", " */
    AS_CRED_TOO_LARGE    /* longer than AS_MAX_CREDENTIALS */
} as_cred_status_e;

typedef struct {
    as_cred_status_e status;
    as_scheme_e scheme;     /* known scheme, or AS_SCHEME_UNKNOWN */
    const char *scheme_name;/* as sent, for logs (truncated to 32 chars) */
    const char *token;      /* the token68 after the scheme, or NULL */
    const char *why;        /* short reason for MALFORMED, for logs */
} as_credentials_t;

/** Parse an Authorization field value (NULL when the field is absent).
 * Scheme names match case-insensitively; one or more SP may follow it.
 * A scheme we do not know is AS_CRED_OK with AS_SCHEME_UNKNOWN and its
 * parameters are not looked at. */
void as_parse_authorization(apr_pool_t *p, const char *value,
                            as_credentials_t *out);

/** Is s a token68 (RFC 9110 §11.2)? */
int as_is_token68(const char *s);

/** Outcome of decoding Basic credentials. */
typedef enum {
    AS_BASIC_OK,
    AS_BASIC_BAD_BASE64,   /* outside the alphabet, or '=' not at the end */
    AS_BASIC_NO_COLON,     /* user-pass without ':' (RFC 7617 §2) */
    AS_BASIC_CONTROL,      /* a CTL in user-id or password */
    AS_BASIC_EMPTY_USER,   /* ":pw" -- well formed, never authenticates */
    AS_BASIC_BAD_UTF8      /* not UTF-8 though we advertise charset=UTF-8 */
} as_basic_status_e;

/** Decode the token68 of a Basic credential into user and password.
 * base64 is strict (RFC 4648 §4): characters outside the alphabet or
 * padding in the middle are refused; missing trailing padding is accepted. */
as_basic_status_e as_basic_decode(apr_pool_t *p, const char *token68,
                                  const char **user, const char **password);

/** Is a Basic decoding failure malformed syntax (400) rather than
 * credentials that simply fail (401)? */
int as_basic_is_malformed(as_basic_status_e st);

/** Does the NUL-terminated string s hold valid UTF-8 (no overlongs,
 * no surrogates)? */
int as_is_utf8(const char *s, apr_size_t len);

/** How many "access_token" parameters (RFC 6750 section 2.3) the query
 * string args holds (NULL: none). Parameter names are compared after
 * percent-decoding, so "access%5Ftoken" counts too. */
int as_parse_query_tokens(apr_pool_t *p, const char *args);

#endif
