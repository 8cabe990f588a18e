/* test_nemesis_model.c -- what a Nemesis part carries of the model besides
 * blocks, nodes and results: every node, side and element set of the
 * source restricted to the part (members in the set's order, sides,
 * distribution factors) and the node/side/element set variables at every
 * step; the assemblies (ids, names, members) and their reduction values. Each rank opens its own part file (serially) and compares it with
 * the global file's values, member by member, through the part's position
 * maps; over the ranks, side and element set members are each in exactly
 * one part (they follow the owned elements). Written at P = 1..4 ranks
 * with the linear method and with RCB where Zoltan is built. */
#include <stdio.h>
#include <unistd.h>

#include "exoslab_par.h"
#include "exs_test.h"
#include "exs_test_mpi.h"

static int P, me;
static int64_t compared; /* set variable values compared on this rank */

/* Global 1-based position of each of the part's n entries of a map kind:
 * the named map EXS_NEM_POS_NAME (id 1) where the source has ids, else
 * the id map (then holding the positions). */
static int64_t *positions(exs_file *g, exs_file *p, exs_kind mk, int64_t n)
{
    int has = 0;
    int64_t *pos = calloc((size_t)n + 1, sizeof *pos);
    EXS_OK(g, exs_has_id_map(g, mk, &has));
    if (has && n > 0)
        EXS_OK(p, exs_get_map(p, mk, 1, 0, n, EXS_I64, pos));
    else
        EXS_OK(p, exs_get_id_map(p, mk, 0, n, EXS_I64, pos));
    return pos;
}

/* inv[global 1-based] = part-local 1-based, 0 where the part lacks it. */
static int64_t *inverse(const int64_t *pos, int64_t n, int64_t nglob)
{
    int64_t *inv = calloc((size_t)nglob + 1, sizeof *inv);
    for (int64_t i = 0; i < n; i++)
        if (pos[i] >= 1 && pos[i] <= nglob)
            inv[pos[i]] = i + 1;
        else
            EXS_FAIL_("position %lld out of 1..%lld", (long long)pos[i], (long long)nglob);
    return inv;
}

typedef struct one_set {
    exs_entity_info e;
    int64_t *mem, *side;
    double *df;
} one_set;

static void read_set(exs_file *f, exs_kind k, int64_t id, one_set *s)
{
    memset(s, 0, sizeof *s);
    EXS_OK(f, exs_get_entity(f, k, id, &s->e));
    int64_t n = s->e.num_entries;
    s->mem = calloc((size_t)n + 1, 8);
    s->side = calloc((size_t)n + 1, 8);
    s->df = calloc((size_t)s->e.num_df + 1, sizeof *s->df);
    if (n > 0)
        EXS_OK(f, exs_get_set(f, k, id, 0, n, EXS_I64, s->mem,
                              k == EXS_SIDE_SET ? s->side : NULL));
    if (s->e.num_df > 0)
        EXS_OK(f, exs_get_df(f, k, id, 0, s->e.num_df, EXS_F64, s->df));
}

static void free_set(one_set *s) { free(s->mem), free(s->side), free(s->df); }

/* The part's members are the global set's members it holds, in order;
 * at[j]: where part member j sits in the global set. */
static void check_members(exs_kind k, const one_set *gs, const one_set *ps,
                          const int64_t *inv, int64_t *at, const char *what)
{
    int64_t j = 0, bad = 0;
    for (int64_t i = 0; i < gs->e.num_entries; i++) {
        int64_t loc = inv[gs->mem[i]];
        if (loc == 0)
            continue;
        if (j < ps->e.num_entries) {
            bad += ps->mem[j] != loc;
            bad += k == EXS_SIDE_SET && ps->side[j] != gs->side[i];
            at[j] = i;
        }
        j++;
    }
    if (j != ps->e.num_entries || bad)
        EXS_FAIL_("%s: %lld members kept of %lld expected, %lld differ", what,
                  (long long)ps->e.num_entries, (long long)j, (long long)bad);
    exs_test_checks++;
}

/* Factors per member follow their member (node and element sets: one
 * each; side sets: the same number per side, where the part keeps them). */
