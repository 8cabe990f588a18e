/*
 * bench_decomp_direct.c -- Zoltan RCB and PT-Scotch's ParMETIS_V3_PartKway
 * called directly on the file's slabs (see bench_decomp_direct.h).
 *
 * Zoltan: the element slab's centroids through the geometric callbacks
 * (num_obj, obj_list, num_geom, geom_multi), Zoltan_LB_Partition, RCB.
 * PT-Scotch: the element dual graph (two elements are neighbours when they
 * share a face; an edge in 2D) built here by face matching -- every face,
 * keyed by its three smallest node numbers, goes to the rank key % P, equal
 * keys pair up, and each edge goes back to the ranks owning its two
 * elements -- then ParMETIS_V3_PartKway on it. The graph's construction is
 * part of the peer's time: ParMETIS takes a graph, and the Debian PT-Scotch
 * interface has no ParMETIS_V3_Mesh2Dual.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "bench_decomp_direct.h"

#if defined(EXS_BENCH_HAVE_ZOLTAN) || defined(EXS_BENCH_HAVE_PARMETIS)
#include <limits.h>

/* The element slab's 1-based connectivity (exs_get_elem_conn_all). */
typedef struct slab {
    exs_partition p;
    int64_t *conn; /* p.elem_count x npe */
} slab;

static int read_slab(const direct_in *in, slab *s, direct_out *o)
{
    memset(s, 0, sizeof *s);
    int rc = exs_get_partition(in->f, 0, &s->p);
    if (rc == 0) {
        s->conn = malloc((size_t)(s->p.elem_count * in->npe + 1) * sizeof *s->conn);
        rc = s->conn ? 0 : EXS_ENOMEM;
    }
    if (rc == 0)
        rc = exs_get_elem_conn_all(in->f, s->p.elem_start, s->p.elem_count, EXS_I64, s->conn);
    if (rc != 0)
        snprintf(o->note, sizeof o->note, "slab: %s %s", exs_errname(rc), exs_errmsg(in->f));
    return rc;
}

/* Part sizes from each element's destination, the same on every rank. */
static int count_parts(const direct_in *in, const int *dest, int64_t n, direct_out *o)
{
    int64_t *cnt = calloc((size_t)in->size + 1, sizeof *cnt);
    int64_t *all = calloc((size_t)in->size + 1, sizeof *all);
    int rc = cnt && all ? 0 : EXS_ENOMEM;
    for (int64_t i = 0; rc == 0 && i < n; i++) {
        if (dest[i] >= 0 && dest[i] < in->size)
            cnt[dest[i]]++;
        else
            cnt[in->size]++;
    }
    if (rc == 0 && MPI_Allreduce(cnt, all, in->size + 1, MPI_INT64_T, MPI_SUM, in->comm))
        rc = EXS_EMPI;
    o->min_part = INT64_MAX, o->max_part = 0, o->total = 0;
    for (int r = 0; rc == 0 && r < in->size; r++) {
        o->total += all[r];
        o->min_part = all[r] < o->min_part ? all[r] : o->min_part;
        o->max_part = all[r] > o->max_part ? all[r] : o->max_part;
    }
    if (rc == 0)
        o->assigned = all[in->rank], o->bad_dest = all[in->size];
    free(cnt), free(all);
    return rc;
}

/* Every rank's verdict: the smallest code (errors are negative). */
static int all_min(const direct_in *in, int rc)
{
    int all = 0;
    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MIN, in->comm);
    return all;
}

static double slowest(MPI_Comm comm, double t)
{
    double m = t;
    MPI_Allreduce(&t, &m, 1, MPI_DOUBLE, MPI_MAX, comm);
    return m;
}
#endif

/* ------------------------------------------------------------------ */
#ifdef EXS_BENCH_HAVE_ZOLTAN
#include <zoltan.h>

typedef struct zdata {
    int64_t n, first; /* slab elements; the first's 0-based global index */
    int dim;
    const double *cent;
} zdata;

static int z_num_obj(void *d, int *ierr)
{
    *ierr = ZOLTAN_OK;
    return (int)((const zdata *)d)->n;
}

static void z_obj_list(void *d, int ng, int nl, ZOLTAN_ID_PTR gids, ZOLTAN_ID_PTR lids,
                       int wdim, float *w, int *ierr)
{
    const zdata *z = d;
    (void)ng, (void)nl, (void)wdim, (void)w;
    for (int64_t i = 0; i < z->n; i++)
        gids[i] = (ZOLTAN_ID_TYPE)(z->first + i), lids[i] = (ZOLTAN_ID_TYPE)i;
    *ierr = ZOLTAN_OK;
}

