/* test_model_x.c -- assemblies, blobs and their variables, reduction
 * variables and coordinate frames: written by exoslab in every format,
 * read back value by value (through exoslab and through netCDF-C with
 * SEACAS's names), exsi_copy_part_model's copy compared the same way, and
 * bad calls and malformed files answered with codes. */
#include <netcdf.h>

#include "exs_nc.h"
#include "exs_test.h"
#include "../../src/internal.h"

enum { NSTEPS = 2 };

static const char *const ebr[] = {"eb_sum", "eb_max"};
static const char *const nsr[] = {"ns_r"};
static const char *const asr[] = {"a1", "a2", "a3"};
static const char *const blr[] = {"br"};
static const char *const bvn[] = {"bv"};

/* The value every reduction / blob value is written with. */
static double val(int64_t step, int var, int64_t id, int64_t entry)
{
    return 1000.0 * (double)step + 10.0 * var + 0.5 * (double)id + 0.125 * entry;
}

static void define(exs_file *f)
{
    exs_block_def b = {.id = 10, .type = "QUAD4", .num_entries = 1,
                       .nodes_per_entry = 4, .name = "blk"};
    EXS_OK(f, exs_def_mesh(f, "model_x", 2, 4));
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    b.id = 11;
    b.num_entries = 0; /* a null block: no reduction values */
    b.type = "";
    b.nodes_per_entry = 0;
    b.name = NULL;
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_OK(f, exs_def_set(f, EXS_NODE_SET, 20, 2, 0, "ns"));
    EXS_OK(f, exs_def_assembly(f, 100, "Root", EXS_ASSEMBLY, 1));
    EXS_OK(f, exs_def_assembly(f, 200, "Blocks", EXS_ELEM_BLOCK, 2));
    EXS_OK(f, exs_def_blob(f, 5, "bex", 3));
    EXS_OK(f, exs_def_blob_vars(f, 1, bvn));
    EXS_OK(f, exs_def_red_vars(f, EXS_ELEM_BLOCK, 2, ebr));
    EXS_OK(f, exs_def_red_vars(f, EXS_NODE_SET, 1, nsr));
    EXS_OK(f, exs_def_red_vars(f, EXS_ASSEMBLY, 3, asr));
    EXS_OK(f, exs_def_red_vars(f, EXS_BLOB, 1, blr));
    EXS_OK(f, exs_def_red_vars(f, EXS_GLOBAL, 1, (const char *const[]){"g"}));
    EXS_OK(f, exs_def_frames(f, 2));
}

static void bad_definitions(exs_file *f)
{
    EXS_ASSERT_RC(exs_def_assembly(f, 100, "again", EXS_ELEM_BLOCK, 1), EXS_EDEFINED);
    EXS_ASSERT_RC(exs_def_assembly(f, 300, "k", EXS_NODAL, 1), EXS_EINVAL);
    EXS_ASSERT_RC(exs_def_assembly(f, 300, "k", EXS_ELEM_BLOCK, 0), EXS_EINVAL);
    EXS_ASSERT_RC(exs_def_assembly(f, -3, "k", EXS_ELEM_BLOCK, 1), EXS_EINVAL);
    EXS_ASSERT_RC(exs_def_blob(f, 5, "again", 1), EXS_EDEFINED);
    EXS_ASSERT_RC(exs_def_red_vars(f, EXS_NODAL, 1, nsr), EXS_EINVAL);
    EXS_ASSERT_RC(exs_def_red_vars(f, EXS_NODE_SET, 1, nsr), EXS_EDEFINED);
    EXS_ASSERT_RC(exs_def_frames(f, 3), EXS_EDEFINED);
}