static void check_df(exs_kind k, const one_set *gs, const one_set *ps, const int64_t *at,
                     const char *what)
{
    int64_t n = ps->e.num_entries, gn = gs->e.num_entries;
    if (k != EXS_SIDE_SET && gs->e.num_df == gn && gn > 0)
        EXS_ASSERT_EQ(ps->e.num_df, n);
    if (ps->e.num_df == 0 || n == 0)
        return;
    int64_t q = ps->e.num_df / n, bad = 0;
    EXS_ASSERT_EQ(q * n, ps->e.num_df);
    EXS_ASSERT_EQ(q * gn, gs->e.num_df);
    for (int64_t j = 0; q * gn == gs->e.num_df && j < n; j++)
        for (int64_t r = 0; r < q; r++)
            bad += ps->df[j * q + r] != gs->df[at[j] * q + r];
    if (bad)
        EXS_FAIL_("%s: %lld distribution factors differ", what, (long long)bad);
    exs_test_checks++;
}

/* Every set variable the source stores for the set, at every step, at the
 * part's members; the part stores it wherever it holds members. */
static void check_vars(exs_file *g, exs_file *p, exs_kind k, int64_t gi, int64_t pi,
                       const one_set *gs, const one_set *ps, const int64_t *at,
                       const char *what)
{
    int nv = 0, pv = 0;
    int64_t ng = 0, np = 0, nt = 0, bad = 0;
    EXS_OK(g, exs_num_vars(g, k, &nv));
    EXS_OK(p, exs_num_vars(p, k, &pv));
    EXS_ASSERT_EQ(pv, nv);
    if (nv == 0 || pv != nv)
        return;
    EXS_OK(g, exs_num_entities(g, k, &ng));
    EXS_OK(p, exs_num_entities(p, k, &np));
    EXS_OK(g, exs_inquire(g, EXS_INQ_NUM_TIMES, &nt));
    int *gt = calloc((size_t)(ng * nv), sizeof *gt), *pt = calloc((size_t)(np * nv), sizeof *pt);
    EXS_OK(g, exs_get_truth(g, k, gt));
    EXS_OK(p, exs_get_truth(p, k, pt));
    double *gv = calloc((size_t)gs->e.num_entries + 1, 8), *pv_ = calloc((size_t)ps->e.num_entries + 1, 8);
    for (int v = 0; v < nv; v++) {
        if (!gt[gi * nv + v] || ps->e.num_entries == 0)
            continue;
        EXS_ASSERT(pt[pi * nv + v]);
        for (int64_t s = 0; pt[pi * nv + v] && s < nt; s++) {
            EXS_OK(g, exs_get_var(g, k, gs->e.id, v, s, 0, gs->e.num_entries, EXS_F64, gv));
            EXS_OK(p, exs_get_var(p, k, ps->e.id, v, s, 0, ps->e.num_entries, EXS_F64, pv_));
            for (int64_t j = 0; j < ps->e.num_entries; j++)
                bad += pv_[j] != gv[at[j]];
            compared += ps->e.num_entries;
        }
    }
    if (bad)
        EXS_FAIL_("%s: %lld set variable values differ", what, (long long)bad);
    exs_test_checks++;
    free(gt), free(pt), free(gv), free(pv_);
}

/* The index of set `id` among p's sets of kind k, or -1. */
static int64_t index_of(exs_file *p, exs_kind k, int64_t id)
{
    int64_t n = 0;
    EXS_OK(p, exs_num_entities(p, k, &n));
    int64_t *ids = calloc((size_t)n + 1, 8), at = -1;
    EXS_OK(p, exs_get_ids(p, k, ids));
    for (int64_t i = 0; i < n && at < 0; i++)
        if (ids[i] == id)
            at = i;
    free(ids);
    return at;
}

