/* dmesh.h -- the distributed mesh and closure bindings (dmesh.c), as
 * module-level functions of exoslab._ext taking a Handle. */
#ifndef EXS_PY_DMESH_H
#define EXS_PY_DMESH_H

#include "exs_py.h"

/* Entries for module_methods (module.c); NULL-terminated. */
extern PyMethodDef exs_py_dmesh_functions[];

#endif
