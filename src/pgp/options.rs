//! The options that requests share: each choice among a few names is an
//! enum, and its default is here.
//!
//! Defaults live in these types and in the request types' `#[serde(default)]`
//! attributes, nowhere else: the JavaScript API passes on what the caller
//! gave and leaves out what the caller left out.  A name that is not one of
//! the choices is refused as the options are read, with a sentence that
//! lists the names allowed (`invalid-argument` in JavaScript).

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::{Error, Result};

/// `true`: the default of every `armor` option.
pub(crate) fn yes() -> bool {
    true
}

/// Declares an option that takes one of a few names: an enum that reads
/// and writes those names, says which names there are when given another,
/// and (where the option has one) its default.
macro_rules! choice {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
        $(default = $default:ident;)?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every choice, in the order the documentation lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name JavaScript uses.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $text => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        $(
            impl Default for $name {
                fn default() -> Self {
                    $name::$default
                }
            }
        )?

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self> {
                $name::from_name(s).ok_or_else(|| {
                    Error::InvalidArgument(format!("The {}.", refusal($what, Self::names(), s)))
                })
            }
        }

        impl $name {
            fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|c| c.as_str()).collect()
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                d.deserialize_str(NameVisitor {
                    what: $what,
                    names: Self::names(),
                    read: Self::from_name,
                })
            }
        }
    };
}

/// "profile must be "a", "b" or "c", not "d"" (without a capital or a
/// full stop: serde errors are wrapped in a sentence of their own).
fn refusal(what: &str, names: Vec<&str>, given: &str) -> String {
    format!("{what} must be {}, not {given:?}", listed(&names))
}

/// `"a", "b" or "c"`.
fn listed(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Reads one of a choice's names.
struct NameVisitor<T> {
    what: &'static str,
    names: Vec<&'static str>,
    read: fn(&str) -> Option<T>,
}

impl<T> Visitor<'_> for NameVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} as one of {}", self.what, listed(&self.names))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<T, E> {
        (self.read)(v)
            .ok_or_else(|| E::custom(format!("the {}", refusal(self.what, self.names, v))))
    }
}

choice! {
    /// Which OpenPGP format `encrypt` writes.
    pub enum MessageProfile ("profile") {
        /// SEIPDv2 when every recipient advertises it, else SEIPDv1: what
        /// every recipient can read.
        Auto = "auto",
        /// SEIPDv1 with MDC (RFC 4880), which GnuPG reads.
        Rfc4880 = "rfc4880",
        /// SEIPDv2 with OCB (RFC 9580); every recipient must advertise it.
        Rfc9580 = "rfc9580",
    }
    default = Auto;
}

choice! {
    /// How the content of a message is marked: bytes or text.
    pub enum LiteralMode ("mode") {
        /// Bytes, passed on unchanged (and a binary signature).
        Binary = "binary",
        /// UTF-8 text (and a text signature, which ignores line endings).
        Text = "text",
    }
    default = Binary;
}

choice! {
    /// What `sign` writes.
    pub enum SignMode ("mode") {
        /// A signature alone, to send beside the content.
        Detached = "detached",
        /// An OpenPGP message that holds the content and its signatures.
        Inline = "inline",
        /// `-----BEGIN PGP SIGNED MESSAGE-----` text that people can read.
        Cleartext = "cleartext",
    }
    default = Detached;
}

choice! {
    /// What kind of key `generate_key` makes.
    pub enum KeyProfile ("profile") {
        /// A v4 Ed25519 key with a Cv25519 encryption subkey that
        /// advertises SEIPDv1: every current OpenPGP program reads it.
        Cv25519 = "cv25519",
        /// A v4 RSA-3072 key in GnuPG's shape.
        Rsa3072 = "rsa3072",
        /// A v4 RSA-4096 key in GnuPG's shape.
        Rsa4096 = "rsa4096",
        /// A v6 Ed25519/X25519 key (RFC 9580) that advertises SEIPDv2.
        Rfc9580 = "rfc9580",
    }
    default = Cv25519;
}

choice! {
    /// The armor `armor` writes around binary data.
    pub enum ArmorLabel ("label") {
        /// `PGP MESSAGE`.
        Message = "message",
        /// `PGP SIGNATURE`.
        Signature = "signature",
        /// `PGP PRIVATE KEY BLOCK`: a secret key.
        Key = "key",
        /// `PGP PUBLIC KEY BLOCK`: a certificate.
        Cert = "cert",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, StrDeserializer, U32Deserializer};

    fn read<'de, T: Deserialize<'de>>(name: &'de str) -> std::result::Result<T, String> {
        let d: StrDeserializer<'de, ValueError> = name.into_deserializer();
        T::deserialize(d).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_every_name_it_writes() {
        for p in MessageProfile::ALL {
            assert_eq!(read::<MessageProfile>(p.as_str()), Ok(*p));
            assert_eq!(p.as_str().parse::<MessageProfile>().unwrap(), *p);
        }
        for k in KeyProfile::ALL {
            assert_eq!(read::<KeyProfile>(k.as_str()), Ok(*k));
        }
        assert_eq!(read::<SignMode>("cleartext"), Ok(SignMode::Cleartext));
        assert_eq!(read::<LiteralMode>("text"), Ok(LiteralMode::Text));
    }

    #[test]
    fn the_defaults_are_what_gnupg_reads() {
        assert_eq!(MessageProfile::default(), MessageProfile::Auto);
        assert_eq!(KeyProfile::default(), KeyProfile::Cv25519);
        assert_eq!(SignMode::default(), SignMode::Detached);
        assert_eq!(LiteralMode::default(), LiteralMode::Binary);
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_names_allowed() {
        assert_eq!(
            read::<MessageProfile>("RFC9580").unwrap_err(),
            "the profile must be \"auto\", \"rfc4880\" or \"rfc9580\", not \"RFC9580\""
        );
        assert_eq!(
            read::<LiteralMode>("utf8").unwrap_err(),
            "the mode must be \"binary\" or \"text\", not \"utf8\""
        );
        let e = "x".parse::<ArmorLabel>().unwrap_err();
        assert_eq!(e.code(), "invalid-argument");
        assert_eq!(
            e.to_string(),
            "The label must be \"message\", \"signature\", \"key\" or \"cert\", not \"x\"."
        );
    }

    #[test]
    fn a_value_that_is_not_a_name_says_what_is_expected() {
        let d: U32Deserializer<ValueError> = 3u32.into_deserializer();
        let e = SignMode::deserialize(d).unwrap_err().to_string();
        assert!(
            e.contains("expected the mode as one of \"detached\", \"inline\" or \"cleartext\""),
            "{e}"
        );
    }
}
