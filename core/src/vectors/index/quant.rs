//! The vectors themselves, contiguous by slot: `f32` as given, or int8 with one scale per
//! vector (`Precision::Int8`, about a quarter of the memory; scores approximate).

use super::Precision;
use super::kernel::{dot, dot_i8, quantize_into};

/// Every vector an index holds, by slot (a slot is never reused until a rebuild).
#[derive(Clone, Debug)]
pub(crate) enum Vectors {
    F32 { dims: usize, data: Vec<f32> },
    Int8 { dims: usize, data: Vec<i8>, scales: Vec<f32> },
}

/// A query in the form the stored vectors are compared with.
pub(crate) enum Query<'a> {
    F32(&'a [f32]),
    Int8(Vec<i8>, f32),
}

impl Vectors {
    pub(crate) fn new(dims: usize, precision: Precision) -> Self {
        match precision {
            Precision::F32 => Self::F32 { dims, data: Vec::new() },
            Precision::Int8 => Self::Int8 { dims, data: Vec::new(), scales: Vec::new() },
        }
    }

    pub(crate) fn precision(&self) -> Precision {
        match self {
            Self::F32 { .. } => Precision::F32,
            Self::Int8 { .. } => Precision::Int8,
        }
    }

    pub(crate) fn dims(&self) -> usize {
        match self {
            Self::F32 { dims, .. } | Self::Int8 { dims, .. } => *dims,
        }
    }

    /// Room for `more` vectors, exactly.
    pub(crate) fn reserve(&mut self, more: usize) {
        match self {
            Self::F32 { dims, data } => data.reserve_exact(more * *dims),
            Self::Int8 { dims, data, scales } => {
                data.reserve_exact(more * *dims);
                scales.reserve_exact(more);
            }
        }
    }

    pub(crate) fn push(&mut self, unit: &[f32]) {
        match self {
            Self::F32 { data, .. } => data.extend_from_slice(unit),
            Self::Int8 { data, scales, .. } => scales.push(quantize_into(unit, data)),
        }
    }

    /// Appends slot `slot` of `other` (same precision and dims; else a zero vector).
    pub(crate) fn push_from(&mut self, other: &Vectors, slot: usize) {
        match (self, other) {
            (Self::F32 { dims, data }, Self::F32 { data: from, .. }) => {
                match from.get(slot * *dims..(slot + 1) * *dims) {
                    Some(v) => data.extend_from_slice(v),
                    None => data.extend(std::iter::repeat_n(0.0, *dims)),
                }
            }
            (Self::Int8 { dims, data, scales }, Self::Int8 { data: from, scales: from_scales, .. }) => {
                match (from.get(slot * *dims..(slot + 1) * *dims), from_scales.get(slot)) {
                    (Some(v), Some(&s)) => {
                        data.extend_from_slice(v);
                        scales.push(s);
                    }
                    _ => {
                        data.extend(std::iter::repeat_n(0, *dims));
                        scales.push(0.0);
                    }
                }
            }
            (this, _) => {
                let dims = this.dims();
                this.push(&vec![0.0; dims]);
            }
        }
    }

    pub(crate) fn query<'a>(&self, q: &'a [f32]) -> Query<'a> {
        match self {
            Self::F32 { .. } => Query::F32(q),
            Self::Int8 { dims, .. } => {
                let mut out = Vec::with_capacity(*dims);
                let scale = quantize_into(q, &mut out);
                Query::Int8(out, scale)
            }
        }
    }

    /// The score of the query against slot `slot` (0 for a slot out of range).
    #[inline]
    pub(crate) fn score(&self, q: &Query<'_>, slot: usize) -> f32 {
        match (self, q) {
            (Self::F32 { dims, data }, Query::F32(q)) => {
                data.get(slot * dims..(slot + 1) * dims).map_or(0.0, |v| dot(q, v))
            }
            (Self::Int8 { dims, data, scales }, Query::Int8(q, qs)) => {
                match (data.get(slot * dims..(slot + 1) * dims), scales.get(slot)) {
                    (Some(v), Some(s)) => dot_i8(q, v) as f32 * qs * s,
                    _ => 0.0,
                }
            }
            _ => 0.0,
        }
    }

    /// The score between two stored slots.
    #[inline]
    pub(crate) fn score_slots(&self, a: usize, b: usize) -> f32 {
        match self {
            Self::F32 { dims, data } => {
                match (data.get(a * dims..(a + 1) * dims), data.get(b * dims..(b + 1) * dims)) {
                    (Some(x), Some(y)) => dot(x, y),
                    _ => 0.0,
                }
            }
            Self::Int8 { dims, data, scales } => match (
                data.get(a * dims..(a + 1) * dims),
                data.get(b * dims..(b + 1) * dims),
                scales.get(a),
                scales.get(b),
            ) {
                (Some(x), Some(y), Some(sa), Some(sb)) => dot_i8(x, y) as f32 * sa * sb,
                _ => 0.0,
            },
        }
    }

    /// Slot `slot` as a query of the same kind (for inserting it into the graph).
    pub(crate) fn slot_query(&self, slot: usize) -> Query<'_> {
        match self {
            Self::F32 { dims, data } => Query::F32(data.get(slot * dims..(slot + 1) * dims).unwrap_or(&[])),
            Self::Int8 { dims, data, scales } => Query::Int8(
                data.get(slot * dims..(slot + 1) * dims).map(<[i8]>::to_vec).unwrap_or_default(),
                scales.get(slot).copied().unwrap_or(0.0),
            ),
        }
    }

    /// Bytes held by the vectors.
    pub(crate) fn memory_bytes(&self) -> usize {
        match self {
            Self::F32 { data, .. } => data.capacity() * 4,
            Self::Int8 { data, scales, .. } => data.capacity() + scales.capacity() * 4,
        }
    }
}
