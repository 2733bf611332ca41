/* Licensed under the Apache License, Version 2.0. */
/*
 * libFuzzer target: arbitrary bytes as an Accept field value to the
 * negotiation of modules/as_accept.c, checked against its invariants.
 *
 * clang -g -O1 -fsanitize=fuzzer,address,undefined -I include \
 *   fuzz/fuzz_accept.c modules/as_accept.c -o fuzz/build/fuzz_accept
 * fuzz/build/fuzz_accept -max_total_time=60 fuzz/corpus-new fuzz/corpus/accept
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "as_accept.h"

static const char *const types[] = {
    "text/html", "application/json", "application/problem+json", "a/b",
    "nonsense"
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a field value is a C string; an embedded NUL just ends it */
    char *s = malloc(size + 1);
    size_t i;
    int prefers;

    if (s == NULL) {
        return 0;
    }
    memcpy(s, data, size);
    s[size] = '\0';
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        int q = as_accept_quality(s, types[i]);
        int listed = as_accept_lists(s, types[i]);

        if (q < 0 || q > 1000 || (listed && q == 0)) {
            abort();
        }
    }
    if (as_accept_is_navigation(NULL, 0, 0, s)
        != as_accept_lists(s, "text/html")) {
        abort();
    }
    (void)as_accept_is_navigation(s, 0, 0, s);
    prefers = as_accept_prefers_json(s);
    if (prefers && as_accept_quality(s, "application/json") == 0
        && as_accept_quality(s, "application/problem+json") == 0) {
        abort();
    }
    free(s);
    return 0;
}
