/* test_durability.c -- one durability policy on every serial backend
 * (docs/reliability.md, "Durability"): exs_close fsyncs nothing by
 * default, EXS_SYNC makes it fsync the file before the rename and the
 * directory after, exs_sync fsyncs a written file and returns 0; unknown
 * create flags are refused before anything exists on disk.
 *
 * fsync(2) and fdatasync(2) are counted by interposing them: the
 * executable's definitions win for every caller in the process, the
 * library, netCDF-C and HDF5 included (CMake builds this test with
 * exported symbols). */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exoslab.h"
#include "exs_test.h"

static long fsync_calls;

int fsync(int fd)
{
    fsync_calls++;
    return (int)syscall(SYS_fsync, fd);
}

int fdatasync(int fd)
{
    fsync_calls++;
    return (int)syscall(SYS_fdatasync, fd);
}

enum { NODES = 8 };

static exs_file *create(const char *path, exs_format fmt, unsigned flags)
{
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    o.flags = flags;
    exs_file *f = NULL;
    EXS_OK(f, exs_create(path, &o, &f));
    return f;
}

/* One HEX8 and a nodal variable over two steps. */
static void write_model(exs_file *f)
{
    static const char *const names[1] = {"temp"};
    double x[NODES], v[NODES];
    int64_t conn[8];
    for (int i = 0; i < NODES; i++) {
        x[i] = (double)(i & 1);
        conn[i] = i + 1;
    }
    exs_block_def d = {.id = 1, .type = "HEX8", .num_entries = 1, .nodes_per_entry = 8};
    EXS_OK(f, exs_def_mesh(f, "durability", 3, NODES));
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &d));
    EXS_OK(f, exs_def_vars(f, EXS_NODAL, 1, names));
    for (int a = 0; a < 3; a++)
        EXS_OK(f, exs_put_coord(f, a, 0, NODES, EXS_F64, x));
    EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 0, 1, EXS_I64, conn));
    for (int64_t s = 0; s < 2; s++) {
        for (int i = 0; i < NODES; i++)
            v[i] = 10.0 * (double)s + (double)i;
        EXS_OK(f, exs_put_time(f, s, 0.5 * (double)s));
        EXS_OK(f, exs_put_var(f, EXS_NODAL, 0, 0, s, 0, NODES, EXS_F64, v));
    }
}

/* The file must read back complete: both steps of the variable. */
static void check_file(const char *path)
{
    exs_file *f = NULL;
    int64_t nn = 0, nt = 0;
    double v[NODES];
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_NODES, &nn));
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_TIMES, &nt));
    EXS_ASSERT_EQ(nn, NODES);
    EXS_ASSERT_EQ(nt, 2);
    EXS_OK(f, exs_get_var(f, EXS_NODAL, 0, 0, 1, 0, NODES, EXS_F64, v));
    EXS_ASSERT_EQ(v[NODES - 1], 10 + NODES - 1);
    exs_close(f);
}

static void check_format(exs_format fmt, const char *label)
{
    char path[1024], name[64];
    snprintf(name, sizeof name, "durability_%s.exo", label);
    exs_test_tmp_path(path, sizeof path, name);

    /* Default: no fsync at close; exs_sync does fsync and returns 0. */
    exs_file *f = create(path, fmt, 0);
    if (!f)
        return;
    write_model(f);
    long before = fsync_calls;
    EXS_OK(f, exs_sync(f));
    long by_sync = fsync_calls - before;
    before = fsync_calls;
    EXS_OK(f, exs_close(f));
    long by_close = fsync_calls - before;
    printf("%s: fsyncs by exs_sync %ld, by a default close %ld\n", label, by_sync,
           by_close);
    EXS_ASSERT(by_sync >= 1);
    EXS_ASSERT_EQ(by_close, 0);
    check_file(path);

    /* EXS_SYNC: the temporary before the rename, the directory after. */
    f = create(path, fmt, EXS_SYNC);
    if (!f)
        return;
    write_model(f);
    before = fsync_calls;
    EXS_OK(f, exs_close(f));
    by_close = fsync_calls - before;
    printf("%s: fsyncs by an EXS_SYNC close %ld\n", label, by_close);
    EXS_ASSERT(by_close >= 2);
    check_file(path);

    /* A file opened to add results: exs_sync fsyncs it in place. */
    f = NULL;
    EXS_OK(f, exs_open(path, EXS_WRITE, &f));
    if (!f)
        return;
    before = fsync_calls;
    EXS_OK(f, exs_sync(f));
    EXS_ASSERT(fsync_calls - before >= 1);
    before = fsync_calls;
    EXS_OK(f, exs_close(f));
    EXS_ASSERT_EQ(fsync_calls - before, 0);
    check_file(path);
    unlink(path);
}

/* EXS_SYNC is one bit apart from the open modes; 0 is the default; any
 * other bit is EXS_EINVAL, and nothing is created. */
static void check_flag_values(void)
{
    exs_create_opts o;
    char path[1024];
    struct stat st;
    exs_create_opts_init(&o);
    EXS_ASSERT_EQ(o.flags, 0);
    EXS_ASSERT_EQ(EXS_SYNC, 0x100);
    EXS_ASSERT_EQ(EXS_SYNC & (EXS_SYNC - 1), 0);
    EXS_ASSERT_EQ(EXS_SYNC & (unsigned)(EXS_READ | EXS_WRITE), 0);
    exs_test_tmp_path(path, sizeof path, "durability_badflags.exo");
    unlink(path);
    static const unsigned bad[] = {0x1, 0x200, EXS_SYNC | 0x80, 0x80000000u};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        exs_file *f = NULL;
        o.flags = bad[i];
        EXS_ASSERT_RC(exs_create(path, &o, &f), EXS_EINVAL);
        EXS_ASSERT(f == NULL);
        EXS_ASSERT(stat(path, &st) != 0);
    }
}

int main(void)
{
    check_flag_values();
    check_format(EXS_FORMAT_64BIT_OFFSET, "cdf2");
    check_format(EXS_FORMAT_CDF5, "cdf5");
    check_format(EXS_FORMAT_NETCDF4, "nc4");
    check_format(EXS_FORMAT_NETCDF4_CLASSIC, "nc4classic");
    return EXS_TEST_END();
}
