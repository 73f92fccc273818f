/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: compiling allow-lists (SPEC R4, R5).
 *
 * The input is compiled twice: whole, as the dashboard form
 * (auth0logout_allowlist_compile_csv), and split on '\n' as the API form
 * (auth0logout_allowlist_compile_array; an empty input is an empty array).
 * Every string the library sees is an exact-size heap copy without a NUL.
 *
 * Invariants:
 *   - statuses have names; diag.status agrees with the return value;
 *   - on success the count is the number of non-empty items (CSV: split on
 *     ',', spaces trimmed, empty items skipped; array: every item, and no
 *     item is empty), and every entry as written round-trips through
 *     auth0logout_allowlist_entry (same bytes, NUL-terminated), with NULL
 *     past the end;
 *   - on failure *out is NULL, diag.index names an item (< number of
 *     items), diag.offset lies within that item of the input (or is
 *     (size_t)-1), every item before it passes auth0logout_entry_check and
 *     the item itself fails it with the same status and offset;
 *   - auth0logout_entry_check agrees with compiling a one-entry array and
 *     a one-item CSV (status, message, offset);
 *   - the array form without lengths (NUL-terminated entries) and the CSV
 *     of the same items joined with ',' compile the same way as the array
 *     with lengths.
 */
#include "fuzz_common.h"

/* Items checked one by one with auth0logout_entry_check.  Each check (and
 * each compile) allocates ~140 KiB of parser scratch, which ASan maps and
 * unmaps every time, so only the front of a long list is checked. */
#define MAX_CHECKED 16

struct item {
	size_t start, len; /* in the input */
};

static int is_known(auth0logout_status st)
{
	return strcmp(auth0logout_status_name(st), "unknown") != 0;
}

/* A compile status: OK or a reason an entry is refused. */
static int is_compile_status(auth0logout_status st)
{
	return st == AUTH0LOGOUT_OK ||
	       (st >= AUTH0LOGOUT_E_URL_TOO_LONG &&
	        st <= AUTH0LOGOUT_E_URL_TOO_COMPLEX) ||
	       (st >= AUTH0LOGOUT_E_ENTRY_NO_SCHEME &&
	        st <= AUTH0LOGOUT_E_ENTRY_EMPTY);
}

static void check_status(const char *what, auth0logout_status st,
                         const auth0logout_diag *d)
{
	CHECK(is_known(st), "%s: status %d has no name", what, (int)st);
	CHECK(is_compile_status(st), "%s: unexpected status %s", what,
	      auth0logout_status_name(st));
	CHECK(d->status == (int)st, "%s: diag.status %d, returned %d", what,
	      d->status, (int)st);
	CHECK(memchr(d->text, '\0', sizeof d->text) != NULL,
	      "%s: diag.text is not NUL-terminated", what);
	if (st != AUTH0LOGOUT_OK)
		CHECK(d->text[0] != '\0', "%s: no message for %s", what,
		      auth0logout_status_name(st));
}

/* The list holds exactly these items, as written. */
static void check_entries(const char *what, const auth0logout_allowlist *l,
                          const char *in, const struct item *it, size_t n)
{
	CHECK(auth0logout_allowlist_count(l) == n, "%s: count %zu, %zu items",
	      what, auth0logout_allowlist_count(l), n);
	for (size_t i = 0; i < n; i++) {
		size_t len = (size_t)-1;
		const char *e = auth0logout_allowlist_entry(l, i, &len);
		CHECK(e != NULL, "%s: entry %zu is NULL", what, i);
		CHECK(len == it[i].len && memcmp(e, in + it[i].start, len) == 0,
		      "%s: entry %zu does not round-trip", what, i);
		CHECK(e[len] == '\0', "%s: entry %zu is not NUL-terminated",
		      what, i);
		CHECK(auth0logout_allowlist_entry(l, i, NULL) == e,
		      "%s: entry %zu moves", what, i);
	}
	CHECK(auth0logout_allowlist_entry(l, n, NULL) == NULL,
	      "%s: an entry past the end", what);
}

