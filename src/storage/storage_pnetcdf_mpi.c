/*
 * storage_pnetcdf_mpi.c -- the PnetCDF backend: CDF-1, CDF-2 and CDF-5
 * files opened or created in parallel.
 *
 * Data calls are collective (ncmpi_*_all) or independent by the access
 * mode the parallel layer sets; it starts independent (the metadata scan
 * at open reads the same small arrays on every rank). Nonblocking
 * requests (iget/iput) may be posted in either mode and are finished by
 * one collective ncmpi_wait_all, which counts as one collective call.
 *
 * Read-only opens read the slabs the classic direct path covers
 * (cdf_direct.h: contiguous in the file apart from the record stride)
 * with each rank's own pread into the caller's buffer, converted there,
 * instead of PnetCDF's MPI-IO read and separate swap pass; PnetCDF keeps
 * the rest and every write. Only where that cannot leave a rank alone in
 * a collective: a posted request (the collective engine's path; every
 * rank still enters the one ncmpi_wait_all, with or without requests of
 * its own), a collective blocking read (made the same on every rank: the
 * slab read now or posted, then ncmpi_wait_all, instead of
 * ncmpi_get_vara_*_all) and an independent read. EXOSLAB_NO_DIRECT=1
 * turns the path off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netcdf.h>
#include <netcdf_par.h>
#include <pnetcdf.h>

#include "cdf_direct.h"
#include "storage_netcdf.h"

typedef struct pn_impl {
    int collective; /* access asked for by the parallel layer */
    int indep;      /* PnetCDF is in independent data mode now */
    int defining;   /* in define mode */
    int readonly;   /* opened EXS_READ: close agrees on nothing */
    exsi_store_cdf_direct *direct; /* read-only opens: this rank's pread path */
} pn_impl;

static pn_impl *impl_of(exsi_core_store *s) { return s->impl; }

/* The shared table, with PnetCDF's own library-error default. */
static int pn_code(int rc)
{
    int code = exsi_store_nc_code(rc);
    return code == EXS_ENETCDF ? EXS_EPNETCDF : code;
}

static int pn_fail(exsi_core_store *s, int rc, int varid, const char *what)
{
    char name[NC_MAX_NAME + 1] = "(global)";
    if (varid >= 0 && ncmpi_inq_varname(s->ncid, varid, name) != NC_NOERR)
        snprintf(name, sizeof name, "varid %d", varid);
    return exsi_err(s->file, pn_code(rc), "%s of variable %s: %s", what, name,
                   ncmpi_strerror(rc));
}

/* Bring PnetCDF's data mode in line with the asked-for access. Collective
 * whenever it changes anything (begin/end_indep_data are). */
static int pn_sync_mode(exsi_core_store *s)
{
    pn_impl *im = impl_of(s);
    int rc = NC_NOERR;
    if (im->defining)
        return 0;
    if (!im->collective && !im->indep)
        rc = ncmpi_begin_indep_data(s->ncid);
    else if (im->collective && im->indep)
        rc = ncmpi_end_indep_data(s->ncid);
    if (rc != NC_NOERR)
        return pn_fail(s, rc, -1, "switching data mode");
    im->indep = !im->collective;
    return 0;
}

/* 1 + the last byte of the file a write of this slab covers (0 for an
 * empty slab), from PnetCDF's own layout; what lets the tail completion
 * tell arrays never written from writes lost (cdf_header.c). */
static int64_t slab_end(exsi_core_store *s, const exsi_core_varinfo *vi,
                        const MPI_Offset *st, const MPI_Offset *ct)
{
    MPI_Offset off = 0, recsize = 0, width = 0, last = 0;
    int unlim = -1;
    switch (vi->xtype) {
    case NC_BYTE: case NC_CHAR: case NC_UBYTE: width = 1; break;
    case NC_SHORT: case NC_USHORT: width = 2; break;
    case NC_INT: case NC_UINT: case NC_FLOAT: width = 4; break;
    default: width = 8; break;
    }
    if (ncmpi_inq_varoffset(s->ncid, vi->varid, &off) != NC_NOERR)
        return 0;
    ncmpi_inq_unlimdim(s->ncid, &unlim);
    int is_rec = vi->ndims > 0 && vi->dimids[0] == unlim;
    for (int d = 0; d < vi->ndims; d++)
        if (ct[d] == 0)
            return 0;
    for (int d = is_rec; d < vi->ndims; d++)
        last = last * (d == is_rec ? 1 : (MPI_Offset)vi->dimlen[d]) + st[d] + ct[d] - 1;
    if (is_rec && ncmpi_inq_recsize(s->ncid, &recsize) == NC_NOERR)
        off += (st[0] + ct[0] - 1) * recsize;
    return (int64_t)(off + (last + 1) * width);
}

