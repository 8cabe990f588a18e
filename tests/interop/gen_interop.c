/* gen_interop -- write the interop mesh (interop_model.h) with exoslab in
 * three containers: CDF-2 (interop_cdf2.exo), netCDF-4 with deflate
 * (interop_nc4.exo) and netCDF-4 with 64-bit integers (interop_nc4_i64.exo),
 * into the directory given as argv[1].
 *
 * Compiled a second time with INTEROP_PAR (MPI build): the files are then
 * written by all ranks of MPI_COMM_WORLD into one file each, every rank
 * writing its own contiguous share of every array with the collective
 * calls, so that the peers check what a parallel write produces. */
#include <stdio.h>
#include <unistd.h>

#include "exoslab.h"
#include "interop_model.h"
#ifdef INTEROP_PAR
#include <mpi.h>

#include "exoslab_par.h"
#define PUT(fn) fn##_all
#else
#define PUT(fn) fn
#endif

/* This process's share [*s, *s + *c) of n entries. */
static int rank_ = 0, nranks_ = 1;
static void share(int64_t n, int64_t *s, int64_t *c)
{
    int64_t q = n / nranks_, r = n % nranks_;
    *s = rank_ * q + (rank_ < r ? rank_ : r);
    *c = q + (rank_ < r ? 1 : 0);
}

#define CHECK(call)                                                            \
    do {                                                                       \
        int rc_ = (call);                                                      \
        if (rc_ != 0) {                                                        \
            fprintf(stderr, "%s -> %s: %s\n", #call, exs_errname(rc_),          \
                    exs_errmsg(f));                                            \
            return 1;                                                          \
        }                                                                      \
    } while (0)

static int define(exs_file *f)
{
    CHECK(exs_def_mesh(f, "exoslab interop mesh", 3, IM_NODES));
    exs_block_def b1 = {1, "HEX8", IM_BLK1, 8, 0, 0, 0, "lower"};
    exs_block_def b2 = {2, "HEX8", IM_ELEMS - IM_BLK1, 8, 0, 0, 0, "upper"};
    CHECK(exs_def_block(f, EXS_ELEM_BLOCK, &b1));
    CHECK(exs_def_block(f, EXS_ELEM_BLOCK, &b2));
    CHECK(exs_def_set(f, EXS_NODE_SET, 10, IM_NS_LEN, IM_NS_LEN, "xmin_nodes"));
    CHECK(exs_def_set(f, EXS_SIDE_SET, 20, IM_SS_LEN, 4 * IM_SS_LEN, "xmin_sides"));
    CHECK(exs_def_vars(f, EXS_GLOBAL, 1, (const char *[]){"energy"}));
    CHECK(exs_def_vars(f, EXS_NODAL, 1, (const char *[]){"temp"}));
    CHECK(exs_def_vars(f, EXS_ELEM_BLOCK, 1, (const char *[]){"stress"}));
    CHECK(exs_put_coord_names(f, (const char *[]){"x", "y", "z"}));
    const char *const qa[1][4] = {{"exoslab", "0.1", "01/01/26", "00:00:00"}};
    CHECK(exs_put_qa(f, 1, qa));
    return 0;
}

