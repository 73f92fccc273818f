// SPDX-License-Identifier: MIT

package auth0logout

/*
#include <stdlib.h>
#include <auth0logout.h>
#include <auth0logout/config.h>
#include "helpers.h"
*/
import "C"

import (
	"runtime"
	"runtime/cgo"
	"sync"
	"unsafe"
)

// OidcSettings are what a config says for /oidc/logout
// (auth0logout_config_oidc): the issuer and keys of the reference
// verifier (OpenSSL), each client's pinned algorithm and HS256 secret,
// the tenant's sessions.oidc_logout_prompt_enabled and enabled_locales.
// Immutable once built (but for SetMaxAge before first use) and safe to
// share between goroutines.  Free it when done (a finalizer does it
// otherwise); Free waits for decisions using it, and a decision with freed
// settings fails closed (500).
type OidcSettings struct {
	mu sync.RWMutex // held (read) by decisions using the settings
	p  *C.auth0logout_config_oidc
}

func wrapOidc(p *C.auth0logout_config_oidc) *OidcSettings {
	o := &OidcSettings{p: p}
	runtime.SetFinalizer(o, (*OidcSettings).Free)
	return o
}

// LoadOidcSettings reads the config at path (as LoadConfig does) and
// builds its /oidc/logout settings (oidc.jwks_file relative to the
// config's directory).  A config without an "oidc" object gives settings
// with no issuer: every id_token_hint is then invalid.  The error is a
// *ConfigError.
func LoadOidcSettings(path string) (*OidcSettings, error) {
	return LoadOidcSettingsWith(path, nil)
}

// LoadOidcSettingsWith is LoadOidcSettings with options (nil: none).
func LoadOidcSettingsWith(path string, opt *ConfigOptions) (*OidcSettings, error) {
	p := C.CString(path)
	defer C.free(unsafe.Pointer(p))
	var cfg *C.auth0logout_config
	var diag C.auth0logout_config_diag
	var st C.auth0logout_status
	withOptions(opt, func(o *C.auth0logout_config_options) {
		st = C.auth0logout_config_read_file(p, C.size_t(len(path)), o, &cfg,
			&diag)
	})
	if st != C.AUTH0LOGOUT_OK {
		return nil, newConfigError(st, &diag)
	}
	defer C.auth0logout_config_free(cfg)
	var oidc *C.auth0logout_config_oidc
	if st = C.auth0logout_config_oidc_new(cfg, &oidc, &diag); st != C.AUTH0LOGOUT_OK {
		return nil, newConfigError(st, &diag)
	}
	return wrapOidc(oidc), nil
}

// NewEmptyOidcSettings are the settings of a config without "oidc" and
// without clients: no issuer (every id_token_hint is invalid), prompts
// when R8.7 asks for one, no enabled_locales.
func NewEmptyOidcSettings() (*OidcSettings, error) {
	var oidc *C.auth0logout_config_oidc
	var diag C.auth0logout_config_diag
	if st := C.auth0logout_config_oidc_new_empty(&oidc, &diag); st != C.AUTH0LOGOUT_OK {
		return nil, newConfigError(st, &diag)
	}
	return wrapOidc(oidc), nil
}

// SetMaxAge makes tokens whose iat is more than seconds in the past
// invalid (0, the default: exp and iat are not enforced).  Call it before
// sharing the settings.
func (o *OidcSettings) SetMaxAge(seconds int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.p != nil {
		C.auth0logout_config_oidc_set_max_age(o.p, C.long(seconds))
	}
}

// Issuer is the configured issuer, or "" when there is none.
func (o *OidcSettings) Issuer() string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	if o.p == nil {
		return ""
	}
	return cName(C.auth0logout_config_oidc_issuer(o.p))
}

// Free releases the settings' C memory, once the decisions using them
// have ended.  Safe to call more than once.
func (o *OidcSettings) Free() {
	if o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.p != nil {
		C.auth0logout_config_oidc_free(o.p)
		o.p = nil
	}
	runtime.SetFinalizer(o, nil)
}

// Close is Free, for io.Closer.
func (o *OidcSettings) Close() error {
	o.Free()
	return nil
}

// DecideOIDC decides one /oidc/logout request (R8): query is a GET's
// query string (or request target, or absolute URL) or, with form, a
// POST's application/x-www-form-urlencoded body.  settings bring the
// reference verifier of id_token_hint and the tenant's prompt and
// enabled_locales (nil: no verifier, so every id_token_hint is invalid;
// prompts enabled; no locales).  sessionSID is the sid of the browser's
// session when the adapter knows it (R8.7), else "".  Check Confirm (ask
// the user first) and Locale besides what Decide returns.  Never fails: a
// nil or freed store or freed settings, a store error or a panic is a
// server_error (500) decision.  Safe to call from any number of
// goroutines at once.
func DecideOIDC(store Store, settings *OidcSettings, query string, form bool,
	sessionSID string) Decision {
	var oidc unsafe.Pointer
	if settings != nil {
		settings.mu.RLock()
		defer settings.mu.RUnlock()
		if settings.p == nil {
			store = nil // freed settings: fail closed
		}
		oidc = unsafe.Pointer(settings.p)
	}
	switch s := store.(type) {
	case nil:
		return decideOidcC(nil, 0, false, oidc, query, form, sessionSID)
	case *MemStore:
		if s == nil {
			return decideOidcC(nil, 0, false, oidc, query, form, sessionSID)
		}
		s.mu.RLock()
		defer s.mu.RUnlock()
		return decideOidcC(s.store, 0, false, oidc, query, form, sessionSID)
	}
	c := &decideCtx{store: store}
	h := cgo.NewHandle(c)
	defer h.Delete()
	defer c.releaseAll()
	d := decideOidcC(nil, uintptr(h), true, oidc, query, form, sessionSID)
	d.StoreError = c.err
	return d
}

// decideOidcC runs auth0logout_decide_oidc_query; the query, the sid, the
// buffer and the decision are C memory, freed on return.
func decideOidcC(store *C.auth0logout_store, handle uintptr, goStore bool,
	oidc unsafe.Pointer, query string, form bool, sid string) Decision {
	dsize := C.size_t(C.sizeof_auth0logout_decision)
	qlen, slen := C.size_t(len(query)), C.size_t(len(sid))
	mem := C.malloc(dsize + oidcBufSize + qlen + slen + 2)
	if mem == nil {
		panic("auth0logout: out of memory")
	}
	defer C.free(mem)
	d := (*C.auth0logout_decision)(mem)
	buf := (*C.char)(unsafe.Add(mem, dsize))
	q := unsafe.Add(mem, dsize+oidcBufSize)
	copy(unsafe.Slice((*byte)(q), len(query)), query)
	var s *C.char
	if sid != "" {
		sp := unsafe.Add(q, qlen+1)
		copy(unsafe.Slice((*byte)(sp), len(sid)), sid)
		s = (*C.char)(sp)
	}
	g := C.int(0)
	if goStore {
		g = 1
	}
	flags := C.uint(0)
	if form {
		flags = C.AUTH0LOGOUT_OIDC_FORM
	}
	C.a0l_go_decide_oidc(store, C.uintptr_t(handle), g, oidc, s, slen,
		(*C.char)(q), qlen, flags, buf, oidcBufSize, d)
	return goDecision(d)
}
