#!/usr/bin/env bash
# Use an INSTALLED exoslab the way another project would, and check it works.
#   check_downstream.sh PREFIX VARIANT WORKDIR [MPIEXEC]
# VARIANT serial|mpi. Builds tests/install/downstream with CMake
# (find_package(exoslab CONFIG COMPONENTS VARIANT)), with pkg-config and
# with exoslab-config, runs each program, then runs the installed tools
# (exs_info, the exoslab command) with no LD_LIBRARY_PATH or PYTHONPATH.
set -euo pipefail
prefix=$1 variant=$2 work=$3 mpiexec=${4:-mpiexec}
src=$(cd "$(dirname "$0")/downstream" && pwd)
unset LD_LIBRARY_PATH PYTHONPATH
if [ "$variant" = mpi ]; then sfx_dash=-mpi sfx_us=_mpi has=1 word=yes
else sfx_dash= sfx_us= has=0 word=no; fi
rm -rf "$work" && mkdir -p "$work"
fail() { echo "check_downstream ($variant): FAIL: $*" >&2; exit 1; }
step() { echo "--- $variant: $*"; }

expect_hello() {  # program, label
    local out
    out=$("$1" "$work/$2.exo") || fail "$2: hello failed"
    echo "$out"
    case "$out" in
    *"($variant) has_mpi=$has"*) ;;
    *) fail "$2: wrong library or config header: $out" ;;
    esac
}
expect_par() {  # program, label
    local out
    out=$("$mpiexec" -n 2 "$1" "$work/$2.exo") || fail "$2: hello_par failed"
    echo "$out"
    [[ $out == *"hello_par: ok 2 ranks sum 75"* ]] || fail "$2: hello_par said: $out"
}

step "CMake: find_package(exoslab CONFIG COMPONENTS $variant)"
cmake -S "$src" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
      -DEXOSLAB_COMPONENT="$variant" -DCMAKE_BUILD_TYPE=Release > "$work/cmake.log" 2>&1 \
    || { cat "$work/cmake.log"; fail "configure"; }
grep "variant $variant" "$work/cmake.log" || fail "the package chose another variant"
cmake --build "$work/cmake" > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build"; }
expect_hello "$work/cmake/hello" cmake
[ "$variant" = mpi ] && expect_par "$work/cmake/hello_par" cmake

step "pkg-config exoslab$sfx_dash"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pc=exoslab$sfx_dash
[ "$(pkg-config --variable=has_mpi "$pc")" = "$has" ] || fail "pkg-config has_mpi"
libdir=$(pkg-config --variable=libdir "$pc")
read -ra cflags <<< "$(pkg-config --cflags "$pc")"
read -ra libs <<< "$(pkg-config --libs "$pc")"
cc -std=c11 -Wall -Werror "${cflags[@]}" "$src/hello.c" -o "$work/hello_pc" \
   "${libs[@]}" -Wl,-rpath,"$libdir" || fail "cc with pkg-config"
expect_hello "$work/hello_pc" pkgconfig
if [ "$variant" = mpi ]; then
    cc -std=c11 -Wall -Werror "${cflags[@]}" "$src/hello_par.c" -o "$work/hello_par_pc" \
       "${libs[@]}" -Wl,-rpath,"$libdir" || fail "cc hello_par with pkg-config"
    expect_par "$work/hello_par_pc" pkgconfig
fi

step "exoslab$sfx_dash-config"
cfg="$prefix/bin/exoslab$sfx_dash-config"
[ "$("$cfg" --has-mpi)" = "$word" ] || fail "--has-mpi"
[ "$("$cfg" --version)" = "exoslab $(pkg-config --modversion "$pc")" ] || fail "--version"
read -ra cflags <<< "$("$cfg" --cflags)"
read -ra libs <<< "$("$cfg" --libs)"
cc -std=c11 -Wall -Werror "${cflags[@]}" "$src/hello.c" -o "$work/hello_cfg" \
   "${libs[@]}" -Wl,-rpath,"$("$cfg" --libdir)" || fail "cc with exoslab-config"
expect_hello "$work/hello_cfg" config
if "$cfg" --bogus 2> "$work/err.txt"; then fail "--bogus accepted"; fi
grep -q -- "--help" "$work/err.txt" || fail "unknown option does not point to --help"

step "installed tools (install RPATH)"
"$prefix/bin/exs_info$sfx_us" --help | grep -q "Usage" || fail "exs_info --help"
"$prefix/bin/exs_info$sfx_us" "$work/cmake.exo" | grep -q "6 nodes" || fail "exs_info FILE"
if [ -x "$prefix/bin/exoslab$sfx_dash" ]; then
    out=$(cd "$work" && "$prefix/bin/exoslab$sfx_dash" info --json cmake.exo) || fail "exoslab info"
    /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["num_nodes"]==6 and d["num_elem"]==2, d' "$out" \
        || fail "exoslab info --json counts"
    (cd "$work" && "$prefix/bin/exoslab$sfx_dash" version) | grep -q "($variant)" \
        || fail "the exoslab$sfx_dash command loaded another variant"
fi
echo "check_downstream ($variant): all passed"
