#!/usr/bin/python3
"""bench_python.py -- read the benchmark mesh from Python.

Peers, each run in its own interpreter (subprocess):
  exoslab         exoslab's Python package: every bulk array (coordinates,
                  connectivity, id maps, sets, times, all variables of all
                  steps) into numpy arrays, in the stored types
  netcdf4         netCDF4-python, the naive way: var[:] of every variable
                  (default auto-masking)
  netcdf4-nomask  the same with set_auto_mask(False)
  meshio          meshio.read(); by design it reads the mesh and only the
                  FIRST time step of the variables (less payload)

For every peer: whole-process wall time (interpreter start, imports, read,
exit) and peak RSS (os.wait4), the in-process read time (measured inside the
child), and an import-only run of the same interpreter for the baseline RSS.
The first run of each peer checks every value against the closed form of
exs_bench_gen (tests/bench/bench_common.c); best of --reps after that.

Targets (issue 5): exoslab in-process >= 90 % of the C figure (exs_bench_read
--peers exoslab, same file, same run); peak RSS <= 1.05 x payload +
interpreter baseline; >= 3x netCDF4-python whole-process.

usage: /usr/bin/python3 bench_python.py FILE --build-dir BUILD [--reps R]
                                         [--peers LIST] [--smoke]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

PEERS = ("exoslab", "netcdf4", "netcdf4-nomask", "meshio")
NSTEPS, NNODVAR, NGLOBVAR = 10, 3, 2


# ---------------------------------------------------------------------------
# The closed-form values (mirror of bench_value() in bench_common.c).

class Geom:
    def __init__(self, num_nodes, num_elem, nblocks):
        self.n = int(round(num_elem ** (1.0 / 3.0)))
        self.m = self.n + 1
        if self.m ** 3 != num_nodes or self.n ** 3 != num_elem:
            raise ValueError("not a benchmark mesh")
        self.num_nodes, self.num_elem, self.nblocks = num_nodes, num_elem, nblocks

    def block_start(self, k):
        return self.num_elem * k // self.nblocks

    def block_len(self, k):
        return self.block_start(k + 1) - self.block_start(k)


def expect(g, what, a=0, b=0):
    """The expected array for `what` (see bench_array in bench_common.h)."""
    import numpy as np
    n, m = g.n, g.m
    if what == "coord":
        i = np.arange(g.num_nodes)
        ijk = (i % m, (i // m) % m, i // (m * m))
        return ijk[a].astype(np.float64) / float(n)
    if what == "conn":
        e = g.block_start(a) + np.arange(g.block_len(a))
        ex, ey, ez = e % n, (e // n) % n, e // (n * n)
        dx = np.array([0, 1, 1, 0, 0, 1, 1, 0])
        dy = np.array([0, 0, 1, 1, 0, 0, 1, 1])
        dz = np.array([0, 0, 0, 0, 1, 1, 1, 1])
        return ((ex[:, None] + dx) + m * ((ey[:, None] + dy) +
                                          m * (ez[:, None] + dz)) + 1)
    if what == "node_map":
        return 2 * np.arange(g.num_nodes) + 1
    if what == "elem_map":
        return 3 * np.arange(g.num_elem) + 1
    j = np.arange(m * m)
    if what == "ns_nodes":
        return j % m + m * m * (j // m) + 1
    if what == "ns_df":
        return 1.0 + 0.25 * (j % 8)
    if what == "ss_elems":
        return n * np.arange(n * n) + 1
    if what == "ss_sides":
        return np.full(n * n, 4)
    if what == "times":
        return 0.5 * (np.arange(NSTEPS) + 1)
    if what == "glob":  # (steps, vars)
        return 100.0 * (np.arange(NGLOBVAR)[None, :] + 1) + np.arange(NSTEPS)[:, None]
    if what == "nodvar":  # variable a, (steps, nodes)
        return (1e7 * (a + 1) + np.arange(g.num_nodes)[None, :] +
                0.25 * np.arange(NSTEPS)[:, None])
    if what == "elemvar":  # block a, (steps, entries)
        e = g.block_start(a) + np.arange(g.block_len(a))
        return 5e7 + e[None, :] + 0.25 * np.arange(NSTEPS)[:, None]
    raise KeyError(what)


def count_bad(got, want, who):
    import numpy as np
    got = np.asarray(got)
    if got.size != np.asarray(want).size:
        print(f"{who}: {got.shape} values, {np.shape(want)} expected", file=sys.stderr)
        return max(1, np.asarray(want).size)
    bad = int(np.count_nonzero(got.reshape(np.shape(want)) != want))
    if bad:
        print(f"{who}: {bad} wrong values", file=sys.stderr)
    return bad


# Arrays every complete reader returns, by their netCDF names.
def check_named(g, arrays):
    want = {"coordx": ("coord", 0), "coordy": ("coord", 1), "coordz": ("coord", 2),
            "node_num_map": ("node_map", 0), "elem_num_map": ("elem_map", 0),
            "node_ns1": ("ns_nodes", 0), "dist_fact_ns1": ("ns_df", 0),
            "elem_ss1": ("ss_elems", 0), "side_ss1": ("ss_sides", 0),
            "time_whole": ("times", 0), "vals_glo_var": ("glob", 0)}
    for v in range(NNODVAR):
        want[f"vals_nod_var{v + 1}"] = ("nodvar", v)
    for k in range(g.nblocks):
        want[f"connect{k + 1}"] = ("conn", k)
        want[f"vals_elem_var1eb{k + 1}"] = ("elemvar", k)
    bad = 0
    for name, (what, a) in want.items():
        if name not in arrays:
            print(f"missing array {name}", file=sys.stderr)
            bad += 1
            continue
        bad += count_bad(arrays[name], expect(g, what, a), name)
    return bad


# ---------------------------------------------------------------------------
# Readers (run in the child). Each returns (arrays, geom, note).

def read_exoslab(path):
    """exoslab's File API, integers in their stored width (int32), as the C
    peer reads them (the API's default dtype for integers is int64)."""
    import numpy as np
    import exoslab
    i32 = np.int32
    a = {}
    with exoslab.open(path) as f:
        xyz = f.coords()  # (num_nodes, 3): a transposed view, one read per axis
        for axis, name in enumerate(("coordx", "coordy", "coordz")):
            a[name] = xyz[:, axis]
        blocks = list(f.blocks.values())
        for k, info in enumerate(blocks):
            a[f"connect{k + 1}"] = f.connectivity(info.id, dtype=i32)
        a["node_num_map"] = f.id_map("node", dtype=i32)
        a["elem_num_map"] = f.id_map("elem", dtype=i32)
        ns_id, ss_id = int(f.ids("node_set")[0]), int(f.ids("side_set")[0])
        a["node_ns1"] = f.node_set(ns_id, dtype=i32)
        a["dist_fact_ns1"] = f.dist_factors("node_set", ns_id)
        a["elem_ss1"], a["side_ss1"] = f.side_set(ss_id, dtype=i32)
        a["time_whole"] = f.times
        a["vals_glo_var"] = f.var_history("global", 0, None, 0, None, 0,
                                          len(f.global_var_names))
        for v, name in enumerate(f.nodal_var_names):
            a[f"vals_nod_var{v + 1}"] = f.var_history("nodal", name)
        for k, info in enumerate(blocks):
            a[f"vals_elem_var1eb{k + 1}"] = f.var_history("elem_block", 0, info.id)
        a["_geom"] = (f.num_nodes, f.num_elem, len(blocks))
    return a, None, "File API"


def read_netcdf4(path, mask=True):
    import netCDF4
    a = {}
    with netCDF4.Dataset(path) as ds:
        ds.set_auto_mask(mask)
        for name, var in ds.variables.items():
            a[name] = var[:]
        a["_geom"] = (len(ds.dimensions["num_nodes"]), len(ds.dimensions["num_elem"]),
                      len(ds.dimensions["num_el_blk"]))
    return a, None, "auto-mask on" if mask else "auto-mask off"


def read_meshio(path):
    import meshio
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mesh = meshio.read(path, file_format="exodus")
    return mesh, None, "mesh + first step only"


def payload_of(obj):
    import numpy as np
    if isinstance(obj, dict):
        return sum(v.nbytes for k, v in obj.items()
                   if not k.startswith("_") and isinstance(v, np.ndarray))
    total = obj.points.nbytes + sum(c.data.nbytes for c in obj.cells)
    total += sum(v.nbytes for v in obj.point_data.values())
    total += sum(x.nbytes for v in obj.cell_data.values() for x in v)
    total += sum(v.nbytes for v in obj.point_sets.values())
    return total


def check_meshio(mesh):
    nb = len(mesh.cells)
    g = Geom(len(mesh.points), sum(len(c.data) for c in mesh.cells), nb)
    bad = sum(count_bad(mesh.points[:, i], expect(g, "coord", i), f"points[:,{i}]")
              for i in range(3))
    for k, c in enumerate(mesh.cells):
        bad += count_bad(c.data, expect(g, "conn", k) - 1, f"cells[{k}]")
    names = ("temp", "pres", "dens")
    for v, name in enumerate(names):
        if name not in mesh.point_data:
            print(f"meshio: no point data {name}", file=sys.stderr)
            bad += 1
            continue
        bad += count_bad(mesh.point_data[name], expect(g, "nodvar", v)[0], name)
    return bad


def child(peer, path, verify):
    t_imp = time.perf_counter()
    import numpy  # noqa: F401 -- every peer needs it; counted in import time
    mod = {"exoslab": "exoslab", "netcdf4": "netCDF4", "netcdf4-nomask": "netCDF4",
           "meshio": "meshio"}[peer]
    __import__(mod)
    t0 = time.perf_counter()
    if peer == "exoslab":
        data, _, note = read_exoslab(path)
    elif peer.startswith("netcdf4"):
        data, _, note = read_netcdf4(path, mask=peer == "netcdf4")
    else:
        data, _, note = read_meshio(path)
    t1 = time.perf_counter()
    res = {"peer": peer, "import_s": t0 - t_imp, "read_s": t1 - t0,
           "payload": payload_of(data), "note": note, "hwm_kib": hwm_kib()}
    if verify:
        if peer == "meshio":
            res["mismatches"] = check_meshio(data)
        elif "_geom" not in data:
            res["note"] += "; cannot check (no counts from this API)"
        else:
            g = Geom(*[int(x) for x in data["_geom"]])
            res["mismatches"] = check_named(g, data)
    print("BENCH_PY " + json.dumps(res), flush=True)


def child_import_only(peer):
    import numpy  # noqa: F401 -- as child() does
    __import__({"exoslab": "exoslab", "netcdf4": "netCDF4",
                "netcdf4-nomask": "netCDF4", "meshio": "meshio"}[peer])
    print("BENCH_PY " + json.dumps({"hwm_kib": hwm_kib()}), flush=True)


def hwm_kib():
    with open("/proc/self/status") as fp:
        for line in fp:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


# ---------------------------------------------------------------------------
# Parent.

def run_child(args, env):
    """Run this script as a child; (wall seconds, peak RSS KiB, result)."""
    cmd = [sys.executable, os.path.abspath(__file__)] + args
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as errf:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errf, env=env)
        out = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)  # reap it ourselves: its rusage
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        p.stdout.close()
        errf.seek(0)
        for line in errf.read().decode(errors="replace").splitlines():
            if "Skipping some time data" not in line:  # meshio, by design
                print(line, file=sys.stderr)
    res = None
    for line in out.decode(errors="replace").splitlines():
        if line.startswith("BENCH_PY "):
            res = json.loads(line[9:])
    if p.returncode != 0 or res is None:
        return wall, ru.ru_maxrss, None
    return wall, max(ru.ru_maxrss, res.get("hwm_kib", 0)), res