static int z_num_geom(void *d, int *ierr)
{
    *ierr = ZOLTAN_OK;
    return ((const zdata *)d)->dim;
}

static void z_geom(void *d, int ng, int nl, int n, ZOLTAN_ID_PTR gids, ZOLTAN_ID_PTR lids,
                   int dim, double *out, int *ierr)
{
    const zdata *z = d;
    (void)ng, (void)nl, (void)gids;
    for (int i = 0; i < n; i++)
        memcpy(out + (size_t)i * dim, z->cent + (size_t)lids[i] * z->dim,
               (size_t)dim * sizeof *out);
    *ierr = ZOLTAN_OK;
}

/* Centroids: the coordinates of the node range the slab's connectivity
 * spans, read in one collective call per axis (what a caller holding only
 * the element slab does before calling a geometric partitioner). */
static int centroids(const direct_in *in, const slab *s, double *cent, direct_out *o)
{
    int64_t n = s->p.elem_count * in->npe, lo = n ? INT64_MAX : 1, hi = n ? 0 : 0;
    for (int64_t i = 0; i < n; i++)
        lo = s->conn[i] < lo ? s->conn[i] : lo, hi = s->conn[i] > hi ? s->conn[i] : hi;
    int64_t span = n ? hi - lo + 1 : 0;
    double *xyz = malloc((size_t)(span + 1) * sizeof *xyz);
    int rc = xyz ? 0 : EXS_ENOMEM;
    memset(cent, 0, (size_t)(s->p.elem_count * in->dim) * sizeof *cent);
    for (int a = 0; rc == 0 && a < in->dim; a++) {
        rc = exs_get_coord_all(in->f, a, n ? lo - 1 : 0, span, EXS_F64, xyz);
        for (int64_t i = 0; rc == 0 && i < n; i++)
            cent[(i / in->npe) * in->dim + a] += xyz[s->conn[i] - lo] / (double)in->npe;
    }
    if (rc != 0)
        snprintf(o->note, sizeof o->note, "coordinates: %s %s", exs_errname(rc),
                 exs_errmsg(in->f));
    free(xyz);
    return rc;
}

static struct Zoltan_Struct *z_setup(const direct_in *in, zdata *z)
{
    float ver = 0;
    if (Zoltan_Initialize(0, NULL, &ver) != ZOLTAN_OK)
        return NULL;
    struct Zoltan_Struct *zz = Zoltan_Create(in->comm);
    if (!zz)
        return NULL;
    Zoltan_Set_Param(zz, "DEBUG_LEVEL", "0");
    Zoltan_Set_Param(zz, "LB_METHOD", "RCB");
    Zoltan_Set_Param(zz, "NUM_GID_ENTRIES", "1");
    Zoltan_Set_Param(zz, "NUM_LID_ENTRIES", "1");
    Zoltan_Set_Param(zz, "OBJ_WEIGHT_DIM", "0");
    Zoltan_Set_Param(zz, "RETURN_LISTS", "EXPORT");
    Zoltan_Set_Param(zz, "IMBALANCE_TOL", "1.02");
    Zoltan_Set_Num_Obj_Fn(zz, z_num_obj, z);
    Zoltan_Set_Obj_List_Fn(zz, z_obj_list, z);
    Zoltan_Set_Num_Geom_Fn(zz, z_num_geom, z);
    Zoltan_Set_Geom_Multi_Fn(zz, z_geom, z);
    return zz;
}

/* Zoltan_LB_Partition; dest[i] = the part of slab element i. */
static int z_partition(const direct_in *in, zdata *z, int *dest, direct_out *o)
{
    struct Zoltan_Struct *zz = z_setup(in, z);
    int changes, ng, nl, nimp, nexp, *ip, *ipart, *ep, *epart;
    ZOLTAN_ID_PTR ig, il, eg, el;
    for (int64_t i = 0; i < z->n; i++)
        dest[i] = in->rank;
    double t0 = bench_now();
    int zr = zz ? Zoltan_LB_Partition(zz, &changes, &ng, &nl, &nimp, &ig, &il, &ip, &ipart,
                                      &nexp, &eg, &el, &ep, &epart)
                : ZOLTAN_FATAL;
    o->part_seconds = bench_now() - t0;
    if (zr == ZOLTAN_OK) {
        for (int i = 0; i < nexp; i++)
            dest[el[i]] = ep[i];
        Zoltan_LB_Free_Part(&ig, &il, &ip, &ipart);
        Zoltan_LB_Free_Part(&eg, &el, &ep, &epart);
    } else {
        snprintf(o->note, sizeof o->note, "Zoltan_LB_Partition (RCB) failed: %d", zr);
    }
    Zoltan_Destroy(&zz);
    return zr == ZOLTAN_OK ? 0 : EXS_EINVAL;
}