/* auth0logout_entry_check on an exact-size copy of one item. */
static auth0logout_status entry_check(const char *in, const struct item *it,
                                      auth0logout_diag *d)
{
	char *c = fuzz_copy(in + it->start, it->len);
	auth0logout_status st = auth0logout_entry_check(c, it->len, d);
	free(c);
	check_status("entry_check", st, d);
	if (st != AUTH0LOGOUT_OK)
		CHECK(d->offset == (size_t)-1 || d->offset <= it->len,
		      "entry_check: offset %zu in a %zu-byte entry", d->offset,
		      it->len);
	return st;
}

/* A failed compile of items it[0..n) of in: diag points at an item, the
 * items before it pass on their own, and it fails on its own the same
 * way (offsets shifted by base(item)). */
static void check_failure(const char *what, auth0logout_status st,
                          const auth0logout_diag *d, const char *in,
                          const struct item *it, size_t n, int offset_global)
{
	CHECK(d->index < n, "%s: failed at index %zu of %zu items", what,
	      d->index, n);
	size_t k = d->index;
	size_t base = offset_global ? it[k].start : 0;
	CHECK(d->offset == (size_t)-1 ||
	          (d->offset >= base && d->offset <= base + it[k].len),
	      "%s: offset %zu outside item %zu [%zu, %zu]", what, d->offset, k,
	      base, base + it[k].len);
	for (size_t i = 0; i < k && i < MAX_CHECKED; i++) {
		auth0logout_diag di;
		auth0logout_status si = entry_check(in, &it[i], &di);
		CHECK(si == AUTH0LOGOUT_OK,
		      "%s: item %zu fails entry_check (%s) but compile "
		      "failed only at %zu",
		      what, i, auth0logout_status_name(si), k);
	}
	if (k < MAX_CHECKED) {
		auth0logout_diag dk;
		auth0logout_status sk = entry_check(in, &it[k], &dk);
		CHECK(sk == st,
		      "%s: item %zu fails compile with %s, entry_check "
		      "says %s",
		      what, k, auth0logout_status_name(st),
		      auth0logout_status_name(sk));
		CHECK((dk.offset == (size_t)-1 && d->offset == (size_t)-1) ||
		          (dk.offset != (size_t)-1 &&
		           dk.offset + base == d->offset),
		      "%s: offset %zu, entry_check offset %zu (+%zu)", what,
		      d->offset, dk.offset, base);
	}
}

/* Single entries: entry_check == one-entry array == one-item CSV. */
static void check_single(const char *in, const struct item *it)
{
	auth0logout_diag dc, da, dv;
	auth0logout_status sc = entry_check(in, it, &dc);

	char *c = fuzz_copy(in + it->start, it->len);
	const char *entries[1] = {c};
	size_t lens[1] = {it->len};
	auth0logout_allowlist *l = (auth0logout_allowlist *)&dc;
	auth0logout_status sa =
	    auth0logout_allowlist_compile_array(entries, lens, 1, &l, &da);
	check_status("array[1]", sa, &da);
	CHECK(sa == sc, "entry_check says %s, a one-entry array %s",
	      auth0logout_status_name(sc), auth0logout_status_name(sa));
	if (sa == AUTH0LOGOUT_OK) {
		struct item at = {0, it->len};
		check_entries("array[1]", l, c, &at, 1);
		auth0logout_allowlist_free(l);
	} else {
		CHECK(l == NULL, "array[1]: *out not NULL on failure");
		CHECK(da.index == 0, "array[1]: index %zu", da.index);
		CHECK(da.offset == dc.offset && strcmp(da.text, dc.text) == 0,
		      "array[1] and entry_check disagree: %zu \"%s\" / %zu "
		      "\"%s\"",
		      da.offset, da.text, dc.offset, dc.text);
	}

	/* As a CSV of one item, when nothing would be trimmed or split. */
	if (it->len > 0 && !memchr(c, ',', it->len) && c[0] != ' ' &&
	    c[it->len - 1] != ' ') {
		l = (auth0logout_allowlist *)&dc;
		auth0logout_status sv =
		    auth0logout_allowlist_compile_csv(c, it->len, &l, &dv);
		check_status("csv[1]", sv, &dv);
		CHECK(sv == sc, "entry_check says %s, a one-item CSV %s",
		      auth0logout_status_name(sc), auth0logout_status_name(sv));
		if (sv == AUTH0LOGOUT_OK) {
			struct item at = {0, it->len};
			check_entries("csv[1]", l, c, &at, 1);
			auth0logout_allowlist_free(l);
		} else {
			CHECK(l == NULL, "csv[1]: *out not NULL on failure");
			CHECK(dv.index == 0 && dv.offset == dc.offset &&
			          strcmp(dv.text, dc.text) == 0,
			      "csv[1] and entry_check disagree: %zu/%zu "
			      "\"%s\" / %zu \"%s\"",
			      dv.index, dv.offset, dv.text, dc.offset, dc.text);
		}
	}
	free(c);
}

