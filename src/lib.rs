//! Sealpost: seal a message with OpenPGP, and show a maintenance window in
//! the reader's own time zone, entirely inside the reader's browser.
//!
//! The core is plain Rust with no knowledge of its host:
//!
//! - [`pgp`] inspects keys, encrypts, decrypts, signs and verifies with
//!   `sequoia-openpgp` (feature `pgp`).
//! - [`window`] reads maintenance announcements and converts them between
//!   time zones with `jiff` and its bundled IANA database (feature `window`).
//! - [`mail`] reads bounces, header blocks and PGP/MIME structure with
//!   `mail-parser` (feature `mail`).
//! - [`Error`] is the one error type; every variant has a stable code.
//!
//! Nothing here reads the clock: every function that depends on "now" takes
//! it as an argument, because a WebAssembly module has no clock of its own.
//! The only code that knows about JavaScript is the private `wasm` module.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
#[cfg(feature = "mail")]
pub mod mail;
#[cfg(feature = "pgp")]
pub mod pgp;
#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(feature = "window")]
pub mod window;

pub use error::{Error, Result};

/// The version of this crate, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
