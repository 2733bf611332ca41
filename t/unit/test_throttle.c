/* Unit tests: the counters of AuthStatusThrottle (as_throttle_math.c). */
#include <stdio.h>
#include <string.h>
#include <check.h>

#include "as_throttle_math.h"
#include "suites.h"
#include "unit_pool.h"

#define SEC(n) apr_time_from_sec(n)
#define T0 ((apr_time_t)1700000000 * APR_USEC_PER_SEC)

/* count failures at the given offsets (microseconds after T0) */
static as_throttle_entry_t fail_at(const apr_time_t *at, int n, int seconds)
{
    as_throttle_entry_t e;
    int i;
    memset(&e, 0, sizeof(e));
    for (i = 0; i < n; i++) {
        as_throttle_record(&e, T0 + at[i], seconds);
    }
    return e;
}

START_TEST(counting_in_a_window)
{
    apr_time_t at[] = { 0, SEC(1), SEC(2) };
    as_throttle_entry_t e = fail_at(at, 3, 10);

    ck_assert_uint_eq(e.count, 3);
    ck_assert(e.start == T0);
    /* below the limit: not locked */
    ck_assert_int_eq(as_throttle_wait(&e, T0 + SEC(2), 4, 10), 0);
    /* at the limit: locked until the window that opened at T0 ends */
    ck_assert_int_eq(as_throttle_wait(&e, T0 + SEC(2), 3, 10), 8);
    ck_assert_int_eq(as_throttle_wait(&e, T0 + SEC(9), 3, 10), 1);
    ck_assert_int_eq(as_throttle_wait(&e, T0 + SEC(10), 3, 10), 0);
    /* no counter, or Off */
    ck_assert_int_eq(as_throttle_wait(NULL, T0, 3, 10), 0);
    ck_assert_int_eq(as_throttle_wait(&e, T0, 0, 10), 0);
}
END_TEST

START_TEST(retry_after_rounds_up)
{
    apr_time_t at[] = { 0, 1, 2 };
    as_throttle_entry_t e = fail_at(at, 3, 3);

    /* 2.5 s left: wait 3, so a client that obeys finds the window over */
    ck_assert_int_eq(as_throttle_wait(&e, T0 + SEC(1) / 2, 3, 3), 3);
    ck_assert_int_eq(as_throttle_wait(&e, T0 + SEC(3) - 1, 3, 3), 1);
    ck_assert_int_eq(as_throttle_wait(&e, T0 + SEC(3), 3, 3), 0);
    /* never more than the window, even for a start in the future (clock
     * of another server sharing the store) */
    e.start = T0 + SEC(2);
    ck_assert_int_eq(as_throttle_wait(&e, T0, 3, 3), 3);
}
END_TEST

START_TEST(a_new_window_after_the_old_one)
{
    apr_time_t at[] = { 0, SEC(1), SEC(5) };
    as_throttle_entry_t e = fail_at(at, 3, 5);
    apr_time_t expiry;

    /* the third failure came when the first window had ended */
    ck_assert_uint_eq(e.count, 1);
    ck_assert(e.start == T0 + SEC(5));
    expiry = as_throttle_record(&e, T0 + SEC(6), 5);
    ck_assert_uint_eq(e.count, 2);
    /* kept until the window ends, plus a second for whole-second stores */
    ck_assert(expiry == T0 + SEC(11));
    /* a start far in the future is not trusted */
    e.start = T0 + SEC(100);
    as_throttle_record(&e, T0 + SEC(7), 5);
    ck_assert_uint_eq(e.count, 1);
    ck_assert(e.start == T0 + SEC(7));
    /* the count saturates */
    e.count = 0xffffffffU;
    as_throttle_record(&e, T0 + SEC(8), 5);
    ck_assert_uint_eq(e.count, 0xffffffffU);
}
END_TEST

START_TEST(encoding)
{
    unsigned char buf[AS_THROTTLE_ENTRY_LEN];
    as_throttle_entry_t e = { 258, T0 + 42 }, d;

    as_throttle_encode(&e, buf);
    /* network byte order, whatever the host */
    ck_assert_int_eq(buf[0], 'T');
    ck_assert_int_eq(buf[1], 1);
    ck_assert_int_eq(buf[6], 1);
    ck_assert_int_eq(buf[7], 2);
    ck_assert_int_eq(as_throttle_decode(buf, sizeof(buf), &d), 0);
    ck_assert_uint_eq(d.count, 258);
    ck_assert(d.start == T0 + 42);
    /* anything else is no counter */
    ck_assert_int_eq(as_throttle_decode(buf, sizeof(buf) - 1, &d), -1);
    ck_assert_uint_eq(d.count, 0);
    buf[1] = 2;
    ck_assert_int_eq(as_throttle_decode(buf, sizeof(buf), &d), -1);
    buf[1] = 1;
    buf[0] = 'C';
    ck_assert_int_eq(as_throttle_decode(buf, sizeof(buf), &d), -1);
    ck_assert_int_eq(as_throttle_decode(buf, 0, &d), -1);
}
END_TEST

