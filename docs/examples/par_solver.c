/*
 * par_solver -- the shape of an MPI solver's I/O with exoslab: every rank
 * reads its chunk-aligned node and element slab of a shared mesh, "solves",
 * and writes the mesh and its results into ONE shared output file with
 * collective calls. Then it reads its slab back and checks it.
 *
 *   mpiexec -n P par_solver MESH OUT
 *
 * MPI build only. The result field is radius(node) * (step + 1).
 */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "exoslab.h"
#include "exoslab_par.h"

#define NSTEPS 3

static int fail(exs_file *f, int rc, const char *what)
{
    if (rc != 0)
        fprintf(stderr, "par_solver: %s: %s\n", what, f ? exs_errmsg(f) : exs_strerror(rc));
    return rc;
}

#define TRY(f, call)                          \
    do {                                      \
        int rc_ = fail((f), (call), #call);   \
        if (rc_ != 0)                         \
            return rc_;                       \
    } while (0)

typedef struct mesh {
    int num_dim;
    int64_t num_nodes, nblk, nodes_per_elem_max;
    exs_partition p;
    double *xyz[3];      /* this rank's node slab */
    int64_t *conn;       /* this rank's element slab, block pieces in order */
    int64_t conn_len;
} mesh;

/* Element slab connectivity length: sum over pieces of count * nodes. */
static int slab_conn_len(exs_file *f, const exs_partition *p, int64_t *len)
{
    exs_block_piece pieces[64];
    int64_t n = 0;
    TRY(f, exs_partition_pieces(f, p->elem_start, p->elem_count, pieces, 64, &n));
    *len = 0;
    for (int64_t i = 0; i < n; i++) {
        exs_entity_info b;
        TRY(f, exs_get_entity(f, EXS_ELEM_BLOCK, pieces[i].block_id, &b));
        *len += pieces[i].count * b.nodes_per_entry;
    }
    return 0;
}

static int read_mesh(const char *path, mesh *m, exs_file **out)
{
    exs_file *f;
    TRY(NULL, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    *out = f;
    int64_t v;
    exs_inquire(f, EXS_INQ_NUM_DIM, &v);
    m->num_dim = (int)v;
    exs_inquire(f, EXS_INQ_NUM_NODES, &m->num_nodes);
    exs_num_entities(f, EXS_ELEM_BLOCK, &m->nblk);
    TRY(f, exs_get_partition(f, 0, &m->p));
    for (int a = 0; a < m->num_dim; a++) {
        m->xyz[a] = malloc((size_t)(m->p.node_count + 1) * sizeof(double));
        if (!m->xyz[a])
            return EXS_ENOMEM;
        TRY(f, exs_get_coord_all(f, a, m->p.node_start, m->p.node_count, EXS_F64,
                                 m->xyz[a]));
    }
    TRY(f, slab_conn_len(f, &m->p, &m->conn_len));
    m->conn = malloc((size_t)(m->conn_len + 1) * sizeof *m->conn);
    if (!m->conn)
        return EXS_ENOMEM;
    /* All block pieces of the element slab in one collective call. */
    TRY(f, exs_get_elem_conn_all(f, m->p.elem_start, m->p.elem_count, EXS_I64, m->conn));
    return 0;
}

static double result(const mesh *m, int64_t i, int step)
{
    double r2 = 0;
    for (int a = 0; a < m->num_dim; a++)
        r2 += m->xyz[a][i] * m->xyz[a][i];
    return sqrt(r2) * (step + 1);
}

/* The same definitions on every rank (collective), then each rank writes
 * its own slabs. */
static int write_results(const char *path, exs_file *in, mesh *m)
{
    exs_create_opts o;
    exs_file *f;
    exs_create_opts_init(&o);
    o.format = EXS_FORMAT_NETCDF4;
    o.clobber = 1;
    TRY(NULL, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    TRY(f, exs_def_mesh(f, "par_solver results", m->num_dim, m->num_nodes));
    int64_t *ids = malloc((size_t)(m->nblk + 1) * sizeof *ids);
    if (!ids)
        return EXS_ENOMEM;
    exs_get_ids(in, EXS_ELEM_BLOCK, ids);
    for (int64_t b = 0; b < m->nblk; b++) {
        exs_entity_info e;
        TRY(in, exs_get_entity(in, EXS_ELEM_BLOCK, ids[b], &e));
        exs_block_def d = {.id = e.id, .type = e.type, .num_entries = e.num_entries,
                           .nodes_per_entry = e.nodes_per_entry, .name = e.name};
        TRY(f, exs_def_block(f, EXS_ELEM_BLOCK, &d));
    }
    free(ids);
    const char *names[] = {"radius_times_step"};
    TRY(f, exs_def_vars(f, EXS_NODAL, 1, names));
    for (int a = 0; a < m->num_dim; a++)
        TRY(f, exs_put_coord_all(f, a, m->p.node_start, m->p.node_count, EXS_F64,
                                 m->xyz[a]));
    TRY(f, exs_put_elem_conn_all(f, m->p.elem_start, m->p.elem_count, EXS_I64, m->conn));
    double *val = malloc((size_t)(m->p.node_count + 1) * sizeof *val);
    if (!val)
        return EXS_ENOMEM;
    for (int step = 0; step < NSTEPS; step++) {
        for (int64_t i = 0; i < m->p.node_count; i++)
            val[i] = result(m, i, step);
        TRY(f, exs_put_time_all(f, step, 0.5 * step));
        TRY(f, exs_put_var_all(f, EXS_NODAL, 0, 0, step, m->p.node_start,
                               m->p.node_count, EXS_F64, val));
    }
    free(val);
    return fail(f, exs_close(f), "closing the results");
}

/* Read our slab of the last step back; count values that differ. */
static int verify(const char *path, const mesh *m, int64_t *bad)
{
    exs_file *f;
    TRY(NULL, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    double *val = malloc((size_t)(m->p.node_count + 1) * sizeof *val);
    int64_t *conn = malloc((size_t)(m->conn_len + 1) * sizeof *conn);
    if (!val || !conn)
        return EXS_ENOMEM;
    TRY(f, exs_get_var_all(f, EXS_NODAL, 0, 0, NSTEPS - 1, m->p.node_start,
                           m->p.node_count, EXS_F64, val));
    TRY(f, exs_get_elem_conn_all(f, m->p.elem_start, m->p.elem_count, EXS_I64, conn));
    *bad = 0;
    for (int64_t i = 0; i < m->p.node_count; i++)
        *bad += val[i] != result(m, i, NSTEPS - 1);
    for (int64_t i = 0; i < m->conn_len; i++)
        *bad += conn[i] != m->conn[i];
    free(val);
    free(conn);
    return fail(f, exs_close(f), "closing the check");
}

int main(int argc, char **argv)
{
    mesh m = {0};
    exs_file *in = NULL;
    int rank, rc;
    int64_t bad = 0, all_bad = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (argc != 3) {
        if (rank == 0)
            fprintf(stderr, "usage: mpiexec -n P %s MESH OUT\n", argv[0]);
        MPI_Finalize();
        return 2;
    }
    /* Every call below is collective and agrees on its outcome, so all
     * ranks take the same branch on failure. */
    rc = read_mesh(argv[1], &m, &in);
    if (rc == 0)
        rc = write_results(argv[2], in, &m);
    exs_close(in);
    if (rc == 0)
        rc = verify(argv[2], &m, &bad);
    MPI_Allreduce(&bad, &all_bad, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    printf("rank %d: nodes [%lld, %lld) elements [%lld, %lld) written and "
           "verified, %lld differences\n", rank, (long long)m.p.node_start,
           (long long)(m.p.node_start + m.p.node_count), (long long)m.p.elem_start,
           (long long)(m.p.elem_start + m.p.elem_count), (long long)bad);
    for (int a = 0; a < 3; a++)
        free(m.xyz[a]);
    free(m.conn);
    MPI_Finalize();
    return rc != 0 || all_bad != 0;
}
