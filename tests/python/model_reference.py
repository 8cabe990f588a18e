"""Assemblies, blobs, reduction and blob variables and coordinate frames of
Exodus files read with netCDF4-python by SEACAS's names (exodusII_int.h),
independently of exoslab.

    /usr/bin/python3 model_reference.py OUT.json FILE...

writes one JSON object: file name -> {"assemblies": {id: {name, type,
typename, members}}, "blobs": {id: {name, num_entries}}, "red": {kind:
{names, values: {suffix: [[...] per step]}}}, "blob_vars": {names, values:
{"var:id": [[...] per step]}}, "frames": {ids, coords, tags}}. Its own
process: netCDF4-python's serial libnetcdf must not meet the MPI build's.
"""
import json
import os
import re
import sys

import netCDF4
import numpy as np

RED = ["elem", "edge", "face", "nset", "sset", "eset", "fset", "elset", "assembly",
       "blob"]
RED_VALS = {"elem": "eb", "edge": "edb", "face": "fb", "nset": "nset", "sset": "sset",
            "eset": "eset", "fset": "fset", "elset": "elset", "assembly": "assembly",
            "blob": "blob"}


def names(ds, var):
    if var not in ds.variables:
        return []
    raw = ds.variables[var][:]
    return [b"".join(r.compressed() if hasattr(r, "compressed") else r)
            .decode("utf-8", "replace").rstrip("\0 ") for r in raw]


def text_att(v, name):
    a = v.getncattr(name) if name in v.ncattrs() else ""
    return a.rstrip("\0 ") if isinstance(a, str) else str(a)


def one(path):
    ds = netCDF4.Dataset(path)
    ds.set_auto_mask(False)
    out = {"assemblies": {}, "blobs": {}, "red": {}, "blob_vars": {}, "frames": {}}
    for vname, v in ds.variables.items():
        m = re.fullmatch(r"assembly_entity(\d+)", vname)
        if m:
            out["assemblies"][m.group(1)] = {
                "name": text_att(v, "_name"), "type": int(v.getncattr("_type")),
                "typename": text_att(v, "_typename"),
                "members": [int(x) for x in v[:]]}
        m = re.fullmatch(r"blob_entity(\d+)", vname)
        if m:
            out["blobs"][m.group(1)] = {
                "name": text_att(v, "_name"),
                "num_entries": len(ds.dimensions["num_values_blob" + m.group(1)])}
    for k in RED:
        n = names(ds, "name_%s_red_var" % k)
        if not n:
            continue
        vals = {}
        pre = "vals_red_var_" + RED_VALS[k]
        for vname, v in ds.variables.items():
            if vname.startswith(pre) and vname[len(pre):].isdigit():
                vals[vname[len(pre):]] = np.asarray(v[:], dtype=float).tolist()
        out["red"][k] = {"names": n, "values": vals}
    bn = names(ds, "name_blob_var")
    bv = {}
    for vname, v in ds.variables.items():
        m = re.fullmatch(r"vals_blob_var(\d+)blob(\d+)", vname)
        if m:
            bv["%d:%s" % (int(m.group(1)) - 1, m.group(2))] = \
                np.asarray(v[:], dtype=float).tolist()
    out["blob_vars"] = {"names": bn, "values": bv}
    if "frame_ids" in ds.variables:
        out["frames"] = {
            "ids": [int(x) for x in ds.variables["frame_ids"][:]],
            "coords": np.asarray(ds.variables["frame_coordinates"][:], float).tolist(),
            "tags": b"".join(ds.variables["frame_tags"][:]).decode()}
    ds.close()
    return out


def main():
    res = {os.path.basename(p): one(p) for p in sys.argv[2:]}
    with open(sys.argv[1], "w") as fh:
        json.dump(res, fh)


if __name__ == "__main__":
    main()
