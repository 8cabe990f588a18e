/* test_attrs -- attributes of every set kind and of the nodes, and the
 * legacy element order map: written by exoslab in every format, read back
 * value by value (doubles and floats, whole and in slabs); an order map
 * nobody declared stays absent; misuse and malformed files give their
 * codes and a message. */
#include <netcdf.h>

#include <stdio.h>
#include <string.h>

#include "attrs_io.h"
#include "internal.h" /* exsi_copy_part_attrs */
#include "exs_nc.h"
#include "exs_test.h"

static int has_var(const char *path, const char *var)
{
    int ncid, id, found;
    if (nc_open(path, NC_NOWRITE, &ncid) != NC_NOERR)
        return -1;
    found = nc_inq_varid(ncid, var, &id) == NC_NOERR;
    nc_close(ncid);
    return found;
}

static void roundtrip(exs_format fmt, int int64, int float_size, const char *tag)
{
    char path[512];
    exs_file *f = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.int64 = int64;
    o.float_size = float_size;
    o.clobber = 1;
    snprintf(path, sizeof path, "%s/attrs_%s.exo", exs_test_tmp_dir(), tag);
    EXS_OK(f, exs_create(path, &o, &f));
    am_write(f, 0, 1, 1, 1);
    EXS_OK(f, exs_close(f));
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    am_check(f, 0, 1, 0, 1, 1);
    /* Slabs of one member, both halves of the node range. */
    double d[2 * AM_NODE_ATTR];
    EXS_OK(f, exs_get_attr(f, EXS_NODE_SET, 10, 3, 1, EXS_F64, d));
    EXS_ASSERT_EQ(d[1], am_set_attr(&am_sets[0], 3, 1));
    EXS_OK(f, exs_get_attr(f, EXS_NODAL, 12345, 10, 2, EXS_F64, d));
    EXS_ASSERT_EQ(d[3], am_node_attr(11, 1));
    EXS_ASSERT_RC(exs_get_attr(f, EXS_NODE_SET, 10, 3, 2, EXS_F64, d), EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_attr(f, EXS_NODAL, 0, 0, 1, EXS_I64, d), EXS_ETYPE);
    EXS_ASSERT_RC(exs_get_attr(f, EXS_GLOBAL, 0, 0, 1, EXS_F64, d), EXS_EINVAL);
    EXS_ASSERT_RC(exs_get_attr(f, EXS_NODE_MAP, 0, 0, 1, EXS_F64, d), EXS_EINVAL);
    EXS_ASSERT_RC(exs_get_attr(f, EXS_SIDE_SET, 99, 0, 1, EXS_F64, d), EXS_ENOTFOUND);
    EXS_OK(f, exs_close(f));
    EXS_ASSERT_EQ(has_var(path, "nsattrb1"), 1);
    EXS_ASSERT_EQ(has_var(path, "nsattrb2"), 0); /* set 11: none */
    EXS_ASSERT_EQ(has_var(path, "elsattrb1"), 1);
    EXS_ASSERT_EQ(has_var(path, "nattrb"), 1);
    EXS_ASSERT_EQ(has_var(path, "elem_map"), 1);
}

/* Without a declaration there is no elem_map; declared and never written
 * it reads 1..n; put while defining declares it. */