static void note_written(exsi_core_store *s, const exsi_core_varinfo *vi,
                         const MPI_Offset *st, const MPI_Offset *ct)
{
    int64_t end = slab_end(s, vi, st, ct);
    if (end > s->file->written_end)
        s->file->written_end = end;
}

/* Collective: the ranks' largest written_end, before the close that ends
 * the communicator's use by this store. */
static void agree_written_end(exsi_core_store *s)
{
    int64_t mine = s->file->written_end, all = mine;
    if (s->file->comm && exsi_comm_allreduce_i64(s->file->comm, &mine, &all, 1,
                                                 EXS_OP_MAX) == 0)
        s->file->written_end = all;
}

static int pn_close(exsi_core_store *s)
{
    int rc = 0;
    if (s->ncid >= 0 && !impl_of(s)->readonly)
        agree_written_end(s);
    if (s->ncid >= 0) {
        int prc = ncmpi_close(s->ncid);
        if (prc != NC_NOERR)
            rc = exsi_err(s->file, pn_code(prc) == EXS_EPNETCDF ? EXS_EWRITE : pn_code(prc),
                         "closing with PnetCDF: %s", ncmpi_strerror(prc));
    }
    if (s->impl)
        exsi_store_cdf_direct_close(impl_of(s)->direct);
    free(s->impl);
    free(s);
    return rc;
}

static int pn_inq_dim(exsi_core_store *s, const char *name, int *dimid, int64_t *len)
{
    int id;
    MPI_Offset l = 0;
    if (ncmpi_inq_dimid(s->ncid, name, &id) != NC_NOERR)
        return EXS_ENOTFOUND;
    int rc = ncmpi_inq_dimlen(s->ncid, id, &l);
    if (rc != NC_NOERR)
        return exsi_err(s->file, pn_code(rc), "dimension %s: %s", name,
                       ncmpi_strerror(rc));
    if (dimid)
        *dimid = id;
    if (len)
        *len = (int64_t)l;
    return 0;
}

static int pn_inq_varname(exsi_core_store *s, int varid, char *name, size_t cap)
{
    char buf[NC_MAX_NAME + 1];
    if (ncmpi_inq_varname(s->ncid, varid, buf) != NC_NOERR)
        return EXS_ENOTFOUND;
    snprintf(name, cap, "%s", buf);
    return 0;
}

static int pn_inq_var(exsi_core_store *s, const char *name, exsi_core_varinfo *vi)
{
    int varid, ndims, natts;
    nc_type xt;
    int dimids[NC_MAX_VAR_DIMS];
    if (ncmpi_inq_varid(s->ncid, name, &varid) != NC_NOERR)
        return EXS_ENOTFOUND;
    int rc = ncmpi_inq_var(s->ncid, varid, NULL, &xt, &ndims, dimids, &natts);
    if (rc != NC_NOERR)
        return pn_fail(s, rc, varid, "inquiry");
    if (ndims > EXS_MAX_DIMS)
        return exsi_err(s->file, EXS_EBADMODEL, "variable %s has %d dimensions",
                       name, ndims);
    vi->varid = varid;
    vi->xtype = xt;
    vi->ndims = ndims;
    for (int d = 0; d < ndims; d++) {
        MPI_Offset l = 0;
        ncmpi_inq_dimlen(s->ncid, dimids[d], &l);
        vi->dimids[d] = dimids[d];
        vi->dimlen[d] = (int64_t)l;
    }
    return 0;
}

