/* test_write_sticky -- values that do not fit the file's storage are
 * refused when they are passed (and the handle stays usable); messages are
 * cleared by a success, name what they refuse, and close's names its code;
 * titles over EXS_MAX_TITLE_LEN and meshes with coordinate components
 * missing are refused. A storage failure being sticky is tested with a
 * full disk in test_crash_safe. */
#include <stdint.h>
#include <string.h>

#include "crash_common.h"
#include "exs_test.h"

static int contains(const char *s, const char *part)
{
    return s && strstr(s, part) != NULL;
}

/* The case: a CDF-2 file without int64 storage. */
static void test_id_overflow(void)
{
    char path[512];
    exs_file *f = NULL;
    exs_create_opts o;
    exs_test_tmp_path(path, sizeof path, "sticky_ids.exo");
    exs_create_opts_init(&o);
    o.format = EXS_FORMAT_64BIT_OFFSET;
    o.clobber = 1;
    o.float_size = 4;
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    EXS_ASSERT_RC(exs_def_mesh(f, "ids", 2, 3000000000LL), EXS_EOVERFLOW);
    EXS_ASSERT(contains(exs_errmsg(f), "3000000000"));
    EXS_OK(f, exs_def_mesh(f, "ids", 2, 4));
    exs_block_def b = {3000000001LL, "QUAD4", 1, 4, 0, 0, 0, NULL};
    EXS_ASSERT_RC(exs_def_block(f, EXS_ELEM_BLOCK, &b), EXS_EOVERFLOW);
    EXS_ASSERT(contains(exs_errmsg(f), "3000000001"));
    EXS_ASSERT(contains(exs_errmsg(f), "32-bit integer"));
    EXS_ASSERT(contains(exs_errmsg(f), "CDF-2"));
    EXS_ASSERT_RC(exs_def_set(f, EXS_NODE_SET, -3000000000LL, 1, 0, NULL),
                  EXS_EOVERFLOW);
    EXS_ASSERT_RC(exs_def_map(f, EXS_NODE_MAP, 1LL << 40, NULL), EXS_EOVERFLOW);
    b.id = 7;
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_OK(f, exs_def_prop(f, EXS_ELEM_BLOCK, "MATL"));
    EXS_ASSERT_RC(exs_put_prop(f, EXS_ELEM_BLOCK, 7, "MATL", 5000000000LL),
                  EXS_EOVERFLOW);
    EXS_ASSERT(contains(exs_errmsg(f), "5000000000"));
    EXS_OK(f, exs_put_prop(f, EXS_ELEM_BLOCK, 7, "MATL", -2147483648LL));
    /* Bulk values are checked before anything is written: refused, and
     * the handle is not failed. */
    const int64_t big[4] = {1, 2, 3000000003LL, 4}, conn[4] = {1, 2, 3, 4};
    EXS_ASSERT_RC(exs_put_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 1, EXS_I64,
                               big), EXS_EOVERFLOW);
    EXS_ASSERT(contains(exs_errmsg(f), "3000000003"));
    EXS_ASSERT(contains(exs_errmsg(f), "nothing was written"));
    EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 1, EXS_I64, conn));
    const double x[4] = {0, 1, 1, 0}, y[4] = {0, 0, 1, 1e39};
    EXS_OK(f, exs_put_coord(f, 0, 0, 4, EXS_F64, x));
    EXS_ASSERT_RC(exs_put_coord(f, 1, 0, 4, EXS_F64, y), EXS_EOVERFLOW);
    EXS_ASSERT(contains(exs_errmsg(f), "32-bit float"));
    EXS_OK(f, exs_put_coord(f, 1, 0, 3, EXS_F64, y));
    EXS_OK(f, exs_put_coord(f, 1, 3, 1, EXS_F64, x));
    EXS_OK(f, exs_close(f));

    int64_t ids[1] = {0}, c[4] = {0}, matl = 0;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    EXS_OK(f, exs_get_ids(f, EXS_ELEM_BLOCK, ids));
    EXS_ASSERT_EQ(ids[0], 7);
    EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 1, EXS_I64, c));
    EXS_ASSERT_EQ(c[2], 3);
    EXS_OK(f, exs_get_prop(f, EXS_ELEM_BLOCK, 7, "MATL", &matl));
    EXS_ASSERT_EQ(matl, -2147483648LL);
    exs_close(f);
}

