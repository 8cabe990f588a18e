# Template for parallel Python fragments (run under mpiexec -n 2 with the
# MPI variant): the fragment opens mesh.exo itself.
import numpy as np

import exoslab

# SNIPPET
