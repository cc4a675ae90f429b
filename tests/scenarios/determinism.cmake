# SPDX-License-Identifier: GPL-2.0-only
# Runs a script twice with views and tracing on and compares the bytes.
foreach(i 1 2)
  execute_process(COMMAND ${MMSIM} run --trace ${SCRIPT}
                  OUTPUT_FILE ${OUT}/determinism.${i}.out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run ${i} exited ${rc}")
  endif()
endforeach()
file(READ ${OUT}/determinism.1.out a)
file(READ ${OUT}/determinism.2.out b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "two runs of the same script differ")
endif()
string(LENGTH "${a}" n)
if(n LESS 1000)
  message(FATAL_ERROR "suspiciously short output (${n} bytes)")
endif()
message(STATUS "identical output, ${n} bytes")
