/* exs_test.c -- shared test helpers (serial part). */
#include "exs_test.h"

int exs_test_failures = 0;
int exs_test_checks = 0;
int exs_test_rank = 0;

/* Set by exs_test_mpi.c when a test runs under MPI; sums the failure count
 * over ranks. */
int (*exs_test_reduce_hook)(int failures) = NULL;

const char *exs_test_corpus_dir(void)
{
    const char *d = getenv("EXS_CORPUS");
    return d && *d ? d : "../shared/corpus";
}

const char *exs_test_tmp_dir(void)
{
    const char *d = getenv("EXS_TEST_TMP");
    return d && *d ? d : "/tmp";
}

void exs_test_tmp_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", exs_test_tmp_dir(), name);
}

int exs_test_end(void)
{
    int total = exs_test_failures;
    if (exs_test_reduce_hook)
        total = exs_test_reduce_hook(exs_test_failures);
    if (exs_test_rank == 0)
        printf("%d checks, %d failed\n", exs_test_checks, total);
    return total == 0 ? 0 : 1;
}
