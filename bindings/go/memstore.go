// SPDX-License-Identifier: MIT

package auth0logout

/*
#include <stdlib.h>
#include <auth0logout.h>
#include "helpers.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"unsafe"
)

// MemStore is the library's in-memory store (auth0logout_memstore): the
// tenant's list and clients by client_id.  Built once, then immutable and
// safe for any number of goroutines.  Free it when done (a finalizer does
// it otherwise); Free waits for decisions using it to end, and a decision
// on a freed store is a server_error (500).
type MemStore struct {
	mu    sync.RWMutex // held (read) by decisions on the store
	ms    *C.auth0logout_memstore
	store *C.auth0logout_store // C memory: the store interface
}

// ErrUnknownClient is what a Store's ClientList returns (or wraps) for a
// client_id it does not know: an invalid_request (400) decision.
var ErrUnknownClient = errors.New("auth0logout: unknown client")

// wrapMemStore freezes ms and takes ownership of it.
func wrapMemStore(ms *C.auth0logout_memstore) (*MemStore, error) {
	store := (*C.auth0logout_store)(C.calloc(1, C.sizeof_auth0logout_store))
	if store == nil {
		C.auth0logout_memstore_free(ms)
		return nil, &Error{Status: 2, Code: StatusName(2), Index: -1,
			Offset: -1}
	}
	if st := C.auth0logout_memstore_get(ms, store); st != C.AUTH0LOGOUT_OK {
		C.free(unsafe.Pointer(store))
		C.auth0logout_memstore_free(ms)
		return nil, newError(C.int(st), nil)
	}
	m := &MemStore{ms: ms, store: store}
	runtime.SetFinalizer(m, (*MemStore).Free)
	return m, nil
}

// NewMemStore builds a store from the tenant's Allowed Logout URLs and
// each client's (client_id: URLs).  The error is an *Error naming the
// client (Client, "" for the tenant) and the entry at fault.
func NewMemStore(tenant []string, clients map[string][]string) (*MemStore, error) {
	ms := C.auth0logout_memstore_new()
	if ms == nil {
		return nil, &Error{Status: 2, Code: StatusName(2), Index: -1,
			Offset: -1}
	}
	fail := func(err error, client string) (*MemStore, error) {
		C.auth0logout_memstore_free(ms)
		var e *Error
		if errors.As(err, &e) {
			e.Client = client
		}
		return nil, err
	}
	list, err := compileArray(tenant)
	if err != nil {
		return fail(err, "")
	}
	// The store takes the list on success and on failure.
	if st := C.auth0logout_memstore_set_tenant(ms, list); st != C.AUTH0LOGOUT_OK {
		return fail(newError(C.int(st), nil), "")
	}
	ids := make([]string, 0, len(clients))
	for id := range clients {
		ids = append(ids, id)
	}
	sort.Strings(ids) // deterministic errors
	for _, id := range ids {
		list, err := compileArray(clients[id])
		if err != nil {
			return fail(err, id)
		}
		cid := C.CString(id)
		st := C.auth0logout_memstore_add_client(ms, cid, C.size_t(len(id)),
			list)
		C.free(unsafe.Pointer(cid))
		if st != C.AUTH0LOGOUT_OK {
			return fail(newError(C.int(st), nil), id)
		}
	}
	return wrapMemStore(ms)
}

// Free frees the store and its lists (idempotent).
func (m *MemStore) Free() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ms != nil {
		C.auth0logout_memstore_free(m.ms)
		C.free(unsafe.Pointer(m.store))
		m.ms, m.store = nil, nil
	}
	runtime.SetFinalizer(m, nil)
}

// Close is Free, for io.Closer.
func (m *MemStore) Close() error { m.Free(); return nil }

// ClientCount is the number of clients (0 once freed).
func (m *MemStore) ClientCount() int {
	if m == nil {
		return 0
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ms == nil {
		return 0
	}
	return int(C.auth0logout_memstore_client_count(m.ms))
}

func (m *MemStore) borrowed(p *C.auth0logout_allowlist) *AllowList {
	if p == nil {
		return nil
	}
	return &AllowList{ptr: p, owner: m}
}

// TenantList is the tenant's list, borrowed from the store (nil: empty),
// so that a Go Store can serve from a MemStore.
func (m *MemStore) TenantList() (*AllowList, error) {
	if m == nil {
		return nil, ErrClosed
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ms == nil {
		return nil, ErrClosed
	}
	var out *C.auth0logout_allowlist
	if st := C.a0l_go_call_tenant(m.store, &out); st != C.AUTH0LOGOUT_OK {
		return nil, newError(st, nil)
	}
	return m.borrowed(out), nil
}

// ClientList is the client's list, borrowed from the store (nil: empty),
// or ErrUnknownClient.
func (m *MemStore) ClientList(clientID string) (*AllowList, error) {
	if m == nil {
		return nil, ErrClosed
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ms == nil {
		return nil, ErrClosed
	}
	cid := C.CString(clientID)
	defer C.free(unsafe.Pointer(cid))
	var out *C.auth0logout_allowlist
	st := C.a0l_go_call_client(m.store, cid, C.size_t(len(clientID)), &out)
	switch st {
	case C.AUTH0LOGOUT_OK:
		return m.borrowed(out), nil
	case C.AUTH0LOGOUT_E_UNKNOWN_CLIENT:
		return nil, fmt.Errorf("%w %q", ErrUnknownClient, clientID)
	}
	return nil, newError(st, nil)
}
