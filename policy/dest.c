// SPDX-License-Identifier: GPL-2.0
/*
 * Inet destinations of [network] rules: `[tcp|udp] ADDRESS[/PREFIX] [port N[-M]]`, where ADDRESS
 * is an IPv4 or IPv6 address or `any` (both 0.0.0.0/0 and ::/0).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define DEST_SYNTAX "'[tcp|udp] ADDRESS[/PREFIX] [port N[-M]]'"

/* A decimal number of at most @digits digits, nothing else. */
static bool parse_uint(const char *s, size_t len, size_t digits, unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0 || len > digits)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = v;
	return true;
}

int blp_parse_ports(const char *tok, __u16 *lo_out, __u16 *hi_out, char *err, size_t errlen)
{
	const char *dash = strchr(tok, '-');
	size_t lolen = dash ? (size_t)(dash - tok) : strlen(tok);
	unsigned long lo, hi;
	char q[80];

	blp_quote(q, sizeof(q), tok);
	if (!parse_uint(tok, lolen, 5, &lo) ||
	    (dash && !parse_uint(dash + 1, strlen(dash + 1), 5, &hi))) {
		snprintf(err, errlen,
			 "bad port, found '%s', expected a number 1-65535 or a range "
			 "like 2375-2376",
			 q);
		return -EINVAL;
	}
	if (!dash)
		hi = lo;
	if (lo == 0 || hi == 0 || lo > 65535 || hi > 65535) {
		snprintf(err, errlen, "port out of range, found '%s', expected 1-65535", q);
		return -EINVAL;
	}
	if (lo > hi) {
		snprintf(err, errlen,
			 "bad port range, found '%s', expected LOW-HIGH with LOW <= HIGH", q);
		return -EINVAL;
	}
	*lo_out = (__u16)lo;
	*hi_out = (__u16)hi;
	return 0;
}

static int parse_addr(const char *tok, struct blp_dest *d, char *err, size_t errlen)
{
	const char *slash = strchr(tok, '/');
	size_t alen = slash ? (size_t)(slash - tok) : strlen(tok);
	char addr[INET6_ADDRSTRLEN + 1], q[80];
	unsigned int max, bits;
	unsigned long plen;
	__u8 a[16] = {};

	blp_quote(q, sizeof(q), tok);
	if (!strcmp(tok, "any")) {
		d->family = 0; /* 0.0.0.0/0 and ::/0 */
		d->plen = 0;
		return 0;
	}
	if (alen >= sizeof(addr))
		goto bad;
	memcpy(addr, tok, alen);
	addr[alen] = '\0';
	if (strchr(addr, ':')) {
		if (inet_pton(AF_INET6, addr, a) != 1)
			goto bad;
		d->family = 6;
		max = 128;
	} else {
		if (inet_pton(AF_INET, addr, a) != 1)
			goto bad;
		d->family = 4;
		max = 32;
	}
	plen = max;
	if (slash && (!parse_uint(slash + 1, strlen(slash + 1), 3, &plen) || plen > max)) {
		snprintf(err, errlen, "bad prefix length, found '%s', expected /0 to /%u", q, max);
		return -EINVAL;
	}
	/* Host bits set past the prefix are most likely a typo in the address or the prefix. */
	for (bits = 0; bits < max; bits++) {
		if (bits >= plen && (a[bits / 8] & (0x80 >> (bits % 8)))) {
			snprintf(err, errlen,
				 "address has bits set past its /%lu prefix, found '%s', expected "
				 "the network address of the prefix",
				 plen, q);
			return -EINVAL;
		}
	}
	/* The BPF side looks IPv4-mapped IPv6 addresses up as IPv4: store such rules so. */
	if (d->family == 6 && plen >= 96 && !memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12)) {
		memmove(a, a + 12, 4);
		memset(a + 4, 0, 12);
		d->family = 4;
		plen -= 96;
	}
	memcpy(d->addr, a, sizeof(d->addr));
	d->plen = (__u8)plen;
	return 0;
bad:
	snprintf(err, errlen,
		 "bad address, found '%s', expected an IPv4 or IPv6 address with an optional "
		 "/PREFIX, like 169.254.169.254/32 or fd00::/8, or 'any'",
		 q);
	return -EINVAL;
}

static bool looks_like_word(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

int blp_parse_dest(const char *text, struct blp_dest *out, char *err, size_t errlen)
{
	char buf[BLP_MAX_LINE + 1], *tok[8], *save = NULL, *t, q[80];
	size_t n = 0, i = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(buf, sizeof(buf), "%s", text);
	for (t = strtok_r(buf, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
		if (n == sizeof(tok) / sizeof(tok[0])) {
			snprintf(
				err, errlen,
				"too many words in a destination, found '%s', expected " DEST_SYNTAX,
				blp_quote(q, sizeof(q), text));
			return -EINVAL;
		}
		tok[n++] = t;
	}
	if (!n) {
		snprintf(err, errlen, "empty destination, expected " DEST_SYNTAX);
		return -EINVAL;
	}
	if (!strcmp(tok[0], "tcp")) {
		out->proto = IPPROTO_TCP;
		i++;
	} else if (!strcmp(tok[0], "udp")) {
		out->proto = IPPROTO_UDP;
		i++;
	} else if (n > 1 && strcmp(tok[0], "any") && strcmp(tok[1], "port") &&
		   looks_like_word(tok[0])) {
		snprintf(err, errlen, "unknown protocol, found '%s', expected tcp or udp",
			 blp_quote(q, sizeof(q), tok[0]));
		return -EINVAL;
	}
	if (i == n) {
		snprintf(err, errlen, "missing address, found '%s', expected " DEST_SYNTAX,
			 blp_quote(q, sizeof(q), text));
		return -EINVAL;
	}
	rc = parse_addr(tok[i++], out, err, errlen);
	if (rc)
		return rc;
	out->lo = 0; /* no port: every port */
	out->hi = 65535;
	if (i < n && !strcmp(tok[i], "port")) {
		if (++i == n) {
			snprintf(err, errlen,
				 "missing port after 'port', expected a number 1-65535 "
				 "or a range like 2375-2376");
			return -EINVAL;
		}
		rc = blp_parse_ports(tok[i++], &out->lo, &out->hi, err, errlen);
		if (rc)
			return rc;
	}
	if (i < n) {
		snprintf(err, errlen,
			 "unexpected '%s' after the address, expected 'port N', "
			 "'port N-M' or ',' before the next destination",
			 blp_quote(q, sizeof(q), tok[i]));
		return -EINVAL;
	}
	return 0;
}
