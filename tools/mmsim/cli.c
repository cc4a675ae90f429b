// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mmsim command line (DESIGN.md section 9), backend-independent: the
 * real main() passes the model's backend, tests pass a fake one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "run.h"

#define MAX_SCRIPT_BYTES (64u << 20)

static void usage(FILE *f)
{
	fputs("usage: mmsim run [--quiet] [--trace] FILE...  run scenario scripts ('-' reads stdin)\n"
	      "       mmsim version                           print the base, level and configuration\n"
	      "       mmsim inject --list                     list the injection points\n"
	      "       mmsim --help                            this text\n"
	      "  --quiet  print only failing test points and the last line\n"
	      "  --trace  narrate every modelled kernel function a command enters\n"
	      "exit status: 2 parse error, 3 unaccounted BUG, 1 a test point failed, 0 ok\n",
	      f);
}

/* Read all of @f; NULL with errno set on failure. */
static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *buf = malloc(cap), *nb;

	if (!buf)
		return NULL;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n < cap)
			continue;
		if (cap >= MAX_SCRIPT_BYTES) {
			free(buf);
			errno = EFBIG;
			return NULL;
		}
		nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			return NULL;
		}
		buf = nb;
		cap *= 2;
	}
	if (ferror(f)) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	*len = n;
	return buf;
}

static int run_file(const char *path, const struct mms_cli_io *io,
		    const struct mms_backend_ops *ops, void *(*new_backend)(void),
		    const struct mms_run_opts *o, struct mms_run_stats *st)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? io->in : fopen(path, "rb");
	size_t len = 0;
	char *buf;
	int ret;

	if (!f) {
		fprintf(io->err, "%s: error: cannot open: %s\n", name, strerror(errno));
		return MMS_EXIT_PARSE;
	}
	buf = slurp(f, &len);
	if (!buf)
		fprintf(io->err, "%s: error: cannot read: %s\n", name, strerror(errno));
	if (!is_stdin)
		fclose(f);
	if (!buf)
		return MMS_EXIT_PARSE;
	ret = mms_run_buffer(name, buf, len, ops, new_backend, o, io->out,
			     io->err, st);
	free(buf);
	return ret;
}

static int cmd_run(int argc, char **argv, const struct mms_cli_io *io,
		   const struct mms_backend_ops *ops, void *(*new_backend)(void),
		   struct mms_run_opts *o)
{
	struct mms_run_stats st = { 0, 0 };
	int i, nfiles = 0, ret = MMS_EXIT_OK;
	bool opts = true;

	/* options first, so that `run a.mms --quiet` still means quiet */
	for (i = 0; i < argc; i++) {
		if (opts && !strcmp(argv[i], "--")) {
			opts = false;
		} else if (opts && !strcmp(argv[i], "--quiet")) {
			o->quiet = true;
		} else if (opts && !strcmp(argv[i], "--trace")) {
			o->trace = true;
		} else if (opts && argv[i][0] == '-' && argv[i][1]) {
			fprintf(io->err, "mmsim: unknown option '%s'\n", argv[i]);
			usage(io->err);
			return MMS_EXIT_PARSE;
		} else {
			nfiles++;
		}
	}
	if (!nfiles) {
		fprintf(io->err, "mmsim: run: no script given\n");
		usage(io->err);
		return MMS_EXIT_PARSE;
	}
	opts = true;
	for (i = 0; i < argc; i++) {
		if (opts && !strcmp(argv[i], "--")) {
			opts = false;
			continue;
		}
		if (opts && argv[i][0] == '-' && argv[i][1])
			continue;
		if (nfiles > 1)
			fprintf(io->out, "# %s\n", !strcmp(argv[i], "-") ? "<stdin>" : argv[i]);
		ret = mms_exit_worst(ret, run_file(argv[i], io, ops, new_backend, o, &st));
	}
	if (nfiles > 1)
		fprintf(io->out, "total: %lu passed, %lu failed\n", st.passed, st.failed);
	fflush(io->out);
	return ret;
}

int mms_main_io(int argc, char **argv, const struct mms_cli_io *io,
		const struct mms_backend_ops *ops, void *(*new_backend)(void))
{
	struct mms_run_opts o = { false, false };
	const char *const *pt;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quiet"))
			o.quiet = true;
		else if (!strcmp(argv[i], "--trace"))
			o.trace = true;
		else
			break;
	}
	if (i >= argc) {
		usage(io->err);
		return MMS_EXIT_PARSE;
	}
	if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
	    !strcmp(argv[i], "help")) {
		usage(io->out);
		return MMS_EXIT_OK;
	}
	if (!strcmp(argv[i], "run"))
		return cmd_run(argc - i - 1, argv + i + 1, io, ops, new_backend, &o);
	if (!strcmp(argv[i], "version") && i + 1 == argc) {
		if (!ops->version) {
			fprintf(io->err, "mmsim: version: not available in this build\n");
			return MMS_EXIT_FAIL;
		}
		ops->version(io->out);
		return MMS_EXIT_OK;
	}
	if (!strcmp(argv[i], "inject") && i + 2 == argc &&
	    !strcmp(argv[i + 1], "--list")) {
		for (pt = ops->inject_points; pt && *pt; pt++)
			fprintf(io->out, "%s\n", *pt);
		return MMS_EXIT_OK;
	}
	if (ops->subcommand) {
		int ret = ops->subcommand(argc - i, argv + i, io->out, io->err);

		if (ret >= 0)
			return ret;
	}
	fprintf(io->err, "mmsim: unknown command '%s'\n", argv[i]);
	usage(io->err);
	return MMS_EXIT_PARSE;
}

int mms_main(int argc, char **argv, const struct mms_backend_ops *ops,
	     void *(*new_backend)(void))
{
	struct mms_cli_io io = { stdin, stdout, stderr };

	return mms_main_io(argc, argv, &io, ops, new_backend);
}
