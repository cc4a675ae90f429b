# SPDX-License-Identifier: GPL-2.0-only
# Installs the build tree into a scratch prefix, then builds a tiny consumer
# against it twice: with find_package(mmsim) and with pkg-config.
set(prefix ${BIN}/install-test/prefix)
file(REMOVE_RECURSE ${BIN}/install-test)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BIN} --prefix ${prefix}
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC}/tests/install/consumer
                        -B ${BIN}/install-test/build -G ${GEN} -DCMAKE_C_COMPILER=${CC}
                        -DCMAKE_PREFIX_PATH=${prefix}
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "consumer configure failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BIN}/install-test/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "consumer build failed: ${rc}")
endif()
execute_process(COMMAND ${BIN}/install-test/build/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(rc OR NOT out MATCHES "series 17")
  message(FATAL_ERROR "consumer run failed: ${rc} ${out}")
endif()
# pkg-config
find_program(PKGCONF pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig:${prefix}/lib/x86_64-linux-gnu/pkgconfig)
execute_process(COMMAND ${PKGCONF} --cflags --libs mmsim OUTPUT_VARIABLE flags
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "pkg-config mmsim failed")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
execute_process(COMMAND ${CC} -std=c11 ${SRC}/tests/install/consumer/consumer.c ${flags}
                        -o ${BIN}/install-test/consumer-pc RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "pkg-config consumer build failed")
endif()
execute_process(COMMAND ${BIN}/install-test/consumer-pc RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(rc OR NOT out MATCHES "series 17")
  message(FATAL_ERROR "pkg-config consumer run failed: ${rc} ${out}")
endif()
message(STATUS "consumer ok: ${out}")
