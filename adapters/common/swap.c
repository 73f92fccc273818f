/* SPDX-License-Identifier: MIT */
/* Swapping what requests read without stopping them.  See swap.h. */
#include "swap.h"

#include <sched.h>
#include <stddef.h>

void a0l_swap_init(struct a0l_swap *s, void *value)
{
	atomic_init(&s->current, value);
	for (size_t i = 0; i < A0L_SWAP_SLOTS; i++)
		atomic_init(&s->held[i], NULL);
	atomic_init(&s->n_slots, 0);
}

int a0l_swap_slot(struct a0l_swap *s)
{
	unsigned i = atomic_fetch_add(&s->n_slots, 1);
	return i < A0L_SWAP_SLOTS ? (int)i : -1;
}

void *a0l_swap_acquire(struct a0l_swap *s, int slot)
{
	void *p;

	/* Announce, then check that it is still current: a writer that
	 * replaced it before the announcement was seen is noticed here, one
	 * that replaces it after sees the announcement and waits. */
	do {
		p = atomic_load(&s->current);
		atomic_store(&s->held[slot], p);
	} while (atomic_load(&s->current) != p);
	return p;
}

void a0l_swap_release(struct a0l_swap *s, int slot)
{
	atomic_store(&s->held[slot], NULL);
}

void *a0l_swap_publish(struct a0l_swap *s, void *next)
{
	void *old = atomic_exchange(&s->current, next);
	unsigned n = atomic_load(&s->n_slots);

	if (n > A0L_SWAP_SLOTS)
		n = A0L_SWAP_SLOTS;
	for (unsigned i = 0; i < n; i++)
		while (old != NULL && atomic_load(&s->held[i]) == old)
			sched_yield(); /* a decision takes microseconds */
	return old;
}
