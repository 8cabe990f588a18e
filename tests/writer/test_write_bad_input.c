/* test_write_bad_input -- every misuse of the writer gives its own code,
 * and the file stays valid: what was written before the error reads back.
 * A no-clobber create over an existing file fails and leaves its bytes. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "exs_test.h"

/* FNV-1a of a file's bytes (0 if unreadable). */
static uint64_t checksum(const char *path, long *size)
{
    FILE *fp = fopen(path, "rb");
    uint64_t h = 1469598103934665603ULL;
    int c;
    *size = 0;
    if (!fp)
        return 0;
    while ((c = fgetc(fp)) != EOF) {
        h = (h ^ (uint64_t)c) * 1099511628211ULL;
        (*size)++;
    }
    fclose(fp);
    return h;
}

static void write_bad(const char *path)
{
    exs_file *f = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.name_len = 8;
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    EXS_OK(f, exs_def_mesh(f, "bad input", 2, 4));
    EXS_ASSERT_RC(exs_def_mesh(f, "again", 2, 4), EXS_EDEFINED);
    exs_block_def b = {7, "QUAD4", 1, 4, 0, 0, 0, "blk"};
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_ASSERT_RC(exs_def_block(f, EXS_ELEM_BLOCK, &b), EXS_EDEFINED);
    b.id = 8;
    b.name = "a_name_too_long";
    EXS_ASSERT_RC(exs_def_block(f, EXS_ELEM_BLOCK, &b), EXS_ENAMELEN);
    EXS_ASSERT_RC(exs_def_set(f, EXS_NODE_SET, 1, 3, 2, NULL), EXS_EINVAL);
    EXS_OK(f, exs_def_set(f, EXS_NODE_SET, 1, 2, 2, "ns"));
    EXS_ASSERT_RC(exs_def_set(f, EXS_NODE_SET, 1, 2, 0, NULL), EXS_EDEFINED);
    EXS_OK(f, exs_def_vars(f, EXS_NODAL, 1, (const char *[]){"u"}));
    EXS_ASSERT_RC(exs_def_vars(f, EXS_NODAL, 1, (const char *[]){"v"}), EXS_EDEFINED);
    EXS_ASSERT_RC(exs_def_vars(f, EXS_GLOBAL, 1, (const char *[]){"much_too_long"}),
                  EXS_ENAMELEN);
    EXS_ASSERT_RC(exs_def_prop(f, EXS_ELEM_BLOCK, "ID"), EXS_EDEFINED);
    EXS_ASSERT_RC(exs_put_name(f, EXS_ELEM_BLOCK, 7, "way_too_long"), EXS_ENAMELEN);
    EXS_ASSERT_RC(exs_put_name(f, EXS_ELEM_BLOCK, 99, "x"), EXS_ENOTFOUND);

    const double x[4] = {0, 1, 1, 0}, y[4] = {0, 0, 1, 1};
    EXS_OK(f, exs_put_coord(f, 0, 0, 4, EXS_F64, x));
    EXS_OK(f, exs_put_coord(f, 1, 0, 4, EXS_F64, y));
    EXS_ASSERT_RC(exs_put_coord(f, 1, 2, 3, EXS_F64, y), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_coord(f, 2, 0, 1, EXS_F64, y), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_coord(f, 0, 0, 4, EXS_I32, y), EXS_ETYPE);
    /* definitions after the header */
    EXS_ASSERT_RC(exs_def_set(f, EXS_NODE_SET, 2, 1, 0, NULL), EXS_EMODE);
    EXS_ASSERT_RC(exs_put_qa(f, 0, NULL), EXS_EMODE);
    const int64_t conn[4] = {1, 2, 3, 4};
    EXS_ASSERT_RC(exs_put_conn(f, EXS_ELEM_BLOCK, 99, EXS_CONN_NODES, 0, 1, EXS_I64, conn),
                  EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_put_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 2, EXS_I64, conn),
                  EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 1, EXS_F64, conn),
                  EXS_ETYPE);
    EXS_ASSERT_RC(exs_put_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_EDGES, 0, 1, EXS_I64, conn),
                  EXS_ENOTFOUND);
    EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 1, EXS_I64, conn));
    EXS_ASSERT_RC(exs_put_set(f, EXS_NODE_SET, 1, -1, 1, EXS_I64, conn, NULL), EXS_ERANGE);
    EXS_OK(f, exs_put_set(f, EXS_NODE_SET, 1, 0, 2, EXS_I64, conn, NULL));
    EXS_ASSERT_RC(exs_put_set(f, EXS_NODE_SET, 1, 0, 1, EXS_I64, conn, conn), EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_df(f, EXS_NODE_SET, 1, 0, 3, EXS_F64, x), EXS_ERANGE);
    EXS_OK(f, exs_put_df(f, EXS_NODE_SET, 1, 0, 2, EXS_F64, x));
    /* results */
    EXS_ASSERT_RC(exs_put_var(f, EXS_NODAL, 0, 0, 0, 0, 4, EXS_F64, x), EXS_ERANGE);
    EXS_OK(f, exs_put_time(f, 0, 1.5));
    EXS_ASSERT_RC(exs_put_time(f, 2, 2.5), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_var(f, EXS_NODAL, 0, 1, 0, 0, 4, EXS_F64, x), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_var(f, EXS_NODAL, 0, -1, 0, 0, 4, EXS_F64, x), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_var(f, EXS_NODAL, 0, 0, 0, 1, 4, EXS_F64, x), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_var(f, EXS_ELEM_BLOCK, 7, 0, 0, 0, 1, EXS_F64, x), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_var(f, EXS_NODAL, 0, 0, 0, 0, 4, EXS_I64, conn), EXS_ETYPE);
    EXS_OK(f, exs_put_var(f, EXS_NODAL, 0, 0, 0, 0, 4, EXS_F64, x));
    EXS_ASSERT_RC(exs_put_name(f, EXS_NODE_SET, 1, "too_long_now"), EXS_ENAMELEN);
    EXS_OK(f, exs_close(f));
}

