/* test_collective_count.c -- on a CDF-5 file (PnetCDF) one batched step
 * of many blocks and variables is ONE collective call, writing and
 * reading; so is the element slab's connectivity over all its blocks. */
#include "exs_test_mpi.h"
#include "par_model.h"

static int64_t collective_calls(exs_file *f)
{
    exs_stats s = {0};
    exs_get_stats(f, &s);
    return s.collective_calls;
}

/* Requests for step `step` over this rank's partition. */
static int64_t requests(exs_file *f, const exs_partition *p, double *buf,
                        exs_var_req *r)
{
    exs_block_piece pc[PM_BLOCKS];
    int64_t k = 0, at = 0, np = 0;
    for (int v = 0; v < PM_NODAL; v++, at += p->node_count)
        r[k++] = (exs_var_req){EXS_NODAL, 0, v, p->node_start, p->node_count, EXS_F64,
                               buf + at};
    EXS_OK(f, exs_partition_pieces(f, p->elem_start, p->elem_count, pc, PM_BLOCKS, &np));
    for (int64_t i = 0; i < np; i++)
        for (int v = 0; v < PM_ELEMV; v++, at += pc[i].count)
            r[k++] = (exs_var_req){EXS_ELEM_BLOCK, pc[i].block_id, v, pc[i].block_start,
                                   pc[i].count, EXS_F64, buf + at};
    return k;
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char path[1024], name[64];
    snprintf(name, sizeof name, "collective_count_np%d.exo", size);
    exs_test_tmp_path(path, sizeof path, name);
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = EXS_FORMAT_CDF5;
    o.clobber = 1;
    exs_file *f = NULL;
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return exs_test_mpi_end();
    pm_define(f);
    pm_write(f, 1); /* steps 0..2 via exs_put_vars_all */
    exs_partition p;
    double *buf = malloc(sizeof(double) * PM_NODES * (PM_NODAL + PM_ELEMV + PM_NPE));
    exs_var_req r[PM_NODAL + PM_BLOCKS * PM_ELEMV];
    EXS_OK(f, exs_get_partition(f, 0, &p));
    int64_t n = requests(f, &p, buf, r);
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < r[i].count; j++)
            ((double *)r[i].buf)[j] = 42.0;
    EXS_OK(f, exs_put_time_all(f, PM_STEPS, 9.0));
    EXS_OK(f, exs_reset_stats(f));
    EXS_OK(f, exs_put_vars_all(f, PM_STEPS, n, r));
    EXS_ASSERT_EQ(collective_calls(f), 1);
    EXS_OK(f, exs_close(f));

    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return exs_test_mpi_end();
    EXS_OK(f, exs_get_partition(f, 0, &p));
    n = requests(f, &p, buf, r);
    EXS_ASSERT(size > 1 || n == PM_NODAL + PM_BLOCKS * PM_ELEMV);
    EXS_OK(f, exs_reset_stats(f));
    EXS_OK(f, exs_get_vars_all(f, PM_STEPS, n, r));
    EXS_ASSERT_EQ(collective_calls(f), 1);
    int bad = 0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < r[i].count; j++)
            bad += ((double *)r[i].buf)[j] != 42.0;
    EXS_ASSERT_EQ(bad, 0);
    /* step 1 as written by pm_write */
    EXS_OK(f, exs_get_vars_all(f, 1, n, r));
    EXS_ASSERT_EQ(collective_calls(f), 2);
    for (int64_t j = 0; j < p.node_count; j++)
        bad += ((double *)r[0].buf)[j] != pm_var(EXS_NODAL, 0, 1, p.node_start + j);
    EXS_ASSERT_EQ(bad, 0);
    int64_t *conn = (int64_t *)buf;
    EXS_OK(f, exs_reset_stats(f));
    EXS_OK(f, exs_get_elem_conn_all(f, p.elem_start, p.elem_count, EXS_I64, conn));
    EXS_ASSERT_EQ(collective_calls(f), 1);
    for (int64_t e = 0; e < p.elem_count * PM_NPE; e++)
        bad += conn[e] != pm_conn(p.elem_start + e / PM_NPE, (int)(e % PM_NPE));
    EXS_ASSERT_EQ(bad, 0);
    EXS_OK(f, exs_close(f));
    free(buf);
    return exs_test_mpi_end();
}
