/* write_state.c -- the writer's state every writer file shares: the
 * options' defaults, f->w for a file opened with EXS_WRITE, the entry
 * check of every writer call and the sticky failure. It calls no other
 * writer file (write.c, write_header.c and the topic files call it), so
 * the writer's files form no call circle (docs/architecture.md). */
#include <stdlib.h>
#include <string.h>

#include "write.h"

void exs_create_opts_init(exs_create_opts *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->format = EXS_FORMAT_DEFAULT;
    opts->float_size = 8;
    opts->name_len = 32;
    opts->nparts = 1;
}

char *exsi_w_strdup(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (out)
        memcpy(out, s, n + 1);
    return out;
}

int exsi_w_write_open(exs_file *f)
{
    if (f->w)
        return 0;
    if (f->mode != EXS_WRITE)
        return exsi_err(f, EXS_EMODE, "file was opened read-only");
    exsi_core_write_state *w = calloc(1, sizeof *w);
    if (!w)
        return exsi_err(f, EXS_ENOMEM, "writer state");
    w->lock_fd = -1;
    exs_create_opts_init(&w->opts);
    w->opts.format = (exs_format)f->format;
    w->opts.float_size = f->float_size;
    w->opts.name_len = f->name_len;
    w->opts.int64 = f->int_size == 8;
    w->mesh_defined = f->has_mesh;
    f->w = w;
    return 0;
}

int exsi_w_enter(exs_file *f)
{
    if (!f)
        return EXS_EINVAL;
    if (f->w && f->w->failed) {
        exsi_err_set(f, &f->w->fail);
        return f->w->failed;
    }
    exsi_err_clear(f);
    return 0;
}

int exsi_w_fail(exs_file *f, int rc)
{
    if (rc != 0 && f && f->w && !f->w->failed) {
        f->w->failed = rc;
        f->w->fail = f->err;
    }
    return rc;
}

int exsi_w_usable(exs_file *f, const char *what)
{
    if (!f)
        return EXS_EINVAL;
    if (f->mode != EXS_WRITE)
        return exsi_err(f, EXS_EMODE, "%s: file is open read-only", what);
    int rc = exsi_w_write_open(f);
    if (rc == 0 && f->w->failed)
        rc = exsi_w_enter(f);
    return rc;
}

int exsi_w_check_define(exs_file *f, const char *what)
{
    int rc = exsi_w_usable(f, what);
    if (rc != 0)
        return rc;
    if (!f->w->defining)
        return exsi_err(f, EXS_EMODE, "%s: the header is already written (%s)", what,
                       f->w->created ? "definitions end at the first bulk write"
                                     : "file opened for appending");
    return 0;
}
