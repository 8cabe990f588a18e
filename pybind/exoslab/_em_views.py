"""The fast field managers of exoslab.exomerge (``model.node_fields``,
``model.element_fields``, ``model.global_fields``).

``get_values(name, timestep="last", entity_id=None)`` returns one step as a
live float64 row; ``put_values(name, values, timestep="last",
entity_id=None)`` writes one (creating the field with exomerge's default
when it is new). ``model.node_fields`` is also exomerge's old dict
name -> values[timestep][node] (deprecated: each dict-style access warns).

.. versionadded:: 0.2.0
"""
from __future__ import annotations

import collections.abc
import warnings
from typing import Any, Optional

import numpy as np

from ._em_model import as_float_steps


def _warn(what, instead):
    warnings.warn(f"ExodusModel.{what} as a dict is deprecated (exomerge's "
                  f"list structure); use {instead}", DeprecationWarning,
                  stacklevel=3)


class _Manager:
    __slots__ = ("_m",)
    _entity = "field"

    def __init__(self, model):
        self._m = model

    def names(self, entity_id: Any = "all") -> list:
        raise NotImplementedError

    def _store_and_index(self, name, timestep, entity_id, create):
        raise NotImplementedError

    def get_values(self, name: str, timestep: Any = "last",
                   entity_id: Any = None) -> np.ndarray:
        """One step of a field (a live float64 view; streaming models read
        only that step, once).

        .. versionadded:: 0.2.0
        """
        store, key, i = self._store_and_index(name, timestep, entity_id, False)
        m = self._m
        if m._stream is not None:
            m._stream.load_step(m, store, key, i)
        return store[key][i]

    def put_values(self, name: str, values: Any, timestep: Any = "last",
                   entity_id: Any = None) -> None:
        """Write one step of a field (created with exomerge's default value
        when new). A model bound to an output file writes it there.

        .. versionadded:: 0.2.0
        """
        m = self._m
        if m._sink is not None:
            m._sink.put(self, name, values, timestep, entity_id)
            return
        store, key, i = self._store_and_index(name, timestep, entity_id, True)
        if m._stream is not None:
            m._stream.load_step(m, store, key, i)
        row = store[key][i]
        row[...] = np.asarray(values, dtype=np.float64)


class NodeFields(_Manager, collections.abc.MutableMapping):
    """Node fields: get_values / put_values, and exomerge's dict."""
    __slots__ = ()

    def names(self, entity_id: Any = None) -> list:
        return self._m.get_node_field_names()

    def _store_and_index(self, name, timestep, entity_id, create):
        m = self._m
        if create and name not in m._node_fields:
            m.create_node_field(name)
        [name] = m._format_id_list([name], m.get_node_field_names(),
                                   "node field", single=True)
        return m._node_fields, name, m._get_internal_timestep_index(timestep)

    # exomerge's dict (deprecated)
    def __getitem__(self, name):
        _warn("node_fields", "node_fields.get_values(name, timestep)")
        m = self._m
        m._materialize()
        return m._node_fields[name]

    def __setitem__(self, name, values):
        _warn("node_fields", "node_fields.put_values(name, values, timestep)")
        m = self._m
        m._materialize()
        m._node_fields[name] = as_float_steps(values, len(m._coords),
                                              "node field")

    def __delitem__(self, name):
        _warn("node_fields", "delete_node_field(name)")
        del self._m._node_fields[name]

    def __iter__(self):
        return iter(list(self._m._node_fields))

    def __len__(self):
        return len(self._m._node_fields)

    def __contains__(self, name):
        return name in self._m._node_fields

    def __repr__(self):
        return f"<exomerge node fields {list(self._m._node_fields)}>"


class ElementFields(_Manager):
    """Element fields: get_values(name, timestep, entity_id=block id)."""
    __slots__ = ()

    def names(self, entity_id: Any = "all") -> list:
        return self._m.get_element_field_names(entity_id)

    def _store_and_index(self, name, timestep, entity_id, create):
        m = self._m
        bid = m._one_block("auto" if entity_id is None else entity_id)
        if create and name not in m._blocks[bid].fields:
            m.create_element_field(name, [bid])
        fields = m._blocks[bid].fields
        if name not in fields:
            m._missing_on_entity_error(name, "element field", bid,
                                       "element block")
        return fields, name, m._get_internal_timestep_index(timestep)


class GlobalFields(_Manager, collections.abc.MutableMapping):
    """Global variables: get_values(name, timestep) -> 0-d view; and
    exomerge's dict name -> values[timestep] (``model.global_variables``)."""
    __slots__ = ("_warn_dict",)

    def __init__(self, model, warn=True):
        super().__init__(model)
        self._warn_dict = warn

    def names(self, entity_id: Any = None) -> list:
        return self._m.get_global_variable_names()

    def _store_and_index(self, name, timestep, entity_id, create):
        m = self._m
        if create and name not in m._global_variables:
            m.create_global_variable(name)
        [name] = m._format_id_list([name], m.get_global_variable_names(),
                                   "global variable", single=True)
        return m._global_variables, name, m._get_internal_timestep_index(
            timestep)

    def get_values(self, name: str, timestep: Any = "last",  # type: ignore[override]
                   entity_id: Any = None) -> float:
        """A global variable's value at a timestep.

        .. versionadded:: 0.2.0
        """
        store, key, i = self._store_and_index(name, timestep, None, False)
        return float(store[key][i])

    def put_values(self, name: str, values: Any, timestep: Any = "last",
                   entity_id: Any = None) -> None:
        m = self._m
        if m._sink is not None:
            m._sink.put(self, name, values, timestep, None)
            return
        store, key, i = self._store_and_index(name, timestep, None, True)
        store[key][i] = float(np.asarray(values).reshape(-1)[0])

    def _dict_warn(self, instead):
        if self._warn_dict:
            _warn("global_fields", instead)

    def __getitem__(self, name):
        self._dict_warn("global_fields.get_values(name, timestep)")
        return self._m._global_variables[name]

    def __setitem__(self, name, values):
        self._dict_warn("global_fields.put_values(name, value, timestep)")
        m = self._m
        a = np.array(values, dtype=np.float64).reshape(-1)
        if len(a) != len(m._timesteps):
            raise ValueError(f"global variable {name!r}: {len(a)} values for "
                             f"{len(m._timesteps)} timesteps")
        m._global_variables[name] = a

    def __delitem__(self, name):
        del self._m._global_variables[name]

    def __iter__(self):
        return iter(list(self._m._global_variables))

    def __len__(self):
        return len(self._m._global_variables)

    def __contains__(self, name):
        return name in self._m._global_variables
