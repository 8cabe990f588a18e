"""pip build of the exoslab Python package, offline, without CMake.

    cd pybind && /usr/bin/python3 -m pip install --no-build-isolation --no-index .

compiles the C library's sources (src/, mpi/, decomp/) straight into the
extension, so the installed package needs no libexoslab.so. The serial
variant links Debian's libnetcdf; with EXOSLAB_MPI=1 in the environment
the MPI variant is built with mpicc against libnetcdf_pnetcdf + PnetCDF and
mpi4py. --no-build-isolation makes pip use the installed setuptools and
numpy (Debian's python3-setuptools, python3-numpy) instead of fetching them.
CMake (pybind/CMakeLists.txt) is the main build; this is the same code.
"""
import glob
import os
import re
import subprocess

import numpy
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist

HERE = os.path.dirname(os.path.abspath(__file__))
# The C library's sources: ../ in the repository, csrc/ in an sdist (which
# carries them, see SDist below).
ROOT = (os.path.join(HERE, "csrc") if os.path.isdir(os.path.join(HERE, "csrc"))
        else os.path.dirname(HERE))
C_DIRS = ("include", "src", "src/storage", "src/parallel", "mpi", "decomp")
MPI = os.environ.get("EXOSLAB_MPI", "0").lower() not in ("0", "", "off", "no",
                                                          "false")

# What CMake's generate_export_header makes; here every library symbol stays
# hidden inside the extension (only PyInit__ext is exported).
EXPORT_H = """#ifndef EXS_EXPORT_H
#define EXS_EXPORT_H
#define EXS_API
#endif
"""


def _pkgconfig(*args):
    return subprocess.check_output(["pkg-config", *args], text=True).split()


def _version():
    text = open(os.path.join(ROOT, "include", "exoslab.h")).read()
    parts = [re.search(rf"#define EXS_VERSION_{p} (\d+)", text).group(1)
             for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


def _sources(top, *dirs):
    """C files of top/dirs, with the *_mpi.c / *_nompi.c rule of the CMake."""
    out = []
    for d in dirs:
        for p in sorted(glob.glob(os.path.join(top, d, "*.c"))):
            if p.endswith("_nompi.c") and MPI or p.endswith("_mpi.c") and not MPI:
                continue
            out.append(p)
    return out


def _hdf5():
    """The HDF5 netCDF links (storage_netcdf.c turns its error printing off
    per thread): include dirs, libraries, library dirs."""
    pc = "hdf5-openmpi" if MPI else "hdf5-serial"
    return tuple([p[2:] for p in _pkgconfig(opt, pc)]
                 for opt in ("--cflags-only-I", "--libs-only-l", "--libs-only-L"))


def _netcdf():
    """include dirs, libraries, library dirs, defines of the netCDF stack."""
    h_incs, h_libs, h_libdirs = _hdf5()
    incs, libs, libdirs, defs = _netcdf_only()
    return incs + h_incs, libs + h_libs, libdirs + h_libdirs, defs


def _netcdf_only():
    if not MPI:
        incs = [p[2:] for p in _pkgconfig("--cflags-only-I", "netcdf")]
        return incs, ["netcdf"], [], []
    prefix = _pkgconfig("--variable=prefix", "netcdf-pnetcdf")[0]
    import mpi4py
    libdirs = [p[2:] for p in _pkgconfig("--libs-only-L", "netcdf-pnetcdf", "pnetcdf")]
    return ([os.path.join(prefix, "include"), mpi4py.get_include()],
            ["netcdf_pnetcdf", "pnetcdf"], [os.path.join(prefix, "lib")] + libdirs,
            [("EXOSLAB_HAVE_MPI", "1")])


class BuildExt(build_ext):
    """Writes the export header into the build tree first."""

    def build_extensions(self):
        inc = os.path.join(os.path.abspath(self.build_temp), "exs_include")
        os.makedirs(inc, exist_ok=True)
        with open(os.path.join(inc, "exoslab_export.h"), "w") as fh:
            fh.write(EXPORT_H)
        template = os.path.join(ROOT, "include", "exoslab_config.h.in")
        with open(template) as fh:
            config = fh.read().replace("@EXS_HAS_MPI@", "1" if MPI else "0")
        with open(os.path.join(inc, "exoslab_config.h"), "w") as fh:
            fh.write(config)
        for ext in self.extensions:
            ext.include_dirs.insert(0, inc)
        if MPI:  # the same flags, with mpicc as the driver
            for key in ("compiler_so", "linker_so"):
                cmd = list(getattr(self.compiler, key))
                self.compiler.set_executable(key, ["mpicc"] + cmd[1:])
        super().build_extensions()


class SDist(sdist):
    """An sdist that builds anywhere: the C library's sources (include/,
    src/, mpi/, decomp/) and LICENSE go into csrc/ of the archive."""

    def make_release_tree(self, base_dir, files):
        # setuptools lists the extension's sources, ../src/*.c among them;
        # joined to base_dir those land in pybind/src, pybind/mpi... of the
        # checkout itself (hard links), and the next build compiles them
        # twice. They travel under csrc/ instead.
        files = [f for f in files if not os.path.normpath(f).startswith(os.pardir)]
        super().make_release_tree(base_dir, files)
        for d in C_DIRS:
            dst = os.path.join(base_dir, "csrc", d)
            os.makedirs(dst, exist_ok=True)
            for p in sorted(glob.glob(os.path.join(ROOT, d, "*.[ch]"))
                            + glob.glob(os.path.join(ROOT, d, "*.h.in"))):
                self.copy_file(p, os.path.join(dst, os.path.basename(p)))
        lic = os.path.join(ROOT, "LICENSE")
        if os.path.exists(lic):
            self.copy_file(lic, os.path.join(base_dir, "LICENSE"))


def _extension():
    nc_inc, nc_libs, nc_libdirs, nc_defs = _netcdf()
    defines = [("_POSIX_C_SOURCE", "200809L")] + nc_defs
    return Extension(
        "exoslab._ext",
        sources=[os.path.relpath(p, HERE) for p in
                 _sources(ROOT, "src", "src/storage", "src/parallel", "mpi", "decomp")
                 + _sources(HERE, "src")],
        include_dirs=nc_inc + [os.path.join(ROOT, d) for d in C_DIRS]
        + [os.path.join(HERE, "src"), numpy.get_include()],
        define_macros=defines,
        libraries=nc_libs + ["m"],
        library_dirs=nc_libdirs,
        runtime_library_dirs=nc_libdirs,
        extra_compile_args=["-std=c11", "-fvisibility=hidden"],
    )


# Metadata (name, dependencies, the `exoslab` console script...) is in
# pyproject.toml; the version comes from the C header.
setup(
    version=_version(),
    ext_modules=[_extension()],
    cmdclass={"build_ext": BuildExt, "sdist": SDist},
)
