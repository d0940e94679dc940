//! The JavaScript face of the core: the only module that names
//! `wasm_bindgen` or `js_sys`.
//!
//! Each export converts its arguments, calls the core and converts the
//! result. Options and results cross as plain objects: options are read
//! by [`read`] (its errors say where the value was and what kind it was),
//! results written by `serde-wasm-bindgen` (byte fields as `Uint8Array`,
//! absent values as `null`). A failure is thrown as a JavaScript `Error`
//! whose `.code` is the stable code of [`Error`] and whose `.message` is
//! its sentence.
//!
//! Nothing here reads the clock: callers pass `nowMs` (`Date.now()`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::Error;

mod read;

/// Installs the panic hook, so that a bug shows on the console instead of
/// as a bare `unreachable`. It is not error handling: nothing reachable by
/// input panics.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Converts a core error into a thrown `Error` with a `.code`.
fn throw(e: Error) -> JsValue {
    let js = js_sys::Error::new(&e.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(
        &js,
        &JsValue::from_str("code"),
        &JsValue::from_str(e.code()),
    );
    js.into()
}

/// Reads an options object into a core request.
fn read_options<T: DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
    read::from_js(value).map_err(|e| {
        throw(Error::InvalidArgument(format!(
            "The options are not valid: {e}."
        )))
    })
}

/// Turns a core result into a plain JavaScript value.
fn plain<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| throw(Error::Internal(format!("result conversion failed: {e}"))))
}

/// Calls `core` with the options read from `value` and returns its result
/// as a plain value.
fn call<Q, R, F>(value: JsValue, core: F) -> Result<JsValue, JsValue>
where
    Q: DeserializeOwned,
    R: Serialize,
    F: FnOnce(&Q) -> crate::Result<R>,
{
    let request: Q = read_options(value)?;
    let result = core(&request).map_err(throw)?;
    plain(&result)
}

/// Like [`call`], for core functions that return bytes (a `Uint8Array`).
#[cfg(feature = "pgp")]
fn call_bytes<Q, F>(value: JsValue, core: F) -> Result<Vec<u8>, JsValue>
where
    Q: DeserializeOwned,
    F: FnOnce(&Q) -> crate::Result<Vec<u8>>,
{
    let request: Q = read_options(value)?;
    core(&request).map_err(throw)
}

/// What this module is: `{ sealpost, tzdb, features }` (`tzdb` is the
/// bundled IANA release, null in a module without the `window` feature).
#[wasm_bindgen(js_name = buildInfo)]
pub fn build_info() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Info {
        sealpost: &'static str,
        tzdb: Option<String>,
        features: Vec<&'static str>,
    }
    let mut features = Vec::new();
    if cfg!(feature = "pgp") {
        features.push("pgp");
    }
    if cfg!(feature = "window") {
        features.push("window");
    }
    if cfg!(feature = "mail") {
        features.push("mail");
    }
    plain(&Info {
        sealpost: crate::VERSION,
        #[cfg(feature = "window")]
        tzdb: Some(crate::window::tzdb_version()),
        #[cfg(not(feature = "window"))]
        tzdb: None,
        features,
    })
}

/// Every error code the module can throw.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    Error::CODES.iter().map(|c| c.to_string()).collect()
}

#[cfg(feature = "pgp")]
mod pgp {
    use super::*;
    use crate::pgp;

    /// Inspects every key and certificate in `data` (armored or binary).
    #[wasm_bindgen(js_name = inspectKeys)]
    pub fn inspect_keys(data: &[u8], now_ms: f64) -> Result<JsValue, JsValue> {
        let keys = pgp::inspect_keys(data, now_ms).map_err(throw)?;
        plain(&keys)
    }

    /// What to hash to unlock `key`'s iterated S2Ks: `[{ hash, salt,
    /// count, keyLen }]`, for the page to derive with WebCrypto.
    #[wasm_bindgen(js_name = s2kSpecs)]
    pub fn s2k_specs(key: &[u8]) -> Result<JsValue, JsValue> {
        plain(&pgp::s2k_specs(key).map_err(throw)?)
    }

