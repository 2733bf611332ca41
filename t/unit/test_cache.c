/* Unit tests: the verified-credential cache's ids, values, expiry and
 * directive argument (modules/as_cache.c). */
#include <string.h>
#include <check.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_thread_proc.h>

#include "as_cache.h"
#include "as_confval.h"
#include "suites.h"

static apr_pool_t *pool;
static as_cache_mac_t *mac;
static unsigned char key[AS_CACHE_KEY_LEN];

static void setup(void)
{
    const char *err = NULL;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    ck_assert_int_eq(as_cache_random_key(key, sizeof(key)), APR_SUCCESS);
    mac = as_cache_mac_create(pool, key, sizeof(key), &err);
    ck_assert_msg(mac != NULL, "%s", err ? err : "");
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    apr_terminate();
}

#define F(s) { (s), sizeof(s) - 1 }

static void id_of(const as_cache_mac_t *m, const as_cache_field_t *f, int n,
                  unsigned char *out)
{
    ck_assert_int_eq(as_cache_derive_id(m, f, n, out), APR_SUCCESS);
}

START_TEST(random_key)
{
    unsigned char a[AS_CACHE_KEY_LEN], b[AS_CACHE_KEY_LEN];
    ck_assert_int_eq(as_cache_random_key(a, sizeof(a)), APR_SUCCESS);
    ck_assert_int_eq(as_cache_random_key(b, sizeof(b)), APR_SUCCESS);
    ck_assert(memcmp(a, b, sizeof(a)) != 0);
}
END_TEST

START_TEST(id_deterministic)
{
    as_cache_field_t f[] = { F("Basic"), F("/basic"), F("alice"), F("pw") };
    unsigned char a[AS_CACHE_ID_LEN], b[AS_CACHE_ID_LEN];
    id_of(mac, f, 4, a);
    id_of(mac, f, 4, b);
    ck_assert(memcmp(a, b, AS_CACHE_ID_LEN) == 0);
}
END_TEST

/* The id is HMAC-SHA256 of exactly the documented input: a value computed
 * independently with
 * printf 'authstatus-cache-id-1\0\0\0\0\002ab' |
 *     openssl mac -digest SHA256 -macopt hexkey:00…(32 zero bytes) HMAC */
START_TEST(id_known_answer)
{
    static const unsigned char k[32] = { 0 };
    static const unsigned char want[32] = {
        0x1e, 0xdc, 0x57, 0x4b, 0x61, 0x63, 0x6d, 0x06, 0x02, 0x0d, 0xd2,
        0x2a, 0xa4, 0x4c, 0x61, 0x37, 0xb0, 0xf7, 0x4a, 0x5c, 0xa0, 0x1c,
        0x14, 0xef, 0x02, 0x9d, 0x50, 0x74, 0x78, 0xcb, 0xfc, 0xe3 };
    const char *err = NULL;
    as_cache_mac_t *m = as_cache_mac_create(pool, k, sizeof(k), &err);
    as_cache_field_t f[] = { F("ab") };
    unsigned char out[AS_CACHE_ID_LEN];
    ck_assert(m != NULL);
    id_of(m, f, 1, out);
    ck_assert_msg(memcmp(out, want, sizeof(want)) == 0,
                  "HMAC-SHA256 known answer differs");
}
END_TEST

/* Each thread reuses one working context per key (re-initialised for every
 * MAC): the known answer must come out every time, interleaved with other
 * MACs under the same and another key, and from several threads at once. */
static const unsigned char ka_key[32] = { 0 };
static const unsigned char ka_want[32] = {
    0x1e, 0xdc, 0x57, 0x4b, 0x61, 0x63, 0x6d, 0x06, 0x02, 0x0d, 0xd2,
    0x2a, 0xa4, 0x4c, 0x61, 0x37, 0xb0, 0xf7, 0x4a, 0x5c, 0xa0, 0x1c,
    0x14, 0xef, 0x02, 0x9d, 0x50, 0x74, 0x78, 0xcb, 0xfc, 0xe3 };

static int ka_rounds(const as_cache_mac_t *m, int n)
{
    as_cache_field_t ab[] = { F("ab") };
    as_cache_field_t other[] = { F("Bearer"), F("x.y.z") };
    unsigned char out[AS_CACHE_ID_LEN];
    int i;

    for (i = 0; i < n; i++) {
        if (as_cache_derive_id(m, ab, 1, out) != APR_SUCCESS
            || memcmp(out, ka_want, sizeof(out)) != 0) {
            return 0;
        }
        if (as_cache_derive_id(mac, other, 2, out) != APR_SUCCESS
            || as_cache_derive_id(m, other, 2, out) != APR_SUCCESS) {
            return 0;
        }
    }
    return 1;
}

