// SPDX-License-Identifier: MIT
//! Auth0 logout redirect decisions through libauth0logout.
//!
//! The safe side of [`auth0logout_sys`]: owned allow-lists and in-memory
//! stores that free themselves, stores written in Rust ([`Store`]), and
//! [`decide`] (`GET /v2/logout`) and [`decide_oidc`] (`/oidc/logout`, with
//! the [`OidcSettings`] of a config), whose [`Decision`] borrows the
//! [`DecideBuffer`] it was written into, so the borrow checker enforces
//! what the C header says: a decision's strings are valid until its buffer
//! is reused or freed.
//!
//! ```
//! use auth0logout::{decide, AllowList, DecideBuffer, MemStore, Outcome};
//!
//! let mut b = MemStore::builder()?;
//! b.add_client("AbC123", Some(AllowList::new(["https://app.example.com/bye"])?))?;
//! let store = b.build()?;
//! let mut buf = DecideBuffer::new();
//! let d = decide(&store, "client_id=AbC123", &mut buf);
//! assert_eq!(d.outcome, Outcome::Redirect);
//! assert_eq!(d.location, Some("https://app.example.com/bye"));
//! # Ok::<(), auth0logout::Error>(())
//! ```
//!
//! Rule numbers (R2.4, ...) refer to doc/rules.md of libauth0logout.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::CStr;
use std::fmt;
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::ptr;
use std::sync::{Arc, Mutex, Once};

pub use auth0logout_sys as sys;

// ---- the library's static strings and layout ---------------------------------

fn static_str(p: *const c_char) -> Option<&'static str> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the library's names and messages are static NUL-terminated
    // strings.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str().ok()
}

fn c_text(chars: &[c_char]) -> String {
    let bytes: Vec<u8> = chars
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Checks once that the structs auth0logout-sys mirrors have the sizes the
/// loaded library reports; a mismatch (a library of another ABI than this
/// binding) panics with the structs named, before any of them is used.
fn ensure_layout() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if let Err(e) = sys::check_layout() {
            panic!("{}", e);
        }
    });
}

/// The version of libauth0logout actually linked ("0.4.0").
pub fn version() -> &'static str {
    // SAFETY: no arguments; a static string.
    static_str(unsafe { sys::auth0logout_version() }).unwrap_or("unknown")
}

/// The version of libauth0logout-config actually linked.
pub fn config_version() -> &'static str {
    // SAFETY: no arguments; a static string.
    static_str(unsafe { sys::auth0logout_config_version() }).unwrap_or("unknown")
}

// ---- statuses and errors -------------------------------------------------------

/// An `auth0logout_status`: why a call failed or a decision is an error.
/// Names, messages and rules come from the library.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Status(pub i32);

impl Status {
    pub const OK: Status = Status(sys::AUTH0LOGOUT_OK);
    pub const INVALID_ARGUMENT: Status = Status(sys::AUTH0LOGOUT_E_INVALID_ARGUMENT);
    pub const NOMEM: Status = Status(sys::AUTH0LOGOUT_E_NOMEM);
    pub const UNKNOWN_CLIENT: Status = Status(sys::AUTH0LOGOUT_E_UNKNOWN_CLIENT);
    pub const NOT_ALLOWED: Status = Status(sys::AUTH0LOGOUT_E_NOT_ALLOWED);
    pub const STORE_FAILED: Status = Status(sys::AUTH0LOGOUT_E_STORE_FAILED);
    pub const DUPLICATE_CLIENT: Status = Status(sys::AUTH0LOGOUT_E_DUPLICATE_CLIENT);
    pub const STORE_FROZEN: Status = Status(sys::AUTH0LOGOUT_E_STORE_FROZEN);
    pub const CONFIG_IO: Status = Status(sys::AUTH0LOGOUT_E_CONFIG_IO);
    pub const CONFIG_SYNTAX: Status = Status(sys::AUTH0LOGOUT_E_CONFIG_SYNTAX);
    pub const CONFIG_SHAPE: Status = Status(sys::AUTH0LOGOUT_E_CONFIG_SHAPE);
    pub const CONFIG_PLACEHOLDER: Status = Status(sys::AUTH0LOGOUT_E_CONFIG_PLACEHOLDER);
    pub const CONFIG_KEY: Status = Status(sys::AUTH0LOGOUT_E_CONFIG_KEY);
    /// R8.2: id_token_hint does not verify (or there is no verifier).
    pub const OIDC_TOKEN_INVALID: Status = Status(sys::AUTH0LOGOUT_E_OIDC_TOKEN_INVALID);
    /// R8.2: client_id is not the token's client.
    pub const OIDC_CLIENT_MISMATCH: Status = Status(sys::AUTH0LOGOUT_E_OIDC_CLIENT_MISMATCH);
    /// R8.2: logout_hint is not the token's sid.
    pub const OIDC_LOGOUT_HINT: Status = Status(sys::AUTH0LOGOUT_E_OIDC_LOGOUT_HINT);
    /// R8.4: a fragment in post_logout_redirect_uri.
    pub const OIDC_URI_FRAGMENT: Status = Status(sys::AUTH0LOGOUT_E_OIDC_URI_FRAGMENT);
    /// R8.8: ui_locales is not one of the tenant's enabled_locales.
    pub const OIDC_LOCALE: Status = Status(sys::AUTH0LOGOUT_E_OIDC_LOCALE);
    /// R8.10: the verifier could not decide (a 500).
    pub const VERIFIER_FAILED: Status = Status(sys::AUTH0LOGOUT_E_VERIFIER_FAILED);

    pub fn is_ok(self) -> bool {
        self.0 == sys::AUTH0LOGOUT_OK
    }
    /// The stable lower-case name ("ok", "url_userinfo", ...; "unknown").
    pub fn name(self) -> &'static str {
        // SAFETY: any int; a static string.
        static_str(unsafe { sys::auth0logout_status_name(self.0) }).unwrap_or("unknown")
    }
    /// A one-sentence English description.
    pub fn message(self) -> &'static str {
        // SAFETY: any int; a static string.
        static_str(unsafe { sys::auth0logout_status_message(self.0) }).unwrap_or("")
    }
    /// The rule of doc/rules.md it stands for ("R4.4"), if any.
    pub fn rule(self) -> Option<&'static str> {
        // SAFETY: any int; a static string or NULL.
        static_str(unsafe { sys::auth0logout_status_rule(self.0) })
    }
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Status({} {})", self.0, self.name())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A library call failed: the status and the library's message (which
/// names the entry and the reason where there is one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    status: Status,
    message: String,
    index: Option<usize>,
}

impl Error {
    fn new(status: c_int, message: String) -> Error {
        let status = Status(status);
        let message = if message.is_empty() {
            status.message().to_string()
        } else {
            message
        };
        Error {
            status,
            message,
            index: None,
        }
    }
    fn from_diag(status: c_int, diag: &sys::auth0logout_diag) -> Error {
        let mut e = Error::new(status, c_text(&diag.text));
        if diag.index != usize::MAX {
            e.index = Some(diag.index);
        }
        e
    }
    pub fn status(&self) -> Status {
        self.status
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    /// For an allow-list: the 0-based entry at fault.
    pub fn index(&self) -> Option<usize> {
        self.index
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.status.name())
    }
}

