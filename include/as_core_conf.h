/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_core_conf.h
 * The core of the per-directory configuration: which schemes a location
 * accepts (and in which order it challenges), the Basic providers, and
 * the refusal decisions (AuthStatusHide, AuthStatusForbidOnDeny). Fields,
 * defaults, merge, accessors and directives (modules/as_core_conf.c).
 */
#ifndef AS_CORE_CONF_H
#define AS_CORE_CONF_H

#include <httpd.h>
#include <http_config.h>
#include <mod_auth.h>

#include "as_scheme.h"
#include "as_decide.h"

#ifndef AS_DIR_CONF_T
#define AS_DIR_CONF_T
typedef struct as_dir_conf as_dir_conf;
#endif

typedef struct {
    apr_array_header_t *schemes;          /* of as_scheme_e; NULL: Basic */
    authn_provider_list *basic_providers; /* NULL: "file" */
    int hide;                             /* as_hide_e; AS_UNSET: Off */
    int forbid_on_deny;                   /* AS_UNSET: On under our AuthType */
} as_core_conf;

void as_core_conf_init(as_core_conf *c);
void as_core_conf_merge(as_core_conf *n, const as_core_conf *base,
                        const as_core_conf *add);

/** Is the location's AuthType ours? */
int as_dir_is_ours(request_rec *r, const as_dir_conf *d);
/** AuthStatusHide, default Off. */
int as_dir_hide(const as_dir_conf *d);
/** AuthStatusForbidOnDeny, default On under AuthType AuthStatus. */
int as_dir_forbid_on_deny(request_rec *r, const as_dir_conf *d);
/** Was AuthStatusForbidOnDeny On set explicitly (another AuthType asks
 * for our decisions)? */
int as_dir_forbid_asked(const as_dir_conf *d);
/** AuthStatusSchemes, default Basic: of as_scheme_e, challenge order. */
const apr_array_header_t *as_dir_schemes(const as_dir_conf *d);
/** Does the location accept scheme s? */
int as_dir_accepts(const as_dir_conf *d, as_scheme_e s);
/** AuthStatusBasicProvider, NULL for the default (mod_authn_file). */
const authn_provider_list *as_dir_basic_providers(const as_dir_conf *d);

const char *as_set_schemes(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_basic_provider(cmd_parms *cmd, void *conf,
                                  const char *arg);

#define AS_CORE_CMDS \
    AP_INIT_ITERATE("AuthStatusSchemes", as_set_schemes, NULL, \
                    AS_DIR_CONTEXT, "Authentication schemes accepted, in " \
                    "challenge order: Basic, Bearer"), \
    AP_INIT_ITERATE("AuthStatusBasicProvider", as_set_basic_provider, NULL, \
                    AS_DIR_CONTEXT, "Authn providers for Basic, tried in " \
                    "order (default: file)"), \
    AP_INIT_TAKE1("AuthStatusHide", as_set_keyword_slot, \
                  AS_KW_SLOT(core.hide, as_confval_kw_hide), AS_DIR_CONTEXT, \
                  "Off, Denied (404 instead of 403) or Always (404 for " \
                  "every refusal)"), \
    AP_INIT_FLAG("AuthStatusForbidOnDeny", ap_set_flag_slot, \
                 AS_SLOT(core.forbid_on_deny), AS_DIR_CONTEXT, \
                 "On: an authenticated user who is denied gets 403, not a " \
                 "new challenge")

#endif