static void write_data(exs_file *f)
{
    double x[4] = {0, 1, 1, 0}, y[4] = {0, 0, 1, 1}, v[3];
    int64_t conn[4] = {1, 2, 3, 4}, ns[2] = {1, 3}, m100[1] = {200},
            m200[2] = {10, 11}, fid[2] = {7, 9};
    double fc[18];
    for (int i = 0; i < 18; i++)
        fc[i] = 0.25 * i;
    EXS_OK(f, exs_put_coord(f, 0, 0, 4, EXS_F64, x));
    EXS_OK(f, exs_put_coord(f, 1, 0, 4, EXS_F64, y));
    EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, 1, EXS_I64, conn));
    EXS_OK(f, exs_put_set(f, EXS_NODE_SET, 20, 0, 2, EXS_I64, ns, NULL));
    EXS_OK(f, exs_put_assembly_members(f, 100, 0, 1, EXS_I64, m100));
    EXS_OK(f, exs_put_assembly_members(f, 200, 1, 1, EXS_I64, m200 + 1));
    EXS_OK(f, exs_put_assembly_members(f, 200, 0, 1, EXS_I64, m200));
    EXS_OK(f, exs_put_frames(f, 0, 2, fid, EXS_F64, fc, "RC"));
    EXS_ASSERT_RC(exs_put_frames(f, 0, 1, fid, EXS_F64, fc, "X"), EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_assembly_members(f, 200, 1, 2, EXS_I64, m200), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_assembly_members(f, 999, 0, 1, EXS_I64, m200), EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_put_assembly_members(f, 200, 0, 1, EXS_F64, x), EXS_ETYPE);
    EXS_ASSERT_RC(exs_def_blob(f, 6, "late", 1), EXS_EMODE);
    EXS_ASSERT_RC(exs_put_red_vars(f, EXS_ELEM_BLOCK, 10, 0, 0, 2, EXS_F64, x),
                  EXS_ERANGE); /* no step yet */
    for (int64_t s = 0; s < NSTEPS; s++) {
        EXS_OK(f, exs_put_time(f, s, 0.5 * (double)s));
        for (int j = 0; j < 3; j++)
            v[j] = val(s, j, 10, 0);
        EXS_OK(f, exs_put_red_vars(f, EXS_ELEM_BLOCK, 10, s, 0, 2, EXS_F64, v));
        EXS_ASSERT_RC(exs_put_red_vars(f, EXS_ELEM_BLOCK, 11, s, 0, 2, EXS_F64, v),
                      EXS_ENOTFOUND);
        v[0] = val(s, 0, 20, 0);
        EXS_OK(f, exs_put_red_vars(f, EXS_NODE_SET, 20, s, 0, 1, EXS_F64, v));
        for (int64_t a = 100; a <= 200; a += 100) {
            for (int j = 0; j < 3; j++)
                v[j] = val(s, j, a, 0);
            EXS_OK(f, exs_put_red_vars(f, EXS_ASSEMBLY, a, s, 1, 2, EXS_F64, v + 1));
            EXS_OK(f, exs_put_red_vars(f, EXS_ASSEMBLY, a, s, 0, 1, EXS_F64, v));
        }
        v[0] = val(s, 0, 5, 0);
        EXS_OK(f, exs_put_red_vars(f, EXS_BLOB, 5, s, 0, 1, EXS_F64, v));
        v[0] = val(s, 0, 0, 0);
        EXS_OK(f, exs_put_red_vars(f, EXS_GLOBAL, 0, s, 0, 1, EXS_F64, v));
        for (int e = 0; e < 3; e++)
            v[e] = val(s, 0, 5, e);
        EXS_OK(f, exs_put_blob_var(f, 5, 0, s, 0, 3, EXS_F64, v));
    }
    EXS_ASSERT_RC(exs_put_red_vars(f, EXS_ASSEMBLY, 100, 0, 2, 2, EXS_F64, v),
                  EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_blob_var(f, 5, 1, 0, 0, 3, EXS_F64, v), EXS_ERANGE);
}

static void check_names(exs_file *f, int kind, int n, const char *const *want)
{
    int got = -1;
    const char *name = NULL;
    EXS_OK(f, exs_num_red_vars(f, kind, &got));
    EXS_ASSERT_EQ(got, n);
    for (int i = 0; i < n && i < got; i++) {
        EXS_OK(f, exs_get_red_var_name(f, kind, i, &name));
        EXS_ASSERT_STREQ(name, want[i]);
    }
}

