/*
 * Making the library's strings safe to print, shared by the example
 * adapters (the auth0logout command, the HTTP server, the CGI program).
 *
 * The library's output strings (location, error_description, matched) are
 * ASCII or hold copies of request bytes (client_id, returnTo), which may be
 * anything: ill-formed UTF-8, control bytes, markup.  a0l_text_clean turns
 * such bytes into valid UTF-8, and optionally into HTML text.
 *
 * Ill-formed UTF-8 is replaced the way the Unicode standard recommends
 * ("U+FFFD Substitution of Maximal Subparts", chapter 3) and the WHATWG
 * decoder does: each maximal subpart of an ill-formed sequence -- the
 * longest prefix of a well-formed sequence, or else a single byte -- becomes
 * one U+FFFD.  For example C3 28 gives U+FFFD "(", E2 82 at the end gives
 * one U+FFFD, and C0 AF (overlong), ED A0 80 (a surrogate), F4 90 80 80
 * (above U+10FFFF), 80 (a lone continuation byte) and FE or FF give one
 * U+FFFD per byte.
 *
 * This module prints nothing and keeps no state; it is safe to call from
 * any thread.  It is not part of the library.
 */
#ifndef A0L_TEXT_H
#define A0L_TEXT_H

#include <stddef.h>

/* C0 control bytes (0x00-0x1F) and DEL (0x7F) become U+FFFD too.  Without
 * it they are kept (NUL included) -- as for JSON, whose encoder escapes
 * them. */
#define A0L_TEXT_NO_CONTROL 0x1u
/* & < > " ' become &amp; &lt; &gt; &quot; &#39;, so that the result can go
 * into HTML text and quoted attribute values. */
#define A0L_TEXT_HTML 0x2u

/* Copies the n bytes at s (embedded NULs included; s may be NULL when n is
 * 0) into a new NUL-terminated string of valid UTF-8, with the changes
 * above and flags.  Sets *out_len (unless out_len is NULL) to its length
 * without the terminating NUL: without A0L_TEXT_NO_CONTROL it may contain
 * NULs, so use *out_len rather than strlen.  The caller frees the result
 * with free().  NULL when out of memory. */
char *a0l_text_clean(const char *s, size_t n, unsigned flags, size_t *out_len);

#endif /* A0L_TEXT_H */
