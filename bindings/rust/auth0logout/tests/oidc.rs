// SPDX-License-Identifier: MIT
//! /oidc/logout through decide_oidc (R8), checked two ways: against the
//! expected decision, and against what the CLI (`auth0logout decide
//! --endpoint oidc`, AUTH0LOGOUT_CLI, default build/auth0logout) decides for
//! the same requests on the same config -- examples/oidc.json, the config
//! the Go binding's oidc_test.go uses, with HS256 tokens for its client
//! WeB456 signed here.  Every field the CLI prints is compared.
mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

use auth0logout::{
    decide, decide_oidc, load_config, AllowList, CallbackStore, ConfigOptions, DecideBuffer, Decision, ErrorCode,
    ListKind, MemStore, OidcOptions, OidcSettings, Outcome, Status, Store, StoreError,
};
use common::json::{parse, Json};
use common::jws::{b64url, hex, hmac_sha256, hs256, object, sha256, Claim};

// examples/oidc.json: SpA123 (RS256), WeB456 (HS256 with this secret).
const ISSUER: &str = "https://tenant.example.com/";
const SECRET: &str = "demo-secret-for-examples-only-0123456789abcdef";
const WEB_URI: &str = "https://web.example.org/signed-out?lang=en";
const HS256_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

fn srcdir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn config_path() -> PathBuf {
    srcdir().join("examples/oidc.json")
}

fn example() -> (MemStore, OidcSettings) {
    let store = load_config(config_path()).unwrap_or_else(|e| panic!("{}", e));
    let settings = OidcSettings::load(config_path()).unwrap_or_else(|e| panic!("{}", e));
    (store, settings)
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The claims of a token of WeB456 (iss, sub, aud, sid, iat), with `over`
/// replacing (Some) or removing (None) some of them.
fn web_claims(over: &[(&str, Option<Claim>)]) -> String {
    let mut claims: Vec<(&str, Claim)> = vec![
        ("iss", Claim::Str(ISSUER.into())),
        ("sub", Claim::Str("auth0|u1".into())),
        ("aud", Claim::Str("WeB456".into())),
        ("sid", Claim::Str("sess-1".into())),
        ("iat", Claim::Int(now())),
    ];
    for (k, v) in over {
        claims.retain(|(name, _)| name != k);
        if let Some(v) = v {
            claims.push((k, v.clone()));
        }
    }
    object(&claims)
}

fn web_token(over: &[(&str, Option<Claim>)]) -> String {
    hs256(HS256_HEADER, &web_claims(over), SECRET.as_bytes())
}

/// A query string (or form body): every byte but ALPHA DIGIT -._~ as %XX.
fn oq(kv: &[(&str, &str)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{:02X}", b)
                }
            })
            .collect()
    };
    kv.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

// ---- the CLI ----------------------------------------------------------------

/// AUTH0LOGOUT_CLI (relative to the repository's root, as `make check`
/// gives it), else build/auth0logout.
fn cli_path() -> PathBuf {
    match std::env::var_os("AUTH0LOGOUT_CLI") {
        Some(p) if !p.is_empty() => srcdir().join(p),
        _ => srcdir().join("build/auth0logout"),
    }
}

/// How the CLI is run: --form, --session-sid, --max-age.
#[derive(Clone, Copy, Default)]
struct CliOpts<'a> {
    form: bool,
    sid: Option<&'a str>,
    max_age: Option<u64>,
}