impl std::error::Error for Error {}

fn zeroed_diag() -> sys::auth0logout_diag {
    // SAFETY: a plain C struct of integers and arrays; zero is valid.
    unsafe { std::mem::zeroed() }
}

// ---- allow-lists ---------------------------------------------------------------

/// A compiled, immutable allow-list (R4, R5), freed on drop.  Safe to
/// share between threads.
pub struct AllowList {
    // NULL stands for an empty list, which the library accepts everywhere.
    ptr: *mut sys::auth0logout_allowlist,
}

// SAFETY: a compiled list is immutable and may be shared between threads
// (auth0logout.h).
unsafe impl Send for AllowList {}
unsafe impl Sync for AllowList {}

impl AllowList {
    /// Compiles the API form: an array of entries (R5).  An empty entry is
    /// refused.
    pub fn new<I, S>(entries: I) -> Result<AllowList, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let owned: Vec<S> = entries.into_iter().collect();
        let ptrs: Vec<*const c_char> = owned
            .iter()
            .map(|e| e.as_ref().as_ptr() as *const c_char)
            .collect();
        let lens: Vec<usize> = owned.iter().map(|e| e.as_ref().len()).collect();
        let mut out = ptr::null_mut();
        let mut diag = zeroed_diag();
        // SAFETY: ptrs/lens hold owned.len() valid (pointer, length) pairs
        // that outlive the call.
        let st = unsafe {
            sys::auth0logout_allowlist_compile_array(
                ptrs.as_ptr(),
                lens.as_ptr(),
                owned.len(),
                &mut out,
                &mut diag,
            )
        };
        if st != sys::AUTH0LOGOUT_OK {
            return Err(Error::from_diag(st, &diag));
        }
        Ok(AllowList { ptr: out })
    }

    /// Compiles the dashboard form: comma-separated entries (R5.1).
    pub fn from_csv(csv: &str) -> Result<AllowList, Error> {
        let mut out = ptr::null_mut();
        let mut diag = zeroed_diag();
        // SAFETY: csv is valid for csv.len() bytes.
        let st = unsafe {
            sys::auth0logout_allowlist_compile_csv(
                csv.as_ptr() as *const c_char,
                csv.len(),
                &mut out,
                &mut diag,
            )
        };
        if st != sys::AUTH0LOGOUT_OK {
            return Err(Error::from_diag(st, &diag));
        }
        Ok(AllowList { ptr: out })
    }

    /// An empty list.
    pub fn empty() -> AllowList {
        AllowList {
            ptr: ptr::null_mut(),
        }
    }

    pub fn len(&self) -> usize {
        // SAFETY: a list of ours or NULL.
        unsafe { sys::auth0logout_allowlist_count(self.ptr) }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entry i as written.
    pub fn get(&self, i: usize) -> Option<&str> {
        let mut len = 0usize;
        // SAFETY: a list of ours; the entry lives as long as the list.
        let p = unsafe { sys::auth0logout_allowlist_entry(self.ptr, i, &mut len) };
        if p.is_null() {
            return None;
        }
        // SAFETY: len bytes at p, as long as self.
        let bytes = unsafe { std::slice::from_raw_parts(p as *const u8, len) };
        std::str::from_utf8(bytes).ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }

    fn into_raw(self) -> *mut sys::auth0logout_allowlist {
        let p = self.ptr;
        std::mem::forget(self);
        p
    }
}

impl Drop for AllowList {
    fn drop(&mut self) {
        // SAFETY: ours; free(NULL) does nothing.
        unsafe { sys::auth0logout_allowlist_free(self.ptr) }
    }
}

impl fmt::Debug for AllowList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Checks one entry as an allow-list would (R4, R5) without building one.
pub fn check_entry(entry: &str) -> Result<(), Error> {
    let mut diag = zeroed_diag();
    // SAFETY: entry is valid for its length.
    let st = unsafe {
        sys::auth0logout_entry_check(entry.as_ptr() as *const c_char, entry.len(), &mut diag)
    };
    if st != sys::AUTH0LOGOUT_OK {
        return Err(Error::from_diag(st, &diag));
    }
    Ok(())
}

// ---- stores ---------------------------------------------------------------------

/// Something [`decide`] can read allow-lists from: a [`MemStore`] or a
/// [`CallbackStore`].
///
/// # Safety
/// `raw_store` must return an `auth0logout_store` whose callbacks and
/// context stay valid, and are safe to call from any thread, for as long
/// as `self` is borrowed.
pub unsafe trait RawStore {
    fn raw_store(&self) -> sys::auth0logout_store;
}

/// Builds a [`MemStore`]: the tenant's list and clients by client_id.
pub struct MemStoreBuilder {
    ptr: *mut sys::auth0logout_memstore,
}

// SAFETY: owned exclusively; the library has no thread affinity.
unsafe impl Send for MemStoreBuilder {}

impl MemStoreBuilder {
    /// Sets the tenant's list (`None`: empty), replacing an earlier one.
    pub fn set_tenant(&mut self, list: Option<AllowList>) -> Result<&mut Self, Error> {
        let raw = list.map_or(ptr::null_mut(), AllowList::into_raw);
        // SAFETY: the store takes the list on success and on failure.
        let st = unsafe { sys::auth0logout_memstore_set_tenant(self.ptr, raw) };
        if st != sys::AUTH0LOGOUT_OK {
            return Err(Error::new(st, String::new()));
        }
        Ok(self)
    }

    /// Adds a client (`None`: an empty list).  The client_id is checked
    /// as R1.7 says; adding one twice fails with DUPLICATE_CLIENT.
    pub fn add_client(
        &mut self,
        client_id: &str,
        list: Option<AllowList>,
    ) -> Result<&mut Self, Error> {
        let raw = list.map_or(ptr::null_mut(), AllowList::into_raw);
        // SAFETY: client_id valid for its length; the store takes the list
        // on success and on failure.
        let st = unsafe {
            sys::auth0logout_memstore_add_client(
                self.ptr,
                client_id.as_ptr() as *const c_char,
                client_id.len(),
                raw,
            )
        };
        if st != sys::AUTH0LOGOUT_OK {
            let s = Status(st);
            return Err(Error::new(
                st,
                format!("client_id {:?}: {}", client_id, s.message()),
            ));
        }
        Ok(self)
    }

    /// Freezes the store: from now on it only serves decisions.
    pub fn build(self) -> Result<MemStore, Error> {
        let ptr = self.ptr;
        std::mem::forget(self);
        MemStore::freeze(ptr)
    }
}

impl fmt::Debug for MemStoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: ours.
        let n = unsafe { sys::auth0logout_memstore_client_count(self.ptr) };
        f.debug_struct("MemStoreBuilder").field("clients", &n).finish()
    }
}

impl Drop for MemStoreBuilder {
    fn drop(&mut self) {
        // SAFETY: ours.
        unsafe { sys::auth0logout_memstore_free(self.ptr) }
    }
}

/// The library's in-memory store, frozen: immutable, freed on drop, safe
/// for any number of concurrent decisions.
pub struct MemStore {
    ptr: *mut sys::auth0logout_memstore,
    raw: sys::auth0logout_store,
}