static void check_after(const char *path)
{
    exs_file *f = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    double b[4];
    int64_t c[4], n;
    EXS_OK(f, exs_get_coord(f, 1, 0, 4, EXS_F64, b));
    EXS_ASSERT_NEAR(b[2], 1.0, 0);
    EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 1, EXS_I64, c));
    EXS_ASSERT_EQ(c[3], 4);
    EXS_OK(f, exs_num_entities(f, EXS_ELEM_BLOCK, &n));
    EXS_ASSERT_EQ(n, 1);
    EXS_OK(f, exs_get_set(f, EXS_NODE_SET, 1, 0, 2, EXS_I64, c, NULL));
    EXS_ASSERT_EQ(c[1], 2);
    EXS_OK(f, exs_get_var(f, EXS_NODAL, 0, 0, 0, 0, 4, EXS_F64, b));
    EXS_ASSERT_NEAR(b[1], 1.0, 0);
    exs_entity_info in;
    EXS_OK(f, exs_get_entity(f, EXS_NODE_SET, 1, &in));
    EXS_ASSERT_STREQ(in.name, "ns");
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_TIMES, &n));
    EXS_ASSERT_EQ(n, 1);
    EXS_OK(f, exs_inquire(f, EXS_INQ_NAME_LEN, &n));
    EXS_ASSERT_EQ(n, 8);
    /* read-only handles refuse every write */
    EXS_ASSERT_RC(exs_put_time(f, 1, 1.0), EXS_EMODE);
    EXS_ASSERT_RC(exs_put_name(f, EXS_NODE_SET, 1, "x"), EXS_EMODE);
    EXS_ASSERT_RC(exs_def_mesh(f, "x", 1, 1), EXS_EMODE);
    EXS_OK(f, exs_close(f));
}

static void no_clobber(const char *path)
{
    long size0, size1;
    uint64_t h0 = checksum(path, &size0);
    exs_file *f = NULL;
    EXS_ASSERT(size0 > 0);
    EXS_ASSERT_RC(exs_create(path, NULL, &f), EXS_EEXIST);
    EXS_ASSERT(f == NULL);
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = EXS_FORMAT_NETCDF4;
    EXS_ASSERT_RC(exs_create(path, &o, &f), EXS_EEXIST);
    uint64_t h1 = checksum(path, &size1);
    EXS_ASSERT_EQ(size1, size0);
    EXS_ASSERT(h1 == h0);
    o.clobber = 1; /* asked for: replaced */
    EXS_OK(f, exs_create(path, &o, &f));
    EXS_OK(f, exs_def_mesh(f, "replaced", 1, 2));
    EXS_OK(f, exs_close(f));
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    const char *t = NULL;
    if (f)
        EXS_OK(f, exs_get_title(f, &t));
    EXS_ASSERT_STREQ(t, "replaced");
    exs_close(f);
}

/* num_dim 0: a results-only file (no coordinates), as the reader sees one;
 * the dimension stays within 0..3 and coordinates are refused. */
