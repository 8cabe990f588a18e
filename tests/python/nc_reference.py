"""Reference values of Exodus files read with netCDF4-python, by the Exodus
II naming conventions (independently of exoslab).

    /usr/bin/python3 nc_reference.py OUTDIR FILE...

writes OUTDIR/<file name>.npz with the same keys as exs_pydump (with ':'
for '/'): coord:AXIS, conn:KIND:ID:WHICH, counts:KIND:ID, attr:KIND:ID,
set:KIND:ID, extra:KIND:ID, df:KIND:ID, idmap:KIND, map:KIND:ID, ordermap,
times, var:KIND:ID:VAR:STEP; plus meta:* strings (title, names, QA, info)
as byte arrays. Run in its own process: netCDF4-python links the serial
libnetcdf, which must not meet the MPI build's netCDF in one process.
"""
import os
import sys

import netCDF4
import numpy as np

NODAL, GLOBAL, EB, EDB, FAB, NS, SS, ES, FS, ELS, NM, EDM, FAM, EM = range(14)

BLOCKS = {  # kind: prop prefix, conn, attrib, epec, var, var suffix
    EB: ("eb", "connect%d", "attrib%d", "ebepecnt%d", "vals_elem_var%deb%d"),
    EDB: ("ed", "ebconn%d", "eattrb%d", None, "vals_edge_var%deb%d"),
    FAB: ("fa", "fbconn%d", "fattrb%d", "fbepecnt%d", "vals_face_var%dfb%d"),
}
SETS = {  # kind: prop prefix, members, extra, df, var
    NS: ("ns", "node_ns%d", None, "dist_fact_ns%d", "vals_nset_var%dns%d"),
    SS: ("ss", "elem_ss%d", "side_ss%d", "dist_fact_ss%d", "vals_sset_var%dss%d"),
    ES: ("es", "edge_es%d", "ornt_es%d", "dist_fact_es%d", "vals_eset_var%des%d"),
    FS: ("fs", "face_fs%d", "ornt_fs%d", "dist_fact_fs%d", "vals_fset_var%dfs%d"),
    ELS: ("els", "elem_els%d", None, "dist_fact_els%d", "vals_elset_var%des%d"),
}
NVARS = {NODAL: "num_nod_var", GLOBAL: "num_glo_var", EB: "num_elem_var",
         EDB: "num_edge_var", FAB: "num_face_var", NS: "num_nset_var",
         SS: "num_sset_var", ES: "num_eset_var", FS: "num_fset_var",
         ELS: "num_elset_var"}
TRUTH = {EB: "elem_var_tab", EDB: "edge_var_tab", FAB: "face_var_tab",
         NS: "nset_var_tab", SS: "sset_var_tab", ES: "eset_var_tab",
         FS: "fset_var_tab", ELS: "elset_var_tab"}
ID_MAPS = {NM: "node_num_map", EDM: "edge_num_map", FAM: "face_num_map",
           EM: "elem_num_map"}
NAMED_MAPS = {NM: ("nm", "node_map%d"), EDM: ("edm", "edge_map%d"),
              FAM: ("fam", "face_map%d"), EM: ("em", "elem_map%d")}


def _text(v):
    """A char variable's rows as bytes, trailing NULs/blanks removed."""
    a = np.asarray(v[:])
    if a.ndim == 1:
        a = a[None, :]
    rows = a.reshape(-1, a.shape[-1])
    return [bytes(r.tobytes()).split(b"\0")[0].rstrip(b" ") for r in rows]


def _ids(ds, prefix):
    v = ds.variables.get(prefix + "_prop1")
    return [] if v is None else [int(x) for x in np.asarray(v[:]).ravel()]


def _dim(ds, name):
    d = ds.dimensions.get(name)
    return 0 if d is None else len(d)


def _get(ds, name):
    v = ds.variables.get(name)
    return None if v is None else np.asarray(v[:])


def coords(ds, out):
    ndim = _dim(ds, "num_dim")
    if "coordx" in ds.variables:
        for a in range(ndim):
            out[f"coord:{a}"] = _get(ds, "coord" + "xyz"[a]).astype(np.float64)
    elif "coord" in ds.variables:
        c = _get(ds, "coord")
        for a in range(ndim):
            out[f"coord:{a}"] = c[a].astype(np.float64)