// SAFETY: a frozen memstore is safe for any number of concurrent readers
// (auth0logout.h); nothing changes it until drop.
unsafe impl Send for MemStore {}
unsafe impl Sync for MemStore {}

impl MemStore {
    pub fn builder() -> Result<MemStoreBuilder, Error> {
        ensure_layout();
        // SAFETY: no arguments.
        let ptr = unsafe { sys::auth0logout_memstore_new() };
        if ptr.is_null() {
            return Err(Error::new(sys::AUTH0LOGOUT_E_NOMEM, String::new()));
        }
        Ok(MemStoreBuilder { ptr })
    }

    /// Takes ownership of ms (freed on failure too).
    fn freeze(ms: *mut sys::auth0logout_memstore) -> Result<MemStore, Error> {
        ensure_layout();
        // SAFETY: an all-zero store is a valid value to overwrite.
        let mut raw: sys::auth0logout_store = unsafe { std::mem::zeroed() };
        // SAFETY: ms is a memstore we own.
        let st = unsafe { sys::auth0logout_memstore_get(ms, &mut raw) };
        if st != sys::AUTH0LOGOUT_OK {
            // SAFETY: ours, not handed out.
            unsafe { sys::auth0logout_memstore_free(ms) };
            return Err(Error::new(st, String::new()));
        }
        Ok(MemStore { ptr: ms, raw })
    }

    pub fn client_count(&self) -> usize {
        // SAFETY: ours.
        unsafe { sys::auth0logout_memstore_client_count(self.ptr) }
    }
}

impl Drop for MemStore {
    fn drop(&mut self) {
        // SAFETY: ours; no decision borrows self any more.
        unsafe { sys::auth0logout_memstore_free(self.ptr) }
    }
}

// SAFETY: raw stays valid until auth0logout_memstore_free, i.e. drop; a
// frozen memstore's callbacks are thread-safe.
unsafe impl RawStore for MemStore {
    fn raw_store(&self) -> sys::auth0logout_store {
        self.raw
    }
}

impl fmt::Debug for MemStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemStore")
            .field("clients", &self.client_count())
            .finish()
    }
}

/// Why a [`Store`] has no list to give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// No such client (R2.3): a 400 invalid_request.  From
    /// [`Store::tenant_list`] it is a failure like `Failed`.
    UnknownClient,
    /// The store could not answer (R2.4): a 500 server_error, never a
    /// redirect.
    Failed(String),
}

/// A store written in Rust (R2): where [`decide`] finds allow-lists.  Wrap
/// it in a [`CallbackStore`].  A list may be one the store keeps (an
/// `Arc` clone) or one made for the call; the wrapper holds it until the
/// library releases it.  A panic in either method is a failure (a 500),
/// never a redirect and never an unwind into C.  The methods are called
/// from every thread that decides on the store.
pub trait Store: Send + Sync {
    /// The tenant's list (`None`: empty).
    fn tenant_list(&self) -> Result<Option<Arc<AllowList>>, StoreError>;
    /// The application's list (`None`: empty), or
    /// `Err(StoreError::UnknownClient)`.  client_id is as decoded from the
    /// query: 1 to 256 bytes, no control bytes, not necessarily UTF-8.
    fn client_list(&self, client_id: &[u8]) -> Result<Option<Arc<AllowList>>, StoreError>;
}

type Lent = HashMap<usize, Vec<Arc<AllowList>>>;

struct StoreCtx {
    store: Box<dyn Store>,
    lent: Mutex<Lent>,
    last_failure: Mutex<Option<String>>,
}

impl StoreCtx {
    fn fail(&self, why: String) -> c_int {
        let mut g = self.last_failure.lock().unwrap_or_else(|e| e.into_inner());
        *g = Some(why);
        sys::AUTH0LOGOUT_E_STORE_FAILED
    }

    /// # Safety
    /// out must be writable.
    unsafe fn lend(
        &self,
        got: Result<Option<Arc<AllowList>>, StoreError>,
        out: *mut *const sys::auth0logout_allowlist,
        client: bool,
    ) -> c_int {
        match got {
            Ok(None) => sys::AUTH0LOGOUT_OK,
            Ok(Some(list)) => {
                let p = list.ptr;
                if p.is_null() {
                    return sys::AUTH0LOGOUT_OK; // an empty list
                }
                let mut lent = self.lent.lock().unwrap_or_else(|e| e.into_inner());
                lent.entry(p as usize).or_default().push(list);
                *out = p;
                sys::AUTH0LOGOUT_OK
            }
            Err(StoreError::UnknownClient) if client => sys::AUTH0LOGOUT_E_UNKNOWN_CLIENT,
            Err(StoreError::UnknownClient) => {
                self.fail("tenant_list returned UnknownClient".to_string())
            }
            Err(StoreError::Failed(why)) => self.fail(why),
        }
    }

    fn panicked(&self, payload: Box<dyn std::any::Any + Send>) -> c_int {
        let why = if let Some(s) = payload.downcast_ref::<&str>() {
            format!("the store panicked: {}", s)
        } else if let Some(s) = payload.downcast_ref::<String>() {
            format!("the store panicked: {}", s)
        } else {
            "the store panicked".to_string()
        };
        // A payload whose drop panics must not unwind into C either.
        let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
        self.fail(why)
    }
}

unsafe extern "C" fn tramp_tenant(
    ctx: *mut c_void,
    out: *mut *const sys::auth0logout_allowlist,
) -> c_int {
    // SAFETY: ctx is the StoreCtx of a CallbackStore borrowed by decide.
    let c = &*(ctx as *const StoreCtx);
    if out.is_null() {
        return sys::AUTH0LOGOUT_E_STORE_FAILED;
    }
    *out = ptr::null();
    match panic::catch_unwind(AssertUnwindSafe(|| c.lend(c.store.tenant_list(), out, false))) {
        Ok(st) => st,
        Err(p) => {
            *out = ptr::null();
            c.panicked(p)
        }
    }
}

unsafe extern "C" fn tramp_client(
    ctx: *mut c_void,
    client_id: *const c_char,
    client_id_len: usize,
    out: *mut *const sys::auth0logout_allowlist,
) -> c_int {
    // SAFETY: as tramp_tenant; client_id holds client_id_len bytes.
    let c = &*(ctx as *const StoreCtx);
    if out.is_null() || (client_id.is_null() && client_id_len > 0) {
        return sys::AUTH0LOGOUT_E_STORE_FAILED;
    }
    *out = ptr::null();
    let id: &[u8] = if client_id_len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(client_id as *const u8, client_id_len)
    };
    match panic::catch_unwind(AssertUnwindSafe(|| c.lend(c.store.client_list(id), out, true))) {
        Ok(st) => st,
        Err(p) => {
            *out = ptr::null();
            c.panicked(p)
        }
    }
}

unsafe extern "C" fn tramp_release(ctx: *mut c_void, list: *const sys::auth0logout_allowlist) {
    // SAFETY: as tramp_tenant.
    let c = &*(ctx as *const StoreCtx);
    let _ = panic::catch_unwind(AssertUnwindSafe(|| {
        let done = {
            let mut lent = c.lent.lock().unwrap_or_else(|e| e.into_inner());
            let key = list as usize;
            let mut done = None;
            let mut emptied = false;
            if let Some(v) = lent.get_mut(&key) {
                done = v.pop();
                emptied = v.is_empty();
            }
            if emptied {
                lent.remove(&key);
            }
            done
        };
        drop(done); // outside the lock: may free the list
    }));
}

