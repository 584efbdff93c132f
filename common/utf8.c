// SPDX-License-Identifier: GPL-2.0
/* UTF-8 validation, for text that leaves boxlock in formats that hold only UTF-8 (JSON, the
 * Prometheus text format): names a contained task chose need not be. */
#include <stdint.h>
#include "utf8.h"

size_t bl_utf8_seq(const unsigned char *p, size_t left)
{
	size_t n = p[0] < 0x80		 ? 1 :
		   (p[0] & 0xe0) == 0xc0 ? 2 :
		   (p[0] & 0xf0) == 0xe0 ? 3 :
		   (p[0] & 0xf8) == 0xf0 ? 4 :
					   0;
	uint32_t c;

	if (!n || n > left)
		return 0;
	c = n == 1 ? p[0] : p[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and what lies past U+10FFFF are not UTF-8. */
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return n;
}
