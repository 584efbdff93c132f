// SPDX-License-Identifier: GPL-2.0
/*
 * The line reader handed to inih's ini_parse_stream.
 *
 * Debian's libinih is built without line numbers for the handler (INI_HANDLER_LINENO 0) and reads
 * into a 200-byte stack buffer, splitting a longer line into pieces that it then parses as lines
 * of their own. So the reader does what inih cannot: it counts lines for the handler's messages,
 * refuses over-long lines, bytes that are not UTF-8 text and lines inih would reject without
 * saying where, and tells the handler whether a line continues the previous key (an indented
 * line) or is a key of its own (where a repeated key is an error).
 *
 * To do that it classifies each line exactly as inih's ini_parse_stream (r55) does. A line it
 * refuses is reported here and handed to inih as an empty line, which inih skips.
 */
#include <string.h>
#include "internal.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* inih's find_chars_or_comment(): the first of @chars, or a ';' after whitespace, or the end. */
static const char *find_chars_or_comment(const char *s, const char *chars)
{
	bool was_space = false;

	while (*s && !(chars && strchr(chars, *s)) && !(was_space && *s == ';')) {
		was_space = is_space(*s);
		s++;
	}
	return s;
}

/* Reports what is wrong with the raw line, or returns false when it is fine. */
static bool refuse(struct blp_reader *r, const char *line, size_t len, size_t max)
{
	size_t bad;

	if (len > max) {
		blp_error(r->errs, r->line,
			  "line longer than %zu characters, found %zu, expected a shorter line: "
			  "continue a list on indented lines below its key",
			  max, len);
		return true;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == '\0') {
			blp_error(r->errs, r->line, "NUL byte in column %zu, expected text", i + 1);
			return true;
		}
		if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
			blp_error(r->errs, r->line,
				  "control character 0x%02x in column %zu, expected text", c,
				  i + 1);
			return true;
		}
	}
	if (!blp_utf8_valid(line, len, &bad)) {
		blp_error(r->errs, r->line, "invalid UTF-8 in column %zu, expected UTF-8 text",
			  bad + 1);
		return true;
	}
	return false;
}

static void section_line(struct blp_reader *r, const char *start)
{
	const char *end = find_chars_or_comment(start + 1, "]");
	const char *rest, *hint;
	char name[64], q[64];
	size_t n;

	if (*end != ']') {
		/* inih keeps the previous key and section here; so does the classification. */
		blp_error(r->errs, r->line,
			  "section header without ']', found '%s', expected '[name]'",
			  blp_quote(q, sizeof(q), start));
		return;
	}
	r->in_key = false;
	r->drop_cont = false;
	n = (size_t)(end - start - 1);
	snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) ? n : sizeof(name) - 1),
		 start + 1);
	rest = end + 1;
	while (is_space(*rest))
		rest++;
	if (*rest && *rest != ';')
		blp_error(
			r->errs, r->line,
			"text after a section header, found '%s', expected nothing or a ';' comment",
			blp_quote(q, sizeof(q), rest));
	if (n >= sizeof(name) || !blp_section_known(name)) {
		hint = n < sizeof(name) ? blp_section_suggest(name) : NULL;
		blp_error(r->errs, r->line, "unknown section '%s', expected %s%s%s",
			  blp_quote(q, sizeof(q), name),
			  hint ? "[" :
				 "one of [profile] [exec] [files] [network] [mount] "
				 "[capabilities] [syscalls] [kernel]",
			  hint ? hint : "", hint ? "] (a typo?)" : "");
	}
}

static void key_line(struct blp_reader *r, const char *start, bool report)
{
	const char *end = find_chars_or_comment(start, "=:");
	char q[64];

	if (*end != '=' && *end != ':') {
		if (!report)
			return;
		/* inih reports only the first such line, without saying why: report each here. */
		blp_error(r->errs, r->line,
			  "not a key, found '%s', expected 'key = value', "
			  "a [section], or an indented continuation of a list",
			  blp_quote(q, sizeof(q), start));
		return;
	}
	while (end > start && is_space(end[-1]))
		end--;
	/* inih remembers the key for continuation lines only when it has a name. */
	r->in_key = end > start;
	r->drop_cont = false;
}

/* Classifies @buf, the raw line, as inih will; sets r->cont and r->skip. */
static void classify(struct blp_reader *r, char *buf)
{
	char *start = buf, *end;

	if (r->line == 1 && (unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb &&
	    (unsigned char)buf[2] == 0xbf)
		start += 3; /* inih skips a UTF-8 byte order mark */
	end = start + strlen(start);
	while (end > start && is_space(end[-1]))
		end--;
	while (start < end && is_space(*start))
		start++;

	if (start == end || *start == ';' || *start == '#')
		return; /* blank or comment */
	if (r->in_key && start > buf) {
		r->cont = true;
		r->skip = r->drop_cont;
		return;
	}
	/* Classify on a copy: inih must get the line untouched. */
	{
		char line[BLP_MAX_LINE + 1];

		memcpy(line, start, (size_t)(end - start));
		line[end - start] = '\0';
		if (line[0] == '[') {
			section_line(r, line);
		} else if (start > buf && r->drop_cont) {
			/* Meant as the continuation of a refused line: one error is enough. */
			r->skip = true;
			key_line(r, line, false);
			r->drop_cont = true;
		} else {
			key_line(r, line, true);
		}
	}
}

char *blp_reader_gets(char *buf, int size, void *stream)
{
	struct blp_reader *r = stream;
	const char *nl;
	size_t len, max;

	if (r->p >= r->end)
		return NULL;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	len = (size_t)((nl ? nl : r->end) - r->p);
	r->line++;
	r->cont = false;
	r->skip = false;

	max = size > 1 ? (size_t)size - 1 : 0;
	if (max > BLP_MAX_LINE)
		max = BLP_MAX_LINE;
	if (refuse(r, r->p, len, max)) {
		/* Whatever this line was, what follows it must not be read as its continuation. */
		r->drop_cont = true;
		r->p = nl ? nl + 1 : r->end;
		buf[0] = '\0';
		return buf;
	}
	memcpy(buf, r->p, len);
	buf[len] = '\0';
	r->p = nl ? nl + 1 : r->end;
	classify(r, buf);
	return buf;
}
