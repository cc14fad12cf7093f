//! UniFFI exports of semantic search: one-line delegations to `unified_store`. A `Vector`
//! crosses as its little-endian f32 bytes (`ByteArray`, `Data`, `bytes`); each platform
//! package has helpers to and from its float arrays.

use crate::Result;
use crate::progress::{Listener, ProgressListener};
use std::sync::Arc;
use unified_store as core;
use unified_store::*;

/// Embedding vectors of a store; see `unified_store::Embeddings`.
#[derive(uniffi::Object)]
pub struct Embeddings(pub(crate) core::Embeddings);

#[uniffi::export]
impl Embeddings {
    /// Stores `embedding`, replacing the vector its owner had in that collection and model.
    pub fn upsert(&self, embedding: NewEmbedding) -> Result<Embedding> {
        self.0.upsert(&embedding)
    }

    /// Stores `embeddings` in one transaction, all or none; returns how many were stored.
    pub fn upsert_batch(&self, embeddings: Vec<NewEmbedding>) -> Result<u32> {
        self.0.upsert_batch(&embeddings)
    }

    /// The `query.k` stored vectors nearest to `query.vector`, best first.
    pub fn search(&self, query: VectorQuery) -> Result<Vec<VectorHit>> {
        self.0.search(&query)
    }

    /// Full-text and vector search under one filter, fused by reciprocal rank.
    pub fn hybrid_search(&self, query: HybridQuery) -> Result<Vec<HybridHit>> {
        self.0.hybrid_search(&query)
    }

    /// The vector of `owner_id` in `collection` made by `model`.
    pub fn get(&self, owner_kind: OwnerKind, owner_id: String, collection: String, model: String) -> Result<Embedding> {
        self.0.get(owner_kind, &owner_id, &collection, &model)
    }

    /// Removes every vector of `owner_id`, in every collection and model; returns how many.
    pub fn delete_owner(&self, owner_kind: OwnerKind, owner_id: String) -> Result<u32> {
        self.0.delete_owner(owner_kind, &owner_id)
    }

    /// The vectors of `collection` and `model` in the order they were stored, a page at a time.
    pub fn scroll(&self, collection: String, model: String, page: PageRequest) -> Result<Vec<Embedding>> {
        self.0.scroll(&collection, &model, &page)
    }

    /// Every collection and model that holds or held vectors.
    pub fn collections(&self) -> Result<Vec<CollectionInfo>> {
        self.0.collections()
    }

    /// `collection` and `model`: dimensions, count, settings and memory.
    pub fn info(&self, collection: String, model: String) -> Result<CollectionInfo> {
        self.0.info(&collection, &model)
    }

    /// Sets how the index of `collection` and `model` keeps its vectors.
    pub fn configure(&self, collection: String, model: String, settings: IndexSettings) -> Result<CollectionInfo> {
        self.0.configure(&collection, &model, &settings)
    }

    /// Live owners of `owner_kind` with no vector of `model` in `collection`, or a stale one.
    pub fn missing(
        &self,
        collection: String,
        model: String,
        owner_kind: OwnerKind,
        page: PageRequest,
    ) -> Result<Vec<MissingEmbedding>> {
        self.0.missing(&collection, &model, owner_kind, &page)
    }

    /// Builds and saves the index of `collection` and `model` now, reporting vectors placed to
    /// `progress`, which can cancel (the index stays usable).
    #[uniffi::method(default(progress = None))]
    pub fn optimize(
        &self,
        collection: String,
        model: String,
        progress: Option<Arc<dyn ProgressListener>>,
    ) -> Result<CollectionInfo> {
        self.0.optimize(&collection, &model, &Listener(progress))
    }
}
