/* Licensed under the Apache License, Version 2.0. */
/*
 * mod_bench_mark: a marker for 'make bench-instr' (bench/run instr), never
 * loaded outside the benchmark's own httpd.
 *
 * A request to a location with "SetHandler bench-mark" calls
 * bench_mark_dump() and answers 204. Run under
 * valgrind --tool=callgrind --dump-before=bench_mark_dump, every marker
 * request writes the instruction counts since the previous one to a new
 * callgrind dump and zeroes them: so "marker, N requests, marker" counts
 * exactly those N requests (plus the constant start of one marker request,
 * which the no-auth baseline cancels), without vgdb or callgrind_control.
 */

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"

#include <string.h>

module AP_MODULE_DECLARE_DATA bench_mark_module;

volatile unsigned long bench_mark_calls;

/* The symbol callgrind dumps before; kept out of line so that it exists. */
__attribute__((noinline, visibility("default")))
void bench_mark_dump(void)
{
    bench_mark_calls++;
}

static int bench_mark_handler(request_rec *r)
{
    if (!r->handler || strcmp(r->handler, "bench-mark") != 0) {
        return DECLINED;
    }
    bench_mark_dump();
    return HTTP_NO_CONTENT;
}

static void bench_mark_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_handler(bench_mark_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(bench_mark) = {
    STANDARD20_MODULE_STUFF,
    NULL, NULL, NULL, NULL, NULL,
    bench_mark_hooks
};