static int mesh(exs_file *f)
{
    double c[IM_NODES];
    long long id[IM_NODES > IM_ELEMS ? IM_NODES : IM_ELEMS];
    int64_t s, n;
    share(IM_NODES, &s, &n);
    for (int a = 0; a < 3; a++) {
        for (int i = 0; i < IM_NODES; i++)
            c[i] = a == 0 ? im_x(i) : a == 1 ? im_y(i) : im_z(i);
        CHECK(PUT(exs_put_coord)(f, a, s, n, EXS_F64, c + s));
    }
    int64_t conn[IM_ELEMS * 8];
    for (int e = 0; e < IM_ELEMS; e++)
        for (int k = 0; k < 8; k++)
            conn[e * 8 + k] = im_conn(e, k);
    share(IM_BLK1, &s, &n);
    CHECK(PUT(exs_put_conn)(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, s, n, EXS_I64,
                            conn + 8 * s));
    share(IM_ELEMS - IM_BLK1, &s, &n);
    CHECK(PUT(exs_put_conn)(f, EXS_ELEM_BLOCK, 2, EXS_CONN_NODES, s, n, EXS_I64,
                            conn + 8 * (IM_BLK1 + s)));
    int64_t ns[IM_NS_LEN], ss[IM_SS_LEN], side[IM_SS_LEN];
    double df[4 * IM_SS_LEN];
    for (int m = 0; m < IM_NS_LEN; m++)
        ns[m] = im_ns_node(m), df[m] = im_ns_df(m);
    share(IM_NS_LEN, &s, &n);
    CHECK(PUT(exs_put_set)(f, EXS_NODE_SET, 10, s, n, EXS_I64, ns + s, NULL));
    CHECK(PUT(exs_put_df)(f, EXS_NODE_SET, 10, s, n, EXS_F64, df + s));
    for (int m = 0; m < IM_SS_LEN; m++)
        ss[m] = im_ss_elem(m), side[m] = 4;
    for (int m = 0; m < 4 * IM_SS_LEN; m++)
        df[m] = im_ss_df(m);
    share(IM_SS_LEN, &s, &n);
    CHECK(PUT(exs_put_set)(f, EXS_SIDE_SET, 20, s, n, EXS_I64, ss + s, side + s));
    share(4 * IM_SS_LEN, &s, &n);
    CHECK(PUT(exs_put_df)(f, EXS_SIDE_SET, 20, s, n, EXS_F64, df + s));
    for (int i = 0; i < IM_NODES; i++)
        id[i] = im_node_id(i);
    share(IM_NODES, &s, &n);
    CHECK(PUT(exs_put_id_map)(f, EXS_NODE_MAP, s, n, EXS_I64, id + s));
    for (int e = 0; e < IM_ELEMS; e++)
        id[e] = im_elem_id(e);
    share(IM_ELEMS, &s, &n);
    CHECK(PUT(exs_put_id_map)(f, EXS_ELEM_MAP, s, n, EXS_I64, id + s));
    return 0;
}

static int results(exs_file *f)
{
    double v[IM_NODES];
    int64_t s, n;
    for (int step = 0; step < IM_STEPS; step++) {
        CHECK(PUT(exs_put_time)(f, step, im_time(step)));
        v[0] = im_glob(step);
        CHECK(PUT(exs_put_var)(f, EXS_GLOBAL, 0, 0, step, 0, rank_ == 0, EXS_F64, v));
        for (int i = 0; i < IM_NODES; i++)
            v[i] = im_temp(step, i);
        share(IM_NODES, &s, &n);
        CHECK(PUT(exs_put_var)(f, EXS_NODAL, 0, 0, step, s, n, EXS_F64, v + s));
        for (int e = 0; e < IM_ELEMS; e++)
            v[e] = im_stress(step, e);
        share(IM_BLK1, &s, &n);
        CHECK(PUT(exs_put_var)(f, EXS_ELEM_BLOCK, 1, 0, step, s, n, EXS_F64, v + s));
        share(IM_ELEMS - IM_BLK1, &s, &n);
        CHECK(PUT(exs_put_var)(f, EXS_ELEM_BLOCK, 2, 0, step, s, n, EXS_F64,
                               v + IM_BLK1 + s));
    }
    return 0;
}

static int write_one(const char *dir, const char *name, exs_format fmt, int int64,
                     int deflate)
{
    char path[1024];
    exs_create_opts o;
    exs_file *f = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    exs_create_opts_init(&o);
    o.format = fmt;
    o.int64 = int64;
    o.deflate = deflate;
    o.shuffle = deflate > 0;
    o.clobber = 1;
#ifdef INTEROP_PAR
    CHECK(exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
#else
    CHECK(exs_create(path, &o, &f));
#endif
    if (define(f) || mesh(f) || results(f)) {
        exs_close(f);
        return 1;
    }
    CHECK(exs_close(f));
    if (rank_ == 0)
        printf("wrote %s from %d process(es)\n", path, nranks_);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
#ifdef INTEROP_PAR
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks_);
#endif
    int bad = write_one(dir, "interop_cdf2.exo", EXS_FORMAT_DEFAULT, 0, 0) ||
              write_one(dir, "interop_nc4.exo", EXS_FORMAT_NETCDF4, 0, 4) ||
              write_one(dir, "interop_nc4_i64.exo", EXS_FORMAT_NETCDF4, 1, 0);
#ifdef INTEROP_PAR
    MPI_Finalize();
#endif
    return bad;
}
