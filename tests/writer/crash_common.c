/* crash_common.c -- the phased model writer and its checks. */
#include "crash_common.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static double coord_of(int axis, int64_t node, int variant)
{
    return (double)(node % 977) * (axis + 1) + variant * 0.25;
}

static double value_of(int step, int64_t node, int variant)
{
    return (double)node * 0.5 + step * 100.0 + variant;
}

static void maybe_die(int phase, int kill_after)
{
    if (phase == kill_after)
        kill(getpid(), SIGKILL);
}

static int put_conn(exs_file *f, int g, int64_t ne)
{
    int64_t *c = malloc((size_t)ne * 8 * sizeof *c);
    int rc = c ? 0 : EXS_ENOMEM, e = 0;
    int m = g - 1;
    for (int k = 0; c && k < m; k++)
        for (int j = 0; j < m; j++)
            for (int i = 0; i < m; i++, e++) {
                int64_t n0 = (int64_t)k * g * g + (int64_t)j * g + i + 1;
                int64_t v[8] = {n0, n0 + 1, n0 + 1 + g, n0 + g, n0 + g * g,
                                n0 + 1 + g * g, n0 + 1 + g + g * g, n0 + g + g * g};
                memcpy(c + (int64_t)e * 8, v, sizeof v);
            }
    if (rc == 0)
        rc = exs_put_conn(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, ne, EXS_I64, c);
    free(c);
    return rc;
}

int crash_fill(exs_file *f, int g, int variant, int kill_after)
{
    int64_t nn = (int64_t)g * g * g, ne = (int64_t)(g - 1) * (g - 1) * (g - 1);
    char title[64];
    snprintf(title, sizeof title, "crash model %d", variant);
    exs_block_def b = {10, "HEX8", ne, 8, 0, 0, 0, "hexes"};
    int rc = exs_def_mesh(f, title, 3, nn);
    if (rc == 0)
        rc = exs_def_block(f, EXS_ELEM_BLOCK, &b);
    if (rc == 0)
        rc = exs_def_vars(f, EXS_NODAL, 1, (const char *[]){"u"});
    maybe_die(2, kill_after);
    if (rc == 0)
        rc = exs_end_define(f);
    maybe_die(3, kill_after);
    double *buf = malloc((size_t)nn * sizeof *buf);
    if (!buf)
        return EXS_ENOMEM;
    for (int a = 0; rc == 0 && a < 3; a++) {
        for (int64_t i = 0; i < nn; i++)
            buf[i] = coord_of(a, i, variant);
        rc = exs_put_coord(f, a, 0, nn, EXS_F64, buf);
    }
    maybe_die(4, kill_after);
    if (rc == 0)
        rc = put_conn(f, g, ne);
    maybe_die(5, kill_after);
    for (int s = 0; rc == 0 && s < CRASH_STEPS; s++) {
        for (int64_t i = 0; i < nn; i++)
            buf[i] = value_of(s, i, variant);
        rc = exs_put_time(f, s, s * 0.5 + variant);
        if (rc == 0)
            rc = exs_put_var(f, EXS_NODAL, 0, 0, s, 0, nn, EXS_F64, buf);
    }
    maybe_die(6, kill_after);
    free(buf);
    if (rc == 0)
        rc = exs_sync(f);
    maybe_die(7, kill_after);
    return rc;
}

int crash_write(const char *path, exs_format fmt, int clobber, int g, int variant,
                int kill_after)
{
    exs_create_opts o;
    exs_file *f = NULL;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = clobber;
    int rc = exs_create(path, &o, &f);
    if (rc != 0)
        return rc;
    maybe_die(1, kill_after);
    rc = crash_fill(f, g, variant, kill_after);
    int crc = exs_close(f);
    return rc ? rc : crc;
}

static int check_values(exs_file *f, int64_t nn, int variant)
{
    double *buf = malloc((size_t)nn * sizeof *buf), t;
    int ok = buf != NULL;
    for (int a = 0; ok && a < 3; a++) {
        ok = exs_get_coord(f, a, 0, nn, EXS_F64, buf) == 0;
        for (int64_t i = 0; ok && i < nn; i++)
            ok = buf[i] == coord_of(a, i, variant);
    }
    for (int s = 0; ok && s < CRASH_STEPS; s++) {
        ok = exs_get_times(f, s, 1, EXS_F64, &t) == 0 && t == s * 0.5 + variant &&
             exs_get_var(f, EXS_NODAL, 0, 0, s, 0, nn, EXS_F64, buf) == 0;
        for (int64_t i = 0; ok && i < nn; i++)
            ok = buf[i] == value_of(s, i, variant);
    }
    free(buf);
    return ok;
}

int crash_check(const char *path, int g, int variant)
{
    exs_file *f = NULL;
    int64_t nn = (int64_t)g * g * g, n = -1, steps = -1, last[8];
    const char *title = NULL;
    char want[64];
    snprintf(want, sizeof want, "crash model %d", variant);
    if (exs_open(path, EXS_READ, &f) != 0)
        return 0;
    int ok = exs_get_title(f, &title) == 0 && strcmp(title, want) == 0 &&
             exs_inquire(f, EXS_INQ_NUM_NODES, &n) == 0 && n == nn &&
             exs_inquire(f, EXS_INQ_NUM_TIMES, &steps) == 0 && steps == CRASH_STEPS;
    int64_t ne = (int64_t)(g - 1) * (g - 1) * (g - 1);
    ok = ok && exs_get_conn(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, ne - 1, 1, EXS_I64,
                            last) == 0 && last[6] == nn;
    ok = ok && check_values(f, nn, variant);
    exs_close(f);
    return ok;
}

uint64_t crash_hash(const char *path, long *size)
{
    FILE *fp = fopen(path, "rb");
    uint64_t h = 1469598103934665603ULL;
    unsigned char b[65536];
    size_t n;
    *size = -1;
    if (!fp)
        return 0;
    *size = 0;
    while ((n = fread(b, 1, sizeof b, fp)) > 0) {
        for (size_t i = 0; i < n; i++)
            h = (h ^ b[i]) * 1099511628211ULL;
        *size += (long)n;
    }
    fclose(fp);
    return h;
}

int crash_count_temps(const char *path)
{
    char dir[4096], prefix[600];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1,
             slash ? path : ".");
    snprintf(prefix, sizeof prefix, ".%s.exs-", slash ? slash + 1 : path);
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *de; d && (de = readdir(d)) != NULL;)
        n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}
