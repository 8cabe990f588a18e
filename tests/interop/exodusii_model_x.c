/* exodusii_model_x -- standalone (libexoIIv2c only, never exoslab):
 *   write FILE  writes a one-element mesh with the coordinate frames of
 *               model_x_frames.h through libexodusII 6.02's
 *               ex_put_coordinate_frames;
 *   check FILE  opens a file exoslab wrote with assemblies, reduction
 *               variables and those frames: libexodusII (which predates
 *               assemblies) must open it, see its block and read the frames
 *               value by value.
 * Exit status 0 when every call and check passed. */
#include <exodusII.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_x_frames.h"

static int fails;

#define CK(call)                                                                 \
    do {                                                                         \
        int rc_ = (call);                                                        \
        if (rc_ < 0) {                                                           \
            fprintf(stderr, "%s:%d: %s -> %d\n", __FILE__, __LINE__, #call, rc_); \
            fails++;                                                             \
        }                                                                        \
    } while (0)
#define EQ(a, b)                                                                 \
    do {                                                                         \
        if ((a) != (b)) {                                                        \
            fprintf(stderr, "%s:%d: %s != %s\n", __FILE__, __LINE__, #a, #b);     \
            fails++;                                                             \
        }                                                                        \
    } while (0)

static int write_file(const char *path)
{
    int cpu = 8, io = 8, ids[MXF_N], conn[1] = {1};
    double c[9 * MXF_N], x[1] = {0}, y[1] = {0};
    int exo = ex_create(path, EX_CLOBBER, &cpu, &io);
    if (exo < 0)
        return 1;
    CK(ex_put_init(exo, "frames", 2, 1, 1, 1, 0, 0));
    CK(ex_put_coord(exo, x, y, NULL));
    CK(ex_put_elem_block(exo, 1, "SPHERE", 1, 1, 0));
    CK(ex_put_elem_conn(exo, 1, conn));
    for (int i = 0; i < MXF_N; i++) {
        ids[i] = mxf_ids[i];
        for (int k = 0; k < 9; k++)
            c[9 * i + k] = mxf_coord(i, k);
    }
    CK(ex_put_coordinate_frames(exo, MXF_N, ids, c, mxf_tags));
    CK(ex_close(exo));
    return fails != 0;
}

static int check_file(const char *path)
{
    int cpu = 8, io = 0, n = 0, ids[MXF_N] = {0}, nblk = 0;
    float version;
    double c[9 * MXF_N];
    char tags[MXF_N + 1] = {0};
    int exo = ex_open(path, EX_READ, &cpu, &io, &version);
    if (exo < 0) {
        fprintf(stderr, "ex_open(%s) -> %d\n", path, exo);
        return 1;
    }
    nblk = (int)ex_inquire_int(exo, EX_INQ_ELEM_BLK);
    EQ(nblk, 1);
    CK(ex_get_coordinate_frames(exo, &n, NULL, NULL, NULL));
    EQ(n, MXF_N);
    if (n == MXF_N) {
        CK(ex_get_coordinate_frames(exo, &n, ids, c, tags));
        for (int i = 0; i < MXF_N; i++) {
            EQ(ids[i], mxf_ids[i]);
            EQ(tags[i], mxf_tags[i]);
            for (int k = 0; k < 9; k++)
                EQ(c[9 * i + k], mxf_coord(i, k));
        }
    }
    CK(ex_close(exo));
    return fails != 0;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    int rc = strcmp(argv[1], "write") == 0 ? write_file(argv[2]) : check_file(argv[2]);
    printf("%s %s: %s\n", argv[1], argv[2], rc ? "FAILED" : "ok");
    return rc;
}
