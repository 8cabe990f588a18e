/* test_roundtrip -- write a model using every feature, in slabs, in every
 * container format (CDF-1/2/5, netCDF-4, netCDF-4 classic, deflate+shuffle,
 * int64 on and off, 4-byte floats), read it back with exoslab and compare
 * every value; then reopen it for writing and append a time step. */
#include <unistd.h>

#include "exs_test.h"
#include "internal.h"
#include "model_io.h"

typedef struct cfg {
    const char *name;
    exs_format format;
    int int64, deflate, shuffle, float_size;
    exs_format want; /* format read back */
} cfg;

static const cfg cfgs[] = {
    {"cdf1", EXS_FORMAT_CLASSIC, 0, 0, 0, 8, EXS_FORMAT_CLASSIC},
    {"cdf2", EXS_FORMAT_64BIT_OFFSET, 0, 0, 0, 8, EXS_FORMAT_64BIT_OFFSET},
    {"default", EXS_FORMAT_DEFAULT, 0, 0, 0, 8, EXS_FORMAT_64BIT_OFFSET},
    {"cdf5", EXS_FORMAT_CDF5, 0, 0, 0, 8, EXS_FORMAT_CDF5},
    {"cdf5_i64", EXS_FORMAT_CDF5, 1, 0, 0, 8, EXS_FORMAT_CDF5},
    {"nc4", EXS_FORMAT_NETCDF4, 0, 0, 0, 8, EXS_FORMAT_NETCDF4},
    {"nc4_i64", EXS_FORMAT_NETCDF4, 1, 0, 0, 8, EXS_FORMAT_NETCDF4},
    {"nc4_deflate", EXS_FORMAT_NETCDF4, 1, 4, 1, 8, EXS_FORMAT_NETCDF4},
    {"nc4_deflate_f32", EXS_FORMAT_NETCDF4, 0, 1, 0, 4, EXS_FORMAT_NETCDF4},
    {"nc4classic", EXS_FORMAT_NETCDF4_CLASSIC, 0, 0, 0, 8, EXS_FORMAT_NETCDF4_CLASSIC},
    {"cdf2_f32", EXS_FORMAT_64BIT_OFFSET, 0, 0, 0, 4, EXS_FORMAT_64BIT_OFFSET},
};

static void append_step(const char *path, int int64)
{
    exs_file *f = NULL;
    EXS_OK(f, exs_open(path, EXS_WRITE, &f));
    if (!f)
        return;
    EXS_ASSERT_RC(exs_def_vars(f, EXS_NODAL, 1, (const char *[]){"x"}), EXS_EMODE);
    EXS_ASSERT_RC(exs_put_time(f, M_STEPS + 1, 9.0), EXS_ERANGE);
    EXS_OK(f, exs_put_time(f, M_STEPS, m_time(M_STEPS)));
    m_put_step_vars(f, M_STEPS);
    /* overwrite an existing step's time with the same value */
    EXS_OK(f, exs_put_time(f, 1, m_time(1)));
    EXS_OK(f, exs_sync(f));
    m_check(f, int64, M_STEPS + 1); /* a file being written reads back too */
    EXS_OK(f, exs_close(f));
}

