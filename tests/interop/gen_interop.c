/* gen_interop -- write the interop mesh (interop_model.h) with exoslab in
 * three containers: CDF-2 (interop_cdf2.exo), netCDF-4 with deflate
 * (interop_nc4.exo) and netCDF-4 with 64-bit integers (interop_nc4_i64.exo),
 * into the directory given as argv[1]. */
#include <stdio.h>
#include <unistd.h>

#include "exoslab.h"
#include "interop_model.h"

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
    for (int a = 0; a < 3; a++) {
        for (int n = 0; n < IM_NODES; n++)
            c[n] = a == 0 ? im_x(n) : a == 1 ? im_y(n) : im_z(n);
        CHECK(exs_put_coord(f, a, 0, IM_NODES, EXS_F64, c));
    }
    int64_t conn[IM_ELEMS * 8];
    for (int e = 0; e < IM_ELEMS; e++)
        for (int k = 0; k < 8; k++)
            conn[e * 8 + k] = im_conn(e, k);
    CHECK(exs_put_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 0, IM_BLK1, EXS_I64, conn));
    CHECK(exs_put_conn(f, EXS_ELEM_BLOCK, 2, EXS_CONN_NODES, 0, IM_ELEMS - IM_BLK1,
                       EXS_I64, conn + 8 * IM_BLK1));
    int64_t ns[IM_NS_LEN], ss[IM_SS_LEN], side[IM_SS_LEN];
    double df[4 * IM_SS_LEN];
    for (int m = 0; m < IM_NS_LEN; m++)
        ns[m] = im_ns_node(m), df[m] = im_ns_df(m);
    CHECK(exs_put_set(f, EXS_NODE_SET, 10, 0, IM_NS_LEN, EXS_I64, ns, NULL));
    CHECK(exs_put_df(f, EXS_NODE_SET, 10, 0, IM_NS_LEN, EXS_F64, df));
    for (int m = 0; m < IM_SS_LEN; m++)
        ss[m] = im_ss_elem(m), side[m] = 4;
    for (int m = 0; m < 4 * IM_SS_LEN; m++)
        df[m] = im_ss_df(m);
    CHECK(exs_put_set(f, EXS_SIDE_SET, 20, 0, IM_SS_LEN, EXS_I64, ss, side));
    CHECK(exs_put_df(f, EXS_SIDE_SET, 20, 0, 4 * IM_SS_LEN, EXS_F64, df));
    for (int n = 0; n < IM_NODES; n++)
        id[n] = im_node_id(n);
    CHECK(exs_put_id_map(f, EXS_NODE_MAP, 0, IM_NODES, EXS_I64, id));
    for (int e = 0; e < IM_ELEMS; e++)
        id[e] = im_elem_id(e);
    CHECK(exs_put_id_map(f, EXS_ELEM_MAP, 0, IM_ELEMS, EXS_I64, id));
    return 0;
}

static int results(exs_file *f)
{
    double v[IM_NODES];
    for (int s = 0; s < IM_STEPS; s++) {
        CHECK(exs_put_time(f, s, im_time(s)));
        v[0] = im_glob(s);
        CHECK(exs_put_var(f, EXS_GLOBAL, 0, 0, s, 0, 1, EXS_F64, v));
        for (int n = 0; n < IM_NODES; n++)
            v[n] = im_temp(s, n);
        CHECK(exs_put_var(f, EXS_NODAL, 0, 0, s, 0, IM_NODES, EXS_F64, v));
        for (int e = 0; e < IM_ELEMS; e++)
            v[e] = im_stress(s, e);
        CHECK(exs_put_var(f, EXS_ELEM_BLOCK, 1, 0, s, 0, IM_BLK1, EXS_F64, v));
        CHECK(exs_put_var(f, EXS_ELEM_BLOCK, 2, 0, s, 0, IM_ELEMS - IM_BLK1, EXS_F64,
                          v + IM_BLK1));
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
    CHECK(exs_create(path, &o, &f));
    if (define(f) || mesh(f) || results(f)) {
        exs_close(f);
        return 1;
    }
    CHECK(exs_close(f));
    printf("wrote %s\n", path);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    return write_one(dir, "interop_cdf2.exo", EXS_FORMAT_DEFAULT, 0, 0) ||
           write_one(dir, "interop_nc4.exo", EXS_FORMAT_NETCDF4, 0, 4) ||
           write_one(dir, "interop_nc4_i64.exo", EXS_FORMAT_NETCDF4, 1, 0);
}
