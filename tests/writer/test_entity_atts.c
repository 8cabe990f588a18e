/* test_entity_atts.c -- entity attributes (SEACAS's ex_put_attribute) and
 * the field metadata / basis attributes stored the same way: written by
 * exoslab in every format on the file, blocks, a set, assemblies and a
 * blob; read back value by value through exoslab and through netCDF-C
 * with SEACAS's names; exs_copy carries them, and a block selection
 * drops the attributes of the dropped block and the assembly members
 * naming it; misuse answered with codes. */
#include <netcdf.h>
#include <string.h>
#include <unistd.h>

#include "exs_test.h"

static const int64_t units[4] = {1, 0, 0, -1};
static const double xi[4] = {-1, 1, 1, -1};
static const double offset[3] = {1.1, 2.2, 3.3};
static const int64_t cv[2] = {3, 7};
static const int64_t vtype[1] = {2};

static void define(exs_file *f)
{
    exs_block_def b = {.id = 10, .type = "QUAD4", .num_entries = 1,
                       .nodes_per_entry = 4, .name = "blk"};
    EXS_OK(f, exs_def_mesh(f, "atts", 2, 4));
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    b.id = 11;
    b.name = "other";
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    b.id = 12;
    b.num_entries = 0; /* null: no variable to hold attributes */
    b.type = "";
    b.nodes_per_entry = 0;
    b.name = NULL;
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_OK(f, exs_def_set(f, EXS_NODE_SET, 20, 2, 0, "ns"));
    EXS_OK(f, exs_def_assembly(f, 100, "Root", EXS_ELEM_BLOCK, 2));
    EXS_OK(f, exs_def_assembly(f, 200, "Other", EXS_ELEM_BLOCK, 1));
    EXS_OK(f, exs_def_blob(f, 5, "bex", 3));
}

static void put_atts(exs_file *f)
{
    EXS_OK(f, exs_put_entity_att(f, EXS_GLOBAL, 0, "Basis@lagrange@cardinality",
                                 EXS_ATT_INT, 1, (int64_t[]){4}));
    EXS_OK(f, exs_put_entity_att(f, EXS_GLOBAL, 0, "Basis@lagrange@xi", EXS_ATT_DOUBLE,
                                 4, xi));
    EXS_OK(f, exs_put_entity_att(f, EXS_GLOBAL, 0, "SOLID_MODEL", EXS_ATT_CHAR, 5,
                                 "cubit"));
    EXS_OK(f, exs_put_entity_att(f, EXS_ELEM_BLOCK, 10, "Units", EXS_ATT_INT, 4, units));
    EXS_OK(f, exs_put_entity_att(f, EXS_ELEM_BLOCK, 10, "Field@velocity@type",
                                 EXS_ATT_INT, 1, vtype));
    EXS_OK(f, exs_put_entity_att(f, EXS_ELEM_BLOCK, 10, "Field@velocity@type_name",
                                 EXS_ATT_CHAR, 9, "VECTOR_2D"));
    EXS_OK(f, exs_put_entity_att(f, EXS_ELEM_BLOCK, 11, "Scale", EXS_ATT_DOUBLE, 1,
                                 (double[]){0.0}));
    /* a second put replaces the first */
    EXS_OK(f, exs_put_entity_att(f, EXS_ELEM_BLOCK, 11, "Scale", EXS_ATT_DOUBLE, 1,
                                 (double[]){1.5}));
    EXS_OK(f, exs_put_entity_att(f, EXS_NODE_SET, 20, "Offset", EXS_ATT_DOUBLE, 3,
                                 offset));
    EXS_OK(f, exs_put_entity_att(f, EXS_ASSEMBLY, 100, "Dimension", EXS_ATT_CHAR, 6,
                                 "length"));
    EXS_OK(f, exs_put_entity_att(f, EXS_ASSEMBLY, 200, "Units", EXS_ATT_INT, 4, units));
    EXS_OK(f, exs_put_entity_att(f, EXS_BLOB, 5, "bex_dense_cv_info", EXS_ATT_INT, 2, cv));
}

