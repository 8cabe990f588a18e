/* test_quirks.c -- layouts other writers produce that the corpus lacks:
 * text attributes stored as NC_STRING (netCDF4-python can write them). */
#include <netcdf.h>
#include <unistd.h>

#include "exs_test.h"

#define NC(call)                                                             \
    do {                                                                     \
        int nc_ = (call);                                                    \
        if (nc_ != NC_NOERR)                                                 \
            EXS_FAIL_("%s: %s", #call, nc_strerror(nc_));                    \
    } while (0)

static void write_string_attrs(const char *path)
{
    int ncid, d[4], v;
    const char *title = "string-typed title", *type = "QUAD4", *id = "ID",
               *matl = "MATL";
    NC(nc_create(path, NC_NETCDF4 | NC_CLOBBER, &ncid));
    NC(nc_put_att_string(ncid, NC_GLOBAL, "title", 1, &title));
    NC(nc_def_dim(ncid, "num_dim", 2, &d[0]));
    NC(nc_def_dim(ncid, "num_nodes", 4, &d[1]));
    NC(nc_def_dim(ncid, "num_elem", 1, &d[2]));
    NC(nc_def_dim(ncid, "num_el_blk", 1, &d[3]));
    int dblk[2];
    NC(nc_def_dim(ncid, "num_el_in_blk1", 1, &dblk[0]));
    NC(nc_def_dim(ncid, "num_nod_per_el1", 4, &dblk[1]));
    NC(nc_def_var(ncid, "coordx", NC_DOUBLE, 1, &d[1], &v));
    NC(nc_def_var(ncid, "coordy", NC_DOUBLE, 1, &d[1], &v));
    NC(nc_def_var(ncid, "eb_prop1", NC_INT, 1, &d[3], &v));
    NC(nc_put_att_string(ncid, v, "name", 1, &id));
    NC(nc_def_var(ncid, "eb_prop2", NC_INT, 1, &d[3], &v));
    NC(nc_put_att_string(ncid, v, "name", 1, &matl));
    NC(nc_def_var(ncid, "connect1", NC_INT, 2, dblk, &v));
    NC(nc_put_att_string(ncid, v, "elem_type", 1, &type));
    NC(nc_enddef(ncid));
    int ids[1] = {7}, mat[1] = {3}, conn[4] = {1, 2, 3, 4};
    double x[4] = {0, 1, 1, 0};
    NC(nc_inq_varid(ncid, "eb_prop1", &v));
    NC(nc_put_var_int(ncid, v, ids));
    NC(nc_inq_varid(ncid, "eb_prop2", &v));
    NC(nc_put_var_int(ncid, v, mat));
    NC(nc_inq_varid(ncid, "connect1", &v));
    NC(nc_put_var_int(ncid, v, conn));
    NC(nc_inq_varid(ncid, "coordx", &v));
    NC(nc_put_var_double(ncid, v, x));
    NC(nc_inq_varid(ncid, "coordy", &v));
    NC(nc_put_var_double(ncid, v, x));
    NC(nc_close(ncid));
}

static void test_string_attrs(void)
{
    char path[1024];
    exs_file *f;
    exs_test_tmp_path(path, sizeof path, "quirks_string_attrs.exo");
    write_string_attrs(path);
    EXS_OK(NULL, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    const char *title, *prop;
    exs_entity_info b;
    int64_t matl = 0;
    EXS_OK(f, exs_get_title(f, &title));
    EXS_ASSERT_STREQ(title, "string-typed title");
    EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, 7, &b));
    EXS_ASSERT_STREQ(b.type, "QUAD4");
    EXS_ASSERT_EQ(b.topo, EXS_TOPO_QUAD);
    EXS_OK(f, exs_get_prop_name(f, EXS_ELEM_BLOCK, 1, &prop));
    EXS_ASSERT_STREQ(prop, "MATL");
    EXS_OK(f, exs_get_prop(f, EXS_ELEM_BLOCK, 7, "MATL", &matl));
    EXS_ASSERT_EQ(matl, 3);
    exs_close(f);
    unlink(path);
}

int main(void)
{
    test_string_attrs();
    return EXS_TEST_END();
}
