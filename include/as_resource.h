/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_resource.h
 * Serving the protected resource metadata (RFC 9728) of every section
 * with AuthStatusResource (modules/as_resource.c): post_config finds the
 * sections and merges their configuration as a request under them would
 * see it (the server's defaults, the enclosing sections, the section); a
 * quick handler answers GET and HEAD for the metadata paths before any
 * access control, since the document is public by design.
 */
#ifndef AS_RESOURCE_H
#define AS_RESOURCE_H

#include <httpd.h>
#include <http_config.h>

#include "as_config.h"

/** A section of the server configuration set AuthStatusResource. */
void as_resource_declare(cmd_parms *cmd, as_dir_conf *d);

/** post_config (the registry) and quick_handler (the document). */
void as_resource_register_hooks(apr_pool_t *p);

#endif
