"""exoslab.copy: a new file with everything the reader sees of an open one
(exs_copy / exs_copy_all), optionally in another container, with fewer
time steps, blocks, sets or variables."""

import os
from typing import Any, Callable, Dict, Iterable, Optional, Sequence, Tuple, Union

from . import _ext
from ._file import File, create, open as _open
from ._kinds import format_of

PathLike = Union[str, "os.PathLike[str]"]
Selection = Optional[Iterable[Union[int, str]]]
Steps = Union[None, bool, range, Tuple[int, int]]


def _split(sel: Selection, what: str) -> Tuple[Optional[list], Optional[list]]:
    """ids and names of a selection (ints are ids, str are names)."""
    if sel is None:
        return None, None
    ids, names = [], []
    for s in sel:
        if isinstance(s, str):
            names.append(s)
        elif isinstance(s, (int,)) or hasattr(s, "__index__"):
            ids.append(int(s))
        else:
            raise _ext.ArgumentError(f"copy: {what} {s!r} is neither an id nor a name")
    return ids, names


def _steps(steps: Steps) -> Tuple[int, int]:
    """(step_start, step_count) of a steps= argument."""
    if steps is None or steps is True:
        return 0, -1
    if steps is False:
        return 0, 0
    if isinstance(steps, range):
        if steps.step != 1 or steps.start < 0:
            raise _ext.ArgumentError("copy: steps= must be a range with step 1 from >= 0")
        return steps.start, max(0, steps.stop - steps.start)
    if isinstance(steps, tuple) and len(steps) == 2:
        return int(steps[0]), int(steps[1])
    raise _ext.ArgumentError("copy: steps= is None/True (all), False (none), "
                             "range(a, b) or (start, count)")


def _options(format: Union[str, int, None], int64: Optional[bool],
             float_size: Optional[int], name_len: Optional[int], clobber: bool,
             deflate: int, shuffle: bool, zstd: int, node_chunk: int,
             elem_chunk: int, steps: Steps, blocks: Selection, sets: Selection,
             variables: Optional[Sequence[str]],
             progress: Optional[Callable[[int, int], None]] = None) -> Dict[str, Any]:
    start, count = _steps(steps)
    bids, bnames = _split(blocks, "block")
    sids, snames = _split(sets, "set")
    return {
        "format": format_of(format), "int64": -1 if int64 is None else int(bool(int64)),
        "float_size": int(float_size or 0), "name_len": int(name_len or 0),
        "clobber": int(bool(clobber)), "deflate": int(deflate),
        "shuffle": int(bool(shuffle)), "zstd": int(zstd),
        "node_chunk": int(node_chunk), "elem_chunk": int(elem_chunk),
        "step_start": start, "step_count": count,
        "block_ids": bids, "block_names": bnames, "set_ids": sids, "set_names": snames,
        "var_names": None if variables is None else [str(v) for v in variables],
        "progress": progress,
    }


def copy(src: Union[File, PathLike], dst: PathLike, *, comm: Any = None,
         format: Union[str, int, None] = None, int64: Optional[bool] = None,
         float_size: Optional[int] = None, name_len: Optional[int] = None,
         clobber: bool = False, deflate: int = 0, shuffle: bool = False,
         zstd: int = 0, node_chunk: int = 0, elem_chunk: int = 0,
         steps: Steps = None, blocks: Selection = None, sets: Selection = None,
         variables: Optional[Sequence[str]] = None,
         progress: Optional[Callable[[int, int], None]] = None) -> None:
    """Copy src (an open File or a path) into a new file at dst.

    Everything the reader sees goes over: the mesh, blocks (NSIDED/NFACED,
    edge/face connectivity, attributes and their names), sets with
    distribution factors, the id maps the source stores (none is gained),
    named maps, names, properties, QA/info, coordinate names, and every
    time step with all results variables and truth tables. Arrays are
    streamed in bounded slabs.

    format, int64, float_size, name_len: dst's container (None: the
    source's). deflate/shuffle/zstd, node_chunk/elem_chunk: netCDF-4
    compression and chunks. clobber: replace an existing dst (otherwise
    FileError and dst is left intact). steps: None/True all, False none,
    range(a, b) or (start, count). blocks: element blocks kept, ids (int)
    or names (str); the elements of dropped blocks leave element and side
    sets, and the elements after them are renumbered. sets: sets kept (any
    kind), ids or names. variables: results variables kept, by name.
    An id or name that src does not have raises NotFoundError before dst
    is created. progress: called as progress(done, total) after each time
    step is copied (on every rank of a collective copy).

    comm: an mpi4py communicator for the collective copy (exs_copy_all):
    src (a path, or a File opened with that comm) and dst are opened on its
    ranks and each rank copies its chunk-aligned slab. A File src opened
    with a communicator is copied collectively over its own.
    """
    opts = _options(format, int64, float_size, name_len, clobber, deflate, shuffle,
                    zstd, node_chunk, elem_chunk, steps, blocks, sets, variables,
                    progress)
    f = src if isinstance(src, File) else _open(src, comm=comm)
    try:
        if not f.parallel:
            _ext.copy(f._h, os.fspath(dst), opts)
            return
        _copy_parallel(f, dst, opts)
    finally:
        if f is not src:
            f.close()


def _copy_parallel(f: File, dst: PathLike, opts: Dict[str, Any]) -> None:
    """The collective copy: dst created on f's ranks, then exs_copy_all."""
    fmt = opts["format"] or format_of(f.format)
    g = create(dst, comm=f.comm, clobber=bool(opts["clobber"]), format=fmt,
               int64=f.int64 if opts["int64"] < 0 else bool(opts["int64"]),
               float_size=opts["float_size"] or f.float_size,
               name_len=opts["name_len"] or max(32, f.name_len),
               deflate=opts["deflate"], shuffle=bool(opts["shuffle"]), zstd=opts["zstd"],
               node_chunk=opts["node_chunk"], elem_chunk=opts["elem_chunk"])
    try:
        _ext.copy_all(f._h, g._h, opts)
    finally:
        g.close()