static void run(const cfg *c)
{
    char path[512], name[64];
    exs_create_opts o;
    exs_file *f = NULL;
    int64_t v;
    snprintf(name, sizeof name, "roundtrip_%s.exo", c->name);
    exs_test_tmp_path(path, sizeof path, name);
    unlink(path);
    exs_create_opts_init(&o);
    o.format = c->format;
    o.int64 = c->int64;
    o.deflate = c->deflate;
    o.shuffle = c->shuffle;
    o.float_size = c->float_size;
    o.node_chunk = c->deflate ? 16 : 0;
    EXS_ASSERT_RC(m_write(path, &o), 0);
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    fprintf(stderr, "checking %s\n", c->name);
    EXS_OK(f, exs_inquire(f, EXS_INQ_FORMAT, &v));
    EXS_ASSERT_EQ(v, c->want);
    EXS_OK(f, exs_inquire(f, EXS_INQ_INT_SIZE, &v));
    EXS_ASSERT_EQ(v, c->int64 ? 8 : 4);
    EXS_OK(f, exs_inquire(f, EXS_INQ_FLOAT_SIZE, &v));
    EXS_ASSERT_EQ(v, c->float_size);
    EXS_OK(f, exs_inquire(f, EXS_INQ_INT64_STATUS, &v));
    EXS_ASSERT_EQ(v, c->int64 ? 0x1C00 : 0);
    EXS_OK(f, exs_inquire(f, EXS_INQ_COMPRESSED, &v));
    EXS_ASSERT_EQ(v, c->deflate > 0);
    if (c->deflate) {
        EXS_OK(f, exs_chunk_len(f, EXS_NODAL, 0, 0, &v));
        EXS_ASSERT_EQ(v, 16);
    }
    m_check(f, c->int64, M_STEPS);
    EXS_OK(f, exs_close(f));
    append_step(path, c->int64);
}

/* Automatic chunks: contiguous slabs of nparts writers are whole chunks,
 * results one step per chunk. */
static void auto_chunks(void)
{
    char path[512];
    exs_create_opts o;
    exs_file *f = NULL;
    double x[40];
    int64_t len = 0;
    exs_test_tmp_path(path, sizeof path, "roundtrip_chunks.exo");
    exs_create_opts_init(&o);
    o.format = EXS_FORMAT_NETCDF4;
    o.nparts = 4;
    o.clobber = 1;
    EXS_OK(f, exs_create(path, &o, &f));
    if (!f)
        return;
    EXS_OK(f, exs_def_mesh(f, "chunks", 1, 40));
    exs_block_def b = {1, "BAR2", 24, 2, 0, 0, 0, NULL};
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    for (int i = 0; i < 40; i++)
        x[i] = i;
    EXS_OK(f, exs_put_coord(f, 0, 0, 40, EXS_F64, x));
    EXS_OK(f, exs_close(f));
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    EXS_OK(f, exs_chunk_len(f, EXS_NODAL, 0, 0, &len));
    EXS_ASSERT_EQ(len, 10);
    EXS_OK(f, exs_chunk_len(f, EXS_ELEM_BLOCK, 1, 0, &len));
    EXS_ASSERT_EQ(len, 6);
    /* never written: the id maps read back as 1..n */
    int64_t m[40];
    EXS_OK(f, exs_get_id_map(f, EXS_NODE_MAP, 0, 40, EXS_I64, m));
    EXS_ASSERT_EQ(m[39], 40);
    EXS_OK(f, exs_close(f));
}

int main(void)
{
    auto_chunks();
    for (size_t i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++)
        run(&cfgs[i]);
    /* int64 needs CDF-5 or netCDF-4; compression needs netCDF-4 */
    exs_create_opts o;
    exs_file *f = NULL;
    char path[512];
    exs_test_tmp_path(path, sizeof path, "roundtrip_bad_opts.exo");
    unlink(path);
    exs_create_opts_init(&o);
    o.format = EXS_FORMAT_CLASSIC;
    o.int64 = 1;
    EXS_ASSERT_RC(exs_create(path, &o, &f), EXS_ENOTSUP);
    o.int64 = 0;
    o.deflate = 1;
    EXS_ASSERT_RC(exs_create(path, &o, &f), EXS_ENOTSUP);
    EXS_ASSERT(access(path, F_OK) != 0);
    o.format = EXS_FORMAT_NETCDF4;
    o.deflate = 0;
    o.zstd = 3;
    if (exsi_store_has_zstd()) {
        EXS_OK(NULL, exs_create(path, &o, &f));
        EXS_OK(f, exs_def_mesh(f, "z", 1, 3));
        EXS_OK(f, exs_end_define(f));
        EXS_OK(f, exs_close(f));
    } else { /* refused before anything is created */
        EXS_ASSERT_RC(exs_create(path, &o, &f), EXS_ENOTSUP);
        EXS_ASSERT(f == NULL);
        EXS_ASSERT(access(path, F_OK) != 0);
    }
    return EXS_TEST_END();
}
