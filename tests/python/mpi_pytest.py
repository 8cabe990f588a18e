"""Run a pytest suite on every MPI rank; all ranks exit with the worst
status, so a failure on any rank fails the whole run (and the CTest entry).

    mpiexec -n N /usr/bin/python3 mpi_pytest.py test_mpi.py [pytest args]
"""
import sys

from mpi4py import MPI

import pytest


def main():
    comm = MPI.COMM_WORLD
    args = sys.argv[1:] + ["-q", "-p", "no:cacheprovider", "--color=no"]
    rc = int(pytest.main(args))
    worst = comm.allreduce(rc, op=MPI.MAX)
    if comm.rank == 0:
        print(f"mpi_pytest: {comm.size} ranks, worst pytest status {worst}",
              flush=True)
    return worst


if __name__ == "__main__":
    sys.exit(main())