static void fuzz_csv(const char *in, size_t size)
{
	/* R5.1: the items, as the SPEC describes them. */
	struct item *it = fuzz_xmalloc((size + 1) * sizeof *it);
	size_t m = 0;
	for (size_t s = 0; s <= size;) {
		size_t e = s;
		while (e < size && in[e] != ',')
			e++;
		size_t a = s, b = e;
		while (a < b && in[a] == ' ')
			a++;
		while (b > a && in[b - 1] == ' ')
			b--;
		if (b > a) {
			it[m].start = a;
			it[m].len = b - a;
			m++;
		}
		s = e + 1;
	}

	auth0logout_diag d;
	auth0logout_allowlist *l = (auth0logout_allowlist *)&d;
	auth0logout_status st =
	    auth0logout_allowlist_compile_csv(in, size, &l, &d);
	check_status("csv", st, &d);
	if (st == AUTH0LOGOUT_OK) {
		check_entries("csv", l, in, it, m);
		for (size_t i = 0; i < m && i < MAX_CHECKED; i++) {
			auth0logout_diag di;
			auth0logout_status si = entry_check(in, &it[i], &di);
			CHECK(si == AUTH0LOGOUT_OK,
			      "csv compiled, but item %zu fails entry_check "
			      "(%s)",
			      i, auth0logout_status_name(si));
		}
		auth0logout_allowlist_free(l);
	} else {
		CHECK(l == NULL, "csv: *out not NULL on failure");
		CHECK(st != AUTH0LOGOUT_E_ENTRY_EMPTY,
		      "csv: an empty item was not skipped");
		check_failure("csv", st, &d, in, it, m, 1);
	}
	free(it);
}

