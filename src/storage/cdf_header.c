/*
 * cdf_header.c -- a bounds walk over a classic (CDF-1/2/5) header before
 * netCDF reads it.
 *
 * netCDF-C 4.9's header reader trusts the counts it finds: a flipped name
 * length, attribute length or dimension count makes it allocate gigabytes
 * or, for CDF-5 attributes, read past its buffer (a crash in
 * ncx_getn_longlong_int). Every count here must fit in the bytes left in
 * the file, every type and dimension id must be valid; otherwise the file
 * is EXS_ECORRUPT before netCDF touches it. The walk only reads (pread on a
 * descriptor opened read-only) and accepts whatever netCDF accepts.
 *
 * It also computes the file's exact extent the way netCDF lays the data
 * out: max(begin + vsize) over fixed-size variables (vsize padded to 4),
 * and for record variables recbegin + numrecs x recsize, where recsize is
 * the padded sum of one record of each, or the unpadded record when there
 * is exactly one. netCDF-3 reads zeros past the end of a short file, so a
 * file shorter than that by a single byte is refused here, naming both
 * sizes. Every variable's data must also start after the header.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdf_direct.h"

#define CDF_NAME_MAX 256      /* NC_MAX_NAME */
#define CDF_VAR_DIMS_MAX 1024 /* NC_MAX_VAR_DIMS */
#define CDF_RD_BUF 8192

enum { TAG_DIMENSION = 0x0A, TAG_VARIABLE = 0x0B, TAG_ATTRIBUTE = 0x0C };

typedef struct cdf_rd {
    exs_file *f;
    int fd;
    int version;        /* 1, 2 or 5 */
    int64_t size;       /* file size */
    int64_t pos;        /* file offset of the next header byte */
    int64_t buf_at;     /* file offset of buf[0] */
    int64_t buf_len;
    int64_t ndims;      /* dimensions in the file, for dimension ids */
    int64_t *dimlen;    /* their lengths (0: the record dimension) */
    int64_t fixed_end;  /* max(begin + vsize) of fixed-size variables */
    int64_t fixed_raw_end; /* the same without the padding */
    int64_t min_begin;  /* the lowest data offset of any variable */
    int64_t rec_begin;  /* begin of the first record variable, -1: none */
    int64_t recsize;    /* padded bytes of one record, all record vars */
    int64_t rec_first;  /* padded / unpadded record of the first one */
    int64_t rec_first_raw;
    int64_t name_at, name_len; /* the last name read */
    exsi_store_cdf_layout *lay; /* NULL, or where each variable's layout goes */
    unsigned char buf[CDF_RD_BUF];
} cdf_rd;

static int bad(cdf_rd *r, const char *what)
{
    return exsi_err(r->f, EXS_ECORRUPT, "netCDF header: %s at byte %lld", what,
                   (long long)r->pos);
}

/* n (<= 8) bytes big-endian at r->pos. */
static int rd_uint(cdf_rd *r, int n, uint64_t *v)
{
    if (r->pos + n > r->size)
        return bad(r, "header runs past the end of the file");
    if (r->pos < r->buf_at || r->pos + n > r->buf_at + r->buf_len) {
        ssize_t got = pread(r->fd, r->buf, sizeof r->buf, (off_t)r->pos);
        if (got < n)
            return bad(r, "cannot read the header");
        r->buf_at = r->pos;
        r->buf_len = got;
    }
    *v = 0;
    for (int i = 0; i < n; i++)
        *v = *v << 8 | r->buf[r->pos - r->buf_at + i];
    r->pos += n;
    return 0;
}

/* A count or length: 4 bytes, 8 in CDF-5; never more than fits in int64. */
static int rd_nonneg(cdf_rd *r, int64_t *v)
{
    uint64_t u = 0;
    int rc = rd_uint(r, r->version == 5 ? 8 : 4, &u);
    if (rc == 0 && u > (uint64_t)INT64_MAX)
        return bad(r, "negative count");
    *v = (int64_t)u;
    return rc;
}

/* Skip `count` items of `width` bytes, padded to 4: all in the file. */
static int rd_skip(cdf_rd *r, int64_t count, int64_t width, const char *what)
{
    int64_t left = r->size - r->pos;
    if (count < 0 || width <= 0 || count > left / width)
        return bad(r, what);
    int64_t n = (count * width + 3) & ~(int64_t)3;
    if (n > left)
        return bad(r, what);
    r->pos += n;
    return 0;
}

static int rd_name(cdf_rd *r)
{
    int64_t len = 0;
    int rc = rd_nonneg(r, &len);
    if (rc == 0 && (len <= 0 || len > CDF_NAME_MAX))
        return bad(r, "name length out of range");
    r->name_at = r->pos;
    r->name_len = len;
    return rc ? rc : rd_skip(r, len, 1, "name past the end of the file");
}

