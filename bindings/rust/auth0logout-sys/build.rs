// SPDX-License-Identifier: MIT
//! Links libauth0logout-config and libauth0logout (shared).
//!
//! Where from, in this order:
//!
//! 1. AUTH0LOGOUT_LIB_DIR: a directory holding libauth0logout.so and
//!    libauth0logout-config.so (a build tree: `make lib config` puts
//!    them in build/);
//! 2. `pkg-config --libs auth0logout-config` (an installed library;
//!    PKG_CONFIG_PATH as usual);
//! 3. the linker's default search path.
//!
//! The directory found (1, or pkg-config's -L) is passed on to dependent
//! build scripts as DEP_AUTH0LOGOUT_LIB_DIR.
use std::env;
use std::process::Command;

fn link_default() {
    println!("cargo:rustc-link-lib=dylib=auth0logout-config");
    println!("cargo:rustc-link-lib=dylib=auth0logout");
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=AUTH0LOGOUT_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");

    if let Some(dir) = env::var_os("AUTH0LOGOUT_LIB_DIR") {
        let dir = dir.to_string_lossy().into_owned();
        if !dir.is_empty() {
            println!("cargo:rustc-link-search=native={}", dir);
            println!("cargo:lib_dir={}", dir);
            link_default();
            return;
        }
    }

    let out = Command::new("pkg-config")
        .args(["--libs", "auth0logout-config"])
        .output();
    match out {
        Ok(out) if out.status.success() => {
            let libs = String::from_utf8_lossy(&out.stdout).into_owned();
            let mut linked = false;
            for tok in libs.split_whitespace() {
                if let Some(dir) = tok.strip_prefix("-L") {
                    println!("cargo:rustc-link-search=native={}", dir);
                    println!("cargo:lib_dir={}", dir);
                } else if let Some(lib) = tok.strip_prefix("-l") {
                    println!("cargo:rustc-link-lib=dylib={}", lib);
                    linked = true;
                }
            }
            if !linked {
                link_default();
            }
        }
        _ => {
            println!(
                "cargo:warning=auth0logout-sys: neither AUTH0LOGOUT_LIB_DIR nor \
                 `pkg-config auth0logout-config` found the library; linking \
                 -lauth0logout-config -lauth0logout from the default path"
            );
            link_default();
        }
    }
}
