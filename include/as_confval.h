/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_confval.h
 * Parsing of directive values, free of httpd's cmd_parms so that the
 * values a .htaccess author controls can be unit-tested and fuzzed alone.
 * The setters in as_config.c wrap each result in a message naming the
 * directive: these functions return only the "why" part, or NULL if the
 * value is good.
 */
#ifndef AS_CONFVAL_H
#define AS_CONFVAL_H

#include <apr_pools.h>
#include <apr_tables.h>

#include "as_parse.h"

/** Largest number of seconds any directive accepts (366 days). */
#define AS_CONFVAL_MAX_SECONDS (86400 * 366)

/** A plain decimal number between min and max: digits only (no sign, no
 * space, no suffix). Returns 0 and sets *out, or -1. */
int as_confval_number(const char *arg, long min, long max, int *out);

/** A decimal number of seconds, 0..AS_CONFVAL_MAX_SECONDS, nothing else
 * (no sign, no space, no suffix). */
const char *as_confval_seconds(apr_pool_t *p, const char *arg, int *out);

/** AuthStatusHide: Off, Denied or Always (any case) as as_hide_e. */
const char *as_confval_hide(apr_pool_t *p, const char *arg, int *out);

/** On or Off (any case), as httpd's FLAG directives take them. */
const char *as_confval_onoff(apr_pool_t *p, const char *arg, int *out);

/** Append one scheme name to list (of as_scheme_e): unknown names and
 * names already in the list are refused. */
const char *as_confval_scheme_add(apr_pool_t *p, apr_array_header_t *list,
                                  const char *arg);

#endif
