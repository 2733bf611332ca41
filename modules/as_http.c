/* Licensed under the Apache License, Version 2.0. */
/* The HTTP client behind as_http.h: one libcurl easy handle a request
 * (a fetch is rare: a key set refresh, a metadata document, an
 * introspection whose result is then cached), TLS verification always on,
 * no redirects, bounded bodies, no signals (threads). */

#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <curl/curl.h>

#include "as_http.h"

typedef struct {
    apr_pool_t *p;
    char *buf;
    apr_size_t len, cap;
    int too_large;
    const char *cache_control;
} sink_t;

static size_t on_body(char *data, size_t size, size_t n, void *baton)
{
    sink_t *s = baton;
    apr_size_t add = size * n;

    if (s->len + add > AS_HTTP_MAX_BODY) {
        s->too_large = 1;
        return 0;               /* libcurl stops: CURLE_WRITE_ERROR */
    }
    if (s->len + add + 1 > s->cap) {
        apr_size_t cap = s->cap ? s->cap : 4096;
        char *nb;

        while (cap < s->len + add + 1) {
            cap *= 2;
        }
        nb = apr_palloc(s->p, cap);
        if (s->len) {
            memcpy(nb, s->buf, s->len);
        }
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, add);
    s->len += add;
    s->buf[s->len] = '\0';
    return add;
}

static size_t on_header(char *data, size_t size, size_t n, void *baton)
{
    sink_t *s = baton;
    apr_size_t len = size * n;
    static const char cc[] = "cache-control:";

    if (len > sizeof(cc) - 1 && !strncasecmp(data, cc, sizeof(cc) - 1)) {
        const char *v = data + sizeof(cc) - 1;
        apr_size_t vl = len - (sizeof(cc) - 1);

        while (vl && (*v == ' ' || *v == '\t')) {
            v++, vl--;
        }
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n'
                      || v[vl - 1] == ' ')) {
            vl--;
        }
        s->cache_control = apr_pstrmemdup(s->p, v, vl);
    }
    return len;
}

void as_http_global_init(void)
{
    static int done;

    if (!done) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        done = 1;
    }
}

static as_http_err_e classify(CURLcode rc, int too_large)
{
    if (too_large) {
        return AS_HTTP_ERR_TOO_LARGE;
    }
    switch (rc) {
    case CURLE_OK:
        return AS_HTTP_OK;
    case CURLE_COULDNT_RESOLVE_HOST:
        return AS_HTTP_ERR_DNS;
    case CURLE_COULDNT_CONNECT:
        return AS_HTTP_ERR_CONNECT;
    case CURLE_OPERATION_TIMEDOUT:
        return AS_HTTP_ERR_TIMEOUT;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return AS_HTTP_ERR_TLS;
    default:
        return AS_HTTP_ERR_OTHER;
    }
}

as_http_err_e as_http_do(apr_pool_t *p, const as_http_req_t *req,
                         as_http_resp_t *resp)
{
    char errbuf[CURL_ERROR_SIZE];
    struct curl_slist *hdrs = NULL;
    sink_t sink;
    CURL *c;
    CURLcode rc;
    char *ct = NULL;
    long ms = (long)((req->timeout > 0 ? req->timeout
                                       : 5 * APR_USEC_PER_SEC) / 1000);
    apr_time_t start = apr_time_now();

    memset(resp, 0, sizeof(*resp));
    memset(&sink, 0, sizeof(sink));
    sink.p = p;
    errbuf[0] = '\0';
    if (!(c = curl_easy_init())) {
        resp->err = AS_HTTP_ERR_OTHER;
        resp->err_text = "cannot make a libcurl handle";
        return resp->err;
    }
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (req->ca_file) {
        curl_easy_setopt(c, CURLOPT_CAINFO, req->ca_file);
    }
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "mod_authstatus");
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)AS_HTTP_MAX_BODY);
    hdrs = curl_slist_append(hdrs, apr_pstrcat(p, "Accept: ",
                                               req->accept ? req->accept
                                               : "application/json", NULL));
    if (req->post_body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->post_body);
        hdrs = curl_slist_append(hdrs, apr_pstrcat(
            p, "Content-Type: ", req->content_type
            ? req->content_type : "application/x-www-form-urlencoded", NULL));
    }
    if (req->basic_user) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, req->basic_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD,
                         req->basic_pass ? req->basic_pass : "");
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);

    rc = curl_easy_perform(c);
    resp->err = classify(rc, sink.too_large);
    if (resp->err == AS_HTTP_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
        if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK
            && ct) {
            resp->content_type = apr_pstrdup(p, ct);
        }
        resp->body = sink.buf ? sink.buf : "";
        resp->len = sink.len;
        resp->cache_control = sink.cache_control;
    }
    else if (resp->err == AS_HTTP_ERR_TOO_LARGE) {
        resp->err_text = apr_psprintf(p, "the response is larger than %d "
                                      "bytes", AS_HTTP_MAX_BODY);
    }
    else {
        resp->err_text = apr_pstrdup(p, errbuf[0] ? errbuf
                                                  : curl_easy_strerror(rc));
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    resp->took = apr_time_now() - start;
    return resp->err;
}

const char *as_http_err_name(as_http_err_e e)
{
    switch (e) {
    case AS_HTTP_OK:            return "ok";
    case AS_HTTP_ERR_DNS:       return "dns";
    case AS_HTTP_ERR_CONNECT:   return "connect";
    case AS_HTTP_ERR_TLS:       return "tls verification";
    case AS_HTTP_ERR_TIMEOUT:   return "timeout";
    case AS_HTTP_ERR_TOO_LARGE: return "response too large";
    default:                    return "transfer";
    }
}
