/* Licensed under the Apache License, Version 2.0. */
/* The table of schemes (see include/as_scheme.h). */

#include <strings.h>
#include <apr_strings.h>

#include "as_scheme.h"
#include "as_challenge.h"

static as_scheme_t schemes[] = {
    { AS_SCHEME_BASIC,  "Basic",  as_challenge_basic_args,  NULL },
    { AS_SCHEME_BEARER, "Bearer", as_challenge_bearer_args, NULL },
    { AS_SCHEME_DPOP,   "DPoP",   as_challenge_dpop_args,   NULL },
};
#define N_SCHEMES ((int)(sizeof(schemes) / sizeof(schemes[0])))

const as_scheme_t *as_scheme_at(int i)
{
    return (i >= 0 && i < N_SCHEMES) ? &schemes[i] : NULL;
}

const as_scheme_t *as_scheme_get(as_scheme_e id)
{
    int i;

    for (i = 0; i < N_SCHEMES; i++) {
        if (schemes[i].id == id) {
            return &schemes[i];
        }
    }
    return NULL;
}

const char *as_scheme_name(as_scheme_e s)
{
    const as_scheme_t *sc = as_scheme_get(s);

    return sc ? sc->name : "unknown";
}

as_scheme_e as_scheme_lookup(const char *name)
{
    int i;

    for (i = 0; i < N_SCHEMES; i++) {
        if (!strcasecmp(schemes[i].name, name)) {
            return schemes[i].id;
        }
    }
    return AS_SCHEME_UNKNOWN;
}

const char *as_scheme_names_text(apr_pool_t *p)
{
    const char *s = schemes[0].name;
    int i;

    for (i = 1; i < N_SCHEMES; i++) {
        s = apr_pstrcat(p, s, i == N_SCHEMES - 1 ? " or " : ", ",
                        schemes[i].name, NULL);
    }
    return s;
}

void as_scheme_set_verify(as_scheme_e id, as_scheme_verify_fn fn)
{
    int i;

    for (i = 0; i < N_SCHEMES; i++) {
        if (schemes[i].id == id) {
            schemes[i].verify = fn;
        }
    }
}
