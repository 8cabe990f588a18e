/*
 * partition.c -- chunk-aligned contiguous slabs: which nodes and elements
 * each rank owns, and how an element slab falls into blocks.
 *
 * Pure arithmetic over the handle's model and the comm layer's rank and
 * size; never opens files or touches the store's data.
 */
#include "internal.h"
#include "exoslab_par.h"

int exs_split_range(int64_t n, int64_t chunk, int nranks, int rank,
                    int64_t *start, int64_t *count)
{
    if (n < 0 || chunk <= 0 || nranks <= 0 || rank < 0 || rank >= nranks ||
        !start || !count)
        return EXS_EINVAL;
    /* Whole chunks are dealt out, the first `extra` ranks get one more;
     * the partial chunk at the end goes to the last rank, which never gets
     * an extra one (extra < nranks), so shares differ by at most a chunk. */
    int64_t whole = n / chunk;
    int64_t per = whole / nranks, extra = whole % nranks;
    int64_t first = rank * per + (rank < extra ? rank : extra);
    int64_t mine = per + (rank < extra ? 1 : 0);
    int64_t lo = first * chunk, hi = (first + mine) * chunk;
    if (rank == nranks - 1)
        hi = n;
    *start = lo;
    *count = hi - lo;
    return 0;
}

/* The element chunk: the smallest natural slab length over the element
 * blocks that have entries (the widest block's for contiguous storage). */
static int elem_chunk(exs_file *f, int64_t block_bytes, int64_t *chunk)
{
    const exsi_core_entity_list *l = &f->ents[EXS_ELEM_BLOCK];
    int64_t best = 0;
    for (int64_t i = 0; i < l->n; i++) {
        int64_t len = 0;
        if (l->e[i].num_entries == 0)
            continue;
        int rc = exs_chunk_len(f, EXS_ELEM_BLOCK, l->e[i].id, block_bytes, &len);
        if (rc != 0)
            return rc;
        if (best == 0 || len < best)
            best = len;
    }
    if (best == 0)
        best = (block_bytes > 0 ? block_bytes : EXS_DEFAULT_BLOCK_BYTES) / 8;
    *chunk = best > 0 ? best : 1;
    return 0;
}

int exs_balanced_unit(int64_t n, int64_t chunk, int nranks, int64_t *unit)
{
    if (n < 0 || chunk <= 0 || nranks <= 0 || !unit)
        return EXS_EINVAL;
    int64_t cap = n / (4 * (int64_t)nranks);
    if (chunk <= cap || cap <= 1) {
        *unit = chunk <= cap ? chunk : 1;
        return 0;
    }
    /* The largest divisor of chunk not above cap: its multiples include
     * every chunk boundary, so a cut between chunks stays one. */
    int64_t best = 1;
    for (int64_t d = 1; d <= chunk / d; d++) {
        if (chunk % d != 0)
            continue;
        if (d <= cap && d > best)
            best = d;
        if (chunk / d <= cap && chunk / d > best)
            best = chunk / d;
    }
    *unit = best;
    return 0;
}

int exs_get_partition(exs_file *f, int64_t block_bytes, exs_partition *p)
{
    if (!f || !p)
        return EXS_EINVAL;
    int rank = exsi_comm_rank(f->comm), size = exsi_comm_size(f->comm);
    int rc = exs_chunk_len(f, EXS_NODAL, 0, block_bytes, &p->node_chunk);
    if (rc == 0)
        rc = elem_chunk(f, block_bytes, &p->elem_chunk);
    if (rc == 0)
        rc = exs_balanced_unit(f->num_nodes, p->node_chunk, size, &p->node_chunk);
    if (rc == 0)
        rc = exs_balanced_unit(f->num_elem, p->elem_chunk, size, &p->elem_chunk);
    if (rc == 0)
        rc = exs_split_range(f->num_nodes, p->node_chunk, size, rank,
                             &p->node_start, &p->node_count);
    if (rc == 0)
        rc = exs_split_range(f->num_elem, p->elem_chunk, size, rank,
                             &p->elem_start, &p->elem_count);
    return rc;
}

int exs_partition_pieces(exs_file *f, int64_t elem_start, int64_t elem_count,
                         exs_block_piece *pieces, int64_t cap, int64_t *n)
{
    if (!f || !n)
        return EXS_EINVAL;
    int rc = exsi_util_check_slab(f, "element slab", elem_start, elem_count, f->num_elem);
    if (rc != 0)
        return rc;
    const exsi_core_entity_list *l = &f->ents[EXS_ELEM_BLOCK];
    int64_t end = elem_start + elem_count, k = 0;
    for (int64_t i = 0; i < l->n; i++) {
        const exsi_core_entity *e = &l->e[i];
        int64_t lo = e->offset > elem_start ? e->offset : elem_start;
        int64_t hi = e->offset + e->num_entries < end ? e->offset + e->num_entries : end;
        if (hi <= lo)
            continue;
        if (pieces && k < cap)
            pieces[k] = (exs_block_piece){.block_id = e->id,
                                          .block_start = lo - e->offset,
                                          .count = hi - lo,
                                          .slab_offset = lo - elem_start};
        k++;
    }
    *n = k;
    if (pieces && k > cap)
        return exsi_err(f, EXS_ESIZE, "element slab [%lld, %lld) has %lld block "
                       "pieces, room for %lld", (long long)elem_start,
                       (long long)end, (long long)k, (long long)cap);
    return 0;
}
