//! The options that requests share, and their defaults.
//!
//! Defaults live here and in the request types' `#[serde(default)]`
//! attributes, nowhere else: the JavaScript API passes what the caller gave
//! and leaves out what the caller left out.

/// `true`: the default of every `armor` option.
pub(crate) fn yes() -> bool {
    true
}
