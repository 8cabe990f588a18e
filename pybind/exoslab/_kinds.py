"""Kinds, formats and other names of the C API, as Python values.

The numbers come from the C extension (``exoslab._ext``), so they never
drift from ``exoslab.h``.
"""
import enum

from . import _ext


def _enum(name, prefix, members):
    return enum.IntEnum(name, {m: getattr(_ext, prefix + m) for m in members},
                        module=__name__)


Kind = _enum("Kind", "EXS_", [
    "NODAL", "GLOBAL", "ELEM_BLOCK", "EDGE_BLOCK", "FACE_BLOCK", "NODE_SET",
    "SIDE_SET", "EDGE_SET", "FACE_SET", "ELEM_SET", "NODE_MAP", "EDGE_MAP",
    "FACE_MAP", "ELEM_MAP"])
Kind.__doc__ = """Entity kinds, as SEACAS's EX_ELEM_BLOCK... Anywhere a kind is
taken, a Kind, its int value or a name ("elem_block", "side_set",
"nodal", ... and short forms "eb", "ss", "ns") is accepted."""

Inq = _enum("Inq", "EXS_INQ_", [
    "FORMAT", "NUM_DIM", "NUM_NODES", "NUM_ELEM", "NUM_EDGE", "NUM_FACE",
    "NUM_TIMES", "NUM_QA", "NUM_INFO", "INT64_STATUS", "NAME_LEN",
    "MAX_NAME_USED", "FLOAT_SIZE", "INT_SIZE", "HAS_MESH", "NEMESIS",
    "NUM_PROCS", "COMPRESSED", "PARALLEL", "RANK", "NRANKS"])

Conn = _enum("Conn", "EXS_CONN_", ["NODES", "EDGES", "FACES"])

_KIND_ALIASES = {
    Kind.NODAL: ("nodal", "node", "nodes", "nod"),
    Kind.GLOBAL: ("global", "globals", "glo"),
    Kind.ELEM_BLOCK: ("elem_block", "element_block", "block", "elem", "element",
                      "eb", "el_blk"),
    Kind.EDGE_BLOCK: ("edge_block", "ed", "ed_blk"),
    Kind.FACE_BLOCK: ("face_block", "fa", "fa_blk"),
    Kind.NODE_SET: ("node_set", "nodeset", "ns", "nset"),
    Kind.SIDE_SET: ("side_set", "sideset", "ss", "sset"),
    Kind.EDGE_SET: ("edge_set", "edgeset", "es", "eset"),
    Kind.FACE_SET: ("face_set", "faceset", "fs", "fset"),
    Kind.ELEM_SET: ("elem_set", "element_set", "elemset", "els", "elset"),
    Kind.NODE_MAP: ("node_map", "nm"),
    Kind.EDGE_MAP: ("edge_map", "edm"),
    Kind.FACE_MAP: ("face_map", "fam"),
    Kind.ELEM_MAP: ("elem_map", "element_map", "em"),
}
_KIND_BY_NAME = {a: k for k, names in _KIND_ALIASES.items() for a in names}

BLOCK_KINDS = (Kind.ELEM_BLOCK, Kind.EDGE_BLOCK, Kind.FACE_BLOCK)
SET_KINDS = (Kind.NODE_SET, Kind.SIDE_SET, Kind.EDGE_SET, Kind.FACE_SET,
             Kind.ELEM_SET)
MAP_KINDS = (Kind.NODE_MAP, Kind.EDGE_MAP, Kind.FACE_MAP, Kind.ELEM_MAP)
VAR_KINDS = (Kind.GLOBAL, Kind.NODAL) + BLOCK_KINDS + SET_KINDS


