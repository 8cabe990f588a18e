# cmake -DBUILD_DIR= -DPREFIX= -DPYTHON= -DPYDIR= -P install_check.cmake
# Installs the build into PREFIX and imports exoslab from there (not from
# the build tree); loading the extension proves it finds the installed library.
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=PYTHONPATH PYTHONPATH=${PREFIX}/${PYDIR}
          ${PYTHON} -c "import exoslab, sys; assert exoslab.__file__.startswith(sys.argv[1]), exoslab.__file__; print(exoslab.__file__, exoslab.library_version)" ${PREFIX}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "importing the installed exoslab failed")
endif()