static void *APR_THREAD_FUNC ka_thread(apr_thread_t *t, void *data)
{
    apr_thread_exit(t, ka_rounds(data, 200) ? APR_SUCCESS : APR_EGENERAL);
    return NULL;
}

START_TEST(id_reused_context)
{
    const char *err = NULL;
    as_cache_mac_t *m = as_cache_mac_create(pool, ka_key, sizeof(ka_key),
                                            &err);
    apr_thread_t *t[4];
    apr_status_t rv;
    int i;

    ck_assert(m != NULL);
    ck_assert(ka_rounds(m, 5));
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(apr_thread_create(&t[i], NULL, ka_thread, m, pool),
                         APR_SUCCESS);
    }
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(apr_thread_join(&rv, t[i]), APR_SUCCESS);
        ck_assert_int_eq(rv, APR_SUCCESS);
    }
    ck_assert(ka_rounds(m, 5));
}
END_TEST

START_TEST(id_every_field_counts)
{
    as_cache_field_t base[] = { F("Basic"), F("ctx"), F("alice"), F("pw") };
    as_cache_field_t vary[][4] = {
        { F("Bearer"), F("ctx"), F("alice"), F("pw") },
        { F("Basic"), F("ctx2"), F("alice"), F("pw") },
        { F("Basic"), F("ctx"), F("alicE"), F("pw") },
        { F("Basic"), F("ctx"), F("alice"), F("pW") },
        { F("Basic"), F("ctx"), F("alice"), F("pw\0") },
    };
    unsigned char a[AS_CACHE_ID_LEN], b[AS_CACHE_ID_LEN];
    size_t i;

    vary[4][3].len = 3; /* a trailing NUL is a different password */
    id_of(mac, base, 4, a);
    for (i = 0; i < sizeof(vary) / sizeof(vary[0]); i++) {
        id_of(mac, vary[i], 4, b);
        ck_assert_msg(memcmp(a, b, AS_CACHE_ID_LEN) != 0, "variant %d",
                      (int)i);
    }
}
END_TEST

/* "ab"+"c" and "a"+"bc" (user "a", password "bc:..." games) differ. */
START_TEST(id_fields_unambiguous)
{
    as_cache_field_t x[] = { F("ab"), F("c") };
    as_cache_field_t y[] = { F("a"), F("bc") };
    as_cache_field_t z[] = { F("abc") };
    as_cache_field_t w[] = { F("abc"), F("") };
    unsigned char a[AS_CACHE_ID_LEN], b[AS_CACHE_ID_LEN];
    unsigned char c[AS_CACHE_ID_LEN], d[AS_CACHE_ID_LEN];
    id_of(mac, x, 2, a);
    id_of(mac, y, 2, b);
    id_of(mac, z, 1, c);
    id_of(mac, w, 2, d);
    ck_assert(memcmp(a, b, AS_CACHE_ID_LEN) != 0);
    ck_assert(memcmp(a, c, AS_CACHE_ID_LEN) != 0);
    ck_assert(memcmp(c, d, AS_CACHE_ID_LEN) != 0);
}
END_TEST

/* A new key (a restart) gives new ids: the old entries never hit. */
START_TEST(id_depends_on_key)
{
    unsigned char k2[AS_CACHE_KEY_LEN];
    const char *err = NULL;
    as_cache_mac_t *m2;
    as_cache_field_t f[] = { F("Basic"), F("ctx"), F("alice"), F("pw") };
    unsigned char a[AS_CACHE_ID_LEN], b[AS_CACHE_ID_LEN];

    ck_assert_int_eq(as_cache_random_key(k2, sizeof(k2)), APR_SUCCESS);
    m2 = as_cache_mac_create(pool, k2, sizeof(k2), &err);
    ck_assert(m2 != NULL);
    id_of(mac, f, 4, a);
    id_of(m2, f, 4, b);
    ck_assert(memcmp(a, b, AS_CACHE_ID_LEN) != 0);
}
END_TEST

static int scope_eq(as_cache_scope_t a, as_cache_scope_t b)
{
    return a.h == b.h && a.p == b.p;
}

