/* check_nemesis_exodusii -- a standalone program linking only libexoIIv2c
 * (Debian's libexodusII 6.02, which holds the Nemesis API of libnemesis3)
 * that reads a Nemesis set exoslab wrote through SEACAS's own load-balance
 * calls and checks it value by value:
 *   check_nemesis_exodusii BASE NPROCS NUM_NODES NUM_ELEMS NUM_BLOCKS [NS SS]
 * Per file: the init info (NPROCS processors, one per file, parallel
 * type), the global counts and block counts, the load-balance counts
 * against the file's own mesh, internal + border node (element) maps
 * covering the local nodes (elements) once, every node comm map's
 * processor its id and its nodes border nodes. Over the set: every
 * global element in exactly one file, every global node in some file,
 * and what p shares with q (global numbers) is what q shares with p.
 * Element communication maps: ids the processors, sides 1..6, and as
 * many sides from p to q as from q to p. With NS SS (the global node /
 * side set counts) the set may be one SEACAS wrote. */
#include <exodusII.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails, checks;
static int want_ns, want_ss; /* global node / side sets */
static int ours = 1;          /* the quad mesh exoslab wrote */

#define CK(call)                                                                \
    do {                                                                        \
        int rc_ = (call);                                                       \
        checks++;                                                               \
        if (rc_ < 0) {                                                          \
            fprintf(stderr, "%s:%d: %s -> %d\n", __FILE__, __LINE__, #call, rc_); \
            fails++;                                                            \
        }                                                                       \
    } while (0)
#define EQ(a, b)                                                                \
    do {                                                                        \
        long long a_ = (long long)(a), b_ = (long long)(b);                     \
        checks++;                                                               \
        if (a_ != b_) {                                                         \
            fprintf(stderr, "%s:%d: %s == %s: %lld != %lld\n", __FILE__, __LINE__, \
                    #a, #b, a_, b_);                                            \
            fails++;                                                            \
        }                                                                       \
    } while (0)

#define MAXP 16

/* shared[p][q]: the global node numbers file p shares with q. */
static int *shared[MAXP][MAXP];
static int nshared[MAXP][MAXP];
/* esides[p][q]: sides of p's elements that q's elements share */
static int esides[MAXP][MAXP];

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int *ialloc(long n) { return calloc((size_t)(n > 0 ? n : 1), sizeof(int)); }

/* Each of 1..n exactly once in a[0..na) and b[0..nb). */
static void covers(const int *a, int na, const int *b, int nb, int n, const char *what)
{
    int *seen = ialloc(n + 1), bad = na + nb != n;
    for (int i = 0; i < na + nb; i++) {
        int v = i < na ? a[i] : b[i - na];
        if (v < 1 || v > n || seen[v]++)
            bad = 1;
    }
    checks++;
    if (bad) {
        fprintf(stderr, "%s: internal + border do not cover 1..%d once\n", what, n);
        fails++;
    }
    free(seen);
}

static void cmaps(int exo, int p, int nprocs, int nn, int ne, int nncm, int necm,
                  const int *bor, int nb, const int *nmap)
{
    int *ids = ialloc(nncm), *cnt = ialloc(nncm), *eids = ialloc(necm), *ecnt = ialloc(necm);
    char *isb = calloc((size_t)nn + 1, 1);
    for (int i = 0; i < nb; i++)
        if (bor[i] >= 1 && bor[i] <= nn)
            isb[bor[i]] = 1;
    CK(ex_get_cmap_params(exo, ids, cnt, eids, ecnt, p));
    for (int k = 0; k < nncm; k++) {
        int *nids = ialloc(cnt[k]), *procs = ialloc(cnt[k]), q = ids[k];
        CK(ex_get_node_cmap(exo, q, nids, procs, p));
        checks++;
        if (q < 0 || q >= nprocs || q == p) {
            fprintf(stderr, "file %d: comm map id %d is not another processor\n", p, q);
            fails++;
            q = 0;
        }
        shared[p][q] = ialloc(cnt[k]);
        nshared[p][q] = cnt[k];
        for (int i = 0; i < cnt[k]; i++) {
            EQ(procs[i], ids[k]);
            int ok = nids[i] >= 1 && nids[i] <= nn && isb[nids[i]];
            EQ(ok, 1);
            if (ok)
                isb[nids[i]] = 2; /* listed for a neighbour */
            shared[p][q][i] = ok ? nmap[nids[i] - 1] : -1;
        }
        qsort(shared[p][q], (size_t)cnt[k], sizeof(int), cmp_int);
        free(nids), free(procs);
    }
    for (int k = 0; k < necm; k++) {
        int *el = ialloc(ecnt[k]), *sd = ialloc(ecnt[k]), *pr = ialloc(ecnt[k]);
        CK(ex_get_elem_cmap(exo, eids[k], el, sd, pr, p));
        for (int i = 0; i < ecnt[k]; i++) {
            EQ(pr[i], eids[k]);
            EQ(el[i] >= 1 && el[i] <= ne && sd[i] >= 1 && sd[i] <= 6, 1);
        }
        if (eids[k] >= 0 && eids[k] < nprocs)
            esides[p][eids[k]] = ecnt[k];
        free(el), free(sd), free(pr);
    }
    /* no external nodes (an element decomposition: every node here is
     * one of its elements'), and every border node is in a neighbour's
     * node map: a node another rank also holds is never unlisted */
    int unlisted = 0;
    for (int i = 1; i <= nn; i++)
        unlisted += isb[i] == 1;
    EQ(unlisted, 0);
    free(ids), free(cnt), free(isb), free(eids), free(ecnt);
}

static void one_file(const char *base, int p, int nprocs, int gn, int ge, int gb,
                     int *eseen, int *nseen)
{
    char path[4096], title[MAX_LINE_LENGTH + 1], ftype[8] = "";
    int width = snprintf(NULL, 0, "%d", nprocs);
    snprintf(path, sizeof path, "%s.%d.%0*d", base, nprocs, width, p);
    int cpu = 8, io = 0;
    float ver;
    int exo = ex_open(path, EX_READ, &cpu, &io, &ver);
    checks++;
    if (exo < 0) {
        fprintf(stderr, "%s: ex_open failed (%d)\n", path, exo);
        fails++;
        return;
    }
    int np = 0, npf = 0, g[5] = {0}, dim, nn, ne, nb, nns, nss;
    CK(ex_get_init_info(exo, &np, &npf, ftype));
    EQ(np, nprocs); EQ(npf, 1); EQ(ftype[0], 'p');
    CK(ex_get_init_global(exo, &g[0], &g[1], &g[2], &g[3], &g[4]));
    EQ(g[0], gn); EQ(g[1], ge); EQ(g[2], gb); EQ(g[3], want_ns); EQ(g[4], want_ss);
    CK(ex_get_init(exo, title, &dim, &nn, &ne, &nb, &nns, &nss));
    EQ(nb, gb);
    int *bids = ialloc(gb), *bcnt = ialloc(gb), sum = 0;
    CK(ex_get_eb_info_global(exo, bids, bcnt));
    for (int b = 0; b < gb; b++)
        sum += bcnt[b];
    EQ(sum, ge);
    int ni, nbn, nx, nei, neb, nncm, necm;
    CK(ex_get_loadbal_param(exo, &ni, &nbn, &nx, &nei, &neb, &nncm, &necm, p));
    EQ(ni + nbn, nn); EQ(nx, 0); EQ(nei + neb, ne);
    if (ours && nprocs > 1)
        EQ(necm > 0, 1); /* the quad mesh's parts share edges */
    int *mi = ialloc(ni), *mb = ialloc(nbn), *mx = ialloc(1), *ei = ialloc(nei),
        *eb = ialloc(neb), *nmap = ialloc(nn), *emap = ialloc(ne);
    CK(ex_get_processor_node_maps(exo, mi, mb, mx, p));
    CK(ex_get_processor_elem_maps(exo, ei, eb, p));
    covers(mi, ni, mb, nbn, nn, path);
    covers(ei, nei, eb, neb, ne, path);
    CK(ex_get_node_num_map(exo, nmap));
    CK(ex_get_elem_num_map(exo, emap));
    /* exoslab's parts of a source with id maps: node_num_map holds the ids,
     * the named map 1 (exs_global_position) the global positions */
    if (ex_inquire_int(exo, EX_INQ_NODE_MAP) > 0)
        CK(ex_get_num_map(exo, EX_NODE_MAP, 1, nmap));
    if (ex_inquire_int(exo, EX_INQ_ELEM_MAP) > 0)
        CK(ex_get_num_map(exo, EX_ELEM_MAP, 1, emap));
    for (int i = 0; i < ne; i++)
        if (emap[i] >= 1 && emap[i] <= ge)
            eseen[emap[i]]++;
    for (int i = 0; i < nn; i++)
        if (nmap[i] >= 1 && nmap[i] <= gn)
            nseen[nmap[i]]++;
    cmaps(exo, p, nprocs, nn, ne, nncm, necm, mb, nbn, nmap);
    free(bids), free(bcnt), free(mi), free(mb), free(mx), free(ei), free(eb);
    free(nmap), free(emap);
    ex_close(exo);
}

int main(int argc, char **argv)
{
    if (argc != 6 && argc != 8) {
        fprintf(stderr, "usage: %s BASE NPROCS NUM_NODES NUM_ELEMS NUM_BLOCKS [NS SS]\n",
                argv[0]);
        return 2;
    }
    if (argc == 8)
        want_ns = atoi(argv[6]), want_ss = atoi(argv[7]), ours = 0;
    int nprocs = atoi(argv[2]), gn = atoi(argv[3]), ge = atoi(argv[4]), gb = atoi(argv[5]);
    if (nprocs < 1 || nprocs > MAXP)
        return 2;
    int *eseen = ialloc(ge + 1), *nseen = ialloc(gn + 1);
    for (int p = 0; p < nprocs; p++)
        one_file(argv[1], p, nprocs, gn, ge, gb, eseen, nseen);
    int ebad = 0, nbad = 0;
    for (int i = 1; i <= ge; i++)
        ebad += eseen[i] != 1;
    for (int i = 1; i <= gn; i++)
        nbad += nseen[i] < 1;
    EQ(ebad, 0); EQ(nbad, 0);
    for (int p = 0; p < nprocs; p++)
        for (int q = 0; q < nprocs; q++) {
            EQ(nshared[p][q], nshared[q][p]);
            EQ(esides[p][q], esides[q][p]); /* a shared side seen from both */
            for (int i = 0; nshared[p][q] == nshared[q][p] && i < nshared[p][q]; i++)
                EQ(shared[p][q][i], shared[q][p][i]);
        }
    int pairs = 0;
    for (int p = 0; p < nprocs; p++)
        for (int q = 0; q < nprocs; q++) {
            pairs += nshared[p][q] > 0;
            free(shared[p][q]);
        }
    if (nprocs > 1)
        EQ(pairs > 0, 1); /* a set of several parts shares nodes */
    free(eseen), free(nseen);
    printf("%d checks, %d failed (%d sharing pairs)\n", checks, fails, pairs);
    return fails ? 1 : 0;
}
