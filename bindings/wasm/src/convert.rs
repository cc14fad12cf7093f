//! The one place where values and errors cross between Rust and JavaScript.

use js_sys::{Array, JsString, Number, Object};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Display;
use tsify::{Ts, Tsify};
use unified_store::StoreError;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// What every export returns; the error is always an `Error` made by [`js_error`].
pub type JsResult<T> = Result<T, JsValue>;

/// The JS face of a [`StoreError`]: an `Error` named `StoreError` whose `message` is the
/// error's text, `code` its variant name and the variant's fields its other properties.
pub fn js_error(error: StoreError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("StoreError");
    // `{ code, ...fields }` from core's serde derive. Strings and numbers always serialise,
    // so there is nothing to lose by ignoring a failure here.
    if let Ok(fields) = serde_wasm_bindgen::to_value(&error) {
        js_sys::Object::assign(&js, &fields.unchecked_into());
    }
    js.into()
}

#[wasm_bindgen]
extern "C" {
    /// A text argument: `string` in TypeScript, but taken as any JS value and checked by
    /// [`text`], because wasm-bindgen's own `&str` conversion fails on a non-string with a
    /// bare `TypeError`, not a `StoreError`, and takes a lone surrogate as U+FFFD without a
    /// word.
    #[wasm_bindgen(typescript_type = "string")]
    pub type Text;

    /// A flag argument: `boolean` in TypeScript, checked by [`flag`], because wasm-bindgen's
    /// own `bool` conversion takes any value by `ToInt32` (`"true"` is `false`).
    #[wasm_bindgen(typescript_type = "boolean")]
    pub type Flag;

    /// A 64-bit integer argument: a `number` or a `bigint`, checked by [`integer`], because
    /// wasm-bindgen's own `i64` conversion throws a `TypeError` on a number and wraps a
    /// `bigint` past 64 bits without a word.
    #[wasm_bindgen(typescript_type = "number | bigint")]
    pub type Integer;
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        JsValue::from_str(text).unchecked_into()
    }
}

impl From<bool> for Flag {
    fn from(flag: bool) -> Self {
        JsValue::from_bool(flag).unchecked_into()
    }
}

impl From<i64> for Integer {
    fn from(value: i64) -> Self {
        JsValue::from(value).unchecked_into()
    }
}

/// `InvalidInput` on argument `name`, as a JS error.
pub(crate) fn invalid(name: &str, reason: impl Into<String>) -> JsValue {
    js_error(StoreError::InvalidInput { field: name.into(), reason: reason.into() })
}

/// Why a text with a lone surrogate is refused.
const LONE_SURROGATE: &str = "holds a lone UTF-16 surrogate, which UTF-8 cannot carry";

/// Reads text argument `name`; anything but a string, or a string holding a lone surrogate,
/// is `InvalidInput` naming it.
pub(crate) fn text(name: &str, value: Text) -> JsResult<String> {
    let text = value.as_string().ok_or_else(|| invalid(name, "must be a string"))?;
    if lone_surrogate(value.unchecked_ref(), &text) {
        return Err(invalid(name, LONE_SURROGATE));
    }
    Ok(text)
}

/// Whether JS string `js`, read into Rust as `text`, held a lone surrogate. Reading a JS
/// string (`TextEncoder`) replaces each lone surrogate with U+FFFD, one UTF-16 unit for one,
/// so both count the same UTF-16 offsets: a U+FFFD in `text` where `js` has another unit was
/// a lone surrogate. Text without U+FFFD, nearly all of it, costs one scan.
fn lone_surrogate(js: &JsString, text: &str) -> bool {
    const REPLACEMENT: char = char::REPLACEMENT_CHARACTER;
    if !text.contains(REPLACEMENT) {
        return false;
    }
    let mut offset = 0;
    text.chars().any(|c| {
        let at = offset;
        offset += c.len_utf16() as u32;
        c == REPLACEMENT && js.char_code_at(at) != f64::from(u32::from(REPLACEMENT))
    })
}

/// How deep [`lone_surrogate_in`] looks into an argument: deeper than any record nests.
const DEPTH: u8 = 8;

/// Where in `value` (`""` for itself, `.content`, `[2].prompt`) the first string holding a
/// lone surrogate is, looking through arrays and objects' own properties `depth` levels down.
fn lone_surrogate_in(value: &JsValue, depth: u8) -> Option<String> {
    if let Some(js) = value.dyn_ref::<JsString>() {
        return js.as_string().is_some_and(|text| lone_surrogate(js, &text)).then(String::new);
    }
    if depth == 0 || !value.is_object() {
        return None;
    }
    if let Some(items) = value.dyn_ref::<Array>() {
        return items
            .iter()
            .enumerate()
            .find_map(|(i, item)| lone_surrogate_in(&item, depth - 1).map(|path| format!("[{i}]{path}")));
    }
    Object::entries(value.unchecked_ref()).iter().find_map(|entry| {
        let entry = entry.unchecked_into::<Array>();
        let path = lone_surrogate_in(&entry.get(1), depth - 1)?;
        Some(format!(".{}{path}", entry.get(0).as_string().unwrap_or_default()))
    })
}

/// Reads flag argument `name`; anything but `true` or `false` is `InvalidInput` naming it.
pub(crate) fn flag(name: &str, value: Flag) -> JsResult<bool> {
    value.as_bool().ok_or_else(|| invalid(name, "must be true or false"))
}

