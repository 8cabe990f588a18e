/*
 * open_mpi.c -- parallel opens and creates: a duplicated communicator,
 * the same path, mode and options on every rank (agreed by hash), the
 * container format sniffed and agreed, then the store and the model scan,
 * each step agreed so a failure on one rank fails every rank.
 *
 * Only the comm layer talks to MPI; this file merely passes MPI_Comm and
 * MPI_Info values through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exoslab_par.h"
#include "parallel.h"
#include "write.h"

/* ---- open and create ---- */

/* A handle with a duplicated communicator (and hints, which the PnetCDF
 * backend asks it for); NULL with *rc set on failure (nothing to agree
 * on: the duplication is itself collective and fails everywhere). */
static exs_file *par_handle(const char *path, MPI_Comm comm, MPI_Info info,
                            int *rc)
{
    exs_file *f = exsi_file_alloc(path ? path : "");
    *rc = f ? exsi_comm_from_mpi(&comm, &info, &f->comm) : EXS_ENOMEM;
    if (*rc != 0) {
        exsi_file_free(f);
        return NULL;
    }
    f->parallel = 1;
    return f;
}

/* Every rank must have found the same container format. */
static int same_format(exs_file *f, int format)
{
    int64_t v[2] = {format, -(int64_t)format}, r[2];
    int rc = exsi_comm_allreduce_i64(f->comm, v, r, 2, EXS_OP_MAX);
    if (rc != 0)
        return exsi_err(f, rc, "agreeing on the file format");
    if (r[0] != -r[1])
        return exsi_err(f, EXS_EINVAL, "ranks see different file formats "
                       "(%lld and %lld): was the same path passed everywhere?",
                       (long long)-r[1], (long long)r[0]);
    return 0;
}

static int is_nc4(int format)
{
    return format == EXS_FORMAT_NETCDF4 || format == EXS_FORMAT_NETCDF4_CLASSIC;
}

/* Agree on the outcome so far and on what every rank must have passed
 * alike: the path (else a rank may silently read another's file), the
 * mode and, for a create, the options. */
static int agree_args(exs_file *f, int rc, const char *path, int mode,
                      const exs_create_opts *o)
{
    char what[EXS_ERRMSG_LEN / 2];
    uint64_t h = exsi_comm_hash(0, &mode, sizeof mode);
    if (path)
        h = exsi_comm_hash(h, path, strlen(path) + 1);
    if (o) {
        int64_t v[11] = {o->format, o->int64, o->float_size, o->name_len,
                         o->clobber, o->deflate, o->shuffle, o->zstd,
                         o->node_chunk, o->elem_chunk, o->nparts};
        h = exsi_comm_hash(h, v, sizeof v);
    }
    snprintf(what, sizeof what, "path \"%s\"%s", path ? path : "(null)",
             o ? " or creation options" : mode == EXS_WRITE ? " (EXS_WRITE)"
                                                          : " (EXS_READ)");
    return exsi_err_agree_call(f, rc, 0, NULL, h, what);
}

/* Collective failure exit: keep the message, close everywhere. */
static int par_fail(exs_file *f, int rc, char *msg, size_t msglen)
{
    if (msg && msglen)
        snprintf(msg, msglen, "%s", f->errmsg);
    exs_close(f);
    return rc;
}

static int open_store(exs_file *f, const char *path, int mode)
{
    int rc = exsi_file_sniff_format(f, path, &f->format);
    if ((rc = exsi_par_agree(f, rc)) != 0)
        return rc;
    if ((rc = exsi_par_agree(f, same_format(f, f->format))) != 0)
        return rc;
    if (is_nc4(f->format))
        rc = exsi_store_netcdf_open(f, path, mode, f->comm, &f->store);
    else
        rc = exsi_store_pnetcdf_open(f, path, mode, f->comm, &f->store);
    return exsi_par_agree(f, rc);
}

int exs_open_par_err(const char *path, int mode, MPI_Comm comm, MPI_Info info,
                     exs_file **out, char *msg, size_t msglen)
{
    int rc;
    if (msg && msglen)
        msg[0] = '\0';
    if (!out)
        return exsi_err_nohandle(msg, msglen, EXS_EINVAL, "exs_open_par", "f is NULL");
    *out = NULL;
    exs_file *f = par_handle(path, comm, info, &rc);
    if (!f)
        return exsi_err_nohandle(msg, msglen, rc, "exs_open_par",
                                "duplicating the communicator");
    f->mode = mode;
    rc = !path || (mode != EXS_READ && mode != EXS_WRITE)
             ? exsi_err(f, EXS_EINVAL, "exs_open_par: %s", !path ? "path is NULL" : "bad mode")
             : 0;
    if ((rc = agree_args(f, rc, path, mode, NULL)) == 0)
        rc = open_store(f, path, mode);
    if (rc == 0) {
        f->format = f->store->format;
        rc = exsi_par_agree(f, exsi_scan_model_scan(f));
    }
    if (rc != 0)
        return par_fail(f, rc, msg, msglen);
    *out = f;
    return 0;
}

int exs_open_par(const char *path, int mode, MPI_Comm comm, MPI_Info info,
                 exs_file **f)
{
    return exs_open_par_err(path, mode, comm, info, f, NULL, 0);
}

int exs_create_par_err(const char *path, const exs_create_opts *opts,
                       MPI_Comm comm, MPI_Info info, exs_file **out, char *msg,
                       size_t msglen)
{
    int rc;
    exs_create_opts o;
    if (msg && msglen)
        msg[0] = '\0';
    if (!out)
        return exsi_err_nohandle(msg, msglen, EXS_EINVAL, "exs_create_par", "f is NULL");
    *out = NULL;
    if (opts)
        o = *opts;
    else
        exs_create_opts_init(&o);
    exs_file *f = par_handle(path, comm, info, &rc);
    if (!f)
        return exsi_err_nohandle(msg, msglen, rc, "exs_create_par",
                                "duplicating the communicator");
    f->mode = EXS_WRITE;
    if (o.nparts <= 1)
        o.nparts = exsi_comm_size(f->comm);
    rc = path ? 0 : exsi_err(f, EXS_EINVAL, "exs_create_par: path is NULL");
    if (rc == 0) /* before anything exists on disk */
        rc = exsi_w_write_check_opts(f, &o);
    rc = agree_args(f, rc, path, EXS_WRITE, &o);
    /* The store is created on a temporary that rank 0 reserves and that
     * exs_close renames once every rank agreed the close succeeded. */
    if ((rc = exsi_par_agree(f, rc)) == 0)
        rc = exsi_w_write_create(f, &o); /* collective, agreed */
    if (rc != 0)
        return par_fail(f, rc, msg, msglen);
    *out = f;
    return 0;
}

int exs_create_par(const char *path, const exs_create_opts *opts, MPI_Comm comm,
                   MPI_Info info, exs_file **f)
{
    return exs_create_par_err(path, opts, comm, info, f, NULL, 0);
}