static int pn_inq_layout(exsi_core_store *s, int varid, exsi_core_layout *lay)
{
    (void)s, (void)varid;
    memset(lay, 0, sizeof *lay); /* classic formats: contiguous, no filters */
    return 0;
}

static int pn_get_att_text(exsi_core_store *s, int varid, const char *name, char *buf,
                           size_t cap, size_t *n)
{
    MPI_Offset len;
    nc_type xt;
    int v = varid < 0 ? NC_GLOBAL : varid;
    if (ncmpi_inq_att(s->ncid, v, name, &xt, &len) != NC_NOERR)
        return EXS_ENOTFOUND;
    if (n)
        *n = (size_t)len;
    if (xt != NC_CHAR)
        return EXS_ETYPE;
    char *tmp = malloc((size_t)len + 1);
    if (!tmp)
        return EXS_ENOMEM;
    int rc = ncmpi_get_att_text(s->ncid, v, name, tmp);
    if (rc == NC_NOERR && cap > 0) {
        size_t k = (size_t)len < cap - 1 ? (size_t)len : cap - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    free(tmp);
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, varid, "attribute read");
}

static int pn_get_att_num(exsi_core_store *s, int varid, const char *name, void *buf,
                          size_t cap, size_t *n, int as_double)
{
    MPI_Offset len;
    nc_type xt;
    int v = varid < 0 ? NC_GLOBAL : varid;
    if (ncmpi_inq_att(s->ncid, v, name, &xt, &len) != NC_NOERR)
        return EXS_ENOTFOUND;
    if (n)
        *n = (size_t)len;
    if (xt == NC_CHAR)
        return EXS_ETYPE;
    size_t width = as_double ? sizeof(double) : sizeof(long long);
    void *tmp = malloc((len ? (size_t)len : 1) * width);
    if (!tmp)
        return EXS_ENOMEM;
    int rc = as_double ? ncmpi_get_att_double(s->ncid, v, name, tmp)
                       : ncmpi_get_att_longlong(s->ncid, v, name, tmp);
    if (rc == NC_NOERR)
        memcpy(buf, tmp, ((size_t)len < cap ? (size_t)len : cap) * width);
    free(tmp);
    if (rc == NC_ERANGE) /* a stored value the requested type cannot hold */
        return exsi_err(s->file, EXS_EOVERFLOW, "attribute %s: a value does not fit %s",
                        name, as_double ? "a double" : "a 64-bit integer");
    if (rc != NC_NOERR)
        return pn_fail(s, rc, varid, "attribute read");
    return 0;
}

static int pn_get_att_i64(exsi_core_store *s, int varid, const char *name, int64_t *buf,
                          size_t cap, size_t *n)
{
    return pn_get_att_num(s, varid, name, buf, cap, n, 0);
}

static int pn_get_att_f64(exsi_core_store *s, int varid, const char *name, double *buf,
                          size_t cap, size_t *n)
{
    return pn_get_att_num(s, varid, name, buf, cap, n, 1);
}

static int pn_inq_att_at(exsi_core_store *s, int varid, int idx, char *name, size_t cap,
                         int *xtype, size_t *len)
{
    char nm[NC_MAX_NAME + 1];
    nc_type xt;
    MPI_Offset n;
    int v = varid < 0 ? NC_GLOBAL : varid;
    if (ncmpi_inq_attname(s->ncid, v, idx, nm) != NC_NOERR ||
        ncmpi_inq_att(s->ncid, v, nm, &xt, &n) != NC_NOERR)
        return EXS_ENOTFOUND;
    if (strlen(nm) >= cap)
        return exsi_err(s->file, EXS_ERANGE, "attribute name %s too long", nm);
    memcpy(name, nm, strlen(nm) + 1);
    *xtype = (int)xt;
    *len = (size_t)n;
    return 0;
}

/* start/count as MPI_Offset; a negative entry is a range error. */
static int to_offsets(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                      const int64_t *count, MPI_Offset *st, MPI_Offset *ct)
{
    for (int d = 0; d < vi->ndims; d++) {
        if (start[d] < 0 || count[d] < 0)
            return exsi_err(s->file, EXS_ERANGE, "negative slab");
        st[d] = (MPI_Offset)start[d];
        ct[d] = (MPI_Offset)count[d];
    }
    return 0;
}