static void order_map_presence(void)
{
    char path[512];
    exs_file *f = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    exs_test_tmp_path(path, sizeof path, "attrs_no_order.exo");
    EXS_OK(f, exs_create(path, &o, &f));
    am_write(f, 0, 1, 0, 0);
    int64_t om[AM_ELEMS] = {0};
    EXS_ASSERT_RC(exs_put_order_map(f, 0, AM_ELEMS, EXS_I64, om), EXS_ENOTFOUND);
    EXS_OK(f, exs_close(f));
    EXS_ASSERT_EQ(has_var(path, "elem_map"), 0);
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    am_check(f, 0, 1, 0, 0, 0);
    exs_close(f);

    exs_test_tmp_path(path, sizeof path, "attrs_order_unwritten.exo");
    EXS_OK(f, exs_create(path, &o, &f));
    EXS_OK(f, exs_def_mesh(f, "t", 2, 4));
    exs_block_def b = {1, "QUAD4", 3, 4, 0, 0, 0, NULL};
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_OK(f, exs_def_order_map(f));
    EXS_OK(f, exs_close(f));
    EXS_ASSERT_EQ(has_var(path, "elem_map"), 1);
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    int64_t v = 0;
    EXS_OK(f, exs_inquire(f, EXS_INQ_ORDER_MAP, &v));
    EXS_ASSERT_EQ(v, 1);
    EXS_OK(f, exs_get_order_map(f, 0, 3, EXS_I64, om));
    EXS_ASSERT_EQ(om[0] * 100 + om[1] * 10 + om[2], 123);
    exs_close(f);

    exs_test_tmp_path(path, sizeof path, "attrs_order_put.exo");
    EXS_OK(f, exs_create(path, &o, &f));
    EXS_OK(f, exs_def_mesh(f, "t", 2, 4));
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    const int32_t rev[3] = {3, 2, 1};
    EXS_OK(f, exs_put_order_map(f, 0, 3, EXS_I32, rev));
    EXS_ASSERT_RC(exs_def_order_map(f), EXS_EMODE);
    EXS_OK(f, exs_close(f));
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    int32_t got[3] = {0};
    EXS_OK(f, exs_get_order_map(f, 0, 3, EXS_I32, got));
    EXS_ASSERT_EQ(got[0] * 100 + got[1] * 10 + got[2], 321);
    exs_close(f);
}