/* One kind's sets; *kept gets the part's members summed over its sets. */
static void check_kind(exs_file *g, exs_file *p, exs_kind k, const int64_t *inv,
                       const char *label, int64_t *kept, int64_t *total)
{
    int64_t n = 0;
    EXS_OK(g, exs_num_entities(g, k, &n));
    int64_t *ids = calloc((size_t)n + 1, 8);
    EXS_OK(g, exs_get_ids(g, k, ids));
    *kept = *total = 0;
    for (int64_t i = 0; i < n; i++) {
        char what[512];
        snprintf(what, sizeof what, "%s at %d ranks, rank %d: set %d/%lld", label, P, me,
                 (int)k, (long long)ids[i]);
        int64_t pi = index_of(p, k, ids[i]);
        if (pi < 0) {
            EXS_FAIL_("%s: missing from the part", what);
            continue;
        }
        one_set gs, ps;
        read_set(g, k, ids[i], &gs);
        read_set(p, k, ids[i], &ps);
        int64_t *at = calloc((size_t)ps.e.num_entries + 1, 8);
        check_members(k, &gs, &ps, inv, at, what);
        check_df(k, &gs, &ps, at, what);
        check_vars(g, p, k, i, pi, &gs, &ps, at, what);
        *kept += ps.e.num_entries, *total += gs.e.num_entries;
        free(at), free_set(&gs), free_set(&ps);
    }
    free(ids);
}

/* Side and element set members follow the owned elements: each in one
 * part; node set members in at least one (shared nodes in several). */
