//! The one place where values and errors cross between Rust and JavaScript.

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
    /// [`text`], because wasm-bindgen's own `&str` conversion traps on a non-string.
    #[wasm_bindgen(typescript_type = "string")]
    pub type Text;
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        JsValue::from_str(text).unchecked_into()
    }
}

/// Reads text argument `name`; anything but a string is `InvalidInput` naming it.
pub(crate) fn text(name: &str, value: Text) -> JsResult<String> {
    value
        .as_string()
        .ok_or_else(|| js_error(StoreError::InvalidInput { field: name.into(), reason: "must be a string".into() }))
}

/// Reads optional text argument `name`: `None` when absent, else as [`text`].
pub(crate) fn optional_text(name: &str, value: Option<Text>) -> JsResult<Option<String>> {
    value.map(|value| text(name, value)).transpose()
}

/// Reads array argument `name`, each item as [`arg`].
pub(crate) fn args<T: Tsify + DeserializeOwned>(name: &str, values: Vec<Ts<T>>) -> JsResult<Vec<T>> {
    values.into_iter().map(|value| arg(name, value)).collect()
}

/// Reads argument `name`; a value of the wrong shape is `InvalidInput` naming it.
pub(crate) fn arg<T: Tsify + DeserializeOwned>(name: &str, value: Ts<T>) -> JsResult<T> {
    T::from_js(value)
        .map_err(|error| js_error(StoreError::InvalidInput { field: name.into(), reason: error.to_string() }))
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
