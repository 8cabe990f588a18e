#!/usr/bin/python3
"""Benchmark of exomerge operations: exoslab.exomerge against the reference
exomerge3, each implementation in its own process (so peak RSS and page
faults are its own), alternating round by round on the same load.

    PYTHONPATH=build/serial/python /usr/bin/python3 \\
        tests/bench/bench_exomerge_ops.py [--divisions 40] [--rounds 3] \\
        [--ref-rounds 1] [--cap 60] [--ref-ops a,b] [--json out.json]

The mesh is two hex8 blocks side by side, each n x n x n/2 elements
(n = --divisions; 40 gives 64,000 elements and 70,602 nodes, 100 gives
1,000,000 elements and 1,040,502 nodes, 1,030,301 once merged), whose
interface nodes are not merged, with 3 timesteps and one node field.
Each operation runs once per round (make_elements_quadratic and
convert_hex8_block_to_tet4_block on a freshly built model); the table
gives medians over the rounds of process CPU time (and wall time) per
operation, the speed-up on each, the operation's minor page faults, and
its peak RSS (VmHWM reset before each operation) against the target
2 x payload + interpreter, where payload is the model's arrays
(coordinates, connectivity, field values; 8 bytes each) before or after
the operation, whichever is larger, and interpreter the RSS after the
imports.  The verdict is on the operation's own peak: the peak less the
slack the allocator held before it (RSS before - interpreter - payload
before, what earlier operations freed and glibc kept); the raw peak is
printed beside it.  --trim calls malloc_trim before each operation (a
diagnostic: the memory is then faulted in again).  An operation that runs past --cap wall seconds is stopped
(SIGALRM; the reference's operations compute before they change the
model, so the model stays as it was) and reported as not finished; an
operation that then fails (a field the stopped one never made) is
reported as failed.  The load average is sampled around every
process.  --malloc-reuse runs both processes with glibc's
MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_ raised (freed memory is
kept and reused instead of returned and faulted in again), a diagnostic
of how much of a time is first-touch page faults.
"""
import argparse
import glob
import json
import os
import pathlib
import resource
import signal
import statistics
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
#: the operations with a speed target in issue 10 (export_model is
#: bench_exomerge.py's)
TARGET_OPS = ["translate_geometry", "calculate_element_volumes",
              "calculate_node_field", "convert_element_field_to_node_field",
              "create_side_set_from_expression", "merge_nodes",
              "make_elements_quadratic", "convert_hex8_block_to_tet4_block"]
#: model-sequence operations (on one model, in this order)
SEQUENCE = OPS[1:9]


#: trim the heap before each operation (--trim, a diagnostic: the
#: operations then fault the returned memory in again, and run slower)
TRIM = {"on": False}


class Capped(Exception):
    """An operation ran past the time cap."""


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


def payload_bytes(m):
    """The model's arrays in bytes, 8 per value, by the public API (the
    same count for both implementations)."""
    if m is None:
        return 0
    steps = len(m.get_timesteps())
    nodes = len(m.nodes)
    values = 3 * nodes + steps * nodes * len(m.get_node_field_names())
    for bid in m.get_element_block_ids():
        ne = m.get_element_count(bid)
        values += ne * m.get_nodes_per_element(bid)
        values += steps * ne * len(m.get_element_field_names(bid))
    return 8 * values


