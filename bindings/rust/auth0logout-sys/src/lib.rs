// SPDX-License-Identifier: MIT
//! Raw declarations of libauth0logout (`include/auth0logout.h`) and the parts
//! of libauth0logout-config (`include/auth0logout/config.h`) the safe crate
//! uses.  The structs are `#[repr(C)]` mirrors of the header's; the library
//! reports the size of each (`auth0logout_*_size()`), and [`check_layout`]
//! compares them, so a mirror that drifts from the library it runs against
//! is found before it is used.
//!
//! Everything here is `unsafe` to call; use the `auth0logout` crate.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_long, c_uint, c_void};

// ---- status codes (auth0logout_status) -------------------------------------

pub type auth0logout_status = c_int;
pub const AUTH0LOGOUT_OK: c_int = 0;
pub const AUTH0LOGOUT_E_INVALID_ARGUMENT: c_int = 1;
pub const AUTH0LOGOUT_E_NOMEM: c_int = 2;
pub const AUTH0LOGOUT_E_BUFFER_TOO_SMALL: c_int = 3;
pub const AUTH0LOGOUT_E_UNKNOWN_CLIENT: c_int = 50;
pub const AUTH0LOGOUT_E_NOT_ALLOWED: c_int = 51;
pub const AUTH0LOGOUT_E_STORE_FAILED: c_int = 52;
pub const AUTH0LOGOUT_E_DUPLICATE_CLIENT: c_int = 60;
pub const AUTH0LOGOUT_E_STORE_FROZEN: c_int = 61;
pub const AUTH0LOGOUT_E_CONFIG_IO: c_int = 70;
pub const AUTH0LOGOUT_E_CONFIG_SYNTAX: c_int = 71;
pub const AUTH0LOGOUT_E_CONFIG_SHAPE: c_int = 72;
pub const AUTH0LOGOUT_E_CONFIG_PLACEHOLDER: c_int = 73;
pub const AUTH0LOGOUT_E_CONFIG_UNSUPPORTED: c_int = 74;
pub const AUTH0LOGOUT_E_CONFIG_KEY: c_int = 75;
// R8 /oidc/logout (since 0.3)
pub const AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG: c_int = 80;
pub const AUTH0LOGOUT_E_OIDC_PARAM_CONTROL: c_int = 81;
pub const AUTH0LOGOUT_E_OIDC_FEDERATED: c_int = 82;
pub const AUTH0LOGOUT_E_OIDC_TOKEN_INVALID: c_int = 83;
pub const AUTH0LOGOUT_E_OIDC_CLIENT_MISMATCH: c_int = 84;
pub const AUTH0LOGOUT_E_OIDC_LOGOUT_HINT: c_int = 85;
pub const AUTH0LOGOUT_E_OIDC_URI_FRAGMENT: c_int = 86;
pub const AUTH0LOGOUT_E_OIDC_LOCALE: c_int = 87;
pub const AUTH0LOGOUT_E_VERIFIER_FAILED: c_int = 88;

// Flags: auth0logout_oidc_request_parse / auth0logout_decide_oidc_query
// (AUTH0LOGOUT_OIDC_FORM), auth0logout_oidc_env.flags
// (AUTH0LOGOUT_OIDC_NO_PROMPT), auth0logout_config_options.flags.
pub const AUTH0LOGOUT_OIDC_FORM: c_uint = 0x1;
pub const AUTH0LOGOUT_OIDC_NO_PROMPT: c_uint = 0x1;
pub const AUTH0LOGOUT_CONFIG_ENVIRONMENT: c_uint = 0x1;
pub const AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME: c_uint = 0x2;