/* With int64 storage the same id is fine and comes back. */
static void test_id_int64(void)
{
    char path[512];
    exs_file *f = NULL;
    exs_create_opts o;
    exs_test_tmp_path(path, sizeof path, "sticky_ids64.exo");
    exs_create_opts_init(&o);
    o.format = EXS_FORMAT_CDF5;
    o.int64 = 1;
    o.clobber = 1;
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    EXS_OK(f, exs_def_mesh(f, "ids", 1, 2));
    exs_block_def b = {3000000001LL, "BAR2", 1, 2, 0, 0, 0, NULL};
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_OK(f, exs_close(f));
    int64_t id = 0;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (f)
        EXS_OK(f, exs_get_ids(f, EXS_ELEM_BLOCK, &id));
    EXS_ASSERT_EQ(id, 3000000001LL);
    exs_close(f);
}

/* A success clears the message a failure left; the title limit. */
static void test_messages(void)
{
    char path[512], title[EXS_MAX_TITLE_LEN + 2];
    exs_file *f = NULL;
    exs_create_opts o;
    exs_test_tmp_path(path, sizeof path, "sticky_msgs.exo");
    exs_create_opts_init(&o);
    o.clobber = 1;
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    memset(title, 't', sizeof title - 1);
    title[sizeof title - 1] = '\0';
    EXS_ASSERT_RC(exs_def_mesh(f, title, 1, 2), EXS_ENAMELEN);
    EXS_ASSERT(contains(exs_errmsg(f), "1024 characters"));
    title[EXS_MAX_TITLE_LEN] = '\0';
    EXS_OK(f, exs_def_mesh(f, title, 1, 2));
    EXS_ASSERT_STREQ(exs_errmsg(f), "");
    EXS_ASSERT_RC(exs_put_name(f, EXS_ELEM_BLOCK, 1, "x"), EXS_ENOTFOUND);
    EXS_ASSERT(contains(exs_errmsg(f), "no element block with id 1"));
    exs_block_def b = {1, "BAR2", 1, 2, 0, 0, 0, NULL};
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_ASSERT_STREQ(exs_errmsg(f), "");
    EXS_OK(f, exs_close(f));
    const char *t = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (f && exs_get_title(f, &t) == 0)
        EXS_ASSERT_EQ(strlen(t), EXS_MAX_TITLE_LEN);
    exs_close(f);
}

/* Some coordinate components written, one not: close refuses, names the
 * missing one and the code it returns, and leaves the old file. */
static void test_missing_component(void)
{
    char path[512], msg[512];
    exs_file *f = NULL;
    long size0, size1;
    exs_test_tmp_path(path, sizeof path, "sticky_coords.exo");
    EXS_OK(f, crash_write(path, EXS_FORMAT_DEFAULT, 1, 3, 1, 0));
    uint64_t h0 = crash_hash(path, &size0);
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    const double x[2] = {0, 1};
    EXS_OK(f, exs_def_mesh(f, "2-D", 2, 2));
    EXS_OK(f, exs_put_coord(f, 0, 0, 2, EXS_F64, x));
    int rc = exs_close_err(f, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, EXS_EINVAL);
    EXS_ASSERT(contains(msg, "coordinate y"));
    EXS_ASSERT(contains(msg, exs_errname(rc)));
    EXS_ASSERT_EQ(crash_hash(path, &size1), h0);
    EXS_ASSERT_EQ(size1, size0);
    EXS_ASSERT(crash_check(path, 3, 1));
    EXS_ASSERT_EQ(crash_count_temps(path), 0);
}

int main(void)
{
    test_id_overflow();
    test_id_int64();
    test_messages();
    test_missing_component();
    return EXS_TEST_END();
}