/* The list header: a tag and a count; an empty list may carry any tag. */
static int rd_list(cdf_rd *r, uint64_t tag, int64_t min_item, int64_t *n)
{
    uint64_t t = 0;
    int rc = rd_uint(r, 4, &t);
    if (rc == 0)
        rc = rd_nonneg(r, n);
    if (rc != 0 || *n == 0)
        return rc;
    if (t != tag)
        return bad(r, "list tag is not the expected one");
    if (*n > (r->size - r->pos) / min_item)
        return bad(r, "more list entries than the file has bytes for");
    return 0;
}

/* Bytes of one value of a classic type; 0 for an invalid type. */
static int64_t type_width(const cdf_rd *r, uint64_t t)
{
    static const int64_t w[] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};
    uint64_t max = r->version == 5 ? 11 : 6;
    return t >= 1 && t <= max ? w[t] : 0;
}

static int rd_type(cdf_rd *r, int64_t *width, uint64_t *t)
{
    int rc = rd_uint(r, 4, t);
    if (rc == 0 && (*width = type_width(r, *t)) == 0)
        return bad(r, "invalid data type");
    return rc;
}

static int rd_attrs(cdf_rd *r)
{
    int64_t n, len, width;
    uint64_t t;
    int rc = rd_list(r, TAG_ATTRIBUTE, 12, &n);
    for (int64_t i = 0; rc == 0 && i < n; i++) {
        if ((rc = rd_name(r)) == 0 && (rc = rd_type(r, &width, &t)) == 0 &&
            (rc = rd_nonneg(r, &len)) == 0)
            rc = rd_skip(r, len, width, "attribute values past the end of the file");
    }
    return rc;
}

/* The dimension list; ndims <= size / 12 keeps the lengths' array small. */
static int rd_dims(cdf_rd *r)
{
    int rc = rd_list(r, TAG_DIMENSION, 12, &r->ndims);
    if (rc == 0 && r->ndims > 0 &&
        !(r->dimlen = calloc((size_t)r->ndims, sizeof *r->dimlen)))
        return exsi_err(r->f, EXS_ENOMEM, "netCDF header: %lld dimensions",
                       (long long)r->ndims);
    for (int64_t i = 0; rc == 0 && i < r->ndims; i++)
        if ((rc = rd_name(r)) == 0)
            rc = rd_nonneg(r, &r->dimlen[i]);
    return rc;
}

/* Bytes of one record (or of the whole variable when fixed-size): the
 * product of the non-record dimensions times the type's width, unpadded. */
static int var_bytes(cdf_rd *r, const int64_t *ids, int64_t nd, int64_t width,
                     int *is_rec, int64_t *bytes)
{
    int64_t n = width;
    *is_rec = nd > 0 && r->dimlen[ids[0]] == 0;
    for (int64_t d = *is_rec; d < nd; d++)
        if (exsi_mul64(n, r->dimlen[ids[d]], &n) != 0)
            return bad(r, "variable size overflows");
    *bytes = n;
    return 0;
}

/* Add one variable to the extent: what its data needs past begin. */
static int add_extent(cdf_rd *r, int is_rec, int64_t raw, uint64_t begin)
{
    int64_t padded, end;
    if (begin > (uint64_t)INT64_MAX || exsi_add64(raw, 3, &padded) != 0)
        return bad(r, "variable offset overflows");
    padded &= ~(int64_t)3;
    if ((int64_t)begin < r->min_begin)
        r->min_begin = (int64_t)begin;
    if (is_rec) {
        if (r->rec_begin < 0) {
            r->rec_begin = (int64_t)begin;
            r->rec_first = padded;
            r->rec_first_raw = raw;
        }
        return exsi_add64(r->recsize, padded, &r->recsize) == 0
                   ? 0 : bad(r, "record size overflows");
    }
    if (exsi_add64((int64_t)begin, padded, &end) != 0)
        return bad(r, "variable extent overflows");
    if (end > r->fixed_end)
        r->fixed_end = end;
    if (end - padded + raw > r->fixed_raw_end)
        r->fixed_raw_end = end - padded + raw;
    return 0;
}

/* Variable number v of the walk into the layout, when one is asked for. */
static void note_var(cdf_rd *r, int64_t v, const int64_t *ids, int64_t nd,
                     uint64_t type, uint64_t begin)
{
    exsi_store_cdf_var *cv = r->lay ? &r->lay->vars[v] : NULL;
    if (!cv)
        return;
    cv->begin = (int64_t)begin;
    cv->xtype = (int)type;
    cv->is_rec = nd > 0 && r->dimlen[ids[0]] == 0;
    cv->ndims = nd > EXS_MAX_DIMS ? -1 : (int)nd;
    for (int64_t d = 0; d < nd && d < EXS_MAX_DIMS; d++)
        cv->shape[d] = r->dimlen[ids[d]];
}