START_TEST(keys)
{
    unsigned char a[AS_THROTTLE_KEY_LEN], b[AS_THROTTLE_KEY_LEN];

    as_throttle_key(a, AS_THROTTLE_KEY_ADDRESS, "alice", 5);
    as_throttle_key(b, AS_THROTTLE_KEY_USER, "alice", 5);
    /* the hash first, the namespace and kind last */
    ck_assert(memcmp(a + 16, "asTa", 4) == 0);
    ck_assert(memcmp(b + 16, "asTu", 4) == 0);
    /* an address and a user of the same spelling are different keys */
    ck_assert(memcmp(a, b, sizeof(a)) != 0);
    /* the value is hashed: no user name in the id */
    ck_assert(memmem(b, sizeof(b), "alice", 5) == NULL);
    as_throttle_key(b, AS_THROTTLE_KEY_ADDRESS, "alice", 5);
    ck_assert(memcmp(a, b, sizeof(a)) == 0);
    as_throttle_key(b, AS_THROTTLE_KEY_ADDRESS, "alicf", 5);
    ck_assert(memcmp(a, b, sizeof(a)) != 0);
    /* SHA-256("uabc") begins 2a42a9c9 */
    as_throttle_key(a, AS_THROTTLE_KEY_USER, "abc", 3);
    ck_assert(memcmp(a, "\x2a\x42\xa9\xc9", 4) == 0);
}
END_TEST

/* Stores bucket ids by their first byte (shmcb: first byte & (subcaches -
 * 1)): counters for 4096 user names and addresses fill 32 buckets evenly,
 * never one. */
START_TEST(keys_spread)
{
    unsigned char k[AS_THROTTLE_KEY_LEN];
    int bucket[32] = { 0 }, i, lo = 1 << 30, hi = 0;
    char v[32];

    for (i = 0; i < 4096; i++) {
        int n = i % 2 ? snprintf(v, sizeof(v), "user%d", i)
                      : snprintf(v, sizeof(v), "10.0.%d.%d", i / 256, i % 256);

        as_throttle_key(k, i % 2 ? AS_THROTTLE_KEY_USER
                                 : AS_THROTTLE_KEY_ADDRESS, v, (apr_size_t)n);
        bucket[k[0] & 31]++;
    }
    for (i = 0; i < 32; i++) {
        lo = bucket[i] < lo ? bucket[i] : lo;
        hi = bucket[i] > hi ? bucket[i] : hi;
    }
    /* 128 expected in each; a binomial spread stays well inside this */
    ck_assert_int_ge(lo, 64);
    ck_assert_int_le(hi, 192);
}
END_TEST

START_TEST(user_names_as_counted)
{
    apr_pool_t *p = pool;

    ck_assert_str_eq(as_throttle_user_norm(p, "Alice"), "alice");
    ck_assert_str_eq(as_throttle_user_norm(p, "  alice \t"), "alice");
    /* full-width Latin (U+FF21.., U+FF41..) and the ideographic space */
    ck_assert_str_eq(as_throttle_user_norm(p, "\xef\xbc\xa1\xef\xbd\x8c"
                                              "ice\xe3\x80\x80"), "alice");
    ck_assert_str_eq(as_throttle_user_norm(p, "J\xc3\xbcrgen"),
                     "j\xc3\xbcrgen");         /* other Unicode kept */
    ck_assert_str_eq(as_throttle_user_norm(p, "a  b"), "a b");
    ck_assert_str_eq(as_throttle_user_norm(p, "   "), "");
    ck_assert_str_eq(as_throttle_user_norm(p, "\xe3"), "\xe3");  /* cut */
}
END_TEST

START_TEST(addresses_as_counted)
{
    apr_pool_t *p = pool;

    ck_assert_str_eq(as_throttle_addr_norm(p, "192.0.2.7", 64), "192.0.2.7");
    ck_assert_str_eq(as_throttle_addr_norm(p, "2001:db8:1:2:aaaa::1", 64),
                     "2001:db8:1:2::/64");
    ck_assert_str_eq(as_throttle_addr_norm(p, "2001:DB8:1:2:ffff:ffff:ffff:ffff",
                                           64), "2001:db8:1:2::/64");
    ck_assert_str_eq(as_throttle_addr_norm(p, "2001:db8:1:2ff::1", 56),
                     "2001:db8:1:200::/56");
    ck_assert_str_eq(as_throttle_addr_norm(p, "2001:db8::1", 128),
                     "2001:db8::1/128");
    ck_assert_str_eq(as_throttle_addr_norm(p, "::ffff:192.0.2.7", 64),
                     "::ffff:192.0.2.7");
    ck_assert_str_eq(as_throttle_addr_norm(p, "not:an:address", 64),
                     "not:an:address");
}
END_TEST

Suite *as_throttle_suite(void)
{
    Suite *s = suite_create("throttle");
    TCase *tc = tcase_create("counters");

    tcase_add_checked_fixture(tc, unit_pool_setup, unit_pool_teardown);
    tcase_add_test(tc, counting_in_a_window);
    tcase_add_test(tc, retry_after_rounds_up);
    tcase_add_test(tc, a_new_window_after_the_old_one);
    tcase_add_test(tc, encoding);
    tcase_add_test(tc, keys);
    tcase_add_test(tc, keys_spread);
    tcase_add_test(tc, user_names_as_counted);
    tcase_add_test(tc, addresses_as_counted);
    suite_add_tcase(s, tc);
    return s;
}