/* Each misuse its code; the file written around them still reads. */
static void bad_definitions(void)
{
    char path[512];
    exs_file *f = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    exs_test_tmp_path(path, sizeof path, "attrs_bad.exo");
    EXS_OK(f, exs_create(path, &o, &f));
    EXS_ASSERT_RC(exs_def_node_attr(f, 1), EXS_EINVAL); /* no mesh yet */
    EXS_OK(f, exs_def_mesh(f, "t", 2, 4));
    exs_block_def b = {1, "QUAD4", 1, 4, 0, 0, 0, NULL};
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_OK(f, exs_def_set(f, EXS_NODE_SET, 7, 2, 0, NULL));
    EXS_OK(f, exs_def_set(f, EXS_SIDE_SET, 8, 1, 0, NULL));
    EXS_ASSERT_RC(exs_def_set_attr(f, EXS_NODE_SET, 99, 1), EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_def_set_attr(f, EXS_ELEM_BLOCK, 1, 1), EXS_EINVAL);
    EXS_ASSERT_RC(exs_def_set_attr(f, EXS_NODE_SET, 7, -1), EXS_EINVAL);
    EXS_ASSERT_RC(exs_def_set_attr(NULL, EXS_NODE_SET, 7, 1), EXS_EINVAL);
    EXS_OK(f, exs_def_set_attr(f, EXS_NODE_SET, 7, 2));
    EXS_ASSERT_RC(exs_def_set_attr(f, EXS_NODE_SET, 7, 1), EXS_EDEFINED);
    EXS_ASSERT(strstr(exs_errmsg(f), "node set 7") != NULL);
    EXS_OK(f, exs_def_node_attr(f, 1));
    EXS_ASSERT_RC(exs_def_node_attr(f, 1), EXS_EDEFINED);
    EXS_ASSERT_RC(exs_put_attr_names(f, EXS_SIDE_SET, 8, (const char *[]){"x"}),
                  EXS_EINVAL);
    EXS_ASSERT_RC(exs_put_attr_names(f, EXS_NODE_SET, 7,
                                     (const char *[]){"a_name_longer_than_thirty_two_chars", "b"}),
                  EXS_ENAMELEN);
    EXS_OK(f, exs_put_attr_names(f, EXS_NODE_SET, 7, (const char *[]){"p", "q"}));
    const double x[4] = {0, 1, 1, 0}, a[4] = {1.5, 2.5, 3.5, 4.5};
    EXS_OK(f, exs_put_coord(f, 0, 0, 4, EXS_F64, x));
    EXS_OK(f, exs_put_coord(f, 1, 0, 4, EXS_F64, x));
    EXS_ASSERT_RC(exs_def_set_attr(f, EXS_SIDE_SET, 8, 1), EXS_EMODE);
    EXS_ASSERT_RC(exs_def_node_attr(f, 2), EXS_EMODE);
    EXS_ASSERT_RC(exs_put_attr(f, EXS_SIDE_SET, 8, 0, 1, EXS_F64, a), EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_put_attr(f, EXS_NODE_SET, 7, 1, 2, EXS_F64, a), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_attr(f, EXS_NODE_SET, 7, 0, 2, EXS_I64, a), EXS_ETYPE);
    EXS_ASSERT_RC(exs_put_attr(f, EXS_GLOBAL, 0, 0, 1, EXS_F64, a), EXS_EINVAL);
    EXS_OK(f, exs_put_attr(f, EXS_NODE_SET, 7, 0, 2, EXS_F64, a));
    EXS_OK(f, exs_put_attr(f, EXS_NODAL, 0, 0, 4, EXS_F64, a));
    EXS_OK(f, exs_put_attr_names(f, EXS_NODAL, 0, (const char *[]){"w"}));
    EXS_OK(f, exs_close(f));

    /* Read-only: no definitions; EXS_WRITE: values replaced in place. */
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    EXS_ASSERT_RC(exs_def_order_map(f), EXS_EMODE);
    EXS_ASSERT_RC(exs_put_attr(f, EXS_NODE_SET, 7, 0, 1, EXS_F64, a), EXS_EMODE);
    exs_close(f);
    EXS_OK(NULL, exs_open(path, EXS_WRITE, &f));
    const double r[2] = {-1, -2};
    EXS_OK(f, exs_put_attr(f, EXS_NODE_SET, 7, 1, 1, EXS_F64, r));
    EXS_OK(f, exs_put_attr_names(f, EXS_NODE_SET, 7, (const char *[]){"p2", "q2"}));
    EXS_ASSERT_RC(exs_def_set_attr(f, EXS_NODE_SET, 7, 1), EXS_EMODE);
    EXS_OK(f, exs_close(f));
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    double g[4] = {0};
    const char *n0 = NULL, *n1 = NULL;
    EXS_OK(f, exs_get_attr(f, EXS_NODE_SET, 7, 0, 2, EXS_F64, g));
    EXS_ASSERT_EQ(g[0] * 10, 15);
    EXS_ASSERT_EQ(g[1] * 10, 25);
    EXS_ASSERT_EQ(g[2], -1);
    EXS_ASSERT_EQ(g[3], -2);
    EXS_OK(f, exs_get_attr_name(f, EXS_NODE_SET, 7, 1, &n1));
    EXS_OK(f, exs_get_attr_name(f, EXS_NODAL, 0, 0, &n0));
    EXS_ASSERT_STREQ(n1, "q2");
    EXS_ASSERT_STREQ(n0, "w");
    EXS_OK(f, exs_get_attr(f, EXS_NODAL, 0, 0, 4, EXS_F64, g));
    EXS_ASSERT_EQ(g[3] * 10, 45);
    exs_close(f);
}

/* ---- malformed files, made with netCDF-C ---- */

/* A mini mesh plus node set 1 of 2 members and num_att_in_ns1 = natt; its
 * nsattrb1 is (2, width) of type xtype, or absent (width 0). */
static int write_bad_ns(const char *path, int64_t natt, int width, nc_type xtype)
{
    exs_mini m = {0};
    int ncid, d[5], v, rc = exs_nc_write_mini(path, &m);
    if (rc == 0)
        rc = nc_open(path, NC_WRITE, &ncid);
    if (rc != 0)
        return rc;
    nc_redef(ncid);
    nc_def_dim(ncid, "num_node_sets", 1, &d[0]);
    nc_def_dim(ncid, "num_nod_ns1", 2, &d[1]);
    nc_def_dim(ncid, "num_att_in_ns1", (size_t)natt, &d[2]);
    nc_def_var(ncid, "ns_prop1", NC_INT, 1, &d[0], &v);
    nc_put_att_text(ncid, v, "name", 2, "ID");
    nc_def_var(ncid, "node_ns1", NC_INT, 1, &d[1], &v);
    if (width > 0) {
        nc_def_dim(ncid, "width", (size_t)width, &d[3]);
        int dims[2] = {d[1], d[3]};
        nc_def_var(ncid, "nsattrb1", xtype, 2, dims, &v);
    }
    nc_enddef(ncid);
    int one = 1, mem[2] = {1, 2};
    nc_inq_varid(ncid, "ns_prop1", &v);
    nc_put_var_int(ncid, v, &one);
    nc_inq_varid(ncid, "node_ns1", &v);
    nc_put_var_int(ncid, v, mem);
    return nc_close(ncid);
}

