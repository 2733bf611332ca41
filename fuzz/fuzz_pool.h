/* Licensed under the Apache License, Version 2.0. */
/*
 * The start-up shared by the fuzz targets that need nothing but a pool:
 * LLVMFuzzerInitialize initialises APR and makes gpool, which lives for
 * the whole run (each input takes a subpool of it) and is destroyed at
 * exit. It defines functions, so a target includes it once, in its own
 * .c file (each target is one translation unit, with fuzz/replay.c or
 * libFuzzer's main).
 */

#ifndef FUZZ_POOL_H
#define FUZZ_POOL_H

#include <stdint.h>
#include <stdlib.h>

#include <apr_general.h>
#include <apr_pools.h>

static apr_pool_t *gpool;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void teardown(void)
{
    apr_pool_destroy(gpool);
    apr_terminate();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    apr_initialize();
    apr_pool_create(&gpool, NULL);
    atexit(teardown);
    return 0;
}

#endif /* FUZZ_POOL_H */
