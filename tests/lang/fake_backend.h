/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A scriptable fake backend for the language tests and the fuzz target.
 *
 * By default every command succeeds (done_pages = the range's pages), every
 * expectation holds and the checker is happy. Tests force behaviour per line
 * with mms_fake_force(); scripts (the fuzzer) force it with magic values V:
 *   0xbad -> -EFAULT   0x5e9 -> SIGSEGV   0xb06 -> BUG   0xa1 -> one WARN
 *   0x1e  -> checker violation "refcount"   0xda7a -> read data mismatch
 * and any expectation whose V is 0xbad fails. The fake also checks the
 * executor's side of the backend contract and aborts when it is broken.
 */
#ifndef MMS_FAKE_BACKEND_H
#define MMS_FAKE_BACKEND_H

#include <stdint.h>

#include "backend.h"

enum mms_fake_what {
	MMS_FAKE_RET,		/* exec returns arg (0, -errno or a count) */
	MMS_FAKE_SIGNAL,	/* exec raises signal arg */
	MMS_FAKE_BUG,		/* exec BUGs */
	MMS_FAKE_WARN,		/* exec prints arg WARNs, then succeeds */
	MMS_FAKE_VIOLATION,	/* the checker after this line names @name */
	MMS_FAKE_EXPECT_FAIL,	/* the expect on this line fails */
	MMS_FAKE_MISMATCH,	/* a read with V finds other data */
	MMS_FAKE_MSG,		/* exec succeeds with output line @name */
	MMS_FAKE_CREATE_FAIL,	/* create() fails (line ignored) */
};

struct mms_fake;

extern const struct mms_backend_ops mms_fake_ops;
void *mms_fake_new(void);
/* Force @what at script line @line; @name for violations and messages. */
void mms_fake_force(struct mms_fake *f, uint32_t line, enum mms_fake_what what,
		    long long arg, const char *name);
/* Counters for tests: calls seen */
unsigned long mms_fake_nr_exec(const struct mms_fake *f);
unsigned long mms_fake_nr_create(const struct mms_fake *f);
unsigned long mms_fake_nr_accepted(const struct mms_fake *f);

#endif /* MMS_FAKE_BACKEND_H */
