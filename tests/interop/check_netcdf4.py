"""netCDF4-python reads exoslab's files: dimensions, variables and
attributes laid out as Exodus II (libexodus) lays them out."""
import os
import sys

try:
    import netCDF4
except ImportError:
    print("SKIP: netCDF4-python is not installed")
    sys.exit(77)
import numpy as np

import interop_model as m
from interop_model import check


for name in m.FILES:
    path = os.path.join(sys.argv[1], name)
    ds = netCDF4.Dataset(path)
    int64 = name.endswith("i64.exo")
    check(ds.getncattr("file_size") == 1, "file_size")
    check(ds.getncattr("floating_point_word_size") == 8, "floating_point_word_size")
    check(ds.getncattr("int64_status") == (0x1C00 if int64 else 0), "int64_status")
    check(abs(ds.getncattr("version") - 8.03) < 1e-5, "version")
    check(abs(ds.getncattr("api_version") - 8.03) < 1e-5, "api_version")
    check(ds.getncattr("maximum_name_length") == 32, "maximum_name_length")
    check(ds.getncattr("title") == "exoslab interop mesh", "title")
    dims = {k: (len(v), v.isunlimited()) for k, v in ds.dimensions.items()}
    want = {"len_string": 33, "len_line": 81, "four": 4, "len_name": 33,
            "num_dim": 3, "num_nodes": m.NODES, "num_elem": m.ELEMS, "num_el_blk": 2,
            "num_node_sets": 1, "num_side_sets": 1, "num_el_in_blk1": m.BLK1,
            "num_nod_per_el1": 8, "num_nod_ns1": 9, "num_side_ss1": 4,
            "num_df_ss1": 16, "num_glo_var": 1, "num_nod_var": 1, "num_elem_var": 1,
            "num_qa_rec": 1}
    for k, v in want.items():
        check(k in dims and dims[k][0] == v, "dimension %s = %s (have %s)" % (k, v, dims.get(k)))
    check(dims["time_step"] == (m.STEPS, True), "time_step unlimited")
    v = ds.variables
    for k in ["time_whole", "eb_status", "eb_prop1", "eb_names", "coordx", "coordy",
              "coordz", "coor_names", "connect1", "connect2", "node_ns1", "dist_fact_ns1",
              "elem_ss1", "side_ss1", "dist_fact_ss1", "node_num_map", "elem_num_map",
              "name_glo_var", "vals_glo_var", "name_nod_var", "vals_nod_var1",
              "name_elem_var", "elem_var_tab", "vals_elem_var1eb1", "vals_elem_var1eb2",
              "qa_records", "ns_prop1", "ss_prop1", "ns_status", "ss_status"]:
        check(k in v, "variable " + k)
    itype = np.int64 if int64 else np.int32
    check(v["connect1"].dtype == itype, "connect1 type")
    check(v["eb_prop1"].dtype == itype, "eb_prop1 type")
    check(v["eb_status"].dtype == np.int32, "eb_status type")
    check(v["coordx"].dtype == np.float64, "coordx type")
    check(v["connect1"].dimensions == ("num_el_in_blk1", "num_nod_per_el1"), "connect1 dims")
    check(v["connect1"].getncattr("elem_type") == "HEX8", "elem_type")
    check(v["eb_prop1"].getncattr("name") == "ID", "eb_prop1 name")
    check(v["vals_nod_var1"].dimensions == ("time_step", "num_nodes"), "vals_nod_var1 dims")
    check(v["vals_glo_var"].dimensions == ("time_step", "num_glo_var"), "vals_glo_var dims")
    check(v["dist_fact_ss1"].dimensions == ("num_df_ss1",), "dist_fact_ss1 dims")
    check(list(v["eb_prop1"][:]) == [1, 2], "block ids")
    check(list(v["eb_status"][:]) == [1, 1], "block status")
    names = [b"".join(r.compressed()).decode() for r in v["eb_names"][:]]
    check(names == ["lower", "upper"], "eb_names %s" % names)
    check(v["elem_var_tab"][:].tolist() == [[1], [1]], "elem_var_tab")
    x = v["coordx"][:]
    check(all(x[n] == m.xyz(n)[0] for n in range(m.NODES)), "coordx values")
    c = v["connect2"][:]
    check(all(list(c[e]) == m.conn(m.BLK1 + e) for e in range(m.ELEMS - m.BLK1)),
          "connect2 values")
    check(list(v["node_num_map"][:]) == [m.node_id(n) for n in range(m.NODES)], "node_num_map")
    t = v["vals_nod_var1"][:]
    check(all(abs(t[s][n] - m.temp(s, n)) < 1e-12 for s in range(m.STEPS)
              for n in range(m.NODES)), "vals_nod_var1 values")
    check(list(v["time_whole"][:]) == [m.time(s) for s in range(m.STEPS)], "time_whole")
    if name == "interop_nc4.exo":
        f = v["coordx"].filters()
        check(f.get("zlib") and f.get("shuffle"), "deflate+shuffle on coordx: %s" % f)
    ds.close()
    print("%s: netCDF4-python checked" % name)

m.finish()