// auth0logout_outcome, auth0logout_list_kind, auth0logout_error_code
pub const AUTH0LOGOUT_OUTCOME_REDIRECT: c_int = 1;
pub const AUTH0LOGOUT_OUTCOME_LOGGED_OUT: c_int = 2;
pub const AUTH0LOGOUT_OUTCOME_ERROR: c_int = 3;
pub const AUTH0LOGOUT_LIST_NONE: c_int = 0;
pub const AUTH0LOGOUT_LIST_TENANT: c_int = 1;
pub const AUTH0LOGOUT_LIST_CLIENT: c_int = 2;
pub const AUTH0LOGOUT_ERROR_NONE: c_int = 0;
pub const AUTH0LOGOUT_ERROR_INVALID_REQUEST: c_int = 1;
pub const AUTH0LOGOUT_ERROR_SERVER_ERROR: c_int = 2;

// ---- opaque types ------------------------------------------------------------

#[repr(C)]
pub struct auth0logout_allowlist {
    _private: [u8; 0],
}
#[repr(C)]
pub struct auth0logout_memstore {
    _private: [u8; 0],
}
/// A config as read (libauth0logout-config).
#[repr(C)]
pub struct auth0logout_config {
    _private: [u8; 0],
}
/// What a config says for /oidc/logout (libauth0logout-config, since 0.3).
#[repr(C)]
pub struct auth0logout_config_oidc {
    _private: [u8; 0],
}

// ---- structs -----------------------------------------------------------------

#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_diag {
    pub status: c_int,
    pub offset: usize,
    pub index: usize,
    pub text: [c_char; 256],
    pub reserved: [u8; 32],
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_request {
    pub return_to: *const c_char,
    pub return_to_len: usize,
    pub client_id: *const c_char,
    pub client_id_len: usize,
    pub federated: c_int,
}

pub type auth0logout_tenant_fn =
    unsafe extern "C" fn(ctx: *mut c_void, out: *mut *const auth0logout_allowlist) -> c_int;
pub type auth0logout_client_fn = unsafe extern "C" fn(
    ctx: *mut c_void,
    client_id: *const c_char,
    client_id_len: usize,
    out: *mut *const auth0logout_allowlist,
) -> c_int;
pub type auth0logout_release_fn =
    unsafe extern "C" fn(ctx: *mut c_void, list: *const auth0logout_allowlist);

#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_store {
    pub ctx: *mut c_void,
    pub tenant_list: Option<auth0logout_tenant_fn>,
    pub client_list: Option<auth0logout_client_fn>,
    pub release: Option<auth0logout_release_fn>,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_decision {
    pub outcome: c_int,
    pub http_status: c_int,
    pub location: *const c_char,
    pub location_len: usize,
    pub federated: c_int,
    pub status: c_int,
    pub error: c_int,
    pub error_description: *const c_char,
    pub error_description_len: usize,
    pub list: c_int,
    pub matched: *const c_char,
    pub matched_len: usize,
    pub hint: *const c_char,
    pub hint_len: usize,
    pub confirm: c_int,
    pub client_id: *const c_char,
    pub client_id_len: usize,
    pub locale: *const c_char,
    pub locale_len: usize,
    pub reserved: [*mut c_void; 6],
}

// ---- /oidc/logout (since 0.3) -------------------------------------------------

/// A parsed /oidc/logout request (R8.1); pointers into the parse scratch.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_oidc_request {
    pub id_token_hint: *const c_char,
    pub id_token_hint_len: usize,
    pub logout_hint: *const c_char,
    pub logout_hint_len: usize,
    pub client_id: *const c_char,
    pub client_id_len: usize,
    pub post_logout_redirect_uri: *const c_char,
    pub post_logout_redirect_uri_len: usize,
    pub state: *const c_char,
    pub state_len: usize,
    pub ui_locales: *const c_char,
    pub ui_locales_len: usize,
    pub federated: c_int,
    pub reserved: [*mut c_void; 4],
}

/// What a verifier found in a valid ID token (R8.10).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_claims {
    pub iss: *const c_char,
    pub iss_len: usize,
    pub sub: *const c_char,
    pub sub_len: usize,
    pub sid: *const c_char,
    pub sid_len: usize,
    pub azp: *const c_char,
    pub azp_len: usize,
    pub aud: *const c_char,
    pub aud_len: usize,
    pub aud_count: usize,
    pub reserved: [*mut c_void; 4],
}

