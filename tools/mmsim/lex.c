// SPDX-License-Identifier: GPL-2.0-only
/*
 * Line lexer: every byte of a line is validated before any token of it is
 * looked at, so the parser only ever sees bounded, printable UTF-8 text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lex.h"
#include "script.h"

void mms_lex_error(char *err, size_t errlen, const char *fname, uint32_t line,
		   uint32_t col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || !errlen)
		return;
	n = snprintf(err, errlen, "%s:%u:%u: error: ", fname, line, col);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

void mms_lex_init(struct mms_lexer *lx, const char *fname, const char *buf,
		  size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->fname = fname;
	lx->buf = buf;
	lx->len = len;
}

/* Length of the well-formed UTF-8 sequence at @s (RFC 3629), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t n, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and code points past U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static int validate(struct mms_lexer *lx, const char *s, size_t len,
		    char *err, size_t errlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (u[i] == 0) {
			mms_lex_error(err, errlen, lx->fname, lx->line,
				      (uint32_t)i + 1, "NUL byte in input");
			return -1;
		}
		if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f) {
			mms_lex_error(err, errlen, lx->fname, lx->line,
				      (uint32_t)i + 1,
				      "control character 0x%02x in input", u[i]);
			return -1;
		}
		n = utf8_len(u + i, len - i);
		if (!n) {
			mms_lex_error(err, errlen, lx->fname, lx->line,
				      (uint32_t)i + 1, "invalid UTF-8 in input");
			return -1;
		}
		i += n;
	}
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int mms_lex_next(struct mms_lexer *lx, struct mms_line *ln, char *err,
		 size_t errlen)
{
	const char *s, *nl;
	size_t len, i, avail;

	if (lx->pos >= lx->len)
		return 0;
	lx->line++;
	s = lx->buf + lx->pos;
	avail = lx->len - lx->pos;
	nl = memchr(s, '\n', avail);
	len = nl ? (size_t)(nl - s) : avail;
	lx->pos += nl ? len + 1 : len;

	if (len > MMS_MAX_LINE) {
		mms_lex_error(err, errlen, lx->fname, lx->line, MMS_MAX_LINE + 1,
			      "line too long (more than %d bytes)", MMS_MAX_LINE);
		return -1;
	}
	/* CRLF line ends are accepted; any other CR is a control character */
	if (len && s[len - 1] == '\r')
		len--;
	if (validate(lx, s, len, err, errlen))
		return -1;

	ln->no = lx->line;
	ln->text = s;
	ln->ntok = 0;
	ln->content_len = 0;
	ln->end_col = 1;
	i = 0;
	for (;;) {
		struct mms_tok *t;
		size_t start;

		while (i < len && is_blank(s[i]))
			i++;
		if (i >= len || s[i] == '#')
			break;
		if (ln->ntok == MMS_MAX_TOKS) {
			mms_lex_error(err, errlen, lx->fname, lx->line,
				      (uint32_t)i + 1,
				      "too many words on one line (more than %d)",
				      MMS_MAX_TOKS);
			return -1;
		}
		start = i;
		t = &ln->toks[ln->ntok++];
		t->string = s[i] == '"';
		if (t->string) {
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] != '\\')
					continue;
				if (i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\')) {
					i++;
					continue;
				}
				mms_lex_error(err, errlen, lx->fname, lx->line,
					      (uint32_t)i + 1,
					      i + 1 < len ? "invalid escape in string (only \\\" and \\\\)"
							  : "unterminated string");
				return -1;
			}
			if (i >= len) {
				mms_lex_error(err, errlen, lx->fname, lx->line,
					      (uint32_t)start + 1, "unterminated string");
				return -1;
			}
			i++;
			if (i < len && !is_blank(s[i]) && s[i] != '#') {
				mms_lex_error(err, errlen, lx->fname, lx->line,
					      (uint32_t)i + 1,
					      "unexpected character after string");
				return -1;
			}
		} else {
			while (i < len && !is_blank(s[i]) && s[i] != '#')
				i++;
		}
		t->p = s + start;
		t->len = (uint32_t)(i - start);
		t->col = (uint32_t)start + 1;
		ln->content_len = (uint32_t)i;
		ln->end_col = (uint32_t)i + 1;
	}
	return 1;
}
