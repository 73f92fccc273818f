// SPDX-License-Identifier: MIT
//! What the integration tests share (not a test crate of its own: Cargo
//! only builds tests/*.rs).
pub mod json;
pub mod jws;