/// Reads 64-bit integer argument `name`: a `number` that is a safe integer (as every number
/// field of a record must be), or a `bigint` within 64 bits; anything else is `InvalidInput`
/// naming it.
pub(crate) fn integer(name: &str, value: Integer) -> JsResult<i64> {
    if value.is_bigint() {
        let value: &JsValue = &value;
        return i64::try_from(value.clone()).map_err(|_| invalid(name, "is a bigint outside -2^63 to 2^63-1"));
    }
    match value.as_f64() {
        // Safe integers are within ±(2^53 - 1), so the cast is exact.
        Some(number) if Number::is_safe_integer(&value) => Ok(number as i64),
        Some(_) => Err(invalid(name, "must be an integer between -(2^53-1) and 2^53-1, or a bigint")),
        None => Err(invalid(name, "must be a number or a bigint")),
    }
}

/// Reads optional text argument `name`: `None` when absent, else as [`text`].
pub(crate) fn optional_text(name: &str, value: Option<Text>) -> JsResult<Option<String>> {
    value.map(|value| text(name, value)).transpose()
}

/// Reads array argument `name`, each item as [`arg`]; anything but an array is
/// `InvalidInput` naming it.
pub(crate) fn args<T: Tsify + DeserializeOwned>(name: &str, values: JsValue) -> JsResult<Vec<T>> {
    let items = values.dyn_into::<Array>().map_err(|_| invalid(name, "must be an array"))?;
    let read = |(i, item)| read(&item).map_err(|reason| invalid(name, format!("[{i}]: {reason}")));
    items.iter().enumerate().map(read).collect()
}

/// Reads argument `name`; a value of the wrong shape, or with a string holding a lone
/// surrogate anywhere in it, is `InvalidInput` naming it.
pub(crate) fn arg<T: Tsify + DeserializeOwned>(name: &str, value: Ts<T>) -> JsResult<T> {
    read(&value.into()).map_err(|reason| invalid(name, reason))
}

/// `value` as a `T`, or why not.
fn read<T: Tsify + DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    if let Some(path) = lone_surrogate_in(value, DEPTH) {
        let at = path.strip_prefix('.').unwrap_or(&path);
        return Err(format!("{} {LONE_SURROGATE}", if at.is_empty() { "the value" } else { at }));
    }
    T::from_js(value.clone()).map_err(|error| error.to_string())
}

/// Reads optional argument `name`: `None` when absent, else as [`arg`].
pub(crate) fn arg_or_none<T: Tsify + DeserializeOwned>(name: &str, value: Option<Ts<T>>) -> JsResult<Option<T>> {
    value.map(|value| arg(name, value)).transpose()
}

/// Reads optional argument `name`, its default when absent.
pub(crate) fn arg_or_default<T: Tsify + DeserializeOwned + Default>(name: &str, value: Option<Ts<T>>) -> JsResult<T> {
    value.map_or_else(|| Ok(T::default()), |value| arg(name, value))
}

/// Hands a core result to JS: the value as a plain object, the error through [`js_error`].
pub(crate) fn ret<T: Tsify + Serialize>(result: Result<T, StoreError>) -> JsResult<Ts<T>> {
    result.and_then(|value| Ts::from_rust(&value).map_err(storage)).map_err(js_error)
}

/// [`ret`] for a list: a JS array of plain objects.
pub(crate) fn ret_all<T: Tsify + Serialize>(result: Result<Vec<T>, StoreError>) -> JsResult<Vec<Ts<T>>> {
    result
        .and_then(|values| values.iter().map(Ts::from_rust).collect::<Result<_, _>>().map_err(storage))
        .map_err(js_error)
}

/// [`ret`] for a record that may be absent: `undefined` in JS when it is.
pub(crate) fn ret_some<T: Tsify + Serialize>(result: Result<Option<T>, StoreError>) -> JsResult<Option<Ts<T>>> {
    result.and_then(|value| value.as_ref().map(Ts::from_rust).transpose().map_err(storage)).map_err(js_error)
}

/// A failure below the store (OPFS, serialisation) as the public `Storage` error.
pub(crate) fn storage(error: impl Display) -> StoreError {
    StoreError::Storage { reason: error.to_string() }
}

#[wasm_bindgen]
extern "C" {
    /// A store key argument: 32 raw bytes or a passphrase, checked by [`store_key`].
    #[wasm_bindgen(typescript_type = "Uint8Array | string")]
    pub type Key;

    /// A bytes argument, checked by [`bytes`].
    #[wasm_bindgen(typescript_type = "Uint8Array")]
    pub type Bytes;
}

impl From<&str> for Key {
    fn from(passphrase: &str) -> Self {
        JsValue::from_str(passphrase).unchecked_into()
    }
}

impl From<&[u8]> for Key {
    fn from(bytes: &[u8]) -> Self {
        JsValue::from(js_sys::Uint8Array::from(bytes)).unchecked_into()
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        JsValue::from(js_sys::Uint8Array::from(bytes)).unchecked_into()
    }
}

/// Reads key argument `name`: a `Uint8Array` (or an array of numbers) or a passphrase string;
/// anything else is `InvalidInput` naming it. Core checks the length and the passphrase.
pub(crate) fn store_key(name: &str, value: Key) -> JsResult<unified_store::StoreKey> {
    let value: JsValue = value.into();
    if lone_surrogate_in(&value, 1).is_some() {
        return Err(invalid(name, LONE_SURROGATE));
    }
    serde_wasm_bindgen::from_value(value).map_err(|error| invalid(name, error.to_string()))
}

/// Reads bytes argument `name`; anything but a `Uint8Array` is `InvalidInput` naming it.
pub(crate) fn bytes(name: &str, value: Bytes) -> JsResult<Vec<u8>> {
    value
        .dyn_ref::<js_sys::Uint8Array>()
        .map(js_sys::Uint8Array::to_vec)
        .ok_or_else(|| invalid(name, "must be a Uint8Array"))
}
