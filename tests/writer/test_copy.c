/* test_copy.c -- exs_copy (serial): corpus files copied into every format
 * read back value for value as the original (copy_compare.c), id maps
 * stored only where the original stores them; the options; bad input
 * refused with a clear code and no damaged dst. (The Python test_copy.py
 * adds the independent netCDF4-python, libexodusII and meshio readings.) */
#include <sys/stat.h>

#include "copy_compare.h"
#include "exs_test.h"

static const char *const files[] = {"seacas__test-gap.g.et",
                                    "seacas-dmp__exodus_for_test1.exo",
                                    "seacas-dmp__testwt-nfaced.exo",
                                    "libmesh__nontrivial_elem_num_map.exo",
                                    "mstk__poly2.exo", NULL};

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static void copy_formats(const char *src, int i)
{
    static const exs_format fmts[] = {EXS_FORMAT_CLASSIC, EXS_FORMAT_64BIT_OFFSET,
                                      EXS_FORMAT_CDF5, EXS_FORMAT_NETCDF4,
                                      EXS_FORMAT_NETCDF4_CLASSIC};
    exs_file *f = NULL;
    EXS_OK(f, exs_open(src, EXS_READ, &f));
    for (int k = 0; f && k < 5; k++) {
        char dst[1024], name[64];
        snprintf(name, sizeof name, "copy_%d_%d.exo", i, k);
        exs_test_tmp_path(dst, sizeof dst, name);
        exs_copy_opts o;
        exs_copy_opts_init(&o);
        o.format = fmts[k];
        o.clobber = 1;
        EXS_OK(f, exs_copy(f, dst, &o));
        cmp_files(src, dst);
    }
    exs_close(f);
}

/* Steps 1..2 and element block 10 of test-gap, deflated, int64, float 4. */
static void options(const char *src)
{
    char dst[1024];
    exs_file *f = NULL, *g = NULL;
    exs_test_tmp_path(dst, sizeof dst, "copy_opts.exo");
    EXS_OK(f, exs_open(src, EXS_READ, &f));
    exs_copy_opts o;
    exs_copy_opts_init(&o);
    static const int64_t blocks[] = {10};
    static const char *const vars[] = {"nod_var1"};
    o.format = EXS_FORMAT_NETCDF4;
    o.int64 = 1, o.float_size = 4, o.deflate = 3, o.clobber = 1;
    o.step_start = 1, o.step_count = 2;
    o.block_ids = blocks, o.num_block_ids = 1;
    o.set_ids = (const int64_t[]){20}, o.num_set_ids = 1;
    o.var_names = vars, o.num_var_names = 1;
    EXS_OK(f, exs_copy(f, dst, &o));
    EXS_OK(g, exs_open(dst, EXS_READ, &g));
    int64_t v = 0, n = 0;
    exs_inquire(g, EXS_INQ_NUM_TIMES, &v);
    EXS_ASSERT_EQ(v, 2);
    exs_inquire(g, EXS_INQ_INT_SIZE, &v);
    EXS_ASSERT_EQ(v, 8);
    exs_inquire(g, EXS_INQ_FLOAT_SIZE, &v);
    EXS_ASSERT_EQ(v, 4);
    exs_inquire(g, EXS_INQ_COMPRESSED, &v);
    EXS_ASSERT_EQ(v, 1);
    exs_num_entities(g, EXS_ELEM_BLOCK, &n);
    EXS_ASSERT_EQ(n, 1);
    exs_num_entities(g, EXS_SIDE_SET, &n);
    EXS_ASSERT_EQ(n, 0);
    int nv = 0;
    exs_num_vars(g, EXS_NODAL, &nv);
    EXS_ASSERT_EQ(nv, 1);
    double t0 = 0, t1 = 0, a[26], b[26];
    exs_get_times(f, 1, 1, EXS_F64, &t0);
    exs_get_times(g, 0, 1, EXS_F64, &t1);
    EXS_ASSERT_NEAR(t1, t0, 1e-7);
    int var = -1;
    EXS_OK(f, exs_find_var(f, EXS_NODAL, "nod_var1", &var));
    EXS_OK(f, exs_get_var(f, EXS_NODAL, 0, var, 2, 0, 26, EXS_F64, a));
    EXS_OK(g, exs_get_var(g, EXS_NODAL, 0, 0, 1, 0, 26, EXS_F64, b));
    for (int i = 0; i < 26; i++)
        EXS_ASSERT_NEAR(b[i], (float)a[i], 1e-7);
    exs_close(g);
    exs_close(f);
}

static void bad_input(const char *src)
{
    char dst[1024];
    exs_file *f = NULL;
    exs_test_tmp_path(dst, sizeof dst, "copy_bad.exo");
    remove(dst);
    EXS_OK(f, exs_open(src, EXS_READ, &f));
    if (!f)
        return;
    exs_copy_opts o;
    exs_copy_opts_init(&o);
    static const int64_t unknown[] = {999};
    o.block_ids = unknown, o.num_block_ids = 1;
    EXS_ASSERT_RC(exs_copy(f, dst, &o), EXS_ENOTFOUND);
    EXS_ASSERT(strstr(exs_errmsg(f), "element block id 999") != NULL);
    EXS_ASSERT(!exists(dst));
    FILE *fp = fopen(dst, "w"); /* an existing dst, no clobber */
    if (fp)
        fputs("precious", fp), fclose(fp);
    exs_copy_opts_init(&o);
    EXS_ASSERT_RC(exs_copy(f, dst, &o), EXS_EEXIST);
    o.clobber = 1;
    o.format = (exs_format)42;
    EXS_ASSERT(exs_copy(f, dst, &o) < 0);
    o.format = EXS_FORMAT_DEFAULT;
    o.float_size = 3;
    EXS_ASSERT(exs_copy(f, dst, &o) < 0);
    char buf[16] = "";
    fp = fopen(dst, "r");
    if (fp) {
        EXS_ASSERT(fgets(buf, sizeof buf, fp) != NULL);
        fclose(fp);
    }
    EXS_ASSERT_STREQ(buf, "precious");
    EXS_ASSERT_RC(exs_copy(f, NULL, NULL), EXS_EINVAL);
    EXS_ASSERT_RC(exs_copy(NULL, dst, NULL), EXS_EINVAL);
    exs_close(f);
}

int main(void)
{
    char path[1024];
    int found = 0;
    for (int i = 0; files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), files[i]);
        if (!exists(path))
            continue;
        found++;
        copy_formats(path, i);
    }
    if (!found) {
        printf("skipped: no corpus at %s\n", exs_test_corpus_dir());
        return EXS_TEST_END();
    }
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), files[0]);
    options(path);
    bad_input(path);
    return EXS_TEST_END();
}
