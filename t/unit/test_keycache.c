/* Licensed under the Apache License, Version 2.0. */
/*
 * Unit tests for the .htaccess key file cache: a file is parsed once and
 * then served from the cache while its stat is unchanged; a changed file
 * is parsed again and the keys taken before stay valid until their
 * user's pool goes; unreadable or broken files are errors, never stale
 * keys; failures are remembered; the size bound; warnings per parse.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include <apr_strings.h>

#include "as_keycache.h"

static apr_pool_t *root;        /* per test: the cache's parent */
static const char *dir;

/* An oct JWK Set of one key; len bytes of secret (all 'A' bits). */
static const char *jwks(apr_pool_t *p, const char *kid, int len)
{
    char *k = apr_palloc(p, (apr_size_t)len * 2 + 1);
    int i, n = (len * 4 + 2) / 3;   /* unpadded base64url length */

    for (i = 0; i < n; i++) {
        k[i] = 'A';
    }
    k[n] = '\0';
    return apr_psprintf(p, "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"%s\","
                        "\"k\":\"%s\"}]}", kid, k);
}

static const char *put(const char *name, const char *data)
{
    const char *path = apr_pstrcat(root, dir, "/", name, NULL);
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    fputs(data, f);
    fclose(f);
    return path;
}

/* Move the file's mtime by secs (a change stat sees even at 1 s
 * granularity and with equal size). */
static void touch_by(const char *path, int secs)
{
    apr_finfo_t fi;

    ck_assert_int_eq(apr_stat(&fi, path, APR_FINFO_MTIME, root),
                     APR_SUCCESS);
    ck_assert_int_eq(apr_file_mtime_set(path, fi.mtime
                                        + apr_time_from_sec(secs), root),
                     APR_SUCCESS);
}

static const char *kid0(const as_keyset_t *ks)
{
    ck_assert_ptr_nonnull(ks);
    ck_assert_int_ge(as_keyset_count(ks), 1);
    return as_keyset_get(ks, 0)->kid;
}

static void setup(void)
{
    char *tmpl;

    apr_initialize();
    apr_pool_create(&root, NULL);
    tmpl = apr_pstrdup(root, "/tmp/as_keycache_XXXXXX");
    dir = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
    apr_dir_t *d;
    apr_finfo_t fi;

    if (apr_dir_open(&d, dir, root) == APR_SUCCESS) {
        while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
               == APR_SUCCESS) {
            if (fi.filetype == APR_REG) {
                apr_file_remove(apr_pstrcat(root, dir, "/", fi.name, NULL),
                                root);
            }
        }
        apr_dir_close(d);
    }
    apr_dir_remove(dir, root);
    apr_pool_destroy(root);
    apr_terminate();
}

