// SPDX-License-Identifier: GPL-2.0-only
/*
 * The world log and the simulated BUG/WARN reports (DESIGN.md principle 5
 * and section 6). A BUG writes the oops to the log, counts it, marks the
 * world dead and then either aborts or unwinds to mmsim_run_command();
 * it never corrupts the host process.
 */
#include <mmsim/kernel/mm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_LINE_MAX 512

static void log_store(struct mmsim *w, const char *line)
{
	struct mmsim_log *log = &w->log;
	unsigned long slot;

	if (!log->ring) {
		log->ring = calloc(MMSIM_LOG_LINES, sizeof(*log->ring));
		if (!log->ring)
			abort();
	}
	slot = log->next % MMSIM_LOG_LINES;
	if (log->next - log->first == MMSIM_LOG_LINES) {
		free(log->ring[slot]);
		log->ring[slot] = NULL;
		log->first++;
		log->dropped++;
	}
	log->ring[slot] = strdup(line);
	if (!log->ring[slot])
		abort();
	log->next++;
	if (w->log_hook)
		w->log_hook(w->log_hook_arg, line);
}

void mmsim_vlog(struct mmsim *w, const char *fmt, va_list ap)
{
	char buf[LOG_LINE_MAX];
	char *line, *nl;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* one ring slot per line, so multi-line messages stay searchable */
	for (line = buf; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (nl && !*nl)
			nl = NULL;
		log_store(w, line);
	}
}

void mmsim_log(struct mmsim *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mmsim_vlog(w, fmt, ap);
	va_end(ap);
}

unsigned long mmsim_log_count(const struct mmsim *w)
{
	return w->log.next - w->log.first;
}

const char *mmsim_log_line(const struct mmsim *w, unsigned long i)
{
	if (i >= mmsim_log_count(w))
		return NULL;
	return w->log.ring[(w->log.first + i) % MMSIM_LOG_LINES];
}

unsigned long mmsim_log_dropped(const struct mmsim *w)
{
	return w->log.dropped;
}

void mmsim_set_log_hook(struct mmsim *w, mmsim_log_fn fn, void *arg)
{
	w->log_hook = fn;
	w->log_hook_arg = arg;
}

/*
 * The kernel file a model file stands for: "sim/mm/rmap.c" models
 * "mm/rmap.c". The build strips the source directory from __FILE__; the
 * search below also copes with absolute paths.
 */
const char *mmsim_kfile(const char *file)
{
	const char *p = file, *hit = NULL;

	while ((p = strstr(p, "sim/")) != NULL) {
		if (p == file || p[-1] == '/')
			hit = p;
		p += 4;
	}
	return hit ? hit + 4 : file;
}

static const char *mmsim_sfile(const char *file)
{
	const char *k = mmsim_kfile(file);

	return k != file ? k - 4 : file;
}

bool mmsim_once(struct mmsim *w, const char *file, int line)
{
	for (size_t i = 0; i < w->nr_once; i++)
		if (w->once[i].line == line && !strcmp(w->once[i].file, file))
			return false;
	if (w->nr_once == w->cap_once) {
		size_t cap = w->cap_once ? 2 * w->cap_once : 16;
		struct mmsim_once_site *n = realloc(w->once, cap * sizeof(*n));

		if (!n)
			abort();
		w->once = n;
		w->cap_once = cap;
	}
	w->once[w->nr_once].file = file;
	w->once[w->nr_once].line = line;
	w->nr_once++;
	return true;
}

_Noreturn void mmsim_bug(struct mmsim *w, const char *file, int line,
			 const char *cond, const struct page *page, const char *reason)
{
	if (page)
		dump_page(page, reason);
	mmsim_log(w, "------------[ cut here ]------------");
	mmsim_log(w, "kernel BUG at %s:%d!", mmsim_kfile(file), line);
	mmsim_log(w, "mmsim: BUG_ON(%s) raised at %s:%d", cond, mmsim_sfile(file), line);
	w->nr_bug++;
	w->dead = true;
	if (w->cfg.bug_mode == MMSIM_BUG_UNWIND && w->unwind)
		longjmp(*w->unwind, 1);
	/* abort mode: the report must survive the process, so repeat it on stderr */
	fprintf(stderr, "kernel BUG at %s:%d!\nmmsim: BUG_ON(%s) raised at %s:%d\n",
		mmsim_kfile(file), line, cond, mmsim_sfile(file), line);
	abort();
}

bool mmsim_warn(struct mmsim *w, const char *file, int line, const char *cond,
		const struct page *page, bool once)
{
	/* a suppressed _ONCE repeat prints nothing and does not count */
	if (once && !mmsim_once(w, file, line))
		return true;
	if (page)
		dump_page(page, cond);
	mmsim_log(w, "------------[ cut here ]------------");
	mmsim_log(w, "WARNING: at %s:%d: %s", mmsim_kfile(file), line, cond);
	mmsim_log(w, "mmsim: raised at %s:%d", mmsim_sfile(file), line);
	mmsim_log(w, "---[ end trace ]---");
	w->nr_warn++;
	return true;
}

/* ---- tracing ------------------------------------------------------------------- */
void mmsim_set_trace(struct mmsim *w, mmsim_log_fn fn, void *arg)
{
	w->trace = fn != NULL;
	w->trace_fn = fn;
	w->trace_arg = arg;
}

void mmsim_trace_emit(struct mmsim *w, const char *fn, const char *fmt, ...)
{
	char args[LOG_LINE_MAX - 64], line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%*s%s(%s)", (int)(2 * w->trace_depth), "", fn, args);
	if (w->trace_fn)
		w->trace_fn(w->trace_arg, line);
}

void mmsim_trace_ret(struct mmsim *w, const char *fn, const char *fmt, ...)
{
	char res[LOG_LINE_MAX - 64], line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res, sizeof(res), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%*s%s -> %s", (int)(2 * w->trace_depth), "", fn, res);
	if (w->trace_fn)
		w->trace_fn(w->trace_arg, line);
}