static void check_red(exs_file *f, int kind, int64_t id, int n, int64_t s)
{
    double v[3] = {-1, -1, -1};
    EXS_OK(f, exs_get_red_vars(f, kind, id, s, 0, n, EXS_F64, v));
    for (int j = 0; j < n; j++)
        EXS_ASSERT_NEAR(v[j], val(s, j, kind == EXS_GLOBAL ? 0 : id, 0), 1e-12);
}

static void check_assemblies(exs_file *f)
{
    exs_assembly_info a;
    int64_t n = 0, ids[2] = {0, 0}, m[2] = {0, 0};
    int32_t m32[2] = {0, 0};
    EXS_OK(f, exs_num_assemblies(f, &n));
    EXS_ASSERT_EQ(n, 2);
    EXS_OK(f, exs_get_assembly_ids(f, ids));
    EXS_ASSERT_EQ(ids[0], 100);
    EXS_ASSERT_EQ(ids[1], 200);
    EXS_OK(f, exs_get_assembly(f, 100, &a));
    EXS_ASSERT_EQ(a.member_kind, EXS_ASSEMBLY);
    EXS_ASSERT_EQ(a.stored_type, 16);
    EXS_ASSERT_EQ(a.num_members, 1);
    EXS_ASSERT_STREQ(a.name, "Root");
    EXS_ASSERT_STREQ(a.member_type, "assembly");
    EXS_OK(f, exs_get_assembly_members(f, 100, 0, 1, EXS_I64, m));
    EXS_ASSERT_EQ(m[0], 200);
    EXS_OK(f, exs_get_assembly(f, 200, &a));
    EXS_ASSERT_EQ(a.member_kind, EXS_ELEM_BLOCK);
    EXS_ASSERT_EQ(a.stored_type, 1);
    EXS_ASSERT_STREQ(a.member_type, "element block");
    EXS_ASSERT_EQ(a.index, 2);
    EXS_OK(f, exs_get_assembly_members(f, 200, 0, 2, EXS_I32, m32));
    EXS_ASSERT_EQ(m32[0], 10);
    EXS_ASSERT_EQ(m32[1], 11);
    EXS_ASSERT_RC(exs_get_assembly(f, 7, &a), EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_get_assembly_members(f, 7, 0, 1, EXS_I64, m), EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_get_assembly_members(f, 200, 1, 2, EXS_I64, m), EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_assembly_members(f, 200, 0, 1, EXS_F64, m), EXS_ETYPE);
}

static void check_blobs_frames(exs_file *f)
{
    exs_blob_info b;
    int64_t n = 0, fid[2] = {0, 0};
    int nv = 0;
    const char *name = NULL;
    double c[18], v[3];
    char tags[2] = {0, 0};
    EXS_OK(f, exs_num_blobs(f, &n));
    EXS_ASSERT_EQ(n, 1);
    EXS_OK(f, exs_get_blob(f, 5, &b));
    EXS_ASSERT_EQ(b.num_entries, 3);
    EXS_ASSERT_STREQ(b.name, "bex");
    EXS_OK(f, exs_num_blob_vars(f, &nv));
    EXS_ASSERT_EQ(nv, 1);
    EXS_OK(f, exs_get_blob_var_name(f, 0, &name));
    EXS_ASSERT_STREQ(name, "bv");
    for (int64_t s = 0; s < NSTEPS; s++) {
        EXS_OK(f, exs_get_blob_var(f, 5, 0, s, 0, 3, EXS_F64, v));
        for (int e = 0; e < 3; e++)
            EXS_ASSERT_NEAR(v[e], val(s, 0, 5, e), 1e-12);
    }
    EXS_OK(f, exs_num_frames(f, &n));
    EXS_ASSERT_EQ(n, 2);
    EXS_OK(f, exs_get_frames(f, 0, 2, fid, EXS_F64, c, tags));
    EXS_ASSERT_EQ(fid[0], 7);
    EXS_ASSERT_EQ(fid[1], 9);
    EXS_ASSERT_EQ(tags[0], 'R');
    EXS_ASSERT_EQ(tags[1], 'C');
    for (int i = 0; i < 18; i++)
        EXS_ASSERT_NEAR(c[i], 0.25 * i, 1e-12);
    EXS_ASSERT_RC(exs_get_frames(f, 1, 2, fid, EXS_F64, c, tags), EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_frames(f, 0, 1, NULL, EXS_I64, c, NULL), EXS_ETYPE);
}