def blocks(ds, out):
    for kind, (pfx, conn, attrib, epec, _) in BLOCKS.items():
        for i, bid in enumerate(_ids(ds, pfx), 1):
            c = _get(ds, conn % i)
            if c is not None:
                out[f"conn:{kind}:{bid}:0"] = c.ravel().astype(np.int64)
            if kind == EB:
                for which, name in ((1, "edgconn%d"), (2, "facconn%d")):
                    c = _get(ds, name % i)
                    if c is not None:
                        out[f"conn:{kind}:{bid}:{which}"] = c.ravel().astype(np.int64)
            a = _get(ds, attrib % i)
            if a is not None:
                out[f"attr:{kind}:{bid}"] = a.ravel().astype(np.float64)
            e = _get(ds, epec % i) if epec else None
            if e is not None:
                out[f"counts:{kind}:{bid}"] = e.ravel().astype(np.int64)


def sets(ds, out):
    for kind, (pfx, mem, extra, df, _) in SETS.items():
        for i, sid in enumerate(_ids(ds, pfx), 1):
            m = _get(ds, mem % i)
            out[f"set:{kind}:{sid}"] = (np.zeros(0, np.int64) if m is None
                                        else m.ravel().astype(np.int64))
            x = _get(ds, extra % i) if extra else None
            if x is not None:
                out[f"extra:{kind}:{sid}"] = x.ravel().astype(np.int64)
            d = _get(ds, df % i)
            if d is not None:
                out[f"df:{kind}:{sid}"] = d.ravel().astype(np.float64)


def maps(ds, out):
    for kind, name in ID_MAPS.items():
        m = _get(ds, name)
        if m is not None:
            out[f"idmap:{kind}"] = m.ravel().astype(np.int64)
    for kind, (pfx, name) in NAMED_MAPS.items():
        for i, mid in enumerate(_ids(ds, pfx), 1):
            m = _get(ds, name % i)
            if m is not None:
                out[f"map:{kind}:{mid}"] = m.ravel().astype(np.int64)
    m = _get(ds, "elem_map")
    if m is not None:
        out["ordermap"] = m.ravel().astype(np.int64)
    t = _get(ds, "time_whole")
    if t is not None:
        out["times"] = t.ravel().astype(np.float64)


def _truth(ds, kind, nent, nvar):
    t = _get(ds, TRUTH[kind]) if kind in TRUTH else None
    return np.ones((nent, nvar), int) if t is None else t.reshape(nent, nvar)


def variables(ds, out):
    nsteps = _dim(ds, "time_step")
    nn = _dim(ds, NVARS[NODAL])
    legacy = _get(ds, "vals_nod_var") if nn else None
    for v in range(nn):
        for s in range(nsteps):
            vals = legacy[s, v] if legacy is not None else \
                _get(ds, f"vals_nod_var{v + 1}")[s]
            out[f"var:{NODAL}:0:{v}:{s}"] = vals.astype(np.float64)
    g = _get(ds, "vals_glo_var") if _dim(ds, NVARS[GLOBAL]) else None
    for s in range(nsteps if g is not None else 0):
        out[f"var:{GLOBAL}:0:0:{s}"] = g[s].ravel().astype(np.float64)
    for kind, spec in list(BLOCKS.items()) + list(SETS.items()):
        pfx, name = spec[0], spec[-1]
        ids, nv = _ids(ds, pfx), _dim(ds, NVARS[kind])
        if not ids or not nv:
            continue
        truth = _truth(ds, kind, len(ids), nv)
        for e, eid in enumerate(ids):
            for v in range(nv):
                vals = _get(ds, name % (v + 1, e + 1)) if truth[e, v] else None
                for s in range(nsteps if vals is not None else 0):
                    out[f"var:{kind}:{eid}:{v}:{s}"] = vals[s].astype(np.float64)


def meta(ds, out):
    title = getattr(ds, "title", "")
    out["meta:title"] = np.frombuffer(title.encode("utf-8", "surrogateescape")
                                      if isinstance(title, str) else bytes(title),
                                      dtype=np.uint8)
    for key, var in (("qa", "qa_records"), ("info", "info_records"),
                     ("eb_names", "eb_names"), ("ns_names", "ns_names"),
                     ("ss_names", "ss_names"), ("nodvar", "name_nod_var"),
                     ("elemvar", "name_elem_var"), ("glovar", "name_glo_var")):
        v = ds.variables.get(var)
        if v is not None:
            out[f"meta:{key}"] = np.array(_text(v), dtype=object)


def reference(path):
    out = {}
    with netCDF4.Dataset(path) as ds:
        ds.set_auto_maskandscale(False)
        ds.set_always_mask(False)
        for part in (coords, blocks, sets, maps, variables, meta):
            part(ds, out)
    return out


def main(argv):
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    for path in argv[2:]:
        out = reference(path)
        np.savez(os.path.join(outdir, os.path.basename(path) + ".npz"), **out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
