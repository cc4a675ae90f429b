/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mmsim command line: `mmsim run FILE...`, version, inject --list,
 * --help, --quiet, --trace. The caller supplies the backend.
 */
#ifndef MMS_CLI_H
#define MMS_CLI_H

#include <stdio.h>

#include "backend.h"

struct mms_cli_io {
	FILE *in;	/* read by `run -` */
	FILE *out;	/* KTAP, views, --help */
	FILE *err;	/* parse errors, usage errors */
};

/* main() of mmsim on stdin/stdout/stderr; returns the exit status. */
int mms_main(int argc, char **argv, const struct mms_backend_ops *ops,
	     void *(*new_backend)(void));
/* The same on explicit streams (tests). */
int mms_main_io(int argc, char **argv, const struct mms_cli_io *io,
		const struct mms_backend_ops *ops, void *(*new_backend)(void));

#endif /* MMS_CLI_H */