/// A [`Store`] bridged to the library's store interface.  It owns the
/// store (boxed; the C `ctx` points at it) and the lists lent to decisions
/// in progress.  Safe to decide on from many threads at once.
pub struct CallbackStore {
    ctx: Box<StoreCtx>,
}

impl CallbackStore {
    pub fn new<S: Store + 'static>(store: S) -> CallbackStore {
        ensure_layout();
        CallbackStore {
            ctx: Box::new(StoreCtx {
                store: Box::new(store),
                lent: Mutex::new(HashMap::new()),
                last_failure: Mutex::new(None),
            }),
        }
    }

    /// Why the store last failed a lookup (an `Err(Failed)`, or a panic),
    /// for logs; the decision itself only says store_failed.
    pub fn last_failure(&self) -> Option<String> {
        self.ctx
            .last_failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The number of lists lent to decisions in progress (0 between
    /// decisions: every list handed out was released).
    pub fn lent(&self) -> usize {
        let lent = self.ctx.lent.lock().unwrap_or_else(|e| e.into_inner());
        lent.values().map(Vec::len).sum()
    }

    /// The wrapped store.
    pub fn inner(&self) -> &dyn Store {
        &*self.ctx.store
    }
}

impl fmt::Debug for CallbackStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackStore").field("lent", &self.lent()).finish()
    }
}

// SAFETY: ctx is boxed (its address does not move with self) and lives as
// long as self; the trampolines only take &StoreCtx, whose store is
// Send + Sync and whose maps are behind mutexes.
unsafe impl RawStore for CallbackStore {
    fn raw_store(&self) -> sys::auth0logout_store {
        sys::auth0logout_store {
            ctx: &*self.ctx as *const StoreCtx as *mut c_void,
            tenant_list: Some(tramp_tenant),
            client_list: Some(tramp_client),
            release: Some(tramp_release),
        }
    }
}

// ---- deciding --------------------------------------------------------------------

/// The memory a decision is written into: `auth0logout_decide_buffer_size()`
/// bytes (64 KiB) from [`DecideBuffer::new`], enough for [`decide`];
/// [`decide_oidc`] needs `auth0logout_oidc_buffer_size()` (96 KiB) and
/// grows a smaller buffer on first use ([`DecideBuffer::for_oidc`]
/// allocates that much up front).  Reuse one per thread: each decision
/// overwrites it, which the borrow checker only allows once the previous
/// [`Decision`] is gone.
pub struct DecideBuffer {
    buf: Box<[u8]>,
}

impl DecideBuffer {
    pub fn new() -> DecideBuffer {
        ensure_layout();
        // SAFETY: no arguments.
        let n = unsafe { sys::auth0logout_decide_buffer_size() };
        DecideBuffer {
            buf: vec![0u8; n].into_boxed_slice(),
        }
    }

    /// A buffer large enough for both [`decide`] and [`decide_oidc`].
    pub fn for_oidc() -> DecideBuffer {
        let mut b = DecideBuffer::new();
        b.reserve(oidc_buffer_size());
        b
    }

    /// Grows the buffer to at least n bytes (its old content is dropped:
    /// no decision borrows it while it is borrowed mutably).
    fn reserve(&mut self, n: usize) {
        if self.buf.len() < n {
            self.buf = vec![0u8; n].into_boxed_slice();
        }
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

impl Default for DecideBuffer {
    fn default() -> Self {
        DecideBuffer::new()
    }
}

impl fmt::Debug for DecideBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecideBuffer({} bytes)", self.buf.len())
    }
}

/// What to do (R6.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 302 to `location`.
    Redirect,
    /// 200, the logged-out page.
    LoggedOut,
    /// 400 or 500.
    Error,
}

impl Outcome {
    fn code(self) -> c_int {
        match self {
            Outcome::Redirect => sys::AUTH0LOGOUT_OUTCOME_REDIRECT,
            Outcome::LoggedOut => sys::AUTH0LOGOUT_OUTCOME_LOGGED_OUT,
            Outcome::Error => sys::AUTH0LOGOUT_OUTCOME_ERROR,
        }
    }
    /// "redirect", "logged_out", "error" (the library's names).
    pub fn name(self) -> &'static str {
        // SAFETY: any int; a static string.
        static_str(unsafe { sys::auth0logout_outcome_name(self.code()) }).unwrap_or("unknown")
    }
}

/// The list consulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    Tenant,
    Client,
}

impl ListKind {
    /// "tenant" or "client" (the library's names).
    pub fn name(self) -> &'static str {
        let code = match self {
            ListKind::Tenant => sys::AUTH0LOGOUT_LIST_TENANT,
            ListKind::Client => sys::AUTH0LOGOUT_LIST_CLIENT,
        };
        // SAFETY: any int; a static string.
        static_str(unsafe { sys::auth0logout_list_name(code) }).unwrap_or("unknown")
    }
}

/// The OAuth-style error of an error decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// HTTP 400.
    InvalidRequest,
    /// HTTP 500.
    ServerError,
}

impl ErrorCode {
    /// "invalid_request" or "server_error" (the library's names).
    pub fn name(self) -> &'static str {
        let code = match self {
            ErrorCode::InvalidRequest => sys::AUTH0LOGOUT_ERROR_INVALID_REQUEST,
            ErrorCode::ServerError => sys::AUTH0LOGOUT_ERROR_SERVER_ERROR,
        };
        // SAFETY: any int; a static string.
        static_str(unsafe { sys::auth0logout_error_name(code) }).unwrap_or("unknown")
    }
}

/// A decision (R6.1).  Its strings borrow the [`DecideBuffer`] it was
/// written into (`'b`), which therefore cannot be reused or dropped while
/// the decision lives.  `location` is header-safe ASCII (R6.2); the other
/// strings are borrowed from the buffer when they are UTF-8 (a client_id
/// or a quoted query value may not be: then they are a lossy copy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision<'b> {
    pub outcome: Outcome,
    /// 302, 200, 400 or 500.
    pub http_status: u16,
    /// Redirect only.
    pub location: Option<&'b str>,
    /// R3.1: the request's federated flag (false on errors).
    pub federated: bool,
    /// OK, or why it is an error.
    pub status: Status,
    pub error: Option<ErrorCode>,
    pub error_description: Option<Cow<'b, str>>,
    /// The list consulted, if any.
    pub list: Option<ListKind>,
    /// Redirect only: the entry as written.
    pub matched: Option<Cow<'b, str>>,
    /// not_allowed only: an explanation for humans (show it, do not parse
    /// it).
    pub hint: Option<Cow<'b, str>>,
    /// R8.7: ask the user to confirm before acting on the decision.
    /// Always false for /v2/logout.
    pub confirm: bool,
    /// The client whose list decided.
    pub client_id: Option<Cow<'b, str>>,
    /// R8.8 (/oidc/logout only): the language the adapter's pages should
    /// use, the first tag of ui_locales as the tenant's enabled_locales
    /// spell it (or as given when the tenant lists none).
    pub locale: Option<Cow<'b, str>>,
}