/* One PnetCDF call per buffer type: a ## type ## b (args). */
#define PN_TYPED(rc, t, a, b, ...)                       \
    switch (t) {                                         \
    case EXS_F64: rc = a##double##b(__VA_ARGS__); break; \
    case EXS_F32: rc = a##float##b(__VA_ARGS__); break;  \
    case EXS_I64: rc = a##longlong##b(__VA_ARGS__); break; \
    case EXS_I32: rc = a##int##b(__VA_ARGS__); break;    \
    case EXS_TEXT: rc = a##text##b(__VA_ARGS__); break;  \
    default: rc = NC_EBADTYPE; break;                    \
    }

static int pn_get_vara(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                       const int64_t *count, int t, void *buf)
{
    MPI_Offset st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    int rc = to_offsets(s, vi, start, count, st, ct);
    if (rc != 0)
        return rc;
    if (impl_of(s)->collective) {
        /* The same on every rank whatever the direct path covers: this
         * rank's slab read now or posted, then the collective wait. */
        int req, drc = exsi_store_cdf_direct_get(impl_of(s)->direct, s->file, vi, start,
                                                 count, t, buf);
        rc = NC_NOERR;
        if (drc == EXS_CDF_DIRECT_PASS)
            PN_TYPED(rc, t, ncmpi_iget_vara_, , s->ncid, vi->varid, st, ct, buf, &req);
        int wrc = ncmpi_wait_all(s->ncid, NC_REQ_ALL, NULL, NULL);
        s->file->stats.collective_calls++;
        if (drc != EXS_CDF_DIRECT_PASS && drc != 0)
            return drc;
        rc = rc != NC_NOERR ? rc : wrc;
    } else {
        rc = exsi_store_cdf_direct_get(impl_of(s)->direct, s->file, vi, start, count, t, buf);
        if (rc != EXS_CDF_DIRECT_PASS)
            return rc;
        PN_TYPED(rc, t, ncmpi_get_vara_, , s->ncid, vi->varid, st, ct, buf);
    }
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, vi->varid, "read");
}

static int pn_put_vara(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                       const int64_t *count, int t, const void *buf)
{
    MPI_Offset st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    int rc = to_offsets(s, vi, start, count, st, ct);
    if (rc != 0)
        return rc;
    if (impl_of(s)->collective) {
        PN_TYPED(rc, t, ncmpi_put_vara_, _all, s->ncid, vi->varid, st, ct, buf);
        s->file->stats.collective_calls++;
    } else {
        PN_TYPED(rc, t, ncmpi_put_vara_, , s->ncid, vi->varid, st, ct, buf);
    }
    if (rc == NC_NOERR)
        note_written(s, vi, st, ct);
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, vi->varid, "write");
}

static int pn_iget_vara(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                        const int64_t *count, int t, void *buf)
{
    MPI_Offset st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    int req, rc = to_offsets(s, vi, start, count, st, ct);
    if (rc != 0)
        return rc;
    rc = exsi_store_cdf_direct_get(impl_of(s)->direct, s->file, vi, start, count, t, buf);
    if (rc != EXS_CDF_DIRECT_PASS)
        return rc; /* read now (or failed): the wait_all has nothing of it */
    PN_TYPED(rc, t, ncmpi_iget_vara_, , s->ncid, vi->varid, st, ct, buf, &req);
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, vi->varid, "posting a read");
}

static int pn_iput_vara(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                        const int64_t *count, int t, const void *buf)
{
    MPI_Offset st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    int req, rc = to_offsets(s, vi, start, count, st, ct);
    if (rc != 0)
        return rc;
    PN_TYPED(rc, t, ncmpi_iput_vara_, , s->ncid, vi->varid, st, ct, buf, &req);
    if (rc == NC_NOERR)
        note_written(s, vi, st, ct);
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, vi->varid, "posting a write");
}

/* Collective: finishes every pending request of this rank. */
static int pn_wait_all(exsi_core_store *s)
{
    int rc = ncmpi_wait_all(s->ncid, NC_REQ_ALL, NULL, NULL);
    s->file->stats.collective_calls++;
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, -1, "waiting for requests");
}
#undef PN_TYPED