static void check_file(exs_file *f)
{
    check_assemblies(f);
    check_blobs_frames(f);
    check_names(f, EXS_ELEM_BLOCK, 2, ebr);
    check_names(f, EXS_NODE_SET, 1, nsr);
    check_names(f, EXS_ASSEMBLY, 3, asr);
    check_names(f, EXS_BLOB, 1, blr);
    check_names(f, EXS_SIDE_SET, 0, NULL);
    for (int64_t s = 0; s < NSTEPS; s++) {
        check_red(f, EXS_ELEM_BLOCK, 10, 2, s);
        check_red(f, EXS_NODE_SET, 20, 1, s);
        check_red(f, EXS_ASSEMBLY, 100, 3, s);
        check_red(f, EXS_ASSEMBLY, 200, 3, s);
        check_red(f, EXS_BLOB, 5, 1, s);
        check_red(f, EXS_GLOBAL, 0, 1, s);
    }
    double v[3];
    int n = 0, tab[2] = {-1, -1};
    EXS_OK(f, exs_get_red_truth(f, EXS_ELEM_BLOCK, tab));
    EXS_ASSERT_EQ(tab[0], 1);
    EXS_ASSERT_EQ(tab[1], 0); /* a null block stores none */
    EXS_OK(f, exs_get_red_truth(f, EXS_ASSEMBLY, tab));
    EXS_ASSERT(tab[0] == 1 && tab[1] == 1);
    EXS_ASSERT_RC(exs_get_red_vars(f, EXS_ELEM_BLOCK, 11, 0, 0, 2, EXS_F64, v),
                  EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_get_red_vars(f, EXS_ASSEMBLY, 9, 0, 0, 1, EXS_F64, v),
                  EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_get_red_vars(f, EXS_ASSEMBLY, 100, NSTEPS, 0, 1, EXS_F64, v),
                  EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_red_vars(f, EXS_ASSEMBLY, 100, 0, 2, 2, EXS_F64, v),
                  EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_red_vars(f, EXS_ASSEMBLY, 100, 0, 0, 1, EXS_I64, v),
                  EXS_ETYPE);
    EXS_ASSERT_RC(exs_num_red_vars(f, EXS_NODAL, &n), EXS_EINVAL);
    EXS_ASSERT_RC(exs_num_red_vars(f, 99, &n), EXS_EINVAL);
}

