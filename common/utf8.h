/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BL_UTF8_H
#define BL_UTF8_H

#include <stddef.h>

/* The length of the valid UTF-8 sequence at @p (at most @left bytes, @left > 0), 0 when there is
 * none: a stray continuation byte, a cut sequence, an overlong form, a UTF-16 surrogate, or a
 * code point past U+10FFFF. */
size_t bl_utf8_seq(const unsigned char *p, size_t left);

#endif /* BL_UTF8_H */
