/* SPDX-License-Identifier: MIT */
/* The client ids whose rows do not compile now (R10.5): a set of strings,
 * open addressing with linear probing and backward-shift deletion, so
 * that a change costs O(1) however many rows are bad. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static size_t id_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return (size_t)(h ^ (h >> 29));
}

/* The slot of id, or of the empty slot where it would go. */
static size_t find(const struct pg_badset *s, const char *id)
{
	size_t mask = s->cap - 1, i = id_hash(id) & mask;

	while (s->slots[i] != NULL && strcmp(s->slots[i], id) != 0)
		i = (i + 1) & mask;
	return i;
}

static int grow(struct pg_badset *s)
{
	size_t cap = s->cap != 0 ? s->cap * 2 : 16, i;
	char **old = s->slots;
	size_t old_cap = s->cap;

	s->slots = calloc(cap, sizeof(*s->slots));
	if (s->slots == NULL) {
		s->slots = old;
		return -1;
	}
	s->cap = cap;
	for (i = 0; i < old_cap; i++)
		if (old[i] != NULL)
			s->slots[find(s, old[i])] = old[i];
	free(old);
	return 0;
}

int pg_badset_add(struct pg_badset *s, const char *id)
{
	size_t i;
	char *copy;

	if ((s->n + 1) * 4 > s->cap * 3 && grow(s) != 0)
		return -1;
	i = find(s, id);
	if (s->slots[i] != NULL)
		return 0;
	copy = strdup(id);
	if (copy == NULL)
		return -1;
	s->slots[i] = copy;
	s->n++;
	return 0;
}

void pg_badset_remove(struct pg_badset *s, const char *id)
{
	size_t mask, i, j, k;

	if (s->n == 0)
		return;
	mask = s->cap - 1;
	i = find(s, id);
	if (s->slots[i] == NULL)
		return;
	free(s->slots[i]);
	s->slots[i] = NULL;
	s->n--;
	/* Backward shift: move up each later entry of the run that the
	 * hole would hide from its home slot. */
	for (j = (i + 1) & mask; s->slots[j] != NULL; j = (j + 1) & mask) {
		k = id_hash(s->slots[j]) & mask;
		/* k cyclically in (i, j]: the entry may stay. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		s->slots[i] = s->slots[j];
		s->slots[j] = NULL;
		i = j;
	}
}

void pg_badset_clear(struct pg_badset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++) {
		free(s->slots[i]);
		s->slots[i] = NULL;
	}
	s->n = 0;
}

void pg_badset_free(struct pg_badset *s)
{
	pg_badset_clear(s);
	free(s->slots);
	s->slots = NULL;
	s->cap = 0;
}