static void bad_puts(exs_file *f)
{
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_ASSEMBLY, 100, "_id", EXS_ATT_INT, 1, cv),
                  EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_ELEM_BLOCK, 10, "elem_type", EXS_ATT_CHAR,
                                     1, "x"), EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_GLOBAL, 0, "title", EXS_ATT_CHAR, 1, "x"),
                  EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_ELEM_BLOCK, 99, "U", EXS_ATT_INT, 1, cv),
                  EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_ELEM_BLOCK, 12, "U", EXS_ATT_INT, 1, cv),
                  EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_NODAL, 0, "U", EXS_ATT_INT, 1, cv),
                  EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_BLOB, 5, "U", 9, 1, cv), EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_BLOB, 5, "U", EXS_ATT_INT, 1, NULL),
                  EXS_EINVAL);
}

static void write_data(exs_file *f)
{
    double x[4] = {0, 1, 1, 0}, y[4] = {0, 0, 1, 1};
    int64_t conn[4] = {1, 2, 3, 4}, ns[2] = {1, 3}, m100[2] = {10, 11}, m200[1] = {11};
    EXS_OK(f, exs_put_coord(f, 0, 0, 4, EXS_F64, x));
    EXS_OK(f, exs_put_coord(f, 1, 0, 4, EXS_F64, y));
    EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, 1, EXS_I64, conn));
    EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 11, EXS_CONN_NODES, 0, 1, EXS_I64, conn));
    EXS_OK(f, exs_put_set(f, EXS_NODE_SET, 20, 0, 2, EXS_I64, ns, NULL));
    EXS_OK(f, exs_put_assembly_members(f, 100, 0, 2, EXS_I64, m100));
    EXS_OK(f, exs_put_assembly_members(f, 200, 0, 1, EXS_I64, m200));
    EXS_ASSERT_RC(exs_put_entity_att(f, EXS_BLOB, 5, "late", EXS_ATT_INT, 1, cv),
                  EXS_EMODE);
}

/* The i-th attribute of (owner, id) is `name` of `type` and `len`. */
static void check_info(exs_file *f, int owner, int64_t id, int i, const char *name,
                       int type, int64_t len)
{
    char got[257];
    int t = 0;
    int64_t n = -1;
    EXS_OK(f, exs_get_entity_att_info(f, owner, id, i, got, sizeof got, &t, &n));
    EXS_ASSERT_STREQ(got, name);
    EXS_ASSERT_EQ(t, type);
    EXS_ASSERT_EQ(n, len);
}

static void check_ints(exs_file *f, int owner, int64_t id, const char *name,
                       const int64_t *want, int n)
{
    int64_t got[8] = {0};
    EXS_OK(f, exs_get_entity_att(f, owner, id, name, EXS_ATT_INT, 8, got));
    for (int i = 0; i < n; i++)
        EXS_ASSERT_EQ(got[i], want[i]);
}

static void check_doubles(exs_file *f, int owner, int64_t id, const char *name,
                          const double *want, int n)
{
    double got[8] = {0};
    EXS_OK(f, exs_get_entity_att(f, owner, id, name, EXS_ATT_DOUBLE, 8, got));
    for (int i = 0; i < n; i++)
        EXS_ASSERT_EQ(got[i], want[i]);
}

static void check_text(exs_file *f, int owner, int64_t id, const char *name,
                       const char *want)
{
    char got[64] = "";
    EXS_OK(f, exs_get_entity_att(f, owner, id, name, EXS_ATT_CHAR, sizeof got, got));
    EXS_ASSERT_STREQ(got, want);
}

static int count(exs_file *f, int owner, int64_t id)
{
    int n = -1;
    EXS_OK(f, exs_num_entity_atts(f, owner, id, &n));
    return n;
}