def measure(peer, path, reps, env):
    r = {"peer": peer, "wall": None, "read": None, "rss": 0, "payload": 0,
         "checked": False, "bad": None, "note": "", "failed": 0, "base_rss": 0}
    for i in range(reps + 1):
        verify = i == 0
        wall, rss, res = run_child(["--child", peer, path] + (["--verify"] if verify else []),
                                   env)
        if res is None:
            r["failed"] += 1
            continue
        r["payload"], r["note"] = res["payload"], res["note"]
        if verify:
            r["checked"], r["bad"] = True, res.get("mismatches")
            continue
        r["wall"] = wall if r["wall"] is None else min(r["wall"], wall)
        r["read"] = res["read_s"] if r["read"] is None else min(r["read"], res["read_s"])
        r["import"] = res["import_s"]
        r["rss"] = max(r["rss"], rss)
    _, base, res = run_child(["--import-only", peer], env)
    r["base_rss"] = base if res else 0
    return r


def good(r):
    return r["wall"] is not None and not r["failed"] and r["checked"] and r["bad"] == 0


def c_figure(build, path, reps, env):
    """exs_bench_read's exoslab peer on the same file: (seconds, payload)."""
    exe = os.path.join(build, "tests", "bench", "exs_bench_read")
    if not os.access(exe, os.X_OK):
        return None
    out = subprocess.run([exe, path, "--peers", "exoslab", "--reps", str(reps),
                          "--machine"], stdout=subprocess.PIPE, text=True,
                         env=env).stdout
    m = re.search(r"BENCH_PEER name=exoslab good=1 seconds=(\S+) mbps=\S+ "
                  r"peak_kib=\d+ start_kib=\d+ payload=(\d+)", out)
    return (float(m.group(1)), int(m.group(2))) if m else None


