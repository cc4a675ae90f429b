/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Line lexer of the scenario language: validates the bytes of one line
 * (length, NUL, control characters, UTF-8) and splits it into tokens.
 */
#ifndef MMS_LEX_H
#define MMS_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MMS_MAX_TOKS 64

struct mms_tok {
	const char *p;		/* into the input buffer */
	uint32_t len;
	uint32_t col;		/* 1-based byte column */
	bool string;		/* a "quoted" token, quotes included in p/len */
};

struct mms_line {
	uint32_t no;			/* 1-based line number */
	const char *text;		/* start of the line */
	uint32_t content_len;		/* up to the end of the last token */
	uint32_t end_col;		/* column just past the last token */
	size_t ntok;
	struct mms_tok toks[MMS_MAX_TOKS];
};

struct mms_lexer {
	const char *fname;
	const char *buf;
	size_t len;
	size_t pos;
	uint32_t line;
};

void mms_lex_init(struct mms_lexer *lx, const char *fname, const char *buf,
		  size_t len);
/* Next line into @ln: 1, 0 at end of input, -1 with the message in @err */
int mms_lex_next(struct mms_lexer *lx, struct mms_line *ln, char *err,
		 size_t errlen);
/* Format "FILE:LINE:COL: error: ..." into @err */
void mms_lex_error(char *err, size_t errlen, const char *fname, uint32_t line,
		   uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif /* MMS_LEX_H */
