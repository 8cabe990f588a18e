/*
 * test_bad_input -- broken and hostile input gives the specific error code
 * and a message naming the file and the variable; never a crash; the
 * input file's bytes are unchanged afterwards.
 */
#include <netcdf.h>

#include "exs_nc.h"
#include "exs_test.h"

static int has(const char *msg, const char *word)
{
    return msg && word && strstr(msg, word) != NULL;
}

#define ASSERT_MSG(msg, word)                                                 \
    do {                                                                      \
        exs_test_checks++;                                                    \
        if (!has(msg, word))                                                  \
            EXS_FAIL_("message \"%s\" does not name \"%s\"", msg, word);      \
    } while (0)

/* Open must fail with `code`, the message naming the path and `word`. */
static void open_fails(const char *path, int code, const char *word)
{
    exs_file *f = (exs_file *)1;
    char msg[512];
    uint64_t sum = exs_file_checksum(path);
    EXS_ASSERT_RC(exs_open_err(path, EXS_READ, &f, msg, sizeof msg), code);
    EXS_ASSERT(f == NULL);
    ASSERT_MSG(msg, path);
    if (word)
        ASSERT_MSG(msg, word);
    EXS_ASSERT(exs_file_checksum(path) == sum);
    printf("open %s -> %s: %s\n", strrchr(path, '/') + 1, exs_errname(code), msg);
}

static void write_bytes(const char *path, const void *b, size_t n)
{
    FILE *fp = fopen(path, "wb");
    EXS_ASSERT(fp != NULL);
    if (fp) {
        if (n)
            fwrite(b, 1, n, fp);
        fclose(fp);
    }
}

/* Copy the first half of a corpus file. */
static void truncated(const char *file, char *out, size_t cap)
{
    char src[4096];
    snprintf(src, sizeof src, "%s/%s", exs_test_corpus_dir(), file);
    snprintf(out, cap, "%s/trunc_%s", exs_test_tmp_dir(), file);
    FILE *fp = fopen(src, "rb");
    EXS_ASSERT(fp != NULL);
    if (!fp)
        return;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *b = malloc((size_t)n);
    if (b && fread(b, 1, (size_t)n, fp) == (size_t)n)
        write_bytes(out, b, (size_t)n / 2);
    free(b);
    fclose(fp);
}

/* A truncated file fails at open or at the first reads, never crashes. */
static void check_truncated(const char *file)
{
    char path[4096], msg[512];
    exs_file *f = NULL;
    truncated(file, path, sizeof path);
    uint64_t sum = exs_file_checksum(path);
    int rc = exs_open_err(path, EXS_READ, &f, msg, sizeof msg);
    if (rc == 0) {
        int64_t nn = 0;
        exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
        double *x = malloc((size_t)(nn + 1) * sizeof *x);
        int r = 0;
        for (int a = 0; a < 3 && r == 0; a++)
            r = exs_get_coord(f, a, 0, nn, EXS_F64, x);
        rc = r;
        snprintf(msg, sizeof msg, "%s", exs_errmsg(f));
        free(x);
        exs_close(f);
    }
    exs_test_checks++;
    if (rc != EXS_ECORRUPT && rc != EXS_ENOTNC)
        EXS_FAIL_("truncated %s: %d %s, expected EXS_ECORRUPT or EXS_ENOTNC (%s)", file,
                  rc, exs_errname(rc), msg);
    else
        ASSERT_MSG(msg, path);
    EXS_ASSERT(exs_file_checksum(path) == sum);
    printf("truncated %s -> %s: %s\n", file, exs_errname(rc), msg);
}

static void mini(const char *name, const exs_mini *m, char *path, size_t cap)
{
    exs_test_tmp_path(path, cap, name);
    EXS_ASSERT_EQ(exs_nc_write_mini(path, m), NC_NOERR);
}

static void check_model_errors(void)
{
    char path[4096];
    mini("bad_no_entry_dim.exo", &(exs_mini){.no_entry_dim = 1}, path, sizeof path);
    open_fails(path, EXS_ENOTEXO, "num_el_in_blk1");
    mini("bad_no_coords.exo", &(exs_mini){.no_coords = 1}, path, sizeof path);
    open_fails(path, EXS_ENOTEXO, "coord");
    mini("bad_conn_rows.exo", &(exs_mini){.conn_rows = 5}, path, sizeof path);
    open_fails(path, EXS_EBADMODEL, "connect1");
    mini("bad_blocks_past.exo", &(exs_mini){.num_elem = 1}, path, sizeof path);
    open_fails(path, EXS_EBADMODEL, "num_elem");
}