static void check_counts(exs_kind k, int64_t kept, int64_t total, const char *label)
{
    int64_t sum = kept;
    MPI_Allreduce(MPI_IN_PLACE, &sum, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (k == EXS_NODE_SET ? sum < total : sum != total)
        EXS_FAIL_("%s at %d ranks: kind %d, %lld members over the parts for %lld", label, P,
                  (int)k, (long long)sum, (long long)total);
    exs_test_checks++;
}

static void check_assemblies(exs_file *g, exs_file *p, const char *label);

/* The entity attributes of (owner, id) in the part as in the source. */
static int64_t check_atts(exs_file *g, exs_file *p, int owner, int64_t id, const char *label)
{
    int n = 0;
    int64_t bad = 0;
    EXS_OK(g, exs_num_entity_atts(g, owner, id, &n));
    for (int i = 0; i < n; i++) {
        char name[300];
        int type = 0;
        int64_t len = 0;
        EXS_OK(g, exs_get_entity_att_info(g, owner, id, i, name, sizeof name, &type, &len));
        size_t sz = type == EXS_ATT_CHAR ? 1 : 8;
        char *a = calloc((size_t)len + 1, sz), *b = calloc((size_t)len + 1, sz);
        EXS_OK(g, exs_get_entity_att(g, owner, id, name, type, len + 1, a));
        if (exs_get_entity_att(p, owner, id, name, type, len + 1, b) != 0 ||
            memcmp(a, b, (size_t)len * sz) != 0) {
            EXS_FAIL_("%s: entity attribute %s of %d/%lld differs or is missing", label, name,
                      owner, (long long)id);
            bad++;
        }
        exs_test_checks++;
        free(a), free(b);
    }
    return n;
}

/* Global, element block (where the part holds entries of it) and
 * assembly attributes; *seen: how many the source has. */
static void check_all_atts(exs_file *g, exs_file *p, const char *label)
{
    int64_t seen = check_atts(g, p, EXS_GLOBAL, 0, label), nb = 0, na = 0;
    EXS_OK(g, exs_num_entities(g, EXS_ELEM_BLOCK, &nb));
    EXS_OK(g, exs_num_assemblies(g, &na));
    int64_t *ids = calloc((size_t)(nb > na ? nb : na) + 1, 8);
    EXS_OK(g, exs_get_ids(g, EXS_ELEM_BLOCK, ids));
    for (int64_t i = 0; i < nb; i++) {
        exs_entity_info e;
        if (exs_get_entity(p, EXS_ELEM_BLOCK, ids[i], &e) == 0 && e.num_entries > 0)
            seen += check_atts(g, p, EXS_ELEM_BLOCK, ids[i], label);
    }
    EXS_OK(g, exs_get_assembly_ids(g, ids));
    for (int64_t i = 0; i < na; i++)
        seen += check_atts(g, p, EXS_ASSEMBLY, ids[i], label);
    MPI_Allreduce(MPI_IN_PLACE, &seen, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (na > 0) /* the assembly file has Scale/Units/Offset: they were compared */
        EXS_ASSERT(seen > 0);
    free(ids);
}

static void check_part(const char *src, const char *base, const char *label)
{
    char path[1200];
    exs_nemesis_name(base, P, me, path, sizeof path);
    exs_file *g = NULL, *p = NULL;
    EXS_OK(g, exs_open(src, EXS_READ, &g));
    EXS_OK(p, exs_open(path, EXS_READ, &p));
    if (!g || !p) {
        exs_close(g), exs_close(p);
        return;
    }
    int64_t gnn = 0, gne = 0, nn = 0, ne = 0;
    exs_inquire(g, EXS_INQ_NUM_NODES, &gnn), exs_inquire(g, EXS_INQ_NUM_ELEM, &gne);
    exs_inquire(p, EXS_INQ_NUM_NODES, &nn), exs_inquire(p, EXS_INQ_NUM_ELEM, &ne);
    int64_t *npos = positions(g, p, EXS_NODE_MAP, nn), *epos = positions(g, p, EXS_ELEM_MAP, ne);
    int64_t *ninv = inverse(npos, nn, gnn), *einv = inverse(epos, ne, gne);
    const exs_kind kinds[] = {EXS_NODE_SET, EXS_SIDE_SET, EXS_ELEM_SET};
    for (int i = 0; i < 3; i++) {
        int64_t kept = 0, total = 0;
        check_kind(g, p, kinds[i], kinds[i] == EXS_NODE_SET ? ninv : einv, label, &kept,
                   &total);
        check_counts(kinds[i], kept, total, label);
    }
    check_assemblies(g, p, label);
    check_all_atts(g, p, label);
    free(npos), free(epos), free(ninv), free(einv);
    exs_close(p);
    exs_close(g);
}

/* Reduction values of every entity of `kind` the source stores them for,
 * at every step: the same in the part (the whole entity's values). */
static int64_t check_red(exs_file *g, exs_file *p, int kind, const int64_t *ids, int64_t n,
                         const char *what)
{
    int nv = 0, pv = -1;
    int64_t nt = 0, pt = 0, bad = 0, seen = 0;
    exs_num_red_vars(g, kind, &nv);
    exs_num_red_vars(p, kind, &pv);
    EXS_ASSERT_EQ(pv, nv);
    EXS_OK(g, exs_inquire(g, EXS_INQ_NUM_TIMES, &nt));
    EXS_OK(p, exs_inquire(p, EXS_INQ_NUM_TIMES, &pt));
    EXS_ASSERT_EQ(pt, nt);
    double a[64], b[64];
    for (int64_t i = 0; nv > 0 && nv <= 64 && pv == nv && i < n; i++)
        for (int64_t t = 0; t < nt; t++) {
            if (exs_get_red_vars(g, kind, ids[i], t, 0, nv, EXS_F64, a) != 0)
                continue;
            EXS_OK(p, exs_get_red_vars(p, kind, ids[i], t, 0, nv, EXS_F64, b));
            for (int v = 0; v < nv; v++)
                bad += a[v] != b[v];
            seen += nv;
        }
    if (bad)
        EXS_FAIL_("%s: %lld reduction values differ", what, (long long)bad);
    exs_test_checks++;
    return seen;
}

/* Assemblies: the same ids, names, member kinds and members in every part
 * (every block and set is defined in every part), and their reduction
 * values. */
static void check_assemblies(exs_file *g, exs_file *p, const char *label)
{
    int64_t n = 0, pn = -1;
    EXS_OK(g, exs_num_assemblies(g, &n));
    EXS_OK(p, exs_num_assemblies(p, &pn));
    EXS_ASSERT_EQ(pn, n);
    int64_t *ids = calloc((size_t)n + 1, 8);
    EXS_OK(g, exs_get_assembly_ids(g, ids));
    for (int64_t i = 0; pn == n && i < n; i++) {
        exs_assembly_info a, b;
        EXS_OK(g, exs_get_assembly(g, ids[i], &a));
        if (exs_get_assembly(p, ids[i], &b) != 0) {
            EXS_FAIL_("%s: assembly %lld missing from the part", label, (long long)ids[i]);
            continue;
        }
        EXS_ASSERT_STREQ(b.name, a.name);
        EXS_ASSERT_EQ(b.member_kind, a.member_kind);
        EXS_ASSERT_EQ(b.num_members, a.num_members);
        int64_t *ma = calloc((size_t)a.num_members + 1, 8), *mb = calloc((size_t)a.num_members + 1, 8);
        EXS_OK(g, exs_get_assembly_members(g, a.id, 0, a.num_members, EXS_I64, ma));
        if (b.num_members == a.num_members)
            EXS_OK(p, exs_get_assembly_members(p, a.id, 0, a.num_members, EXS_I64, mb));
        for (int64_t k = 0; k < a.num_members; k++)
            EXS_ASSERT_EQ(mb[k], ma[k]);
        free(ma), free(mb);
    }
    int64_t seen = check_red(g, p, EXS_ASSEMBLY, ids, n, label), all = seen;
    MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (n > 0) /* the assembly file has reduction values: they were compared */
        EXS_ASSERT(all > 0);
    free(ids);
}

/* What the test needs of the file, so that it cannot pass vacuously. */
static void check_source(const char *src, int want_es, int want_setvars)
{
    exs_file *g = NULL;
    EXS_OK(g, exs_open(src, EXS_READ, &g));
    int64_t nes = 0;
    int nv = 0, ns = 0;
    exs_num_entities(g, EXS_ELEM_SET, &nes);
    exs_num_vars(g, EXS_NODE_SET, &nv);
    exs_num_vars(g, EXS_SIDE_SET, &ns);
    if (want_es)
        EXS_ASSERT(nes > 0);
    if (want_setvars)
        EXS_ASSERT(nv > 0 && ns > 0);
    exs_close(g);
}

static void on_file(const char *name, int want_es, int want_setvars)
{
    char src[1024];
    snprintf(src, sizeof src, "%s/%s", exs_test_corpus_dir(), name);
    if (access(src, R_OK) != 0) {
        if (me == 0)
            printf("SKIP %s: not found (set EXS_CORPUS)\n", src);
        return;
    }
    check_source(src, want_es, want_setvars);
    compared = 0;
    const exs_decomp_method methods[] = {EXS_DECOMP_LINEAR, EXS_DECOMP_RCB};
    for (int m = 0; m < 2; m++) {
        char tmp[300], base[1100], label[400];
        snprintf(tmp, sizeof tmp, "nem-model-%s-%d-np%d", name, m, P);
        exs_test_tmp_path(base, sizeof base, tmp);
        snprintf(label, sizeof label, "%s (%s)", name, m ? "rcb" : "linear");
        exs_file *f = NULL;
        exs_dmesh *dm = NULL;
        exs_create_opts co;
        exs_create_opts_init(&co);
        co.clobber = 1;
        exs_dmesh_opts o = {methods[m], 0, 0};
        EXS_OK(f, exs_open_par(src, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
        int rc = exs_dmesh_create(f, &o, &dm);
        if (m > 0 && rc == EXS_ENOTBUILT) {
            exs_close(f);
            continue;
        }
        EXS_OK(f, rc);
        if (rc == 0)
            EXS_ASSERT_EQ(exs_dmesh_write_nemesis(dm, base, &co), 0);
        exs_dmesh_free(dm);
        exs_close(f);
        MPI_Barrier(MPI_COMM_WORLD);
        if (rc == 0)
            check_part(src, base, label);
    }
    int64_t all = compared; /* the set variables were compared somewhere */
    MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (want_setvars)
        EXS_ASSERT(all > 0);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    on_file("lagrit__out_3D_tet_all_auto.exo", 1, 0); /* element sets, 19 side sets */
    on_file("seacas__ejoin_2block-gold.g", 0, 1);     /* node and side set variables */
    on_file("exodusjl__epu_mesh_test.g.4.0", 0, 0);   /* sets with factors */
    on_file("seacas__scripts_test-assembly.exo", 0, 0); /* assemblies, reductions */
    return exs_test_mpi_end();
}
