/* check_exodusii -- a standalone program linking only libexoIIv2c and the
 * serial libnetcdf (never exoslab) that opens a file exoslab wrote and
 * checks it value by value against interop_model.h. argv[1]: the file. */
#include <exodusII.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "interop_model.h"

static int fails, checks;

#define CK(call)                                                                \
    do {                                                                        \
        int rc_ = (call);                                                       \
        checks++;                                                               \
        if (rc_ < 0) {                                                          \
            fprintf(stderr, "%s:%d: %s -> %d\n", __FILE__, __LINE__, #call, rc_); \
            fails++;                                                            \
        }                                                                       \
    } while (0)
#define EQ(a, b)                                                                \
    do {                                                                        \
        long long a_ = (long long)(a), b_ = (long long)(b);                     \
        checks++;                                                               \
        if (a_ != b_) {                                                         \
            fprintf(stderr, "%s:%d: %s == %s: %lld != %lld\n", __FILE__, __LINE__, \
                    #a, #b, a_, b_);                                            \
            fails++;                                                            \
        }                                                                       \
    } while (0)
#define NEAR(a, b)                                                              \
    do {                                                                        \
        double a_ = (a), b_ = (b);                                              \
        checks++;                                                               \
        if (fabs(a_ - b_) > 1e-12 * (1 + fabs(b_))) {                           \
            fprintf(stderr, "%s:%d: %s ~= %s: %.17g != %.17g\n", __FILE__,      \
                    __LINE__, #a, #b, a_, b_);                                  \
            fails++;                                                            \
        }                                                                       \
    } while (0)

static void check_mesh(int exo)
{
    ex_init_params p;
    CK(ex_get_init_ext(exo, &p));
    EQ(strcmp(p.title, "exoslab interop mesh"), 0);
    EQ(p.num_dim, 3);
    EQ(p.num_nodes, IM_NODES);
    EQ(p.num_elem, IM_ELEMS);
    EQ(p.num_elem_blk, 2);
    EQ(p.num_node_sets, 1);
    EQ(p.num_side_sets, 1);
    double x[IM_NODES], y[IM_NODES], z[IM_NODES];
    CK(ex_get_coord(exo, x, y, z));
    for (int n = 0; n < IM_NODES; n++) {
        NEAR(x[n], im_x(n));
        NEAR(y[n], im_y(n));
        NEAR(z[n], im_z(n));
    }
    int64_t ids[2], conn[IM_ELEMS * 8], nel, npe, ned, nfa, nat;
    char type[MAX_STR_LENGTH + 1];
    CK(ex_get_ids(exo, EX_ELEM_BLOCK, ids));
    EQ(ids[0], 1);
    EQ(ids[1], 2);
    int64_t off = 0;
    for (int b = 0; b < 2; b++) {
        CK(ex_get_block(exo, EX_ELEM_BLOCK, ids[b], type, &nel, &npe, &ned, &nfa, &nat));
        EQ(strcmp(type, "HEX8"), 0);
        EQ(nel, b == 0 ? IM_BLK1 : IM_ELEMS - IM_BLK1);
        EQ(npe, 8);
        CK(ex_get_conn(exo, EX_ELEM_BLOCK, ids[b], conn, NULL, NULL));
        for (int64_t e = 0; e < nel; e++)
            for (int c = 0; c < 8; c++)
                EQ(conn[e * 8 + c], im_conn(off + e, c));
        off += nel;
    }
    int64_t map[IM_NODES];
    CK(ex_get_id_map(exo, EX_NODE_MAP, map));
    for (int n = 0; n < IM_NODES; n++)
        EQ(map[n], im_node_id(n));
    CK(ex_get_id_map(exo, EX_ELEM_MAP, map));
    for (int e = 0; e < IM_ELEMS; e++)
        EQ(map[e], im_elem_id(e));
}

static void check_sets(int exo)
{
    int64_t n, ndf, list[IM_NS_LEN], extra[IM_NS_LEN];
    double df[4 * IM_SS_LEN];
    CK(ex_get_set_param(exo, EX_NODE_SET, 10, &n, &ndf));
    EQ(n, IM_NS_LEN);
    EQ(ndf, IM_NS_LEN);
    CK(ex_get_set(exo, EX_NODE_SET, 10, list, NULL));
    CK(ex_get_set_dist_fact(exo, EX_NODE_SET, 10, df));
    for (int m = 0; m < IM_NS_LEN; m++) {
        EQ(list[m], im_ns_node(m));
        NEAR(df[m], im_ns_df(m));
    }
    CK(ex_get_set_param(exo, EX_SIDE_SET, 20, &n, &ndf));
    EQ(n, IM_SS_LEN);
    EQ(ndf, 4 * IM_SS_LEN);
    CK(ex_get_set(exo, EX_SIDE_SET, 20, list, extra));
    CK(ex_get_set_dist_fact(exo, EX_SIDE_SET, 20, df));
    for (int m = 0; m < IM_SS_LEN; m++) {
        EQ(list[m], im_ss_elem(m));
        EQ(extra[m], 4);
    }
    for (int m = 0; m < 4 * IM_SS_LEN; m++)
        NEAR(df[m], im_ss_df(m));
}

static void check_vars(int exo)
{
    int nv = 0;
    char name[MAX_STR_LENGTH + 1];
    int64_t nt = ex_inquire_int(exo, EX_INQ_TIME);
    EQ(nt, IM_STEPS);
    CK(ex_get_variable_param(exo, EX_NODAL, &nv));
    EQ(nv, 1);
    CK(ex_get_variable_name(exo, EX_NODAL, 1, name));
    EQ(strcmp(name, "temp"), 0);
    CK(ex_get_variable_param(exo, EX_ELEM_BLOCK, &nv));
    EQ(nv, 1);
    CK(ex_get_variable_name(exo, EX_ELEM_BLOCK, 1, name));
    EQ(strcmp(name, "stress"), 0);
    for (int s = 0; s < IM_STEPS; s++) {
        double t, v[IM_NODES];
        CK(ex_get_time(exo, s + 1, &t));
        NEAR(t, im_time(s));
        CK(ex_get_glob_vars(exo, s + 1, 1, v));
        NEAR(v[0], im_glob(s));
        CK(ex_get_var(exo, s + 1, EX_NODAL, 1, 1, IM_NODES, v));
        for (int n = 0; n < IM_NODES; n++)
            NEAR(v[n], im_temp(s, n));
        CK(ex_get_var(exo, s + 1, EX_ELEM_BLOCK, 1, 2, IM_ELEMS - IM_BLK1, v));
        for (int e = 0; e < IM_ELEMS - IM_BLK1; e++)
            NEAR(v[e], im_stress(s, IM_BLK1 + e));
    }
}

int main(int argc, char **argv)
{
    int cpu = 8, io = 0;
    float version = 0;
    if (argc < 2)
        return 2;
    ex_opts(EX_VERBOSE);
    int exo = ex_open(argv[1], EX_READ, &cpu, &io, &version);
    if (exo < 0) {
        fprintf(stderr, "libexodusII cannot open %s\n", argv[1]);
        return 1;
    }
    ex_set_int64_status(exo, EX_ALL_INT64_API);
    check_mesh(exo);
    check_sets(exo);
    check_vars(exo);
    ex_close(exo);
    printf("%s: libexodusII %.2f read it: %d checks, %d failed\n", argv[1], version,
           checks, fails);
    return fails ? 1 : 0;
}