/* Errors of the accessors on a good file, each naming file and variable. */
static void check_access_errors(void)
{
    char path[4096];
    exs_file *f = NULL;
    int64_t i64[8];
    int32_t i32[8];
    double d[8];
    mini("big_map.nc", &(exs_mini){.cmode = NC_64BIT_DATA, .big_map = 5000000000LL},
         path, sizeof path);
    uint64_t sum = exs_file_checksum(path);
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    EXS_ASSERT_RC(exs_get_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 1, 2, EXS_I64, i64),
                  EXS_ERANGE);
    ASSERT_MSG(exs_errmsg(f), "connect1 of element block 1");
    ASSERT_MSG(exs_errmsg(f), path);
    EXS_ASSERT_RC(exs_get_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 1, EXS_I64, i64),
                  EXS_ENOTFOUND);
    ASSERT_MSG(exs_errmsg(f), "element block with id 7");
    EXS_ASSERT_RC(exs_get_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 0, 1, EXS_F64, d),
                  EXS_ETYPE);
    ASSERT_MSG(exs_errmsg(f), "connect1");
    EXS_ASSERT_RC(exs_get_coord(f, 0, 0, 2, EXS_I32, i32), EXS_ETYPE);
    ASSERT_MSG(exs_errmsg(f), "coordx");
    EXS_ASSERT_RC(exs_get_coord(f, 0, 3, 2, EXS_F64, d), EXS_ERANGE);
    ASSERT_MSG(exs_errmsg(f), "coordx");
    EXS_ASSERT_RC(exs_get_coord(f, 2, 0, 1, EXS_F64, d), EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_id_map(f, EXS_NODE_MAP, 0, 4, EXS_I32, i32), EXS_EOVERFLOW);
    ASSERT_MSG(exs_errmsg(f), "node_num_map");
    ASSERT_MSG(exs_errmsg(f), path);
    EXS_OK(f, exs_get_id_map(f, EXS_NODE_MAP, 0, 4, EXS_I64, i64));
    EXS_ASSERT_EQ(i64[3], 5000000000LL);
    EXS_ASSERT_EQ(i64[0], 1);
    EXS_OK(f, exs_get_id_map(f, EXS_NODE_MAP, 0, 3, EXS_I32, i32));
    EXS_ASSERT_EQ(i32[2], 3);
    EXS_ASSERT_RC(exs_get_var(f, EXS_NODAL, 0, 0, 0, 0, 1, EXS_F64, d), EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_set(f, EXS_NODE_SET, 1, 0, 1, EXS_I64, i64, NULL),
                  EXS_ENOTFOUND);
    EXS_ASSERT_RC(exs_get_conn(f, EXS_NODE_SET, 1, EXS_CONN_NODES, 0, 1, EXS_I64, i64),
                  EXS_EINVAL);
    EXS_ASSERT_RC(exs_get_times(f, 0, 1, EXS_F64, d), EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_EDGES, 0, 1, EXS_I64, i64),
                  EXS_ENOTFOUND);
    EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 0, 2, EXS_I32, i32));
    EXS_ASSERT_EQ(i32[5], 2);
    exs_close(f);
    EXS_ASSERT(exs_file_checksum(path) == sum);
}

/* Truth-table holes: an element variable not stored for a block. */
static void check_truth_hole(void)
{
    char path[4096];
    exs_file *f = NULL;
    double d[8];
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), "seacas__catalyst_block_crush_1.ex2");
    uint64_t sum = exs_file_checksum(path);
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    int64_t ids[16], nb = 0;
    int truth[256], nv = 0, hole = -1;
    exs_num_entities(f, EXS_ELEM_BLOCK, &nb);
    exs_num_vars(f, EXS_ELEM_BLOCK, &nv);
    EXS_ASSERT(nb <= 16 && nb * nv <= 256);
    if (nb > 16 || nb * nv > 256)
        return;
    exs_get_ids(f, EXS_ELEM_BLOCK, ids);
    exs_get_truth(f, EXS_ELEM_BLOCK, truth);
    for (int i = 0; i < nb * nv && hole < 0; i++)
        if (!truth[i])
            hole = i;
    EXS_ASSERT(hole >= 0);
    if (hole >= 0) {
        EXS_ASSERT_RC(exs_get_var(f, EXS_ELEM_BLOCK, ids[hole / nv], hole % nv, 0, 0, 1,
                                  EXS_F64, d),
                      EXS_ENOTFOUND);
        ASSERT_MSG(exs_errmsg(f), "truth table");
        ASSERT_MSG(exs_errmsg(f), "element block");
    }
    EXS_ASSERT_RC(exs_get_var(f, EXS_ELEM_BLOCK, ids[0], nv, 0, 0, 1, EXS_F64, d),
                  EXS_ERANGE);
    EXS_ASSERT_RC(exs_get_var(f, EXS_NODAL, 0, 0, 11, 0, 1, EXS_F64, d), EXS_ERANGE);
    ASSERT_MSG(exs_errmsg(f), "vals_nod_var1");
    exs_close(f);
    EXS_ASSERT(exs_file_checksum(path) == sum);
}

int main(void)
{
    char path[4096];
    exs_test_tmp_path(path, sizeof path, "bad_not_netcdf.exo");
    write_bytes(path, "this is plainly not a netCDF file at all\n", 41);
    open_fails(path, EXS_ENOTNC, NULL);
    exs_test_tmp_path(path, sizeof path, "bad_empty.exo");
    write_bytes(path, "", 0);
    open_fails(path, EXS_ENOTNC, NULL);
    exs_test_tmp_path(path, sizeof path, "bad_missing_file.exo");
    remove(path);
    open_fails(path, EXS_ENOFILE, NULL);
    check_truncated("seacas__test-gap.g.et");
    check_truncated("seacas-hist__ioss_exodus_bc_parents.gold.nc4");
    check_truncated("seacas__ioss_exodus_Q2_bc_parents.gold");
    check_model_errors();
    check_access_errors();
    check_truth_hole();
    return EXS_TEST_END();
}