def _status_kib(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _trim_heap():
    """Hand the heap's free memory back to the kernel (glibc malloc_trim),
    so that an operation's peak RSS starts from the memory the model and
    the interpreter hold, not from what earlier operations freed and the
    allocator kept; True if it was called."""
    try:
        import ctypes
        libc = ctypes.CDLL(None)
        libc.malloc_trim(ctypes.c_size_t(0))
        return True
    except (OSError, AttributeError):
        return False


def _reset_peak():
    """Reset VmHWM to the current RSS (Linux clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _alarm(signum, frame):
    raise Capped()


def run(impl, n, tmp, only, cap):
    em = load(impl)
    warnings.simplefilter("ignore")
    base_mib = _status_kib("VmRSS") / 1024.0
    rec = {}
    state = {"stopped": False}
    signal.signal(signal.SIGALRM, _alarm)

    def timed(name, model, fn):
        if state["stopped"] or (impl == "ref" and only and
                                name not in only and name != "build"):
            return None
        before = payload_bytes(model)
        if TRIM["on"]:
            _trim_heap()
        rss_before = _status_kib("VmRSS") / 1024.0
        peak_ok = _reset_peak()
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        c0, t0 = time.process_time(), time.perf_counter()
        signal.alarm(int(cap))
        try:
            out = fn()
        except Capped:
            rec[name] = {"capped": True, "wall": time.perf_counter() - t0}
            return None
        except Exception as exc:    # e.g. a field a capped step never made
            rec[name] = {"failed": "%s: %s" % (type(exc).__name__, exc)}
            return None
        finally:
            signal.alarm(0)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
        after = payload_bytes(out if name.startswith("build") else model)
        rec[name] = {"cpu": cpu, "wall": wall, "faults": faults,
                     "peak_mib": (_status_kib("VmHWM") / 1024.0
                                  if peak_ok else None),
                     "rss_before_mib": rss_before,
                     "payload_before_mib": before / 2.0 ** 20,
                     "payload_mib": max(before, after) / 2.0 ** 20}
        return out

    m = timed("build", None, lambda: build(em, n))
    if m is None:
        return {"ops": rec, "base_mib": base_mib}
    m.calculate_node_field("temp = X + Y * Z + time")
    nodes_before = len(m.nodes)
    stl = os.path.join(tmp, "%s.stl" % impl)
    wrl = os.path.join(tmp, "%s.wrl" % impl)
    calls = {
        "translate_geometry": lambda: m.translate_geometry([1.0, 2.0, 3.0]),
        "calculate_element_volumes": lambda: m.calculate_element_volumes(),
        "calculate_node_field": lambda: m.calculate_node_field(
            "t2 = temp * 2 + sqrt(X ^ 2 + 1)"),
        "convert_element_field_to_node_field":
            lambda: m.convert_element_field_to_node_field("volume", "vn"),
        "create_side_set_from_expression":
            lambda: m.create_side_set_from_expression(1, "Y == 2 || X >= 2"),
        "export_stl_file": lambda: m.export_stl_file(stl),
        "export_wrl_model": lambda: m.export_wrl_model(
            wrl, "temp", export_exodus_copy=False),
        "merge_nodes": lambda: m.merge_nodes(),
    }
    for name in SEQUENCE:
        timed(name, m, calls[name])
    merged = nodes_before - len(m.nodes) if "merge_nodes" in rec and \
        not rec["merge_nodes"].get("capped") else None
    m = None
    for name, fn in (("make_elements_quadratic",
                      lambda f: f.make_elements_quadratic()),
                     ("convert_hex8_block_to_tet4_block",
                      lambda f: f.convert_hex8_block_to_tet4_block(1))):
        if impl == "ref" and only and name not in only:
            continue
        state["stopped"] = False
        fresh = build(em, n)
        timed(name, fresh, lambda: fn(fresh))
        fresh = None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {"ops": rec, "base_mib": base_mib, "peak_rss_mib": peak,
            "merged": merged, "elements": 2 * n * n * max(1, n // 2),
            "nodes": 2 * (n + 1) * (n + 1) * (max(1, n // 2) + 1)}


def child(impl, args, env):
    cmd = [sys.executable, __file__, "--impl", impl, "--divisions",
           str(args.divisions), "--cap", str(args.cap)]
    if args.trim:
        cmd.append("--trim")
    if args.ref_ops:
        cmd += ["--ref-ops", args.ref_ops]
    load0 = os.getloadavg()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env=env)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["load"] = [load0[0], os.getloadavg()[0]]
    return res


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(runs, op):
    """Medians over rounds of one operation; None if it never ran;
    'capped' if it hit the cap in any round."""
    recs = [r["ops"].get(op) for r in runs]
    if any(x and x.get("capped") for x in recs):
        return "capped"
    if any(x and x.get("failed") for x in recs):
        return "failed"
    recs = [x for x in recs if x]
    if not recs:
        return None
    return {k: median([x.get(k) for x in recs])
            for k in ("cpu", "wall", "faults", "peak_mib", "payload_mib",
                      "rss_before_mib", "payload_before_mib")}


def report(results, args):
    ours, ref = results["ours"], results.get("ref", [])
    target = 50 if ours[0]["nodes"] > 500000 else 20
    loads = [x for r in ours + ref for x in r["load"]]
    print("exomerge operations: %d hex8 elements, %d nodes (%s merged); "
          "%d exoslab / %d exomerge3 rounds; cap %g s per operation%s"
          % (ours[0]["elements"], ours[0]["nodes"], ours[0]["merged"],
             len(ours), len(ref), args.cap,
             ("; --malloc-reuse" if args.malloc_reuse else "") +
             ("; heap trimmed before each operation" if args.trim
              else "")))
    print("load average (1 min) around the processes: %.1f-%.1f on %d CPUs"
          % (min(loads), max(loads), os.cpu_count()))
    print("medians; CPU ms of the process (wall ms), page faults; speed-up "
          "on CPU (wall); peak MiB <= 2 x payload + interpreter (the "
          "verdict on 'own': the peak less the allocator's slack before "
          "the operation, RSS before - interpreter - payload before)")
    print("%-36s %20s %20s %14s %8s %12s %6s %8s %6s" % (
        "operation", "exoslab", "exomerge3", "speed-up", "faults",
        "peak/limit", "before", "own", "target"))
    rows = {}
    base = median([r["base_mib"] for r in ours])
    for op in OPS:
        a = summarize(ours, op)
        b = summarize(ref, op) if ref else None
        if a is None:
            continue
        fa = "%.2f (%.1f)" % (1e3 * a["cpu"], 1e3 * a["wall"]) \
            if isinstance(a, dict) else "capped"
        if isinstance(b, dict):
            fb = "%.1f (%.1f)" % (1e3 * b["cpu"], 1e3 * b["wall"])
        else:
            fb = {"capped": "capped > %gs" % args.cap,
                  "failed": "failed"}.get(b, "not run")
        sp = "-"
        verdict = ""
        if isinstance(a, dict) and isinstance(b, dict):
            s_cpu, s_wall = b["cpu"] / a["cpu"], b["wall"] / a["wall"]
            sp = "%.0fx (%.0fx)" % (s_cpu, s_wall)
            if op in TARGET_OPS:
                verdict = "PASS" if s_cpu >= target else "MISS"
        elif isinstance(a, dict) and b == "capped" and op in TARGET_OPS:
            verdict = "ref-dnf"
        mem = own = "-"
        if isinstance(a, dict) and a["peak_mib"] is not None:
            limit = 2 * a["payload_mib"] + base
            mem = "%.0f/%.0f" % (a["peak_mib"], limit)
            slack = 0.0
            if a.get("rss_before_mib") is not None:
                slack = max(0.0, a["rss_before_mib"] - base -
                            a["payload_before_mib"])
            mine = a["peak_mib"] - slack
            own = "%.0f %s" % (mine, "ok" if mine <= limit else "OVER")
        before = "%.0f" % a["rss_before_mib"] if isinstance(a, dict) and \
            a.get("rss_before_mib") is not None else "-"
        print("%-36s %20s %20s %14s %8s %12s %6s %8s %6s" % (
            op, fa, fb, sp, "%d" % a["faults"] if isinstance(a, dict)
            else "-", mem, before, own, verdict))
        rows[op] = {"ours": a, "ref": b, "verdict": verdict}
    print("interpreter RSS after imports: exoslab %.0f MiB; process peak "
          "RSS: exoslab %.0f MiB%s" % (
              base, median([r["peak_rss_mib"] for r in ours]),
              ", exomerge3 %.0f MiB" % median([r["peak_rss_mib"]
                                               for r in ref]) if ref else ""))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--divisions", type=int, default=40)
    ap.add_argument("--impl", choices=["ours", "ref", "both"], default="both")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--ref-rounds", type=int, default=None,
                    help="rounds of the reference (default: --rounds)")
    ap.add_argument("--cap", type=float, default=60.0,
                    help="wall seconds an operation may take")
    ap.add_argument("--no-ref", action="store_true")
    ap.add_argument("--ref-ops", help="comma-separated operations the "
                    "reference runs (default: all); the rest are skipped")
    ap.add_argument("--malloc-reuse", action="store_true")
    ap.add_argument("--trim", action="store_true",
                    help="malloc_trim before each operation (diagnostic: "
                    "the operations then fault that memory in again)")
    ap.add_argument("--json")
    args = ap.parse_args()
    TRIM["on"] = args.trim
    if args.impl != "both":
        with tempfile.TemporaryDirectory() as tmp:
            only = set(args.ref_ops.split(",")) if args.ref_ops else None
            print(json.dumps(run(args.impl, args.divisions, tmp, only,
                                 args.cap)))
        return
    env = dict(os.environ)
    if args.malloc_reuse:
        env["MALLOC_MMAP_THRESHOLD_"] = str(2 ** 30)
        env["MALLOC_TRIM_THRESHOLD_"] = str(2 ** 32)
    ref_rounds = args.rounds if args.ref_rounds is None else args.ref_rounds
    if args.no_ref:
        ref_rounds = 0
    results = {"ours": [], "ref": []}
    for k in range(max(args.rounds, ref_rounds)):
        if k < args.rounds:
            results["ours"].append(child("ours", args, env))
        if k < ref_rounds:
            results["ref"].append(child("ref", args, env))
    if not results["ref"]:
        del results["ref"]
    rows = report(results, args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"args": vars(args), "runs": results, "summary": rows},
                      f, indent=1)


if __name__ == "__main__":
    main()