int bench_direct_zoltan_rcb(const direct_in *in, direct_out *o)
{
    memset(o, 0, sizeof *o);
    o->edge_cut = -1;
    slab s;
    int rc = read_slab(in, &s, o);
    if (rc == 0 && (in->elems > (int64_t)UINT_MAX || s.p.elem_count > INT_MAX))
        rc = EXS_ERANGE, snprintf(o->note, sizeof o->note, "too many elements for int ids");
    double *cent = malloc((size_t)(s.p.elem_count * in->dim + 1) * sizeof *cent);
    int *dest = malloc((size_t)(s.p.elem_count + 1) * sizeof *dest);
    if (rc == 0 && (!cent || !dest))
        rc = EXS_ENOMEM;
    if (rc == 0)
        rc = centroids(in, &s, cent, o);
    zdata z = {s.p.elem_count, s.p.elem_start, in->dim, cent};
    if ((rc = all_min(in, rc)) == 0)
        rc = z_partition(in, &z, dest, o);
    o->part_seconds = slowest(in->comm, o->part_seconds);
    if ((rc = all_min(in, rc)) == 0)
        rc = count_parts(in, dest, s.p.elem_count, o);
    free(cent), free(dest), free(s.conn);
    return rc;
}

#else

int bench_direct_zoltan_rcb(const direct_in *in, direct_out *o)
{
    (void)in;
    memset(o, 0, sizeof *o);
    snprintf(o->note, sizeof o->note, "not built (Zoltan not found by CMake)");
    return EXS_ENOTBUILT;
}

#endif

/* ------------------------------------------------------------------ */
#ifdef EXS_BENCH_HAVE_PARMETIS
#include <parmetis.h>

typedef SCOTCH_Num pm_int;

/* Faces (2D: edges) as local node positions, per family; -1 ends a face
 * of fewer than four nodes. Higher-order elements use their corners. */
typedef struct ftab {
    int nfaces;
    int f[6][4];
} ftab;

static const ftab hex_faces = {6, {{0, 1, 5, 4}, {1, 2, 6, 5}, {2, 3, 7, 6},
                                   {0, 4, 7, 3}, {0, 3, 2, 1}, {4, 5, 6, 7}}};
static const ftab tet_faces = {4, {{0, 1, 3, -1}, {1, 2, 3, -1}, {0, 3, 2, -1},
                                   {0, 2, 1, -1}}};
static const ftab quad_edges = {4, {{0, 1, -1, -1}, {1, 2, -1, -1}, {2, 3, -1, -1},
                                    {3, 0, -1, -1}}};
static const ftab tri_edges = {3, {{0, 1, -1, -1}, {1, 2, -1, -1}, {2, 0, -1, -1}}};

static const ftab *faces_of(const direct_in *in)
{
    if (in->topo == EXS_TOPO_HEX && in->npe >= 8 && in->dim == 3)
        return &hex_faces;
    if (in->topo == EXS_TOPO_TET && in->npe >= 4 && in->dim == 3)
        return &tet_faces;
    if ((in->topo == EXS_TOPO_QUAD || in->topo == EXS_TOPO_SHELL) && in->npe >= 4 &&
        in->dim == 2)
        return &quad_edges;
    if (in->topo == EXS_TOPO_TRI && in->npe >= 3 && in->dim == 2)
        return &tri_edges;
    return NULL;
}

static int cmp4(const void *x, const void *y)
{
    const int64_t *a = x, *b = y;
    for (int i = 0; i < 4; i++)
        if (a[i] != b[i])
            return (a[i] > b[i]) - (a[i] < b[i]);
    return 0;
}

static int cmp2(const void *x, const void *y)
{
    const int64_t *a = x, *b = y;
    return a[0] != b[0] ? (a[0] > b[0]) - (a[0] < b[0]) : (a[1] > b[1]) - (a[1] < b[1]);
}

/* One face's record: its three smallest node numbers (-1 padded), then
 * the element's 0-based global index. */