def print_table(path, rows, reps, huge):
    mib = 1048576.0
    print(f"\n== bench_python.py: read {path} (best of {reps}; {sys.executable} "
          f"{sys.version.split()[0]}; numpy huge pages {'on' if huge else 'off'}) ==")
    print(f"{'peer':<16} {'wall s':>9} {'import s':>9} {'read s':>9} {'MB/s':>9} "
          f"{'wall':>6} {'read':>6} {'peakRSS':>8} {'base':>7} {'payload':>8} "
          f"{'(RSS-base)/pay':>14}  check  note")
    print(f"{'':<16} {'(process)':>9} {'':>9} {'(in-proc)':>9} {'(in-proc)':>9} "
          f"{'/exs':>6} {'/exs':>6} {'MiB':>8} {'MiB':>7} {'MiB':>8}")
    ex = next((r for r in rows if r["peer"] == "exoslab" and r["wall"]), None)
    for r in rows:
        chk = ("FAILED" if r["failed"] else "-" if not r["checked"] else
               "ok" if r["bad"] == 0 else f"BAD({r['bad']})")
        if r["wall"] is None:
            print(f"{r['peer']:<16} {'-':>9} {'-':>9} {'-':>9} {'-':>9} {'-':>6} "
                  f"{'-':>6} {'-':>8} {'-':>7} {'-':>8} {'-':>14}  {chk}  {r['note']}")
            continue
        pay = r["payload"] / mib
        rss, base = r["rss"] / 1024.0, r["base_rss"] / 1024.0
        wx = f"{r['wall'] / ex['wall']:6.2f}" if ex else f"{'-':>6}"
        rx = f"{r['read'] / ex['read']:6.2f}" if ex else f"{'-':>6}"
        print(f"{r['peer']:<16} {r['wall']:9.3f} {r['import']:9.3f} {r['read']:9.3f} "
              f"{r['payload'] / r['read'] / 1e6:9.1f} {wx} {rx} {rss:8.1f} {base:7.1f} "
              f"{pay:8.1f} {(rss - base) / pay if pay else 0:14.3f}  {chk}  {r['note']}")