static int pn_redef(exsi_core_store *s)
{
    pn_impl *im = impl_of(s);
    if (im->defining)
        return 0;
    if (im->indep) {
        int rc = ncmpi_end_indep_data(s->ncid);
        if (rc != NC_NOERR)
            return pn_fail(s, rc, -1, "leaving independent mode");
        im->indep = 0;
    }
    int rc = ncmpi_redef(s->ncid);
    if (rc != NC_NOERR && rc != NC_EINDEFINE)
        return pn_fail(s, rc, -1, "redef");
    im->defining = 1;
    return 0;
}

static int pn_enddef(exsi_core_store *s)
{
    pn_impl *im = impl_of(s);
    if (!im->defining)
        return 0;
    int rc = ncmpi_enddef(s->ncid);
    if (rc != NC_NOERR && rc != NC_ENOTINDEFINE)
        return pn_fail(s, rc, -1, "enddef");
    im->defining = 0;
    return pn_sync_mode(s);
}

static int pn_def_dim(exsi_core_store *s, const char *name, int64_t len, int *dimid)
{
    int rc = ncmpi_def_dim(s->ncid, name, len == 0 ? NC_UNLIMITED : (MPI_Offset)len,
                           dimid);
    if (rc != NC_NOERR)
        return exsi_err(s->file, pn_code(rc), "defining dimension %s = %lld: %s",
                       name, (long long)len, ncmpi_strerror(rc));
    return 0;
}

static int pn_def_var(exsi_core_store *s, const char *name, int xtype, int ndims,
                      const int *dimids, int *varid)
{
    int rc = ncmpi_def_var(s->ncid, name, (nc_type)xtype, ndims, dimids, varid);
    if (rc != NC_NOERR)
        return exsi_err(s->file, pn_code(rc), "defining variable %s: %s", name,
                       ncmpi_strerror(rc));
    return 0;
}

/* Classic formats have no chunks or filters: nothing to do. */
static int pn_def_var_layout(exsi_core_store *s, int varid, const int64_t *chunks,
                             int deflate, int shuffle, int zstd)
{
    (void)s, (void)varid, (void)chunks, (void)deflate, (void)shuffle, (void)zstd;
    return 0;
}

static int pn_put_att_text(exsi_core_store *s, int varid, const char *name,
                           const char *text)
{
    int v = varid < 0 ? NC_GLOBAL : varid;
    int rc = ncmpi_put_att_text(s->ncid, v, name, (MPI_Offset)strlen(text), text);
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, varid, "attribute write");
}

static int pn_put_att_i64(exsi_core_store *s, int varid, const char *name, int xtype,
                          size_t n, const int64_t *vals)
{
    int v = varid < 0 ? NC_GLOBAL : varid;
    long long tmp[16];
    if (n > 16)
        return EXS_EINVAL;
    for (size_t i = 0; i < n; i++)
        tmp[i] = vals[i];
    int rc = ncmpi_put_att_longlong(s->ncid, v, name, (nc_type)xtype,
                                    (MPI_Offset)n, tmp);
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, varid, "attribute write");
}

static int pn_put_att_f64(exsi_core_store *s, int varid, const char *name, int xtype,
                          size_t n, const double *vals)
{
    int v = varid < 0 ? NC_GLOBAL : varid;
    int rc = ncmpi_put_att_double(s->ncid, v, name, (nc_type)xtype,
                                  (MPI_Offset)n, vals);
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, varid, "attribute write");
}

static int pn_sync(exsi_core_store *s)
{
    if (impl_of(s)->defining)
        return 0;
    int rc = ncmpi_sync(s->ncid);
    return rc == NC_NOERR ? 0 : pn_fail(s, rc, -1, "sync");
}

static int pn_set_collective(exsi_core_store *s, int collective)
{
    impl_of(s)->collective = collective != 0;
    return pn_sync_mode(s);
}

