// SPDX-License-Identifier: MIT

//go:build !auth0logout_pkgconfig

package auth0logout

// Linked by name: an installed library in the compiler's default paths
// (/usr/local with the default PREFIX), or a build directory given as
//
//	CGO_CFLAGS=-I$SRCDIR/include CGO_LDFLAGS=-L$BUILD
//
// (and LD_LIBRARY_PATH=$BUILD at run time).  Build with
// -tags auth0logout_pkgconfig to ask pkg-config instead.

// #cgo LDFLAGS: -lauth0logout-config -lauth0logout
import "C"