/* What every copy keeps: the file's, block 10's, the set's, the blob's. */
static void check_kept(exs_file *f)
{
    EXS_ASSERT_EQ(count(f, EXS_GLOBAL, 0), 3);
    check_info(f, EXS_GLOBAL, 0, 0, "Basis@lagrange@cardinality", EXS_ATT_INT, 1);
    check_info(f, EXS_GLOBAL, 0, 1, "Basis@lagrange@xi", EXS_ATT_DOUBLE, 4);
    check_info(f, EXS_GLOBAL, 0, 2, "SOLID_MODEL", EXS_ATT_CHAR, 5);
    check_ints(f, EXS_GLOBAL, 0, "Basis@lagrange@cardinality", (int64_t[]){4}, 1);
    check_doubles(f, EXS_GLOBAL, 0, "Basis@lagrange@xi", xi, 4);
    check_text(f, EXS_GLOBAL, 0, "SOLID_MODEL", "cubit");
    EXS_ASSERT_EQ(count(f, EXS_ELEM_BLOCK, 10), 3);
    check_info(f, EXS_ELEM_BLOCK, 10, 0, "Units", EXS_ATT_INT, 4);
    check_info(f, EXS_ELEM_BLOCK, 10, 2, "Field@velocity@type_name", EXS_ATT_CHAR, 9);
    check_ints(f, EXS_ELEM_BLOCK, 10, "Units", units, 4);
    check_ints(f, EXS_ELEM_BLOCK, 10, "Field@velocity@type", vtype, 1);
    check_text(f, EXS_ELEM_BLOCK, 10, "Field@velocity@type_name", "VECTOR_2D");
    EXS_ASSERT_EQ(count(f, EXS_NODE_SET, 20), 1);
    check_doubles(f, EXS_NODE_SET, 20, "Offset", offset, 3);
    EXS_ASSERT_EQ(count(f, EXS_BLOB, 5), 1);
    check_ints(f, EXS_BLOB, 5, "bex_dense_cv_info", cv, 2);
    EXS_ASSERT_EQ(count(f, EXS_ASSEMBLY, 100), 1);
    check_text(f, EXS_ASSEMBLY, 100, "Dimension", "length");
}

static void check_all(exs_file *f)
{
    char small[3];
    int64_t i1[1];
    check_kept(f);
    EXS_ASSERT_EQ(count(f, EXS_ELEM_BLOCK, 11), 1);
    check_doubles(f, EXS_ELEM_BLOCK, 11, "Scale", (double[]){1.5}, 1);
    EXS_ASSERT_EQ(count(f, EXS_ELEM_BLOCK, 12), 0);
    EXS_ASSERT_EQ(count(f, EXS_ASSEMBLY, 200), 1);
    check_ints(f, EXS_ASSEMBLY, 200, "Units", units, 4);
    /* text asked as numbers, too small buffers, unknown names and owners */
    EXS_ASSERT_RC(exs_get_entity_att(f, EXS_ASSEMBLY, 100, "Dimension", EXS_ATT_INT, 8,
                                     (int64_t[8]){0}), EXS_ETYPE);
    EXS_ASSERT_RC(exs_get_entity_att(f, EXS_ASSEMBLY, 100, "Dimension", EXS_ATT_CHAR,
                                     sizeof small, small), EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_entity_att(f, EXS_ELEM_BLOCK, 10, "Units", EXS_ATT_INT, 1, i1),
                  EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_entity_att(f, EXS_ELEM_BLOCK, 10, "nope", EXS_ATT_INT, 1, i1),
                  EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_get_entity_att(f, EXS_ELEM_BLOCK, 10, "elem_type", EXS_ATT_CHAR,
                                     sizeof small, small), EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_get_entity_att_info(f, EXS_ELEM_BLOCK, 10, 3, small, sizeof small,
                                          (int[1]){0}, i1), EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_num_entity_atts(f, EXS_ASSEMBLY, 999, (int[1]){0}), EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_num_entity_atts(f, EXS_NODE_MAP, 1, (int[1]){0}), EXS_EINVAL);
}