static void no_mesh(const char *path)
{
    exs_file *f = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    EXS_ASSERT_RC(exs_def_mesh(f, "t", -1, 5), EXS_EINVAL);
    EXS_ASSERT_RC(exs_def_mesh(f, "t", 4, 5), EXS_EINVAL);
    EXS_OK(f, exs_def_mesh(f, "results only", 0, 5));
    EXS_ASSERT_RC(exs_put_coord_names(f, (const char *[]){"x", "y", "z"}), EXS_EINVAL);
    EXS_OK(f, exs_def_vars(f, EXS_NODAL, 1, (const char *[]){"u"}));
    const double u[5] = {1, 2, 3, 4, 5}, x[1] = {0};
    EXS_ASSERT_RC(exs_put_coord(f, 0, 0, 1, EXS_F64, x), EXS_ERANGE);
    EXS_OK(f, exs_put_time(f, 0, 0.5));
    EXS_OK(f, exs_put_var(f, EXS_NODAL, 0, 0, 0, 0, 5, EXS_F64, u));
    EXS_OK(f, exs_close(f));
    f = NULL;
    int64_t v[4] = {-1, -1, -1, -1};
    double back[5] = {0};
    const char *title = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    exs_inquire(f, EXS_INQ_HAS_MESH, &v[0]);
    exs_inquire(f, EXS_INQ_NUM_DIM, &v[1]);
    exs_inquire(f, EXS_INQ_NUM_NODES, &v[2]);
    exs_inquire(f, EXS_INQ_NUM_TIMES, &v[3]);
    EXS_ASSERT_EQ(v[0], 0);
    EXS_ASSERT_EQ(v[1], 0);
    EXS_ASSERT_EQ(v[2], 5);
    EXS_ASSERT_EQ(v[3], 1);
    EXS_OK(f, exs_get_title(f, &title));
    EXS_ASSERT_STREQ(title, "results only");
    EXS_OK(f, exs_get_var(f, EXS_NODAL, 0, 0, 0, 0, 5, EXS_F64, back));
    for (int i = 0; i < 5; i++)
        EXS_ASSERT_NEAR(back[i], u[i], 0);
    exs_close(f);
}

/* Null sets may share an id (libexodus' placeholder -1 on sets never
 * written); a set with members may not, nor a null one after it. A
 * property put by that id reaches each of them. */
static void shared_null_ids(const char *path)
{
    exs_file *f = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    EXS_OK(f, exs_def_mesh(f, "null sets", 1, 2));
    EXS_OK(f, exs_def_set(f, EXS_NODE_SET, -1, 0, 0, NULL));
    EXS_OK(f, exs_def_set(f, EXS_NODE_SET, -1, 0, 0, NULL));
    EXS_ASSERT_RC(exs_def_set(f, EXS_NODE_SET, -1, 1, 0, NULL), EXS_EDEFINED);
    EXS_OK(f, exs_def_set(f, EXS_NODE_SET, 5, 1, 0, NULL));
    EXS_ASSERT_RC(exs_def_set(f, EXS_NODE_SET, 5, 0, 0, NULL), EXS_EDEFINED);
    EXS_ASSERT_RC(exs_def_block(f, EXS_ELEM_BLOCK, &(exs_block_def){1, "", 0, 0, 0, 0, 0,
                                                                   NULL}), 0);
    EXS_ASSERT_RC(exs_def_block(f, EXS_ELEM_BLOCK, &(exs_block_def){1, "", 0, 0, 0, 0, 0,
                                                                   NULL}), EXS_EDEFINED);
    EXS_OK(f, exs_def_prop(f, EXS_NODE_SET, "COLOR"));
    EXS_OK(f, exs_put_prop(f, EXS_NODE_SET, -1, "COLOR", 7));
    EXS_OK(f, exs_put_prop(f, EXS_NODE_SET, 5, "COLOR", 3));
    const double x[2] = {0, 1};
    EXS_OK(f, exs_put_coord(f, 0, 0, 2, EXS_F64, x));
    EXS_OK(f, exs_put_set(f, EXS_NODE_SET, 5, 0, 1, EXS_I64, (const int64_t[]){2}, NULL));
    EXS_OK(f, exs_close(f));
    f = NULL;
    int64_t n = 0, ids[3] = {0}, colors[3] = {0};
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    EXS_OK(f, exs_num_entities(f, EXS_NODE_SET, &n));
    EXS_ASSERT_EQ(n, 3);
    EXS_OK(f, exs_get_ids(f, EXS_NODE_SET, ids));
    EXS_ASSERT_EQ(ids[0], -1);
    EXS_ASSERT_EQ(ids[1], -1);
    EXS_ASSERT_EQ(ids[2], 5);
    EXS_OK(f, exs_get_prop_array(f, EXS_NODE_SET, "COLOR", colors));
    EXS_ASSERT_EQ(colors[0], 7);
    EXS_ASSERT_EQ(colors[1], 7);
    EXS_ASSERT_EQ(colors[2], 3);
    exs_close(f);
}

int main(void)
{
    char path[512];
    exs_test_tmp_path(path, sizeof path, "write_bad_input.exo");
    unlink(path);
    write_bad(path);
    check_after(path);
    no_clobber(path);
    exs_test_tmp_path(path, sizeof path, "write_no_mesh.exo");
    no_mesh(path);
    exs_test_tmp_path(path, sizeof path, "write_null_ids.exo");
    shared_null_ids(path);
    return EXS_TEST_END();
}
