//! Semantic search as a JS class: one-line delegations to `unified_store`. Vectors cross as
//! `Float32Array`s, copied once each way rather than read element by element: a record's
//! `vector` is taken out before the rest of the record is read, a batch takes one flat
//! `Float32Array` of every vector, and a returned embedding carries its vector as a
//! `Float32Array`. An array of numbers is taken too.

use crate::convert::{JsResult, Text, arg, arg_or_default, invalid, js_error, ret, ret_all, storage, text};
use crate::jobs::{JsPause, OnProgress};
use js_sys::{Array, Float32Array, Object, Promise, Reflect};
use serde::de::DeserializeOwned;
use tsify::{Ts, Tsify};
use unified_store as core;
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(typescript_custom_section)]
const VECTOR_TYPES: &str = r#"
/** An embedding vector: a `Float32Array` (as the store returns it) or an array of numbers. */
export type Vector = Float32Array | number[];

/** A `NewEmbedding` without its vector: what `Embeddings.upsertBatch` takes beside the flat vectors. */
export type NewEmbeddingMeta = Omit<NewEmbedding, "vector">;
"#;

#[wasm_bindgen]
extern "C" {
    /// The embeddings of a batch, without their vectors.
    #[wasm_bindgen(typescript_type = "NewEmbeddingMeta[]")]
    pub type EmbeddingMetas;

    /// Every vector of a batch, one after the other, in one `Float32Array`.
    #[wasm_bindgen(typescript_type = "Float32Array")]
    pub type Vectors;
}

/// Embedding vectors of a store; see `unified_store::Embeddings`.
#[wasm_bindgen]
pub struct Embeddings(pub(crate) core::Embeddings);

#[wasm_bindgen]
impl Embeddings {
    /// Stores `embedding`, replacing the vector its owner had in that collection and model.
    pub fn upsert(&self, embedding: Ts<NewEmbedding>) -> JsResult<Ts<Embedding>> {
        let embedding = with_vector("embedding", embedding, &["vector"], |new: &mut NewEmbedding| &mut new.vector)?;
        embedding_out(self.0.upsert(&embedding))
    }

    /// Stores `embeddings` in one transaction, all or none, the vector of the `i`th being
    /// `vectors[i * d .. (i + 1) * d]` where `d = vectors.length / embeddings.length`;
    /// returns how many were stored.
    #[wasm_bindgen(js_name = upsertBatch)]
    pub fn upsert_batch(&self, embeddings: EmbeddingMetas, vectors: Vectors) -> JsResult<u32> {
        let embeddings = batch(embeddings.into(), vectors.into())?;
        self.0.upsert_batch(&embeddings).map_err(js_error)
    }

    /// The `query.k` stored vectors nearest to `query.vector`, best first.
    pub fn search(&self, query: Ts<VectorQuery>) -> JsResult<Vec<Ts<VectorHit>>> {
        let query = with_vector("query", query, &["vector"], |query: &mut VectorQuery| &mut query.vector)?;
        ret_all(self.0.search(&query))
    }

    /// Full-text and vector search under one filter, fused by reciprocal rank.
    #[wasm_bindgen(js_name = hybridSearch)]
    pub fn hybrid_search(&self, query: Ts<HybridQuery>) -> JsResult<Vec<Ts<HybridHit>>> {
        let query =
            with_vector("query", query, &["vector", "vector"], |query: &mut HybridQuery| &mut query.vector.vector)?;
        ret_all(self.0.hybrid_search(&query))
    }

    /// The vector of `ownerId` in `collection` made by `model`.
    pub fn get(
        &self,
        #[wasm_bindgen(js_name = ownerKind)] owner_kind: Ts<OwnerKind>,
        #[wasm_bindgen(js_name = ownerId)] owner_id: Text,
        collection: Text,
        model: Text,
    ) -> JsResult<Ts<Embedding>> {
        let (kind, id) = (arg("owner_kind", owner_kind)?, text("owner_id", owner_id)?);
        embedding_out(self.0.get(kind, &id, &text("collection", collection)?, &text("model", model)?))
    }