/* The same file through netCDF-C with SEACAS's names. */
static void check_netcdf(const char *path)
{
    int ncid, varid, type = 0;
    char text[64] = {0};
    double *d = NULL;
    int64_t *iv = NULL;
    if (nc_open(path, NC_NOWRITE, &ncid) != NC_NOERR) {
        EXS_FAIL_("nc_open %s", path);
        return;
    }
    EXS_ASSERT_EQ(exs_nc_dim(ncid, "num_entity_assembly200"), 2);
    EXS_ASSERT_EQ(exs_nc_get_i64(ncid, "assembly_entity200", &iv), 2);
    EXS_ASSERT(iv && iv[0] == 10 && iv[1] == 11);
    free(iv);
    EXS_ASSERT_EQ(nc_inq_varid(ncid, "assembly_entity100", &varid), NC_NOERR);
    EXS_ASSERT_EQ(nc_get_att_int(ncid, varid, "_type", &type), NC_NOERR);
    EXS_ASSERT_EQ(type, 16);
    EXS_ASSERT_EQ(nc_get_att_text(ncid, varid, "_name", text), NC_NOERR);
    EXS_ASSERT_STREQ(text, "Root");
    EXS_ASSERT_EQ(exs_nc_dim(ncid, "num_assembly_red_var"), 3);
    EXS_ASSERT_EQ(exs_nc_get_row(ncid, "name_assembly_red_var", 2, text, sizeof text), 0);
    EXS_ASSERT_STREQ(text, "a3");
    EXS_ASSERT_EQ(exs_nc_get_f64(ncid, "vals_red_var_assembly200", &d), NSTEPS * 3);
    EXS_ASSERT(d && d[3 + 2] == val(1, 2, 200, 0));
    free(d);
    EXS_ASSERT_EQ(exs_nc_get_f64(ncid, "vals_red_var_eb1", &d), NSTEPS * 2);
    EXS_ASSERT(d && d[1] == val(0, 1, 10, 0));
    free(d);
    EXS_ASSERT(nc_inq_varid(ncid, "vals_red_var_eb2", &varid) != NC_NOERR);
    EXS_ASSERT_EQ(exs_nc_dim(ncid, "num_values_blob5"), 3);
    EXS_ASSERT_EQ(exs_nc_get_f64(ncid, "vals_blob_var1blob5", &d), NSTEPS * 3);
    EXS_ASSERT(d && d[3 + 2] == val(1, 0, 5, 2));
    free(d);
    EXS_ASSERT_EQ(exs_nc_dim(ncid, "num_cframes_9"), 18);
    EXS_ASSERT_EQ(exs_nc_get_i64(ncid, "frame_ids", &iv), 2);
    EXS_ASSERT(iv && iv[1] == 9);
    free(iv);
    nc_close(ncid);
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
    snprintf(name, sizeof name, "model_x_%s.exo", tag);
    exs_test_tmp_path(path, sizeof path, name);
    EXS_OK(f, exs_create(path, &o, &f));
    define(f);
    bad_definitions(f);
    write_data(f);
    EXS_OK(f, exs_close(f));
    EXS_OK(g, exs_open(path, EXS_READ, &g));
    if (g)
        check_file(g);
    check_netcdf(path);
    /* exs_copy's part: a mesh copied by hand, then the model of model_x.h */
    snprintf(name, sizeof name, "model_x_%s_copy.exo", tag);
    exs_test_tmp_path(copy, sizeof copy, name);
    EXS_OK(c, exs_create(copy, &o, &c));
    exs_block_def b = {.id = 10, .type = "QUAD4", .num_entries = 1, .nodes_per_entry = 4};
    EXS_OK(c, exs_def_mesh(c, "copy", 2, 4));
    EXS_OK(c, exs_def_block(c, EXS_ELEM_BLOCK, &b));
    b.id = 11;
    b.num_entries = 0;
    b.type = "";
    b.nodes_per_entry = 0;
    EXS_OK(c, exs_def_block(c, EXS_ELEM_BLOCK, &b));
    EXS_OK(c, exs_def_set(c, EXS_NODE_SET, 20, 2, 0, "ns"));
    EXS_OK(c, exs_def_vars(c, EXS_GLOBAL, 1, (const char *const[]){"g"}));
    EXS_OK(c, exsi_copy_part_model(g, c, 0));
    double x[4] = {0, 1, 1, 0};
    int64_t conn[4] = {1, 2, 3, 4}, ns[2] = {1, 3};
    EXS_OK(c, exs_put_coord(c, 0, 0, 4, EXS_F64, x));
    EXS_OK(c, exs_put_coord(c, 1, 0, 4, EXS_F64, x));
    EXS_OK(c, exs_put_conn(c, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, 1, EXS_I64, conn));
    EXS_OK(c, exs_put_set(c, EXS_NODE_SET, 20, 0, 2, EXS_I64, ns, NULL));
    for (int64_t s = 0; s < NSTEPS; s++) {
        double gv = val(s, 0, 0, 0);
        EXS_OK(c, exs_put_time(c, s, 0.5 * (double)s));
        EXS_OK(c, exs_put_var(c, EXS_GLOBAL, 0, 0, s, 0, 1, EXS_F64, &gv));
    }
    EXS_OK(c, exsi_copy_part_model(g, c, 1));
    EXS_OK(c, exs_close(c));
    exs_close(g);
    EXS_OK(g, exs_open(copy, EXS_READ, &g));
    if (g)
        check_file(g);
    check_netcdf(copy);
    exs_close(g);
}

