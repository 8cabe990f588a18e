/* attrs_exoslab -- exoslab's side of the attribute interop with
 * libexodusII 6.02 (attrs_exodusii.c); the model is attrs_model.h.
 *   attrs_exoslab write DIR   writes DIR/ours_attrs_{cdf2,nc4,cdf5}.exo
 *                             (every set kind with attributes, the nodes'
 *                             attributes, the order map) for
 *                             `attrs_exodusii check`
 *   attrs_exoslab check DIR   reads DIR/theirs_attrs_{cdf2,nc4}.exo, which
 *                             libexodusII wrote, value by value */
#include <string.h>

#include "../writer/attrs_io.h"
#include "exs_test.h"

static void write_ours(const char *dir)
{
    static const struct { const char *tag; exs_format fmt; int int64; } fmts[] = {
        {"cdf2", EXS_FORMAT_64BIT_OFFSET, 0}, {"nc4", EXS_FORMAT_NETCDF4, 0},
        {"cdf5", EXS_FORMAT_CDF5, 1}};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        char path[1024];
        exs_file *f = NULL;
        exs_create_opts o;
        exs_create_opts_init(&o);
        o.format = fmts[i].fmt;
        o.int64 = fmts[i].int64;
        o.clobber = 1;
        snprintf(path, sizeof path, "%s/ours_attrs_%s.exo", dir, fmts[i].tag);
        EXS_OK(f, exs_create(path, &o, &f));
        if (!f)
            continue;
        am_write(f, 0, 1, 1, 1);
        EXS_OK(f, exs_close(f));
    }
}

static void check_theirs(const char *dir)
{
    static const char *const tags[] = {"cdf2", "nc4"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        char path[1024];
        exs_file *f = NULL;
        snprintf(path, sizeof path, "%s/theirs_attrs_%s.exo", dir, tags[i]);
        EXS_OK(f, exs_open(path, EXS_READ, &f));
        if (!f)
            continue;
        int before = exs_test_failures;
        am_check(f, 0, 1, 0, 0, 1);
        printf("%s %s\n", exs_test_failures == before ? "PASS" : "FAIL", path);
        exs_close(f);
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "write") == 0)
        write_ours(argv[2]);
    else if (argc == 3 && strcmp(argv[1], "check") == 0)
        check_theirs(argv[2]);
    else {
        fprintf(stderr, "usage: %s write DIR | check DIR\n", argv[0]);
        return 2;
    }
    return EXS_TEST_END();
}
