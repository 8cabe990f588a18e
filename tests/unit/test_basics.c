/* Unit checks of the pieces that need no file: error table, version, type
 * vocabulary, slab iterator, serial communicator. */
#include <stdint.h>

#include "exs_comm.h"
#include "exs_test.h"
#include "internal.h"

static void test_errors(void)
{
    EXS_ASSERT_STREQ(exs_errname(EXS_ERANGE), "EXS_ERANGE");
    EXS_ASSERT_STREQ(exs_strerror(EXS_OK), "success");
    EXS_ASSERT_STREQ(exs_errname(12345), "EXS_E?");
    /* Every code from 0 down to the end has its own name and text. */
    for (int c = 0; c > EXS_ERROR_END_; c--) {
        EXS_ASSERT(strncmp(exs_errname(c), "EXS_", 4) == 0);
        EXS_ASSERT(strcmp(exs_strerror(c), "unknown error code") != 0);
        for (int d = c - 1; d > EXS_ERROR_END_; d--)
            EXS_ASSERT(strcmp(exs_errname(c), exs_errname(d)) != 0);
    }
    EXS_ASSERT_STREQ(exs_errmsg(NULL), "no file handle");
    EXS_ASSERT_EQ(exs_close(NULL), 0);
}

static void test_version(void)
{
    EXS_ASSERT_EQ(exs_version_number(), EXS_VERSION_NUMBER);
    EXS_ASSERT(strncmp(exs_version_string(), "0.1.0 (", 7) == 0);
}

static void test_topology(void)
{
    static const struct {
        const char *s;
        exs_topo t;
    } cases[] = {
        {"HEX8", EXS_TOPO_HEX},        {"hex8", EXS_TOPO_HEX},
        {"HEX", EXS_TOPO_HEX},         {"HEXAHEDRON", EXS_TOPO_HEX},
        {"hex", EXS_TOPO_HEX},         {"HEX27", EXS_TOPO_HEX},
        {"TETRA", EXS_TOPO_TET},       {"tetra:8", EXS_TOPO_TET},
        {"TET10", EXS_TOPO_TET},       {"tetra", EXS_TOPO_TET},
        {"SPHERE", EXS_TOPO_SPHERE},   {"sphere", EXS_TOPO_SPHERE},
        {"circle", EXS_TOPO_SPHERE},   {"point", EXS_TOPO_SPHERE},
        {"BEX_HEX", EXS_TOPO_BEX},     {"SUPER", EXS_TOPO_SUPER},
        {"NSIDED", EXS_TOPO_NSIDED},   {"nsided", EXS_TOPO_NSIDED},
        {"NFACED", EXS_TOPO_NFACED},   {"EDGE2", EXS_TOPO_BAR},
        {"BAR2", EXS_TOPO_BAR},        {"BEAM", EXS_TOPO_BAR},
        {"TRUSS", EXS_TOPO_BAR},       {"TRI3", EXS_TOPO_TRI},
        {"TRI7", EXS_TOPO_TRI},        {"TRISHELL3", EXS_TOPO_TRISHELL},
        {"QUAD9", EXS_TOPO_QUAD},      {"quad", EXS_TOPO_QUAD},
        {"SHELL4", EXS_TOPO_SHELL},    {"shell4", EXS_TOPO_SHELL},
        {"WEDGE15", EXS_TOPO_WEDGE},   {"wedge", EXS_TOPO_WEDGE},
        {"PYRAMID13", EXS_TOPO_PYRAMID}, {"  HEX8  ", EXS_TOPO_HEX},
        {"", EXS_TOPO_UNKNOWN},        {"HEXSHELL", EXS_TOPO_UNKNOWN},
        {"blob", EXS_TOPO_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        exs_topo got = exs_topo_parse(cases[i].s);
        if (got != cases[i].t)
            fprintf(stderr, "type \"%s\"\n", cases[i].s);
        EXS_ASSERT_EQ(got, cases[i].t);
    }
    EXS_ASSERT_EQ(exs_topo_parse(NULL), EXS_TOPO_UNKNOWN);
    EXS_ASSERT_STREQ(exs_topo_name(EXS_TOPO_HEX), "HEX");
    EXS_ASSERT_STREQ(exs_topo_name((exs_topo)999), "UNKNOWN");
}

/* The iterator covers [start, start+count) once, with every boundary
 * after the first on a multiple of the step. */
static void test_iterator(void)
{
    exs_slab_iter it;
    int64_t s, c;
    EXS_ASSERT_RC(exs_iter_init(&it, 0, 10, 0), EXS_EINVAL);
    EXS_ASSERT_RC(exs_iter_init(&it, -1, 10, 4), EXS_EINVAL);
    for (int64_t start = 0; start < 9; start++)
        for (int64_t count = 0; count < 30; count += 3)
            for (int64_t step = 1; step < 12; step += 2) {
                EXS_OK(NULL, exs_iter_init(&it, start, count, step));
                int64_t covered = start, slabs = 0;
                while (exs_iter_next(&it, &s, &c)) {
                    if (s != covered || c <= 0 || c > step ||
                        ((s + c) % step != 0 && s + c != start + count))
                        EXS_FAIL_("slab [%lld,+%lld) step %lld", (long long)s,
                                  (long long)c, (long long)step);
                    covered = s + c;
                    slabs++;
                }
                EXS_ASSERT_EQ(covered, start + count);
                EXS_ASSERT(slabs <= count / step + 2);
            }
    EXS_OK(NULL, exs_iter_init(&it, 5, 0, 4));
    EXS_ASSERT_EQ(exs_iter_next(&it, &s, &c), 0);
}

static void test_serial_comm(void)
{
    exsi_comm *c = NULL;
    EXS_OK(NULL, exsi_comm_serial(&c));
    EXS_ASSERT_EQ(exsi_comm_rank(c), 0);
    EXS_ASSERT_EQ(exsi_comm_size(c), 1);
    int64_t in[3] = {4, -2, 9}, out[3] = {0};
    EXS_OK(NULL, exsi_comm_allreduce_i64(c, in, out, 3, EXS_OP_SUM));
    EXS_ASSERT_EQ(out[1], -2);
    EXS_OK(NULL, exsi_comm_allgather_i64(c, in, 3, out));
    EXS_ASSERT_EQ(out[2], 9);
    char msg[64] = "broke here";
    EXS_ASSERT_EQ(exsi_comm_agree(c, EXS_ERANGE, msg, sizeof msg), EXS_ERANGE);
    EXS_ASSERT_STREQ(msg, "broke here");
    EXS_ASSERT_EQ(exsi_comm_agree(c, 0, msg, sizeof msg), 0);
    EXS_ASSERT(exsi_comm_mpi_handle(c) == NULL);
    exsi_comm_free(c);
    exsi_comm_free(NULL);
}

int main(void)
{
    test_errors();
    test_version();
    test_topology();
    test_iterator();
    test_serial_comm();
    return EXS_TEST_END();
}