static void malformed(void)
{
    char path[512], msg[512];
    exs_file *f = NULL;
    exs_entity_info e;
    double d[8];
    exs_test_tmp_path(path, sizeof path, "attrs_bad_shape.exo");
    /* 3 attributes declared, stored 2 wide: a read names the variable. */
    EXS_ASSERT_EQ(write_bad_ns(path, 3, 2, NC_DOUBLE), 0);
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    if (f) {
        EXS_OK(f, exs_get_entity(f, EXS_NODE_SET, 1, &e));
        EXS_ASSERT_EQ(e.num_attr, 3);
        EXS_ASSERT_RC(exs_get_attr(f, EXS_NODE_SET, 1, 0, 2, EXS_F64, d), EXS_EBADMODEL);
        EXS_ASSERT(strstr(exs_errmsg(f), "nsattrb1") != NULL);
        exs_close(f);
    }
    /* Declared, not stored. */
    EXS_ASSERT_EQ(write_bad_ns(path, 2, 0, NC_DOUBLE), 0);
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    if (f) {
        EXS_ASSERT_RC(exs_get_attr(f, EXS_NODE_SET, 1, 0, 2, EXS_F64, d), EXS_EBADMODEL);
        EXS_ASSERT(strstr(exs_errmsg(f), "missing") != NULL);
        exs_close(f);
    }
    /* Stored as text. */
    EXS_ASSERT_EQ(write_bad_ns(path, 2, 2, NC_CHAR), 0);
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    if (f) {
        EXS_ASSERT_RC(exs_get_attr(f, EXS_NODE_SET, 1, 0, 2, EXS_F64, d), EXS_EBADMODEL);
        exs_close(f);
    }
    /* An attribute count no file of this size can hold: refused at open. */
    EXS_ASSERT_EQ(write_bad_ns(path, 2000000000, 0, NC_DOUBLE), 0);
    EXS_ASSERT_RC(exs_open_err(path, EXS_READ, &f, msg, sizeof msg), EXS_ECORRUPT);
    EXS_ASSERT(strstr(msg, "num_att_in_ns") != NULL);
}

/* ---- exsi_copy_part_attrs: the copy's share of this model ---- */

/* dst gets src's mesh, blocks and sets (leaving set `skip` out), then
 * exsi_copy_part_attrs's two phases around the bulk data. */