/* One variable (number v). The stored vsize is not trusted (CDF-1/2 cap
 * it at 2^32 - 1): the size comes from the dimensions, as netCDF does. */
static int rd_var(cdf_rd *r, int64_t v)
{
    int64_t nd = 0, width = 0, vsize = 0, raw = 0;
    int64_t ids[CDF_VAR_DIMS_MAX];
    uint64_t begin, type = 0;
    int is_rec = 0;
    int rc = rd_name(r);
    if (rc == 0 && r->lay) {
        r->lay->vars[v].name_at = r->name_at;
        r->lay->vars[v].name_len = r->name_len;
    }
    if (rc == 0 && (rc = rd_nonneg(r, &nd)) == 0 &&
        (nd > CDF_VAR_DIMS_MAX || nd > (r->size - r->pos) / 4))
        return bad(r, "variable has too many dimensions");
    for (int64_t d = 0; rc == 0 && d < nd; d++)
        if ((rc = rd_nonneg(r, &ids[d])) == 0 && ids[d] >= r->ndims)
            return bad(r, "dimension id out of range");
    for (int64_t d = 1; rc == 0 && d < nd; d++)
        if (r->dimlen[ids[d]] == 0)
            return bad(r, "record dimension is not a variable's first");
    if (rc == 0 && (rc = rd_attrs(r)) == 0 && (rc = rd_type(r, &width, &type)) == 0 &&
        (rc = rd_nonneg(r, &vsize)) == 0 &&
        (rc = rd_uint(r, r->version == 1 ? 4 : 8, &begin)) == 0 &&
        (rc = var_bytes(r, ids, nd, width, &is_rec, &raw)) == 0)
        rc = add_extent(r, is_rec, raw, begin);
    if (rc == 0)
        note_var(r, v, ids, nd, type, begin);
    return rc;
}

/* The bytes the header says the data occupies, vs the file's size. */
static int check_extent(cdf_rd *r, uint64_t numrecs, int64_t header_end)
{
    int64_t need = r->fixed_end, rec_end = 0;
    uint64_t streaming = r->version == 5 ? UINT64_MAX : UINT32_MAX;
    if (r->min_begin < header_end)
        return exsi_err(r->f, EXS_ECORRUPT, "netCDF header: variable data starts "
                       "at byte %lld, inside the %lld-byte header",
                       (long long)r->min_begin, (long long)header_end);
    if (r->rec_begin >= 0 && numrecs != streaming) {
        int64_t recsize = r->recsize == r->rec_first ? r->rec_first_raw : r->recsize;
        if (numrecs > (uint64_t)INT64_MAX ||
            exsi_mul64((int64_t)numrecs, recsize, &rec_end) != 0 ||
            exsi_add64(rec_end, r->rec_begin, &rec_end) != 0)
            return exsi_err(r->f, EXS_ECORRUPT, "netCDF header: %llu records of "
                           "%lld bytes overflow", (unsigned long long)numrecs,
                           (long long)recsize);
        if (rec_end > need)
            need = rec_end;
    }
    if (r->size >= need)
        return 0;
    return exsi_err(r->f, EXS_ECORRUPT, "truncated: the header's variables "
                   "(%llu records) need %lld bytes but the file has %lld (%lld "
                   "missing)", (unsigned long long)(numrecs == streaming ? 0 : numrecs),
                   (long long)need, (long long)r->size, (long long)(need - r->size));
}

/* The layout's variable table, nvars entries (at most size / 24). */
static int alloc_vars(cdf_rd *r, int64_t nvars)
{
    if (!r->lay || nvars == 0)
        return 0;
    r->lay->vars = calloc((size_t)nvars, sizeof *r->lay->vars);
    if (!r->lay->vars)
        return exsi_err(r->f, EXS_ENOMEM, "netCDF header: %lld variables",
                       (long long)nvars);
    r->lay->nvars = nvars;
    return 0;
}

/* The whole header into r (its extent fields filled), numrecs too; each
 * variable's layout into lay when not NULL. */
static int walk(cdf_rd *r, exs_file *f, int fd, int64_t size, int version,
                uint64_t *numrecs, exsi_store_cdf_layout *lay)
{
    int64_t nvars = 0;
    memset(r, 0, sizeof *r);
    r->lay = lay;
    r->f = f;
    r->fd = fd;
    r->version = version;
    r->size = size;
    r->pos = 4;
    r->min_begin = INT64_MAX;
    r->rec_begin = -1;
    int rc = rd_uint(r, version == 5 ? 8 : 4, numrecs);
    if (rc == 0 && (rc = rd_dims(r)) == 0 && (rc = rd_attrs(r)) == 0)
        rc = rd_list(r, TAG_VARIABLE, 24, &nvars);
    if (rc == 0)
        rc = alloc_vars(r, nvars);
    for (int64_t v = 0; rc == 0 && v < nvars; v++)
        rc = rd_var(r, v);
    return rc;
}

