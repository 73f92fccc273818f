// SPDX-License-Identifier: MIT

package auth0logout

// This file has //export functions: its preamble may only declare.

/*
#include <stdint.h>
#include <auth0logout.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime/cgo"
)

// Store is where a decision finds allow-lists (R2), implemented in Go:
// back it with your own data.  *MemStore is one.
//
// TenantList returns the tenant's list.  ClientList returns the list of
// clientID, or an error wrapping ErrUnknownClient when there is no such
// client (an invalid_request, 400).  A nil list with a nil error is an
// empty list.  Any other error, and a panic, is a store failure: a
// server_error (500) decision, never a redirect (R2.4); the decision's
// StoreError says what it was.
//
// A list returned must not be freed before the decision ends (Free waits
// for it).  The methods must be safe to call from as many goroutines as
// decide on the store at once.
type Store interface {
	TenantList() (*AllowList, error)
	ClientList(clientID string) (*AllowList, error)
}

// decideCtx is what the store trampolines find behind their ctx, a
// cgo.Handle: one per decision, used by the goroutine deciding only.
type decideCtx struct {
	store Store
	held  map[*AllowList]bool
	owner map[*MemStore]bool
	err   error // the first store failure
}

func (c *decideCtx) fail(err error) C.int {
	if c.err == nil {
		c.err = err
	}
	return C.AUTH0LOGOUT_E_STORE_FAILED
}

// hold keeps l (and the store it is borrowed from) from being freed until
// the decision ends; nil when it has been freed already.
func (c *decideCtx) hold(l *AllowList) *C.auth0logout_allowlist {
	if !c.held[l] {
		l.mu.RLock()
		if c.held == nil {
			c.held = map[*AllowList]bool{}
		}
		c.held[l] = true
	}
	if m := l.owner; m != nil && !c.owner[m] {
		m.mu.RLock()
		if c.owner == nil {
			c.owner = map[*MemStore]bool{}
		}
		c.owner[m] = true
	}
	if l.owner != nil && l.owner.ms == nil {
		return nil
	}
	return l.ptr
}

// releaseAll ends the holds, once the C decision has returned.
func (c *decideCtx) releaseAll() {
	for l := range c.held {
		l.mu.RUnlock()
	}
	for m := range c.owner {
		m.mu.RUnlock()
	}
	c.held, c.owner = nil, nil
}

func (c *decideCtx) hand(l *AllowList, err error, client bool,
	out **C.auth0logout_allowlist) C.int {
	*out = nil
	if err != nil {
		if client && errors.Is(err, ErrUnknownClient) {
			return C.AUTH0LOGOUT_E_UNKNOWN_CLIENT
		}
		return c.fail(err)
	}
	if l == nil {
		return C.AUTH0LOGOUT_OK
	}
	p := c.hold(l)
	if p == nil {
		return c.fail(ErrClosed)
	}
	*out = p
	return C.AUTH0LOGOUT_OK
}

// recovered turns a panic in a Go store into a store failure: nothing may
// unwind through the C frames of the decision.
func recovered(h C.uintptr_t, r interface{}, rc *C.int,
	out **C.auth0logout_allowlist) {
	*rc = C.AUTH0LOGOUT_E_STORE_FAILED
	*out = nil
	defer func() { _ = recover() }() // an invalid handle panics too
	if c, ok := cgo.Handle(h).Value().(*decideCtx); ok {
		c.fail(fmt.Errorf("auth0logout: the store panicked: %v", r))
	}
}

//export a0lGoTenantList
func a0lGoTenantList(h C.uintptr_t, out **C.auth0logout_allowlist) (rc C.int) {
	defer func() {
		if r := recover(); r != nil {
			recovered(h, r, &rc, out)
		}
	}()
	c := cgo.Handle(h).Value().(*decideCtx)
	l, err := c.store.TenantList()
	return c.hand(l, err, false, out)
}

//export a0lGoClientList
func a0lGoClientList(h C.uintptr_t, id *C.char, n C.size_t,
	out **C.auth0logout_allowlist) (rc C.int) {
	defer func() {
		if r := recover(); r != nil {
			recovered(h, r, &rc, out)
		}
	}()
	c := cgo.Handle(h).Value().(*decideCtx)
	l, err := c.store.ClientList(C.GoStringN(id, C.int(n)))
	return c.hand(l, err, true, out)
}
