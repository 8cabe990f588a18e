/* par_model.c -- see par_model.h. */
#include "par_model.h"

double pm_coord(int axis, int64_t node) { return 0.5 * (double)node + axis * 1e4; }

int64_t pm_conn(int64_t elem, int k) { return (elem * 7 + k * 13) % PM_NODES + 1; }

double pm_var(int kind, int var, int64_t step, int64_t entry)
{
    return kind * 1e6 + step * 1e4 + var * 1e3 + (double)entry * 0.25;
}

void pm_define(exs_file *f)
{
    static const char *const nn[] = {"u", "v", "w"};
    static const char *const en[] = {"s1", "s2", "s3", "s4"};
    static const char *const gn[] = {"g1", "g2"};
    EXS_OK(f, exs_def_mesh(f, "par_model", 3, PM_NODES));
    for (int b = 0; b < PM_BLOCKS; b++) {
        exs_block_def d = {.id = 10 + b, .type = "HEX8", .num_entries = PM_PER_BLOCK,
                           .nodes_per_entry = PM_NPE};
        EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &d));
    }
    EXS_OK(f, exs_def_vars(f, EXS_NODAL, PM_NODAL, nn));
    EXS_OK(f, exs_def_vars(f, EXS_ELEM_BLOCK, PM_ELEMV, en));
    EXS_OK(f, exs_def_vars(f, EXS_GLOBAL, PM_GLOBAL, gn));
    EXS_OK(f, exs_end_define(f));
}

static void fill_f64(double *a, int64_t n, double (*fn)(int, int, int64_t, int64_t),
                     int kind, int var, int64_t step, int64_t first)
{
    for (int64_t i = 0; i < n; i++)
        a[i] = fn(kind, var, step, first + i);
}

static void write_step(exs_file *f, int parallel, const exs_partition *p,
                       int64_t step, double *buf)
{
    exs_var_req r[PM_NODAL + PM_BLOCKS * PM_ELEMV];
    exs_block_piece pc[PM_BLOCKS];
    int64_t k = 0, at = 0, np = 0;
    for (int v = 0; v < PM_NODAL; v++, at += p->node_count) {
        fill_f64(buf + at, p->node_count, pm_var, EXS_NODAL, v, step, p->node_start);
        r[k++] = (exs_var_req){EXS_NODAL, 0, v, p->node_start, p->node_count, EXS_F64,
                               buf + at};
    }
    exs_partition_pieces(f, p->elem_start, p->elem_count, pc, PM_BLOCKS, &np);
    for (int64_t i = 0; i < np; i++)
        for (int v = 0; v < PM_ELEMV; v++, at += pc[i].count) {
            fill_f64(buf + at, pc[i].count, pm_var, EXS_ELEM_BLOCK, v, step,
                     (pc[i].block_id - 10) * PM_PER_BLOCK + pc[i].block_start);
            r[k++] = (exs_var_req){EXS_ELEM_BLOCK, pc[i].block_id, v, pc[i].block_start,
                                   pc[i].count, EXS_F64, buf + at};
        }
    double g[PM_GLOBAL];
    fill_f64(g, PM_GLOBAL, pm_var, EXS_GLOBAL, 0, step, 0);
    int64_t rank = 0;
    exs_inquire(f, EXS_INQ_RANK, &rank);
    if (parallel) {
        EXS_OK(f, exs_put_time_all(f, step, 0.1 * (double)step));
        EXS_OK(f, exs_put_vars_all(f, step, k, r));
        EXS_OK(f, exs_put_var_all(f, EXS_GLOBAL, 0, 0, step, 0, rank == 0 ? PM_GLOBAL : 0,
                                  EXS_F64, g));
        return;
    }
    EXS_OK(f, exs_put_time(f, step, 0.1 * (double)step));
    for (int64_t i = 0; i < k; i++)
        EXS_OK(f, exs_put_var(f, r[i].kind, r[i].id, r[i].var, step, r[i].start,
                              r[i].count, EXS_F64, r[i].buf));
    EXS_OK(f, exs_put_var(f, EXS_GLOBAL, 0, 0, step, 0, PM_GLOBAL, EXS_F64, g));
}

