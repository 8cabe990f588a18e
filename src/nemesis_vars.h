/* nemesis_vars.h -- Nemesis load-balance data beyond the Exodus model
 * (internal): extra dimensions and integer variables, defined into a
 * file being written and read back by name. Names and shapes follow
 * SEACAS's exodusII_int.h (num_int_node, node_mapi, n_comm_ids, ...). */
#ifndef EXS_NEMESIS_H
#define EXS_NEMESIS_H

#include "internal.h"

/* SEACAS's names of the Nemesis dimensions and variables (exodusII_int.h),
 * spelled here once for everything that writes or reads them (exs_copy,
 * decomp/'s file-per-rank writer and reader). */
#define EXSI_NEM_NUM_NODES_GLOBAL   "num_nodes_global"
#define EXSI_NEM_NUM_ELEMS_GLOBAL   "num_elems_global"
#define EXSI_NEM_NUM_EL_BLK_GLOBAL  "num_el_blk_global"
#define EXSI_NEM_NUM_NS_GLOBAL      "num_ns_global"
#define EXSI_NEM_NUM_SS_GLOBAL      "num_ss_global"
#define EXSI_NEM_NUM_PROCESSORS     "num_processors"
#define EXSI_NEM_NUM_PROCS_FILE     "num_procs_file"
#define EXSI_NEM_NUM_INT_NODE       "num_int_node"
#define EXSI_NEM_NUM_BOR_NODE       "num_bor_node"
#define EXSI_NEM_NUM_EXT_NODE       "num_ext_node"
#define EXSI_NEM_NUM_INT_ELEM       "num_int_elem"
#define EXSI_NEM_NUM_BOR_ELEM       "num_bor_elem"
#define EXSI_NEM_NUM_N_CMAPS        "num_n_cmaps"
#define EXSI_NEM_NUM_E_CMAPS        "num_e_cmaps"
#define EXSI_NEM_NCNT_CMAP          "ncnt_cmap"
#define EXSI_NEM_ECNT_CMAP          "ecnt_cmap"
#define EXSI_NEM_EL_BLK_IDS_GLOBAL  "el_blk_ids_global"
#define EXSI_NEM_EL_BLK_CNT_GLOBAL  "el_blk_cnt_global"
#define EXSI_NEM_NS_IDS_GLOBAL      "ns_ids_global"
#define EXSI_NEM_NS_NODE_CNT_GLOBAL "ns_node_cnt_global"
#define EXSI_NEM_NS_DF_CNT_GLOBAL   "ns_df_cnt_global"
#define EXSI_NEM_SS_IDS_GLOBAL      "ss_ids_global"
#define EXSI_NEM_SS_SIDE_CNT_GLOBAL "ss_side_cnt_global"
#define EXSI_NEM_SS_DF_CNT_GLOBAL   "ss_df_cnt_global"
#define EXSI_NEM_NEM_FTYPE          "nem_ftype"
#define EXSI_NEM_INT_N_STAT         "int_n_stat"
#define EXSI_NEM_BOR_N_STAT         "bor_n_stat"
#define EXSI_NEM_EXT_N_STAT         "ext_n_stat"
#define EXSI_NEM_INT_E_STAT         "int_e_stat"
#define EXSI_NEM_BOR_E_STAT         "bor_e_stat"
#define EXSI_NEM_ELEM_MAPI          "elem_mapi"
#define EXSI_NEM_ELEM_MAPI_IDX      "elem_mapi_idx"
#define EXSI_NEM_ELEM_MAPB          "elem_mapb"
#define EXSI_NEM_ELEM_MAPB_IDX      "elem_mapb_idx"
#define EXSI_NEM_NODE_MAPI          "node_mapi"
#define EXSI_NEM_NODE_MAPI_IDX      "node_mapi_idx"
#define EXSI_NEM_NODE_MAPB          "node_mapb"
#define EXSI_NEM_NODE_MAPB_IDX      "node_mapb_idx"
#define EXSI_NEM_NODE_MAPE          "node_mape"
#define EXSI_NEM_NODE_MAPE_IDX      "node_mape_idx"
#define EXSI_NEM_N_COMM_IDS         "n_comm_ids"
#define EXSI_NEM_N_COMM_STAT        "n_comm_stat"
#define EXSI_NEM_N_COMM_INFO_IDX    "n_comm_info_idx"
#define EXSI_NEM_E_COMM_IDS         "e_comm_ids"
#define EXSI_NEM_E_COMM_STAT        "e_comm_stat"
#define EXSI_NEM_E_COMM_INFO_IDX    "e_comm_info_idx"
#define EXSI_NEM_N_COMM_DATA_IDX    "n_comm_data_idx"
#define EXSI_NEM_N_COMM_NIDS        "n_comm_nids"
#define EXSI_NEM_N_COMM_PROC        "n_comm_proc"
#define EXSI_NEM_E_COMM_DATA_IDX    "e_comm_data_idx"
#define EXSI_NEM_E_COMM_EIDS        "e_comm_eids"
#define EXSI_NEM_E_COMM_PROC        "e_comm_proc"
#define EXSI_NEM_E_COMM_SIDS        "e_comm_sids"

typedef struct exsi_nem_dim {
    const char *name;
    int64_t len; /* 0: not defined (SEACAS leaves empty ones out) */
} exsi_nem_dim;

typedef struct exsi_nem_var {
    const char *name;
    const char *dim;      /* NULL: a scalar */
    int64_t n;            /* values: the dimension's length, 1 for a scalar */
    const int64_t *vals;
} exsi_nem_var;

/* Local, on a serial handle made by exs_create whose Exodus data is
 * written. Ends definitions, re-enters define mode once, defines the
 * dimensions of nonzero length, the variables (the file's integer type)
 * whose dimension exists and the nemesis_file_version /
 * nemesis_api_version attributes, then writes the values. */
int exsi_nem_put(exs_file *f, int ndims, const exsi_nem_dim *dims, int nvars,
                const exsi_nem_var *vars);

/* Local. Length of a dimension, 0 when the file has none of that name. */
int64_t exsi_nem_dim_len(exs_file *f, const char *name);

/* Local. The n values of integer variable `name` (n 0: nothing read,
 * the variable may be absent). EXS_EBADMODEL when it is missing or its
 * length is not n. */
int exsi_nem_get(exs_file *f, const char *name, int64_t n, int64_t *vals);

#endif
