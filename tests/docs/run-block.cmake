# SPDX-License-Identifier: GPL-2.0-only
# cmake -DMD=file.md -DINDEX=n -DMMSIM=path -DOUT=dir [-DWRAP=cmd^arg...] -P run-block.cmake
# Extracts the n-th ```mms block of MD into OUT/<md name>.<n>.mms and runs it
# with `mmsim run --quiet`; the test passes when mmsim exits 0.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/mdblocks.cmake)

foreach(v MD INDEX MMSIM OUT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run-block.cmake: -D${v}= is required")
  endif()
endforeach()
mmsim_md_mms_blocks("${MD}" count INDEX ${INDEX} OUT_TEXT body OUT_LINE line)
if(INDEX GREATER count)
  message(FATAL_ERROR "${MD}: has ${count} mms blocks, not ${INDEX}: re-run cmake")
endif()
get_filename_component(base "${MD}" NAME_WE)
set(script "${OUT}/${base}.${INDEX}.mms")
file(MAKE_DIRECTORY "${OUT}")
file(WRITE "${script}" "${body}")
set(wrap "")
if(DEFINED WRAP AND NOT WRAP STREQUAL "")
  string(REPLACE "^" ";" wrap "${WRAP}")
endif()
execute_process(COMMAND ${wrap} "${MMSIM}" run --quiet "${script}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "0")
  message("${MD}:${line}: mms block ${INDEX} (${script}):\n${body}")
  message("---- stdout\n${out}---- stderr\n${err}")
  message(FATAL_ERROR "mmsim exited ${rc}, expected 0")
endif()
message(STATUS "${MD}:${line}: block ${INDEX} ok")
