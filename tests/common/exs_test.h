/*
 * exs_test.h -- assertions for exoslab's C tests.
 *
 * Assertions print both values and count failures; a test ends with
 * EXS_TEST_END(), which (in MPI tests, after exs_test_mpi_init) reduces the
 * failure count over all ranks so every rank reaches the same verdict.
 */
#ifndef EXS_TEST_H
#define EXS_TEST_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exoslab.h"

extern int exs_test_failures;
extern int exs_test_checks;
extern int exs_test_rank;

#define EXS_FAIL_(...)                                                        \
    do {                                                                      \
        exs_test_failures++;                                                  \
        fprintf(stderr, "[rank %d] %s:%d: ", exs_test_rank, __FILE__, __LINE__); \
        fprintf(stderr, __VA_ARGS__);                                         \
        fputc('\n', stderr);                                                  \
    } while (0)

#define EXS_ASSERT(cond)                                                      \
    do {                                                                      \
        exs_test_checks++;                                                    \
        if (!(cond))                                                          \
            EXS_FAIL_("assertion failed: %s", #cond);                         \
    } while (0)

#define EXS_ASSERT_EQ(a, b)                                                   \
    do {                                                                      \
        long long a_ = (long long)(a), b_ = (long long)(b);                   \
        exs_test_checks++;                                                    \
        if (a_ != b_)                                                         \
            EXS_FAIL_("%s == %s: %lld != %lld", #a, #b, a_, b_);              \
    } while (0)

#define EXS_ASSERT_NEAR(a, b, tol)                                            \
    do {                                                                      \
        double a_ = (double)(a), b_ = (double)(b);                            \
        exs_test_checks++;                                                    \
        if (!(fabs(a_ - b_) <= (tol) * (1.0 + fabs(b_))) &&                   \
            !(isnan(a_) && isnan(b_)))                                        \
            EXS_FAIL_("%s ~= %s: %.17g != %.17g", #a, #b, a_, b_);            \
    } while (0)

#define EXS_ASSERT_STREQ(a, b)                                                \
    do {                                                                      \
        const char *a_ = (a), *b_ = (b);                                      \
        exs_test_checks++;                                                    \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                \
            EXS_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b, a_ ? a_ : "(null)", \
                      b_ ? b_ : "(null)");                                    \
    } while (0)

/* A call that must succeed; prints the code, its name and the message. */
#define EXS_OK(f, call)                                                       \
    do {                                                                      \
        int rc_ = (call);                                                     \
        exs_test_checks++;                                                    \
        if (rc_ != 0)                                                         \
            EXS_FAIL_("%s -> %d %s: %s", #call, rc_, exs_errname(rc_),        \
                      exs_errmsg(f));                                         \
    } while (0)

/* A call that must fail with a given code. */
#define EXS_ASSERT_RC(call, code)                                             \
    do {                                                                      \
        int rc_ = (call);                                                     \
        exs_test_checks++;                                                    \
        if (rc_ != (code))                                                    \
            EXS_FAIL_("%s -> %d %s, expected %d %s", #call, rc_,              \
                      exs_errname(rc_), (int)(code), exs_errname(code));      \
    } while (0)

/* Path of a corpus file (EXS_CORPUS env var, else ../shared/corpus). */
const char *exs_test_corpus_dir(void);
/* Scratch directory for files a test writes (EXS_TEST_TMP or /tmp). */
const char *exs_test_tmp_dir(void);
/* Fill buf (cap) with "<tmp>/<name>" . */
void exs_test_tmp_path(char *buf, size_t cap, const char *name);

/* Ends the test: prints "N checks, N failed" and returns the exit code.
 * In MPI tests the failure count is summed over all ranks first. */
int exs_test_end(void);
#define EXS_TEST_END() exs_test_end()

#endif
