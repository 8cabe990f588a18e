# Helpers for registering exoslab tests.
#
#   exs_add_test(NAME name SOURCES a.c ... [ARGS ...] [LABELS ...] [TIMEOUT s])
#       A C program linked against exoslab (+ internal headers and the test
#       helpers in tests/common), run once.
#   exs_add_mpi_test(NAME name SOURCES a.c ... NUMPROCS 1 2 3 4 [ARGS ...])
#       The same program registered once per rank count as name_np<N>,
#       run under mpiexec (MPI build only; in the serial build only np1 is
#       registered, run directly).
set(EXS_TEST_COMMON_DIR ${CMAKE_CURRENT_LIST_DIR}/../common)
set(EXS_TEST_TIMEOUT 300 CACHE STRING "Default per-test timeout (s); a hang is a failure")
set(EXS_TEST_ENV
    "EXS_CORPUS=${EXOSLAB_CORPUS}"
    "OMPI_ALLOW_RUN_AS_ROOT=1" "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
    "OMPI_MCA_rmaps_base_oversubscribe=1" "OMPI_MCA_btl_vader_single_copy_mechanism=none"
    "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0"
    "EXS_TEST_TMP=${CMAKE_BINARY_DIR}/test-tmp")
if(EXOSLAB_SANITIZE)
  # Leaks: only Open MPI's own known ones are suppressed (one comment per
  # entry in the file). UBSan findings stop the program (the build uses
  # -fno-sanitize-recover), so they fail the test.
  list(APPEND EXS_TEST_ENV
       "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/ci/lsan-openmpi.supp:print_suppressions=0"
       "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"
       "OMPI_MCA_mca_base_component_disable_dlclose=1")
  if(EXOSLAB_MPI)
    # The MPI build checks memory errors (every read and write past a
    # buffer, use after free, UBSan) but not leaks: Open MPI's MPI-IO and
    # parallel HDF5 leak on their own error and shutdown paths in ways that
    # vary with the rank count, and chasing them with suppressions would
    # soon hide one of ours. Leaks are checked by the serial ASan build,
    # which runs the same library code through the serial backends.
    list(APPEND EXS_TEST_ENV "ASAN_OPTIONS=detect_leaks=0:abort_on_error=0")
  else()
    # full (slow) unwinding at each malloc: a cut stack would match no
    # suppression
    list(APPEND EXS_TEST_ENV
         "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:fast_unwind_on_malloc=0")
  endif()
endif()
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/test-tmp)

file(GLOB _exs_common_src CONFIGURE_DEPENDS ${EXS_TEST_COMMON_DIR}/*.c)
if(_exs_common_src AND NOT TARGET exs_testcommon)
  add_library(exs_testcommon STATIC ${_exs_common_src})
  target_include_directories(exs_testcommon PUBLIC ${EXS_TEST_COMMON_DIR})
  target_link_libraries(exs_testcommon PUBLIC exoslab_internal m)
endif()

function(_exs_test_target name)
  cmake_parse_arguments(T "" "" "SOURCES" ${ARGN})
  if(NOT TARGET ${name})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE exoslab_internal m)
    if(TARGET exs_testcommon)
      target_link_libraries(${name} PRIVATE exs_testcommon)
    endif()
  endif()
endfunction()

function(exs_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;ARGS;LABELS" ${ARGN})
  _exs_test_target(${T_NAME} SOURCES ${T_SOURCES})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} ${T_ARGS})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT ${EXS_TEST_TIMEOUT})
  endif()
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT}
                       ENVIRONMENT "${EXS_TEST_ENV}" LABELS "${T_LABELS}")
endfunction()

function(exs_add_mpi_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;ARGS;NUMPROCS;LABELS" ${ARGN})
  _exs_test_target(${T_NAME} SOURCES ${T_SOURCES})
  if(NOT T_NUMPROCS)
    set(T_NUMPROCS 1 2 3 4)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT ${EXS_TEST_TIMEOUT})
  endif()
  foreach(np IN LISTS T_NUMPROCS)
    if(EXOSLAB_MPI)
      add_test(NAME ${T_NAME}_np${np}
               COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np}
                       --oversubscribe ${MPIEXEC_PREFLAGS}
                       $<TARGET_FILE:${T_NAME}> ${MPIEXEC_POSTFLAGS} ${T_ARGS})
    elseif(np EQUAL 1)
      add_test(NAME ${T_NAME}_np${np} COMMAND ${T_NAME} ${T_ARGS})
    else()
      continue()
    endif()
    set_tests_properties(${T_NAME}_np${np} PROPERTIES TIMEOUT ${T_TIMEOUT}
                         ENVIRONMENT "${EXS_TEST_ENV}"
                         LABELS "mpi;${T_LABELS}" PROCESSORS ${np})
  endforeach()
endfunction()