int exsi_store_check_cdf_header(exs_file *f, int fd, int64_t size, int version)
{
    cdf_rd r;
    uint64_t numrecs; /* any value: STREAMING is all ones */
    int rc = walk(&r, f, fd, size, version, &numrecs, NULL);
    if (rc == 0)
        rc = check_extent(&r, numrecs, r.pos);
    free(r.dimlen);
    return rc;
}

/* The same walk and checks, keeping each variable's layout: where the
 * direct read path (cdf_direct.c) finds the bytes netCDF would read. */
int exsi_store_cdf_layout_read(exs_file *f, int fd, int64_t size, int version,
                        exsi_store_cdf_layout *lay)
{
    cdf_rd r;
    uint64_t numrecs;
    uint64_t streaming = version == 5 ? UINT64_MAX : UINT32_MAX;
    memset(lay, 0, sizeof *lay);
    int rc = walk(&r, f, fd, size, version, &numrecs, lay);
    if (rc == 0)
        rc = check_extent(&r, numrecs, r.pos);
    free(r.dimlen);
    if (rc != 0) {
        exsi_store_cdf_layout_free(lay);
        return rc;
    }
    lay->recsize = r.recsize == r.rec_first ? r.rec_first_raw : r.recsize;
    lay->size = size;
    lay->numrecs = numrecs == streaming || numrecs > (uint64_t)INT64_MAX
                       ? -1 : (int64_t)numrecs;
    return 0;
}

void exsi_store_cdf_layout_free(exsi_store_cdf_layout *lay)
{
    free(lay->vars);
    lay->vars = NULL;
    lay->nvars = 0;
}

/* The file's extent, and where its last record starts (-1: no records):
 * what exsi_store_cdf_complete_tail needs. */
static int tail_extent(const cdf_rd *r, uint64_t numrecs, int64_t *need,
                       int64_t *last)
{
    uint64_t streaming = r->version == 5 ? UINT64_MAX : UINT32_MAX;
    int64_t end = 0;
    *need = r->fixed_end;
    *last = -1;
    if (r->rec_begin < 0 || numrecs == 0 || numrecs == streaming ||
        numrecs > (uint64_t)INT64_MAX)
        return 0;
    int64_t recsize = r->recsize == r->rec_first ? r->rec_first_raw : r->recsize;
    if (exsi_mul64((int64_t)numrecs - 1, recsize, last) != 0 ||
        exsi_add64(*last, r->rec_begin, last) != 0 ||
        exsi_add64(*last, recsize, &end) != 0)
        return -1;
    if (end > *need)
        *need = end;
    return 0;
}

/* A classic file this library just wrote may fall short of its extent
 * without any write lost: by the padding after the last fixed-size
 * variable, or by the part of the last record after what was written of
 * it. netCDF-C's close extends the file over both; PnetCDF's does not,
 * so the file would not read back. Extend it the same way; any other
 * shortfall is left for the read-back check to report. */
int exsi_store_cdf_complete_tail(exs_file *f, int fd)
{
    cdf_rd r;
    unsigned char b[4];
    uint64_t numrecs;
    int64_t need, last;
    struct stat st;
    exsi_core_errinfo saved;
    if (fstat(fd, &st) != 0 || st.st_size < 32 || pread(fd, b, 4, 0) != 4 ||
        memcmp(b, "CDF", 3) != 0 || (b[3] != 1 && b[3] != 2 && b[3] != 5))
        return 0; /* not a classic file: nothing to complete */
    saved = f->err;
    int rc = walk(&r, f, fd, (int64_t)st.st_size, b[3], &numrecs, NULL);
    free(r.dimlen);
    exsi_err_set(f, &saved); /* the read-back check reports */
    if (rc != 0 || tail_extent(&r, numrecs, &need, &last) != 0 || r.size >= need)
        return 0;
    int unwritten = last >= 0 ? r.size > last : r.size >= r.fixed_raw_end;
    /* Arrays never written at the file's end (PnetCDF's close, unlike
     * netCDF-C's, leaves them out): every write asked for landed. */
    if (f->written_end > 0 && r.size >= f->written_end)
        unwritten = 1;
    if (unwritten && ftruncate(fd, (off_t)need) != 0)
        return exsi_err(f, EXS_EWRITE, "write failed: extending the file to its "
                       "%lld bytes: %s", (long long)need, strerror(errno));
    return 0;
}
