// SPDX-License-Identifier: MIT

//go:build auth0logout_pkgconfig

package auth0logout

// With -tags auth0logout_pkgconfig: flags from the installed
// auth0logout-config.pc (which requires auth0logout.pc); set
// PKG_CONFIG_PATH for a prefix pkg-config does not search.

// #cgo pkg-config: auth0logout-config
import "C"