    /// Removes every vector of `ownerId`, in every collection and model; returns how many.
    #[wasm_bindgen(js_name = deleteOwner)]
    pub fn delete_owner(
        &self,
        #[wasm_bindgen(js_name = ownerKind)] owner_kind: Ts<OwnerKind>,
        #[wasm_bindgen(js_name = ownerId)] owner_id: Text,
    ) -> JsResult<u32> {
        self.0.delete_owner(arg("owner_kind", owner_kind)?, &text("owner_id", owner_id)?).map_err(js_error)
    }

    /// The vectors of `collection` and `model` in the order they were stored, a page at a
    /// time (the first 50 without `page`).
    pub fn scroll(&self, collection: Text, model: Text, page: Option<Ts<PageRequest>>) -> JsResult<Vec<Ts<Embedding>>> {
        let (collection, model) = (text("collection", collection)?, text("model", model)?);
        let found = self.0.scroll(&collection, &model, &arg_or_default("page", page)?).map_err(js_error)?;
        found.into_iter().map(|embedding| embedding_out(Ok(embedding))).collect()
    }

    /// Every collection and model that holds or held vectors.
    pub fn collections(&self) -> JsResult<Vec<Ts<CollectionInfo>>> {
        ret_all(self.0.collections())
    }

    /// `collection` and `model`: dimensions, count, settings and memory.
    pub fn info(&self, collection: Text, model: Text) -> JsResult<Ts<CollectionInfo>> {
        ret(self.0.info(&text("collection", collection)?, &text("model", model)?))
    }

    /// Sets how the index of `collection` and `model` keeps its vectors.
    pub fn configure(
        &self,
        collection: Text,
        model: Text,
        settings: Ts<IndexSettings>,
    ) -> JsResult<Ts<CollectionInfo>> {
        let (collection, model) = (text("collection", collection)?, text("model", model)?);
        ret(self.0.configure(&collection, &model, &arg("settings", settings)?))
    }

    /// Live owners of `ownerKind` with no vector of `model` in `collection`, or a stale one,
    /// oldest first (the first 50 without `page`).
    pub fn missing(
        &self,
        collection: Text,
        model: Text,
        #[wasm_bindgen(js_name = ownerKind)] owner_kind: Ts<OwnerKind>,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<MissingEmbedding>>> {
        let (collection, model) = (text("collection", collection)?, text("model", model)?);
        let (kind, page) = (arg("owner_kind", owner_kind)?, arg_or_default("page", page)?);
        ret_all(self.0.missing(&collection, &model, kind, &page))
    }

    /// Builds and saves the index of `collection` and `model` now, yielding to the event loop
    /// between steps; `onProgress(done, total)` gets vectors placed and returning `false`
    /// cancels (`Cancelled`; the index stays usable). Resolves to the collection's info.
    #[wasm_bindgen(unchecked_return_type = "Promise<CollectionInfo>")]
    pub fn optimize(
        &self,
        collection: Text,
        model: Text,
        #[wasm_bindgen(js_name = onProgress)] on_progress: Option<OnProgress>,
    ) -> JsResult<Promise> {
        let (embeddings, collection, model) = (self.0.clone(), text("collection", collection)?, text("model", model)?);
        Ok(future_to_promise(async move {
            let info = embeddings.optimize_stepwise(&collection, &model, &mut JsPause::new(on_progress)).await;
            ret(info).map(Into::into)
        }))
    }
}

