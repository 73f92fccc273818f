// SPDX-License-Identifier: MIT
//! Stores written in Rust, bridged through CallbackStore: lists lent and
//! released, unknown clients, failures and panics (a 500, never a redirect
//! and never an unwind into C).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use auth0logout::{
    decide, AllowList, CallbackStore, DecideBuffer, ErrorCode, ListKind, Outcome, Status, Store,
    StoreError,
};

#[derive(Clone, Copy)]
enum Mode {
    Good,
    Fail,
    PanicTenant,
    PanicClient,
    PanicString,
    FreshLists,
}

struct TestStore {
    mode: Mode,
    tenant: Arc<AllowList>,
    app: Arc<AllowList>,
    calls: AtomicUsize,
}

impl TestStore {
    fn new(mode: Mode) -> TestStore {
        TestStore {
            mode,
            tenant: Arc::new(AllowList::new(["https://www.example.com/out"]).unwrap()),
            app: Arc::new(AllowList::new(["https://app.example.com/bye"]).unwrap()),
            calls: AtomicUsize::new(0),
        }
    }
}

impl Store for TestStore {
    fn tenant_list(&self) -> Result<Option<Arc<AllowList>>, StoreError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        match self.mode {
            Mode::PanicTenant => panic!("tenant lookup exploded"),
            Mode::Fail => Err(StoreError::Failed("database down".into())),
            Mode::FreshLists => Ok(Some(Arc::new(AllowList::new(["https://www.example.com/out"]).unwrap()))),
            _ => Ok(Some(self.tenant.clone())),
        }
    }
    fn client_list(&self, client_id: &[u8]) -> Result<Option<Arc<AllowList>>, StoreError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        match self.mode {
            Mode::PanicClient => panic!("client lookup exploded"),
            Mode::PanicString => std::panic::panic_any(format!("owned {}", "message")),
            Mode::Fail => return Err(StoreError::Failed("database down".into())),
            _ => {}
        }
        match client_id {
            b"AbC123" if matches!(self.mode, Mode::FreshLists) => {
                Ok(Some(Arc::new(AllowList::new(["https://app.example.com/bye"]).unwrap())))
            }
            b"AbC123" => Ok(Some(self.app.clone())),
            b"empty" => Ok(None),
            _ => Err(StoreError::UnknownClient),
        }
    }
}

#[test]
fn a_rust_store_redirects() {
    let store = CallbackStore::new(TestStore::new(Mode::Good));
    let mut buf = DecideBuffer::new();
    let d = decide(&store, "client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye", &mut buf);
    assert_eq!(d.outcome, Outcome::Redirect);
    assert_eq!(d.http_status, 302);
    assert_eq!(d.location, Some("https://app.example.com/bye"));
    assert_eq!(d.list, Some(ListKind::Client));
    assert_eq!(d.client_id.as_deref(), Some("AbC123"));
    assert_eq!(d.status, Status::OK);
    drop(d);
    let d = decide(&store, "returnTo=https%3A%2F%2Fwww.example.com%2Fout", &mut buf);
    assert_eq!(d.location, Some("https://www.example.com/out"));
    assert_eq!(d.list, Some(ListKind::Tenant));
    drop(d);
    let d = decide(&store, "client_id=empty", &mut buf);
    assert_eq!(d.outcome, Outcome::LoggedOut);
    assert_eq!(store.lent(), 0, "every lent list is released");
}

#[test]
fn not_allowed_has_a_hint() {
    let store = CallbackStore::new(TestStore::new(Mode::Good));
    let mut buf = DecideBuffer::new();
    let d = decide(&store, "client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye%2F", &mut buf);
    assert_eq!(d.http_status, 400);
    assert_eq!(d.status, Status::NOT_ALLOWED);
    assert!(d.hint.is_some());
    assert!(d.location.is_none());
}

#[test]
fn unknown_client_is_a_400() {
    let store = CallbackStore::new(TestStore::new(Mode::Good));
    let mut buf = DecideBuffer::new();
    let d = decide(&store, "client_id=nope", &mut buf);
    assert_eq!(d.outcome, Outcome::Error);
    assert_eq!(d.http_status, 400);
    assert_eq!(d.status, Status::UNKNOWN_CLIENT);
    assert_eq!(d.error, Some(ErrorCode::InvalidRequest));
}

fn assert_500(store: &CallbackStore, query: &str) {
    let mut buf = DecideBuffer::new();
    let d = decide(store, query, &mut buf);
    assert_eq!(d.outcome, Outcome::Error, "{}", query);
    assert_eq!(d.http_status, 500, "{}", query);
    assert_eq!(d.status, Status::STORE_FAILED);
    assert_eq!(d.error, Some(ErrorCode::ServerError));
    assert!(d.location.is_none());
    assert_eq!(store.lent(), 0);
}

#[test]
fn a_failing_store_is_a_500() {
    let store = CallbackStore::new(TestStore::new(Mode::Fail));
    assert_500(&store, "client_id=AbC123");
    assert_500(&store, "returnTo=https%3A%2F%2Fwww.example.com%2Fout");
    assert_eq!(store.last_failure().as_deref(), Some("database down"));
}

#[test]
fn a_panicking_store_is_a_500_not_a_redirect() {
    let store = CallbackStore::new(TestStore::new(Mode::PanicClient));
    assert_500(&store, "client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye");
    assert!(store.last_failure().unwrap().contains("client lookup exploded"));

    let store = CallbackStore::new(TestStore::new(Mode::PanicTenant));
    assert_500(&store, "returnTo=https%3A%2F%2Fwww.example.com%2Fout");
    assert!(store.last_failure().unwrap().contains("tenant lookup exploded"));

    let store = CallbackStore::new(TestStore::new(Mode::PanicString));
    assert_500(&store, "client_id=AbC123");
    assert!(store.last_failure().unwrap().contains("owned message"));

    // The store keeps working after a panic.
    let store = CallbackStore::new(TestStore::new(Mode::Good));
    let mut buf = DecideBuffer::new();
    assert_eq!(decide(&store, "client_id=AbC123", &mut buf).http_status, 302);
}

#[test]
fn fresh_lists_are_kept_until_released() {
    let store = CallbackStore::new(TestStore::new(Mode::FreshLists));
    let mut buf = DecideBuffer::new();
    for _ in 0..100 {
        let d = decide(&store, "client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye", &mut buf);
        assert_eq!(d.location, Some("https://app.example.com/bye"));
        assert_eq!(d.matched.as_deref(), Some("https://app.example.com/bye"));
    }
    assert_eq!(store.lent(), 0);
}

#[test]
fn decisions_from_many_threads() {
    let store = Arc::new(CallbackStore::new(TestStore::new(Mode::Good)));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let store = Arc::clone(&store);
            thread::spawn(move || {
                let mut buf = DecideBuffer::new();
                for _ in 0..500 {
                    let q = if i % 2 == 0 {
                        "client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye"
                    } else {
                        "returnTo=https%3A%2F%2Fwww.example.com%2Fout"
                    };
                    assert_eq!(decide(&*store, q, &mut buf).http_status, 302);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(store.lent(), 0);
}
