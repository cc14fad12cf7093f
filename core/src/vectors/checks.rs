//! What every vector call checks first: a vector whole, finite and not zero, and the names
//! of a collection and model.

use crate::error::{Error, Result};
use crate::limits;
use crate::schema;
use crate::vectors::index::normalize;
use crate::vectors::model::Vector;

/// `vector` normalised, or `InvalidInput` on `field` saying what is wrong with it.
pub(crate) fn unit_vector(field: &'static str, vector: &Vector) -> Result<Vec<f32>> {
    let Some(dimensions) = vector.dimensions() else {
        return Err(Error::invalid(field, "must be whole 32-bit floats (a multiple of 4 bytes)"));
    };
    if dimensions == 0 || dimensions > limits::VECTOR_DIMENSIONS_MAX {
        let max = limits::VECTOR_DIMENSIONS_MAX;
        return Err(Error::invalid(field, format!("has {dimensions} values; it must have 1 to {max}")));
    }
    let values = vector.to_vec();
    if let Some(at) = values.iter().position(|value| !value.is_finite()) {
        return Err(Error::invalid(field, format!("value {at} is {}: every value must be finite", values[at])));
    }
    normalize(&values).ok_or_else(|| Error::invalid(field, "is all zeros: it has no direction to compare"))
}

/// `collection` and `model` checked as the columns hold them.
pub(crate) fn keys(collection: &str, model: &str) -> Result<(String, String)> {
    Ok((schema::embeddings::collection.text(collection)?, schema::embeddings::model.text(model)?))
}
