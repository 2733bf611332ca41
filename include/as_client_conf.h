/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_client_conf.h
 * The client part of the per-directory configuration: the body a refusal
 * gets, the login redirect for browser navigations, the CORS preflight
 * exemption. Fields, defaults, merge, accessors, directives
 * (modules/as_client_conf.c).
 */
#ifndef AS_CLIENT_CONF_H
#define AS_CLIENT_CONF_H

#include <httpd.h>
#include <http_config.h>
#include <ap_expr.h>

#include "as_confval.h"

#ifndef AS_DIR_CONF_T
#define AS_DIR_CONF_T
typedef struct as_dir_conf as_dir_conf;
#endif

typedef struct {
    int body;                         /* as_body_e; AS_UNSET: Auto */
    int login_redirect_set;           /* a section said On or Off */
    ap_expr_info_t *login_redirect;   /* NULL: Off */
    const char *login_param;          /* the target goes in this query
                                       * parameter; NULL: not appended */
    int preflight;                    /* as_preflight_e; AS_UNSET: Allow */
    int prompt;                       /* 1: Navigation; AS_UNSET: Always */
} as_client_conf;

void as_client_conf_init(as_client_conf *c);
void as_client_conf_merge(as_client_conf *n, const as_client_conf *base,
                          const as_client_conf *add);

/** AuthStatusBody, default Auto. */
as_body_e as_client_body(const as_dir_conf *d);
/** AuthStatusLoginRedirect, NULL when off (the default). */
const ap_expr_info_t *as_client_login_url(const as_dir_conf *d);
/** AuthStatusPreflight, default Allow. */
as_preflight_e as_client_preflight(const as_dir_conf *d);
/** AuthStatusPrompt Navigation? (default Always: 0) */
int as_client_prompt_navigation(const as_dir_conf *d);

const char *as_set_login_redirect(cmd_parms *cmd, void *conf,
                                  const char *arg, const char *param);
/** The query parameter AuthStatusLoginRedirect puts the target in, or
 * NULL. */
const char *as_client_login_param(const as_dir_conf *d);

#define AS_CLIENT_CMDS \
    AP_INIT_TAKE1("AuthStatusBody", as_set_keyword_slot, \
                  AS_KW_SLOT(client.body, as_confval_kw_body), AS_DIR_CONTEXT, \
                  "Body of refusals: Auto (problem+json when Accept prefers " \
                  "JSON, else HTML), HTML or Problem"), \
    AP_INIT_TAKE12("AuthStatusLoginRedirect", as_set_login_redirect, NULL, \
                   AS_DIR_CONTEXT, "URL (an ap_expr string) a browser " \
                   "navigation without credentials is sent to with 303, " \
                   "and the query parameter that gets the request target; " \
                   "or Off"), \
    AP_INIT_TAKE1("AuthStatusPrompt", as_set_keyword_slot, \
                  AS_KW_SLOT(client.prompt, as_confval_kw_prompt), \
                  AS_DIR_CONTEXT, "Always (default) or Navigation: only " \
                  "navigations get the Basic challenge that makes browsers " \
                  "prompt"), \
    AP_INIT_TAKE1("AuthStatusPreflight", as_set_keyword_slot, \
                  AS_KW_SLOT(client.preflight, as_confval_kw_preflight), \
                  AS_DIR_CONTEXT, "Allow (CORS preflights pass without " \
                  "credentials) or Authenticate")

#endif
