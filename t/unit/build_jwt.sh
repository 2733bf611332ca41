#!/bin/sh
# Build and run the key store and JWT unit suites alone, before the
# integrator's t/unit/main.c and Makefile exist. Usage (from the tree top):
#   sh t/unit/build_jwt.sh [gcc|clang] [valgrind]
# The throwaway main lives in a temp dir, never in the tree.
set -e
CC=${1:-gcc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/main.c" <<'EOC'
#include <check.h>
#include <stdlib.h>
Suite *as_keys_suite(void);
Suite *as_jwt_suite(void);
int main(void)
{
    SRunner *sr = srunner_create(as_keys_suite());
    int failed;

    srunner_add_suite(sr, as_jwt_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
EOC
$CC -std=c99 -g -O1 -Wall -Wextra -Werror -I include \
    $(apr-1-config --includes --cppflags) \
    -o "$tmp/run_unit" "$tmp/main.c" t/unit/test_keys.c t/unit/test_jwt.c \
    modules/as_keys.c modules/as_jwt.c \
    $(apr-1-config --link-ld) -lcrypto -ljansson \
    $(pkg-config --libs check)
if [ "$2" = valgrind ]; then
    CK_FORK=no valgrind --leak-check=full --errors-for-leak-kinds=definite \
        --error-exitcode=1 "$tmp/run_unit"
else
    "$tmp/run_unit"
fi
