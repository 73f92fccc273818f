/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: url.c against uriparser on the whole URL (SPEC R4.7).
 *
 * url.c hands uriparser only the scheme, authority and path (and the '?'
 * or '#' after them) and checks the query and fragment itself.  The input
 * is a URL, copied into an exact-size heap block; the oracle of
 * tests/unit/urldiff.h parses it with auth0logout_url_parse, as a returnTo
 * and as an allow-list entry, and with uriparser on the whole normalized
 * text.
 *
 * Invariants:
 *   - a URL that reaches the parse is accepted or refused as uriparser
 *     accepts or refuses the whole normalized text; refused with
 *     url_syntax (entry_wildcard_place for an entry with a '*') at the
 *     input byte where uriparser stops;
 *   - the normalized text is the one R4.7 gives;
 *   - an accepted URL has the components (host, port, path,
 *     has_query_or_fragment) uriparser's whole parse gives;
 *   - a decision on returnTo = the input redirects to the normalized text,
 *     byte for byte, on a list whose one entry is its scheme, authority
 *     and path, and refuses with url_parse's status and text what
 *     url_parse refuses.
 */
#include "fuzz_common.h"

#include "../unit/urldiff.h"

static char *url_buf, *decide_buf;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Allocated once; still reachable at exit, so not a leak. */
	url_buf = fuzz_xmalloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	decide_buf = fuzz_xmalloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Longer URLs are refused before the parse (R4.1). */
	if (size > AUTH0LOGOUT_MAX_URL + 1)
		return 0;
	char *in = fuzz_copy(data, size);
	struct urldiff_result r;
	const char *fail;

	fail = urldiff_check(in, size, AUTH0LOGOUT_URL_ENTRY, url_buf, &r);
	urldiff_result_free(&r);
	CHECK(fail == NULL, "%s", fail);

	fail = urldiff_check(in, size, 0, url_buf, &r);
	CHECK(fail == NULL, "%s", fail);
	int checked;
	fail = urldiff_check_decision(in, size, &r, decide_buf, &checked);
	urldiff_result_free(&r);
	CHECK(fail == NULL, "%s", fail);

	free(in);
	return 0;
}