/* The same through netCDF-C, with SEACAS's variable names. */
static void check_netcdf(const char *path)
{
    int nc, v;
    int iv[4] = {0};
    double dv[4] = {0};
    char text[16] = "";
    if (nc_open(path, NC_NOWRITE, &nc) != NC_NOERR) {
        EXS_ASSERT(!"nc_open");
        return;
    }
    EXS_ASSERT_EQ(nc_inq_varid(nc, "connect1", &v), NC_NOERR);
    EXS_ASSERT_EQ(nc_get_att_int(nc, v, "Units", iv), NC_NOERR);
    EXS_ASSERT_EQ(iv[3], -1);
    EXS_ASSERT_EQ(nc_get_att_text(nc, v, "Field@velocity@type_name", text), NC_NOERR);
    EXS_ASSERT(memcmp(text, "VECTOR_2D", 9) == 0);
    EXS_ASSERT_EQ(nc_inq_varid(nc, "connect2", &v), NC_NOERR);
    EXS_ASSERT_EQ(nc_get_att_double(nc, v, "Scale", dv), NC_NOERR);
    EXS_ASSERT_EQ(dv[0], 1.5);
    EXS_ASSERT_EQ(nc_inq_varid(nc, "node_ns1", &v), NC_NOERR);
    EXS_ASSERT_EQ(nc_get_att_double(nc, v, "Offset", dv), NC_NOERR);
    EXS_ASSERT_EQ(dv[2], 3.3);
    EXS_ASSERT_EQ(nc_inq_varid(nc, "assembly_entity100", &v), NC_NOERR);
    memset(text, 0, sizeof text);
    EXS_ASSERT_EQ(nc_get_att_text(nc, v, "Dimension", text), NC_NOERR);
    EXS_ASSERT_STREQ(text, "length");
    EXS_ASSERT_EQ(nc_inq_varid(nc, "blob_entity5", &v), NC_NOERR);
    EXS_ASSERT_EQ(nc_get_att_int(nc, v, "bex_dense_cv_info", iv), NC_NOERR);
    EXS_ASSERT_EQ(iv[1], 7);
    EXS_ASSERT_EQ(nc_get_att_double(nc, NC_GLOBAL, "Basis@lagrange@xi", dv), NC_NOERR);
    EXS_ASSERT_EQ(dv[1], 1.0);
    nc_type xt;
    EXS_ASSERT_EQ(nc_inq_atttype(nc, NC_GLOBAL, "Basis@lagrange@cardinality", &xt),
                  NC_NOERR);
    EXS_ASSERT_EQ(xt, NC_INT);
    nc_close(nc);
}

/* exs_copy keeping block 10 only: block 11's attributes and assembly 200
 * (whose one member was block 11) are gone, assembly 100 keeps member 10. */
static void check_selected_copy(exs_file *g, const char *dst, exs_format fmt)
{
    exs_copy_opts o;
    exs_file *c = NULL;
    int64_t keep[1] = {10}, n = -1, m[2] = {0, 0};
    exs_copy_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    o.block_ids = keep;
    o.num_block_ids = 1;
    EXS_OK(g, exs_copy(g, dst, &o));
    EXS_OK(c, exs_open(dst, EXS_READ, &c));
    if (!c)
        return;
    check_kept(c);
    EXS_ASSERT_RC(exs_num_entity_atts(c, EXS_ELEM_BLOCK, 11, (int[1]){0}), EXS_ENOTFOUND);
    EXS_OK(c, exs_num_assemblies(c, &n));
    EXS_ASSERT_EQ(n, 1);
    EXS_OK(c, exs_get_assembly_members(c, 100, 0, 1, EXS_I64, m));
    EXS_ASSERT_EQ(m[0], 10);
    exs_assembly_info a;
    EXS_OK(c, exs_get_assembly(c, 100, &a));
    EXS_ASSERT_EQ(a.num_members, 1);
    EXS_OK(c, exs_close(c));
}

static void roundtrip(exs_format fmt, int int64, const char *tag)
{
    char path[512], copy[512], name[64];
    exs_create_opts o;
    exs_file *f = NULL, *g = NULL, *c = NULL;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.int64 = int64;
    o.clobber = 1;
    snprintf(name, sizeof name, "entity_atts_%s.exo", tag);
    exs_test_tmp_path(path, sizeof path, name);
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    define(f);
    put_atts(f);
    bad_puts(f);
    write_data(f);
    EXS_OK(f, exs_close(f));
    EXS_OK(g, exs_open(path, EXS_READ, &g));
    if (!g)
        return;
    check_all(g);
    check_netcdf(path);
    snprintf(name, sizeof name, "entity_atts_%s_copy.exo", tag);
    exs_test_tmp_path(copy, sizeof copy, name);
    exs_copy_opts co;
    exs_copy_opts_init(&co);
    co.clobber = 1; /* a rerun finds the last run's copy */
    EXS_OK(g, exs_copy(g, copy, &co));
    EXS_OK(c, exs_open(copy, EXS_READ, &c));
    if (c)
        check_all(c);
    EXS_OK(c, exs_close(c));
    check_netcdf(copy);
    snprintf(name, sizeof name, "entity_atts_%s_sel.exo", tag);
    exs_test_tmp_path(copy, sizeof copy, name);
    check_selected_copy(g, copy, EXS_FORMAT_NETCDF4);
    check_selected_copy(g, copy, fmt);
    EXS_OK(g, exs_close(g));
}