/// # Safety
/// p is NULL or points at n readable bytes that live for 'b.
unsafe fn bytes<'b>(p: *const c_char, n: usize) -> Option<&'b [u8]> {
    if p.is_null() {
        None
    } else {
        Some(std::slice::from_raw_parts(p as *const u8, n))
    }
}

/// # Safety
/// As [`bytes`].
unsafe fn text<'b>(p: *const c_char, n: usize) -> Option<Cow<'b, str>> {
    bytes(p, n).map(String::from_utf8_lossy)
}

impl<'b> Decision<'b> {
    /// # Safety
    /// d was filled by the library with strings in memory that lives and
    /// stays unchanged for 'b (or static ones).
    unsafe fn from_raw(d: &sys::auth0logout_decision) -> Decision<'b> {
        let outcome = match d.outcome {
            sys::AUTH0LOGOUT_OUTCOME_REDIRECT => Outcome::Redirect,
            sys::AUTH0LOGOUT_OUTCOME_LOGGED_OUT => Outcome::LoggedOut,
            _ => Outcome::Error,
        };
        // R6.2 makes the Location ASCII; if it ever were not, it is dropped
        // rather than emitted.
        let location = bytes(d.location, d.location_len).and_then(|b| std::str::from_utf8(b).ok());
        Decision {
            outcome,
            http_status: u16::try_from(d.http_status).unwrap_or(500),
            location,
            federated: d.federated != 0,
            status: Status(d.status),
            error: match d.error {
                sys::AUTH0LOGOUT_ERROR_INVALID_REQUEST => Some(ErrorCode::InvalidRequest),
                sys::AUTH0LOGOUT_ERROR_SERVER_ERROR => Some(ErrorCode::ServerError),
                _ => None,
            },
            error_description: text(d.error_description, d.error_description_len),
            list: match d.list {
                sys::AUTH0LOGOUT_LIST_TENANT => Some(ListKind::Tenant),
                sys::AUTH0LOGOUT_LIST_CLIENT => Some(ListKind::Client),
                _ => None,
            },
            matched: text(d.matched, d.matched_len),
            hint: text(d.hint, d.hint_len),
            confirm: d.confirm != 0,
            client_id: text(d.client_id, d.client_id_len),
            locale: text(d.locale, d.locale_len),
        }
    }
}

/// Decides one `GET /v2/logout` request (R1-R3): `query` is a raw query
/// string, a request target (`/v2/logout?...`) or an absolute URL.  A bad
/// request is an error decision, never a panic.  The decision is written
/// into `buf` and borrows it:
///
/// ```compile_fail,E0499
/// use auth0logout::{decide, DecideBuffer, MemStore};
/// let store = MemStore::builder().unwrap().build().unwrap();
/// let mut buf = DecideBuffer::new();
/// let first = decide(&store, "returnTo=https%3A%2F%2Fa.example", &mut buf);
/// // The buffer still holds `first`'s strings: it cannot be reused.
/// let second = decide(&store, "returnTo=https%3A%2F%2Fb.example", &mut buf);
/// println!("{:?} {:?}", first.error_description, second.error_description);
/// ```
///
/// Once the first decision is no longer used, the buffer is free again:
///
/// ```
/// use auth0logout::{decide, DecideBuffer, MemStore, Outcome};
/// let store = MemStore::builder().unwrap().build().unwrap();
/// let mut buf = DecideBuffer::new();
/// let first = decide(&store, "", &mut buf).outcome;
/// let second = decide(&store, "returnTo=https%3A%2F%2Fb.example", &mut buf);
/// assert_eq!((first, second.outcome), (Outcome::LoggedOut, Outcome::Error));
/// ```
pub fn decide<'b, S, Q>(store: &S, query: Q, buf: &'b mut DecideBuffer) -> Decision<'b>
where
    S: RawStore + ?Sized,
    Q: AsRef<[u8]>,
{
    ensure_layout();
    let raw = store.raw_store();
    let q = query.as_ref();
    // SAFETY: all-zero is a valid decision (NULL strings, zero ints).
    let mut d: sys::auth0logout_decision = unsafe { std::mem::zeroed() };
    let base = buf.buf.as_mut_ptr() as *mut c_char;
    let len = buf.buf.len();
    // SAFETY: raw is valid while store is borrowed (RawStore); q and the
    // buffer are valid for their lengths and do not overlap.  The
    // decision's strings point into the buffer (or are static), which is
    // borrowed for 'b and not touched again here.
    unsafe {
        sys::auth0logout_decide_query(&raw, q.as_ptr() as *const c_char, q.len(), base, len, &mut d);
        Decision::from_raw(&d)
    }
}

// ---- configs ------------------------------------------------------------------

/// Reading or building a config failed (libauth0logout-config's diag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(Box<ConfigErrorInner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ConfigErrorInner {
    status: Status,
    text: String,
    where_: String,
    reason: String,
    client: Option<usize>,
    entry: Option<usize>,
    line: usize,
    column: usize,
}

impl ConfigError {
    fn from_diag(st: c_int, d: &sys::auth0logout_config_diag) -> ConfigError {
        let text = c_text(&d.text);
        let opt = |v: usize| if v == usize::MAX { None } else { Some(v) };
        ConfigError(Box::new(ConfigErrorInner {
            status: Status(st),
            text: if text.is_empty() {
                Status(st).message().to_string()
            } else {
                text
            },
            where_: c_text(&d.where_),
            reason: c_text(&d.reason),
            client: opt(d.client),
            entry: opt(d.entry),
            line: d.line,
            column: d.column,
        }))
    }
    fn from_error(e: Error) -> ConfigError {
        ConfigError(Box::new(ConfigErrorInner {
            status: e.status,
            text: e.message,
            where_: String::new(),
            reason: String::new(),
            client: None,
            entry: None,
            line: 0,
            column: 0,
        }))
    }
    pub fn status(&self) -> Status {
        self.0.status
    }
    /// The whole message (`demo.json: clients[1] (client_id ...): ...`).
    pub fn message(&self) -> &str {
        &self.0.text
    }
    /// The list or client at fault (`tenant`, `clients[1] (...)`), or "".
    pub fn location(&self) -> &str {
        &self.0.where_
    }
    pub fn reason(&self) -> &str {
        &self.0.reason
    }
    /// The client at fault (0-based, in the order read).
    pub fn client(&self) -> Option<usize> {
        self.0.client
    }
    /// The entry at fault in that list.
    pub fn entry(&self) -> Option<usize> {
        self.0.entry
    }
    /// 1-based line and column of a syntax error, or (0, 0).
    pub fn line_column(&self) -> (usize, usize) {
        (self.0.line, self.0.column)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.text)
    }
}

impl std::error::Error for ConfigError {}

fn zeroed_config_diag() -> sys::auth0logout_config_diag {
    // SAFETY: integers and arrays; zero is valid.
    unsafe { std::mem::zeroed() }
}

