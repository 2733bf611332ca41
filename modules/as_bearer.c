/* Licensed under the Apache License, Version 2.0. */
/* Bearer tokens (RFC 6750) under AuthType AuthStatus. */

#include <httpd.h>
#include <http_config.h>

#include "as_config.h"
#include "as_bearer.h"

void as_bearer_register(apr_pool_t *p)
{
    as_bearer_register_config(p);
}
