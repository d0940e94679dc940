//! Understanding a message: bounces against the corpus, header blocks,
//! PGP/MIME structure, and hostile input.
#![cfg(feature = "mail")]

mod bad_input;
mod bounces;
mod headers;
mod pgp_mime;

use std::path::{Path, PathBuf};

/// A file under `tests/data/mail/`.
pub fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/mail")
        .join(rel)
}

/// The bytes of a file under `tests/data/mail/`.
pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