/* A value needing 64 bits: NC_INT64 where the format has it, else a
 * clear EXS_EOVERFLOW when the header is written. */
static void wide(exs_format fmt, int want)
{
    char path[512];
    exs_create_opts o;
    exs_file *f = NULL;
    int64_t big[1] = {3000000000LL}, got[1] = {0};
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    exs_test_tmp_path(path, sizeof path, "entity_atts_wide.exo");
    EXS_OK(f, exs_create(path, &o, &f));
    EXS_OK(f, exs_def_mesh(f, "wide", 2, 1));
    EXS_OK(f, exs_put_entity_att(f, EXS_GLOBAL, 0, "big", EXS_ATT_INT, 1, big));
    EXS_ASSERT_RC(exs_end_define(f), want);
    exs_close(f);
    if (want != 0)
        return;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    EXS_OK(f, exs_get_entity_att(f, EXS_GLOBAL, 0, "big", EXS_ATT_INT, 1, got));
    EXS_ASSERT_EQ(got[0], big[0]);
    EXS_OK(f, exs_close(f));
}

/* A double asked as an integer converts when it fits and is refused
 * (EXS_EOVERFLOW), never wrapped or clamped, when it does not. */
static void converted(exs_format fmt)
{
    char path[512];
    exs_create_opts o;
    exs_file *f = NULL;
    double v[2] = {7.0, 1e300}, d[2] = {0, 0};
    int64_t i[2] = {0, 0};
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    exs_test_tmp_path(path, sizeof path, "entity_atts_convert.exo");
    EXS_OK(f, exs_create(path, &o, &f));
    EXS_OK(f, exs_def_mesh(f, "convert", 2, 1));
    EXS_OK(f, exs_put_entity_att(f, EXS_GLOBAL, 0, "fits", EXS_ATT_DOUBLE, 1, v));
    EXS_OK(f, exs_put_entity_att(f, EXS_GLOBAL, 0, "huge", EXS_ATT_DOUBLE, 2, v));
    EXS_OK(f, exs_end_define(f));
    EXS_OK(f, exs_close(f));
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    EXS_OK(f, exs_get_entity_att(f, EXS_GLOBAL, 0, "fits", EXS_ATT_INT, 1, i));
    EXS_ASSERT_EQ(i[0], 7);
    EXS_ASSERT_RC(exs_get_entity_att(f, EXS_GLOBAL, 0, "huge", EXS_ATT_INT, 2, i),
                  EXS_EOVERFLOW);
    EXS_OK(f, exs_get_entity_att(f, EXS_GLOBAL, 0, "huge", EXS_ATT_DOUBLE, 2, d));
    EXS_ASSERT(d[0] == 7.0 && d[1] == 1e300);
    EXS_OK(f, exs_close(f));
    unlink(path);
}

int main(void)
{
    roundtrip(EXS_FORMAT_DEFAULT, 0, "cdf2");
    roundtrip(EXS_FORMAT_CLASSIC, 0, "cdf1");
    roundtrip(EXS_FORMAT_CDF5, 1, "cdf5");
    roundtrip(EXS_FORMAT_NETCDF4, 0, "nc4");
    roundtrip(EXS_FORMAT_NETCDF4_CLASSIC, 0, "nc4c");
    wide(EXS_FORMAT_CDF5, 0);
    wide(EXS_FORMAT_NETCDF4, 0);
    wide(EXS_FORMAT_DEFAULT, EXS_EOVERFLOW);
    converted(EXS_FORMAT_DEFAULT);
    converted(EXS_FORMAT_NETCDF4);
    return EXS_TEST_END();
}