def target(what, value, limit, higher, unit):
    ok = value is not None and (value >= limit if higher else value <= limit)
    shown = f"{value:9.2f}" if value is not None else "        -"
    print(f"TARGET {what:<58} {shown} {unit} ({'>=' if higher else '<='} "
          f"{limit:.2f} {unit})  {'PASS' if ok else 'MISS'}")


def print_targets(rows, cfig):
    by = {r["peer"]: r for r in rows}
    ex = by.get("exoslab")
    print()
    if ex is None or not good(ex):
        print("TARGET (exoslab Python peer did not run: no targets checked)")
        return
    if cfig:
        c_s, c_pay = cfig
        py_bw, c_bw = ex["payload"] / ex["read"], c_pay / c_s
        target("exoslab Python in-process vs C (exs_bench_read exoslab)",
               100.0 * py_bw / c_bw, 90.0, True, "%")
    else:
        print("TARGET exoslab Python vs C: exs_bench_read not found (--build-dir)")
    mib = 1048576.0
    target("exoslab Python peak RSS <= 1.05 x payload + interpreter base",
           ex["rss"] / 1024.0, 1.05 * ex["payload"] / mib + ex["base_rss"] / 1024.0,
           False, "MiB")
    nc = by.get("netcdf4")
    if nc and good(nc):
        target("exoslab whole-process speed-up over netCDF4-python",
               nc["wall"] / ex["wall"], 3.0, True, "x")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(sys.argv[2], sys.argv[3], "--verify" in sys.argv[4:])
    if len(sys.argv) > 1 and sys.argv[1] == "--import-only":
        return child_import_only(sys.argv[2])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--build-dir", required=True,
                    help="exoslab build directory (python/ and tests/bench/)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--no-hugepages", action="store_true",
                    help="NUMPY_MADVISE_HUGEPAGE=0 for the children, and "
                         "--no-hugepages for the C figure")
    o = ap.parse_args()
    reps = 1 if o.smoke else o.reps
    if not os.path.isfile(o.file):
        print(f"bench_python.py: {o.file}: no such file", file=sys.stderr)
        return 2
    env = dict(os.environ)
    if o.no_hugepages:
        env["NUMPY_MADVISE_HUGEPAGE"] = "0"
        env["EXS_BENCH_HUGEPAGES"] = "0"
    pyd = os.path.join(o.build_dir, "python")
    env["PYTHONPATH"] = pyd + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    probe = subprocess.run([sys.executable, "-c", "import exoslab; "
                            "from exoslab import _ext"], env=env,
                           stderr=subprocess.PIPE, text=True)
    peers = [p for p in o.peers.split(",") if p in PEERS]
    if probe.returncode != 0 and "exoslab" in peers:
        why = probe.stderr.strip().splitlines()
        print("bench_python.py: exoslab's Python package is not importable from "
              f"{pyd} (build it with -DEXOSLAB_PYTHON=ON and "
              "-DPython3_EXECUTABLE=/usr/bin/python3); running the other peers."
              + (f"\n  ({why[-1]})" if why else ""), file=sys.stderr)
        peers.remove("exoslab")
    rows = [measure(p, o.file, reps, env) for p in peers]
    cfig = c_figure(o.build_dir, o.file, reps, env) if "exoslab" in peers else None
    print_table(o.file, rows, reps, not o.no_hugepages)
    if cfig:
        print(f"C figure (exs_bench_read --peers exoslab): {cfig[0]:.4f} s, "
              f"{cfig[1] / cfig[0] / 1e6:.1f} MB/s")
    if o.smoke:
        print("\n(smoke run: targets not evaluated)")
    else:
        print_targets(rows, cfig)
    return 0 if all(good(r) for r in rows) and rows else 1


if __name__ == "__main__":
    sys.exit(main())