/// How to read a config (`auth0logout_config_options`): placeholders
/// (`##KEY##`) from defines and, when asked, the environment; clients
/// keyed by name.  The default is what [`load_config`] uses: no defines,
/// no environment, client_id required.
///
/// ```
/// use auth0logout::ConfigOptions;
/// let opt = ConfigOptions::new()
///     .define("APP_HOST", "app.example.com")
///     .environment(Some("AUTH0_"));
/// # let _ = opt;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigOptions {
    defines: Vec<String>,
    environment: bool,
    env_prefix: Option<String>,
    client_id_from_name: bool,
}

impl ConfigOptions {
    pub fn new() -> ConfigOptions {
        ConfigOptions::default()
    }

    /// `##KEY##` becomes value (`--define KEY=VALUE`; the last define of a
    /// key wins).  KEY is one or more of A-Z a-z 0-9 _, else reading fails
    /// with [`Status::CONFIG_PLACEHOLDER`].
    pub fn define(mut self, key: &str, value: &str) -> ConfigOptions {
        self.defines.push(format!("{}={}", key, value));
        self
    }

    /// Placeholders without a define come from the environment: `##KEY##`
    /// is the variable prefix KEY (KEY alone with `None`).  A CGI program
    /// wants a prefix, since its environment also holds the request.
    pub fn environment(mut self, prefix: Option<&str>) -> ConfigOptions {
        self.environment = true;
        self.env_prefix = prefix.map(str::to_string);
        self
    }

    /// A client without client_id is keyed by its name (deploy-cli exports
    /// have no client_id): `--client-id-from name`.
    pub fn client_id_from_name(mut self, yes: bool) -> ConfigOptions {
        self.client_id_from_name = yes;
        self
    }

    /// Runs f with the C options, which point into self and the locals
    /// here, valid during f only.
    fn with_raw<R>(
        &self,
        f: impl FnOnce(&sys::auth0logout_config_options) -> R,
    ) -> Result<R, ConfigError> {
        let prefix = match &self.env_prefix {
            Some(p) => match std::ffi::CString::new(p.as_str()) {
                Ok(c) => Some(c),
                Err(_) => {
                    return Err(ConfigError::from_error(Error::new(
                        sys::AUTH0LOGOUT_E_INVALID_ARGUMENT,
                        "the environment prefix holds a NUL byte".to_string(),
                    )))
                }
            },
            None => None,
        };
        let ptrs: Vec<*const c_char> = self
            .defines
            .iter()
            .map(|d| d.as_ptr() as *const c_char)
            .collect();
        let lens: Vec<usize> = self.defines.iter().map(String::len).collect();
        let mut flags = 0;
        if self.environment {
            flags |= sys::AUTH0LOGOUT_CONFIG_ENVIRONMENT;
        }
        if self.client_id_from_name {
            flags |= sys::AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
        }
        // SAFETY: all-zero options are valid (NULL pointers, no flags).
        let mut raw: sys::auth0logout_config_options = unsafe { std::mem::zeroed() };
        raw.defines = if ptrs.is_empty() { ptr::null() } else { ptrs.as_ptr() };
        raw.define_lens = if lens.is_empty() { ptr::null() } else { lens.as_ptr() };
        raw.n_defines = ptrs.len();
        raw.flags = flags;
        raw.env_prefix = prefix.as_ref().map_or(ptr::null(), |c| c.as_ptr());
        Ok(f(&raw))
    }
}

fn path_bytes(path: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes()
}

/// Loads a config file (Management API JSON or YAML, or a deploy-cli
/// directory export) into a frozen [`MemStore`], through
/// libauth0logout-config (`auth0logout_config_load_file`).
pub fn load_config<P: AsRef<Path>>(path: P) -> Result<MemStore, ConfigError> {
    ensure_layout();
    let p = path_bytes(path.as_ref());
    let mut out = ptr::null_mut();
    let mut diag = zeroed_config_diag();
    // SAFETY: p valid for its length; no options (NULL: all zero).
    let st = unsafe {
        sys::auth0logout_config_load_file(
            p.as_ptr() as *const c_char,
            p.len(),
            ptr::null(),
            &mut out,
            &mut diag,
        )
    };
    finish_load(st, out, &diag)
}

/// As [`load_config`], with options (defines, the environment).
pub fn load_config_with<P: AsRef<Path>>(
    path: P,
    opt: &ConfigOptions,
) -> Result<MemStore, ConfigError> {
    ensure_layout();
    let p = path_bytes(path.as_ref());
    let mut out = ptr::null_mut();
    let mut diag = zeroed_config_diag();
    let st = opt.with_raw(|o| {
        // SAFETY: p valid for its length; o and what it points to live
        // during the call.
        unsafe {
            sys::auth0logout_config_load_file(
                p.as_ptr() as *const c_char,
                p.len(),
                o,
                &mut out,
                &mut diag,
            )
        }
    })?;
    finish_load(st, out, &diag)
}

/// As [`load_config`], from JSON text (named "(config)" in messages).
pub fn load_config_json(json: &str) -> Result<MemStore, ConfigError> {
    ensure_layout();
    let mut out = ptr::null_mut();
    let mut diag = zeroed_config_diag();
    // SAFETY: json valid for its length; no options.
    let st = unsafe {
        sys::auth0logout_config_load_json(
            json.as_ptr() as *const c_char,
            json.len(),
            ptr::null(),
            &mut out,
            &mut diag,
        )
    };
    finish_load(st, out, &diag)
}

fn finish_load(
    st: c_int,
    out: *mut sys::auth0logout_memstore,
    diag: &sys::auth0logout_config_diag,
) -> Result<MemStore, ConfigError> {
    if st != sys::AUTH0LOGOUT_OK || out.is_null() {
        if !out.is_null() {
            // SAFETY: ours (not expected: out is NULL on failure).
            unsafe { sys::auth0logout_memstore_free(out) };
        }
        let st = if st == sys::AUTH0LOGOUT_OK {
            sys::AUTH0LOGOUT_E_NOMEM
        } else {
            st
        };
        return Err(ConfigError::from_diag(st, diag));
    }
    MemStore::freeze(out).map_err(ConfigError::from_error)
}

// ---- /oidc/logout ---------------------------------------------------------------

/// `auth0logout_oidc_buffer_size()`: what [`decide_oidc`] needs.
fn oidc_buffer_size() -> usize {
    // SAFETY: no arguments.
    unsafe { sys::auth0logout_oidc_buffer_size() }
}

/// What a config says for `/oidc/logout` (`auth0logout_config_oidc` of
/// libauth0logout-config): the issuer and keys of the reference verifier
/// (OpenSSL), each client's pinned algorithm and HS256 secret, the
/// tenant's `sessions.oidc_logout_prompt_enabled` and `enabled_locales`.
/// Immutable once built but for [`OidcSettings::set_max_age`] (which takes
/// `&mut self`, so before sharing); safe to share between threads; freed
/// on drop, which the borrow checker holds off until no [`decide_oidc`]
/// uses it.
pub struct OidcSettings {
    ptr: *mut sys::auth0logout_config_oidc,
}

// SAFETY: immutable once built (set_max_age needs &mut self) and safe to
// share between threads (auth0logout/config.h); the reference verifier is
// thread-safe.
unsafe impl Send for OidcSettings {}
unsafe impl Sync for OidcSettings {}