static void copy_with_part(exs_file *src, exs_file *dst, int64_t skip)
{
    int64_t nn = 0, n = 0, ids[16];
    exs_inquire(src, EXS_INQ_NUM_NODES, &nn);
    EXS_OK(dst, exs_def_mesh(dst, "copy", 2, nn));
    for (int k = EXS_ELEM_BLOCK; k <= EXS_ELEM_SET; k++) {
        exs_num_entities(src, (exs_kind)k, &n);
        exs_get_ids(src, (exs_kind)k, ids);
        for (int64_t i = 0; i < n; i++) {
            exs_entity_info e;
            EXS_OK(src, exs_get_entity(src, (exs_kind)k, ids[i], &e));
            exs_block_def b = {e.id, e.type, e.num_entries, e.nodes_per_entry,
                               0, 0, 0, e.name};
            if (k <= EXS_FACE_BLOCK)
                EXS_OK(dst, exs_def_block(dst, (exs_kind)k, &b));
            else if (e.id != skip)
                EXS_OK(dst, exs_def_set(dst, (exs_kind)k, e.id, e.num_entries, 0, NULL));
        }
    }
    EXS_OK(dst, exsi_copy_part_attrs(src, dst, 0));
    double x[AM_NODES];
    for (int a = 0; a < 2; a++) {
        EXS_OK(src, exs_get_coord(src, a, 0, nn, EXS_F64, x));
        EXS_OK(dst, exs_put_coord(dst, a, 0, nn, EXS_F64, x));
    }
    for (int k = EXS_ELEM_BLOCK; k <= EXS_ELEM_SET; k++) {
        exs_num_entities(dst, (exs_kind)k, &n);
        exs_get_ids(dst, (exs_kind)k, ids);
        for (int64_t i = 0; i < n; i++) {
            exs_entity_info e;
            int64_t v[64], w[64];
            exs_get_entity(src, (exs_kind)k, ids[i], &e);
            if (k <= EXS_FACE_BLOCK) {
                EXS_OK(src, exs_get_conn(src, (exs_kind)k, e.id, EXS_CONN_NODES, 0,
                                         e.num_entries, EXS_I64, v));
                EXS_OK(dst, exs_put_conn(dst, (exs_kind)k, e.id, EXS_CONN_NODES, 0,
                                         e.num_entries, EXS_I64, v));
                continue;
            }
            int extra = k == EXS_SIDE_SET || k == EXS_EDGE_SET || k == EXS_FACE_SET;
            EXS_OK(src, exs_get_set(src, (exs_kind)k, e.id, 0, e.num_entries, EXS_I64,
                                    v, extra ? w : NULL));
            EXS_OK(dst, exs_put_set(dst, (exs_kind)k, e.id, 0, e.num_entries, EXS_I64,
                                    v, extra ? w : NULL));
        }
    }
    EXS_OK(dst, exsi_copy_part_attrs(src, dst, 1));
    EXS_ASSERT_RC(exsi_copy_part_attrs(src, dst, 2), EXS_EINVAL);
    EXS_ASSERT_RC(exsi_copy_part_attrs(NULL, dst, 0), EXS_EINVAL);
}

static void copy_part(void)
{
    char spath[512], dpath[512];
    exs_file *src = NULL, *dst = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    snprintf(spath, sizeof spath, "%s/attrs_cdf2.exo", exs_test_tmp_dir());
    exs_test_tmp_path(dpath, sizeof dpath, "attrs_copy.exo");
    EXS_OK(NULL, exs_open(spath, EXS_READ, &src));
    if (!src)
        return;
    EXS_OK(dst, exs_create(dpath, &o, &dst));
    copy_with_part(src, dst, -1);
    EXS_OK(dst, exs_close(dst));
    EXS_OK(NULL, exs_open(dpath, EXS_READ, &dst));
    am_check(dst, 0, 1, 0, 1, 1);
    exs_close(dst);
    /* Element set 50 left out of the copy: skipped, the rest carried. */
    EXS_OK(dst, exs_create(dpath, &o, &dst));
    copy_with_part(src, dst, 50);
    EXS_OK(dst, exs_close(dst));
    EXS_OK(NULL, exs_open(dpath, EXS_READ, &dst));
    int64_t n = -1, om = 0;
    exs_entity_info e;
    double d[8];
    EXS_OK(dst, exs_num_entities(dst, EXS_ELEM_SET, &n));
    EXS_ASSERT_EQ(n, 0);
    EXS_OK(dst, exs_get_entity(dst, EXS_SIDE_SET, 20, &e));
    EXS_ASSERT_EQ(e.num_attr, 3);
    EXS_OK(dst, exs_get_attr(dst, EXS_SIDE_SET, 20, 2, 1, EXS_F64, d));
    EXS_ASSERT_EQ(d[2], am_set_attr(&am_sets[3], 2, 2));
    EXS_OK(dst, exs_inquire(dst, EXS_INQ_ORDER_MAP, &om));
    EXS_ASSERT_EQ(om, 1);
    exs_close(dst);
    exs_close(src);
}

int main(void)
{
    roundtrip(EXS_FORMAT_DEFAULT, 0, 8, "cdf2");
    roundtrip(EXS_FORMAT_NETCDF4, 1, 8, "nc4_i64");
    roundtrip(EXS_FORMAT_CDF5, 1, 4, "cdf5_f32");
    roundtrip(EXS_FORMAT_CLASSIC, 0, 4, "cdf1_f32");
    order_map_presence();
    bad_definitions();
    malformed();
    copy_part();
    return EXS_TEST_END();
}