/// Reads record argument `name`, whose vector is at `path`: a `Float32Array` there is copied
/// in one go and the rest of the record read without it; anything else there is read with
/// the record (an array of numbers, or a value of the wrong type refused as the record's).
fn with_vector<T: Tsify + DeserializeOwned>(
    name: &str,
    value: Ts<T>,
    path: &[&str],
    place: impl FnOnce(&mut T) -> &mut Vector,
) -> JsResult<T> {
    let value: JsValue = value.into();
    let Some((rest, vector)) = take_vector(&value, path) else {
        return arg(name, Ts::new_unchecked(value));
    };
    let mut record = arg(name, Ts::new_unchecked(rest))?;
    *place(&mut record) = vector;
    Ok(record)
}

/// `value` with the `Float32Array` at `path` replaced by an empty array (each object along
/// the path copied, the caller's left as they were), and that array's values; `None` when
/// there is no `Float32Array` there.
fn take_vector(value: &JsValue, path: &[&str]) -> Option<(JsValue, Vector)> {
    let (key, rest) = path.split_first()?;
    if !value.is_object() {
        return None;
    }
    let key = JsValue::from_str(key);
    let inner = Reflect::get(value, &key).ok()?;
    let (replacement, vector) = match rest {
        [] => (Array::new().into(), Vector::new(&inner.dyn_ref::<Float32Array>()?.to_vec())),
        _ => take_vector(&inner, rest)?,
    };
    let copy = Object::assign(&Object::new(), value.unchecked_ref());
    Reflect::set(&copy, &key, &replacement).ok()?;
    Some((copy.into(), vector))
}

/// The embeddings of a batch: each record of `metas` (its `vector`, if any, ignored) with its
/// slice of the flat `vectors`.
fn batch(metas: JsValue, vectors: JsValue) -> JsResult<Vec<NewEmbedding>> {
    let metas = metas.dyn_into::<Array>().map_err(|_| invalid("embeddings", "must be an array"))?;
    let vectors = vectors.dyn_into::<Float32Array>().map_err(|_| invalid("vectors", "must be a Float32Array"))?;
    let (count, values) = (metas.length() as usize, vectors.length() as usize);
    if count == 0 || values % count != 0 {
        if count == 0 && values == 0 {
            return Ok(Vec::new());
        }
        let reason = format!("holds {values} values: not the same number for each of {count} embeddings");
        return Err(invalid("vectors", reason));
    }
    let (values, dimensions) = (vectors.to_vec(), values / count);
    let empty = JsValue::from(Array::new());
    let read = |(i, meta): (usize, JsValue)| {
        let without = if meta.is_object() && !meta.is_array() {
            let copy = Object::assign(&Object::new(), meta.unchecked_ref());
            Reflect::set(&copy, &"vector".into(), &empty)
                .map_err(|_| invalid("embeddings", format!("[{i}]: not a record")))?;
            copy.into()
        } else {
            meta
        };
        let mut embedding: NewEmbedding =
            arg("embeddings", Ts::new_unchecked(without)).map_err(|error| at_index(error, i))?;
        embedding.vector = Vector::new(&values[i * dimensions..(i + 1) * dimensions]);
        Ok(embedding)
    };
    metas.iter().enumerate().map(read).collect()
}

/// `error` (an `InvalidInput` on `embeddings`) with `[i]: ` before its reason and message.
fn at_index(error: JsValue, i: usize) -> JsValue {
    let reason = Reflect::get(&error, &"reason".into()).ok().and_then(|reason| reason.as_string()).unwrap_or_default();
    invalid("embeddings", format!("[{i}]: {reason}"))
}

/// Hands an embedding to JS: a plain object whose `vector` is a `Float32Array`.
fn embedding_out(result: Result<Embedding, StoreError>) -> JsResult<Ts<Embedding>> {
    let embedding = result.map_err(js_error)?;
    let vector = Float32Array::from(embedding.vector.to_vec().as_slice());
    let bare = Embedding { vector: Vector::default(), ..embedding };
    let object: JsValue = Ts::from_rust(&bare).map_err(|error| js_error(storage(error)))?.into();
    Reflect::set(&object, &"vector".into(), &vector).map_err(|_| js_error(storage("could not set the vector")))?;
    Ok(Ts::new_unchecked(object))
}
