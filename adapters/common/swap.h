/* SPDX-License-Identifier: MIT */
/*
 * Swapping what requests read without stopping them (R9.7): one pointer
 * that readers borrow and a writer replaces.  Readers never wait and never
 * take a lock; a writer waits until no reader still holds the old value,
 * then frees it.  The server reloads its config with it on SIGHUP; a
 * store fed live (R10) can publish its snapshots the same way.
 *
 * Each reader thread takes a slot once (a0l_swap_slot) and then, per
 * request, a0l_swap_acquire and a0l_swap_release.  It is the classic
 * hazard-pointer pattern with sequentially consistent atomics: a reader
 * announces what it read and reads again; a writer replaces the pointer and
 * then looks at every announcement.
 */
#ifndef A0L_SWAP_H
#define A0L_SWAP_H

#include <stdatomic.h>

/* The most reader threads (the server's thread limit). */
#define A0L_SWAP_SLOTS 256

struct a0l_swap {
	_Atomic(void *) current;
	_Atomic(void *) held[A0L_SWAP_SLOTS];
	atomic_uint n_slots;
};

/* Starts with value (may be NULL). */
void a0l_swap_init(struct a0l_swap *s, void *value);

/* A slot for the calling reader thread, or -1 when all are taken. */
int a0l_swap_slot(struct a0l_swap *s);

/* The current value, held until a0l_swap_release(slot). */
void *a0l_swap_acquire(struct a0l_swap *s, int slot);
void a0l_swap_release(struct a0l_swap *s, int slot);

/* Makes next current and returns the old value once no reader holds it:
 * the caller may then free it.  One writer at a time. */
void *a0l_swap_publish(struct a0l_swap *s, void *next);

#endif
