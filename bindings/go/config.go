// SPDX-License-Identifier: MIT

package auth0logout

/*
#include <stdlib.h>
#include <auth0logout.h>
#include <auth0logout/config.h>
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// ConfigError is why a config could not be loaded
// (auth0logout_config_diag).
type ConfigError struct {
	Status       int    // an auth0logout_status (config_io, config_syntax, ...)
	Code         string // its name
	Client       int    // 0-based client at fault, or -1 (tenant, whole file)
	Entry        int    // 0-based entry in its allowed_logout_urls, or -1
	Line, Column int    // 1-based place of a syntax error, or 0
	File         string
	Where        string // "tenant", "clients[1] (client_id \"AbC123\")", ...
	Reason       string
	Text         string // the whole message
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("auth0logout: %s (%s)", e.Text, e.Code)
}

func newConfigError(st C.auth0logout_status,
	d *C.auth0logout_config_diag) *ConfigError {
	return &ConfigError{
		Status: int(st), Code: StatusName(int(st)),
		Client: sizeIndex(d.client), Entry: sizeIndex(d.entry),
		Line: int(d.line), Column: int(d.column),
		File:   C.GoString(&d.file[0]),
		Where:  C.GoString(&d.where[0]),
		Reason: C.GoString(&d.reason[0]),
		Text:   C.GoString(&d.text[0]),
	}
}

// ConfigOptions are how to read a config (auth0logout_config_options).
type ConfigOptions struct {
	// Defines are "KEY=VALUE" values of ##KEY## placeholders (--define).
	Defines []string
	// ClientIDFromName keys a client without client_id by its name
	// (auth0-deploy-cli exports).
	ClientIDFromName bool
	// Environment lets placeholders come from the environment, as the
	// variables EnvPrefix+KEY.
	Environment bool
	EnvPrefix   string
}

// withOptions calls f with opt as C options (NULL for nil) that live
// until f returns.
func withOptions(opt *ConfigOptions,
	f func(*C.auth0logout_config_options)) {
	if opt == nil {
		f(nil)
		return
	}
	o := (*C.auth0logout_config_options)(C.calloc(1,
		C.sizeof_auth0logout_config_options))
	if o == nil {
		panic("auth0logout: out of memory")
	}
	defer C.free(unsafe.Pointer(o))
	defs := newCArray(opt.Defines)
	defer defs.free()
	o.defines, o.define_lens, o.n_defines = defs.ptrs, defs.lens, defs.n
	if opt.ClientIDFromName {
		o.flags |= C.AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME
	}
	if opt.Environment {
		o.flags |= C.AUTH0LOGOUT_CONFIG_ENVIRONMENT
		if opt.EnvPrefix != "" {
			o.env_prefix = C.CString(opt.EnvPrefix)
			defer C.free(unsafe.Pointer(o.env_prefix))
		}
	}
	f(o)
}

// LoadConfig reads the config at path (Management API JSON, YAML, or an
// auth0-deploy-cli directory export) through libauth0logout-config and
// builds a MemStore from it.  The error is a *ConfigError.
func LoadConfig(path string) (*MemStore, error) {
	return LoadConfigWith(path, nil)
}

// LoadConfigWith is LoadConfig with options (nil: none).
func LoadConfigWith(path string, opt *ConfigOptions) (*MemStore, error) {
	p := C.CString(path)
	defer C.free(unsafe.Pointer(p))
	var ms *C.auth0logout_memstore
	var diag C.auth0logout_config_diag
	var st C.auth0logout_status
	withOptions(opt, func(o *C.auth0logout_config_options) {
		st = C.auth0logout_config_load_file(p, C.size_t(len(path)), o, &ms,
			&diag)
	})
	if st != C.AUTH0LOGOUT_OK {
		return nil, newConfigError(st, &diag)
	}
	return wrapMemStore(ms)
}

// LoadConfigJSON builds a MemStore from a config in memory (JSON, named
// "(config)" in messages).
func LoadConfigJSON(json []byte, opt *ConfigOptions) (*MemStore, error) {
	data := C.CBytes(json)
	defer C.free(data)
	var ms *C.auth0logout_memstore
	var diag C.auth0logout_config_diag
	var st C.auth0logout_status
	withOptions(opt, func(o *C.auth0logout_config_options) {
		st = C.auth0logout_config_load_json((*C.char)(data),
			C.size_t(len(json)), o, &ms, &diag)
	})
	if st != C.AUTH0LOGOUT_OK {
		return nil, newConfigError(st, &diag)
	}
	return wrapMemStore(ms)
}
