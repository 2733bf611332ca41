/* Licensed under the Apache License, Version 2.0. */
/*
 * libFuzzer target: arbitrary bytes as an Authorization field value
 * through as_parse_authorization (scheme dispatch, token68, size limit),
 * then, for Basic, as_basic_decode. Checks the invariants the request
 * path relies on: a token is a token68 inside the field, the scheme name
 * for logs is short, decoded credentials are UTF-8 without controls.
 *
 * Built by 'make fuzz' (libFuzzer) and 'make fuzz-replay' (fuzz/replay.c).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "as_parse.h"
#include "fuzz_pool.h"

static void check_creds(const char *s, size_t len)
{
    size_t i;

    if (!as_is_utf8(s, len)) {
        abort();
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    as_credentials_t cred;
    const char *field, *user, *pw;
    as_basic_status_e st;

    apr_pool_create(&p, gpool);
    /* header values are C strings: an embedded NUL ends them */
    field = apr_pstrmemdup(p, (const char *)data, size);
    as_parse_authorization(p, field, &cred);

    if (strlen(field) > AS_MAX_CREDENTIALS) {
        if (cred.status != AS_CRED_TOO_LARGE) {
            abort();
        }
    }
    else if (cred.status == AS_CRED_TOO_LARGE) {
        abort();
    }
    if (cred.scheme_name && strlen(cred.scheme_name) > 32) {
        abort();
    }
    if (cred.status != AS_CRED_OK && cred.status != AS_CRED_ABSENT
        && cred.why == NULL) {
        abort();
    }
    if (cred.token) {
        /* points into the field, and is a token68 */
        if (cred.token < field || cred.token >= field + strlen(field)
            || !as_is_token68(cred.token) || cred.status != AS_CRED_OK
            || cred.scheme == AS_SCHEME_UNKNOWN) {
            abort();
        }
        st = as_basic_decode(p, cred.token, &user, &pw);
        if (st == AS_BASIC_OK || st == AS_BASIC_EMPTY_USER) {
            if (!user || !pw || (st == AS_BASIC_OK) != (*user != '\0')
                || strchr(user, ':')) {
                abort();
            }
            check_creds(user, strlen(user));
            check_creds(pw, strlen(pw));
        }
        else if (user || pw) {
            abort();
        }
        (void)as_basic_is_malformed(st);
    }
    /* the raw bytes straight into the decoder too: it must refuse, not
     * crash, on anything */
    st = as_basic_decode(p, field, &user, &pw);
    (void)as_is_token68(field);
    (void)as_is_utf8((const char *)data, size);
    (void)as_scheme_lookup(field);
    apr_pool_destroy(p);
    return 0;
}
