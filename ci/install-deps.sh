#!/usr/bin/env bash
# Install the Debian 12 packages exoslab builds and tests against.
# Idempotent: re-running only installs what is missing.
#   ci/install-deps.sh            everything (parallel + serial + peers)
#   ci/install-deps.sh serial     the strictly serial set (no MPI anywhere)
set -euo pipefail

serial_pkgs=(build-essential cmake pkg-config netcdf-bin libnetcdf-dev libhdf5-dev
             python3-dev python3-numpy python3-pytest python3-netcdf4
             python3-matplotlib python3-tqdm python3-venv python3-pip
             python3-setuptools python3-wheel
             python3-mypy                  # the type hints, checked (tests/python/test_file_api.py)
             clang-14 libclang-rt-14-dev) # clang: libFuzzer (ci/fuzz.sh)
parallel_pkgs=(libopenmpi-dev openmpi-bin libhdf5-openmpi-dev libpnetcdf-dev
               pnetcdf-bin libnetcdf-pnetcdf-dev python3-mpi4py)
peer_pkgs=(libexodusii-dev python3-vtk9 python3-meshio)
# optional repartitioners of decomp/ (found by CMake when present)
decomp_pkgs=(libtrilinos-zoltan-dev libscotchparmetis-dev)

want=("${serial_pkgs[@]}")
if [ "${1:-all}" != serial ]; then
  want+=("${parallel_pkgs[@]}" "${peer_pkgs[@]}" "${decomp_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -o DPkg::Lock::Timeout=600
$SUDO apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
