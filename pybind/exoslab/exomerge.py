"""exoslab.exomerge -- SEACAS exomerge's API on flat numpy arrays.

Old scripts keep working with one changed line::

    import exoslab.exomerge as exomerge
    model = exomerge.import_model("results.e")
    model.delete_element_block(1)
    model.export_model("most_results.e")

Every method has exomerge3's name, positional signature, defaults and
conventions: an id argument is an id, a name, a list of them, "all",
"none", "auto" (the only one), "first", "last"; names accept "*"
wildcards; unknown ids warn and are dropped; results come sorted. Errors
raise :class:`ExomergeError` (a SystemExit, as exomerge exits, and a
ValueError); warnings print exomerge's boxed text and are issued as
:class:`ExomergeWarning`.

Storage (what exomerge kept as lists):

* ``_coords``: (num_nodes, 3) float64 (always 3-D; ``num_dimension`` is
  the file's dimension);
* ``_blocks``: id -> :class:`ElementBlockData` (flat 0-based int64
  connectivity, fields name -> (timesteps, elements));
* ``_node_fields``: name -> (timesteps, nodes); ``_global_variables``:
  name -> (timesteps,); ``_timesteps``: sorted float64 array;
* ``_node_sets`` / ``_side_sets``: id -> NodeSetData / SideSetData
  (members (m,) node indices / (m, 3) rows of (block id, element index,
  side index), fields name -> (timesteps, members));
* ``_info_records``, ``_qa_records``, ``_title``.

The old attributes (``nodes``, ``element_blocks``, ``node_sets``,
``side_sets``, ``node_fields``, ``global_variables``, ``timesteps``) are
live views of these arrays: O(1) per access, edits reach the model; they
issue DeprecationWarning naming the fast call. ``info_records``,
``qa_records`` and ``title`` are the plain list / string.

The fast API (``.. versionadded:: 0.2.0``): ``ExodusModel(mode=...)``,
``get_coords_flat``, ``set_coords_flat``, ``get_coords_array``,
``get_connectivity_flat``, ``get_block_object``, the ``node_fields`` /
``element_fields`` / ``global_fields`` managers, and streaming mode (see
docs/exomerge.md).
"""
from __future__ import annotations

import difflib
import os
import re
import sys
import textwrap
import warnings
from typing import Any, NoReturn, Optional, Sequence, Union

import numpy as np
from numpy.typing import ArrayLike

from . import _em_io
from ._em_model import (ElementBlockData, ListView, NodeSetData, NodesView,
                        RecordDict, SideSetData, as_float_steps, first_unique,
                        block_from_list, node_set_from_list,
                        side_set_from_list)
from ._em_ops import OperationsMixin
from ._em_types import EntityId, EntityIds, FieldNames, Timestep, Timesteps
from ._em_views import ElementFields, GlobalFields, NodeFields

#: the exomerge API version this module implements
__version__ = "8.7.0"
VERSION = __version__
#: exoslab's own version of this module (the fast API)
EXOSLAB_EXOMERGE_VERSION = "0.2.0"
CONTACT = "exoslab (https://github.com/exoslab); exomerge: Sierra Help"
#: print a banner on first use (exomerge printed one; exoslab is quiet)
SHOW_BANNER = False
#: turn warnings into errors
EXIT_ON_WARNING = False
#: accepted for old scripts; exoslab prints nothing while reading files
SUPPRESS_EXODUS_OUTPUT = False
#: print exomerge's boxed WARNING text (warnings are issued either way)
PRINT_WARNINGS = True
DEPRECATED_FUNCTIONS = {"write": "export"}

__all__ = ["ExodusModel", "import_model", "ExomergeError", "ExomergeWarning",
           "ElementBlockData", "NodeSetData", "SideSetData", "VERSION"]

_STANDARD_ELEMENT_TYPES = frozenset((
    "hex8", "hex20", "tet4", "tet10", "wedge6", "wedge12", "wedge15",
    "wedge16", "tri3", "tri6", "quad4", "quad6", "quad8", "shell4", "line2",
    "line3", "point"))
_TYPE_ALIASES = {"hex": "hex8", "tet": "tet4", "tetra": "tet4",
                 "tetra10": "tet10", "tri": "tri3", "triangle": "tri3",
                 "truss": "line2", "quad": "quad4", "shell": "shell4",
                 "wedge": "wedge6"}
_SUBSCRIPTS = {"xx": 1, "yy": 2, "zz": 3, "xy": 4, "yz": 5, "zx": 6,
               "yx": 7, "zy": 8, "xz": 9, "x": 10, "y": 11, "z": 12,
               "s": 13, "q": 14}
_FIELD_NAME = re.compile(
    r"^(?P<base>.*?)(?:_?)(?P<comp>" + "|".join(_SUBSCRIPTS) + r")?"
    r"(?:_?(?P<ip1>\d+))?(?:_?(?P<ip2>\d+))?$")


class ExomergeError(SystemExit, ValueError):
    """An exomerge error: exomerge printed it and exited, so old scripts
    may catch SystemExit; new code catches ValueError or this class."""

    def __init__(self, short: str, detailed: str = "") -> None:
        text = short if not detailed else f"{short}\n{detailed}"
        super().__init__(text)
        self.short, self.detailed = short, detailed

    def __str__(self):
        return self.code if isinstance(self.code, str) else str(self.args)


class ExomergeWarning(UserWarning):
    """A warning exomerge printed (the short text, then the message)."""


def _boxed(messages, width=79):
    """exomerge's framed message block as one string."""
    width = max(width, max(len(h) for h, _ in messages) + 26)
    out = ["", "*" * width, "*" + " " * (width - 2) + "*"]
    for header, text in messages:
        lines = []
        for para in text.split("\n"):
            lines.extend(textwrap.wrap(para, width - 6 - len(header)) or [""])
        while len(lines) > 1 and not lines[-1]:
            lines.pop()
        for i, txt in enumerate(lines):
            line = (header if i == 0 else " " * len(header)) + txt
            out.append("*  " + line.ljust(width - 6) + "  *")
        out.append("*" + " " * (width - 2) + "*")
    out.append("*" * width)
    return "\n".join(out)


def _is_str(x):
    return isinstance(x, str)


class _DupName(str):
    """A second (third...) variable of a file with the same name as an
    earlier one: a distinct dict key whose text is the shared name."""

    def __new__(cls, text, k):
        s = super().__new__(cls, text)
        s._k = k
        return s

    def __eq__(self, other):
        return isinstance(other, _DupName) and str.__eq__(self, other) and \
            self._k == other._k

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((str(self), self._k))


def _deprecated(what, instead, stacklevel=3):
    warnings.warn(f"ExodusModel.{what} is deprecated (exomerge's list "
                  f"structure); use {instead}", DeprecationWarning,
                  stacklevel=stacklevel)


