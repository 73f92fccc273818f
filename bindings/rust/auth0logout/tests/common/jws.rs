// SPDX-License-Identifier: MIT
//! HS256 JWS in compact form, for the /oidc/logout tests: SHA-256 (FIPS
//! 180-4), HMAC (RFC 2104) and unpadded base64url (RFC 4648 section 5),
//! written here from those texts since the binding takes no crates.  The
//! constants are computed, not typed in, and the tests check the digests
//! against the FIPS and RFC 4231 vectors.
#![allow(dead_code)]

/// The first n primes.
fn primes(n: usize) -> Vec<u64> {
    let mut out = Vec::with_capacity(n);
    let mut k = 2u64;
    while out.len() < n {
        if out.iter().all(|p| k % p != 0) {
            out.push(k);
        }
        k += 1;
    }
    out
}

/// The first 32 bits of the fractional part of p^(1/root): the low 32
/// bits of the largest x with x^root <= p * 2^(32 * root), found by
/// bisection in integers (exact).
fn frac_root(p: u64, root: u32) -> u32 {
    let target = u128::from(p) << (32 * root);
    let (mut lo, mut hi) = (0u128, 1u128 << 40);
    while lo < hi {
        let mid = (lo + hi + 1) / 2;
        if mid.pow(root) <= target {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo as u32
}

struct Consts {
    h0: [u32; 8],
    k: [u32; 64],
}

fn consts() -> Consts {
    let p = primes(64);
    let mut c = Consts { h0: [0; 8], k: [0; 64] };
    for (h, &p) in c.h0.iter_mut().zip(&p) {
        *h = frac_root(p, 2);
    }
    for (k, &p) in c.k.iter_mut().zip(&p) {
        *k = frac_root(p, 3);
    }
    c
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    let c = consts();
    let mut h = c.h0;
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (wt, b) in w.iter_mut().zip(block.chunks(4)) {
            *wt = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        }
        for t in 16..64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut cc, mut d, mut e, mut f, mut g, mut hh] = h;
        for (&kt, &wt) in c.k.iter().zip(&w) {
            let big_s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(big_s1)
                .wrapping_add(ch)
                .wrapping_add(kt)
                .wrapping_add(wt);
            let big_s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & cc) ^ (b & cc);
            let t2 = big_s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = cc;
            cc = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, cc, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&sha256(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(msg);
    let mut outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&sha256(&inner));
    sha256(&outer)
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{:02x}", x)).collect()
}

/// Unpadded base64url.
pub fn b64url(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let v = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=n {
            out.push(A[((v >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A JSON string literal (the claims here are plain ASCII; quotes and
/// backslashes escaped anyway).
pub fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A claim's value, as JSON.
#[derive(Clone, Debug)]
pub enum Claim {
    Str(String),
    Int(i64),
}

/// A JSON object of the members given, in their order.
pub fn object(members: &[(&str, Claim)]) -> String {
    let parts: Vec<String> = members
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Claim::Str(s) => json_str(s),
                Claim::Int(i) => i.to_string(),
            };
            format!("{}:{}", json_str(k), v)
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

/// header.payload.signature, the signature HMAC-SHA-256 with secret.
pub fn hs256(header: &str, payload: &str, secret: &[u8]) -> String {
    let input = format!("{}.{}", b64url(header.as_bytes()), b64url(payload.as_bytes()));
    let mac = hmac_sha256(secret, input.as_bytes());
    format!("{}.{}", input, b64url(&mac))
}
