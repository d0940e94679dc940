//! Reads a JavaScript options object into a core request type, through
//! serde.
//!
//! What it accepts is what the `.d.ts` declares and what
//! `serde-wasm-bindgen` accepted before it: `null` and `undefined` as an
//! absent value, numbers (integers only where the field is an integer),
//! strings, booleans, arrays, `Uint8Array` / `ArrayBuffer` for bytes, plain
//! objects for structs (only the fields the struct names are read, and a
//! key whose value is `undefined` counts as absent), and a string for a
//! unit enum variant.
//!
//! It exists for its errors. A serde error built the usual way describes
//! the value that did not fit, and describing a number links `core`'s whole
//! float printing into every module (8.5 kB brotli of the window module).
//! Here an error says *where* the value was and what *kind* it was:
//! `windows[0].start: expected f64, found a string`. No number is printed.

use std::fmt;

use js_sys::{Array, ArrayBuffer, Number, Reflect, Uint8Array};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::clip;

/// Reads `value` as a `T`.
pub(super) fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, ReadError> {
    T::deserialize(Reader(value))
}

/// Why a value could not be read, and where it was (`recipients[1]`).
#[derive(Debug)]
pub(super) struct ReadError {
    path: String,
    message: String,
}

impl ReadError {
    fn new(message: String) -> ReadError {
        ReadError {
            path: String::new(),
            message,
        }
    }

    /// The same error, one level further out: inside field `name`.
    fn in_field(mut self, name: &str) -> ReadError {
        if !self.path.is_empty() && !self.path.starts_with('[') {
            self.path.insert(0, '.');
        }
        self.path.insert_str(0, name);
        self
    }

