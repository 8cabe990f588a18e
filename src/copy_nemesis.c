/* copy_nemesis.c -- exs_copy's part for the Nemesis load-balance data of
 * a source (a part of a decomposition as nem_slice / nem_spread / the
 * decomposition writer leave it): the global counts and ids, the
 * internal / border / external maps and the node and element
 * communication maps, by SEACAS's names (exodusII_int.h), with the
 * nemesis_file_version / nemesis_api_version attributes. Written after
 * everything else, in one re-definition (nemesis_vars.c), since the
 * writer's header has no place for them. */
#include <stdlib.h>

#include "copy.h"
#include "nemesis_vars.h"

static const char *const nem_dims[] = {
    EXSI_NEM_NUM_NODES_GLOBAL, EXSI_NEM_NUM_ELEMS_GLOBAL, EXSI_NEM_NUM_EL_BLK_GLOBAL,
    EXSI_NEM_NUM_NS_GLOBAL, EXSI_NEM_NUM_SS_GLOBAL, EXSI_NEM_NUM_PROCESSORS,
    EXSI_NEM_NUM_PROCS_FILE, EXSI_NEM_NUM_INT_NODE, EXSI_NEM_NUM_BOR_NODE,
    EXSI_NEM_NUM_EXT_NODE, EXSI_NEM_NUM_INT_ELEM, EXSI_NEM_NUM_BOR_ELEM,
    EXSI_NEM_NUM_N_CMAPS, EXSI_NEM_NUM_E_CMAPS, EXSI_NEM_NCNT_CMAP,
    EXSI_NEM_ECNT_CMAP};
enum { NUM_NEM_DIMS = sizeof nem_dims / sizeof nem_dims[0] };

/* Each variable and its dimension (NULL: a scalar). */
static const char *const nem_vars[][2] = {
    {EXSI_NEM_EL_BLK_IDS_GLOBAL, EXSI_NEM_NUM_EL_BLK_GLOBAL},
    {EXSI_NEM_EL_BLK_CNT_GLOBAL, EXSI_NEM_NUM_EL_BLK_GLOBAL},
    {EXSI_NEM_NS_IDS_GLOBAL, EXSI_NEM_NUM_NS_GLOBAL},
    {EXSI_NEM_NS_NODE_CNT_GLOBAL, EXSI_NEM_NUM_NS_GLOBAL},
    {EXSI_NEM_NS_DF_CNT_GLOBAL, EXSI_NEM_NUM_NS_GLOBAL},
    {EXSI_NEM_SS_IDS_GLOBAL, EXSI_NEM_NUM_SS_GLOBAL},
    {EXSI_NEM_SS_SIDE_CNT_GLOBAL, EXSI_NEM_NUM_SS_GLOBAL},
    {EXSI_NEM_SS_DF_CNT_GLOBAL, EXSI_NEM_NUM_SS_GLOBAL},
    {EXSI_NEM_NEM_FTYPE, NULL},
    {EXSI_NEM_INT_N_STAT, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_BOR_N_STAT, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_EXT_N_STAT, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_INT_E_STAT, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_BOR_E_STAT, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_ELEM_MAPI, EXSI_NEM_NUM_INT_ELEM},
    {EXSI_NEM_ELEM_MAPI_IDX, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_ELEM_MAPB, EXSI_NEM_NUM_BOR_ELEM},
    {EXSI_NEM_ELEM_MAPB_IDX, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_NODE_MAPI, EXSI_NEM_NUM_INT_NODE},
    {EXSI_NEM_NODE_MAPI_IDX, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_NODE_MAPB, EXSI_NEM_NUM_BOR_NODE},
    {EXSI_NEM_NODE_MAPB_IDX, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_NODE_MAPE, EXSI_NEM_NUM_EXT_NODE},
    {EXSI_NEM_NODE_MAPE_IDX, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_N_COMM_IDS, EXSI_NEM_NUM_N_CMAPS},
    {EXSI_NEM_N_COMM_STAT, EXSI_NEM_NUM_N_CMAPS},
    {EXSI_NEM_N_COMM_INFO_IDX, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_E_COMM_IDS, EXSI_NEM_NUM_E_CMAPS},
    {EXSI_NEM_E_COMM_STAT, EXSI_NEM_NUM_E_CMAPS},
    {EXSI_NEM_E_COMM_INFO_IDX, EXSI_NEM_NUM_PROCS_FILE},
    {EXSI_NEM_N_COMM_DATA_IDX, EXSI_NEM_NUM_N_CMAPS},
    {EXSI_NEM_N_COMM_NIDS, EXSI_NEM_NCNT_CMAP},
    {EXSI_NEM_N_COMM_PROC, EXSI_NEM_NCNT_CMAP},
    {EXSI_NEM_E_COMM_DATA_IDX, EXSI_NEM_NUM_E_CMAPS},
    {EXSI_NEM_E_COMM_EIDS, EXSI_NEM_ECNT_CMAP},
    {EXSI_NEM_E_COMM_PROC, EXSI_NEM_ECNT_CMAP},
    {EXSI_NEM_E_COMM_SIDS, EXSI_NEM_ECNT_CMAP}};
enum { NUM_NEM_VARS = sizeof nem_vars / sizeof nem_vars[0] };

typedef struct nem_copy {
    exsi_nem_dim dims[NUM_NEM_DIMS];
    exsi_nem_var vars[NUM_NEM_VARS];
    int64_t *vals[NUM_NEM_VARS];
    int nvars;
} nem_copy;

/* The variables src stores, read whole (they are per-part arrays). */
static int read_vars(exs_file *src, exs_file *dst, nem_copy *n)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < NUM_NEM_VARS; i++) {
        exsi_core_varinfo vi;
        const char *dim = nem_vars[i][1];
        int64_t len = dim ? exsi_nem_dim_len(src, dim) : 1;
        if (len == 0 || exsi_util_var_lookup(src, nem_vars[i][0], &vi) != 0)
            continue;
        int64_t *v = calloc((size_t)len, sizeof *v);
        if (!v)
            return exsi_err(dst, EXS_ENOMEM, "copy: Nemesis variable %s", nem_vars[i][0]);
        n->vals[n->nvars] = v;
        n->vars[n->nvars++] = (exsi_nem_var){nem_vars[i][0], dim, len, v};
        rc = exsi_nem_get(src, nem_vars[i][0], len, v);
    }
    return rc;
}

int exsi_copy_part_nemesis(exs_file *src, exs_file *dst, int phase)
{
    if (phase == 0 || !src->nemesis)
        return 0;
    nem_copy n = {.nvars = 0};
    for (int i = 0; i < NUM_NEM_DIMS; i++)
        n.dims[i] = (exsi_nem_dim){nem_dims[i], exsi_nem_dim_len(src, nem_dims[i])};
    int rc = read_vars(src, dst, &n);
    if (rc != 0 && src->errmsg[0])
        exsi_err(dst, rc, "%s", src->errmsg);
    if (rc == 0)
        rc = exsi_nem_put(dst, NUM_NEM_DIMS, n.dims, n.nvars, n.vars);
    for (int i = 0; i < n.nvars; i++)
        free(n.vals[i]);
    return rc;
}
