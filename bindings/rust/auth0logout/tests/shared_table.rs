// SPDX-License-Identifier: MIT
//! The shared decision table (tests/data/shared): the config loaded through
//! load_config, every case of cases.json decided and compared (outcome,
//! status, and location and list when the case gives them) -- the table
//! the C suite runs through `auth0logout test`.
mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use auth0logout::{decide, load_config, DecideBuffer};
use common::json::{parse, Json};

#[test]
fn json_reader_handles_the_shapes() {
    let v = parse(r#" {"a": [1, -2, null, "x\"\\\/\n\u00e9\ud83d\ude00"], "b": {}} "#).unwrap();
    let mut m = BTreeMap::new();
    m.insert(
        "a".to_string(),
        Json::Arr(vec![
            Json::Int(1),
            Json::Int(-2),
            Json::Null,
            Json::Str("x\"\\/\n\u{e9}\u{1F600}".to_string()),
        ]),
    );
    m.insert("b".to_string(), Json::Obj(BTreeMap::new()));
    assert_eq!(v, Json::Obj(m));
    assert!(parse("[1,]").is_err());
    assert!(parse("{\"a\":1,\"a\":2}").is_err());
    assert!(parse("\"abc").is_err());
}

// ---- the table -------------------------------------------------------------

fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/data/shared")
}

fn get<'a>(m: &'a BTreeMap<String, Json>, k: &str) -> Option<&'a Json> {
    m.get(k)
}

#[test]
fn shared_table() {
    let dir = shared_dir();
    let store = load_config(dir.join("config.json")).unwrap_or_else(|e| panic!("{}", e));
    let text = std::fs::read_to_string(dir.join("cases.json")).unwrap();
    let root = match parse(&text).unwrap() {
        Json::Obj(m) => m,
        _ => panic!("cases.json: not an object"),
    };
    let cases = match get(&root, "cases") {
        Some(Json::Arr(a)) => a.clone(),
        _ => panic!("cases.json: no \"cases\" array"),
    };
    assert!(!cases.is_empty());
    let mut buf = DecideBuffer::new();
    let mut failures = Vec::new();
    let mut compared = 0;
    for c in &cases {
        let c = match c {
            Json::Obj(m) => m,
            _ => panic!("cases.json: a case is not an object"),
        };
        let name = match get(c, "name") {
            Some(Json::Str(s)) => s.clone(),
            _ => panic!("cases.json: a case without a name"),
        };
        let query = match get(c, "query") {
            Some(Json::Str(s)) => s.clone(),
            _ => panic!("{}: no query", name),
        };
        let expect = match get(c, "expect") {
            Some(Json::Obj(m)) => m,
            _ => panic!("{}: no expect", name),
        };
        let d = decide(&store, &query, &mut buf);
        let mut check = |field: &str, want: &Json, got: Json| {
            compared += 1;
            if *want != got {
                failures.push(format!("{}: {}: expected {:?}, got {:?}", name, field, want, got));
            }
        };
        let opt = |s: Option<&str>| s.map_or(Json::Null, |s| Json::Str(s.to_string()));
        for (k, want) in expect {
            match k.as_str() {
                "outcome" => check(k, want, Json::Str(d.outcome.name().to_string())),
                "status" => check(k, want, Json::Int(i64::from(d.http_status))),
                "location" => check(k, want, opt(d.location)),
                "list" => check(k, want, opt(d.list.map(|l| l.name()))),
                "matched" => check(k, want, opt(d.matched.as_deref())),
                "error" => check(k, want, opt(d.error.map(|e| e.name()))),
                other => panic!("{}: unknown expect key {:?}", name, other),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
    eprintln!("shared table: {} cases, {} fields compared", cases.len(), compared);
}
