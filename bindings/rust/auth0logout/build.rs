// SPDX-License-Identifier: MIT
//! When auth0logout-sys linked a library from a directory of its own
//! (AUTH0LOGOUT_LIB_DIR, or pkg-config's -L), this crate's own tests get
//! that directory as their run path, so that `cargo test` runs against the
//! library it linked.  (Cargo before 1.6x does not pass it to doc-tests:
//! set LD_LIBRARY_PATH too.)  Crates that depend on this one do not
//! inherit it.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_AUTH0LOGOUT_LIB_DIR");
    if let Ok(dir) = std::env::var("DEP_AUTH0LOGOUT_LIB_DIR") {
        if !dir.is_empty() {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir);
        }
    }
}