static const exsi_core_store_ops pnetcdf_raw = {
    .name = "pnetcdf",
    .close = pn_close,
    .inq_dim = pn_inq_dim,
    .inq_var = pn_inq_var,
    .inq_layout = pn_inq_layout,
    .inq_varname = pn_inq_varname,
    .get_att_text = pn_get_att_text,
    .get_att_i64 = pn_get_att_i64,
    .get_att_f64 = pn_get_att_f64,
    .inq_att_at = pn_inq_att_at,
    .get_vara = pn_get_vara,
    .put_vara = pn_put_vara,
    .redef = pn_redef,
    .enddef = pn_enddef,
    .def_dim = pn_def_dim,
    .def_var = pn_def_var,
    .def_var_layout = pn_def_var_layout,
    .put_att_text = pn_put_att_text,
    .put_att_i64 = pn_put_att_i64,
    .put_att_f64 = pn_put_att_f64,
    .sync = pn_sync,
    .iget_vara = pn_iget_vara,
    .iput_vara = pn_iput_vara,
    .wait_all = pn_wait_all,
    .set_collective = pn_set_collective,
};

/* What stores use: every op of pnetcdf_raw under the library lock
 * (storage_netcdf.h). */
#define PN_LOCKED_(op, params, args) EXS_LOCKED_OP(pnetcdf_raw, op, params, args)
EXS_STORE_OPS(PN_LOCKED_)
EXS_STORE_OPS_NONBLOCKING(PN_LOCKED_)
#define PN_ENTRY_(op, params, args) .op = pnetcdf_raw_locked_##op,
static const exsi_core_store_ops pnetcdf_ops = {
    .name = "pnetcdf", EXS_STORE_OPS(PN_ENTRY_) EXS_STORE_OPS_NONBLOCKING(PN_ENTRY_)};

static int format_of(int ncid)
{
    int fmt = 0;
    ncmpi_inq_format(ncid, &fmt);
    return fmt == NC_FORMAT_CDF5             ? EXS_FORMAT_CDF5
           : fmt == NC_FORMAT_64BIT_OFFSET   ? EXS_FORMAT_64BIT_OFFSET
                                             : EXS_FORMAT_CLASSIC;
}

