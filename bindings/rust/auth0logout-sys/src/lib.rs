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

use std::os::raw::{c_char, c_int, c_uint, c_void};

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
