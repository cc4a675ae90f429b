# SPDX-License-Identifier: GPL-2.0-only
# Fenced ```mms blocks of a Markdown file, shared by tests/docs/CMakeLists.txt
# (which counts them at configure time, one ctest test per block) and
# run-block.cmake (which extracts one and runs it). A block opens with a line
# that is exactly ```mms and ends at the next line that starts with ```;
# ```mms-later and other info strings are not run. The text is searched as a
# whole string, not as a CMake list, so `;` and `[` in the Markdown are safe.

# mmsim_md_mms_blocks(MD OUT_COUNT [INDEX N OUT_TEXT var OUT_LINE var])
# Sets OUT_COUNT to the number of blocks; with INDEX (1-based), also the
# block's text and the Markdown line number of its first line.
function(mmsim_md_mms_blocks md out_count)
  cmake_parse_arguments(A "" "INDEX;OUT_TEXT;OUT_LINE" "" ${ARGN})
  file(READ "${md}" text)
  string(REPLACE "\r\n" "\n" text "${text}")
  set(text "\n${text}")
  set(open "\n```mms\n")
  set(count 0)
  set(consumed 0)		# bytes of the original text before `rest`
  set(rest "${text}")
  while(TRUE)
    string(FIND "${rest}" "${open}" at)
    if(at EQUAL -1)
      break()
    endif()
    string(LENGTH "${open}" olen)
    math(EXPR body_at "${at} + ${olen}")
    string(SUBSTRING "${rest}" ${body_at} -1 body_rest)
    # the body ends before the first line starting with ``` (or at EOF)
    string(FIND "\n${body_rest}" "\n```" end)
    if(end EQUAL -1)
      string(LENGTH "${body_rest}" end)
    endif()
    string(SUBSTRING "${body_rest}" 0 ${end} body)
    math(EXPR count "${count} + 1")
    if(DEFINED A_INDEX AND count EQUAL A_INDEX)
      math(EXPR before "${consumed} + ${body_at}")
      string(SUBSTRING "${text}" 0 ${before} head)
      string(REGEX REPLACE "[^\n]" "" nl "${head}")
      string(LENGTH "${nl}" line)	# the leading "\n" we added cancels the +1
      set(${A_OUT_TEXT} "${body}" PARENT_SCOPE)
      set(${A_OUT_LINE} ${line} PARENT_SCOPE)
    endif()
    math(EXPR skip "${body_at} + ${end}")
    math(EXPR consumed "${consumed} + ${skip}")
    string(SUBSTRING "${rest}" ${skip} -1 rest)
  endwhile()
  set(${out_count} ${count} PARENT_SCOPE)
endfunction()
