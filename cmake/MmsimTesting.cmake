# SPDX-License-Identifier: GPL-2.0-only
# Test registration helpers: every cmocka test function becomes its own ctest
# test (the binary runs only the test named in argv[1]), and in valgrind
# builds each binary also gets one valgrind-wrapped run.

find_package(PkgConfig REQUIRED)
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
pkg_check_modules(CHECK REQUIRED IMPORTED_TARGET check)

set(MMSIM_VG_ARGS --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --track-origins=yes -q)
if(MMSIM_VALGRIND)
  find_program(VALGRIND_EXE valgrind REQUIRED)
endif()

# mmsim_add_cmocka(NAME src... [LIBS lib...] [LABELS l...])
function(mmsim_add_cmocka name)
  cmake_parse_arguments(A "" "" "LIBS;LABELS" ${ARGN})
  add_executable(${name} ${A_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${A_LIBS} PkgConfig::CMOCKA)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/unit)
  set(names "")
  foreach(src ${A_UNPARSED_ARGUMENTS})
    # a new test function in the file must re-run the configure step
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${src})
    file(READ ${src} text)
    string(REGEX MATCHALL "cmocka_unit_test(_setup_teardown|_setup|_teardown)?\\([A-Za-z0-9_]+" hits "${text}")
    foreach(h ${hits})
      string(REGEX REPLACE ".*\\(" "" t "${h}")
      list(APPEND names ${t})
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES names)
  foreach(t ${names})
    add_test(NAME ${name}.${t} COMMAND ${name} ${t})
    set_tests_properties(${name}.${t} PROPERTIES LABELS "unit;cmocka;${A_LABELS}")
  endforeach()
  if(MMSIM_VALGRIND)
    add_test(NAME valgrind.${name} COMMAND ${VALGRIND_EXE} ${MMSIM_VG_ARGS} $<TARGET_FILE:${name}>)
    set_tests_properties(valgrind.${name} PROPERTIES LABELS "valgrind;${A_LABELS}")
  endif()
endfunction()

# mmsim_add_check(NAME src... [LIBS lib...]): a Check suite in fork mode
function(mmsim_add_check name)
  cmake_parse_arguments(A "" "" "LIBS;LABELS" ${ARGN})
  add_executable(${name} ${A_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${A_LIBS} PkgConfig::CHECK)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "unit;check;${A_LABELS}"
                       ENVIRONMENT "CK_FORK=yes")
  if(MMSIM_VALGRIND)
    add_test(NAME valgrind.${name} COMMAND ${VALGRIND_EXE} ${MMSIM_VG_ARGS} $<TARGET_FILE:${name}>)
    set_tests_properties(valgrind.${name} PROPERTIES LABELS "valgrind;check;${A_LABELS}"
                         ENVIRONMENT "CK_FORK=yes;CK_TIMEOUT_MULTIPLIER=20")
  endif()
endfunction()
