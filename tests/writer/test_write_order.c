/* test_write_order.c -- a serial classic file grows in order while it is
 * written (docs/performance.md, "Serial classic writes"): netCDF-C reads
 * back every block it writes into that the file already reaches, so the
 * header fill must not write past the bulk arrays before they are
 * written, and an id map put after exs_end_define must not make netCDF-C
 * move the arrays already in the file.
 *
 * read(2) is counted by interposing it (the executable's definition wins
 * for netCDF-C too; CMake builds this test with exported symbols): the
 * bytes read between exs_end_define and exs_close stay a small part of
 * the bulk bytes written. Then the file is read back value by value. */
#define _GNU_SOURCE 1
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exoslab.h"
#include "exs_test.h"

static long long read_bytes;

ssize_t read(int fd, void *buf, size_t n)
{
    ssize_t r = (ssize_t)syscall(SYS_read, fd, buf, n);
    if (r > 0)
        read_bytes += r;
    return r;
}

enum { SIDE = 64, NODES = SIDE * SIDE * SIDE, ELEMS = NODES / 2 };

static void define(exs_file *f)
{
    static const char *const axes[3] = {"x", "y", "z"};
    static const char *const vars[2] = {"temp", "pressure"};
    static const char *const qa[1][4] = {{"test_write_order", "1", "today", "now"}};
    exs_block_def d = {.id = 1, .type = "HEX8", .num_entries = ELEMS,
                       .nodes_per_entry = 8, .name = "hexes"};
    EXS_OK(f, exs_def_mesh(f, "write order", 3, NODES));
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &d));
    EXS_OK(f, exs_def_vars(f, EXS_NODAL, 2, vars));
    EXS_OK(f, exs_put_coord_names(f, axes));
    EXS_OK(f, exs_put_qa(f, 1, qa));
    EXS_OK(f, exs_end_define(f));
}

static void write_bulk(exs_file *f, double *x, int32_t *conn, int32_t *ids)
{
    for (int a = 0; a < 3; a++)
        EXS_OK(f, exs_put_coord(f, a, 0, NODES, EXS_F64, x));
    EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 0, ELEMS, EXS_I32,
                           conn));
    EXS_OK(f, exs_put_id_map(f, EXS_NODE_MAP, 0, NODES, EXS_I32, ids)); /* defined now */
}

static void check(const char *path, const double *x, const int32_t *conn,
                  const int32_t *ids, double *xr, int32_t *ir)
{
    exs_file *f = NULL;
    const char *name = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    EXS_OK(f, exs_get_coord(f, 2, 0, NODES, EXS_F64, xr));
    int bad = 0;
    for (int i = 0; i < NODES; i++)
        bad += xr[i] != x[i];
    EXS_ASSERT_EQ(bad, 0);
    EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 0, ELEMS, EXS_I32, ir));
    for (int i = 0; i < ELEMS * 8; i++)
        bad += ir[i] != conn[i];
    EXS_ASSERT_EQ(bad, 0);
    EXS_OK(f, exs_get_id_map(f, EXS_NODE_MAP, 0, NODES, EXS_I32, ir));
    for (int i = 0; i < NODES; i++)
        bad += ir[i] != ids[i];
    EXS_ASSERT_EQ(bad, 0);
    EXS_OK(f, exs_get_var_name(f, EXS_NODAL, 1, &name));
    EXS_ASSERT_STREQ(name, "pressure");
    EXS_OK(f, exs_close(f));
}

int main(void)
{
    static const exs_format fmts[2] = {EXS_FORMAT_CDF5, EXS_FORMAT_64BIT_OFFSET};
    double *x = malloc(NODES * sizeof *x), *xr = malloc(NODES * sizeof *xr);
    int32_t *conn = malloc((size_t)ELEMS * 8 * sizeof *conn);
    int32_t *ids = malloc(NODES * sizeof *ids), *ir = malloc((size_t)ELEMS * 8 * sizeof *ir);
    EXS_ASSERT(x && xr && conn && ids && ir);
    for (int i = 0; i < NODES; i++)
        x[i] = 0.5 * i, ids[i] = 10 * i + 7;
    for (int i = 0; i < ELEMS * 8; i++)
        conn[i] = (int32_t)(i % NODES) + 1;
    long long bulk = 3LL * NODES * 8 + (long long)ELEMS * 8 * 4 + NODES * 4LL;
    for (int k = 0; k < 2; k++) {
        char path[4096];
        exs_create_opts o;
        exs_file *f = NULL;
        exs_test_tmp_path(path, sizeof path, k ? "order2.exo" : "order5.exo");
        exs_create_opts_init(&o);
        o.format = fmts[k];
        o.clobber = 1;
        EXS_OK(f, exs_create(path, &o, &f));
        define(f);
        read_bytes = 0;
        write_bulk(f, x, conn, ids);
        /* The header block, read back at the map's redef; not the bulk
         * region (before: the whole of it, and twice more for the move).
         * (exs_close reads the file back itself: not counted.) */
        EXS_ASSERT(read_bytes < bulk / 4);
        EXS_OK(f, exs_close(f));
        check(path, x, conn, ids, xr, ir);
    }
    free(x), free(xr), free(conn), free(ids), free(ir);
    return exs_test_end();
}
