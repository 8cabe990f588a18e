/* canary.c -- see canary.h. */
#include "canary.h"

#include <mpi.h>
#include <string.h>

#include "exs_test.h"

static const unsigned char pattern[CANARY_BYTES] = {
    0xde, 0xad, 0xbe, 0xef, 0x5a, 0xa5, 0xc3, 0x3c,
    0x7f, 0x81, 0x11, 0xee, 0x42, 0xbd, 0x99, 0x66};

/* A counter for one test program's report (not library state). */
static long long checks;

void canary_set(void *buf, size_t bytes)
{
    memcpy((char *)buf + bytes, pattern, CANARY_BYTES);
}

int canary_check(const void *buf, size_t bytes, const char *what)
{
    checks++;
    exs_test_checks++;
    if (memcmp((const char *)buf + bytes, pattern, CANARY_BYTES) == 0)
        return 1;
    EXS_FAIL_("canary after %zu bytes overwritten by %s", bytes, what);
    return 0;
}

long long canary_count(void) { return checks; }

void canary_report(const char *label)
{
    long long total = 0;
    int rank = 0, size = 1;
    MPI_Allreduce(&checks, &total, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 0)
        printf("%s: %lld canary checks at %d ranks\n", label, total, size);
}