START_TEST(scope)
{
    as_cache_scope_t srv = as_cache_scope_section(NULL);
    as_cache_scope_t one = as_cache_scope_section("/srv/one");
    as_cache_scope_t two = as_cache_scope_section("/srv/two");
    as_cache_scope_t loc = as_cache_scope_section("/");
    as_cache_scope_t empty = as_cache_scope_section("");
    as_cache_scope_t zero = { 0, 0 };
    as_cache_scope_t a, b;

    /* httpd may merge (srv, one) then loc, or srv then (one, loc) */
    a = as_cache_scope_merge(as_cache_scope_merge(srv, one), loc);
    b = as_cache_scope_merge(srv, as_cache_scope_merge(one, loc));
    ck_assert(scope_eq(a, b));
    /* the same Location over different Directory sections differs */
    b = as_cache_scope_merge(as_cache_scope_merge(srv, two), loc);
    ck_assert(!scope_eq(a, b));
    /* order matters, and so does a repeated section (<If> uses the
     * enclosing section's path) */
    a = as_cache_scope_merge(one, two);
    b = as_cache_scope_merge(two, one);
    ck_assert(!scope_eq(a, b));
    ck_assert(!scope_eq(as_cache_scope_merge(one, one), one));
    ck_assert(!scope_eq(srv, empty));
    /* a zeroed config is no section */
    ck_assert(scope_eq(as_cache_scope_merge(zero, one), one));
    ck_assert(scope_eq(as_cache_scope_merge(one, zero), one));
}
END_TEST

START_TEST(expiry)
{
    apr_time_t now = apr_time_from_sec(1000000);
    ck_assert(as_cache_expiry(now, 0, 0) == 0);
    ck_assert(as_cache_expiry(now, -5, 0) == 0);
    ck_assert(as_cache_expiry(now, 30, 0) == now + apr_time_from_sec(30));
    /* a token's exp bounds it */
    ck_assert(as_cache_expiry(now, 30, now + apr_time_from_sec(10))
              == now + apr_time_from_sec(10));
    ck_assert(as_cache_expiry(now, 30, now + apr_time_from_sec(60))
              == now + apr_time_from_sec(30));
    /* an exp already past: nothing to cache */
    ck_assert(as_cache_expiry(now, 30, now) == 0);
    ck_assert(as_cache_expiry(now, 30, now - 1) == 0);
}
END_TEST

static void make_id(unsigned char *id, const char *s)
{
    as_cache_field_t f[1];
    f[0].data = s;
    f[0].len = strlen(s);
    id_of(mac, f, 1, id);
}

START_TEST(value_roundtrip)
{
    unsigned char id[AS_CACHE_ID_LEN], *buf;
    unsigned int len;
    as_cache_entry_t in = { "jürgen", 0, "{\"scope\":\"a b\"}", 15 }, out;
    apr_time_t now = apr_time_now();

    make_id(id, "one");
    in.not_after = now + apr_time_from_sec(5);
    ck_assert_int_eq(as_cache_value_encode(pool, mac, id, &in, &buf, &len),
                     APR_SUCCESS);
    memset(&out, 0, sizeof(out));
    ck_assert_int_eq(as_cache_value_decode(pool, mac, id, buf, len, now, &out),
                     AS_CACHE_VALUE_OK);
    ck_assert_str_eq(out.user, "jürgen");
    ck_assert(out.not_after == in.not_after);
    ck_assert_uint_eq(out.extra_len, 15);
    ck_assert(memcmp(out.extra, in.extra, 15) == 0);

    /* no blob */
    in.extra = NULL;
    in.extra_len = 0;
    ck_assert_int_eq(as_cache_value_encode(pool, mac, id, &in, &buf, &len),
                     APR_SUCCESS);
    ck_assert_int_eq(as_cache_value_decode(pool, mac, id, buf, len, now, &out),
                     AS_CACHE_VALUE_OK);
    ck_assert(out.extra == NULL);
    ck_assert_uint_eq(out.extra_len, 0);
}
END_TEST

