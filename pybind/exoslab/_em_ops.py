"""exomerge operations (geometry, metrics, topology, sets, expressions,
output) as a mixin of exoslab.exomerge.ExodusModel.

The operations live in the _em_*.py modules this one gathers; each works on
the model's flat numpy storage described in exomerge.py's module docstring
(self._coords, self._blocks, self._node_fields, ...), calling the model's
shared helpers (_format_*_id_list, _warning, _error, ...) for exomerge's
conventions.  The numerical kernels are plain functions in those modules,
usable (and tested) without a model.
"""

from ._em_fields import FieldsMixin
from ._em_geometry import GeometryMixin
from ._em_metrics import MetricsMixin
from ._em_output import OutputMixin
from ._em_sets import SetsMixin
from ._em_topology import TopologyMixin


class OperationsMixin(GeometryMixin, MetricsMixin, TopologyMixin, SetsMixin,
                      FieldsMixin, OutputMixin):
    """The exomerge operations ExodusModel inherits (one mixin per topic)."""
