// SPDX-License-Identifier: MIT

package auth0logout

/*
#include <stdlib.h>
#include <auth0logout.h>
#include "helpers.h"
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// Decision is what to answer a logout request (R6.1), copied out of the
// library's buffer: it holds no C memory.
type Decision struct {
	Outcome          string // "redirect", "logged_out" or "error"
	Status           int    // HTTP status: 302, 200, 400 or 500
	Code             string // the library status: "ok", "not_allowed", ...
	Location         string // redirect only
	List             string // the list consulted: "tenant", "client" or ""
	Matched          string // redirect only: the entry as written
	Error            string // "invalid_request", "server_error" or ""
	ErrorDescription string // errors only
	Hint             string // not_allowed only: for humans, do not parse
	Federated        bool   // R3.1: the request's federated flag
	ClientID         string // the client whose list decided, or ""
	// Confirm (R8.7): ask the user to confirm before acting on the
	// decision.  Always false for /v2/logout.
	Confirm bool
	// Locale (R8.8, /oidc/logout only): the language of the adapter's
	// pages, from ui_locales, or "".
	Locale string
	// StoreError is the first failure (error or panic) of a Go Store in
	// this decision, which made it a server_error; nil otherwise.
	StoreError error
}

func cName(p *C.char) string {
	if p == nil {
		return ""
	}
	return C.GoString(p)
}

func cStr(p *C.char, n C.size_t) string {
	if p == nil {
		return ""
	}
	return C.GoStringN(p, C.int(n))
}

// decideC runs auth0logout_decide_query on store (NULL: the library
// fails closed) or, with goStore, on the Go store behind handle.  The
// query, the buffer and the decision are C memory, freed on return.
func decideC(store *C.auth0logout_store, handle uintptr, goStore bool,
	query string) Decision {
	dsize := C.size_t(C.sizeof_auth0logout_decision)
	mem := C.malloc(dsize + decideBufSize + C.size_t(len(query)) + 1)
	if mem == nil {
		panic("auth0logout: out of memory")
	}
	defer C.free(mem)
	d := (*C.auth0logout_decision)(mem)
	buf := (*C.char)(unsafe.Add(mem, dsize))
	q := unsafe.Add(mem, dsize+decideBufSize)
	copy(unsafe.Slice((*byte)(q), len(query)), query)
	g := C.int(0)
	if goStore {
		g = 1
	}
	C.a0l_go_decide(store, C.uintptr_t(handle), g, (*C.char)(q),
		C.size_t(len(query)), buf, decideBufSize, d)
	return goDecision(d)
}

// goDecision copies a C decision out of the library's buffer.
func goDecision(d *C.auth0logout_decision) Decision {
	return Decision{
		Outcome:          cName(C.auth0logout_outcome_name(C.int(d.outcome))),
		Status:           int(d.http_status),
		Code:             StatusName(int(d.status)),
		Location:         cStr(d.location, d.location_len),
		List:             cName(C.auth0logout_list_name(C.int(d.list))),
		Matched:          cStr(d.matched, d.matched_len),
		Error:            cName(C.auth0logout_error_name(C.int(d.error))),
		ErrorDescription: cStr(d.error_description, d.error_description_len),
		Hint:             cStr(d.hint, d.hint_len),
		Federated:        d.federated != 0,
		ClientID:         cStr(d.client_id, d.client_id_len),
		Confirm:          d.confirm != 0,
		Locale:           cStr(d.locale, d.locale_len),
	}
}

// Decide decides a GET /v2/logout request: query is the raw query string
// (or a request target "/v2/logout?...", or an absolute URL), store where
// the allow-lists are.  A *MemStore is used directly by the library; any
// other Store is called back from C.  Never fails: a nil or freed store,
// a store error or a panic is a server_error (500) decision.  Safe to call
// from any number of goroutines at once.
func Decide(store Store, query string) Decision {
	switch s := store.(type) {
	case nil:
		return decideC(nil, 0, false, query)
	case *MemStore:
		return s.decide(query)
	}
	c := &decideCtx{store: store}
	h := cgo.NewHandle(c)
	defer h.Delete()
	defer c.releaseAll()
	d := decideC(nil, uintptr(h), true, query)
	d.StoreError = c.err
	return d
}

func (m *MemStore) decide(query string) Decision {
	if m == nil {
		return decideC(nil, 0, false, query)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return decideC(m.store, 0, false, query) // NULL once freed
}
