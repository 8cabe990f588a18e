#!/usr/bin/python3
"""Benchmark of exomerge operations: exoslab.exomerge against the reference
exomerge3, each implementation in its own process (so peak RSS is its
own).

    PYTHONPATH=build/serial/python /usr/bin/python3 \
        tests/bench/bench_exomerge_ops.py [--divisions 40] [--skip-ref-slow]

The mesh is two hex8 blocks side by side, each n x n x n/2 elements
(n = --divisions; 40 gives 64,000 elements), whose interface nodes are
not merged, with 3 timesteps and one node field.  Each operation is timed
once; make_elements_quadratic and convert_hex8_block_to_tet4_block run on
a freshly built model.  A table of seconds, the speed-up and peak RSS is
printed; --json writes the figures.
"""
import argparse
import glob
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time
import warnings

HERE = pathlib.Path(__file__).resolve().parent
REF_DIR = pathlib.Path(os.environ.get(
    "EXOMERGE_REF", HERE.parents[2] / "shared" / "reference" / "exomerge3"))

OPS = ["build", "translate_geometry", "calculate_element_volumes",
       "calculate_node_field", "convert_element_field_to_node_field",
       "create_side_set_from_expression", "export_stl_file",
       "export_wrl_model", "merge_nodes",
       "make_elements_quadratic", "convert_hex8_block_to_tet4_block"]
SLOW_REF = {"convert_hex8_block_to_tet4_block", "make_elements_quadratic"}


def load(impl):
    if impl == "ours":
        import exoslab.exomerge as em
        return em
    libs = glob.glob("/usr/lib/*/libvtkexodusII-9.1.so.1")
    if not libs:
        raise SystemExit("reference needs python3-vtk9")
    access = pathlib.Path(tempfile.mkdtemp(prefix="exomerge_ref_"))
    (access / "lib").mkdir()
    (access / "lib" / "libexodus.so").symlink_to(libs[0])
    os.environ["ACCESS"] = str(access)
    sys.path.insert(0, str(REF_DIR))
    import exomerge3
    exomerge3.SHOW_BANNER = False
    return exomerge3


def build(em, n):
    m = em.ExodusModel()
    half = max(1, n // 2)
    m.build_hex8_cube(1, [[0.0, 1.0], [0.0, 1.0], [0.0, 0.5]],
                      [n, n, half])
    m.build_hex8_cube(2, [[0.0, 1.0], [0.0, 1.0], [0.5, 1.0]],
                      [n, n, half])
    for t in (0.0, 1.0, 2.0):
        m.create_timestep(t)
    return m


def run(impl, n, skip_slow, tmp, only=None):
    em = load(impl)
    warnings.simplefilter("ignore")
    times, cpu = {}, {}

    def timed(name, fn):
        if impl == "ref" and ((skip_slow and name in SLOW_REF) or
                              (only and name not in only and name != "build")):
            return None
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        times[name] = time.perf_counter() - t0
        cpu[name] = time.process_time() - c0
        return out

    m = timed("build", lambda: build(em, n))
    m.calculate_node_field("temp = X + Y * Z + time")
    timed("translate_geometry", lambda: m.translate_geometry([1.0, 2.0, 3.0]))
    timed("calculate_element_volumes", lambda: m.calculate_element_volumes())
    timed("calculate_node_field",
          lambda: m.calculate_node_field("t2 = temp * 2 + sqrt(X ^ 2 + 1)"))
    timed("convert_element_field_to_node_field",
          lambda: m.convert_element_field_to_node_field("volume", "vn"))
    timed("create_side_set_from_expression",
          lambda: m.create_side_set_from_expression(1, "Y == 2 || X >= 2"))
    stl = os.path.join(tmp, "%s.stl" % impl)
    timed("export_stl_file", lambda: m.export_stl_file(stl))
    wrl = os.path.join(tmp, "%s.wrl" % impl)
    timed("export_wrl_model", lambda: m.export_wrl_model(
        wrl, "temp", export_exodus_copy=False))
    nodes_before = len(m.nodes)
    timed("merge_nodes", lambda: m.merge_nodes())
    merged = nodes_before - len(m.nodes)
    skip = impl == "ref" and only
    if not skip or "make_elements_quadratic" in only:
        fresh = build(em, n)
        timed("make_elements_quadratic",
              lambda: fresh.make_elements_quadratic())
    fresh = None
    if not skip or "convert_hex8_block_to_tet4_block" in only:
        fresh = build(em, n)
        timed("convert_hex8_block_to_tet4_block",
              lambda: fresh.convert_hex8_block_to_tet4_block(1))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {"times": times, "cpu": cpu, "peak_rss_mib": peak, "merged": merged,
            "elements": 2 * n * n * max(1, n // 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--divisions", type=int, default=40)
    ap.add_argument("--impl", choices=["ours", "ref", "both"], default="both")
    ap.add_argument("--skip-ref-slow", action="store_true",
                    help="do not run the reference's element conversions")
    ap.add_argument("--no-ref", action="store_true")
    ap.add_argument("--ref-ops", help="comma-separated operations the "
                    "reference runs (default: all); the rest are skipped")
    ap.add_argument("--json")
    args = ap.parse_args()
    if args.impl != "both":
        with tempfile.TemporaryDirectory() as tmp:
            only = set(args.ref_ops.split(",")) if args.ref_ops else None
            print(json.dumps(run(args.impl, args.divisions,
                                 args.skip_ref_slow, tmp, only)))
        return
    results = {}
    for impl in (["ours"] if args.no_ref else ["ours", "ref"]):
        cmd = [sys.executable, __file__, "--impl", impl, "--divisions",
               str(args.divisions)]
        if args.skip_ref_slow:
            cmd.append("--skip-ref-slow")
        if args.ref_ops:
            cmd += ["--ref-ops", args.ref_ops]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        results[impl] = json.loads(out.stdout.strip().splitlines()[-1])
    ours = results["ours"]
    ref = results.get("ref")
    print("exomerge operations, %d hex8 elements (%d nodes merged)"
          % (ours["elements"], ours["merged"]))
    print("CPU seconds of each process (wall seconds in brackets; the "
          "speed-up is on CPU time, which a loaded machine distorts less)")
    print("%-36s %18s %18s %8s" % ("operation", "exoslab", "exomerge3",
                                    "speed-up"))
    for op in OPS:
        a, aw = ours["cpu"].get(op), ours["times"].get(op)
        b = ref["cpu"].get(op) if ref else None
        bw = ref["times"].get(op) if ref else None
        sp = "%.0fx" % (b / a) if a and b else "-"
        print("%-36s %18s %18s %8s" % (
            op, "%.4f (%.4f)" % (a, aw) if a is not None else "-",
            "%.3f (%.3f)" % (b, bw) if b is not None else "-", sp))
    print("peak RSS MiB: exoslab %.0f%s" % (
        ours["peak_rss_mib"],
        ", exomerge3 %.0f" % ref["peak_rss_mib"] if ref else ""))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
