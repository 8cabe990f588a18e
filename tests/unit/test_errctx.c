/* test_errctx.c -- a failure is kept in parts (code, detail, context) and
 * composed in one place: the exact texts of a handle's message, of a
 * context added on the way out, of the constructors' _err forms before a
 * handle exists, and that a success leaves no stale message. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exs_test.h"
#include "internal.h"
#include "write.h"

#define HEX20 "libmesh__read_exodus_HEX20.e"

/* What one rank (or a serial handle) composes, built from its parts. */
static void want_msg(char *buf, size_t cap, const char *path, const char *ctx,
                     const char *detail, const char *code)
{
    snprintf(buf, cap, "%s: %s%s%s (%s)", path, ctx, ctx[0] ? ": " : "", detail, code);
}

/* The parts compose in one place, with the context in front of the
 * detail and never cut from the text (a scratch handle, no file). */
static void test_compose(void)
{
    exs_file *f = exsi_file_alloc("/some/where.exo");
    char want[EXS_ERRMSG_LEN];
    EXS_ASSERT(f != NULL);
    if (!f)
        return;
    EXS_ASSERT_STREQ(exs_errmsg(f), "");
    EXS_ASSERT_EQ(exs_errcode(f), 0);
    EXS_ASSERT_EQ(exsi_err(f, EXS_ENETCDF, "nc_get_vara: %s", "NetCDF: HDF error"),
                  EXS_ENETCDF);
    EXS_ASSERT_STREQ(exs_errmsg(f),
                     "/some/where.exo: nc_get_vara: NetCDF: HDF error (EXS_ENETCDF)");
    EXS_ASSERT_EQ(exsi_err_context(f, EXS_ENETCDF, "connect1 of element block 10"),
                  EXS_ENETCDF);
    want_msg(want, sizeof want, "/some/where.exo", "connect1 of element block 10",
             "nc_get_vara: NetCDF: HDF error", "EXS_ENETCDF");
    EXS_ASSERT_STREQ(exs_errmsg(f), want);
    /* a second label goes in front; a write failure says so once */
    EXS_ASSERT_EQ(exsi_err_as_write(f, EXS_ENETCDF), EXS_EWRITE);
    want_msg(want, sizeof want, "/some/where.exo",
             "write failed: connect1 of element block 10",
             "nc_get_vara: NetCDF: HDF error", "EXS_EWRITE");
    EXS_ASSERT_STREQ(exs_errmsg(f), want);
    EXS_ASSERT_EQ(exsi_err_as_write(f, EXS_ENETCDF), EXS_EWRITE);
    EXS_ASSERT_STREQ(exs_errmsg(f), want);
    EXS_ASSERT_EQ(exs_errcode(f), EXS_EWRITE);
    /* a new failure starts without the old context */
    exsi_err(f, EXS_ERANGE, "axis 4");
    EXS_ASSERT_STREQ(exs_errmsg(f), "/some/where.exo: axis 4 (EXS_ERANGE)");
    /* a code with no message of its own says what the code means */
    exsi_err_clear(f);
    exsi_err_context(f, EXS_ENOMEM, "coordx");
    want_msg(want, sizeof want, "/some/where.exo", "coordx", exs_strerror(EXS_ENOMEM),
             "EXS_ENOMEM");
    EXS_ASSERT_STREQ(exs_errmsg(f), want);
    /* a serial agreement changes nothing: no rank to name */
    EXS_ASSERT_EQ(exsi_comm_serial(&f->comm), 0);
    EXS_ASSERT_EQ(exsi_err_agree(f, EXS_ENOMEM), EXS_ENOMEM);
    EXS_ASSERT_STREQ(exs_errmsg(f), want);
    exsi_err_clear(f);
    EXS_ASSERT_STREQ(exs_errmsg(f), "");
    EXS_ASSERT_EQ(exs_errcode(f), 0);
    exsi_comm_free(f->comm);
    exsi_file_free(f);
}

/* The four constructors' _err forms (the serial two here; the parallel
 * two in tests/parallel/test_par_errctx.c) report a failure before any
 * handle exists. */
