// SPDX-License-Identifier: MIT

package auth0logout

/*
#include <stdlib.h>
#include <string.h>
#include <auth0logout.h>
*/
import "C"

import (
	"runtime"
	"sync"
	"unsafe"
)

// AllowList is a compiled, immutable allow-list (auth0logout_allowlist).
// Free it when done (a finalizer does it otherwise).  A list handed out by
// a MemStore (TenantList, ClientList) is borrowed: it lives as long as the
// store, and its Free does nothing.
type AllowList struct {
	mu    sync.RWMutex // held (read) by decisions that use the list
	ptr   *C.auth0logout_allowlist
	owner *MemStore // borrowed from this store, or nil: owned
}

// cArray is n strings in C memory, as compile_array and the config
// options take them.
type cArray struct {
	ptrs **C.char
	lens *C.size_t
	n    C.size_t
	mem  unsafe.Pointer
}

func newCArray(ss []string) *cArray {
	a := &cArray{n: C.size_t(len(ss))}
	if len(ss) == 0 {
		return a
	}
	total := 0
	for _, s := range ss {
		total += len(s)
	}
	ptrSize := C.size_t(unsafe.Sizeof((*C.char)(nil)))
	n := C.size_t(len(ss))
	a.mem = C.malloc(n*ptrSize + n*C.sizeof_size_t + C.size_t(total) + 1)
	if a.mem == nil {
		panic("auth0logout: out of memory")
	}
	ptrs := unsafe.Slice((**C.char)(a.mem), len(ss))
	lens := unsafe.Slice((*C.size_t)(unsafe.Add(a.mem, n*ptrSize)), len(ss))
	data := unsafe.Add(a.mem, n*ptrSize+n*C.sizeof_size_t)
	bytes := unsafe.Slice((*byte)(data), total+1)
	off := 0
	for i, s := range ss {
		copy(bytes[off:], s)
		ptrs[i] = (*C.char)(unsafe.Add(data, off))
		lens[i] = C.size_t(len(s))
		off += len(s)
	}
	a.ptrs = &ptrs[0]
	a.lens = &lens[0]
	return a
}

func (a *cArray) free() {
	if a.mem != nil {
		C.free(a.mem)
		a.mem = nil
	}
}

// compileArray compiles entries into a C list the caller owns (nil for an
// empty list).
func compileArray(entries []string) (*C.auth0logout_allowlist, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	a := newCArray(entries)
	defer a.free()
	var out *C.auth0logout_allowlist
	var diag C.auth0logout_diag
	st := C.auth0logout_allowlist_compile_array(a.ptrs, a.lens, a.n, &out,
		&diag)
	if st != C.AUTH0LOGOUT_OK {
		return nil, newError(C.int(st), &diag)
	}
	return out, nil
}

func newAllowList(p *C.auth0logout_allowlist) *AllowList {
	l := &AllowList{ptr: p}
	runtime.SetFinalizer(l, (*AllowList).Free)
	return l
}

// NewAllowList compiles entries, the API form of Allowed Logout URLs (one
// URL per entry; an empty entry is refused).  The error is an *Error
// naming the entry and why (R5.7).
func NewAllowList(entries []string) (*AllowList, error) {
	a := newCArray(entries)
	defer a.free()
	var out *C.auth0logout_allowlist
	var diag C.auth0logout_diag
	st := C.auth0logout_allowlist_compile_array(a.ptrs, a.lens, a.n, &out,
		&diag)
	if st != C.AUTH0LOGOUT_OK {
		return nil, newError(C.int(st), &diag)
	}
	return newAllowList(out), nil
}

// ParseAllowList compiles the dashboard form: comma-separated entries,
// surrounding spaces trimmed, empty items skipped (R5.1).
func ParseAllowList(csv string) (*AllowList, error) {
	c := C.CString(csv)
	defer C.free(unsafe.Pointer(c))
	var out *C.auth0logout_allowlist
	var diag C.auth0logout_diag
	st := C.auth0logout_allowlist_compile_csv(c, C.size_t(len(csv)), &out,
		&diag)
	if st != C.AUTH0LOGOUT_OK {
		return nil, newError(C.int(st), &diag)
	}
	return newAllowList(out), nil
}

// Free frees the list (idempotent; nothing for a borrowed list).  It
// waits for the decisions using the list to end.
func (l *AllowList) Free() {
	if l == nil || l.owner != nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ptr != nil {
		C.auth0logout_allowlist_free(l.ptr)
	}
	l.ptr = nil
	runtime.SetFinalizer(l, nil)
}

// Close is Free, for io.Closer.
func (l *AllowList) Close() error { l.Free(); return nil }

// Len is the number of entries (0 for a freed list).
func (l *AllowList) Len() int {
	if l == nil {
		return 0
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.owner != nil {
		l.owner.mu.RLock()
		defer l.owner.mu.RUnlock()
		if l.owner.ms == nil {
			return 0
		}
	}
	return int(C.auth0logout_allowlist_count(l.ptr))
}

// Entries are the entries as written.
func (l *AllowList) Entries() []string {
	if l == nil {
		return nil
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.owner != nil {
		l.owner.mu.RLock()
		defer l.owner.mu.RUnlock()
		if l.owner.ms == nil {
			return nil
		}
	}
	n := int(C.auth0logout_allowlist_count(l.ptr))
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		var ln C.size_t
		p := C.auth0logout_allowlist_entry(l.ptr, C.size_t(i), &ln)
		out = append(out, C.GoStringN(p, C.int(ln)))
	}
	return out
}