/* Wrap an open ncid; define mode for a new file, else independent data. */
static int wrap(exs_file *f, int ncid, int defining, exsi_core_store **out)
{
    exsi_core_store *s = calloc(1, sizeof *s);
    pn_impl *im = calloc(1, sizeof *im);
    if (!s || !im) {
        free(s);
        free(im);
        ncmpi_close(ncid);
        return exsi_err(f, EXS_ENOMEM, "allocating the PnetCDF backend");
    }
    *s = (exsi_core_store){.ops = &pnetcdf_ops, .file = f, .ncid = ncid,
                     .format = format_of(ncid), .parallel = 1, .impl = im};
    im->defining = defining;
    int rc = pn_sync_mode(s);
    if (rc != 0) {
        pn_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* The direct layout agrees with what PnetCDF read from the same header:
 * as many variables, and each one's type, rank and fixed lengths. */
static int direct_agrees(int ncid, const exsi_store_cdf_layout *lay)
{
    int nvars = 0;
    if (ncmpi_inq_nvars(ncid, &nvars) != NC_NOERR || nvars != lay->nvars)
        return 0;
    for (int v = 0; v < nvars; v++) {
        const exsi_store_cdf_var *cv = &lay->vars[v];
        nc_type xt;
        int nd = 0, dimids[EXS_MAX_DIMS];
        if (cv->ndims < 0)
            continue; /* never covered */
        if (ncmpi_inq_var(ncid, v, NULL, &xt, &nd, NULL, NULL) != NC_NOERR ||
            xt != cv->xtype || nd != cv->ndims ||
            ncmpi_inq_vardimid(ncid, v, dimids) != NC_NOERR)
            return 0;
        for (int d = cv->is_rec; d < nd; d++) {
            MPI_Offset len = 0;
            if (ncmpi_inq_dimlen(ncid, dimids[d], &len) != NC_NOERR ||
                (int64_t)len != cv->shape[d])
                return 0;
        }
    }
    return 1;
}

/* Each rank its own direct reader of a read-only open (no agreement
 * needed: see the top of the file), unless EXOSLAB_NO_DIRECT is set to
 * anything but "0". Never fails: a rank that cannot set it up (out of
 * memory) reads through PnetCDF, since failing the open here on one rank
 * would leave it alone in the collective close. */
static void direct_attach(exs_file *f, const char *path, exsi_core_store *s)
{
    const char *off = getenv("EXOSLAB_NO_DIRECT");
    exsi_store_cdf_direct *d = NULL;
    if (off && *off && strcmp(off, "0") != 0)
        return;
    if (exsi_store_cdf_direct_open(f, path, &d) != 0) {
        exsi_err_clear(f);
        return;
    }
    if (d && direct_agrees(s->ncid, exsi_store_cdf_direct_layout(d)))
        impl_of(s)->direct = d;
    else
        exsi_store_cdf_direct_close(d);
}

int64_t exsi_store_pnetcdf_direct_reads(const exsi_core_store *s)
{
    return s && s->impl ? exsi_store_cdf_direct_reads(((const pn_impl *)s->impl)->direct) : 0;
}

/* The caller's hints, as the communicator layer duplicated them. */
static MPI_Info info_of(exs_file *f)
{
    const MPI_Info *info = exsi_comm_mpi_info(f->comm);
    return info ? *info : MPI_INFO_NULL;
}

static int pn_open(exs_file *f, const char *path, int mode, exsi_comm *comm,
                   exsi_core_store **s)
{
    int ncid = -1;
    const MPI_Comm *c = exsi_comm_mpi_handle(comm);
    *s = NULL;
    if (!c)
        return exsi_err(f, EXS_EINVAL, "PnetCDF needs an MPI communicator");
    int rc = ncmpi_open(*c, path, mode == EXS_WRITE ? NC_WRITE : NC_NOWRITE,
                        info_of(f), &ncid);
    if (rc != NC_NOERR)
        return exsi_err(f, pn_code(rc) == EXS_EPNETCDF ? EXS_ECORRUPT : pn_code(rc),
                       "opening with PnetCDF: %s", ncmpi_strerror(rc));
    rc = wrap(f, ncid, 0, s);
    if (rc == 0)
        impl_of(*s)->readonly = mode != EXS_WRITE;
    if (rc == 0 && mode == EXS_READ)
        direct_attach(f, path, *s);
    return rc;
}

static int pn_create(exs_file *f, const char *path, const exs_create_opts *o,
                     exsi_comm *comm, exsi_core_store **s)
{
    int ncid = -1, old;
    const MPI_Comm *c = exsi_comm_mpi_handle(comm);
    *s = NULL;
    if (!c)
        return exsi_err(f, EXS_EINVAL, "PnetCDF needs an MPI communicator");
    int cmode = o->clobber ? NC_CLOBBER : NC_NOCLOBBER;
    if (o->format == EXS_FORMAT_CDF5)
        cmode |= NC_64BIT_DATA;
    else if (o->format != EXS_FORMAT_CLASSIC)
        cmode |= NC_64BIT_OFFSET;
    int rc = ncmpi_create(*c, path, cmode, info_of(f), &ncid);
    if (rc != NC_NOERR) {
        int code = rc == NC_EEXIST ? EXS_EEXIST : pn_code(rc);
        return exsi_err(f, code == EXS_EPNETCDF ? EXS_ENOFILE : code,
                       "creating with PnetCDF: %s", ncmpi_strerror(rc));
    }
    ncmpi_set_fill(ncid, NC_NOFILL, &old);
    return wrap(f, ncid, 1, s);
}

/* Under the library lock (storage_netcdf.h), as every PnetCDF call. */
int exsi_store_pnetcdf_open(exs_file *f, const char *path, int mode, exsi_comm *comm,
                           exsi_core_store **s)
{
    exsi_store_storage_lock();
    int rc = pn_open(f, path, mode, comm, s);
    exsi_store_storage_unlock();
    return rc;
}

int exsi_store_pnetcdf_create(exs_file *f, const char *path,
                             const exs_create_opts *o, exsi_comm *comm,
                             exsi_core_store **s)
{
    exsi_store_storage_lock();
    int rc = pn_create(f, path, o, comm, s);
    exsi_store_storage_unlock();
    return rc;
}