/* ---- malformed files ---- */

static int add_assembly(const char *path, int64_t dimlen, int64_t varlen, int id_att)
{
    int ncid, d1, d2, v, rc = nc_open(path, NC_WRITE, &ncid);
    if (rc != NC_NOERR)
        return rc;
    nc_redef(ncid);
    nc_def_dim(ncid, "num_entity_assembly7", (size_t)dimlen, &d1);
    nc_def_dim(ncid, "other", (size_t)varlen, &d2);
    nc_def_var(ncid, "assembly_entity7", NC_INT, 1, dimlen == varlen ? &d1 : &d2, &v);
    nc_put_att_int(ncid, v, "_id", NC_INT, 1, &id_att);
    int type = 1;
    nc_put_att_int(ncid, v, "_type", NC_INT, 1, &type);
    return nc_close(ncid);
}

/* num_assembly_red_var = 3 but vals_red_var_assembly7(time_step, 2). */
static int add_short_red(const char *path)
{
    int ncid, dt, d3, d2, dl, v, tv, rc = nc_open(path, NC_WRITE, &ncid);
    if (rc != NC_NOERR)
        return rc;
    nc_redef(ncid);
    if (nc_inq_dimid(ncid, "time_step", &dt) != NC_NOERR)
        nc_def_dim(ncid, "time_step", NC_UNLIMITED, &dt);
    if (nc_inq_varid(ncid, "time_whole", &tv) != NC_NOERR)
        nc_def_var(ncid, "time_whole", NC_DOUBLE, 1, &dt, &tv);
    if (nc_inq_dimid(ncid, "len_name", &dl) != NC_NOERR)
        nc_def_dim(ncid, "len_name", 33, &dl);
    nc_def_dim(ncid, "num_assembly_red_var", 3, &d3);
    nc_def_dim(ncid, "two", 2, &d2);
    nc_def_var(ncid, "name_assembly_red_var", NC_CHAR, 2, (int[]){d3, dl}, &v);
    nc_def_var(ncid, "vals_red_var_assembly7", NC_DOUBLE, 2, (int[]){dt, d2}, &v);
    nc_enddef(ncid);
    double t = 0, vals[2] = {1, 2};
    nc_put_var1_double(ncid, tv, (size_t[]){0}, &t);
    nc_put_vara_double(ncid, v, (size_t[]){0, 0}, (size_t[]){1, 2}, vals);
    return nc_close(ncid);
}

/* Members m0, m1 and _type `type` into add_assembly's assembly 7. */
static int set_members(const char *path, int m0, int m1, int type)
{
    int ncid, v, rc = nc_open(path, NC_WRITE, &ncid);
    if (rc != NC_NOERR)
        return rc;
    nc_inq_varid(ncid, "assembly_entity7", &v);
    nc_put_var_int(ncid, v, (int[]){m0, m1});
    nc_redef(ncid);
    nc_put_att_int(ncid, v, "_type", NC_INT, 1, &type);
    return nc_close(ncid);
}

/* exs_check_references on assembly 7 with members m0, m1 of _type type. */
static void check_members_case(const char *path, int m0, int m1, int type, int want,
                               const char *word)
{
    exs_mini m = {0};
    exs_file *f = NULL;
    EXS_ASSERT_EQ(exs_nc_write_mini(path, &m), 0);
    EXS_ASSERT_EQ(add_assembly(path, 2, 2, 7), 0);
    EXS_ASSERT_EQ(set_members(path, m0, m1, type), 0);
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    EXS_ASSERT_RC(exs_check_references(f), want);
    if (word)
        EXS_ASSERT(strstr(exs_errmsg(f), word) != NULL);
    exs_close(f);
}