    /// What to hash to protect a key anew: `{ hash, salt, count, keyLen }`.
    #[wasm_bindgen(js_name = s2kFresh)]
    pub fn s2k_fresh() -> Result<JsValue, JsValue> {
        plain(&pgp::s2k_fresh().map_err(throw)?)
    }

    /// What the password packets of `message` ask to derive: `{ iterated,
    /// otherHashes, argon2, cheap }`.
    #[wasm_bindgen(js_name = passwordSpecs)]
    pub fn password_specs(message: &[u8]) -> Result<JsValue, JsValue> {
        plain(&pgp::password_specs(message).map_err(throw)?)
    }

    /// What each Argon2 S2K in a message or key asks for: `[{ passes,
    /// lanes, memoryKib }]`.
    #[wasm_bindgen(js_name = argon2Costs)]
    pub fn argon2_costs(data: &[u8]) -> Result<JsValue, JsValue> {
        plain(&pgp::argon2_costs(data).map_err(throw)?)
    }

    /// Encrypts (and optionally signs); returns `{ message, seipd, … }`.
    #[wasm_bindgen]
    pub fn encrypt(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, pgp::encrypt)
    }

    /// Decrypts and verifies; returns `{ plaintext, verifications, … }`.
    #[wasm_bindgen]
    pub fn decrypt(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, pgp::decrypt)
    }

    /// Signs data (cleartext, detached or inline); returns
    /// `{ signature | message, hash, micalg }`.
    #[wasm_bindgen]
    pub fn sign(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, pgp::sign)
    }

    /// Verifies signatures; returns `{ good, verifications, plaintext }`.
    #[wasm_bindgen]
    pub fn verify(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, pgp::verify)
    }

    /// Generates a key; returns the armored secret key, public key and
    /// revocation certificate.
    #[wasm_bindgen(js_name = generateKey)]
    pub fn generate_key(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, pgp::generate_key)
    }

    /// Changes or removes a secret key's passphrase.
    #[wasm_bindgen(js_name = changeKeyPassphrase)]
    pub fn change_key_passphrase(options: JsValue) -> Result<Vec<u8>, JsValue> {
        call_bytes(options, pgp::change_key_passphrase)
    }

    /// Revokes a key; returns the revoked certificate.
    #[wasm_bindgen(js_name = revokeKey)]
    pub fn revoke_key(options: JsValue) -> Result<Vec<u8>, JsValue> {
        call_bytes(options, pgp::revoke_key)
    }

    /// Sets when a key and its subkeys expire; returns the secret key.
    #[wasm_bindgen(js_name = setKeyExpiry)]
    pub fn set_key_expiry(options: JsValue) -> Result<Vec<u8>, JsValue> {
        call_bytes(options, pgp::set_key_expiry)
    }

    /// Extracts the public certificate from a secret key.
    #[wasm_bindgen(js_name = extractCert)]
    pub fn extract_cert(options: JsValue) -> Result<Vec<u8>, JsValue> {
        call_bytes(options, pgp::extract_cert)
    }

    /// Splits an inline-signed message into its text and signatures.
    #[wasm_bindgen(js_name = inlineDetach)]
    pub fn inline_detach(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, pgp::inline_detach)
    }

    /// Armors binary OpenPGP data (`label` overrides the detected kind).
    #[wasm_bindgen]
    pub fn armor(data: &[u8], label: Option<String>) -> Result<Vec<u8>, JsValue> {
        let label = label.map(|l| l.parse()).transpose().map_err(throw)?;
        pgp::armor(data, label).map_err(throw)
    }

    /// Removes ASCII armor.
    #[wasm_bindgen]
    pub fn dearmor(data: &[u8]) -> Result<Vec<u8>, JsValue> {
        pgp::dearmor(data).map_err(throw)
    }
}

#[cfg(feature = "window")]
mod window {
    use super::*;
    use crate::window;