START_TEST(value_refused)
{
    unsigned char id[AS_CACHE_ID_LEN], other[AS_CACHE_ID_LEN], *buf, *copy;
    unsigned char k2[AS_CACHE_KEY_LEN];
    unsigned int len, i;
    as_cache_entry_t in = { "bob", 0, NULL, 0 }, out;
    apr_time_t now = apr_time_now();
    const char *err = NULL;
    as_cache_mac_t *m2;

    make_id(id, "one");
    make_id(other, "two");
    in.not_after = now + apr_time_from_sec(5);
    ck_assert_int_eq(as_cache_value_encode(pool, mac, id, &in, &buf, &len),
                     APR_SUCCESS);

    /* copied under another id (a shared store edited by hand) */
    ck_assert_int_eq(as_cache_value_decode(pool, mac, other, buf, len, now,
                                           &out), AS_CACHE_VALUE_BAD_TAG);
    /* made under another key (before a restart) */
    ck_assert_int_eq(as_cache_random_key(k2, sizeof(k2)), APR_SUCCESS);
    m2 = as_cache_mac_create(pool, k2, sizeof(k2), &err);
    ck_assert_int_eq(as_cache_value_decode(pool, m2, id, buf, len, now, &out),
                     AS_CACHE_VALUE_BAD_TAG);
    /* every single flipped bit */
    copy = apr_pmemdup(pool, buf, len);
    for (i = 0; i < len * 8; i++) {
        copy[i / 8] ^= (unsigned char)(1u << (i % 8));
        ck_assert_int_ne(as_cache_value_decode(pool, mac, id, copy, len, now,
                                               &out), AS_CACHE_VALUE_OK);
        copy[i / 8] ^= (unsigned char)(1u << (i % 8));
    }
    /* truncated, empty, extended */
    for (i = 0; i < len; i++) {
        ck_assert_int_ne(as_cache_value_decode(pool, mac, id, buf, i, now,
                                               &out), AS_CACHE_VALUE_OK);
    }
    ck_assert_int_eq(as_cache_value_decode(pool, mac, id, NULL, 0, now, &out),
                     AS_CACHE_VALUE_MALFORMED);
    /* expired, exactly at and after not_after */
    ck_assert_int_eq(as_cache_value_decode(pool, mac, id, buf, len,
                                           in.not_after, &out),
                     AS_CACHE_VALUE_EXPIRED);
    ck_assert_int_eq(as_cache_value_decode(pool, mac, id, buf, len,
                                           in.not_after + 1, &out),
                     AS_CACHE_VALUE_EXPIRED);
    ck_assert_int_eq(as_cache_value_decode(pool, mac, id, buf, len,
                                           in.not_after - 1, &out),
                     AS_CACHE_VALUE_OK);
}
END_TEST

START_TEST(value_limits)
{
    unsigned char id[AS_CACHE_ID_LEN], *buf;
    unsigned int len;
    char *big = apr_palloc(pool, AS_CACHE_MAX_USER + 2);
    as_cache_entry_t in = { NULL, 1, NULL, 0 };

    make_id(id, "one");
    memset(big, 'u', AS_CACHE_MAX_USER + 1);
    big[AS_CACHE_MAX_USER + 1] = '\0';
    in.user = big;
    ck_assert_int_eq(as_cache_value_encode(pool, mac, id, &in, &buf, &len),
                     APR_EINVAL);
    big[AS_CACHE_MAX_USER] = '\0';
    ck_assert_int_eq(as_cache_value_encode(pool, mac, id, &in, &buf, &len),
                     APR_SUCCESS);
    in.user = "x";
    in.extra = big;
    in.extra_len = AS_CACHE_MAX_EXTRA + 1;
    ck_assert_int_eq(as_cache_value_encode(pool, mac, id, &in, &buf, &len),
                     APR_EINVAL);
}
END_TEST

START_TEST(parse_seconds)
{
    int s = -1;
    ck_assert(as_confval_cache_seconds(pool, "Off", &s) == NULL);
    ck_assert_int_eq(s, 0);
    ck_assert(as_confval_cache_seconds(pool, "off", &s) == NULL);
    ck_assert_int_eq(s, 0);
    ck_assert(as_confval_cache_seconds(pool, "0", &s) == NULL);
    ck_assert_int_eq(s, 0);
    ck_assert(as_confval_cache_seconds(pool, "300", &s) == NULL);
    ck_assert_int_eq(s, 300);
    ck_assert(as_confval_cache_seconds(pool, "86400", &s) == NULL);
    ck_assert_int_eq(s, 86400);
    ck_assert(as_confval_cache_seconds(pool, "86401", &s) != NULL);
    ck_assert(as_confval_cache_seconds(pool, "-1", &s) != NULL);
    ck_assert(as_confval_cache_seconds(pool, "+5", &s) != NULL);
    ck_assert(as_confval_cache_seconds(pool, " 5", &s) != NULL);
    ck_assert(as_confval_cache_seconds(pool, "5s", &s) != NULL);
    ck_assert(as_confval_cache_seconds(pool, "", &s) != NULL);
    ck_assert(as_confval_cache_seconds(pool, "On", &s) != NULL);
    ck_assert(as_confval_cache_seconds(pool, "99999999999999999999", &s) != NULL);
}
END_TEST

Suite *as_cache_suite(void)
{
    Suite *s = suite_create("cache");
    TCase *tc = tcase_create("cache");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, random_key);
    tcase_add_test(tc, id_deterministic);
    tcase_add_test(tc, id_known_answer);
    tcase_add_test(tc, id_reused_context);
    tcase_add_test(tc, id_every_field_counts);
    tcase_add_test(tc, id_fields_unambiguous);
    tcase_add_test(tc, id_depends_on_key);
    tcase_add_test(tc, scope);
    tcase_add_test(tc, expiry);
    tcase_add_test(tc, value_roundtrip);
    tcase_add_test(tc, value_refused);
    tcase_add_test(tc, value_limits);
    tcase_add_test(tc, parse_seconds);
    suite_add_tcase(s, tc);
    return s;
}
