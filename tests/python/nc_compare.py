"""Compare two netCDF files the way an Exodus reader sees them, with
netCDF4-python (independently of exoslab).

    /usr/bin/python3 nc_compare.py ORIGINAL COPY ALLOW.json
    /usr/bin/python3 nc_compare.py --json ALLOW.json ORIGINAL COPY [...]

ALLOW.json: {"global_atts": [...], "var_atts": [...], "vars": [regex...],
"dims": [regex...]} -- what may differ (container-level things, and the
parts of the model the copy does not carry yet). Every other dimension,
variable (values, shape) and attribute of ORIGINAL must be in COPY and
equal, and COPY must have no variable ORIGINAL lacks (no identity id map
gained). Prints one line per difference; exit status 1 if any. Runs in its
own process: netCDF4-python's serial libnetcdf must not meet the MPI
build's in one process.
"""
import json
import re
import sys

import netCDF4
import numpy as np


def text_rows(a):
    """A char array's rows as C strings (to the first NUL), trailing
    blanks removed: what an Exodus reader takes from them."""
    a = np.asarray(a)
    if a.dtype.kind == "S" and a.dtype.itemsize == 1:
        a = a.reshape(-1, a.shape[-1]) if a.ndim else a.reshape(1, 1)
        a = np.ascontiguousarray(a)
        return [r.tobytes().split(b"\0")[0].rstrip(b" ") for r in a]
    return a


def values(v):
    v.set_auto_maskandscale(False)
    a = v[...] if v.ndim == 0 or all(n > 0 for n in v.shape) else np.zeros(v.shape, v.dtype)
    return text_rows(a) if v.dtype == "S1" else np.asarray(a)


def same(a, b):
    if isinstance(a, list) or isinstance(b, list):
        return list(a) == list(b)
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f" or b.dtype.kind == "f":
        return np.array_equal(a.astype(np.float64), b.astype(np.float64), equal_nan=True)
    return np.array_equal(a, b)


def att_same(a, b):
    if isinstance(a, str) or isinstance(b, str):
        return str(a).rstrip("\0 ") == str(b).rstrip("\0 ")
    return same(np.atleast_1d(a), np.atleast_1d(b))


def arrays(ds):
    """name -> (variable, values), the legacy combined layouts (coord,
    vals_nod_var) split into the per-component variables they stand for."""
    out = {n: (v, None) for n, v in ds.variables.items()}
    if "coord" in ds.variables and ds.variables["coord"].ndim == 2:
        c = values(ds.variables["coord"])
        for a in range(c.shape[0]):
            out["coord" + "xyz"[a]] = (ds.variables["coord"], c[a])
        del out["coord"]
    if "vals_nod_var" in ds.variables and ds.variables["vals_nod_var"].ndim == 3:
        c = values(ds.variables["vals_nod_var"])
        for j in range(c.shape[1]):
            out["vals_nod_var%d" % (j + 1)] = (ds.variables["vals_nod_var"], c[:, j, :])
        del out["vals_nod_var"]
    return out


def value_of(entry):
    v, vals = entry
    return values(v) if vals is None else vals


VALS = {"elem_var_tab": "vals_elem_var%deb%d", "edge_var_tab": "vals_edge_var%deb%d",
        "face_var_tab": "vals_face_var%dfb%d", "nset_var_tab": "vals_nset_var%dns%d",
        "sset_var_tab": "vals_sset_var%dss%d", "eset_var_tab": "vals_eset_var%des%d",
        "fset_var_tab": "vals_fset_var%dfs%d", "elset_var_tab": "vals_elset_var%des%d"}


def default_valued(name, vals, orig):
    """A variable the writer adds with the value a reader assumes when it
    is absent: empty names, status 1, no steps, and a truth table that
    says which values the original stores (a reader without a table takes
    that from the vals_* variables present)."""
    if isinstance(vals, list):
        return all(r == b"" for r in vals)
    vals = np.asarray(vals)
    if vals.size == 0:
        return True
    if re.fullmatch(r".*_status", name):
        return bool(np.all(vals == 1))
    if name in VALS and vals.ndim == 2:
        have = np.array([[VALS[name] % (v + 1, e + 1) in orig.variables
                          for v in range(vals.shape[1])] for e in range(vals.shape[0])])
        return bool(np.array_equal(vals != 0, have))
    return False


def compare(orig, copy, allow):
    bad = []
    vars_ok = [re.compile(p) for p in allow["vars"]]
    dims_ok = [re.compile(p) for p in allow["dims"]]
    skip_var = lambda n: any(p.fullmatch(n) for p in vars_ok)
    skip_dim = lambda n: any(p.fullmatch(n) for p in dims_ok)
    with netCDF4.Dataset(orig) as a, netCDF4.Dataset(copy) as b:
        for n in a.ncattrs():
            if n in allow["global_atts"]:
                continue
            if n not in b.ncattrs():
                bad.append(f"global attribute {n} missing")
            elif not att_same(a.getncattr(n), b.getncattr(n)):
                bad.append(f"global attribute {n}: {a.getncattr(n)!r} != {b.getncattr(n)!r}")
        for n, d in a.dimensions.items():
            if skip_dim(n):
                continue
            if n not in b.dimensions:
                bad.append(f"dimension {n} missing")
            elif len(d) != len(b.dimensions[n]):
                bad.append(f"dimension {n}: {len(d)} != {len(b.dimensions[n])}")
        av, bv = arrays(a), arrays(b)
        for n, (v, _) in av.items():
            if skip_var(n):
                continue
            if n not in bv:
                bad.append(f"variable {n} missing")
                continue
            w = bv[n][0]
            va, vb = value_of(av[n]), value_of(bv[n])
            if v.name != n or w.name != n:  # a legacy combined layout: values only
                if not same(va, vb):
                    bad.append(f"variable {n}: values differ")
                continue
            if not same(va, vb):
                bad.append(f"variable {n}: values differ ({np.asarray(va).ravel()[:6]} "
                           f"vs {np.asarray(vb).ravel()[:6]})")
            for an in v.ncattrs():
                if an in allow["var_atts"]:
                    continue
                if an not in w.ncattrs():
                    bad.append(f"attribute {n}:{an} missing")
                elif not att_same(v.getncattr(an), w.getncattr(an)):
                    bad.append(f"attribute {n}:{an}: {v.getncattr(an)!r} != "
                               f"{w.getncattr(an)!r}")
        for n in bv:
            if n not in av and not skip_var(n) and not default_valued(n, value_of(bv[n]), a):
                bad.append(f"variable {n} gained by the copy")
    return bad


def main():
    if sys.argv[1] == "--json":  # --json ALLOW ORIG COPY [ORIG COPY ...]
        with open(sys.argv[2]) as fh:
            allow = json.load(fh)
        files = sys.argv[3:]
        res = {b: compare(a, b, allow) for a, b in zip(files[::2], files[1::2])}
        print(json.dumps(res))
        sys.exit(1 if any(res.values()) else 0)
    orig, copy, allow = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(allow) as fh:
        bad = compare(orig, copy, json.load(fh))
    for line in bad:
        print(line)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
