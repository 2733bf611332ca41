/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_throttle_conf.h
 * The throttle part of the per-directory configuration: AuthStatusThrottle
 * count seconds | Off (modules/as_throttle_conf.c).
 */
#ifndef AS_THROTTLE_CONF_H
#define AS_THROTTLE_CONF_H

#include <httpd.h>
#include <http_config.h>

#ifndef AS_DIR_CONF_T
#define AS_DIR_CONF_T
typedef struct as_dir_conf as_dir_conf;
#endif

typedef struct {
    int count;      /* AS_UNSET: off; 0: Off */
    int seconds;    /* set with count: one setting */
    int ipv6_prefix;/* AS_UNSET: AS_THROTTLE_IPV6_PREFIX */
} as_throttle_conf;

void as_throttle_conf_init(as_throttle_conf *c);
void as_throttle_conf_merge(as_throttle_conf *n, const as_throttle_conf *base,
                            const as_throttle_conf *add);

/** The limit: 1 with *count and *seconds set, 0 when throttling is off
 * (the default). */
int as_throttle_limit(const as_dir_conf *d, int *count, int *seconds);

/** AuthStatusThrottleIPv6Prefix, default 64. */
int as_throttle_ipv6_prefix(const as_dir_conf *d);

const char *as_set_throttle(cmd_parms *cmd, void *conf, const char *arg1,
                            const char *arg2);
const char *as_set_throttle_ipv6_prefix(cmd_parms *cmd, void *conf,
                                        const char *arg);

#define AS_THROTTLE_CMDS \
    AP_INIT_TAKE12("AuthStatusThrottle", as_set_throttle, NULL, \
                   AS_DIR_CONTEXT, "count seconds: after count failed " \
                   "attempts from one client address or for one user name " \
                   "within seconds, answer 429; or Off"), \
    AP_INIT_TAKE1("AuthStatusThrottleIPv6Prefix", \
                  as_set_throttle_ipv6_prefix, NULL, AS_DIR_CONTEXT, \
                  "IPv6 clients are counted by this prefix of their " \
                  "address (default 64)")

#endif