pub type auth0logout_verify_fn = unsafe extern "C" fn(
    ctx: *mut c_void,
    token: *const c_char,
    token_len: usize,
    scratch: *mut c_char,
    scratch_len: usize,
    claims: *mut auth0logout_claims,
) -> c_int;
pub type auth0logout_claims_release_fn =
    unsafe extern "C" fn(ctx: *mut c_void, claims: *const auth0logout_claims);

/// Verifies id_token_hint (R8.10): callbacks, like the store.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_verifier {
    pub ctx: *mut c_void,
    pub verify: Option<auth0logout_verify_fn>,
    pub release: Option<auth0logout_claims_release_fn>,
}

/// What /oidc/logout needs besides the store (R8.7, R8.8, R8.10).  Zero it
/// before setting fields.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_oidc_env {
    pub verifier: *const auth0logout_verifier,
    pub flags: c_uint,
    pub enabled_locales: *const *const c_char,
    pub enabled_locale_lens: *const usize,
    pub enabled_locale_count: usize,
    pub session_sid: *const c_char,
    pub session_sid_len: usize,
    pub reserved: [*mut c_void; 4],
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_config_options {
    pub defines: *const *const c_char,
    pub define_lens: *const usize,
    pub n_defines: usize,
    pub flags: c_uint,
    pub env_prefix: *const c_char,
    pub reserved: [*mut c_void; 4],
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct auth0logout_config_diag {
    pub status: c_int,
    pub client: usize,
    pub entry: usize,
    pub line: usize,
    pub column: usize,
    pub file: [c_char; 256],
    pub where_: [c_char; 384],
    pub reason: [c_char; 512],
    pub text: [c_char; 1280],
    pub reserved: [u8; 64],
}

// ---- libauth0logout ----------------------------------------------------------

extern "C" {
    pub fn auth0logout_version() -> *const c_char;

    pub fn auth0logout_max_query() -> usize;
    pub fn auth0logout_max_url() -> usize;
    pub fn auth0logout_max_client_id() -> usize;
    pub fn auth0logout_decide_buffer_size() -> usize;

    pub fn auth0logout_decision_size() -> usize;
    pub fn auth0logout_request_size() -> usize;
    pub fn auth0logout_store_size() -> usize;
    pub fn auth0logout_diag_size() -> usize;

    pub fn auth0logout_status_name(status: c_int) -> *const c_char;
    pub fn auth0logout_status_message(status: c_int) -> *const c_char;
    pub fn auth0logout_status_rule(status: c_int) -> *const c_char;
    pub fn auth0logout_outcome_name(outcome: c_int) -> *const c_char;
    pub fn auth0logout_list_name(list: c_int) -> *const c_char;
    pub fn auth0logout_error_name(error: c_int) -> *const c_char;

    pub fn auth0logout_client_id_check(
        id: *const c_char,
        len: usize,
        diag: *mut auth0logout_diag,
    ) -> auth0logout_status;

    pub fn auth0logout_allowlist_compile_csv(
        csv: *const c_char,
        csv_len: usize,
        out: *mut *mut auth0logout_allowlist,
        diag: *mut auth0logout_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_allowlist_compile_array(
        entries: *const *const c_char,
        lens: *const usize,
        n: usize,
        out: *mut *mut auth0logout_allowlist,
        diag: *mut auth0logout_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_entry_check(
        entry: *const c_char,
        len: usize,
        diag: *mut auth0logout_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_allowlist_free(list: *mut auth0logout_allowlist);
    pub fn auth0logout_allowlist_count(list: *const auth0logout_allowlist) -> usize;
    pub fn auth0logout_allowlist_entry(
        list: *const auth0logout_allowlist,
        i: usize,
        len: *mut usize,
    ) -> *const c_char;

    pub fn auth0logout_memstore_new() -> *mut auth0logout_memstore;
    pub fn auth0logout_memstore_free(ms: *mut auth0logout_memstore);
    pub fn auth0logout_memstore_set_tenant(
        ms: *mut auth0logout_memstore,
        list: *mut auth0logout_allowlist,
    ) -> auth0logout_status;
    pub fn auth0logout_memstore_add_client(
        ms: *mut auth0logout_memstore,
        client_id: *const c_char,
        client_id_len: usize,
        list: *mut auth0logout_allowlist,
    ) -> auth0logout_status;
    pub fn auth0logout_memstore_client_count(ms: *const auth0logout_memstore) -> usize;
    pub fn auth0logout_memstore_get(
        ms: *mut auth0logout_memstore,
        out: *mut auth0logout_store,
    ) -> auth0logout_status;

    pub fn auth0logout_request_parse(
        input: *const c_char,
        input_len: usize,
        scratch: *mut c_char,
        scratch_len: usize,
        out: *mut auth0logout_request,
        diag: *mut auth0logout_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_decide(
        store: *const auth0logout_store,
        req: *const auth0logout_request,
        buf: *mut c_char,
        buf_len: usize,
        out: *mut auth0logout_decision,
    ) -> auth0logout_status;
    pub fn auth0logout_decide_query(
        store: *const auth0logout_store,
        input: *const c_char,
        input_len: usize,
        buf: *mut c_char,
        buf_len: usize,
        out: *mut auth0logout_decision,
    ) -> auth0logout_status;

    // R8 /oidc/logout (since 0.3)
    pub fn auth0logout_oidc_buffer_size() -> usize;
    pub fn auth0logout_oidc_request_scratch_size() -> usize;
    pub fn auth0logout_oidc_request_size() -> usize;
    pub fn auth0logout_oidc_env_size() -> usize;
    pub fn auth0logout_claims_size() -> usize;
    pub fn auth0logout_verifier_size() -> usize;
    pub fn auth0logout_verifier_scratch_size() -> usize;

    pub fn auth0logout_oidc_request_parse(
        input: *const c_char,
        input_len: usize,
        flags: c_uint,
        scratch: *mut c_char,
        scratch_len: usize,
        out: *mut auth0logout_oidc_request,
        diag: *mut auth0logout_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_decide_oidc(
        store: *const auth0logout_store,
        env: *const auth0logout_oidc_env,
        req: *const auth0logout_oidc_request,
        buf: *mut c_char,
        buf_len: usize,
        out: *mut auth0logout_decision,
    ) -> auth0logout_status;
    pub fn auth0logout_decide_oidc_query(
        store: *const auth0logout_store,
        env: *const auth0logout_oidc_env,
        input: *const c_char,
        input_len: usize,
        flags: c_uint,
        buf: *mut c_char,
        buf_len: usize,
        out: *mut auth0logout_decision,
    ) -> auth0logout_status;
}

// ---- libauth0logout-config -----------------------------------------------------

extern "C" {
    pub fn auth0logout_config_version() -> *const c_char;
    pub fn auth0logout_config_options_size() -> usize;
    pub fn auth0logout_config_diag_size() -> usize;
    pub fn auth0logout_config_load_file(
        path: *const c_char,
        path_len: usize,
        opt: *const auth0logout_config_options,
        out: *mut *mut auth0logout_memstore,
        diag: *mut auth0logout_config_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_config_load_json(
        json: *const c_char,
        len: usize,
        opt: *const auth0logout_config_options,
        out: *mut *mut auth0logout_memstore,
        diag: *mut auth0logout_config_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_config_read_file(
        path: *const c_char,
        path_len: usize,
        opt: *const auth0logout_config_options,
        out: *mut *mut auth0logout_config,
        diag: *mut auth0logout_config_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_config_free(cfg: *mut auth0logout_config);
    pub fn auth0logout_config_build(
        cfg: *const auth0logout_config,
        out: *mut *mut auth0logout_memstore,
        diag: *mut auth0logout_config_diag,
    ) -> auth0logout_status;

    // /oidc/logout settings and the reference verifier (since 0.3;
    // _new_empty since 0.4)
    pub fn auth0logout_config_oidc_new(
        cfg: *const auth0logout_config,
        out: *mut *mut auth0logout_config_oidc,
        diag: *mut auth0logout_config_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_config_oidc_new_empty(
        out: *mut *mut auth0logout_config_oidc,
        diag: *mut auth0logout_config_diag,
    ) -> auth0logout_status;
    pub fn auth0logout_config_oidc_free(oidc: *mut auth0logout_config_oidc);
    pub fn auth0logout_config_oidc_set_max_age(oidc: *mut auth0logout_config_oidc, seconds: c_long);
    pub fn auth0logout_config_oidc_verifier(
        oidc: *const auth0logout_config_oidc,
        out: *mut auth0logout_verifier,
    );
    pub fn auth0logout_config_oidc_env(
        oidc: *const auth0logout_config_oidc,
        verifier: *const auth0logout_verifier,
        env: *mut auth0logout_oidc_env,
    );
    pub fn auth0logout_config_oidc_issuer(oidc: *const auth0logout_config_oidc) -> *const c_char;
}

/// One mirrored struct: its name, its size in this crate, its size in the
/// loaded library.
pub struct LayoutCheck {
    pub name: &'static str,
    pub mirror: usize,
    pub library: usize,
}

/// Every struct this crate mirrors, with the size the library reports.
pub fn layouts() -> Vec<LayoutCheck> {
    use std::mem::size_of;
    // SAFETY: the *_size() functions take nothing and return a constant.
    unsafe {
        vec![
            LayoutCheck {
                name: "auth0logout_decision",
                mirror: size_of::<auth0logout_decision>(),
                library: auth0logout_decision_size(),
            },
            LayoutCheck {
                name: "auth0logout_request",
                mirror: size_of::<auth0logout_request>(),
                library: auth0logout_request_size(),
            },
            LayoutCheck {
                name: "auth0logout_store",
                mirror: size_of::<auth0logout_store>(),
                library: auth0logout_store_size(),
            },
            LayoutCheck {
                name: "auth0logout_diag",
                mirror: size_of::<auth0logout_diag>(),
                library: auth0logout_diag_size(),
            },
            LayoutCheck {
                name: "auth0logout_oidc_request",
                mirror: size_of::<auth0logout_oidc_request>(),
                library: auth0logout_oidc_request_size(),
            },
            LayoutCheck {
                name: "auth0logout_oidc_env",
                mirror: size_of::<auth0logout_oidc_env>(),
                library: auth0logout_oidc_env_size(),
            },
            LayoutCheck {
                name: "auth0logout_claims",
                mirror: size_of::<auth0logout_claims>(),
                library: auth0logout_claims_size(),
            },
            LayoutCheck {
                name: "auth0logout_verifier",
                mirror: size_of::<auth0logout_verifier>(),
                library: auth0logout_verifier_size(),
            },
            LayoutCheck {
                name: "auth0logout_config_options",
                mirror: size_of::<auth0logout_config_options>(),
                library: auth0logout_config_options_size(),
            },
            LayoutCheck {
                name: "auth0logout_config_diag",
                mirror: size_of::<auth0logout_config_diag>(),
                library: auth0logout_config_diag_size(),
            },
        ]
    }
}

/// `Ok` when every mirror has the library's size, else a message naming
/// each struct that differs.
pub fn check_layout() -> Result<(), String> {
    let bad: Vec<String> = layouts()
        .into_iter()
        .filter(|l| l.mirror != l.library)
        .map(|l| {
            format!(
                "{} is {} bytes in the library but {} in auth0logout-sys",
                l.name, l.library, l.mirror
            )
        })
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "auth0logout-sys does not match the loaded libauth0logout: {}",
            bad.join("; ")
        ))
    }
}
