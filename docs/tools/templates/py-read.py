# Template for Python fragments of the docs that read: `f` is mesh.exo.
import numpy as np

import exoslab

f = exoslab.open("mesh.exo")
step = 0
total = 0.0
# SNIPPET
f.close()
