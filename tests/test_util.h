/* test_util.h - tiny assertion helpers shared by romcap's unit tests.
 *
 * Each test is one executable: CHECK* record failures and keep going, and main()
 * ends with `return TEST_RESULT();` (1 if anything failed). A test that cannot
 * run for lack of external data calls TEST_SKIP("why"), which exits 77 (ctest
 * reports it as skipped with the reason).
 */
#ifndef ROMCAP_TEST_UTIL_H
#define ROMCAP_TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int test_failures_;
static int test_checks_;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        test_checks_++;                                                                            \
        if (!(cond)) {                                                                             \
            test_failures_++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        test_checks_++;                                                                            \
        if (!(cond)) {                                                                             \
            test_failures_++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);                             \
        test_checks_++;                                                                            \
        if (!(fabs(a_ - b_) <= t_)) {                                                              \
            test_failures_++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %.10g, %s = %.10g, tol %g\n",          \
                    __FILE__, __LINE__, #a, a_, #b, b_, t_);                                       \
        }                                                                                          \
    } while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                                            \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        test_checks_++;                                                                            \
        if (!h_ || !strstr(h_, n_)) {                                                              \
            test_failures_++;                                                                      \
            fprintf(stderr, "%s:%d: expected \"%s\" in \"%s\"\n", __FILE__, __LINE__, n_,          \
                    h_ ? h_ : "(null)");                                                           \
        }                                                                                          \
    } while (0)

#define TEST_SKIP(...)                                                                             \
    do {                                                                                           \
        printf("SKIP: ");                                                                          \
        printf(__VA_ARGS__);                                                                       \
        printf("\n");                                                                              \
        exit(77);                                                                                  \
    } while (0)

#define TEST_RESULT()                                                                              \
    (printf("%d checks, %d failed\n", test_checks_, test_failures_), test_failures_ ? 1 : 0)

/* 1 if a path exists. */
static inline int test_path_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* Deterministic uniform [0,1) and Gaussian samples (xorshift64*), no global state. */
static inline double test_rand01(unsigned long long *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double test_randn(unsigned long long *s)
{
    double u1 = test_rand01(s), u2 = test_rand01(s);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

#endif
