/* Unit tests: the process's copy of credential-cache entries
 * (modules/as_cache_local.c). */
#include <string.h>
#include <check.h>
#include <apr_general.h>

#include "as_cache_local.h"
#include "suites.h"

static apr_pool_t *pool;

static void setup(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    apr_terminate();
}

/* an id as the cache makes them: a prefix and 32 "HMAC" bytes */
static void make_id(unsigned char *id, unsigned int seed)
{
    unsigned int i;
    memcpy(id, "asC", 3);
    for (i = 3; i < 35; i++) {
        id[i] = (unsigned char)(seed * 131u + i * 7u);
    }
}

START_TEST(slots_rounded)
{
    ck_assert_uint_eq(as_cache_local_slots(as_cache_local_create(pool, 0)), 16);
    ck_assert_uint_eq(as_cache_local_slots(as_cache_local_create(pool, 100)), 128);
    ck_assert_uint_eq(as_cache_local_slots(as_cache_local_create(pool, 256)), 256);
    ck_assert_uint_eq(as_cache_local_slots(as_cache_local_create(pool, 1u << 20)), 4096);
}
END_TEST

START_TEST(put_get)
{
    as_cache_local_t *c = as_cache_local_create(pool, 64);
    unsigned char id[35], other[35], out[64];
    unsigned int len = sizeof(out);

    make_id(id, 1);
    make_id(other, 2);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1000, out, &len), 0);
    as_cache_local_put(c, id, sizeof(id), 2000, (const unsigned char *)"value", 5);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1000, out, &len), 1);
    ck_assert_uint_eq(len, 5);
    ck_assert(!memcmp(out, "value", 5));
    /* another id is not served what this one holds */
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, other, sizeof(other), 1000, out, &len), 0);
    /* a shorter id with the same tail is another id */
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, id + 1, sizeof(id) - 1, 1000, out, &len), 0);
    /* replaced by a newer value */
    as_cache_local_put(c, id, sizeof(id), 3000, (const unsigned char *)"v2", 2);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1000, out, &len), 1);
    ck_assert_uint_eq(len, 2);
    ck_assert(!memcmp(out, "v2", 2));
}
END_TEST

START_TEST(expiry)
{
    as_cache_local_t *c = as_cache_local_create(pool, 16);
    unsigned char id[35], out[16];
    unsigned int len = sizeof(out);

    make_id(id, 3);
    as_cache_local_put(c, id, sizeof(id), 2000, (const unsigned char *)"x", 1);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1999, out, &len), 1);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 2000, out, &len), 0);
    /* and it stays gone, even asked with an earlier clock */
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1000, out, &len), 0);
    /* an entry already expired, or with no expiry, is not held */
    as_cache_local_put(c, id, sizeof(id), 0, (const unsigned char *)"x", 1);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1000, out, &len), 0);
}
END_TEST

START_TEST(limits)
{
    as_cache_local_t *c = as_cache_local_create(pool, 16);
    unsigned char id[35], longid[AS_CACHE_LOCAL_ID_MAX + 1];
    static unsigned char big[AS_CACHE_LOCAL_VALUE_MAX + 1], out[AS_CACHE_LOCAL_VALUE_MAX + 1];
    unsigned int len;

    make_id(id, 4);
    memset(longid, 'i', sizeof(longid));
    memset(big, 'b', sizeof(big));
    /* a value longer than a slot is not held */
    as_cache_local_put(c, id, sizeof(id), 2000, big, sizeof(big));
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1000, out, &len), 0);
    /* one that just fits is */
    as_cache_local_put(c, id, sizeof(id), 2000, big, AS_CACHE_LOCAL_VALUE_MAX);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1000, out, &len), 1);
    ck_assert_uint_eq(len, AS_CACHE_LOCAL_VALUE_MAX);
    /* a destination too small gets nothing, and is told nothing */
    len = 10;
    ck_assert_int_eq(as_cache_local_get(c, id, sizeof(id), 1000, out, &len), 0);
    ck_assert_uint_eq(len, 10);
    /* an id longer than a slot's is not held */
    as_cache_local_put(c, longid, sizeof(longid), 2000, (const unsigned char *)"x", 1);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, longid, sizeof(longid), 1000, out, &len), 0);
    /* NULL cache: nothing, no crash */
    as_cache_local_put(NULL, id, sizeof(id), 2000, (const unsigned char *)"x", 1);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(NULL, id, sizeof(id), 1000, out, &len), 0);
    as_cache_local_remove(NULL, id, sizeof(id));
}
END_TEST

START_TEST(remove_and_collide)
{
    as_cache_local_t *c = as_cache_local_create(pool, 16);
    unsigned char a[35], b[35], out[16];
    unsigned int len = sizeof(out);

    make_id(a, 5);
    memcpy(b, a, sizeof(b));
    b[10] ^= 0xff;              /* same last four bytes: the same slot */
    as_cache_local_put(c, a, sizeof(a), 2000, (const unsigned char *)"a", 1);
    /* removing another id of the same slot leaves it */
    as_cache_local_remove(c, b, sizeof(b));
    ck_assert_int_eq(as_cache_local_get(c, a, sizeof(a), 1000, out, &len), 1);
    /* b replaces a in the slot; a is then not found, never served b's */
    as_cache_local_put(c, b, sizeof(b), 2000, (const unsigned char *)"b", 1);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, a, sizeof(a), 1000, out, &len), 0);
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, b, sizeof(b), 1000, out, &len), 1);
    ck_assert(out[0] == 'b');
    as_cache_local_remove(c, b, sizeof(b));
    len = sizeof(out);
    ck_assert_int_eq(as_cache_local_get(c, b, sizeof(b), 1000, out, &len), 0);
}
END_TEST

Suite *as_cache_local_suite(void)
{
    Suite *s = suite_create("cache_local");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, slots_rounded);
    tcase_add_test(tc, put_get);
    tcase_add_test(tc, expiry);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, remove_and_collide);
    suite_add_tcase(s, tc);
    return s;
}
