/*
 * stream_stats -- min, max and mean of every nodal variable at every time
 * step of an Exodus II file, read in chunk-sized slabs: memory stays
 * O(chunk) however large the file is.
 *
 *   stream_stats FILE
 */
#include <float.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "exoslab.h"

static int report(exs_file *f, int var, int64_t step, int64_t num_nodes,
                  int64_t chunk, double *buf)
{
    double lo = DBL_MAX, hi = -DBL_MAX, sum = 0;
    int64_t start, count;
    exs_slab_iter it;
    exs_iter_init(&it, 0, num_nodes, chunk);
    while (exs_iter_next(&it, &start, &count)) {
        int rc = exs_get_var(f, EXS_NODAL, 0, var, step, start, count, EXS_F64, buf);
        if (rc != 0)
            return rc;
        for (int64_t i = 0; i < count; i++) {
            lo = buf[i] < lo ? buf[i] : lo;
            hi = buf[i] > hi ? buf[i] : hi;
            sum += buf[i];
        }
    }
    const char *name;
    exs_get_var_name(f, EXS_NODAL, var, &name);
    printf("%-20s step %4" PRId64 "  min %-16.10g max %-16.10g mean %.10g\n", name, step,
           lo, hi, num_nodes ? sum / (double)num_nodes : 0.0);
    return 0;
}

int main(int argc, char **argv)
{
    exs_file *f;
    char msg[512];
    int64_t num_nodes, num_times, chunk;
    int nvars, rc;
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    if ((rc = exs_open_err(argv[1], EXS_READ, &f, msg, sizeof msg)) != 0) {
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    exs_inquire(f, EXS_INQ_NUM_NODES, &num_nodes);
    exs_inquire(f, EXS_INQ_NUM_TIMES, &num_times);
    exs_num_vars(f, EXS_NODAL, &nvars);
    exs_chunk_len(f, EXS_NODAL, 0, 0, &chunk); /* the file's chunk, or 1 MiB */
    double *buf = malloc((size_t)chunk * sizeof *buf);
    if (!buf) {
        exs_close(f);
        return 1;
    }
    printf("%" PRId64 " nodes, %" PRId64 " steps, slabs of %" PRId64 " nodes\n",
           num_nodes, num_times, chunk);
    for (int v = 0; v < nvars && rc == 0; v++)
        for (int64_t s = 0; s < num_times && rc == 0; s++)
            rc = report(f, v, s, num_nodes, chunk, buf);
    if (rc != 0)
        fprintf(stderr, "%s\n", exs_errmsg(f));
    free(buf);
    exs_close(f);
    return rc ? 1 : 0;
}
