/* file.c -- open, close, format detection. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write.h"

static const unsigned char hdf5_sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

/* HDF5 looks for its signature at 0, 512, 1024, 2048... */
static int has_hdf5_sig(int fd, off_t size)
{
    unsigned char b[8];
    for (off_t at = 0; at + 8 <= size; at = at ? at * 2 : 512)
        if (pread(fd, b, 8, at) == 8 && memcmp(b, hdf5_sig, 8) == 0)
            return 1;
    return 0;
}

int exsi_file_sniff_format(exs_file *f, const char *path, int *format)
{
    unsigned char b[4];
    struct stat st;
    /* A FIFO or device would block open() itself: look before opening,
     * and open without blocking in case it changed in between. */
    if (stat(path, &st) != 0)
        return exsi_err(f, EXS_ENOFILE, "cannot open: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return exsi_err(f, EXS_ENOFILE, "not a regular file");
    int rc = 0, fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0)
        return exsi_err(f, EXS_ENOFILE, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = exsi_err(f, EXS_ENOFILE, "not a regular file");
        goto out_close;
    }
    if (st.st_size < 4 || pread(fd, b, 4, 0) != 4) {
        rc = exsi_err(f, st.st_size == 0 ? EXS_ENOTNC : EXS_ECORRUPT,
                     "file of %lld bytes is too short for netCDF",
                     (long long)st.st_size);
        goto out_close;
    }
    if (memcmp(b, "CDF", 3) == 0 && (b[3] == 1 || b[3] == 2 || b[3] == 5)) {
        *format = b[3] == 1   ? EXS_FORMAT_CLASSIC
                  : b[3] == 2 ? EXS_FORMAT_64BIT_OFFSET
                              : EXS_FORMAT_CDF5;
        if (st.st_size < 32)
            rc = exsi_err(f, EXS_ECORRUPT, "netCDF header truncated at %lld bytes",
                         (long long)st.st_size);
        else
            rc = exsi_store_check_cdf_header(f, fd, (int64_t)st.st_size, b[3]);
    } else if (has_hdf5_sig(fd, st.st_size)) {
        *format = EXS_FORMAT_NETCDF4; /* classic model is told apart on open */
    } else {
        rc = exsi_err(f, EXS_ENOTNC, "no netCDF or HDF5 signature");
    }
out_close:
    close(fd);
    return rc;
}

exs_file *exsi_file_alloc(const char *path)
{
    exs_file *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->path = malloc(strlen(path) + 1);
    if (!f->path) {
        free(f);
        return NULL;
    }
    strcpy(f->path, path);
    f->err.rank = -1;
    f->coord_combined = -1;
    f->time_varid = -1;
    for (int a = 0; a < 3; a++)
        f->coord_varid[a] = -1;
    for (int k = 0; k < EXS_NUM_KINDS; k++)
        f->vars[k].legacy_varid = -1;
    f->name_len = 32;
    f->float_size = 8;
    f->int_size = 4;
    return f;
}

/* Free the handle's memory only (the store and comm must be gone). */
void exsi_file_free(exs_file *f)
{
    if (!f)
        return;
    exsi_scan_model_free(f);
    free(f->path);
    free(f);
}

static void copy_msg(const exs_file *f, char *msg, size_t msglen)
{
    if (msg && msglen)
        snprintf(msg, msglen, "%s", f->errmsg);
}

int exs_open_err(const char *path, int mode, exs_file **out, char *msg,
                 size_t msglen)
{
    int rc;
    if (msg && msglen)
        msg[0] = '\0';
    if (!out)
        return exsi_err_nohandle(msg, msglen, EXS_EINVAL, "exs_open", "f is NULL");
    *out = NULL;
    if (!path || (mode != EXS_READ && mode != EXS_WRITE))
        return exsi_err_nohandle(msg, msglen, EXS_EINVAL, "exs_open",
                                !path ? "path is NULL" : "bad mode");
    exs_file *f = exsi_file_alloc(path);
    if (!f)
        return exsi_err_nohandle(msg, msglen, EXS_ENOMEM, "exs_open",
                                "no memory for the handle");
    f->mode = mode;
    rc = exsi_comm_serial(&f->comm);
    if (rc == 0)
        rc = exsi_file_sniff_format(f, path, &f->format);
    if (rc == 0)
        rc = exsi_store_netcdf_open(f, path, mode, f->comm, &f->store);
    if (rc == 0) {
        f->format = f->store->format;
        rc = exsi_scan_model_scan(f);
    }
    if (rc != 0) {
        copy_msg(f, msg, msglen);
        exs_close(f);
        return rc;
    }
    *out = f;
    return 0;
}

int exs_open(const char *path, int mode, exs_file **f)
{
    return exs_open_err(path, mode, f, NULL, 0);
}

/* Close the store; a close error counts only when nothing failed before
 * it (the first failure's code and message are what close reports). */
static int close_store(exs_file *f, int rc)
{
    exsi_core_errinfo first;
    if (!f->store)
        return rc;
    first = f->err;
    int crc = f->store->ops->close(f->store);
    f->store = NULL;
    if (rc != 0) {
        exsi_err_set(f, &first);
        return rc;
    }
    return f->w ? exsi_err_as_write(f, crc) : crc;
}

int exs_close_err(exs_file *f, char *msg, size_t msglen)
{
    int rc = 0;
    if (msg && msglen)
        msg[0] = '\0';
    if (!f)
        return 0;
    if (f->w)
        rc = exsi_w_write_finish(f); /* agreed in parallel */
    int agreed = rc != 0;
    rc = close_store(f, rc);
    if (f->parallel && !agreed)
        rc = exsi_err_agree(f, rc);
    if (f->w)
        rc = exsi_w_write_end(f, rc);
    if (rc != 0)
        copy_msg(f, msg, msglen);
    exsi_comm_free(f->comm);
    exsi_file_free(f);
    return rc;
}

int exs_close(exs_file *f)
{
    return exs_close_err(f, NULL, 0);
}
