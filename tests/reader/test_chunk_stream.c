/*
 * test_chunk_stream.c -- exs_chunk_len follows the chunking of the arrays
 * a stream actually reads. In the netCDF-4 layout libexodus writes (no
 * chunking of its own) the fixed-size arrays are contiguous and each
 * result variable is chunked one time step at a time: the slab must be
 * that step's chunk (issue 13: it was the 1 MiB default of the contiguous
 * coordinates, so every step was read in partial chunks through a chunk
 * cache per variable), and walking the variables in those slabs gives
 * every value back.
 */
#include <netcdf.h>

#include <stdio.h>
#include <stdlib.h>

#include "exs_nc.h"
#include "exs_test.h"

enum { NN = 1000, NE = 300, NSTEPS = 2 };

static double nod_value(int64_t step, int64_t i) { return 1000.0 * (double)step + (double)i; }
static double elem_value(int64_t step, int64_t i) { return -1000.0 * (double)step - (double)i; }

static int def_results(int nc, int *vn, int *ve, int *vt)
{
    int dt, dnn, dne, dnv, dev, dl, id, rc = 0;
    rc |= nc_redef(nc);
    rc |= nc_inq_dimid(nc, "num_nodes", &dnn);
    rc |= nc_inq_dimid(nc, "num_el_in_blk1", &dne);
    rc |= nc_inq_dimid(nc, "time_step", &dt); /* the mini file has them */
    rc |= nc_inq_dimid(nc, "len_name", &dl);
    rc |= nc_def_dim(nc, "num_nod_var", 1, &dnv);
    rc |= nc_def_dim(nc, "num_elem_var", 1, &dev);
    rc |= nc_def_var(nc, "time_whole", NC_DOUBLE, 1, &dt, vt);
    int dn2[2] = {dnv, dl}, de2[2] = {dev, dl}, dsn[2] = {dt, dnn}, dse[2] = {dt, dne};
    rc |= nc_def_var(nc, "name_nod_var", NC_CHAR, 2, dn2, &id);
    rc |= nc_def_var(nc, "name_elem_var", NC_CHAR, 2, de2, &id);
    rc |= nc_def_var(nc, "vals_nod_var1", NC_DOUBLE, 2, dsn, vn);
    rc |= nc_def_var(nc, "vals_elem_var1eb1", NC_DOUBLE, 2, dse, ve);
    size_t cn[2] = {1, NN}, ce[2] = {1, NE}; /* what netCDF's defaults give */
    rc |= nc_def_var_chunking(nc, *vn, NC_CHUNKED, cn);
    rc |= nc_def_var_chunking(nc, *ve, NC_CHUNKED, ce);
    rc |= nc_enddef(nc);
    return rc;
}

/* The mini mesh (contiguous coordinates and connectivity), then one nodal
 * and one element variable over NSTEPS steps, one step per chunk. */
static int write_file(const char *path)
{
    exs_mini m = {.cmode = NC_NETCDF4, .num_nodes = NN, .blk_entries = NE};
    int nc, vn, ve, vt, rc = exs_nc_write_mini(path, &m);
    if (rc != NC_NOERR || (rc = nc_open(path, NC_WRITE, &nc)) != NC_NOERR)
        return rc;
    rc = def_results(nc, &vn, &ve, &vt);
    size_t one = 1, st[2] = {0, 0}, ct[2] = {1, 4};
    int idn = -1, ide = -1;
    rc |= nc_inq_varid(nc, "name_nod_var", &idn) | nc_inq_varid(nc, "name_elem_var", &ide);
    if (rc == NC_NOERR)
        rc |= nc_put_vara_text(nc, idn, st, ct, "temp") |
              nc_put_vara_text(nc, ide, st, ct, "heat");
    double v[NN];
    for (size_t s = 0; rc == NC_NOERR && s < NSTEPS; s++) {
        double t = (double)s;
        rc |= nc_put_vara_double(nc, vt, &s, &one, &t);
        for (int i = 0; i < NN; i++)
            v[i] = nod_value((int64_t)s, i);
        rc |= nc_put_vara_double(nc, vn, (size_t[]){s, 0}, (size_t[]){1, NN}, v);
        for (int i = 0; i < NE; i++)
            v[i] = elem_value((int64_t)s, i);
        rc |= nc_put_vara_double(nc, ve, (size_t[]){s, 0}, (size_t[]){1, NE}, v);
    }
    int crc = nc_close(nc);
    return rc != NC_NOERR ? rc : crc;
}

/* Walk one variable of one step in slabs of len: every value back. */
static void walk(exs_file *f, exs_kind kind, int64_t id, int64_t n, int64_t len,
                 int64_t step)
{
    exs_slab_iter it;
    int64_t s, c, bad = 0;
    double *buf = malloc((size_t)len * sizeof *buf);
    EXS_OK(f, exs_iter_init(&it, 0, n, len));
    while (buf && exs_iter_next(&it, &s, &c)) {
        EXS_OK(f, exs_get_var(f, kind, id, 0, step, s, c, EXS_F64, buf));
        for (int64_t i = 0; i < c; i++)
            bad += buf[i] != (kind == EXS_NODAL ? nod_value(step, s + i)
                                                : elem_value(step, s + i));
    }
    EXS_ASSERT_EQ(bad, 0);
    free(buf);
}

int main(void)
{
    char path[1024];
    exs_test_tmp_path(path, sizeof path, "chunk_stream.exo");
    int rc = write_file(path);
    EXS_ASSERT_EQ(rc, NC_NOERR);
    exs_file *f = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return EXS_TEST_END();
    int64_t lnode = 0, lelem = 0;
    EXS_OK(f, exs_chunk_len(f, EXS_NODAL, 0, 0, &lnode));
    EXS_OK(f, exs_chunk_len(f, EXS_ELEM_BLOCK, 1, 0, &lelem));
    EXS_ASSERT_EQ(lnode, NN); /* the per-step chunk, not 1 MiB of coordx */
    EXS_ASSERT_EQ(lelem, NE);
    for (int64_t s = 0; s < NSTEPS; s++) {
        walk(f, EXS_NODAL, 0, NN, lnode, s);
        walk(f, EXS_ELEM_BLOCK, 1, NE, lelem, s);
        walk(f, EXS_NODAL, 0, NN, 96, s); /* partial chunks, uncompressed */
    }
    exs_close(f);
    remove(path);
    return EXS_TEST_END();
}