static void malformed(void)
{
    char path[512];
    exs_mini m = {0};
    exs_file *f = NULL;
    exs_test_tmp_path(path, sizeof path, "model_x_bad.exo");
    EXS_ASSERT_EQ(exs_nc_write_mini(path, &m), 0);
    EXS_ASSERT_EQ(add_assembly(path, 3, 2, 7), 0);
    EXS_ASSERT_RC(exs_open(path, EXS_READ, &f), EXS_EBADMODEL);
    EXS_ASSERT(f == NULL);
    EXS_ASSERT_EQ(exs_nc_write_mini(path, &m), 0);
    EXS_ASSERT_EQ(add_assembly(path, 2, 2, 8), 0); /* _id says 8 */
    EXS_ASSERT_RC(exs_open(path, EXS_READ, &f), EXS_EBADMODEL);
    EXS_ASSERT_EQ(exs_nc_write_mini(path, &m), 0);
    EXS_ASSERT_EQ(add_assembly(path, 2, 2, 7), 0); /* well formed */
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    exs_assembly_info a;
    int64_t mem[2];
    EXS_OK(f, exs_get_assembly(f, 7, &a));
    EXS_ASSERT_EQ(a.num_members, 2);
    EXS_ASSERT_STREQ(a.name, "");
    EXS_ASSERT_RC(exs_get_assembly(f, 8, &a), EXS_ENOTFOUND);
    EXS_ASSERT(strstr(exs_errmsg(f), "assembly") != NULL);
    EXS_OK(f, exs_get_assembly_members(f, 7, 0, 2, EXS_I64, mem));
    exs_close(f);
    /* a blob without its num_values_blob dimension */
    int ncid, d, v;
    EXS_ASSERT_EQ(exs_nc_write_mini(path, &m), 0);
    EXS_ASSERT_EQ(nc_open(path, NC_WRITE, &ncid), NC_NOERR);
    nc_redef(ncid);
    nc_def_dim(ncid, "blob_entity", 1, &d);
    nc_def_var(ncid, "blob_entity3", NC_INT, 1, &d, &v);
    nc_close(ncid);
    EXS_ASSERT_RC(exs_open(path, EXS_READ, &f), EXS_EBADMODEL);
    /* reduction values stored narrower than the variables they hold */
    EXS_ASSERT_EQ(exs_nc_write_mini(path, &m), 0);
    EXS_ASSERT_EQ(add_assembly(path, 2, 2, 7), 0);
    EXS_ASSERT_EQ(add_short_red(path), 0);
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    double rv[3];
    int nr = 0;
    EXS_OK(f, exs_num_red_vars(f, EXS_ASSEMBLY, &nr));
    EXS_ASSERT_EQ(nr, 3);
    EXS_ASSERT_RC(exs_get_red_vars(f, EXS_ASSEMBLY, 7, 0, 0, 3, EXS_F64, rv), EXS_EBADMODEL);
    EXS_ASSERT(strstr(exs_errmsg(f), "vals_red_var_assembly7") != NULL);
    exs_close(f);
    /* exs_check_references: members must exist with the member kind */
    check_members_case(path, 1, 1, 1, 0, NULL);
    check_members_case(path, 1, 5, 1, EXS_EBADMODEL, "element block 5");
    check_members_case(path, 1, 1, 2, EXS_EBADMODEL, "node set 1");   /* no node sets */
    check_members_case(path, 7, 7, 16, 0, NULL);                      /* itself */
    check_members_case(path, 1, 1, 99, EXS_EBADMODEL, "names no kind");
}

int main(void)
{
    roundtrip(EXS_FORMAT_DEFAULT, 0, "cdf2");
    roundtrip(EXS_FORMAT_CLASSIC, 0, "cdf1");
    roundtrip(EXS_FORMAT_CDF5, 1, "cdf5");
    roundtrip(EXS_FORMAT_NETCDF4, 0, "nc4");
    roundtrip(EXS_FORMAT_NETCDF4, 1, "nc4_64");
    malformed();
    return EXS_TEST_END();
}