static void face_key(const int64_t *en, const int *fp, int64_t elem, int64_t *rec)
{
    int64_t v[4];
    int k = 0;
    for (int i = 0; i < 4 && fp[i] >= 0; i++)
        v[k++] = en[fp[i]];
    for (int i = 1; i < k; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            int64_t t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    rec[0] = v[0], rec[1] = v[1], rec[2] = k > 2 ? v[2] : -1, rec[3] = elem;
}

/* Exchange records of `w` int64 words: scount[r] records for rank r, in
 * rank order in `out`. Byte counts must fit MPI's int. */
static int xchg(const direct_in *in, const int64_t *out, const int64_t *scount, int w,
                int64_t **inb, int64_t *nin)
{
    int P = in->size;
    int *sc = calloc((size_t)P * 4, sizeof *sc);
    int64_t tot_s = 0, tot_r = 0, *rtmp = calloc((size_t)P, sizeof *rtmp);
    *inb = NULL, *nin = 0;
    int rc = all_min(in, sc && rtmp ? 0 : EXS_ENOMEM);
    if (rc == 0)
        MPI_Alltoall(scount, 1, MPI_INT64_T, rtmp, 1, MPI_INT64_T, in->comm);
    for (int r = 0; rc == 0 && r < P; r++) {
        if ((tot_s + scount[r]) * w * 8 > INT_MAX || (tot_r + rtmp[r]) * w * 8 > INT_MAX)
            rc = EXS_ERANGE;
        sc[2 * P + r] = (int)(tot_s * w * 8), sc[3 * P + r] = (int)(tot_r * w * 8);
        sc[r] = (int)(scount[r] * w * 8), sc[P + r] = (int)(rtmp[r] * w * 8);
        tot_s += scount[r], tot_r += rtmp[r];
    }
    if (rc == 0)
        *nin = tot_r, *inb = malloc((size_t)(tot_r * w + 1) * sizeof **inb);
    rc = all_min(in, rc ? rc : *inb ? 0 : EXS_ENOMEM);
    if (rc == 0)
        MPI_Alltoallv(out, sc, sc + 2 * P, MPI_BYTE, *inb, sc + P, sc + 3 * P, MPI_BYTE,
                      in->comm);
    free(sc), free(rtmp);
    return rc;
}

/* Every slab element's faces, grouped by the rank key % P. */
static int faces_out(const direct_in *in, const slab *s, const ftab *ft, int64_t **out,
                     int64_t *scount)
{
    int64_t n = s->p.elem_count * ft->nfaces, *pos = calloc((size_t)in->size, sizeof *pos);
    int64_t *rec = malloc((size_t)(4 * n + 4) * sizeof *rec);
    *out = malloc((size_t)(4 * n + 4) * sizeof **out);
    int rc = pos && rec && *out ? 0 : EXS_ENOMEM;
    memset(scount, 0, (size_t)in->size * sizeof *scount);
    for (int64_t e = 0; rc == 0 && e < s->p.elem_count; e++)
        for (int k = 0; k < ft->nfaces; k++) {
            int64_t *r = rec + 4 * (e * ft->nfaces + k);
            face_key(s->conn + e * in->npe, ft->f[k], s->p.elem_start + e, r);
            scount[r[0] % in->size]++;
        }
    for (int r = 1; rc == 0 && r < in->size; r++)
        pos[r] = pos[r - 1] + scount[r - 1];
    for (int64_t i = 0; rc == 0 && i < n; i++)
        memcpy(*out + 4 * pos[rec[4 * i] % in->size]++, rec + 4 * i, 4 * sizeof *rec);
    free(pos), free(rec);
    return rc;
}

/* The rank whose element slab holds 0-based element e. */
static int elem_owner(const int64_t *starts, int P, int64_t e)
{
    int lo = 0, hi = P - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (starts[mid] <= e)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Matched faces -> edges (a, b) both ways, grouped by the owner of a. */
static int edges_out(const direct_in *in, int64_t *fr, int64_t nf, const int64_t *starts,
                     int64_t **out, int64_t *scount)
{
    qsort(fr, (size_t)nf, 4 * sizeof *fr, cmp4);
    int64_t ne = 0, *pos = calloc((size_t)in->size, sizeof *pos);
    for (int64_t i = 0; i + 1 < nf; i++)
        for (int64_t j = i + 1; j < nf && !memcmp(fr + 4 * i, fr + 4 * j, 24); j++)
            ne += 2;
    *out = malloc((size_t)(2 * ne + 2) * sizeof **out);
    int64_t *tmp = malloc((size_t)(2 * ne + 2) * sizeof *tmp), k = 0;
    if (!pos || !*out || !tmp) {
        free(pos), free(tmp);
        return EXS_ENOMEM;
    }
    memset(scount, 0, (size_t)in->size * sizeof *scount);
    for (int64_t i = 0; i + 1 < nf; i++)
        for (int64_t j = i + 1; j < nf && !memcmp(fr + 4 * i, fr + 4 * j, 24); j++) {
            int64_t a = fr[4 * i + 3], b = fr[4 * j + 3];
            tmp[k++] = a, tmp[k++] = b, tmp[k++] = b, tmp[k++] = a;
            scount[elem_owner(starts, in->size, a)]++;
            scount[elem_owner(starts, in->size, b)]++;
        }
    for (int r = 1; r < in->size; r++)
        pos[r] = pos[r - 1] + scount[r - 1];
    for (int64_t i = 0; i < ne; i++) {
        int o = elem_owner(starts, in->size, tmp[2 * i]);
        memcpy(*out + 2 * pos[o]++, tmp + 2 * i, 2 * sizeof *tmp);
    }
    free(pos), free(tmp);
    return 0;
}

/* The received edges of this rank's elements -> CSR in ParMETIS's type. */
static int to_csr(const slab *s, int64_t *ed, int64_t n, pm_int *xadj, pm_int **adj)
{
    qsort(ed, (size_t)n, 2 * sizeof *ed, cmp2);
    *adj = malloc((size_t)(n + 1) * sizeof **adj);
    if (!*adj)
        return EXS_ENOMEM;
    int64_t k = 0, e = 0;
    xadj[0] = 0;
    for (int64_t i = 0; i < n; i++) {
        if (i > 0 && ed[2 * i] == ed[2 * i - 2] && ed[2 * i + 1] == ed[2 * i - 1])
            continue; /* a face seen twice (non-manifold): one edge */
        for (int64_t loc = ed[2 * i] - s->p.elem_start; e < loc; e++)
            xadj[e + 1] = (pm_int)k;
        (*adj)[k++] = (pm_int)ed[2 * i + 1];
    }
    for (; e < s->p.elem_count; e++)
        xadj[e + 1] = (pm_int)k;
    return 0;
}

static int dual_graph(const direct_in *in, const slab *s, const int64_t *starts,
                      pm_int *xadj, pm_int **adj, direct_out *o)
{
    const ftab *ft = faces_of(in);
    int64_t *sc = calloc((size_t)in->size, sizeof *sc), *fout = NULL, *fin = NULL;
    int64_t *eout = NULL, *ein = NULL, nf = 0, ne = 0;
    int rc = sc ? 0 : EXS_ENOMEM;
    if (rc == 0)
        rc = faces_out(in, s, ft, &fout, sc);
    rc = all_min(in, rc);
    rc = rc ? rc : xchg(in, fout, sc, 4, &fin, &nf);
    free(fout);
    rc = rc ? rc : edges_out(in, fin, nf, starts, &eout, sc);
    rc = all_min(in, rc);
    free(fin);
    rc = rc ? rc : xchg(in, eout, sc, 2, &ein, &ne);
    free(eout);
    rc = rc ? rc : to_csr(s, ein, ne, xadj, adj);
    if (rc != 0)
        snprintf(o->note, sizeof o->note, "dual graph: %s", exs_errname(rc));
    free(ein), free(sc);
    return rc;
}

static int kway(const direct_in *in, const slab *s, const int64_t *starts, pm_int *xadj,
                pm_int *adj, int *dest, direct_out *o)
{
    int P = in->size, rc = 0;
    pm_int *vtx = malloc((size_t)(P + 1) * sizeof *vtx);
    pm_int *part = malloc((size_t)(s->p.elem_count + 1) * sizeof *part);
    float *tpw = malloc((size_t)P * sizeof *tpw), ub = 1.05f;
    pm_int wgtflag = 0, numflag = 0, ncon = 1, nparts = P, opts[3] = {0, 0, 0}, cut = 0;
    if (!vtx || !part || !tpw)
        rc = EXS_ENOMEM;
    for (int r = 0; rc == 0 && r <= P; r++)
        vtx[r] = (pm_int)(r < P ? starts[r] : in->elems);
    for (int r = 0; rc == 0 && r < P; r++)
        tpw[r] = 1.0f / (float)P;
    MPI_Comm comm = in->comm;
    double t0 = bench_now();
    if (rc == 0 && ParMETIS_V3_PartKway(vtx, xadj, adj, NULL, NULL, &wgtflag, &numflag, &ncon,
                                        &nparts, tpw, &ub, opts, &cut, part, &comm) != METIS_OK)
        rc = EXS_EINVAL, snprintf(o->note, sizeof o->note, "ParMETIS_V3_PartKway failed");
    o->part_seconds = bench_now() - t0;
    for (int64_t i = 0; rc == 0 && i < s->p.elem_count; i++)
        dest[i] = (int)part[i];
    (void)cut; /* PT-Scotch's wrapper does not report it: counted below */
    free(vtx), free(part), free(tpw);
    return rc;
}

/* The edge cut and the graph's size, from every element's part (one
 * allgather of the parts: a check, outside the timed library call). */
static int count_cut(const direct_in *in, const slab *s, const int64_t *starts,
                     const pm_int *xadj, const pm_int *adj, const int *dest, direct_out *o)
{
    int P = in->size;
    int *all = malloc((size_t)(in->elems + 1) * sizeof *all);
    int *cnt = malloc((size_t)(2 * P) * sizeof *cnt);
    int rc = all_min(in, all && cnt && in->elems <= INT_MAX ? 0 : EXS_ENOMEM);
    for (int r = 0; rc == 0 && r < P; r++)
        cnt[P + r] = (int)starts[r],
        cnt[r] = (int)((r + 1 < P ? starts[r + 1] : in->elems) - starts[r]);
    if (rc == 0)
        MPI_Allgatherv(dest, (int)s->p.elem_count, MPI_INT, all, cnt, cnt + P, MPI_INT,
                       in->comm);
    int64_t mine[2] = {0, 0}, tot[2] = {0, 0};
    for (int64_t i = 0; rc == 0 && i < s->p.elem_count; i++)
        for (pm_int k = xadj[i]; k < xadj[i + 1]; k++)
            mine[0] += all[adj[k]] != dest[i], mine[1]++;
    if (rc == 0)
        MPI_Allreduce(mine, tot, 2, MPI_INT64_T, MPI_SUM, in->comm);
    o->edge_cut = tot[0] / 2, o->graph_edges = tot[1] / 2;
    free(all), free(cnt);
    return rc;
}

int bench_direct_ptscotch_kway(const direct_in *in, direct_out *o)
{
    memset(o, 0, sizeof *o);
    if (!faces_of(in)) {
        snprintf(o->note, sizeof o->note, "face table only for HEX/TET (3D), QUAD/TRI (2D)");
        return EXS_EINVAL;
    }
    slab s;
    int rc = read_slab(in, &s, o);
    if (rc == 0 && in->elems > INT_MAX && sizeof(pm_int) < 8)
        rc = EXS_ERANGE, snprintf(o->note, sizeof o->note, "32-bit SCOTCH_Num");
    int64_t *starts = calloc((size_t)in->size + 1, sizeof *starts);
    pm_int *xadj = malloc((size_t)(s.p.elem_count + 1) * sizeof *xadj), *adj = NULL;
    int *dest = malloc((size_t)(s.p.elem_count + 1) * sizeof *dest);
    rc = rc ? rc : starts && xadj && dest ? 0 : EXS_ENOMEM;
    if (all_min(in, rc) == 0)
        MPI_Allgather(&s.p.elem_start, 1, MPI_INT64_T, starts, 1, MPI_INT64_T, in->comm);
    if ((rc = all_min(in, rc)) == 0)
        rc = dual_graph(in, &s, starts, xadj, &adj, o);
    if ((rc = all_min(in, rc)) == 0)
        rc = kway(in, &s, starts, xadj, adj, dest, o);
    o->part_seconds = slowest(in->comm, o->part_seconds);
    if ((rc = all_min(in, rc)) == 0)
        rc = count_parts(in, dest, s.p.elem_count, o);
    if ((rc = all_min(in, rc)) == 0)
        rc = count_cut(in, &s, starts, xadj, adj, dest, o);
    free(starts), free(xadj), free(adj), free(dest), free(s.conn);
    return rc;
}

#else

int bench_direct_ptscotch_kway(const direct_in *in, direct_out *o)
{
    (void)in;
    memset(o, 0, sizeof *o);
    snprintf(o->note, sizeof o->note, "not built (PT-Scotch's parmetis.h/libparmetis "
             "not found by CMake)");
    return EXS_ENOTBUILT;
}

#endif
