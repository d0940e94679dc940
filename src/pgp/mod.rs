//! OpenPGP for the page: inspect keys, encrypt, decrypt, sign, verify,
//! and manage keys, with `sequoia-openpgp`.
//!
//! Every function takes plain request structs (which JavaScript passes as
//! objects with camelCase fields) and returns plain results or a
//! [`crate::Error`] with a stable code.  Nothing here reads the clock: each
//! request carries `now_ms` (JavaScript `Date.now()`), and that time is
//! passed to every sequoia call that needs one.
//!
//! Defaults favour working with GnuPG today: generated keys are v4 and
//! advertise SEIPDv1 only, and messages are SEIPDv1 (with MDC) and
//! AES-256 unless every recipient advertises SEIPDv2 or the caller asks
//! for the RFC 9580 profile.
//!
//! Safety rules that hold for every function:
//!
//! - Inputs larger than [`MAX_INPUT_BYTES`] are refused.
//! - No input makes a function panic; every failure is an `Err`.
//! - Decryption is all-or-nothing: a message whose integrity check fails
//!   (or that has no integrity protection) yields an error and no
//!   plaintext at all.
//! - Passphrases and passwords live in sequoia's `Password` (encrypted in
//!   memory, zeroed when dropped) and never appear in errors or `Debug`.

#![warn(clippy::too_many_lines)]

mod armor;
mod common;
mod decrypt;
mod elgamal;
mod encrypt;
mod expiry;
mod failures;
mod generate;
mod inspect;
mod options;
mod prefs;
mod s2k;
mod secret;
mod session;
mod sign;
mod skesk;
mod stream;
mod verify;

pub use armor::{armor, dearmor};
pub use common::MAX_INPUT_BYTES;
pub use decrypt::{DecryptRequest, Decrypted, decrypt};
pub use encrypt::{EncryptRequest, Encrypted, encrypt};
pub use expiry::{ExpiryRequest, set_key_expiry};
pub use generate::{
    ChangePassphraseRequest, ExtractRequest, GenerateRequest, GeneratedKey, RevokeRequest,
    change_key_passphrase, extract_cert, generate_key, revoke_key,
};
#[allow(deprecated)]
pub use generate::{ChangePasswordRequest, change_key_password};
pub use inspect::{KeyInfo, SubkeyInfo, Verdict, inspect_keys};
pub use options::{ArmorLabel, KeyProfile, LiteralMode, MessageProfile, SignMode};
pub use s2k::{DerivedKey, S2kSpec, s2k_fresh, s2k_specs};
pub use secret::SecretKeyInput;
pub use sign::{DetachRequest, Detached, SignRequest, Signed, SignedOutput, inline_detach, sign};
pub use skesk::{Argon2Cost, PasswordSpecs, argon2_costs, password_specs};
pub use verify::{Verification, Verified, VerifyRequest, verify};
