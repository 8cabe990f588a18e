"""The interop mesh of interop_model.h, in closed form, for the Python peers."""
import sys

NX, NY, NZ = 3, 2, 2
NODES = (NX + 1) * (NY + 1) * (NZ + 1)
ELEMS = NX * NY * NZ
BLK1 = 8
STEPS = 2


def node(i, j, k):
    return i + (NX + 1) * (j + (NY + 1) * k)


def xyz(n):
    return (float(n % (NX + 1)), 0.5 * ((n // (NX + 1)) % (NY + 1)),
            0.25 * (n // ((NX + 1) * (NY + 1))))


def conn(e):
    """1-based nodes of element e."""
    i, j, k = e % NX, (e // NX) % NY, e // (NX * NY)
    d = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0),
         (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)]
    return [node(i + a, j + b, k + c) + 1 for a, b, c in d]


def node_id(n):
    return 100 + 2 * n


def elem_id(e):
    return 1000 + e


def time(s):
    return 0.5 + s


def temp(s, n):
    return sum(xyz(n)) + s


def stress(s, e):
    return 10.0 * e + s


def glob(s):
    return 10.0 * s + 1.0


FILES = ["interop_cdf2.exo", "interop_nc4.exo", "interop_nc4_i64.exo"]


# ---- shared by the peer checkers ----

_fails = [0]


def check(cond, what):
    """Count and print a failed expectation; the checker goes on."""
    if not cond:
        print("FAIL:", what)
        _fails[0] += 1


def finish():
    """Print the failure count and exit with the verdict."""
    print("%d failures" % _fails[0])
    sys.exit(1 if _fails[0] else 0)