    /// Reads a maintenance announcement and converts it to the given zones.
    #[wasm_bindgen(js_name = parseWindow)]
    pub fn parse_window(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, window::parse)
    }

    /// Builds a window from structured fields (date, start, end or duration, zone).
    #[wasm_bindgen(js_name = windowFromFields)]
    pub fn window_from_fields(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, window::from_fields)
    }

    /// Converts a window, given as two instants, to a list of zones.
    #[wasm_bindgen(js_name = convertWindow)]
    pub fn convert_window(
        start_ms: f64,
        end_ms: f64,
        zones: Vec<String>,
    ) -> Result<JsValue, JsValue> {
        let views = window::convert(start_ms, end_ms, &zones).map_err(throw)?;
        plain(&views)
    }

    /// Where `now` stands relative to the window: upcoming, in progress or ended.
    #[wasm_bindgen(js_name = windowStatus)]
    pub fn window_status(start_ms: f64, end_ms: f64, now_ms: f64) -> Result<JsValue, JsValue> {
        plain(&window::status(start_ms, end_ms, now_ms))
    }

    /// An RFC 5545 calendar file for the window.
    #[wasm_bindgen(js_name = windowIcs)]
    pub fn window_ics(options: JsValue) -> Result<String, JsValue> {
        let request = read_options(options)?;
        window::ics(&request).map_err(throw)
    }

    /// A Google Calendar link that adds the window as an event.
    #[wasm_bindgen(js_name = googleCalendarUrl)]
    pub fn google_calendar_url(options: JsValue) -> Result<String, JsValue> {
        let request = read_options(options)?;
        window::google_calendar_url(&request).map_err(throw)
    }

    /// The URL fragment that reopens the window in the page.
    #[wasm_bindgen(js_name = shareFragment)]
    pub fn share_fragment(options: JsValue) -> Result<String, JsValue> {
        let request = read_options(options)?;
        window::share_fragment(&request).map_err(throw)
    }

    /// Reads back a fragment made by `shareFragment`.
    #[wasm_bindgen(js_name = readFragment)]
    pub fn read_fragment(fragment: &str) -> Result<JsValue, JsValue> {
        let link = window::read_fragment(fragment).map_err(throw)?;
        plain(&link)
    }

    /// The zone table as plain text or Markdown.
    #[wasm_bindgen(js_name = windowTable)]
    pub fn window_table(options: JsValue) -> Result<String, JsValue> {
        let request = read_options(options)?;
        window::table(&request).map_err(throw)
    }

    /// Every zone name in the bundled time zone database.
    #[wasm_bindgen(js_name = zoneNames)]
    pub fn zone_names() -> Vec<String> {
        window::zone_names()
    }
}

#[cfg(feature = "mail")]
mod mail {
    use super::*;
    use crate::mail;

    /// Reads a bounce: `{ bounce, kind, recipients, original, … }`.
    #[wasm_bindgen(js_name = readBounce)]
    pub fn read_bounce(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, mail::read_bounce)
    }

    /// Reads a header block: `{ hops, authentication, summary, … }`.
    #[wasm_bindgen(js_name = readHeaders)]
    pub fn read_headers(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, mail::read_headers)
    }

    /// What a decrypted message holds: `{ mime, text, attachments, … }`.
    #[wasm_bindgen(js_name = openMime)]
    pub fn open_mime(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, mail::open_mime)
    }

    /// The OpenPGP message inside a `multipart/encrypted` email.
    #[wasm_bindgen(js_name = encryptedPart)]
    pub fn encrypted_part(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, mail::encrypted_part)
    }

    /// The signed part (CRLF) and detached signature of `multipart/signed`.
    #[wasm_bindgen(js_name = signedParts)]
    pub fn signed_parts(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, mail::signed_parts)
    }

    /// Checks a `multipart/signed` email: `{ verified, content, micalg }`.
    #[cfg(feature = "pgp")]
    #[wasm_bindgen(js_name = verifySigned)]
    pub fn verify_signed(options: JsValue) -> Result<JsValue, JsValue> {
        call(options, mail::verify_signed)
    }
}