static void test_constructors(void)
{
    char msg[EXS_ERRMSG_LEN], path[1024];
    exs_file *f = (exs_file *)&msg; /* must come back NULL */
    EXS_ASSERT_RC(exs_open_err(NULL, EXS_READ, &f, msg, sizeof msg), EXS_EINVAL);
    EXS_ASSERT(f == NULL);
    EXS_ASSERT_STREQ(msg, "exs_open: path is NULL (EXS_EINVAL)");
    EXS_ASSERT_RC(exs_open_err("x.exo", 7, &f, msg, sizeof msg), EXS_EINVAL);
    EXS_ASSERT_STREQ(msg, "exs_open: bad mode (EXS_EINVAL)");
    EXS_ASSERT_RC(exs_open_err("x.exo", EXS_READ, NULL, msg, sizeof msg), EXS_EINVAL);
    EXS_ASSERT_STREQ(msg, "exs_open: f is NULL (EXS_EINVAL)");
    f = (exs_file *)&msg;
    EXS_ASSERT_RC(exs_create_err(NULL, NULL, &f, msg, sizeof msg), EXS_EINVAL);
    EXS_ASSERT(f == NULL);
    EXS_ASSERT_STREQ(msg, "exs_create: path is NULL (EXS_EINVAL)");
    EXS_ASSERT_RC(exs_create_err("x.exo", NULL, NULL, msg, sizeof msg), EXS_EINVAL);
    EXS_ASSERT_STREQ(msg, "exs_create: f is NULL (EXS_EINVAL)");
    /* msg may be NULL */
    EXS_ASSERT_RC(exs_create_err(NULL, NULL, &f, NULL, 0), EXS_EINVAL);
    /* a failure with a handle: the handle's message, which goes with it */
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = 12345;
    exs_test_tmp_path(path, sizeof path, "errctx_bad_format.exo");
    unlink(path);
    int rc = exs_create_err(path, &o, &f, msg, sizeof msg);
    EXS_ASSERT(rc < 0);
    EXS_ASSERT(f == NULL);
    EXS_ASSERT(strncmp(msg, path, strlen(path)) == 0 && msg[strlen(path)] == ':');
    char code[40];
    snprintf(code, sizeof code, "(%s)", exs_errname(rc));
    EXS_ASSERT(strlen(msg) > strlen(code) &&
               strcmp(msg + strlen(msg) - strlen(code), code) == 0);
    EXS_ASSERT(access(path, F_OK) != 0);
    /* and a success leaves msg empty */
    exs_create_opts_init(&o);
    o.clobber = 1;
    exs_test_tmp_path(path, sizeof path, "errctx_ok.exo");
    snprintf(msg, sizeof msg, "stale");
    EXS_ASSERT_RC(exs_create_err(path, &o, &f, msg, sizeof msg), 0);
    EXS_ASSERT_STREQ(msg, "");
    exs_close(f);
    unlink(path);
}

/* A failing call, then one that succeeds: nothing stale is left. */
static void test_success_clears(const char *path)
{
    exs_file *f = NULL;
    double buf[4];
    char want[EXS_ERRMSG_LEN], detail[128];
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    int64_t nd = 0;
    exs_inquire(f, EXS_INQ_NUM_DIM, &nd);
    EXS_ASSERT_RC(exs_get_coord(f, 5, 0, 1, EXS_F64, buf), EXS_ERANGE);
    snprintf(detail, sizeof detail, "coordinate axis 5: the file has %lld", (long long)nd);
    want_msg(want, sizeof want, path, "", detail, "EXS_ERANGE");
    EXS_ASSERT_STREQ(exs_errmsg(f), want);
    EXS_ASSERT_EQ(exs_errcode(f), EXS_ERANGE);
    EXS_OK(f, exs_get_coord(f, 0, 0, 1, EXS_F64, buf));
    EXS_ASSERT_STREQ(exs_errmsg(f), "");
    EXS_ASSERT_EQ(exs_errcode(f), 0);
    /* a lookup by id */
    EXS_ASSERT_RC(exs_get_conn(f, EXS_ELEM_BLOCK, 987654, EXS_CONN_NODES, 0, 1,
                               EXS_I64, buf), EXS_ENOTFOUND);
    EXS_ASSERT(strstr(exs_errmsg(f), "987654") != NULL);
    int64_t nblk = 0, ids[64] = {0};
    EXS_OK(f, exs_num_entities(f, EXS_ELEM_BLOCK, &nblk));
    EXS_ASSERT(nblk >= 1 && nblk <= 64);
    if (nblk < 1 || nblk > 64)
        goto out;
    EXS_OK(f, exs_get_ids(f, EXS_ELEM_BLOCK, ids));
    EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, ids[0], EXS_CONN_NODES, 0, 0, EXS_I64, buf));
    EXS_ASSERT_STREQ(exs_errmsg(f), "");
    /* a slab past the end names the array: context from the resolver */
    int64_t nn = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    EXS_ASSERT_RC(exs_get_coord(f, 0, nn, 1, EXS_F64, buf), EXS_ERANGE);
    snprintf(detail, sizeof detail, "coordx of the nodes: slab [%lld, %lld) outside [0, %lld)",
             (long long)nn, (long long)nn + 1, (long long)nn);
    want_msg(want, sizeof want, path, "", detail, "EXS_ERANGE");
    EXS_ASSERT_STREQ(exs_errmsg(f), want);
out:
    EXS_OK(f, exs_close(f));
}

int main(void)
{
    char path[1024];
    test_compose();
    test_constructors();
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), HEX20);
    if (access(path, R_OK) == 0)
        test_success_clears(path);
    else
        printf("SKIP success_clears: no corpus file %s\n", path);
    return EXS_TEST_END();
}