impl OidcSettings {
    /// Reads the config at path (as [`load_config`] does) and builds its
    /// /oidc/logout settings (`oidc.jwks_file` relative to the config's
    /// directory).  A config without an `"oidc"` object gives settings
    /// with no issuer: every id_token_hint is then invalid.
    pub fn load<P: AsRef<Path>>(path: P) -> Result<OidcSettings, ConfigError> {
        OidcSettings::load_with(path, &ConfigOptions::default())
    }

    /// As [`OidcSettings::load`], with options (placeholders are filled in
    /// `oidc.issuer`, `oidc.jwks_file` and each `client_secret` too).
    pub fn load_with<P: AsRef<Path>>(
        path: P,
        opt: &ConfigOptions,
    ) -> Result<OidcSettings, ConfigError> {
        ensure_layout();
        let p = path_bytes(path.as_ref());
        let mut cfg = ptr::null_mut();
        let mut diag = zeroed_config_diag();
        let st = opt.with_raw(|o| {
            // SAFETY: p valid for its length; o and what it points to live
            // during the call.
            unsafe {
                sys::auth0logout_config_read_file(
                    p.as_ptr() as *const c_char,
                    p.len(),
                    o,
                    &mut cfg,
                    &mut diag,
                )
            }
        })?;
        if st != sys::AUTH0LOGOUT_OK || cfg.is_null() {
            return Err(ConfigError::from_diag(nonzero(st), &diag));
        }
        let mut out = ptr::null_mut();
        // SAFETY: cfg is ours; the settings copy what they need, so cfg is
        // freed right after.
        let st = unsafe {
            let st = sys::auth0logout_config_oidc_new(cfg, &mut out, &mut diag);
            sys::auth0logout_config_free(cfg);
            st
        };
        OidcSettings::finish(st, out, &diag)
    }

    /// The settings of a config without `"oidc"` and without clients: no
    /// issuer (every id_token_hint is invalid), a prompt when R8.7 asks for
    /// one, no enabled_locales.  What an adapter whose allow-lists come
    /// from elsewhere uses.
    pub fn empty() -> Result<OidcSettings, ConfigError> {
        ensure_layout();
        let mut out = ptr::null_mut();
        let mut diag = zeroed_config_diag();
        // SAFETY: out and diag are writable.
        let st = unsafe { sys::auth0logout_config_oidc_new_empty(&mut out, &mut diag) };
        OidcSettings::finish(st, out, &diag)
    }

    fn finish(
        st: c_int,
        out: *mut sys::auth0logout_config_oidc,
        diag: &sys::auth0logout_config_diag,
    ) -> Result<OidcSettings, ConfigError> {
        if st != sys::AUTH0LOGOUT_OK || out.is_null() {
            // SAFETY: ours or NULL (out is NULL on failure).
            unsafe { sys::auth0logout_config_oidc_free(out) };
            return Err(ConfigError::from_diag(nonzero(st), diag));
        }
        Ok(OidcSettings { ptr: out })
    }

    /// R8.10: tokens whose iat is more than `seconds` in the past (or more
    /// than 60 in the future) are invalid; 0, the default, enforces
    /// neither exp nor iat.
    pub fn set_max_age(&mut self, seconds: u64) {
        let s = c_long::try_from(seconds).unwrap_or(c_long::MAX);
        // SAFETY: ours, and not shared (&mut self).
        unsafe { sys::auth0logout_config_oidc_set_max_age(self.ptr, s) }
    }

    /// The configured issuer (`"https://tenant.example.com/"`), or `None`.
    pub fn issuer(&self) -> Option<&str> {
        // SAFETY: ours; the string lives as long as the settings.
        let p = unsafe { sys::auth0logout_config_oidc_issuer(self.ptr) };
        if p.is_null() {
            return None;
        }
        // SAFETY: a NUL-terminated string owned by self.
        unsafe { CStr::from_ptr(p) }.to_str().ok()
    }
}

/// A failure status that is not OK (a NULL result with OK is out of
/// memory).
fn nonzero(st: c_int) -> c_int {
    if st == sys::AUTH0LOGOUT_OK {
        sys::AUTH0LOGOUT_E_NOMEM
    } else {
        st
    }
}

impl Drop for OidcSettings {
    fn drop(&mut self) {
        // SAFETY: ours; no decision borrows self any more.
        unsafe { sys::auth0logout_config_oidc_free(self.ptr) }
    }
}

impl fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer())
            .finish()
    }
}

/// How an /oidc/logout request came ([`decide_oidc`]).  The default is a
/// GET whose browser session the adapter does not know.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OidcOptions<'a> {
    /// The input is a POST's `application/x-www-form-urlencoded` body, not
    /// a GET query (R8.1: `federated` must then be `true` or `false`).
    pub form: bool,
    /// R8.7: the sid of the browser's session, when the adapter knows it
    /// (`None`, or empty: unknown).
    pub session_sid: Option<&'a str>,
}

impl<'a> OidcOptions<'a> {
    /// A GET: the input is a query string, request target or URL.
    pub fn get() -> OidcOptions<'a> {
        OidcOptions::default()
    }

    /// A POST: the input is a form body.
    pub fn post() -> OidcOptions<'a> {
        OidcOptions {
            form: true,
            session_sid: None,
        }
    }

    /// With the browser session's sid (R8.7).
    pub fn session_sid(self, sid: &'a str) -> OidcOptions<'a> {
        OidcOptions {
            session_sid: Some(sid),
            ..self
        }
    }
}

