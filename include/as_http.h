/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_http.h
 * A small HTTP client for talking to the identity provider (key sets,
 * metadata, introspection), behind one call so that the rest of the module
 * never sees libcurl (modules/as_http.c). TLS peer and host verification
 * are always on; a CA file may replace the system's trust store. Plain
 * http:// is only for loopback hosts (checked by as_idp_url_check when the
 * configuration is read). Bodies are bounded; redirects are not followed
 * (a key set that moved is a configuration to fix, not something to chase).
 * No httpd headers: usable from a thread of its own and from tests.
 */
#ifndef AS_HTTP_H
#define AS_HTTP_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>

/** Largest response body read (bytes); a longer one is an error. */
#define AS_HTTP_MAX_BODY (512 * 1024)

/** Why a request failed, for the error log ("the log names the cause"). */
typedef enum {
    AS_HTTP_OK = 0,        /* a response came (any status) */
    AS_HTTP_ERR_DNS,       /* the host name did not resolve */
    AS_HTTP_ERR_CONNECT,   /* refused, unreachable */
    AS_HTTP_ERR_TLS,       /* handshake or certificate verification */
    AS_HTTP_ERR_TIMEOUT,
    AS_HTTP_ERR_TOO_LARGE, /* body over AS_HTTP_MAX_BODY */
    AS_HTTP_ERR_OTHER
} as_http_err_e;

typedef struct {
    const char *url;
    const char *ca_file;        /* NULL: the system's CAs */
    apr_interval_time_t timeout; /* whole request; 0: 5 s */
    const char *post_body;      /* NULL: GET; else POST of this */
    const char *content_type;   /* of post_body */
    const char *basic_user;     /* HTTP Basic, both or neither */
    const char *basic_pass;
    const char *accept;         /* Accept field; NULL: application/json */
} as_http_req_t;

typedef struct {
    as_http_err_e err;
    const char *err_text;       /* libcurl's words when err != OK */
    long status;                /* HTTP status when err == OK */
    const char *body;           /* NUL-terminated, len bytes */
    apr_size_t len;
    const char *content_type;   /* NULL when absent */
    const char *cache_control;  /* NULL when absent */
    apr_interval_time_t took;
} as_http_resp_t;

/** Initialise libcurl once per process (post_config of the parent). */
void as_http_global_init(void);

/** Run one request; everything in resp is allocated from p. Returns
 * resp->err. */
as_http_err_e as_http_do(apr_pool_t *p, const as_http_req_t *req,
                         as_http_resp_t *resp);

/** A short name of an error class: "dns", "connect", "tls", "timeout". */
const char *as_http_err_name(as_http_err_e e);

#endif
