// SPDX-License-Identifier: MIT
//! Every struct auth0logout-sys mirrors has the size the loaded library
//! reports (auth0logout_*_size()).
use auth0logout::sys;

#[test]
fn mirrored_struct_sizes_match_the_library() {
    let all = sys::layouts();
    let names: Vec<&str> = all.iter().map(|l| l.name).collect();
    for want in [
        "auth0logout_decision",
        "auth0logout_store",
        "auth0logout_diag",
        "auth0logout_request",
        "auth0logout_oidc_request",
        "auth0logout_oidc_env",
        "auth0logout_claims",
        "auth0logout_verifier",
        "auth0logout_config_options",
        "auth0logout_config_diag",
    ] {
        assert!(names.contains(&want), "{} is not checked", want);
    }
    for l in &all {
        assert_eq!(l.mirror, l.library, "{}: mirror {} bytes, library {}", l.name, l.mirror, l.library);
    }
    assert!(sys::check_layout().is_ok());
    // SAFETY: no arguments.
    let n = unsafe { sys::auth0logout_decide_buffer_size() };
    assert_eq!(auth0logout::DecideBuffer::new().len(), n);
    // SAFETY: no arguments.
    let oidc = unsafe { sys::auth0logout_oidc_buffer_size() };
    assert!(oidc >= n, "the /oidc/logout buffer holds a /v2/logout decision too");
    assert_eq!(auth0logout::DecideBuffer::for_oidc().len(), oidc);
}
