/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error codes. The host is Linux, so <errno.h> already has the kernel's
 * values; this adds the kernel-internal codes user space never sees.
 */
#ifndef MMSIM_KERNEL_KERRNO_H
#define MMSIM_KERNEL_KERRNO_H

#include <errno.h>

#ifndef ERESTARTSYS
#define ERESTARTSYS 512
#endif
#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif
#ifndef EHWPOISON
#define EHWPOISON 133
#endif

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline int IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline int IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }

#endif /* MMSIM_KERNEL_KERRNO_H */