START_TEST(parsed_once_then_hits)
{
    as_keycache_t *c = as_keycache_create(root, 8);
    const char *path = put("a.json", jwks(root, "one", 32));
    apr_pool_t *r1, *r2;
    const as_keyset_t *k1, *k2;
    as_keycache_how_e how;

    ck_assert_ptr_nonnull(c);
    apr_pool_create(&r1, root);
    apr_pool_create(&r2, root);
    ck_assert_ptr_null(as_keycache_get(c, r1, path, &k1, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_PARSED);
    ck_assert_str_eq(kid0(k1), "one");
    ck_assert_ptr_null(as_keycache_get(c, r2, path, &k2, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_HIT);
    ck_assert_ptr_eq(k1, k2);
    ck_assert_int_eq(as_keycache_live(c), 1);
    apr_pool_destroy(r1);
    apr_pool_destroy(r2);
    ck_assert_int_eq(as_keycache_live(c), 1);   /* current: kept */
}
END_TEST

START_TEST(changed_file_reparsed_old_keys_kept_while_used)
{
    as_keycache_t *c = as_keycache_create(root, 8);
    const char *path = put("a.json", jwks(root, "one", 32));
    apr_pool_t *r1, *r2, *r3;
    const as_keyset_t *k1, *k2, *k3;
    as_keycache_how_e how;

    apr_pool_create(&r1, root);
    apr_pool_create(&r2, root);
    apr_pool_create(&r3, root);
    ck_assert_ptr_null(as_keycache_get(c, r1, path, &k1, NULL, &how));
    /* same size, other content: only the mtime tells */
    put("a.json", jwks(root, "two", 32));
    touch_by(path, 10);
    ck_assert_ptr_null(as_keycache_get(c, r2, path, &k2, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_PARSED);
    ck_assert_str_eq(kid0(k2), "two");
    /* r1 still uses the old set: alive and unchanged */
    ck_assert_int_eq(as_keycache_live(c), 2);
    ck_assert_str_eq(kid0(k1), "one");
    apr_pool_destroy(r1);
    ck_assert_int_eq(as_keycache_live(c), 1);
    ck_assert_ptr_null(as_keycache_get(c, r3, path, &k3, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_HIT);
    ck_assert_ptr_eq(k2, k3);
    /* a replaced entry nobody uses is freed at once */
    apr_pool_destroy(r2);
    apr_pool_destroy(r3);
    put("a.json", jwks(root, "three", 64));
    apr_pool_create(&r1, root);
    ck_assert_ptr_null(as_keycache_get(c, r1, path, &k1, NULL, &how));
    ck_assert_str_eq(kid0(k1), "three");
    ck_assert_int_eq(as_keycache_live(c), 1);
}
END_TEST

START_TEST(missing_file_is_an_error_not_stale_keys)
{
    as_keycache_t *c = as_keycache_create(root, 8);
    const char *path = put("a.json", jwks(root, "one", 32));
    apr_pool_t *r1;
    const as_keyset_t *k;
    const char *err;

    apr_pool_create(&r1, root);
    ck_assert_ptr_null(as_keycache_get(c, r1, path, &k, NULL, NULL));
    apr_file_remove(path, root);
    err = as_keycache_get(c, r1, path, &k, NULL, NULL);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_null(k);
    ck_assert_ptr_nonnull(strstr(err, "a.json: cannot read"));
}
END_TEST

START_TEST(broken_file_error_remembered_until_it_changes)
{
    as_keycache_t *c = as_keycache_create(root, 8);
    const char *path = put("a.json", jwks(root, "one", 32));
    apr_pool_t *r1;
    const as_keyset_t *k;
    const char *err;
    as_keycache_how_e how;

    apr_pool_create(&r1, root);
    ck_assert_ptr_null(as_keycache_get(c, r1, path, &k, NULL, &how));
    put("a.json", "{\"keys\":[{\"kty\":\"oct\"}]}");
    touch_by(path, 10);
    err = as_keycache_get(c, r1, path, &k, NULL, &how);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_null(k);
    ck_assert_int_eq(how, AS_KEYCACHE_PARSED);
    err = as_keycache_get(c, r1, path, &k, NULL, &how);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(how, AS_KEYCACHE_HIT);     /* not parsed again */
    ck_assert_ptr_nonnull(strstr(err, "a.json"));
    put("a.json", jwks(root, "fixed", 32));
    touch_by(path, 20);
    ck_assert_ptr_null(as_keycache_get(c, r1, path, &k, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_PARSED);
    ck_assert_str_eq(kid0(k), "fixed");
}
END_TEST

START_TEST(warnings_once_per_parse)
{
    apr_pool_t *u;
    as_keycache_t *c = as_keycache_create(root, 8);
    /* two keys, one without kid: a warning at every parse */
    const char *zk = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; /* 32 bytes */
    const char *path = put("nokid.json",
                           apr_psprintf(root, "{\"keys\":[{\"kty\":\"oct\","
                                        "\"k\":\"%s\"},{\"kty\":\"oct\","
                                        "\"kid\":\"b\",\"k\":\"%s\"}]}", zk, zk));
    apr_array_header_t *w = apr_array_make(root, 2, sizeof(const char *));
    const as_keyset_t *k;

    apr_pool_create(&u, root);   /* dies before the cache */
    ck_assert_ptr_null(as_keycache_get(c, u, path, &k, w, NULL));
    ck_assert_int_ge(w->nelts, 1);
    apr_array_clear(w);
    ck_assert_ptr_null(as_keycache_get(c, u, path, &k, w, NULL));
    ck_assert_int_eq(w->nelts, 0);
}
END_TEST

START_TEST(bounded_number_of_files)
{
    apr_pool_t *u;
    as_keycache_t *c = as_keycache_create(root, 1);
    const char *a = put("a.json", jwks(root, "a", 32));
    const char *b = put("b.json", jwks(root, "b", 32));
    const as_keyset_t *k;
    as_keycache_how_e how;

    apr_pool_create(&u, root);   /* dies before the cache */
    ck_assert_ptr_null(as_keycache_get(c, u, a, &k, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_PARSED);
    ck_assert_ptr_null(as_keycache_get(c, u, b, &k, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_UNCACHED);
    ck_assert_str_eq(kid0(k), "b");
    ck_assert_ptr_null(as_keycache_get(c, u, b, &k, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_UNCACHED);
    /* a changed file already cached still gets replaced */
    put("a.json", jwks(root, "a2", 64));
    ck_assert_ptr_null(as_keycache_get(c, u, a, &k, NULL, &how));
    ck_assert_int_eq(how, AS_KEYCACHE_PARSED);
    ck_assert_str_eq(kid0(k), "a2");
    ck_assert_int_eq(as_keycache_live(c), 2);   /* a in use by u */
}
END_TEST

START_TEST(add_set_shares_keys)
{
    apr_pool_t *u;
    as_keycache_t *c = as_keycache_create(root, 8);
    const char *a = put("a.json", jwks(root, "a", 32));
    const char *b = put("b.json", jwks(root, "b", 32));
    const as_keyset_t *ka, *kb;
    as_keyset_t *all;

    apr_pool_create(&u, root);   /* dies before the cache */
    all = as_keyset_make(u);
    ck_assert_ptr_null(as_keycache_get(c, u, a, &ka, NULL, NULL));
    ck_assert_ptr_null(as_keycache_get(c, u, b, &kb, NULL, NULL));
    as_keyset_add_set(all, ka);
    as_keyset_add_set(all, kb);
    ck_assert_int_eq(as_keyset_count(all), 2);
    ck_assert_ptr_eq(as_keyset_get(all, 0), as_keyset_get(ka, 0));
    ck_assert_str_eq(as_keyset_get(all, 1)->kid, "b");
    ck_assert(as_keyset_has_hmac(all));
}
END_TEST

Suite *as_keycache_suite(void)
{
    Suite *s = suite_create("keycache");
    TCase *tc = tcase_create("keycache");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, parsed_once_then_hits);
    tcase_add_test(tc, changed_file_reparsed_old_keys_kept_while_used);
    tcase_add_test(tc, missing_file_is_an_error_not_stale_keys);
    tcase_add_test(tc, broken_file_error_remembered_until_it_changes);
    tcase_add_test(tc, warnings_once_per_parse);
    tcase_add_test(tc, bounded_number_of_files);
    tcase_add_test(tc, add_set_shares_keys);
    suite_add_tcase(s, tc);
    return s;
}