def kind_of(kind):
    """The Kind for a Kind, an int or a name; ValueError otherwise."""
    if isinstance(kind, str):
        key = kind.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return _KIND_BY_NAME[key]
        except KeyError:
            raise _ext.ArgumentError(
                f"unknown entity kind {kind!r}; use one of "
                f"{', '.join(names[0] for names in _KIND_ALIASES.values())}"
            ) from None
    try:
        return Kind(kind)
    except ValueError:
        raise _ext.ArgumentError(f"unknown entity kind {kind!r}") from None


def map_kind_of(kind):
    """A map kind; "node", "elem", "edge", "face" also name them."""
    if isinstance(kind, str) and kind.lower() in ("node", "nodes", "nodal"):
        return Kind.NODE_MAP
    if isinstance(kind, str) and kind.lower() in ("elem", "element", "elements"):
        return Kind.ELEM_MAP
    if isinstance(kind, str) and kind.lower() in ("edge", "edges", "face", "faces"):
        return Kind.EDGE_MAP if kind.lower().startswith("edge") else Kind.FACE_MAP
    k = kind_of(kind)
    if k not in MAP_KINDS:
        raise _ext.ArgumentError(f"{k.name.lower()} is not a map kind "
                                 "(node_map, edge_map, face_map, elem_map)")
    return k


def conn_of(which):
    """EXS_CONN_* for "nodes", "edges", "faces" (or the int)."""
    if isinstance(which, str):
        try:
            return Conn[which.strip().upper()]
        except KeyError:
            raise _ext.ArgumentError(
                f"which={which!r}: use 'nodes', 'edges' or 'faces'") from None
    return Conn(which)


# Container formats: canonical short names, then accepted spellings
# (including netCDF4-python's).
FORMAT_NAMES = {
    _ext.EXS_FORMAT_CLASSIC: "cdf1",
    _ext.EXS_FORMAT_64BIT_OFFSET: "cdf2",
    _ext.EXS_FORMAT_CDF5: "cdf5",
    _ext.EXS_FORMAT_NETCDF4: "nc4",
    _ext.EXS_FORMAT_NETCDF4_CLASSIC: "nc4classic",
}
_FORMAT_ALIASES = {
    "default": _ext.EXS_FORMAT_DEFAULT,
    "cdf1": _ext.EXS_FORMAT_CLASSIC, "classic": _ext.EXS_FORMAT_CLASSIC,
    "netcdf3_classic": _ext.EXS_FORMAT_CLASSIC,
    "cdf2": _ext.EXS_FORMAT_64BIT_OFFSET, "64bit_offset": _ext.EXS_FORMAT_64BIT_OFFSET,
    "64bit": _ext.EXS_FORMAT_64BIT_OFFSET,
    "netcdf3_64bit_offset": _ext.EXS_FORMAT_64BIT_OFFSET,
    "netcdf3_64bit": _ext.EXS_FORMAT_64BIT_OFFSET,
    "cdf5": _ext.EXS_FORMAT_CDF5, "64bit_data": _ext.EXS_FORMAT_CDF5,
    "netcdf3_64bit_data": _ext.EXS_FORMAT_CDF5,
    "nc4": _ext.EXS_FORMAT_NETCDF4, "netcdf4": _ext.EXS_FORMAT_NETCDF4,
    "hdf5": _ext.EXS_FORMAT_NETCDF4,
    "nc4classic": _ext.EXS_FORMAT_NETCDF4_CLASSIC,
    "netcdf4_classic": _ext.EXS_FORMAT_NETCDF4_CLASSIC,
}


def format_of(fmt):
    """EXS_FORMAT_* for a name ("nc4", "cdf2", "NETCDF4_CLASSIC"...)."""
    if fmt is None:
        return _ext.EXS_FORMAT_DEFAULT
    if isinstance(fmt, int):
        return fmt
    key = str(fmt).strip().lower().replace("-", "_")
    try:
        return _FORMAT_ALIASES[key]
    except KeyError:
        raise _ext.ArgumentError(
            f"unknown format {fmt!r}; use one of cdf1, cdf2, cdf5, nc4, "
            "nc4classic") from None