class ExodusModel(OperationsMixin):
    """An Exodus model: exomerge3's ExodusModel on numpy arrays.

    mode: "inmemory" (default; import reads everything) or "streaming"
    (import reads metadata; coordinates, connectivity and each field step
    are read on first use and cached).

    .. versionadded:: 0.2.0 the ``mode`` argument.
    """

    STANDARD_ELEMENT_TYPES = _STANDARD_ELEMENT_TYPES
    _FIELD_NAME_SUBSCRIPT_ORDER = dict(_SUBSCRIPTS)
    _FIELD_NAME_REGEX = _FIELD_NAME

    def __init__(self, mode: str = "inmemory") -> None:
        global SHOW_BANNER
        if mode not in ("inmemory", "streaming"):
            raise ExomergeError(f"mode {mode!r}: use 'inmemory' or 'streaming'")
        if SHOW_BANNER:
            print(f"\n\nYou are using exoslab.exomerge v{VERSION} (exoslab "
                  f"{EXOSLAB_EXOMERGE_VERSION}) -- exomerge's API on numpy.\n")
            SHOW_BANNER = False
        self.mode = mode
        self._coords = np.zeros((0, 3))
        self._blocks: dict = {}
        self._node_fields: dict = {}
        self._global_variables: dict = {}
        self._timesteps = np.zeros(0)
        self._node_sets: dict = {}
        self._side_sets: dict = {}
        self._info_records: list = []
        self._qa_records: list = []
        self._title = ""
        self.num_dimension = 3
        self._node_id_map = None
        self._stream = None          # _em_io.Stream of a streaming model
        self._sink = None            # _em_io.Sink of a model bound to a file

    # ------------------------------------------------------------------
    # storage hooks shared with the operations (see the contract)
    def _materialize(self) -> None:
        """Load whatever a streaming model still holds lazily."""
        if self._stream is not None:
            self._stream.materialize_all(self)

    def _invalidate(self) -> None:
        """Drop derived state after _coords / connectivity / node numbering
        changed: the file's id maps no longer describe the model."""
        self._node_id_map = None
        for b in self._blocks.values():
            b.elem_id_map = None

    def close(self) -> None:
        """Release the source file of a streaming model (nothing is loaded)
        and finish the output file of a bound model."""
        if self._sink is not None:
            self._sink.close()
            self._sink = None
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # ------------------------------------------------------------------
    # attribute lookup: plural/singular aliases and suggestions
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        names = [x for x in dir(type(self)) if not x.startswith("__")]
        if name in DEPRECATED_FUNCTIONS and DEPRECATED_FUNCTIONS[name]:
            self._warning("Deprecated function.",
                          f'The function "{name}" is deprecated; use '
                          f'"{DEPRECATED_FUNCTIONS[name]}".')
            return getattr(self, DEPRECATED_FUNCTIONS[name])
        if not name.endswith("s") and name + "s" in names:
            return getattr(self, name + "s")
        if name.endswith("s") and not name[:-1].endswith("s") and \
                name[:-1] in names:
            return getattr(self, name[:-1])
        close = difflib.get_close_matches(name, names, n=5, cutoff=0.0)
        raise _AttributeNotFound(
            "Function not found.",
            f'The function "{name}" does not exist.  Perhaps you meant to call '
            "one of the following functions:\n\n" + "\n".join(close))

    # ------------------------------------------------------------------
    # messages
    def _error(self, short: str = "Unspecified error", detailed: str = "",
               exit_code: int = 1) -> NoReturn:
        """Raise ExomergeError (exomerge printed and exited)."""
        raise ExomergeError(short, detailed)

    _bug = _error

    def _warning(self, short="Unspecified warning", detailed=""):
        """Print exomerge's WARNING box and issue an ExomergeWarning."""
        if PRINT_WARNINGS:
            msgs = [("WARNING: ", short)]
            if detailed:
                msgs.append(("Message: ", detailed))
            print(_boxed(msgs))
        text = short if not detailed else f"{short} {detailed}"
        warnings.warn(text, ExomergeWarning, stacklevel=3)
        if EXIT_ON_WARNING:
            raise ExomergeError(short, detailed)

    @staticmethod
    def _print_message(messages, width=79):
        if not isinstance(messages, list):
            messages = [messages]
        msgs = [m if isinstance(m, tuple) else ("", m) for m in messages]
        print(_boxed(msgs, width))

    @staticmethod
    def _assert(condition):
        if not condition:
            raise ValueError

    def _exists_error(self, name, entity):
        self._error(entity[0].upper() + entity[1:] + " already exists.",
                    f'The specified {entity} "{name}" already exists.  This '
                    "operation cannot be completed.")

    def _exists_warning(self, name, entity):
        self._warning(entity[0].upper() + entity[1:] + " already exists.",
                      f'The specified {entity} "{name}" already exists.  '
                      "Information may be overwritten.")

    def _exists_on_entity_warning(self, name, entity, base_name, base_entity):
        self._warning(entity[0].upper() + entity[1:] + " already exists.",
                      f'The specified {entity} "{name}" already exists on '
                      f"{base_entity} {base_name}.  Information may be "
                      "overwritten.")

    def _missing_error(self, name, entity):
        self._error(entity[0].upper() + entity[1:] + " does not exist.",
                    f'The specified {entity} "{name}" does not exist.')

    def _missing_warning(self, name, entity):
        # exomerge's _missing_warning errors out; kept
        self._error(entity[0].upper() + entity[1:] + " does not exist.",
                    f'The specified {entity} "{name}" does not exist and '
                    "will be ignored.")

    def _missing_on_entity_error(self, name, entity, base_name, base_entity):
        self._error(entity[0].upper() + entity[1:] + " does not exist.",
                    f'The specified {entity} "{name}" does not exist on '
                    f"{base_entity} {base_name}.")

    def _empty_field_warning(self):
        self._warning(
            "Creating an empty field",
            "No timesteps are defined.  Because fields are only defined at "
            "each timestep, creating a field when no timesteps are defined "
            "will allow let the field to have any values.  By default, empty "
            "fields are not exported.\n\nTo avoid this warning, create a "
            "timestep before creating a field.")

    def _input_check(self, argument, arg_format):
        """exomerge's argument check: arg_format like [list, 3, int]."""
        if arg_format[0] is list:
            n = arg_format[1]
            if not isinstance(argument, (list, tuple, np.ndarray)) or \
                    (n > 0 and len(argument) != n) or \
                    (n <= 0 and len(argument) < -n):
                self._input_check_error(argument, arg_format)
            for arg in argument:
                self._input_check(arg, arg_format[2:])
            return
        kind = arg_format[0]
        if kind is int:
            if isinstance(argument, (float, np.floating)):
                if not float(argument).is_integer():
                    self._input_check_error(argument, arg_format)
            elif not isinstance(argument, (int, np.integer)):
                self._input_check_error(argument, arg_format)
        elif kind is float:
            if not isinstance(argument, (int, float, np.integer, np.floating)):
                self._input_check_error(argument, arg_format)
        elif not isinstance(argument, kind):
            self._input_check_error(argument, arg_format)

    def _input_check_error(self, argument, arg_format):
        a, f = str(argument), str(arg_format)
        a = a if len(a) <= 50 else a[:47] + "..."
        f = f if len(f) <= 50 else f[:47] + "..."
        self._error("Unexpected argument type",
                    "The argument to a function failed an input check.  This "
                    "is most likely due to passing an invalid argument to the "
                    f"function.\n\nArgument: {a}\nExpected type: {f}")

    # ------------------------------------------------------------------
    # id lists and names
    @staticmethod
    def _get_matching_strings(string_pattern, list_of_strings):
        """The strings matching a pattern with "*" wildcards."""
        regex = re.compile("^" + string_pattern.replace(".", r"\.")
                           .replace("*", ".*") + "$")
        return [x for x in list_of_strings if regex.match(x)]

    @staticmethod
    def _plural(name):
        return name[:-1] + "ies" if name[-1] == "y" else name + "s"

    def _names_of(self, store, entity):
        pairs = [(v.name, k) for k, v in store.items() if v.name]
        if len({p[0] for p in pairs}) != len(pairs):
            self._warning(f"Duplicate {entity} names",
                          f"At least two {self._plural(entity)} have the same "
                          "name.  This may cause problems.")
        return dict(pairs)

    def _format_element_block_id_list(self, id_list, *args, **kwargs):
        """A validated list of element block ids."""
        tr = self._names_of(self._blocks, "element block")
        return self._format_id_list(id_list, sorted(self._blocks),
                                    "element block", *args, translator=tr,
                                    **kwargs)

    def _format_side_set_id_list(self, id_list, *args, **kwargs):
        """A validated list of side set ids."""
        tr = self._names_of(self._side_sets, "side set")
        return self._format_id_list(id_list, sorted(self._side_sets),
                                    "side set", *args, translator=tr, **kwargs)

    def _format_node_set_id_list(self, id_list, *args, **kwargs):
        """A validated list of node set ids."""
        tr = self._names_of(self._node_sets, "node set")
        return self._format_id_list(id_list, sorted(self._node_sets),
                                    "node set", *args, translator=tr, **kwargs)

    def _format_id_list(self, id_list, acceptable_ids, entity="",
                        single=False, empty_list_okay=True, translator={}):
        """exomerge's id-list conventions ("all", "none", "first", "last",
        "auto", names, wildcards); unknown ids warn and are dropped."""
        acceptable_ids = list(acceptable_ids)
        if isinstance(id_list, (tuple, np.ndarray)):
            id_list = list(id_list)
        elif not isinstance(id_list, list):
            id_list = [id_list]
        ids = []
        for id_ in id_list:
            if _is_str(id_) and id_ in ("none", "all", "first", "last", "auto",
                                        "last_if_any", "first_if_any"):
                self._keyword_ids(id_, acceptable_ids, entity, ids)
            else:
                ids.append(id_.item() if isinstance(id_, np.generic) else id_)
        if translator:
            ids = [translator.get(x, x) if _is_str(x) else x for x in ids]
        if ids and _is_str(ids[0]):
            expanded = []
            for x in ids:
                if _is_str(x) and "*" in x:
                    expanded.extend(self._get_matching_strings(
                        x, [a for a in acceptable_ids if _is_str(a)]))
                else:
                    expanded.append(x)
            ids = expanded
        return self._checked_ids(ids, acceptable_ids, entity, single,
                                 empty_list_okay)

    def _keyword_ids(self, word, acceptable, entity, out):
        if word == "all":
            out.extend(acceptable)
        elif word in ("first", "last"):
            if not acceptable:
                self._error("Empty entity list.",
                            f'The "{word}" identifier was used to refer to a '
                            f"{entity} but no {entity}s exist.")
            out.append(acceptable[0] if word == "first" else acceptable[-1])
        elif word == "auto":
            if len(acceptable) != 1:
                self._error("Ambiguous reference.",
                            'The "auto" identifier was used to refer to a '
                            f"{entity} but exactly one {entity} does not "
                            f"exist.  There are {len(acceptable)} defined "
                            f"{entity}s.")
            out.append(acceptable[0])
        elif word in ("last_if_any", "first_if_any") and acceptable:
            out.append(acceptable[-1])   # exomerge's first_if_any does so too

    def _checked_ids(self, ids, acceptable, entity, single, empty_okay):
        found, unique = set(), []
        accept = set(acceptable)
        for id_ in ids:
            try:
                key = hash(id_)
            except TypeError:
                key = id(id_)
            if (key, id_) in found:
                continue
            found.add((key, id_))
            if id_ in accept:
                unique.append(id_)
            else:
                self._warning(
                    f"Reference to undefined {entity}.",
                    f'A reference to {entity} "{id_}" was encountered but is '
                    f"not defined.  This {entity} will not be included in the "
                    f"operation.\n\nThere are {len(acceptable)} defined "
                    f"{self._plural(entity) if entity else 'entities'}: "
                    + ", ".join(str(x) for x in acceptable))
        if single and len(unique) != 1:
            if not unique:
                self._error(f"No {entity} specified.",
                            f"A single {entity} is required but none were "
                            "specified.")
            self._error(f"Multiple {entity}s specified.",
                        f"A single {entity} is required but {len(unique)} "
                        f"{entity}s were specified: "
                        + ", ".join(str(x) for x in unique))
        if not empty_okay and not unique:
            self._error(f"No {entity}s specified.",
                        f"We require at least one {entity} to be specified "
                        "for this operation but none were specified.\n\n"
                        f"There are {len(acceptable)} defined "
                        f"{self._plural(entity)}: "
                        + ", ".join(str(x) for x in acceptable))
        return unique

    def _one_block(self, element_block_id):
        [bid] = self._format_element_block_id_list([element_block_id],
                                                   single=True)
        return bid

    def _one_node_set(self, node_set_id):
        [sid] = self._format_node_set_id_list([node_set_id], single=True)
        return sid

    def _one_side_set(self, side_set_id):
        [sid] = self._format_side_set_id_list([side_set_id], single=True)
        return sid

    def _sort_field_names(self, names):
        """Field names in SIERRA's order: base name, integration points,
        then component (xx, yy, zz, xy, ..., x, y, z)."""
        def key(name):
            m = _FIELD_NAME.match(name.lower())
            if not m.group("base"):
                return (name.lower(), 0, 0, 0)
            ip1 = int(m.group("ip1") or 0)
            ip2 = int(m.group("ip2") or 0)
            comp = _SUBSCRIPTS[m.group("comp")] if m.group("comp") else 0
            return (m.group("base"), ip2, ip1, comp)
        names.sort(key=key)
        return names

    @staticmethod
    def _remove_duplicates(item_list, other_list=None, preserve_order=False):
        if not preserve_order:
            return list(set(item_list) - set(other_list or ()))
        seen = set(other_list or ())
        out = []
        for item in item_list:
            if item not in seen:
                out.append(item)
                seen.add(item)
        return out

    # ------------------------------------------------------------------
    # new ids / names, defaults, element types
    def _new_element_block_id(self):
        i = 1
        while i in self._blocks:
            i += 1
        return i

    def _new_side_set_id(self):
        i = 1
        while i in self._side_sets:
            i += 1
        return i

    def _new_node_set_id(self):
        i = 1
        while i in self._node_sets:
            i += 1
        return i

    def _new_field_name(self, taken, quantity=1):
        names, i = [], 1
        for _ in range(quantity):
            while f"temp{i}" in taken:
                i += 1
            names.append(f"temp{i}")
            i += 1
        return names[0] if quantity == 1 else names

    def _new_element_field_name(self, quantity=1):
        return self._new_field_name(set(self.get_element_field_names()),
                                    quantity)

    def _new_node_field_name(self):
        return self._new_field_name(set(self._node_fields))

    def _new_side_set_field_name(self):
        return self._new_field_name(set(self.get_side_set_field_names()))

    def _new_node_set_field_name(self):
        return self._new_field_name(set(self.get_node_set_field_names()))

    @staticmethod
    def _is_displacement_field_prefix(name):
        return len(name) >= 3 and name.lower() == "displacement"[:len(name)]

    def _get_displacement_field_prefix(self):
        prefix = "disp"
        for name in self.get_node_field_names():
            if len(name) >= 3 and name[-2] == "_" and \
                    self._is_displacement_field_prefix(name[:-2]):
                prefix = name[:-2]
        return prefix

    def _get_default_field_value(self, name):
        """0.0 for displacement components (disp_x...), NaN otherwise."""
        return 0.0 if self._is_displacement_field_prefix(name[:-2]) else \
            float("nan")

    def _get_standard_element_type(self, element_type, warning=True):
        if isinstance(element_type, bytes):
            element_type = element_type.decode("utf8")
        element_type = element_type.lower()
        element_type = _TYPE_ALIASES.get(element_type, element_type)
        if warning and element_type not in _STANDARD_ELEMENT_TYPES:
            self._warning(
                "Nonstandard element type",
                f'The element type "{element_type}" is not a standard element '
                "type.  This may cause issues with handling element blocks "
                "with elements of this type.")
        return element_type

    def _is_standard_element_type(self, element_type):
        return self._get_standard_element_type(element_type, False) in \
            _STANDARD_ELEMENT_TYPES

    def _get_element_type(self, element_block_id):
        return self._block(element_block_id).elem_type

    def _get_standard_element_block_ids(self):
        return [b for b in self.get_element_block_ids()
                if self._is_standard_element_type(self._blocks[b].elem_type)]

    def _block(self, element_block_id):
        bid = self._one_block(element_block_id)
        if self._stream is not None:
            self._stream.load_block(self, bid)
        return self._blocks[bid]

    def _get_element_block_fields(self, element_block_id):
        return self._block(element_block_id).fields_view

    def _get_node_set_fields(self, node_set_id):
        return self._node_sets[self._one_node_set(node_set_id)].fields_view

    def _get_side_set_fields(self, side_set_id):
        return self._side_sets[self._one_side_set(side_set_id)].fields_view

    # ------------------------------------------------------------------
    # timesteps
    def get_timesteps(self) -> list:
        """A sorted list of all timesteps."""
        return sorted(self._timesteps.tolist())

    def timestep_exists(self, timestep: Timestep) -> bool:
        """True if the given timestep exists."""
        return timestep in self._timesteps.tolist()

    def _get_internal_timestep_index(self, timestep):
        [timestep] = self._format_id_list([timestep], self.get_timesteps(),
                                          "timestep", single=True)
        return self._timesteps.tolist().index(timestep)

    def _step_index(self, timestep):
        return self._get_internal_timestep_index(timestep)

    def _field_stores(self):
        """(dict, entity count) of every field dict with per-step rows."""
        yield self._node_fields, len(self._coords)
        for b in self._blocks.values():
            yield b.fields, b.num_elements
        for s in self._node_sets.values():
            yield s.fields, len(s.members)
        for s in self._side_sets.values():
            yield s.fields, len(s.members)

    def create_timestep(self, timestep: float) -> None:
        """Create a timestep; every field gets its default value there."""
        timestep = float(timestep)
        if self.timestep_exists(timestep):
            self._exists_warning(timestep, "timestep")
            return
        self._materialize()
        i = int(np.searchsorted(self._timesteps, timestep, side="right"))
        self._timesteps = np.insert(self._timesteps, i, timestep)
        for store, n in self._field_stores():
            for name, v in store.items():
                store[name] = np.insert(v, i, self._get_default_field_value(name),
                                        axis=0)
        for name, v in self._global_variables.items():
            self._global_variables[name] = np.insert(
                v, i, self._get_default_field_value(name))

    def delete_timestep(self, timesteps: Timesteps) -> None:
        """Delete one or more timesteps and their field values."""
        timesteps = self._format_id_list(timesteps, self.get_timesteps(),
                                         "timestep")
        if not timesteps:
            return
        self._materialize()
        keep = ~np.isin(self._timesteps, timesteps)
        self._timesteps = self._timesteps[keep]
        for store, _ in self._field_stores():
            for name, v in store.items():
                store[name] = v[keep]
        for name, v in self._global_variables.items():
            self._global_variables[name] = v[keep]

    # ------------------------------------------------------------------
    # nodes
    def create_nodes(self, new_nodes: ArrayLike) -> None:
        """Append nodes ([x, y, z] each); node fields get their default."""
        self._create_nodes_quiet(new_nodes)

    def _create_nodes_quiet(self, new_nodes):
        self._materialize()
        new = np.array(new_nodes, dtype=np.float64, ndmin=2)
        if new.size == 0:
            return
        if new.ndim != 2 or new.shape[1] > 3:
            self._error("Invalid node list",
                        "create_nodes expects a list of [x, y, z] triples.")
        if new.shape[1] < 3:
            new = np.hstack([new, np.zeros((len(new), 3 - new.shape[1]))])
        self._coords = np.ascontiguousarray(np.vstack([self._coords, new]))
        self._node_id_map = None
        for name, v in self._node_fields.items():
            pad = np.full((v.shape[0], len(new)), self._get_default_field_value(name))
            self._node_fields[name] = np.hstack([v, pad])

    def get_node_count(self) -> int:
        """The number of nodes. (exoslab)"""
        if self._stream is not None and self._stream.coords_pending:
            return self._stream.num_nodes
        return len(self._coords)

    def get_nodes(self) -> np.ndarray:
        """The (num_nodes, 3) coordinate array (a live view). (exoslab)"""
        self._materialize_coords()
        return self._coords

    def get_coords_array(self) -> np.ndarray:
        """The (num_nodes, 3) float64 coordinate array (a live view).

        .. versionadded:: 0.2.0
        """
        self._materialize_coords()
        return self._coords

    def get_coords_flat(self) -> tuple:
        """(x, y, z): the three coordinate columns as 1-D views of the
        coordinate array (strided; writes reach the model).

        .. versionadded:: 0.2.0
        """
        self._materialize_coords()
        c = self._coords
        return c[:, 0], c[:, 1], c[:, 2]

    def set_coords_flat(self, x: Sequence[float], y: Sequence[float],
                        z: Optional[Sequence[float]] = None) -> None:
        """Replace the coordinates from three 1-D arrays (z = 0 when
        omitted); the node count must stay the same.

        .. versionadded:: 0.2.0
        """
        self._materialize_coords()
        n = len(self._coords)
        cols = [np.asarray(v, dtype=np.float64).reshape(-1)
                for v in (x, y, np.zeros(n) if z is None else z)]
        if any(len(c) != n for c in cols):
            self._error("Wrong coordinate count",
                        f"set_coords_flat needs {n} values per axis, got "
                        f"{[len(c) for c in cols]}.")
        self._coords = np.ascontiguousarray(np.stack(cols, axis=1))

    def _materialize_coords(self):
        if self._stream is not None:
            self._stream.load_coords(self)

    @property
    def nodes(self) -> NodesView:
        """exomerge's list of [x, y, z] (a live view; deprecated)."""
        _deprecated("nodes", "get_coords_array() / get_coords_flat()")
        return NodesView(self)

    @nodes.setter
    def nodes(self, value: Sequence[Sequence[float]]) -> None:
        _deprecated("nodes", "set_coords_flat()")
        self._materialize()
        new = np.array(value, dtype=np.float64, ndmin=2).reshape(-1, 3)
        self._coords = np.ascontiguousarray(new)
        self._invalidate()

    def get_nodes_as_lists(self) -> list:
        """The coordinates as a list of [x, y, z] lists (deprecated)."""
        _deprecated("get_nodes_as_lists()", "get_coords_array()")
        return self.get_coords_array().tolist()

    def _get_unreferenced_nodes(self):
        self._materialize()
        used = np.zeros(len(self._coords), bool)
        for b in self._blocks.values():
            used[b.connectivity] = True
        return np.flatnonzero(~used).tolist()

    def _delete_nodes(self, node_list):
        """Delete nodes (none may be used by an element); node fields, node
        sets and their fields follow."""
        self._materialize()
        n = len(self._coords)
        keep = np.ones(n, bool)
        keep[np.asarray(list(node_list), dtype=np.int64)] = False
        new_index = np.cumsum(keep) - 1
        for bid, b in self._blocks.items():
            if b.connectivity.size and not keep[b.connectivity].all():
                self._error("Node still used.",
                            "A node in the list of nodes to delete is still "
                            f"used by elements in element block {bid} and "
                            "cannot be deleted.")
        for b in self._blocks.values():
            b.connectivity = new_index[b.connectivity]
        self._coords = np.ascontiguousarray(self._coords[keep])
        for name, v in self._node_fields.items():
            self._node_fields[name] = np.ascontiguousarray(v[:, keep])
        for s in self._node_sets.values():
            k = keep[s.members]
            s.members = new_index[s.members[k]]
            for name, v in s.fields.items():
                s.fields[name] = np.ascontiguousarray(v[:, k])
            if s.dist_factors is not None:
                s.dist_factors = s.dist_factors[k]
        self._invalidate()

    # ------------------------------------------------------------------
    # element blocks
    def get_element_block_ids(self) -> list:
        """A sorted list of all element block ids."""
        return sorted(self._blocks)

    def get_element_block_name(self, element_block_id: EntityId) -> str:
        """The name of an element block ("" if unnamed)."""
        return self._blocks[self._one_block(element_block_id)].name

    def get_all_element_block_names(self) -> list:
        """A sorted list of the element block names that are set."""
        return sorted(b.name for b in self._blocks.values() if b.name)

    def element_block_exists(self, element_block_id: EntityId) -> bool:
        """True if the element block (an id, or a name) exists."""
        if isinstance(element_block_id, str):
            return element_block_id in self.get_all_element_block_names()
        return element_block_id in self._blocks

    def get_element_count(self, element_block_ids: EntityIds = "all") -> int:
        """The total number of elements in the given element blocks."""
        ids = self._format_element_block_id_list(element_block_ids)
        return int(sum(self._blocks[b].num_elements for b in ids))

    def get_nodes_per_element(self, element_block_id: EntityId) -> int:
        """The nodes per element of an element block."""
        return int(self._blocks[self._one_block(element_block_id)]
                   .nodes_per_element)

    def get_element_type(self, element_block_id: EntityId) -> str:
        """The element type as stored (e.g. "HEX8"). (exoslab)"""
        return self._blocks[self._one_block(element_block_id)].elem_type

    def get_connectivity(self, element_block_id: EntityId = "auto") -> np.ndarray:
        """The flat, 0-based connectivity of an element block (a live
        int64 array: edits reach the model)."""
        return self._block(element_block_id).connectivity

    def get_connectivity_flat(self, block_id: Any = "auto") -> np.ndarray:
        """The flat 0-based int64 connectivity of a block (a live view).

        .. versionadded:: 0.2.0
        """
        return self._block(block_id).connectivity

    def get_connectivity_structured(self, block_id: Any = "auto") -> np.ndarray:
        """(elements, nodes_per_element) view of the connectivity
        (deprecated: use get_connectivity_flat(...).reshape(-1, npe)).

        .. versionadded:: 0.2.0
        """
        _deprecated("get_connectivity_structured()",
                    "get_connectivity_flat(block_id).reshape(-1, "
                    "get_nodes_per_element(block_id))")
        return self._block(block_id).conn2d()

    def get_connectivity_as_list(self, element_block_id: EntityId = "auto") -> list:
        """The connectivity as a flat Python list (deprecated)."""
        _deprecated("get_connectivity_as_list()", "get_connectivity_flat()")
        return self._block(element_block_id).connectivity.tolist()

    def get_block_object(self, block_id: Any = "auto") -> ElementBlockData:
        """The ElementBlockData of a block (its arrays are the model's).

        .. versionadded:: 0.2.0
        """
        return self._block(block_id)

    def get_element_block_attributes(self, element_block_id: EntityId) -> Any:
        """(elements, attributes) array of a block, or None. (exoslab)"""
        return self._block(element_block_id).attributes

    def create_element_block(self, element_block_id: EntityId, info: Sequence[Any],
                             connectivity: Optional[ArrayLike] = None) -> None:
        """Create an element block from info = [element_type,
        element_count, nodes_per_element, 0] and flat connectivity."""
        if self.element_block_exists(element_block_id):
            self._exists_error(element_block_id, "element block")
        b = ElementBlockData()
        b.info = info  # type: ignore[assignment]  # mypy 1.0: setter takes a list
        conn = np.asarray([] if connectivity is None else connectivity,
                          dtype=np.int64).reshape(-1)
        b.connectivity = conn
        self._materialize_coords()
        if conn.size and (conn.min() < 0 or conn.max() >= len(self._coords)):
            self._error("Invalid connectivity",
                        f"Element block {element_block_id} refers to a node "
                        f"that does not exist (0..{len(self._coords) - 1}).")
        if b.nodes_per_element and conn.size != b._num_elements * \
                b.nodes_per_element and conn.size:
            self._error("Invalid connectivity",
                        f"Element block {element_block_id}: {conn.size} "
                        f"connectivity entries for {b._num_elements} x "
                        f"{b.nodes_per_element} nodes.")
        self._blocks[element_block_id] = b

    def rename_element_block(self, element_block_id: EntityId,
                             new_element_block_id: EntityId) -> None:
        """Change an element block's id (an int) or its name (a str); side
        set members follow an id change."""
        bid = self._one_block(element_block_id)
        b = self._blocks[bid]
        if isinstance(new_element_block_id, str):
            if b.name == new_element_block_id:
                return
            if self.element_block_exists(new_element_block_id):
                self._exists_warning('"' + new_element_block_id + '"',
                                     "element block")
            b.name = new_element_block_id
            return
        new = int(new_element_block_id)
        if new == bid:
            return
        if new in self._blocks:
            self._exists_warning(new, "element block")
        self._blocks[new] = self._blocks.pop(bid)
        for s in self._side_sets.values():
            if len(s.members):
                rows = s.members[:, 0] == bid
                s.members[rows, 0] = new

    def delete_element_block(self, element_block_ids: EntityIds,
                             delete_orphaned_nodes: bool = True) -> None:
        """Delete element blocks, their side set faces and (by default)
        the nodes only they used."""
        ids = self._format_element_block_id_list(element_block_ids)
        if not ids:
            return
        self._materialize()
        before = set(self._get_unreferenced_nodes()) if delete_orphaned_nodes \
            else set()
        for bid in ids:
            del self._blocks[bid]
            for s in self._side_sets.values():
                if not len(s.members):
                    continue
                keep = s.members[:, 0] != bid
                if keep.all():
                    continue
                s.members = s.members[keep]
                for name, v in s.fields.items():
                    s.fields[name] = np.ascontiguousarray(v[:, keep])
                if s.dist_factors is not None:
                    s.dist_factors = None
        if delete_orphaned_nodes:
            orphans = sorted(set(self._get_unreferenced_nodes()) - before)
            if orphans:
                self._delete_nodes(orphans)

    @property
    def element_blocks(self) -> RecordDict:
        """exomerge's dict id -> [name, info, connectivity, fields] (a live
        view of ElementBlockData records; deprecated)."""
        _deprecated("element_blocks", "get_block_object(block_id)")
        self._materialize()
        return RecordDict(self, "_blocks", block_from_list)

    @element_blocks.setter
    def element_blocks(self, value: dict) -> None:
        _deprecated("element_blocks", "create_element_block()")
        self._blocks = {k: v if isinstance(v, ElementBlockData)
                        else block_from_list(v) for k, v in dict(value).items()}

    # ------------------------------------------------------------------
    # node sets and side sets
    def get_node_set_ids(self) -> list:
        """A sorted list of all node set ids."""
        return sorted(self._node_sets)

    def get_side_set_ids(self) -> list:
        """A sorted list of all side set ids."""
        return sorted(self._side_sets)

    def get_node_set_name(self, node_set_id: EntityId) -> str:
        """The name of the node set ('' when it has none)."""
        return self._node_sets[self._one_node_set(node_set_id)].name

    def get_side_set_name(self, side_set_id: EntityId) -> str:
        """The name of the side set ('' when it has none)."""
        return self._side_sets[self._one_side_set(side_set_id)].name

    def get_all_node_set_names(self) -> list:
        """The names of the named node sets, sorted."""
        return sorted(s.name for s in self._node_sets.values() if s.name)

    def get_all_side_set_names(self) -> list:
        """The names of the named side sets, sorted."""
        return sorted(s.name for s in self._side_sets.values() if s.name)

    def node_set_exists(self, node_set_id: EntityId) -> bool:
        """Whether a node set of that id (int) or name (str) exists."""
        if isinstance(node_set_id, str):
            return node_set_id in self.get_all_node_set_names()
        return node_set_id in self._node_sets

    def side_set_exists(self, side_set_id: EntityId) -> bool:
        """Whether a side set of that id (int) or name (str) exists."""
        if isinstance(side_set_id, str):
            return side_set_id in self.get_all_side_set_names()
        return side_set_id in self._side_sets

    def get_node_set_members(self, node_set_id: EntityId) -> np.ndarray:
        """The 0-based node indices of a node set (a live int64 array)."""
        return self._node_sets[self._one_node_set(node_set_id)].members

    def get_side_set_members(self, side_set_id: EntityId) -> np.ndarray:
        """The (m, 3) rows (element_block_id, element_index, side_index)
        of a side set (a live int64 array; indices 0-based)."""
        return self._side_sets[self._one_side_set(side_set_id)].members

    def create_node_set(self, node_set_id: EntityId,
                        node_set_members: Optional[ArrayLike] = None) -> None:
        """Create a node set from 0-based node indices (duplicates warn
        and are dropped)."""
        if self.node_set_exists(node_set_id):
            self._exists_warning(node_set_id, "node set")
        members = np.asarray([] if node_set_members is None else
                             node_set_members, dtype=np.int64).reshape(-1)
        first = first_unique(members)
        if len(first) != len(members):
            self._warning("Duplicate nodes in set.",
                          "The node set member list contains multiple copies "
                          "of some nodes.  These nodes will only be added once.")
            members = members[first]
        self._node_sets[node_set_id] = NodeSetData(name="", members=members)

    def create_side_set(self, side_set_id: EntityId,
                        side_set_members: Optional[ArrayLike] = None) -> None:
        """Create a side set from (element_block_id, element_index,
        side_index) tuples (duplicates warn and are dropped)."""
        if self.side_set_exists(side_set_id):
            self._exists_warning(side_set_id, "side set")
        members = np.asarray([] if side_set_members is None else
                             side_set_members, dtype=np.int64).reshape(-1, 3)
        first = first_unique(members)
        if len(first) != len(members):
            self._warning("Duplicate faces in set.",
                          "The face set member list contains multiple copies "
                          "of some faces.  These faces will only be added once.")
            members = members[first]
        self._side_sets[side_set_id] = SideSetData(name="", members=members)

    def _append_set_members(self, store, set_id, new, what):
        """Add members not yet in the set (order kept); fields get their
        default there. Returns the number added."""
        s = store[set_id]
        old = s.members
        width = old.shape[1:] if old.ndim > 1 else ()
        new = np.asarray(new, dtype=np.int64).reshape((-1,) + width)
        if width:
            view = np.ascontiguousarray
            dt = np.dtype((np.void, 8 * width[0]))
            o, n = view(old).view(dt).ravel(), view(new).view(dt).ravel()
        else:
            o, n = old, new
        seen = np.isin(n, o)
        _, first = np.unique(n, return_index=True)
        unique = np.zeros(len(n), bool)
        unique[first] = True
        keep = unique & ~seen
        if keep.sum() != len(new):
            self._warning(f"Duplicates {what} in set",
                          "The set already contains some of the members in the "
                          "list.  These members will not be duplicated.")
        add = new[keep]
        s.members = np.concatenate([old, add])
        for name, v in s.fields.items():
            pad = np.full((v.shape[0], len(add)), self._get_default_field_value(name))
            s.fields[name] = np.hstack([v, pad])
        s.dist_factors = None
        return len(add)

    def delete_node_set(self, node_set_ids: EntityIds) -> None:
        """Delete the given node sets ('all', one id or name, or a list)."""
        for sid in self._format_node_set_id_list(node_set_ids):
            del self._node_sets[sid]

    def delete_side_set(self, side_set_ids: EntityIds) -> None:
        """Delete the given side sets ('all', one id or name, or a list)."""
        for sid in self._format_side_set_id_list(side_set_ids):
            del self._side_sets[sid]

    def rename_node_set(self, node_set_id: EntityId, new_node_set_id: int) -> None:
        """Change a node set's id (an int) or name (a str)."""
        self._rename_set(self._node_sets, self._one_node_set(node_set_id),
                         new_node_set_id, "node set", self.node_set_exists)

    def rename_side_set(self, side_set_id: EntityId, new_side_set_id: int) -> None:
        """Change a side set's id (an int) or name (a str)."""
        self._rename_set(self._side_sets, self._one_side_set(side_set_id),
                         new_side_set_id, "side set", self.side_set_exists)

    def _rename_set(self, store, sid, new, entity, exists):
        if isinstance(new, str):
            if store[sid].name == new:
                return
            if exists(new):
                self._exists_warning('"' + new + '"', entity)
            store[sid].name = new
            return
        if new == sid:
            return
        if new in store:
            self._exists_warning(new, entity)
        store[new] = store.pop(sid)

    @property
    def node_sets(self) -> RecordDict:
        """exomerge's dict id -> [name, members, fields] (live; deprecated)."""
        _deprecated("node_sets", "get_node_set_members() / node set methods")
        return RecordDict(self, "_node_sets", node_set_from_list)

    @node_sets.setter
    def node_sets(self, value: dict) -> None:
        _deprecated("node_sets", "create_node_set()")
        self._node_sets = {k: v if isinstance(v, NodeSetData) else
                           node_set_from_list(v) for k, v in dict(value).items()}

    @property
    def side_sets(self) -> RecordDict:
        """exomerge's dict id -> [name, members, fields] (live; deprecated)."""
        _deprecated("side_sets", "get_side_set_members() / side set methods")
        return RecordDict(self, "_side_sets", side_set_from_list)

    @side_sets.setter
    def side_sets(self, value: dict) -> None:
        _deprecated("side_sets", "create_side_set()")
        self._side_sets = {k: v if isinstance(v, SideSetData) else
                           side_set_from_list(v) for k, v in dict(value).items()}

    # ------------------------------------------------------------------
    # field names and existence
    def get_node_field_names(self) -> list:
        """The node field names, in exomerge's order."""
        return self._sort_field_names(list(self._node_fields))

    def get_global_variable_names(self) -> list:
        """The global variable names, in exomerge's order."""
        return self._sort_field_names(list(self._global_variables))

    def get_element_field_names(self, element_block_ids: EntityIds = "all") -> list:
        """The element field names defined on any of the given blocks."""
        names = set()
        for b in self._format_element_block_id_list(element_block_ids):
            names.update(self._blocks[b].fields)
        return self._sort_field_names(list(names))

    def get_node_set_field_names(self, node_set_ids: EntityIds = "all") -> list:
        """The field names defined on any of the given node sets."""
        names = set()
        for s in self._format_node_set_id_list(node_set_ids):
            names.update(self._node_sets[s].fields)
        return self._sort_field_names(list(names))

    def get_side_set_field_names(self, side_set_ids: EntityIds = "all") -> list:
        """The field names defined on any of the given side sets."""
        names = set()
        for s in self._format_side_set_id_list(side_set_ids):
            names.update(self._side_sets[s].fields)
        return self._sort_field_names(list(names))

    def node_field_exists(self, node_field_name: str) -> bool:
        """Whether the node field exists."""
        return node_field_name in self._node_fields

    def global_variable_exists(self, global_variable_name: str) -> bool:
        """Whether the global variable exists."""
        return global_variable_name in self._global_variables

    def element_field_exists(self, element_field_name: str,
                             element_block_ids: EntityIds = "all") -> bool:
        """Whether the element field exists on every one of the given blocks."""
        return all(element_field_name in self._blocks[b].fields for b in
                   self._format_element_block_id_list(element_block_ids))

    def node_set_field_exists(self, node_set_field_name: str,
                              node_set_ids: EntityIds = "all") -> bool:
        """Whether the field exists on every one of the given node sets."""
        return all(node_set_field_name in self._node_sets[s].fields for s in
                   self._format_node_set_id_list(node_set_ids))

    def side_set_field_exists(self, side_set_field_name: str,
                              side_set_ids: EntityIds = "all") -> bool:
        """Whether the field exists on every one of the given side sets."""
        return all(side_set_field_name in self._side_sets[s].fields for s in
                   self._format_side_set_id_list(side_set_ids))

    # ------------------------------------------------------------------
    # field values
    def get_node_field_values(self, node_field_name: str, timestep: Timestep = "last") -> np.ndarray:
        """The values of a node field at a timestep (a live row)."""
        [name] = self._format_id_list([node_field_name],
                                      self.get_node_field_names(),
                                      "node field", single=True)
        i = self._get_internal_timestep_index(timestep)
        return self._node_field_row(name, i)

    def _node_field_row(self, name, i):
        if self._stream is not None:
            self._stream.load_step(self, self._node_fields, name, i)
        return self._node_fields[name][i]

    def get_element_field_values(self, element_field_name: str,
                                 element_block_id: EntityId = "auto",
                                 timestep: Timestep = "last") -> np.ndarray:
        """The values of an element field on a block at a timestep (live)."""
        [name] = self._format_id_list([element_field_name],
                                      self.get_element_field_names(),
                                      "element field", single=True)
        bid = self._one_block(element_block_id)
        [timestep] = self._format_id_list([timestep], self.get_timesteps(),
                                          "timestep", single=True)
        i = self._get_internal_timestep_index(timestep)
        if name not in self._blocks[bid].fields:
            self._missing_on_entity_error(name, "element field", bid,
                                          "element block")
        fields = self._blocks[bid].fields
        if self._stream is not None:
            self._stream.load_step(self, fields, name, i)
        return fields[name][i]

    def get_node_set_field_values(self, node_set_field_name: str, node_set_id: EntityId = "auto",
                                  timestep: Timestep = "last") -> np.ndarray:
        """The values of a node set field at a timestep (live)."""
        return self._set_field_values(self._node_sets, node_set_field_name,
                                      self._one_node_set(node_set_id), timestep,
                                      "node set", self.get_node_set_field_names)

    def get_side_set_field_values(self, side_set_field_name: str, side_set_id: EntityId = "auto",
                                  timestep: Timestep = "last") -> np.ndarray:
        """The values of a side set field at a timestep (live)."""
        return self._set_field_values(self._side_sets, side_set_field_name,
                                      self._one_side_set(side_set_id), timestep,
                                      "side set", self.get_side_set_field_names)

    def _set_field_values(self, store, name, sid, timestep, entity, names_fn):
        [name] = self._format_id_list([name], names_fn(), entity + " field",
                                      single=True)
        i = self._get_internal_timestep_index(timestep)
        fields = store[sid].fields
        if name not in fields:
            self._missing_on_entity_error(name, entity + " field", sid, entity)
        if self._stream is not None:
            self._stream.load_step(self, fields, name, i)
        return fields[name][i]

    def get_global_variable_value(self, global_variable_name: str,
                                  timestep: Timestep = "last") -> float:
        """One global variable's value at a timestep. (exoslab)"""
        [name] = self._format_id_list([global_variable_name],
                                      self.get_global_variable_names(),
                                      "global variable", single=True)
        i = self._get_internal_timestep_index(timestep)
        return float(self._global_variables[name][i])

    # ------------------------------------------------------------------
    # create fields
    def create_node_field(self, node_field_name: str, value: Union[float, str] = "auto") -> None:
        """Create a node field (default: 0.0 for displacements, else NaN)."""
        if not len(self._timesteps):
            self._empty_field_warning()
        if self.node_field_exists(node_field_name):
            self._exists_warning(node_field_name, "node field")
            return
        if _is_str(value) and value == "auto":
            value = self._get_default_field_value(node_field_name)
        n = self.get_node_count()
        self._node_fields[node_field_name] = np.full(
            (len(self._timesteps), n), float(value))

    def create_element_field(self, element_field_name: str, element_block_ids: EntityIds = "all",
                             value: Union[float, str] = "auto") -> None:
        """Create an element field on element blocks (an existing one warns
        and is overwritten)."""
        if not len(self._timesteps):
            self._empty_field_warning()
        ids = self._format_element_block_id_list(element_block_ids)
        if _is_str(value) and value == "auto":
            value = self._get_default_field_value(element_field_name)
        for bid in ids:
            b = self._blocks[bid]
            if element_field_name in b.fields:
                self._exists_on_entity_warning(element_field_name,
                                               "element field", bid,
                                               "element block")
            b.fields[element_field_name] = np.full(
                (len(self._timesteps), b.num_elements), float(value))

    def create_node_set_field(self, node_set_field_name: str, node_set_ids: EntityIds = "all",
                              value: Union[float, str] = "auto") -> None:
        """Create a node set field on node sets."""
        self._create_set_field(self._node_sets, node_set_field_name,
                               self._format_node_set_id_list(node_set_ids),
                               value, "node set")

    def create_side_set_field(self, side_set_field_name: str, side_set_ids: EntityIds = "all",
                              value: Union[float, str] = "auto") -> None:
        """Create a side set field on side sets."""
        self._create_set_field(self._side_sets, side_set_field_name,
                               self._format_side_set_id_list(side_set_ids),
                               value, "side set")

    def _create_set_field(self, store, name, ids, value, entity):
        if _is_str(value) and value == "auto":
            value = self._get_default_field_value(name)
        for sid in ids:
            s = store[sid]
            if name in s.fields:
                self._exists_on_entity_warning(name, entity + " field", sid,
                                               entity)
            s.fields[name] = np.full((len(self._timesteps), len(s.members)),
                                     float(value))

    def create_global_variable(self, global_variable_name: str,
                               value: Union[float, str] = "auto") -> None:
        """Create a global variable (an existing one warns, is replaced)."""
        if self.global_variable_exists(global_variable_name):
            self._exists_warning(global_variable_name, "global variable")
        if _is_str(value) and value == "auto":
            value = self._get_default_field_value(global_variable_name)
        self._global_variables[global_variable_name] = np.full(
            len(self._timesteps), float(value))

    # ------------------------------------------------------------------
    # delete / rename fields
    def delete_node_field(self, node_field_names: FieldNames) -> None:
        """Delete the given node fields ('all', one name, or a list)."""
        for name in self._format_id_list(node_field_names,
                                         self.get_node_field_names(),
                                         "node field"):
            del self._node_fields[name]

    def delete_global_variable(self, global_variable_names: FieldNames) -> None:
        """Delete the given global variables ('all', one name, or a list)."""
        for name in self._format_id_list(global_variable_names,
                                         self.get_global_variable_names(),
                                         "global variable"):
            del self._global_variables[name]

    def delete_element_field(self, element_field_names: FieldNames,
                             element_block_ids: EntityIds = "all") -> None:
        """Delete the given element fields from the given blocks."""
        ids = self._format_element_block_id_list(element_block_ids)
        names = self._format_id_list(element_field_names,
                                     self.get_element_field_names(),
                                     "element field")
        self._delete_on(names, [self._blocks[b].fields for b in ids],
                        "Element field", "element blocks")

    def delete_node_set_field(self, node_set_field_names: FieldNames,
                              node_set_ids: EntityIds = "all") -> None:
        """Delete the given fields from the given node sets."""
        ids = self._format_node_set_id_list(node_set_ids)
        names = self._format_id_list(node_set_field_names,
                                     self.get_node_set_field_names(),
                                     "node set field")
        self._delete_on(names, [self._node_sets[s].fields for s in ids],
                        "Node set field", "node sets")

    def delete_side_set_field(self, side_set_field_names: FieldNames,
                              side_set_ids: EntityIds = "all") -> None:
        """Delete the given fields from the given side sets."""
        ids = self._format_side_set_id_list(side_set_ids)
        names = self._format_id_list(side_set_field_names,
                                     self.get_side_set_field_names(),
                                     "side set field")
        self._delete_on(names, [self._side_sets[s].fields for s in ids],
                        "Side set field", "side sets")

    def _delete_on(self, names, stores, what, where):
        for name in names:
            hit = False
            for fields in stores:
                if name in fields:
                    del fields[name]
                    hit = True
            if not hit:
                self._warning(f"{what} not defined.",
                              f'The {what.lower()} "{name}" was not defined on '
                              f"any of the given {where}.  It cannot be "
                              "deleted.")

    def rename_node_field(self, node_field_name: str, new_node_field_name: str) -> None:
        """Rename a node field."""
        self._rename_entity("node field", node_field_name, new_node_field_name,
                            self.get_node_field_names, self._node_fields)

    def rename_global_variable(self, global_variable_name: str,
                               new_global_variable_name: str) -> None:
        """Rename a global variable."""
        self._rename_entity("global variable", global_variable_name,
                            new_global_variable_name,
                            self.get_global_variable_names,
                            self._global_variables)

    def _rename_entity(self, entity, name, new, names_fn, store):
        [name] = self._format_id_list([name], names_fn(), entity, single=True)
        if new == name:
            return
        if new in names_fn():
            self._exists_warning(new, entity)
        store[new] = store.pop(name)

    def rename_element_field(self, element_field_name: str, new_element_field_name: str,
                             element_block_ids: EntityIds = "all") -> None:
        """Rename an element field on the given blocks."""
        self._rename_on_entity("element field", element_field_name,
                               new_element_field_name,
                               self.get_element_field_names, "element block",
                               element_block_ids, self.get_element_block_ids,
                               self._blocks)

    def rename_node_set_field(self, node_set_field_name: str, new_node_set_field_name: str,
                              node_set_ids: EntityIds = "all") -> None:
        """Rename a field on the given node sets."""
        self._rename_on_entity("node set field", node_set_field_name,
                               new_node_set_field_name,
                               self.get_node_set_field_names, "node set",
                               node_set_ids, self.get_node_set_ids,
                               self._node_sets)

    def rename_side_set_field(self, side_set_field_name: str, new_side_set_field_name: str,
                              side_set_ids: EntityIds = "all") -> None:
        """Rename a field on the given side sets."""
        self._rename_on_entity("side set field", side_set_field_name,
                               new_side_set_field_name,
                               self.get_side_set_field_names, "side set",
                               side_set_ids, self.get_side_set_ids,
                               self._side_sets)

    def _rename_on_entity(self, field_type, name, new, names_fn, entity_type,
                          ids, ids_fn, store):
        ids = self._format_id_list(ids, ids_fn(), entity_type)
        [name] = self._format_id_list([name], names_fn(ids), field_type,
                                      single=True)
        for id_ in ids:
            fields = store[id_].fields
            if name not in fields:
                self._warning(field_type + " not defined.",
                              f'The given {field_type} "{name}" is not defined '
                              f"on {entity_type} {id_}.  It cannot be renamed.")
                continue
            if name == new:
                continue
            if new in fields:
                self._exists_on_entity_warning(new, field_type, id_, entity_type)
            fields[new] = fields.pop(name)

    # ------------------------------------------------------------------
    # old dict attributes and the fast field managers
    @property
    def node_fields(self) -> NodeFields:
        """Node fields: get_values()/put_values() (fast API), and exomerge's
        dict name -> values[timestep][node] (deprecated).

        .. versionadded:: 0.2.0 get_values / put_values
        """
        return NodeFields(self)

    @node_fields.setter
    def node_fields(self, value: dict) -> None:
        _deprecated("node_fields", "node_fields.put_values()")
        n = len(self._coords)
        self._node_fields = {k: as_float_steps(v, n, "node field")
                             for k, v in dict(value).items()}

    @property
    def element_fields(self) -> ElementFields:
        """Element fields: get_values(name, timestep, entity_id=block id),
        put_values(...).

        .. versionadded:: 0.2.0
        """
        return ElementFields(self)

    @property
    def global_fields(self) -> GlobalFields:
        """Global variables: get_values(name, timestep), put_values(...).

        .. versionadded:: 0.2.0
        """
        return GlobalFields(self)

    @property
    def global_variables(self) -> GlobalFields:
        """exomerge's dict name -> values[timestep] (live; deprecated)."""
        _deprecated("global_variables", "global_fields.get_values()")
        return GlobalFields(self, warn=False)

    @global_variables.setter
    def global_variables(self, value: dict) -> None:
        _deprecated("global_variables", "global_fields.put_values()")
        self._global_variables = {k: np.array(v, dtype=np.float64).reshape(-1)
                                  for k, v in dict(value).items()}

    @property
    def timesteps(self) -> ListView:
        """exomerge's sorted list of times (live; deprecated)."""
        _deprecated("timesteps", "get_timesteps()")
        return ListView(self, "_timesteps")

    @timesteps.setter
    def timesteps(self, value: Sequence[float]) -> None:
        _deprecated("timesteps", "create_timestep() / delete_timestep()")
        self._timesteps = np.array(value, dtype=np.float64).reshape(-1)

    @property
    def info_records(self) -> list:
        """The info records (lines of text), as a list."""
        return self._info_records

    @info_records.setter
    def info_records(self, value: Sequence[str]) -> None:
        self._info_records = list(value)

    @property
    def qa_records(self) -> list:
        """The QA records: (code, version, date, time) tuples."""
        return self._qa_records

    @qa_records.setter
    def qa_records(self, value: Sequence[Sequence[str]]) -> None:
        self._qa_records = [tuple(r) for r in value]

    @property
    def title(self) -> str:
        """The database title."""
        return self._title

    @title.setter
    def title(self, value: str) -> None:
        self._title = "" if value is None else str(value)

    # ------------------------------------------------------------------
    # import / export
    def import_model(self, filename: str, element_block_ids: EntityIds = "all",
                     timesteps: Timesteps = "all", node_field_names: FieldNames = "all",
                     element_field_names: FieldNames = "all", side_set_ids: EntityIds = "all",
                     node_set_ids: EntityIds = "all", global_variable_names: FieldNames = "all",
                     node_set_field_names: FieldNames = "all",
                     side_set_field_names: FieldNames = "all", *,
                     mode: Optional[str] = None) -> ExodusModel:
        """Add an Exodus file's contents to this model (importing into a
        non-empty model merges, as exomerge does). The selection arguments
        take ids / names / "all" / "none" (timesteps: values, "first",
        "last", "last_if_any").

        .. versionadded:: 0.2.0 ``mode`` ("inmemory" / "streaming"; None
           keeps the model's mode).
        """
        if mode is not None:
            if mode not in ("inmemory", "streaming"):
                self._error("Unknown mode", f"mode {mode!r}: use 'inmemory' "
                            "or 'streaming'")
            if mode != self.mode and (self._blocks or len(self._coords)):
                self._error("Mode change", "a model that holds data keeps its "
                            "mode")
            self.mode = mode
        _em_io.import_into(self, os.fspath(filename), element_block_ids,
                           timesteps, node_field_names, element_field_names,
                           side_set_ids, node_set_ids, global_variable_names,
                           node_set_field_names, side_set_field_names)
        return self

    def export_model(self, filename: str = "output_exomerge.e",
                     element_block_ids: EntityIds = "all", timesteps: Timesteps = "all",
                     side_set_ids: EntityIds = "all", node_set_ids: EntityIds = "all",
                     global_variable_names: FieldNames = "auto",
                     node_field_names: FieldNames = "auto",
                     element_field_names: FieldNames = "auto",
                     side_set_field_names: FieldNames = "auto",
                     node_set_field_names: FieldNames = "auto", *, format: str = "cdf2",
                     int64: bool = False) -> None:
        """Write the model (or the selected part) to an Exodus file,
        overwriting it, with exomerge's QA record appended.

        .. versionadded:: 0.2.0 ``format`` (cdf1, cdf2, cdf5, nc4,
           nc4classic) and ``int64``.
        """
        _em_io.export_model(self, os.fspath(filename), element_block_ids,
                            timesteps, side_set_ids, node_set_ids,
                            global_variable_names, node_field_names,
                            element_field_names, side_set_field_names,
                            node_set_field_names, format=format, int64=int64)

    def export(self, filename: str, *args: Any, **kwargs: Any) -> Any:
        """Export by extension: .e/.g/.exo -> export_model, .stl ->
        export_stl_file, .wrl -> export_wrl_model."""
        ext = os.fspath(filename).rsplit(".", 1)[-1].lower()
        exporters = {"e": "export_model", "g": "export_model",
                     "exo": "export_model", "wrl": "export_wrl_model",
                     "stl": "export_stl_file"}
        if ext not in exporters:
            self._error("Unrecognized file extension.",
                        f'The filename extension "{ext}" was not recognized.  '
                        "The list of recognized extensions is: "
                        + ", ".join(exporters))
        fn = getattr(type(self), exporters[ext], None)
        if fn is None:
            self._error("Exporter not available",
                        f"{exporters[ext]} is not available in this build.")
        return fn(self, filename, *args, **kwargs)

    @classmethod
    def create(cls, filename: str, like: "ExodusModel", *, format: str = "cdf2",
               int64: bool = False) -> "ExodusModel":
        """A streaming model bound to a new output file with the mesh,
        sets and field definitions of `like`: field steps written with
        put_values() go straight to the file (see docs/exomerge.md).

        .. versionadded:: 0.2.0
        """
        return _em_io.bound_model(cls, os.fspath(filename), like, format, int64)


class _AttributeNotFound(AttributeError):
    """An unknown method (exomerge exited with this text; an
    AttributeError keeps hasattr() and copy working)."""

    def __init__(self, short, detailed=""):
        super().__init__(f"{short}\n{detailed}")


def import_model(filename: str, *args: Any, **kwargs: Any) -> ExodusModel:
    """A new ExodusModel with the contents of an Exodus file (see
    ExodusModel.import_model).

    .. versionadded:: 0.2.0 ``mode=`` ("inmemory" or "streaming").
    """
    mode = kwargs.pop("mode", None)
    model = ExodusModel(mode=mode or "inmemory")
    model.import_model(filename, *args, **kwargs)
    return model
