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
    "num_nodes_global", "num_elems_global", "num_el_blk_global", "num_ns_global",
    "num_ss_global",    "num_processors",   "num_procs_file",    "num_int_node",
    "num_bor_node",     "num_ext_node",     "num_int_elem",      "num_bor_elem",
    "num_n_cmaps",      "num_e_cmaps",      "ncnt_cmap",         "ecnt_cmap"};
enum { NUM_NEM_DIMS = sizeof nem_dims / sizeof nem_dims[0] };

/* Each variable and its dimension (NULL: a scalar). */
static const char *const nem_vars[][2] = {
    {"el_blk_ids_global", "num_el_blk_global"}, {"el_blk_cnt_global", "num_el_blk_global"},
    {"ns_ids_global", "num_ns_global"},         {"ns_node_cnt_global", "num_ns_global"},
    {"ns_df_cnt_global", "num_ns_global"},      {"ss_ids_global", "num_ss_global"},
    {"ss_side_cnt_global", "num_ss_global"},    {"ss_df_cnt_global", "num_ss_global"},
    {"nem_ftype", NULL},                        {"int_n_stat", "num_procs_file"},
    {"bor_n_stat", "num_procs_file"},           {"ext_n_stat", "num_procs_file"},
    {"int_e_stat", "num_procs_file"},           {"bor_e_stat", "num_procs_file"},
    {"elem_mapi", "num_int_elem"},              {"elem_mapi_idx", "num_procs_file"},
    {"elem_mapb", "num_bor_elem"},              {"elem_mapb_idx", "num_procs_file"},
    {"node_mapi", "num_int_node"},              {"node_mapi_idx", "num_procs_file"},
    {"node_mapb", "num_bor_node"},              {"node_mapb_idx", "num_procs_file"},
    {"node_mape", "num_ext_node"},              {"node_mape_idx", "num_procs_file"},
    {"n_comm_ids", "num_n_cmaps"},              {"n_comm_stat", "num_n_cmaps"},
    {"n_comm_info_idx", "num_procs_file"},      {"e_comm_ids", "num_e_cmaps"},
    {"e_comm_stat", "num_e_cmaps"},             {"e_comm_info_idx", "num_procs_file"},
    {"n_comm_data_idx", "num_n_cmaps"},         {"n_comm_nids", "ncnt_cmap"},
    {"n_comm_proc", "ncnt_cmap"},               {"e_comm_data_idx", "num_e_cmaps"},
    {"e_comm_eids", "ecnt_cmap"},               {"e_comm_proc", "ecnt_cmap"},
    {"e_comm_sids", "ecnt_cmap"}};
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