/// The CLI's decisions for queries, one per line on its stdin.
fn cli_decide(queries: &[String], o: CliOpts<'_>) -> Vec<BTreeMap<String, Json>> {
    let cli = cli_path();
    assert!(
        cli.is_file(),
        "the CLI {} is missing: build it (make) or set AUTH0LOGOUT_CLI",
        cli.display()
    );
    let mut cmd = Command::new(&cli);
    cmd.arg("decide")
        .arg("--config")
        .arg(config_path())
        .args(["--endpoint", "oidc"]);
    if o.form {
        cmd.arg("--form");
    }
    if let Some(sid) = o.sid {
        cmd.args(["--session-sid", sid]);
    }
    if let Some(n) = o.max_age {
        cmd.args(["--max-age", &n.to_string()]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {}", cli.display(), e));
    {
        let mut stdin = child.stdin.take().unwrap();
        for q in queries {
            assert!(!q.contains('\n'), "a query with a newline: {:?}", q);
            writeln!(stdin, "{}", q).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{} exited {:?}: {}",
        cli.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), queries.len(), "one decision per query: {}", stdout);
    lines
        .iter()
        .map(|l| match parse(l) {
            Ok(Json::Obj(m)) => m,
            other => panic!("the CLI printed {:?} for {}", other, l),
        })
        .collect()
}

/// Why d and the CLI's decision differ (empty: they do not).
fn differences(d: &Decision<'_>, cli: &BTreeMap<String, Json>) -> Vec<String> {
    let s = |v: Option<&str>| v.map_or(Json::Null, |v| Json::Str(v.to_string()));
    let mut why = Vec::new();
    for (k, want) in cli {
        let got = match k.as_str() {
            "outcome" => Json::Str(d.outcome.name().to_string()),
            "status" => Json::Int(i64::from(d.http_status)),
            "location" => s(d.location),
            "federated" => Json::Bool(d.federated),
            "error" => s(d.error.map(|e| e.name())),
            "error_description" => s(d.error_description.as_deref()),
            "list" => s(d.list.map(|l| l.name())),
            "matched" => s(d.matched.as_deref()),
            "hint" => s(d.hint.as_deref()),
            "confirm" => Json::Bool(d.confirm),
            "client_id" => s(d.client_id.as_deref()),
            "locale" => s(d.locale.as_deref()),
            other => {
                why.push(format!("the CLI printed {:?}, which this test does not compare", other));
                continue;
            }
        };
        if got != *want {
            why.push(format!("{}: CLI {:?}, Rust {:?}", k, want, got));
        }
    }
    for k in ["outcome", "status", "location", "confirm", "client_id"] {
        if !cli.contains_key(k) {
            why.push(format!("the CLI did not print {:?}", k));
        }
    }
    why
}

/// Decides every query through decide_oidc and the CLI and asserts they
/// agree on every field; returns nothing, the callers check the values.
fn assert_like_cli(store: &MemStore, settings: &OidcSettings, queries: &[String], o: CliOpts<'_>) {
    let cli = cli_decide(queries, o);
    let opts = OidcOptions {
        form: o.form,
        session_sid: o.sid,
    };
    let mut buf = DecideBuffer::for_oidc();
    let mut failures = Vec::new();
    for (q, c) in queries.iter().zip(&cli) {
        let d = decide_oidc(store, settings, q, opts, &mut buf);
        let why = differences(&d, c);
        if !why.is_empty() {
            failures.push(format!("{:?}:\n  {}", q, why.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "decide_oidc and the CLI differ:\n{}",
        failures.join("\n")
    );
}

// ---- the helpers themselves ----------------------------------------------------

#[test]
fn hs256_helpers_match_the_published_vectors() {
    // FIPS 180-4 examples, RFC 4231 test cases 2 and 6 (a key longer than
    // a block), RFC 4648 section 10 (unpadded, base64url alphabet).
    assert_eq!(
        hex(&sha256(b"")),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        hex(&sha256(b"abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        hex(&sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
    assert_eq!(
        hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(
        hex(&hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        )),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
    assert_eq!(b64url(b""), "");
    assert_eq!(b64url(b"f"), "Zg");
    assert_eq!(b64url(b"fo"), "Zm8");
    assert_eq!(b64url(b"foobar"), "Zm9vYmFy");
    assert_eq!(b64url(&[0xfb, 0xff]), "-_8");
}

// ---- R8 -----------------------------------------------------------------------

#[test]
fn r8_10_a_valid_id_token_hint_redirects_like_the_cli() {
    let (store, settings) = example();
    let tok = web_token(&[]);
    let q = oq(&[
        ("id_token_hint", &tok),
        ("post_logout_redirect_uri", WEB_URI),
        ("state", "st"),
    ]);
    let mut buf = DecideBuffer::for_oidc();
    let d = decide_oidc(&store, &settings, &q, OidcOptions::get(), &mut buf);
    assert_eq!(d.outcome, Outcome::Redirect, "{:?}", d);
    assert_eq!(d.http_status, 302);
    assert_eq!(d.status, Status::OK);
    assert_eq!(d.location, Some("https://web.example.org/signed-out?lang=en&state=st"));
    assert_eq!(d.list, Some(ListKind::Client));
    assert_eq!(d.client_id.as_deref(), Some("WeB456"));
    assert_eq!(d.matched.as_deref(), Some(WEB_URI));
    assert!(!d.confirm, "a verified token needs no consent (R8.7)");
    // Without post_logout_redirect_uri: the client's first entry (R8.5).
    let q2 = oq(&[("id_token_hint", &tok)]);
    let d = decide_oidc(&store, &settings, &q2, OidcOptions::get(), &mut buf);
    assert_eq!(d.location, Some(WEB_URI));
    assert_like_cli(&store, &settings, &[q, q2], CliOpts::default());
}

#[test]
fn r8_10_forged_signatures_are_refused_like_the_cli() {
    let (store, settings) = example();
    let good = web_token(&[]);
    let parts: Vec<&str> = good.split('.').collect();
    let other_payload = b64url(web_claims(&[("sub", Some(Claim::Str("auth0|admin".into())))]).as_bytes());
    let min = |aud: &str| object(&[("iss", Claim::Str(ISSUER.into())), ("aud", Claim::Str(aud.into()))]);
    let forged: Vec<(&str, String)> = vec![
        ("wrong secret", hs256(HS256_HEADER, &min("WeB456"), b"not-the-secret")),
        ("signature cut", good[..good.len() - 2].to_string()),
        (
            "signature of another payload",
            format!("{}.{}.{}", parts[0], other_payload, parts[2]),
        ),
        ("no signature", format!("{}.{}.", parts[0], parts[1])),
        (
            "alg none",
            hs256(r#"{"alg":"none"}"#, &min("WeB456"), SECRET.as_bytes()),
        ),
        (
            "RS256 header",
            hs256(r#"{"alg":"RS256"}"#, &min("WeB456"), SECRET.as_bytes()),
        ),
        (
            "other issuer",
            web_token(&[("iss", Some(Claim::Str("https://evil.example.com/".into())))]),
        ),
        ("no issuer", web_token(&[("iss", None)])),
        (
            "RS256 client signed with HS256",
            web_token(&[("aud", Some(Claim::Str("SpA123".into())))]),
        ),
        ("not a JWS", "abc.def.ghi".to_string()),
        ("two parts", "abc.def".to_string()),
    ];
    // The good token is in the batch too: the forged ones fail for what
    // they change, not because nothing verifies.
    let mut queries = vec![oq(&[("id_token_hint", &good), ("post_logout_redirect_uri", WEB_URI)])];
    let mut buf = DecideBuffer::for_oidc();
    assert_eq!(
        decide_oidc(&store, &settings, &queries[0], OidcOptions::get(), &mut buf).http_status,
        302
    );
    for (name, tok) in &forged {
        let q = oq(&[("id_token_hint", tok), ("post_logout_redirect_uri", WEB_URI)]);
        let d = decide_oidc(&store, &settings, &q, OidcOptions::get(), &mut buf);
        assert_eq!(
            (d.outcome, d.http_status, d.status, d.error, d.location),
            (
                Outcome::Error,
                400,
                Status::OIDC_TOKEN_INVALID,
                Some(ErrorCode::InvalidRequest),
                None
            ),
            "{}",
            name
        );
        assert!(!d.confirm, "{}: an error never asks", name);
        queries.push(q);
    }
    assert_like_cli(&store, &settings, &queries, CliOpts::default());
}

#[test]
fn r8_4_a_post_logout_redirect_uri_on_the_client_list_is_allowed() {
    let (store, settings) = example();
    let cases = [
        ("SpA123", "https://app.example.com/bye", "https://app.example.com/bye"),
        // The entry's query is compared, and this one has it.
        (
            "SpA123",
            "https://app.example.com/bye?from=oidc",
            "https://app.example.com/bye?from=oidc",
        ),
        // WeB456's https://*.example.org.
        ("WeB456", "https://shop.example.org", "https://*.example.org"),
    ];
    let mut queries = Vec::new();
    let mut buf = DecideBuffer::for_oidc();
    for (client, uri, entry) in cases {
        let q = oq(&[("client_id", client), ("post_logout_redirect_uri", uri)]);
        let d = decide_oidc(&store, &settings, &q, OidcOptions::get(), &mut buf);
        assert_eq!((d.outcome, d.http_status), (Outcome::Redirect, 302), "{}: {:?}", uri, d);
        assert_eq!(d.location, Some(uri));
        assert_eq!(d.matched.as_deref(), Some(entry));
        assert_eq!(d.client_id.as_deref(), Some(client));
        assert!(d.confirm, "no hint: the tenant asks first (R8.7)");
        queries.push(q);
    }
    // No client: the tenant's list (R8.3).
    let q = oq(&[("post_logout_redirect_uri", "https://www.example.com/logged-out")]);
    let d = decide_oidc(&store, &settings, &q, OidcOptions::get(), &mut buf);
    assert_eq!(d.location, Some("https://www.example.com/logged-out"));
    assert_eq!(d.list, Some(ListKind::Tenant));
    queries.push(q);
    assert_like_cli(&store, &settings, &queries, CliOpts::default());
}

#[test]
fn r8_4_a_post_logout_redirect_uri_not_on_the_list_is_not_allowed() {
    let (store, settings) = example();
    let tok = web_token(&[]);
    let cases: Vec<(String, Status)> = vec![
        (
            oq(&[
                ("client_id", "SpA123"),
                ("post_logout_redirect_uri", "https://evil.example.com/"),
            ]),
            Status::NOT_ALLOWED,
        ),
        // An entry without this query (R8.4 compares it).
        (
            oq(&[
                ("client_id", "SpA123"),
                ("post_logout_redirect_uri", "https://app.example.com/bye?from=v2"),
            ]),
            Status::NOT_ALLOWED,
        ),
        // The tenant's list does not count once a client is known.
        (
            oq(&[
                ("client_id", "SpA123"),
                ("post_logout_redirect_uri", "https://www.example.com/logged-out"),
            ]),
            Status::NOT_ALLOWED,
        ),
        (
            oq(&[
                ("id_token_hint", &tok),
                ("post_logout_redirect_uri", "https://app.example.com/bye"),
            ]),
            Status::NOT_ALLOWED,
        ),
        (
            oq(&[
                ("client_id", "SpA123"),
                ("post_logout_redirect_uri", "https://app.example.com/bye#x"),
            ]),
            Status::OIDC_URI_FRAGMENT,
        ),
        (
            oq(&[
                ("client_id", "Nope"),
                ("post_logout_redirect_uri", "https://app.example.com/bye"),
            ]),
            Status::UNKNOWN_CLIENT,
        ),
    ];
    let mut buf = DecideBuffer::for_oidc();
    for (q, st) in &cases {
        let d = decide_oidc(&store, &settings, q, OidcOptions::get(), &mut buf);
        assert_eq!(
            (d.outcome, d.http_status, d.status),
            (Outcome::Error, 400, *st),
            "{}: {:?}",
            q,
            d
        );
        assert_eq!(d.location, None);
        assert!(d.error_description.is_some());
        if *st == Status::NOT_ALLOWED {
            assert!(d.hint.is_some(), "{}: not_allowed has a hint", q);
            assert!(
                d.error_description
                    .as_deref()
                    .unwrap()
                    .contains("post_logout_redirect_uri"),
                "R8.9"
            );
        }
    }
    let queries: Vec<String> = cases.into_iter().map(|(q, _)| q).collect();
    assert_like_cli(&store, &settings, &queries, CliOpts::default());
}

#[test]
fn r8_6_state_is_appended_to_the_uri_the_request_sent() {
    let (store, settings) = example();
    let cases = [
        (
            oq(&[
                ("client_id", "SpA123"),
                ("post_logout_redirect_uri", "https://app.example.com/bye"),
                ("state", "xy"),
            ]),
            Some("https://app.example.com/bye?state=xy"),
        ),
        (
            oq(&[
                ("client_id", "SpA123"),
                ("post_logout_redirect_uri", "https://app.example.com/bye?from=oidc"),
                ("state", "a b/c"),
            ]),
            Some("https://app.example.com/bye?from=oidc&state=a%20b%2Fc"),
        ),
        (
            oq(&[
                ("client_id", "WeB456"),
                ("post_logout_redirect_uri", WEB_URI),
                ("state", "-._~"),
            ]),
            Some("https://web.example.org/signed-out?lang=en&state=-._~"),
        ),
        // A default target (no URI sent) gets no state (R8.5).
        (
            oq(&[("client_id", "SpA123"), ("state", "xy")]),
            Some("https://app.example.com/bye"),
        ),
    ];
    let mut buf = DecideBuffer::for_oidc();
    for (q, loc) in &cases {
        let d = decide_oidc(&store, &settings, q, OidcOptions::get(), &mut buf);
        assert_eq!(d.location, *loc, "{}", q);
    }
    let queries: Vec<String> = cases.iter().map(|(q, _)| q.clone()).collect();
    assert_like_cli(&store, &settings, &queries, CliOpts::default());
}

#[test]
fn r8_1_a_form_body_is_decided_like_the_query() {
    let (store, settings) = example();
    let tok = web_token(&[]);
    let body = oq(&[
        ("id_token_hint", &tok),
        ("post_logout_redirect_uri", WEB_URI),
        ("state", "st"),
    ]);
    let mut buf = DecideBuffer::for_oidc();
    let get = decide_oidc(&store, &settings, &body, OidcOptions::get(), &mut buf)
        .location
        .map(str::to_string);
    let d = decide_oidc(&store, &settings, &body, OidcOptions::post(), &mut buf);
    assert_eq!(d.outcome, Outcome::Redirect, "{:?}", d);
    assert_eq!(d.location.map(str::to_string), get);
    assert_eq!(d.location, Some("https://web.example.org/signed-out?lang=en&state=st"));
    assert!(!d.confirm);
    // A POST spells federated true or false (R8.1); a GET has it by
    // presence.
    let fed = |v: &str| oq(&[("client_id", "SpA123"), ("federated", v)]);
    let d = decide_oidc(&store, &settings, fed("true"), OidcOptions::post(), &mut buf);
    assert!(d.federated && d.outcome == Outcome::Redirect, "{:?}", d);
    let d = decide_oidc(&store, &settings, fed("false"), OidcOptions::post(), &mut buf);
    assert!(!d.federated && d.outcome == Outcome::Redirect, "{:?}", d);
    let d = decide_oidc(&store, &settings, fed("yes"), OidcOptions::post(), &mut buf);
    assert_eq!((d.http_status, d.status.name()), (400, "oidc_federated"));
    let d = decide_oidc(&store, &settings, fed("yes"), OidcOptions::get(), &mut buf);
    assert!(d.federated && d.outcome == Outcome::Redirect, "{:?}", d);
    // A body is read whole, never as a request target.
    let target = format!("/oidc/logout?{}", oq(&[("client_id", "SpA123")]));
    let d = decide_oidc(&store, &settings, &target, OidcOptions::get(), &mut buf);
    assert_eq!(d.client_id.as_deref(), Some("SpA123"));
    let bodies = vec![body, fed("true"), fed("false"), fed("yes"), target];
    assert_like_cli(
        &store,
        &settings,
        &bodies,
        CliOpts {
            form: true,
            ..CliOpts::default()
        },
    );
    assert_like_cli(&store, &settings, &bodies, CliOpts::default());
}

#[test]
fn r8_7_the_browser_session_decides_confirm_like_the_cli() {
    let (store, settings) = example();
    let tok = web_token(&[]);
    let with_tok = oq(&[("id_token_hint", &tok)]);
    let with_hint = oq(&[("id_token_hint", &tok), ("logout_hint", "sess-1")]);
    let hint_only = oq(&[("client_id", "WeB456"), ("logout_hint", "sess-1")]);
    let none = String::new();
    let mut buf = DecideBuffer::for_oidc();
    let mut confirm = |q: &str, sid: Option<&str>| {
        let o = OidcOptions {
            form: false,
            session_sid: sid,
        };
        let d = decide_oidc(&store, &settings, q, o, &mut buf);
        assert_ne!(d.outcome, Outcome::Error, "{}: {:?}", q, d);
        d.confirm
    };
    assert!(confirm(&with_tok, Some("sess-2")), "the token's session is another one");
    assert!(!confirm(&with_tok, Some("sess-1")));
    assert!(!confirm(&with_hint, Some("sess-1")));
    assert!(!confirm(&with_tok, None));
    assert!(!confirm(&with_tok, Some("")), "an empty sid is no sid");
    assert!(confirm(&hint_only, None), "a logout_hint alone, session unknown");
    assert!(confirm(&none, None), "no hint at all");
    assert!(confirm(&none, Some("sess-1")));
    let queries = vec![with_tok, with_hint, hint_only, none];
    for sid in ["sess-1", "sess-2"] {
        assert_like_cli(
            &store,
            &settings,
            &queries,
            CliOpts {
                sid: Some(sid),
                ..CliOpts::default()
            },
        );
    }
    assert_like_cli(&store, &settings, &queries, CliOpts::default());
}

#[test]
fn r8_2_client_id_and_logout_hint_must_match_the_token() {
    let (store, settings) = example();
    let tok = web_token(&[]);
    let cases = [
        (
            oq(&[("id_token_hint", &tok), ("client_id", "SpA123")]),
            Status::OIDC_CLIENT_MISMATCH,
        ),
        (
            oq(&[("id_token_hint", &tok), ("logout_hint", "sess-2")]),
            Status::OIDC_LOGOUT_HINT,
        ),
        (
            oq(&[
                ("id_token_hint", &tok),
                ("client_id", "WeB456"),
                ("logout_hint", "sess-1"),
            ]),
            Status::OK,
        ),
    ];
    let mut buf = DecideBuffer::for_oidc();
    for (q, st) in &cases {
        let d = decide_oidc(&store, &settings, q, OidcOptions::get(), &mut buf);
        assert_eq!(d.status, *st, "{}: {:?}", q, d);
    }
    let queries: Vec<String> = cases.iter().map(|(q, _)| q.clone()).collect();
    assert_like_cli(&store, &settings, &queries, CliOpts::default());
}

#[test]
fn r8_8_ui_locales_gives_the_tenants_spelling() {
    let (store, settings) = example();
    let mut buf = DecideBuffer::for_oidc();
    let d = decide_oidc(
        &store,
        &settings,
        "client_id=WeB456&ui_locales=fr-ca%20en",
        OidcOptions::get(),
        &mut buf,
    );
    assert_eq!((d.outcome, d.locale.as_deref()), (Outcome::Redirect, Some("fr-CA")));
    assert!(d.confirm);
    let d = decide_oidc(
        &store,
        &settings,
        "client_id=WeB456&ui_locales=de",
        OidcOptions::get(),
        &mut buf,
    );
    assert_eq!((d.http_status, d.status, d.locale), (400, Status::OIDC_LOCALE, None));
    // /v2/logout has neither locale nor consent.
    let d = decide(&store, "client_id=WeB456", &mut buf);
    assert_eq!((d.confirm, d.locale), (false, None));
    // Without enabled_locales: the tag as given when it is one.
    let empty = OidcSettings::empty().unwrap();
    let d = decide_oidc(&store, &empty, "ui_locales=pt-BR", OidcOptions::get(), &mut buf);
    assert_eq!(d.locale.as_deref(), Some("pt-BR"));
    let queries = vec![
        "client_id=WeB456&ui_locales=fr-ca%20en".to_string(),
        "client_id=WeB456&ui_locales=de".to_string(),
    ];
    assert_like_cli(&store, &settings, &queries, CliOpts::default());
}

#[test]
fn r8_10_max_age_refuses_old_tokens_like_the_cli() {
    let (store, settings) = example();
    let mut strict = OidcSettings::load(config_path()).unwrap();
    strict.set_max_age(60);
    let old = oq(&[("id_token_hint", &web_token(&[("iat", Some(Claim::Int(now() - 3600)))]))]);
    let fresh = oq(&[("id_token_hint", &web_token(&[]))]);
    let future = oq(&[("id_token_hint", &web_token(&[("iat", Some(Claim::Int(now() + 3600)))]))]);
    let no_iat = oq(&[("id_token_hint", &web_token(&[("iat", None)]))]);
    let mut buf = DecideBuffer::for_oidc();
    // Without a maximum age (R8.10's choice) an old token verifies.
    assert_eq!(
        decide_oidc(&store, &settings, &old, OidcOptions::get(), &mut buf).outcome,
        Outcome::Redirect
    );
    for (q, st) in [
        (&old, Status::OIDC_TOKEN_INVALID),
        (&fresh, Status::OK),
        (&future, Status::OIDC_TOKEN_INVALID),
        (&no_iat, Status::OIDC_TOKEN_INVALID),
    ] {
        assert_eq!(
            decide_oidc(&store, &strict, q, OidcOptions::get(), &mut buf).status,
            st,
            "{}",
            q
        );
    }
    let queries = vec![old, fresh, future, no_iat];
    assert_like_cli(
        &store,
        &strict,
        &queries,
        CliOpts {
            max_age: Some(60),
            ..CliOpts::default()
        },
    );
    assert_like_cli(&store, &settings, &queries, CliOpts::default());
}

#[test]
fn r8_10_empty_settings_verify_nothing() {
    let (store, settings) = example();
    assert_eq!(settings.issuer(), Some(ISSUER));
    let empty = OidcSettings::empty().unwrap();
    assert_eq!(empty.issuer(), None);
    let q = oq(&[("id_token_hint", &web_token(&[]))]);
    let mut buf = DecideBuffer::for_oidc();
    assert_eq!(
        decide_oidc(&store, &settings, &q, OidcOptions::get(), &mut buf).status,
        Status::OK
    );
    let d = decide_oidc(&store, &empty, &q, OidcOptions::get(), &mut buf);
    assert_eq!((d.http_status, d.status), (400, Status::OIDC_TOKEN_INVALID));
    // Prompts stay on: no hint, a question.
    assert!(decide_oidc(&store, &empty, "client_id=WeB456", OidcOptions::get(), &mut buf).confirm);
    assert!(format!("{:?}", settings).contains(ISSUER));
}

// ---- stores written in Rust ------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Good,
    PanicClient,
    PanicTenant,
    Fail,
}

struct ListStore {
    mode: Mode,
    tenant: Arc<AllowList>,
    web: Arc<AllowList>,
}

impl ListStore {
    fn new(mode: Mode) -> ListStore {
        ListStore {
            mode,
            tenant: Arc::new(AllowList::new(["https://www.example.com/logged-out"]).unwrap()),
            web: Arc::new(AllowList::new([WEB_URI]).unwrap()),
        }
    }
}

impl Store for ListStore {
    fn tenant_list(&self) -> Result<Option<Arc<AllowList>>, StoreError> {
        match self.mode {
            Mode::PanicTenant => panic!("tenant lookup exploded"),
            Mode::Fail => Err(StoreError::Failed("database down".into())),
            _ => Ok(Some(self.tenant.clone())),
        }
    }
    fn client_list(&self, id: &[u8]) -> Result<Option<Arc<AllowList>>, StoreError> {
        match self.mode {
            Mode::PanicClient => panic!("client lookup exploded"),
            Mode::Fail => Err(StoreError::Failed("database down".into())),
            _ if id == b"WeB456" => Ok(Some(self.web.clone())),
            _ => Err(StoreError::UnknownClient),
        }
    }
}

#[test]
fn r2_4_a_panicking_store_is_a_500_server_error() {
    let (_, settings) = example();
    let tok = web_token(&[]);
    let by_token = oq(&[("id_token_hint", &tok), ("post_logout_redirect_uri", WEB_URI)]);
    let by_tenant = oq(&[("post_logout_redirect_uri", "https://www.example.com/logged-out")]);
    let mut buf = DecideBuffer::for_oidc();

    let good = CallbackStore::new(ListStore::new(Mode::Good));
    let d = decide_oidc(&good, &settings, &by_token, OidcOptions::get(), &mut buf);
    assert_eq!((d.http_status, d.location), (302, Some(WEB_URI)));
    assert_eq!(good.lent(), 0);

    for (mode, q, why) in [
        (Mode::PanicClient, &by_token, "client lookup exploded"),
        (Mode::PanicTenant, &by_tenant, "tenant lookup exploded"),
        (Mode::Fail, &by_token, "database down"),
        (Mode::Fail, &by_tenant, "database down"),
    ] {
        let store = CallbackStore::new(ListStore::new(mode));
        let d = decide_oidc(&store, &settings, q, OidcOptions::get(), &mut buf);
        assert_eq!(
            (d.outcome, d.http_status, d.status, d.error, d.location, d.confirm),
            (
                Outcome::Error,
                500,
                Status::STORE_FAILED,
                Some(ErrorCode::ServerError),
                None,
                false
            ),
            "{}",
            why
        );
        assert!(store.last_failure().unwrap().contains(why));
        assert_eq!(store.lent(), 0);
        // The store (and the process) keep working after a panic.
        drop(d);
        assert_eq!(
            decide_oidc(&store, &settings, "", OidcOptions::get(), &mut buf).http_status,
            200
        );
    }
    // A forged token never reaches the store, panicking or not.
    let store = CallbackStore::new(ListStore::new(Mode::PanicClient));
    let forged = oq(&[("id_token_hint", &hs256(HS256_HEADER, &web_claims(&[]), b"guess"))]);
    assert_eq!(
        decide_oidc(&store, &settings, &forged, OidcOptions::get(), &mut buf).status,
        Status::OIDC_TOKEN_INVALID
    );
    assert_eq!(store.last_failure(), None);
}

#[test]
fn settings_and_stores_are_shared_between_threads() {
    let (store, settings) = example();
    let shared = Arc::new((store, settings, CallbackStore::new(ListStore::new(Mode::Good))));
    let tok = Arc::new(web_token(&[]));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let shared = Arc::clone(&shared);
            let tok = Arc::clone(&tok);
            thread::spawn(move || {
                let (mem, settings, cb) = &*shared;
                let mut buf = DecideBuffer::new();
                let q = oq(&[("id_token_hint", &tok), ("post_logout_redirect_uri", WEB_URI)]);
                for _ in 0..50 {
                    assert_eq!(
                        decide_oidc(mem, settings, &q, OidcOptions::get(), &mut buf).location,
                        Some(WEB_URI)
                    );
                    assert_eq!(
                        decide_oidc(cb, settings, &q, OidcOptions::get(), &mut buf).location,
                        Some(WEB_URI)
                    );
                    assert_eq!(
                        decide_oidc(cb, settings, "client_id=Nope", OidcOptions::get(), &mut buf).http_status,
                        400
                    );
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(shared.2.lent(), 0);
}

// ---- the buffer and the settings' errors ----------------------------------------

#[test]
fn decide_oidc_grows_a_v2_buffer() {
    let (store, settings) = example();
    let mut buf = DecideBuffer::new();
    // SAFETY: no arguments.
    let (v2, oidc) = unsafe {
        (
            auth0logout::sys::auth0logout_decide_buffer_size(),
            auth0logout::sys::auth0logout_oidc_buffer_size(),
        )
    };
    assert_eq!(buf.len(), v2);
    let d = decide_oidc(&store, &settings, "client_id=SpA123", OidcOptions::get(), &mut buf);
    assert_eq!(d.location, Some("https://app.example.com/bye"));
    assert_eq!(buf.len(), oidc);
    assert_eq!(DecideBuffer::for_oidc().len(), oidc);
    // A grown buffer still serves /v2/logout.
    assert_eq!(decide(&store, "client_id=SpA123", &mut buf).http_status, 302);
}

fn temp_config(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("auth0logout-rust-oidc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn settings_errors_say_what_is_wrong() {
    let e = OidcSettings::load("/nonexistent/oidc.json").unwrap_err();
    assert_eq!(e.status(), Status::CONFIG_IO);
    assert!(e.message().contains("/nonexistent/oidc.json"), "{}", e);
    let bad = temp_config(
        "bad-issuer.json",
        r#"{"tenant": {"allowed_logout_urls": []}, "clients": [], "oidc": {"issuer": "ftp://tenant.example.com/"}}"#,
    );
    let e = OidcSettings::load(&bad).unwrap_err();
    assert_eq!(e.status(), Status::CONFIG_SHAPE, "{}", e);
    // Placeholders: from defines, else an error naming none.
    let ph = temp_config(
        "placeholder.json",
        r###"{"clients": [{"client_id": "a", "allowed_logout_urls": ["https://##HOST##/bye"]}],
             "oidc": {"issuer": "https://##HOST##/"}}"###,
    );
    let e = OidcSettings::load(&ph).unwrap_err();
    assert_eq!(e.status(), Status::CONFIG_PLACEHOLDER, "{}", e);
    let opt = ConfigOptions::new().define("HOST", "id.example.net");
    let s = OidcSettings::load_with(&ph, &opt).unwrap();
    assert_eq!(s.issuer(), Some("https://id.example.net/"));
    let store = auth0logout::load_config_with(&ph, &opt).unwrap();
    let mut buf = DecideBuffer::new();
    assert_eq!(
        decide_oidc(&store, &s, "client_id=a", OidcOptions::get(), &mut buf).location,
        Some("https://id.example.net/bye")
    );
    let e = OidcSettings::load_with(&ph, &ConfigOptions::new().define("not a key", "x")).unwrap_err();
    assert_eq!(e.status(), Status::CONFIG_PLACEHOLDER, "{}", e);
    let e = OidcSettings::load_with(&ph, &ConfigOptions::new().environment(Some("A\0B"))).unwrap_err();
    assert_eq!(e.status(), Status::INVALID_ARGUMENT);
    let _ = std::fs::remove_dir_all(bad.parent().unwrap());
}
