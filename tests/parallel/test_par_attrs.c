/* test_par_attrs.c -- set and node attributes and the order map at 1-4
 * ranks: written collectively (every rank its slabs) they read back
 * serially value by value; read collectively (every rank its slab, from
 * a parallel and from a serially written file) each rank's slab equals
 * the serial read of the same slab, byte for byte. CDF-2 and CDF-5
 * (PnetCDF), netCDF-4 plain and compressed (parallel HDF5). */
#include <mpi.h>

#include "../writer/attrs_io.h"
#include "exoslab_par.h"
#include "exs_test_mpi.h"

/* One attribute array (set s; NULL: the nodes) and the order map: this
 * rank's slab collectively from p, serially from s, equal. */
static void same_as_serial(exs_file *p, exs_file *ser, const am_set *s, int rank,
                           int size)
{
    exs_kind k = s ? am_kind(s->kind) : EXS_NODAL;
    int64_t id = s ? s->id : 0, n = s ? s->n : AM_NODES, st, ct;
    int na = s ? (int)s->nattr : AM_NODE_ATTR;
    double a[64] = {0}, b[64] = {1};
    am_share(n, rank, size, &st, &ct);
    EXS_OK(p, exs_get_attr_all(p, k, id, st, ct, EXS_F64, a));
    EXS_OK(ser, exs_get_attr(ser, k, id, st, ct, EXS_F64, b));
    EXS_ASSERT_EQ(memcmp(a, b, (size_t)(ct * na) * sizeof *a), 0);
}

static void read_both(const char *path, int rank, int size)
{
    exs_file *p = NULL, *ser = NULL;
    char msg[512];
    int rc = exs_open_par_err(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &p, msg,
                              sizeof msg);
    if (rc != 0)
        EXS_FAIL_("exs_open_par %s -> %s: %s", path, exs_errname(rc), msg);
    EXS_OK(ser, exs_open(path, EXS_READ, &ser));
    if (!p || !ser) {
        exs_close(p);
        exs_close(ser);
        return;
    }
    am_check(p, rank, size, 1, 1, 1);
    for (int i = 0; i < AM_NSETS; i++)
        if (am_sets[i].nattr > 0)
            same_as_serial(p, ser, &am_sets[i], rank, size);
    same_as_serial(p, ser, NULL, rank, size);
    int64_t st, ct, o1[AM_ELEMS] = {0}, o2[AM_ELEMS] = {1};
    am_share(AM_ELEMS, rank, size, &st, &ct);
    EXS_OK(p, exs_get_order_map_all(p, st, ct, EXS_I64, o1));
    EXS_OK(ser, exs_get_order_map(ser, st, ct, EXS_I64, o2));
    EXS_ASSERT_EQ(memcmp(o1, o2, (size_t)ct * sizeof *o1), 0);
    EXS_OK(ser, exs_close(ser));
    EXS_OK(p, exs_close(p));
}

static void one_format(exs_format fmt, int int64, int deflate, const char *tag)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char ppath[1024], spath[1024], name[128], msg[512];
    snprintf(name, sizeof name, "par_attrs_%s_np%d.exo", tag, size);
    exs_test_tmp_path(ppath, sizeof ppath, name);
    snprintf(name, sizeof name, "ser_attrs_%s_np%d.exo", tag, size);
    exs_test_tmp_path(spath, sizeof spath, name);
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.int64 = int64;
    o.deflate = deflate;
    o.clobber = 1;
    exs_file *f = NULL;
    int rc = exs_create_par_err(ppath, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f, msg,
                                sizeof msg);
    if (rc != 0)
        EXS_FAIL_("%s: exs_create_par -> %s: %s", tag, exs_errname(rc), msg);
    if (f) {
        am_write(f, rank, size, 1, 1);
        EXS_OK(f, exs_close(f));
    }
    if (rank == 0) {
        exs_file *s = NULL;
        EXS_OK(s, exs_create(spath, &o, &s));
        if (s) {
            am_write(s, 0, 1, 1, 1);
            EXS_OK(s, exs_close(s));
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    /* The collectively written file, serially, whole. */
    exs_file *r = NULL;
    EXS_OK(r, exs_open(ppath, EXS_READ, &r));
    if (r) {
        am_check(r, 0, 1, 0, 1, 1);
        exs_close(r);
    }
    read_both(ppath, rank, size);
    read_both(spath, rank, size);
    MPI_Barrier(MPI_COMM_WORLD);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    one_format(EXS_FORMAT_64BIT_OFFSET, 0, 0, "cdf2");
    one_format(EXS_FORMAT_CDF5, 1, 0, "cdf5");
    one_format(EXS_FORMAT_NETCDF4, 0, 0, "nc4");
    one_format(EXS_FORMAT_NETCDF4, 1, 4, "nc4z");
    return exs_test_mpi_end();
}
