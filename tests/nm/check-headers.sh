#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Header namespace (DESIGN.md section 3): every project include is <mmsim/...>,
# no quoted includes of model headers, no linux/ directory, and no header
# basename equals a C or POSIX header.
set -u
top=$1
status=0
std="assert.h complex.h ctype.h errno.h fenv.h float.h inttypes.h iso646.h limits.h locale.h
math.h setjmp.h signal.h stdalign.h stdarg.h stdatomic.h stdbool.h stddef.h stdint.h stdio.h
stdlib.h stdnoreturn.h string.h tgmath.h threads.h time.h uchar.h wchar.h wctype.h aio.h
arpa.h cpio.h dirent.h dlfcn.h fcntl.h fmtmsg.h fnmatch.h ftw.h glob.h grp.h iconv.h langinfo.h
libgen.h monetary.h mqueue.h ndbm.h netdb.h nl_types.h poll.h pthread.h pwd.h regex.h sched.h
search.h semaphore.h spawn.h strings.h stropts.h syslog.h tar.h termios.h trace.h ulimit.h
unistd.h utime.h utmpx.h wordexp.h mman.h msg.h resource.h select.h sem.h shm.h socket.h stat.h
statvfs.h time.h times.h types.h uio.h un.h utsname.h wait.h ipc.h in.h tcp.h if.h"
if [ -d "$top/include/linux" ] || [ -d "$top/include/mmsim/linux" ]; then
	echo "no linux/ header directory: model headers live in include/mmsim/kernel/"
	status=1
fi
for h in $(find "$top/include" -name '*.h'); do
	b=$(basename "$h")
	for s in $std; do
		if [ "$b" = "$s" ]; then
			echo "header $h has the basename of a standard header"
			status=1
		fi
	done
done
bad=$(grep -rnE '^#include[[:space:]]*"' "$top/include" "$top/sim" 2>/dev/null)
if [ -n "$bad" ]; then
	echo "quoted includes in the library (use <mmsim/...>):"
	echo "$bad"
	status=1
fi
bad=$(grep -rnE '^#include[[:space:]]*<(linux|asm)/' "$top/include" "$top/sim" "$top/tests" "$top/tools" 2>/dev/null)
if [ -n "$bad" ]; then
	echo "kernel-style includes (use <mmsim/kernel/...>):"
	echo "$bad"
	status=1
fi
[ $status = 0 ] && echo "ok: header namespace"
exit $status