    /// The same error, one level further out: inside item `index`.
    fn in_item(mut self, index: u32) -> ReadError {
        if !self.path.is_empty() && !self.path.starts_with('[') {
            self.path.insert(0, '.');
        }
        self.path.insert_str(0, &format!("[{index}]"));
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(message: T) -> ReadError {
        ReadError::new(message.to_string())
    }

    fn invalid_type(found: Unexpected<'_>, expected: &dyn de::Expected) -> ReadError {
        ReadError::new(format!("expected {expected}, found {}", kind(&found)))
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn de::Expected) -> ReadError {
        let what = match found {
            Unexpected::Str(s) => format!("\u{201c}{}\u{201d}", clip(s)),
            Unexpected::Signed(_) | Unexpected::Unsigned(_) => "an integer out of its range".into(),
            other => kind(&other).to_string(),
        };
        ReadError::new(format!("expected {expected}, found {what}"))
    }
}

/// What kind of value `u` is, in words, without its value.
fn kind(u: &Unexpected<'_>) -> &'static str {
    match u {
        Unexpected::Bool(_) => "a boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) => "an integer",
        Unexpected::Float(_) => "a number",
        Unexpected::Char(_) | Unexpected::Str(_) => "a string",
        Unexpected::Bytes(_) => "bytes",
        Unexpected::Unit | Unexpected::Option => "null",
        Unexpected::Seq => "an array",
        Unexpected::Map | Unexpected::StructVariant => "an object",
        Unexpected::NewtypeStruct
        | Unexpected::Enum
        | Unexpected::UnitVariant
        | Unexpected::NewtypeVariant
        | Unexpected::TupleVariant
        | Unexpected::Other(_) => "another kind of value",
    }
}

/// One JavaScript value, as a serde deserializer.
struct Reader(JsValue);

impl Reader {
    fn is_absent(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    /// The value as an integer, when it is a number without a fraction
    /// that a double holds exactly.
    fn integer(&self) -> Option<i64> {
        Number::is_safe_integer(&self.0)
            .then(|| self.0.as_f64())
            .flatten()
            .map(|n| n as i64)
    }

    fn bytes(&self) -> Option<Vec<u8>> {
        if let Some(a) = self.0.dyn_ref::<Uint8Array>() {
            Some(a.to_vec())
        } else {
            self.0
                .dyn_ref::<ArrayBuffer>()
                .map(|b| Uint8Array::new(b).to_vec())
        }
    }

    /// The error for a value of the wrong kind.
    fn wrong(&self, expected: &dyn de::Expected) -> ReadError {
        let found = if self.is_absent() {
            "null"
        } else if self.0.as_bool().is_some() {
            "a boolean"
        } else if self.0.as_f64().is_some() {
            "a number"
        } else if self.0.is_string() {
            "a string"
        } else if self.0.is_bigint() {
            "a BigInt"
        } else if self.0.is_instance_of::<Uint8Array>() || self.0.is_instance_of::<ArrayBuffer>() {
            "bytes"
        } else if Array::is_array(&self.0) {
            "an array"
        } else if self.0.is_function() {
            "a function"
        } else if self.0.is_object() {
            "an object"
        } else {
            "another kind of value"
        };
        ReadError::new(format!("expected {expected}, found {found}"))
    }

    fn items(&self) -> Option<Items> {
        self.0.dyn_ref::<Array>().map(|array| Items {
            array: array.clone(),
            next: 0,
        })
    }
}

macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
            match self.integer() {
                Some(n) => v.visit_i64(n),
                None => Err(self.wrong(&v)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Reader {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        if self.is_absent() {
            v.visit_unit()
        } else if let Some(b) = self.0.as_bool() {
            v.visit_bool(b)
        } else if let Some(n) = self.integer() {
            v.visit_i64(n)
        } else if let Some(n) = self.0.as_f64() {
            v.visit_f64(n)
        } else if let Some(s) = self.0.as_string() {
            v.visit_string(s)
        } else if let Some(bytes) = self.bytes() {
            v.visit_byte_buf(bytes)
        } else if let Some(items) = self.items() {
            v.visit_seq(items)
        } else if self.0.is_object() && !self.0.is_function() {
            v.visit_map(Entries::of(&self.0)?)
        } else {
            Err(self.wrong(&v))
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self.0.as_bool() {
            Some(b) => v.visit_bool(b),
            None => Err(self.wrong(&v)),
        }
    }

    // serde's integer visitors check the range of the target type.
    integers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
              deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self.0.as_f64() {
            Some(n) => v.visit_f64(n),
            None => Err(self.wrong(&v)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(v)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(v)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self.0.as_string() {
            Some(s) => v.visit_string(s),
            None => Err(self.wrong(&v)),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_byte_buf(v)
    }

    /// A `Uint8Array`, an `ArrayBuffer`, or an array of numbers.
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        if let Some(bytes) = self.bytes() {
            v.visit_byte_buf(bytes)
        } else if let Some(items) = self.items() {
            v.visit_seq(items)
        } else {
            Err(self.wrong(&v))
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        if self.is_absent() {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        if self.is_absent() {
            v.visit_unit()
        } else {
            Err(self.wrong(&v))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, ReadError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self.items() {
            Some(items) => v.visit_seq(items),
            None => Err(self.wrong(&v)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        if self.0.is_object() && !Array::is_array(&self.0) {
            v.visit_map(Entries::of(&self.0)?)
        } else {
            Err(self.wrong(&v))
        }
    }

    /// Reads only the fields the struct names; a key that holds
    /// `undefined` is an absent field, so that `{ armor: opts.armor }`
    /// means the default when `opts.armor` is not set.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, ReadError> {
        if self.0.is_object() && !Array::is_array(&self.0) {
            v.visit_map(Fields {
                object: self.0,
                names: fields.iter(),
                value: None,
            })
        } else {
            Err(self.wrong(&v))
        }
    }

    /// `"variant"` for a unit variant, `{ variant: value }` for the others.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, ReadError> {
        if let Some(tag) = self.0.as_string() {
            return v.visit_enum(Variant {
                tag,
                value: JsValue::UNDEFINED,
            });
        }
        let mut entries = match self.0.is_object() && !Array::is_array(&self.0) {
            true => Entries::of(&self.0)?,
            false => return Err(self.wrong(&v)),
        };
        match (entries.pairs.len(), entries.pairs.pop()) {
            (1, Some((tag, value))) => v.visit_enum(Variant { tag, value }),
            _ => Err(ReadError::new(format!(
                "expected {}, found an object without exactly one key",
                &v as &dyn de::Expected
            ))),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        v.visit_unit()
    }
}

/// The items of an array.
struct Items {
    array: Array,
    next: u32,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        if self.next >= self.array.length() {
            return Ok(None);
        }
        let index = self.next;
        self.next += 1;
        seed.deserialize(Reader(self.array.get(index)))
            .map(Some)
            .map_err(|e| e.in_item(index))
    }

    fn size_hint(&self) -> Option<usize> {
        usize::try_from(self.array.length().saturating_sub(self.next)).ok()
    }
}

/// The named fields of a struct, read from an object.
struct Fields {
    object: JsValue,
    names: std::slice::Iter<'static, &'static str>,
    value: Option<(&'static str, JsValue)>,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        for &name in self.names.by_ref() {
            let value = Reflect::get(&self.object, &JsValue::from_str(name))
                .map_err(|_| ReadError::new("it could not be read".into()).in_field(name))?;
            if !value.is_undefined() {
                self.value = Some((name, value));
                return seed.deserialize(name.into_deserializer()).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let (name, value) = self
            .value
            .take()
            .ok_or_else(|| ReadError::new("a value was read before its key".into()))?;
        seed.deserialize(Reader(value))
            .map_err(|e| e.in_field(name))
    }
}

/// Every own enumerable string-keyed entry of an object, for maps.
struct Entries {
    /// In reverse order, so that `pop` gives the next one.
    pairs: Vec<(String, JsValue)>,
    value: Option<(String, JsValue)>,
}

impl Entries {
    fn of(object: &JsValue) -> Result<Entries, ReadError> {
        let object = object.unchecked_ref::<js_sys::Object>();
        let mut pairs = Vec::new();
        for entry in js_sys::Object::entries(object).iter() {
            let pair = entry.unchecked_into::<Array>();
            let key = pair
                .get(0)
                .as_string()
                .ok_or_else(|| ReadError::new("an object key is not a string".into()))?;
            pairs.push((key, pair.get(1)));
        }
        pairs.reverse();
        Ok(Entries { pairs, value: None })
    }
}

impl<'de> MapAccess<'de> for Entries {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let Some((key, value)) = self.pairs.pop() else {
            return Ok(None);
        };
        let read = seed.deserialize(key.as_str().into_deserializer());
        self.value = Some((key, value));
        read.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| ReadError::new("a value was read before its key".into()))?;
        seed.deserialize(Reader(value))
            .map_err(|e| e.in_field(&key))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.pairs.len())
    }
}

/// An enum variant: its name, and what it holds (`undefined` for a unit
/// variant).
struct Variant {
    tag: String,
    value: JsValue,
}

impl<'de> EnumAccess<'de> for Variant {
    type Error = ReadError;
    type Variant = Reader;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Reader), ReadError> {
        let tag = seed.deserialize(self.tag.as_str().into_deserializer())?;
        Ok((tag, Reader(self.value)))
    }
}

impl<'de> VariantAccess<'de> for Reader {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        if self.is_absent() {
            Ok(())
        } else {
            Err(ReadError::new("this value holds nothing".into()))
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, ReadError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_seq(self, v)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_struct(self, "", fields, v)
    }
}