void pm_write(exs_file *f, int parallel)
{
    exs_partition p;
    EXS_OK(f, exs_get_partition(f, 0, &p));
    double *buf = malloc(sizeof(double) * (PM_NODES * PM_NODAL +
                                           PM_BLOCKS * PM_PER_BLOCK * (PM_ELEMV + PM_NPE)));
    int64_t *conn = (int64_t *)buf;
    for (int a = 0; a < 3; a++) {
        for (int64_t i = 0; i < p.node_count; i++)
            buf[i] = pm_coord(a, p.node_start + i);
        EXS_OK(f, parallel ? exs_put_coord_all(f, a, p.node_start, p.node_count, EXS_F64, buf)
                           : exs_put_coord(f, a, p.node_start, p.node_count, EXS_F64, buf));
    }
    for (int64_t e = 0; e < p.elem_count; e++)
        for (int k = 0; k < PM_NPE; k++)
            conn[e * PM_NPE + k] = pm_conn(p.elem_start + e, k);
    if (parallel)
        EXS_OK(f, exs_put_elem_conn_all(f, p.elem_start, p.elem_count, EXS_I64, conn));
    else
        for (int b = 0; b < PM_BLOCKS; b++)
            EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 10 + b, EXS_CONN_NODES, 0,
                                   PM_PER_BLOCK, EXS_I64, conn + b * PM_PER_BLOCK * PM_NPE));
    for (int64_t s = 0; s < PM_STEPS; s++)
        write_step(f, parallel, &p, s, buf);
    free(buf);
}

static void check_vars(exs_file *f, double *a, const char *path)
{
    int bad = 0;
    for (int64_t s = 0; s < PM_STEPS; s++) {
        for (int v = 0; v < PM_NODAL; v++) {
            EXS_OK(f, exs_get_var(f, EXS_NODAL, 0, v, s, 0, PM_NODES, EXS_F64, a));
            for (int64_t i = 0; i < PM_NODES; i++)
                bad += a[i] != pm_var(EXS_NODAL, v, s, i);
        }
        for (int b = 0; b < PM_BLOCKS; b++)
            for (int v = 0; v < PM_ELEMV; v++) {
                EXS_OK(f, exs_get_var(f, EXS_ELEM_BLOCK, 10 + b, v, s, 0, PM_PER_BLOCK,
                                      EXS_F64, a));
                for (int64_t i = 0; i < PM_PER_BLOCK; i++)
                    bad += a[i] != pm_var(EXS_ELEM_BLOCK, v, s, b * PM_PER_BLOCK + i);
            }
        EXS_OK(f, exs_get_var(f, EXS_GLOBAL, 0, 0, s, 0, PM_GLOBAL, EXS_F64, a));
        bad += a[0] != pm_var(EXS_GLOBAL, 0, s, 0) || a[1] != pm_var(EXS_GLOBAL, 0, s, 1);
        EXS_OK(f, exs_get_times(f, s, 1, EXS_F64, a));
        EXS_ASSERT_NEAR(a[0], 0.1 * (double)s, 1e-15);
    }
    if (bad)
        EXS_FAIL_("%s: %d variable values differ", path, bad);
}

void pm_check(const char *path)
{
    exs_file *f = NULL;
    int64_t n = 0;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    exs_inquire(f, EXS_INQ_NUM_NODES, &n);
    EXS_ASSERT_EQ(n, PM_NODES);
    exs_inquire(f, EXS_INQ_NUM_TIMES, &n);
    EXS_ASSERT_EQ(n, PM_STEPS);
    double *a = malloc(sizeof(double) * PM_NODES * PM_NPE);
    int bad = 0;
    for (int ax = 0; ax < 3; ax++) {
        EXS_OK(f, exs_get_coord(f, ax, 0, PM_NODES, EXS_F64, a));
        for (int64_t i = 0; i < PM_NODES; i++)
            bad += a[i] != pm_coord(ax, i);
    }
    int64_t *c = (int64_t *)a;
    for (int b = 0; b < PM_BLOCKS; b++) {
        EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, 10 + b, EXS_CONN_NODES, 0, PM_PER_BLOCK,
                               EXS_I64, c));
        for (int64_t e = 0; e < PM_PER_BLOCK * PM_NPE; e++)
            bad += c[e] != pm_conn(b * PM_PER_BLOCK + e / PM_NPE, (int)(e % PM_NPE));
    }
    if (bad)
        EXS_FAIL_("%s: %d mesh values differ", path, bad);
    check_vars(f, a, path);
    free(a);
    EXS_OK(f, exs_close(f));
}