/// Decides one `/oidc/logout` request (R8): `query` is a GET's query
/// string (or request target, or absolute URL) or, with
/// [`OidcOptions::post`], a POST's form body.  `settings` bring the
/// reference verifier of id_token_hint and the tenant's prompt and
/// enabled_locales ([`OidcSettings::empty`]: no verifier, so every
/// id_token_hint is invalid).  Check [`Decision::confirm`] (ask the user
/// first) and [`Decision::locale`] besides what [`decide`] returns.  A bad
/// request is an error decision, a failing or panicking [`Store`] a 500,
/// never a panic.  The decision is written into `buf` (grown to
/// `auth0logout_oidc_buffer_size()` bytes if smaller) and borrows it:
///
/// ```compile_fail,E0499
/// use auth0logout::{decide_oidc, DecideBuffer, MemStore, OidcOptions, OidcSettings};
/// let store = MemStore::builder().unwrap().build().unwrap();
/// let settings = OidcSettings::empty().unwrap();
/// let mut buf = DecideBuffer::for_oidc();
/// let first = decide_oidc(&store, &settings, "id_token_hint=a.b.c", OidcOptions::get(), &mut buf);
/// // The buffer still holds `first`'s strings: it cannot be reused.
/// let second = decide_oidc(&store, &settings, "client_id=x", OidcOptions::get(), &mut buf);
/// println!("{:?} {:?}", first.error_description, second.error_description);
/// ```
///
/// Once the first decision is no longer used, the buffer is free again;
/// the settings and the store are only borrowed during the call (the
/// decision's strings are all in the buffer):
///
/// ```
/// use auth0logout::{decide_oidc, DecideBuffer, MemStore, OidcOptions, OidcSettings, Status};
/// let store = MemStore::builder().unwrap().build().unwrap();
/// let mut buf = DecideBuffer::for_oidc();
/// let first = {
///     let settings = OidcSettings::empty().unwrap();
///     decide_oidc(&store, &settings, "id_token_hint=a.b.c", OidcOptions::get(), &mut buf).status
/// };
/// let settings = OidcSettings::empty().unwrap();
/// let second = decide_oidc(&store, &settings, "client_id=x", OidcOptions::get(), &mut buf);
/// assert_eq!(first, Status::OIDC_TOKEN_INVALID);
/// assert_eq!(second.status, Status::UNKNOWN_CLIENT);
/// ```
pub fn decide_oidc<'b, S, Q>(
    store: &S,
    settings: &OidcSettings,
    query: Q,
    opts: OidcOptions<'_>,
    buf: &'b mut DecideBuffer,
) -> Decision<'b>
where
    S: RawStore + ?Sized,
    Q: AsRef<[u8]>,
{
    ensure_layout();
    buf.reserve(oidc_buffer_size());
    let raw = store.raw_store();
    let q = query.as_ref();
    // SAFETY: all-zero structs are valid values to fill (NULL pointers,
    // zero ints, no callbacks).
    let (mut verifier, mut env, mut d): (
        sys::auth0logout_verifier,
        sys::auth0logout_oidc_env,
        sys::auth0logout_decision,
    ) = unsafe { (std::mem::zeroed(), std::mem::zeroed(), std::mem::zeroed()) };
    // SAFETY: settings are borrowed (hence alive and unchanged) for the
    // whole call; the verifier and env point into them.
    unsafe {
        sys::auth0logout_config_oidc_verifier(settings.ptr, &mut verifier);
        sys::auth0logout_config_oidc_env(settings.ptr, &verifier, &mut env);
    }
    if let Some(sid) = opts.session_sid {
        if !sid.is_empty() {
            env.session_sid = sid.as_ptr() as *const c_char;
            env.session_sid_len = sid.len();
        }
    }
    let flags = if opts.form {
        sys::AUTH0LOGOUT_OIDC_FORM
    } else {
        0
    };
    let base = buf.buf.as_mut_ptr() as *mut c_char;
    let len = buf.buf.len();
    // SAFETY: raw is valid while store is borrowed (RawStore); env, the
    // verifier and the sid live until the call returns; q and the buffer
    // are valid for their lengths and do not overlap.  The decision's
    // strings point into the buffer (or are static), which is borrowed
    // for 'b and not touched again here.
    unsafe {
        sys::auth0logout_decide_oidc_query(
            &raw,
            &env,
            q.as_ptr() as *const c_char,
            q.len(),
            flags,
            base,
            len,
            &mut d,
        );
        Decision::from_raw(&d)
    }
}

/// The README's examples, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_library() {
        sys::check_layout().unwrap();
    }

    #[test]
    fn allowlist_compiles_and_reports_entries() {
        let l = AllowList::new(["https://a.example/x", "http://localhost:3000"]).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l.get(0), Some("https://a.example/x"));
        assert_eq!(l.get(2), None);
        let c = AllowList::from_csv(" https://a.example , ,https://b.example").unwrap();
        assert_eq!(c.iter().collect::<Vec<_>>(), ["https://a.example", "https://b.example"]);
        assert!(AllowList::from_csv("").unwrap().is_empty());
        assert!(AllowList::new(Vec::<String>::new()).unwrap().is_empty());
    }

    #[test]
    fn allowlist_errors_name_the_entry() {
        let e = AllowList::new(["https://ok.example", "https://user@evil.example"]).unwrap_err();
        assert_eq!(e.status().name(), "url_userinfo");
        assert_eq!(e.index(), Some(1));
        assert!(!e.message().is_empty());
        let e = AllowList::new(["https://ok.example", ""]).unwrap_err();
        assert_eq!(e.status().name(), "entry_empty");
        assert!(check_entry("*.example.com").is_err());
        assert!(check_entry("https://*.example.com").is_ok());
    }

    #[test]
    fn memstore_refuses_duplicates_and_bad_ids() {
        let mut b = MemStore::builder().unwrap();
        b.add_client("a", None).unwrap();
        let e = b.add_client("a", None).unwrap_err();
        assert_eq!(e.status(), Status::DUPLICATE_CLIENT);
        assert!(e.message().contains("\"a\""), "{}", e);
        let e = b.add_client("", None).unwrap_err();
        assert_eq!(e.status().name(), "client_id_empty");
        let e = b.add_client("x\u{1}", Some(AllowList::empty())).unwrap_err();
        assert_eq!(e.status().name(), "client_id_control");
        let s = b.build().unwrap();
        assert_eq!(s.client_count(), 1);
    }

    #[test]
    fn status_names_come_from_the_library() {
        assert_eq!(Status::OK.name(), "ok");
        assert_eq!(Status::STORE_FAILED.name(), "store_failed");
        assert_eq!(Status(9999).name(), "unknown");
        assert_eq!(Outcome::LoggedOut.name(), "logged_out");
        assert_eq!(ListKind::Client.name(), "client");
        assert_eq!(ErrorCode::ServerError.name(), "server_error");
        assert!(version().starts_with("0."));
        assert!(config_version().starts_with("0."));
    }

    #[test]
    fn bad_requests_are_error_decisions() {
        let store = MemStore::builder().unwrap().build().unwrap();
        let mut buf = DecideBuffer::new();
        let d = decide(&store, "returnTo=%zz", &mut buf);
        assert_eq!(d.outcome, Outcome::Error);
        assert_eq!(d.http_status, 400);
        assert_eq!(d.error, Some(ErrorCode::InvalidRequest));
        assert!(d.error_description.is_some());
        let long = "a".repeat(70_000);
        let d = decide(&store, long.as_bytes(), &mut buf);
        assert_eq!(d.http_status, 400);
        // Not UTF-8: borrowed when it is, lossy when it is not.
        let d = decide(&store, b"client_id=%FF".as_ref(), &mut buf);
        assert_eq!(d.http_status, 400);
    }

    #[test]
    fn load_config_errors_are_clear() {
        let e = load_config("/nonexistent/auth0logout.json").unwrap_err();
        assert_eq!(e.status(), Status::CONFIG_IO);
        assert!(e.message().contains("/nonexistent/auth0logout.json"), "{}", e);
        let e = load_config_json("{\"clients\": [").unwrap_err();
        assert_eq!(e.status(), Status::CONFIG_SYNTAX);
        assert!(e.line_column().0 >= 1);
        let e = load_config_json(
            r#"{"clients": [{"client_id": "a", "allowed_logout_urls": ["https://u@x.example"]}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.status().name(), "url_userinfo");
        assert_eq!((e.client(), e.entry()), (Some(0), Some(0)));
    }

    #[test]
    fn load_config_json_decides() {
        let s = load_config_json(
            r#"{"tenant": {"allowed_logout_urls": ["https://t.example/out"]}, "clients": []}"#,
        )
        .unwrap();
        let mut buf = DecideBuffer::new();
        let d = decide(&s, "returnTo=https%3A%2F%2Ft.example%2Fout", &mut buf);
        assert_eq!(d.location, Some("https://t.example/out"));
        assert_eq!(d.list, Some(ListKind::Tenant));
        assert_eq!(d.matched.as_deref(), Some("https://t.example/out"));
    }
}
