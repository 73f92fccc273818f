// SPDX-License-Identifier: MIT

// Package auth0logout is the Go binding of libauth0logout: the decision
// behind Auth0's GET /v2/logout (redirect to returnTo, show the logged-out
// page, or refuse), made by the C library itself through cgo.
//
//	store, err := auth0logout.NewMemStore(
//		[]string{"https://www.example.com"},
//		map[string][]string{"AbC123": {"https://app.example.com/bye"}})
//	if err != nil { ... }
//	defer store.Free()
//	d := auth0logout.Decide(store, "client_id=AbC123")
//	// d.Outcome == "redirect", d.Status == 302,
//	// d.Location == "https://app.example.com/bye"
//
// Allow-lists can also come from a config file (LoadConfig, through
// libauth0logout-config) or from a Store implemented in Go.
//
// Objects that own C memory (AllowList, MemStore) have Free; a finalizer
// frees them too when they become unreachable, as a backstop.  Built
// lists and stores are immutable and may be shared by any number of
// goroutines; Free waits for the decisions using them to end.
//
// At init the package checks that the C structs it fills (as the header
// it was compiled against lays them out) have the sizes the loaded
// library reports; a library with another ABI panics there, before any
// decision is made.
package auth0logout

/*
#include <stdlib.h>
#include <auth0logout.h>
#include <auth0logout/config.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"strings"
)

// Library status codes (auth0logout_status) the binding's callers meet.
const (
	StatusOK              = 0
	StatusInvalidArgument = 1
	StatusUnknownClient   = 50
	StatusNotAllowed      = 51
	StatusStoreFailed     = 52
	StatusConfigIO        = 70
)

// Version is the version of the loaded core library, e.g. "0.4.0".
func Version() string { return C.GoString(C.auth0logout_version()) }

// ConfigVersion is the version of the loaded config library.
func ConfigVersion() string { return C.GoString(C.auth0logout_config_version()) }

// StatusName is the library's stable name of a status ("ok",
// "url_userinfo", ...; "unknown" for a value that is not a status).
func StatusName(status int) string {
	return C.GoString(C.auth0logout_status_name(C.int(status)))
}

// StatusMessage is the library's one-sentence description of a status.
func StatusMessage(status int) string {
	return C.GoString(C.auth0logout_status_message(C.int(status)))
}

// StructSize compares one C struct as this binding was compiled against
// it (Binding) with the loaded library's *_size() function (Library).
type StructSize struct {
	Name             string
	Binding, Library uintptr
}

// StructSizes lists every C struct the binding fills or reads.
func StructSizes() []StructSize {
	return []StructSize{
		{"auth0logout_decision", C.sizeof_auth0logout_decision,
			uintptr(C.auth0logout_decision_size())},
		{"auth0logout_store", C.sizeof_auth0logout_store,
			uintptr(C.auth0logout_store_size())},
		{"auth0logout_diag", C.sizeof_auth0logout_diag,
			uintptr(C.auth0logout_diag_size())},
		{"auth0logout_config_diag", C.sizeof_auth0logout_config_diag,
			uintptr(C.auth0logout_config_diag_size())},
		{"auth0logout_config_options", C.sizeof_auth0logout_config_options,
			uintptr(C.auth0logout_config_options_size())},
		{"auth0logout_oidc_env", C.sizeof_auth0logout_oidc_env,
			uintptr(C.auth0logout_oidc_env_size())},
		{"auth0logout_verifier", C.sizeof_auth0logout_verifier,
			uintptr(C.auth0logout_verifier_size())},
	}
}

// CheckABI returns an error when a struct size differs between the header
// the binding was compiled against and the loaded library, or when the
// library is not of the 0.x API.
func CheckABI() error {
	var bad []string
	for _, s := range StructSizes() {
		if s.Binding != s.Library {
			bad = append(bad, fmt.Sprintf("%s is %d bytes in the library "+
				"but %d in this binding", s.Name, s.Library, s.Binding))
		}
	}
	if v := Version(); !strings.HasPrefix(v, "0.") {
		bad = append(bad, "the loaded library is "+v+
			", this binding is for the 0.x API")
	}
	if len(bad) > 0 {
		return errors.New("auth0logout: the loaded library has another " +
			"ABI: " + strings.Join(bad, "; "))
	}
	return nil
}

// decideBufSize is the buffer a decision needs, as the loaded library
// says.
var decideBufSize = C.auth0logout_decide_buffer_size()

// oidcBufSize is the buffer an /oidc/logout decision needs.
var oidcBufSize = C.auth0logout_oidc_buffer_size()

func init() {
	if err := CheckABI(); err != nil {
		panic(err)
	}
}

// Error is a failure the core library reported (compiling an allow-list,
// building a store): its status and where.
type Error struct {
	Status int    // the auth0logout_status
	Code   string // its name ("entry_no_scheme", ...)
	Client string // the client being added, or "" (the tenant's list)
	Index  int    // 0-based entry at fault, or -1
	Offset int    // byte offset in that entry, or -1
	Text   string // the library's message
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("auth0logout: ")
	if e.Client != "" {
		fmt.Fprintf(&b, "client %q: ", e.Client)
	}
	if e.Index >= 0 {
		fmt.Fprintf(&b, "entry %d: ", e.Index)
	}
	if e.Text != "" {
		b.WriteString(e.Text)
	} else {
		b.WriteString(StatusMessage(e.Status))
	}
	fmt.Fprintf(&b, " (%s)", e.Code)
	return b.String()
}

func sizeIndex(v C.size_t) int {
	if v == ^C.size_t(0) {
		return -1
	}
	return int(v)
}

func newError(st C.int, diag *C.auth0logout_diag) *Error {
	e := &Error{Status: int(st), Code: StatusName(int(st)), Index: -1,
		Offset: -1}
	if diag != nil {
		e.Index = sizeIndex(diag.index)
		e.Offset = sizeIndex(diag.offset)
		e.Text = C.GoString(&diag.text[0])
	}
	return e
}

// ErrClosed is returned when a freed list or store is used.
var ErrClosed = errors.New("auth0logout: used after Free")
