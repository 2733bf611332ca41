/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_directive.h
 * What every concern's directives share: the "AuthStatusX: why" message,
 * generic setters for keyword, seconds and flag fields (cmd_data of the
 * command table says which field), "a new line replaces the list", and
 * the defaults convention. A concern's part of the per-directory config
 * (as_*_conf.h) keeps its fields "unset" (NULL, AS_UNSET) until a section
 * sets them; its merge takes the nearest section's value and its
 * accessors apply the default, in that one place.
 */
#ifndef AS_DIRECTIVE_H
#define AS_DIRECTIVE_H

#include <stddef.h>
#include <httpd.h>
#include <http_config.h>

#include "as_confval.h"

/** "not set in this section" for int fields; the merge takes the parent's. */
#define AS_UNSET (-1)

/** Merge helpers for a concern's merge function: n, base, add in scope. */
#define AS_MERGE_PTR(f) n->f = add->f ? add->f : base->f
#define AS_MERGE_INT(f) n->f = (add->f != AS_UNSET) ? add->f : base->f

/** An int field with its default applied. */
#define AS_OR_DEFAULT(v, dflt) ((v) == AS_UNSET ? (dflt) : (v))

/** Where the per-directory directives may stand: every section, the
 * server configuration (a server-wide default, merged into every
 * section) and .htaccess under AllowOverride AuthConfig. httpd refuses
 * plain OR_AUTHCFG outside sections, as it refuses AuthType. */
#define AS_DIR_CONTEXT (RSRC_CONF | OR_AUTHCFG)

/** NULL when why is NULL, else "<directive>: <why>" for httpd to show. */
const char *as_cmd_err(cmd_parms *cmd, const char *why);

/** A keyword field: cmd_data of a keyword directive points to one. */
typedef struct {
    apr_size_t offset;                /* of the int field in the conf */
    const as_confval_kw_t *keywords;
} as_kw_slot_t;

/** cmd_data for a keyword directive setting field of as_dir_conf. */
#define AS_KW_SLOT(field, table) \
    ((void *)&(const as_kw_slot_t){ offsetof(as_dir_conf, field), table })

/** cmd_data for a seconds or flag directive setting field of as_dir_conf. */
#define AS_SLOT(field) ((void *)offsetof(as_dir_conf, field))

/** A non-empty string field: cmd_data of such a directive points to one. */
typedef struct {
    apr_size_t offset;                /* of the const char * field */
    const char *what;                 /* for the refusal: "the issuer" */
} as_str_slot_t;

/** cmd_data for a non-empty string directive setting field of as_dir_conf. */
#define AS_STR_SLOT(field, what) \
    ((void *)&(const as_str_slot_t){ offsetof(as_dir_conf, field), what })

/** TAKE1 setter of a non-empty string field (cmd_data: AS_STR_SLOT). */
const char *as_set_string_slot(cmd_parms *cmd, void *conf, const char *arg);

/** TAKE1 setter of a keyword field (cmd_data: AS_KW_SLOT). */
const char *as_set_keyword_slot(cmd_parms *cmd, void *conf, const char *arg);

/** TAKE1 setter of a seconds field, 0..AS_CONFVAL_MAX_SECONDS
 * (cmd_data: AS_SLOT). */
const char *as_set_seconds_slot(cmd_parms *cmd, void *conf, const char *arg);

/** FLAG directives use httpd's ap_set_flag_slot with AS_SLOT. */

/** For an ITERATE setter: the list that this directive line fills. The
 * first word of a line starts a new list (replacing the inherited or an
 * earlier line's), the next words append to it. cmd->info marks it: httpd
 * resets it to the command's cmd_data (which must be NULL) on each line. */
apr_array_header_t *as_line_list(cmd_parms *cmd, apr_array_header_t **field,
                                 int elt_size);

/** Is this setter running while the server configuration is read, rather
 * than for a .htaccess file (parsed again for every request)? */
int as_at_startup(cmd_parms *cmd);

#endif
