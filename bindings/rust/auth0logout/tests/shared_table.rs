// SPDX-License-Identifier: MIT
//! The shared decision table (tests/data/shared): the config loaded through
//! load_config, every case of cases.json decided and compared (outcome,
//! status, and location and list when the case gives them) -- the table
//! the C suite runs through `auth0logout test`.
use std::collections::BTreeMap;
use std::path::PathBuf;

use auth0logout::{decide, load_config, DecideBuffer};

// ---- a JSON reader for cases.json's shape ----------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("cases.json: byte {}: {}", self.i, what))
    }
    fn ws(&mut self) {
        while self.i < self.s.len() && b" \t\r\n".contains(&self.s[self.i]) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            self.err(&format!("expected '{}'", c as char))
        }
    }
    fn lit(&mut self, word: &str, v: Json) -> Result<Json, String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            self.err("unexpected word")
        }
    }
    fn value(&mut self) -> Result<Json, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(m));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    self.eat(b':')?;
                    let v = self.value()?;
                    if m.insert(k, v).is_some() {
                        return self.err("duplicate key");
                    }
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(m));
                        }
                        _ => return self.err("expected ',' or '}'"),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(a));
                }
                loop {
                    a.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(a));
                        }
                        _ => return self.err("expected ',' or ']'"),
                    }
                }
            }
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b'n') => self.lit("null", Json::Null),
            Some(b't') => self.lit("true", Json::Bool(true)),
            Some(b'f') => self.lit("false", Json::Bool(false)),
            Some(c) if *c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                t.parse().map(Json::Int).or_else(|_| self.err("bad integer"))
            }
            _ => self.err("expected a value"),
        }
    }
    fn hex4(&mut self) -> Result<u32, String> {
        let h = self.s.get(self.i..self.i + 4).ok_or("cases.json: short \\u escape")?;
        let h = std::str::from_utf8(h).map_err(|e| e.to_string())?;
        self.i += 4;
        u32::from_str_radix(h, 16).or_else(|_| self.err("bad \\u escape"))
    }
    fn string(&mut self) -> Result<String, String> {
        if self.s.get(self.i) != Some(&b'"') {
            return self.err("expected a string");
        }
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = match self.s.get(self.i) {
                Some(&c) => c,
                None => return self.err("unterminated string"),
            };
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).map_err(|e| e.to_string()),
                b'\\' => {
                    let e = match self.s.get(self.i) {
                        Some(&e) => e,
                        None => return self.err("unterminated escape"),
                    };
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) && self.s[self.i..].starts_with(b"\\u") {
                                self.i += 2;
                                let lo = self.hex4()?;
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
                            }
                            match char::from_u32(cp) {
                                Some(ch) => ch,
                                None => return self.err("bad \\u escape"),
                            }
                        }
                        _ => return self.err("bad escape"),
                    };
                    let mut b = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                }
                c if c < 0x20 => return self.err("control byte in a string"),
                c => out.push(c),
            }
        }
    }
}

fn parse(text: &str) -> Result<Json, String> {
    let mut r = Reader { s: text.as_bytes(), i: 0 };
    let v = r.value()?;
    r.ws();
    if r.i != r.s.len() {
        return r.err("trailing data");
    }
    Ok(v)
}

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
