# The exoslab CMake package (one file for both variants; each variant
# installs its own exoslab-<variant>-targets.cmake beside it).
#
#   find_package(exoslab CONFIG REQUIRED)                   # serial if installed, else mpi
#   find_package(exoslab CONFIG REQUIRED COMPONENTS mpi)    # the MPI variant
#   find_package(exoslab CONFIG REQUIRED COMPONENTS serial) # the serial variant
#   target_link_libraries(app PRIVATE exoslab::exoslab)
#
# EXOSLAB_VARIANT (serial|mpi), when set by the caller, chooses the variant
# when no component is given. Sets:
#   exoslab::exoslab      the chosen library (MPI::MPI_C comes with the mpi one)
#   exoslab_VARIANT       serial | mpi
#   exoslab_HAS_MPI       TRUE for the mpi variant
#   exoslab_PYTHONPATH    where that variant's Python package is (if installed)
include(CMakeFindDependencyMacro)
set(_exs_dir "${CMAKE_CURRENT_LIST_DIR}")
set(_exs_have)
foreach(_v serial mpi)
  if(EXISTS "${_exs_dir}/exoslab-${_v}-targets.cmake")
    list(APPEND _exs_have ${_v})
  endif()
endforeach()

set(_exs_want)
foreach(_c IN LISTS exoslab_FIND_COMPONENTS)
  if(NOT _c MATCHES "^(serial|mpi)$")
    set(exoslab_FOUND FALSE)
    set(exoslab_NOT_FOUND_MESSAGE
        "exoslab: unknown component '${_c}': use COMPONENTS serial or COMPONENTS mpi")
    return()
  endif()
  list(APPEND _exs_want ${_c})
endforeach()
list(REMOVE_DUPLICATES _exs_want)
list(LENGTH _exs_want _exs_nwant)
if(_exs_nwant GREATER 1)
  set(exoslab_FOUND FALSE)
  set(exoslab_NOT_FOUND_MESSAGE
      "exoslab: ask for one variant (COMPONENTS serial or mpi), not both: one program links one")
  return()
elseif(_exs_nwant EQUAL 1)
  set(_exs_v ${_exs_want})
elseif(EXOSLAB_VARIANT)
  set(_exs_v ${EXOSLAB_VARIANT})
elseif("serial" IN_LIST _exs_have)
  set(_exs_v serial)
else()
  set(_exs_v mpi)
endif()

if(NOT _exs_v IN_LIST _exs_have)
  set(exoslab_FOUND FALSE)
  set(exoslab_NOT_FOUND_MESSAGE
      "exoslab: the ${_exs_v} variant is not installed in ${_exs_dir} (installed: ${_exs_have}); "
      "build exoslab with -DEXOSLAB_MPI=${_exs_v} and cmake --install it")
  if(_exs_v STREQUAL "mpi")
    string(REPLACE "=mpi" "=ON" exoslab_NOT_FOUND_MESSAGE "${exoslab_NOT_FOUND_MESSAGE}")
  else()
    string(REPLACE "=serial" "=OFF" exoslab_NOT_FOUND_MESSAGE "${exoslab_NOT_FOUND_MESSAGE}")
  endif()
  return()
endif()

if(_exs_v STREQUAL "mpi")
  find_dependency(MPI COMPONENTS C)
endif()
include("${_exs_dir}/exoslab-${_exs_v}-targets.cmake")
if(NOT TARGET exoslab::exoslab)
  add_library(exoslab::exoslab INTERFACE IMPORTED)
  set_target_properties(exoslab::exoslab PROPERTIES
                        INTERFACE_LINK_LIBRARIES exoslab::exoslab_${_exs_v})
endif()
set(exoslab_VARIANT ${_exs_v})
set(exoslab_${_exs_v}_FOUND TRUE)
if(_exs_v STREQUAL "mpi")
  set(exoslab_HAS_MPI TRUE)
else()
  set(exoslab_HAS_MPI FALSE)
endif()
if(EXISTS "${_exs_dir}/exoslab-${_exs_v}-paths.cmake")
  include("${_exs_dir}/exoslab-${_exs_v}-paths.cmake")
endif()
unset(_exs_dir)
unset(_exs_have)
unset(_exs_want)
unset(_exs_nwant)
unset(_exs_v)