static void fuzz_array(const char *in, size_t size)
{
	size_t n = 0;
	if (size > 0) {
		n = 1;
		for (size_t i = 0; i < size; i++)
			n += in[i] == '\n';
	}
	struct item *it = fuzz_xmalloc((n + 1) * sizeof *it);
	char **copies = fuzz_xmalloc((n + 1) * sizeof *copies);
	char **zcopies = fuzz_xmalloc((n + 1) * sizeof *zcopies);
	size_t *lens = fuzz_xmalloc((n + 1) * sizeof *lens);
	int any_nul = 0, csv_safe = 1;
	for (size_t i = 0, s = 0; i < n; i++) {
		size_t e = s;
		while (e < size && in[e] != '\n')
			e++;
		it[i].start = s;
		it[i].len = e - s;
		copies[i] = fuzz_copy(in + s, e - s);
		zcopies[i] = fuzz_xmalloc(e - s + 1);
		memcpy(zcopies[i], in + s, e - s);
		zcopies[i][e - s] = '\0';
		lens[i] = e - s;
		if (memchr(in + s, '\0', e - s))
			any_nul = 1;
		if (e == s || memchr(in + s, ',', e - s) || in[s] == ' ' ||
		    in[e - 1] == ' ')
			csv_safe = 0;
		s = e + 1;
	}

	auth0logout_diag d;
	auth0logout_allowlist *l = (auth0logout_allowlist *)&d;
	auth0logout_status st = auth0logout_allowlist_compile_array(
	    (const char *const *)copies, lens, n, &l, &d);
	check_status("array", st, &d);
	if (st == AUTH0LOGOUT_OK) {
		check_entries("array", l, in, it, n);
		for (size_t i = 0; i < n; i++)
			CHECK(lens[i] > 0, "array: empty item %zu accepted", i);
		auth0logout_allowlist_free(l);
	} else {
		CHECK(l == NULL, "array: *out not NULL on failure");
		check_failure("array", st, &d, in, it, n, 0);
	}

	/* Single entries agree with entry_check. */
	for (size_t i = 0; i < n && i < MAX_CHECKED / 4; i++)
		check_single(in, &it[i]);

	/* Without lengths: the same result. */
	if (!any_nul) {
		auth0logout_diag dz;
		auth0logout_allowlist *lz = (auth0logout_allowlist *)&d;
		auth0logout_status sz = auth0logout_allowlist_compile_array(
		    (const char *const *)zcopies, NULL, n, &lz, &dz);
		CHECK(sz == st, "array without lens: %s, with: %s",
		      auth0logout_status_name(sz), auth0logout_status_name(st));
		if (sz == AUTH0LOGOUT_OK) {
			check_entries("array without lens", lz, in, it, n);
			auth0logout_allowlist_free(lz);
		} else {
			CHECK(lz == NULL, "array without lens: *out not NULL");
			CHECK(dz.index == d.index && dz.offset == d.offset &&
			          strcmp(dz.text, d.text) == 0,
			      "array without lens: diag differs");
		}
	}

	/* The same items as a CSV: the same result. */
	if (csv_safe && n > 0) {
		char *csv = fuzz_xmalloc(size);
		struct item *ct = fuzz_xmalloc(n * sizeof *ct);
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (i)
				csv[k++] = ',';
			ct[i].start = k;
			ct[i].len = lens[i];
			memcpy(csv + k, copies[i], lens[i]);
			k += lens[i];
		}
		auth0logout_diag dv;
		auth0logout_allowlist *lv = (auth0logout_allowlist *)&d;
		auth0logout_status sv =
		    auth0logout_allowlist_compile_csv(csv, k, &lv, &dv);
		CHECK(sv == st, "the items as CSV: %s, as an array: %s",
		      auth0logout_status_name(sv), auth0logout_status_name(st));
		if (sv == AUTH0LOGOUT_OK) {
			check_entries("joined csv", lv, csv, ct, n);
			auth0logout_allowlist_free(lv);
		} else {
			CHECK(lv == NULL, "joined csv: *out not NULL");
			CHECK(dv.index == d.index &&
			          ((dv.offset == (size_t)-1 &&
			            d.offset == (size_t)-1) ||
			           (d.offset != (size_t)-1 &&
			            dv.offset == ct[d.index].start + d.offset)),
			      "joined csv: diag %zu/%zu, array %zu/%zu",
			      dv.index, dv.offset, d.index, d.offset);
		}
		free(ct);
		free(csv);
	}

	for (size_t i = 0; i < n; i++) {
		free(copies[i]);
		free(zcopies[i]);
	}
	free(copies);
	free(zcopies);
	free(lens);
	free(it);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_copy(data, size);
	fuzz_csv(in, size);
	fuzz_array(in, size);
	free(in);
	return 0;
}
