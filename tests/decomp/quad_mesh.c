/* quad_mesh.c -- see quad_mesh.h. */
#include <stdlib.h>

#include "quad_mesh.h"

static int64_t node_of(const quad_mesh *m, int64_t i, int64_t j) { return j * (m->nx + 1) + i + 1; }

double quad_x(const quad_mesh *m, int64_t node0, int axis)
{
    if (node0 == m->nn - 1) /* the untouched node */
        return axis == 0 ? -5.0 : -7.0;
    int64_t i = node0 % (m->nx + 1), j = node0 / (m->nx + 1);
    return axis == 0 ? 0.5 * (double)i : 0.25 * (double)j;
}

double quad_temp(int64_t node0, int64_t step) { return 100.0 * step + 0.5 * node0; }
double quad_stress(int64_t elem0, int64_t step) { return -1.0 - step - 0.25 * elem0; }

/* Deterministic shuffle (an LCG): no rand() state shared with anyone. */
static void shuffle_range(int64_t *a, int64_t n, uint64_t *seed)
{
    for (int64_t i = n - 1; i > 0; i--) {
        *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t k = (int64_t)((*seed >> 33) % (uint64_t)(i + 1)), t = a[i];
        a[i] = a[k], a[k] = t;
    }
}

int quad_mesh_init(quad_mesh *m, int64_t nx, int64_t ny, int shuffle)
{
    *m = (quad_mesh){.nx = nx, .ny = ny, .nn = (nx + 1) * (ny + 1) + 1, .ne = nx * ny};
    m->conn = malloc((size_t)m->ne * 4 * sizeof *m->conn);
    m->cell = malloc((size_t)m->ne * sizeof *m->cell);
    if (!m->conn || !m->cell)
        return EXS_ENOMEM;
    int64_t g = 0;
    for (int b = 0; b < 2; b++) {
        int64_t first = g;
        for (int64_t j = 0; j < ny; j++)
            for (int64_t i = b ? nx / 2 : 0; i < (b ? nx : nx / 2); i++)
                m->cell[g++] = j * nx + i;
        m->nb[b] = g - first;
        uint64_t seed = 12345 + (uint64_t)b;
        if (shuffle)
            shuffle_range(m->cell + first, m->nb[b], &seed);
    }
    for (g = 0; g < m->ne; g++) {
        int64_t i = m->cell[g] % nx, j = m->cell[g] / nx, *c = m->conn + 4 * g;
        c[0] = node_of(m, i, j), c[1] = node_of(m, i + 1, j);
        c[2] = node_of(m, i + 1, j + 1), c[3] = node_of(m, i, j + 1);
    }
    return 0;
}

void quad_mesh_free(quad_mesh *m)
{
    free(m->conn);
    free(m->cell);
}

#define TRY(call)                                                             \
    do {                                                                      \
        if ((rc = (call)) != 0)                                               \
            goto out_close;                                                   \
    } while (0)

static int write_data(const quad_mesh *m, exs_file *f, double *v, int64_t *ids)
{
    int rc = 0;
    for (int a = 0; a < 2 && rc == 0; a++) {
        for (int64_t i = 0; i < m->nn; i++)
            v[i] = quad_x(m, i, a);
        rc = exs_put_coord(f, a, 0, m->nn, EXS_F64, v);
    }
    if (rc == 0)
        rc = exs_put_conn(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, m->nb[0], EXS_I64, m->conn);
    if (rc == 0)
        rc = exs_put_conn(f, EXS_ELEM_BLOCK, 20, EXS_CONN_NODES, 0, m->nb[1], EXS_I64,
                          m->conn + 4 * m->nb[0]);
    for (int64_t i = 0; i < m->nn; i++)
        ids[i] = quad_node_id(i);
    if (rc == 0)
        rc = exs_put_id_map(f, EXS_NODE_MAP, 0, m->nn, EXS_I64, ids);
    for (int64_t i = 0; i < m->ne; i++)
        ids[i] = quad_elem_id(i);
    if (rc == 0)
        rc = exs_put_id_map(f, EXS_ELEM_MAP, 0, m->ne, EXS_I64, ids);
    for (int64_t s = 0; s < 3 && rc == 0; s++) {
        rc = exs_put_time(f, s, 0.5 * s);
        for (int64_t i = 0; i < m->nn; i++)
            v[i] = quad_temp(i, s);
        if (rc == 0)
            rc = exs_put_var(f, EXS_NODAL, 0, 0, s, 0, m->nn, EXS_F64, v);
        for (int64_t i = 0; i < m->nb[1]; i++)
            v[i] = quad_stress(m->nb[0] + i, s);
        if (rc == 0)
            rc = exs_put_var(f, EXS_ELEM_BLOCK, 20, 0, s, 0, m->nb[1], EXS_F64, v);
    }
    return rc;
}

int quad_mesh_write(const quad_mesh *m, const char *path, exs_format fmt)
{
    exs_create_opts o;
    exs_file *f = NULL;
    exs_create_opts_init(&o);
    o.clobber = 1, o.format = fmt;
    int rc = exs_create(path, &o, &f);
    if (rc != 0)
        return rc;
    const char *nodal[] = {"temp"}, *elem[] = {"stress"};
    const int truth[] = {0, 1};
    exs_block_def b1 = {.id = 10, .type = "QUAD4", .num_entries = m->nb[0],
                        .nodes_per_entry = 4, .name = "left"};
    exs_block_def b2 = b1;
    b2.id = 20, b2.num_entries = m->nb[1], b2.name = "right";
    double *v = malloc((size_t)m->nn * sizeof *v);
    int64_t *ids = malloc((size_t)(m->nn > m->ne ? m->nn : m->ne) * sizeof *ids);
    TRY(v && ids ? 0 : EXS_ENOMEM);
    TRY(exs_def_mesh(f, "quad mesh", 2, m->nn));
    TRY(exs_def_block(f, EXS_ELEM_BLOCK, &b1));
    TRY(exs_def_block(f, EXS_ELEM_BLOCK, &b2));
    TRY(exs_def_vars(f, EXS_NODAL, 1, nodal));
    TRY(exs_def_vars(f, EXS_ELEM_BLOCK, 1, elem));
    TRY(exs_def_truth(f, EXS_ELEM_BLOCK, truth));
    rc = write_data(m, f, v, ids);
out_close:
    free(v);
    free(ids);
    int crc = exs_close(f);
    return rc ? rc : crc;
}
