"""`import exomerge` for the analyst scripts: exoslab's implementation."""
import sys

import exoslab.exomerge as _impl

sys.modules[__name__] = _impl
