//! The index as bytes and back: versioned, little-endian, a SHA-256 of everything before it
//! at the end, and every length and link checked, so a truncated or altered blob is an `Err`
//! (never a panic, never a wrong index).

use super::graph::{Graph, M, M0};
use super::quant::Vectors;
use super::{Key, Precision};
use sha2::{Digest, Sha256};

const MAGIC: &[u8; 4] = b"USVI";
/// Bump when the layout changes; older blobs are then refused and the store rebuilds.
pub(crate) const VERSION: u32 = 1;
const NO_ENTRY: u32 = u32::MAX;

/// What the bytes hold: the slots (keys, tombstones, vectors) and the graph over a prefix.
pub(crate) struct Parts {
    pub keys: Vec<Key>,
    pub dead: Vec<bool>,
    pub vectors: Vectors,
    pub graph: Graph,
    pub threshold: usize,
}

pub(crate) fn encode(keys: &[Key], dead: &[bool], vectors: &Vectors, graph: &Graph, threshold: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + vectors.memory_bytes() + graph.memory_bytes() + keys.len() * 9);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.push(match vectors.precision() {
        Precision::F32 => 0,
        Precision::Int8 => 1,
    });
    out.extend_from_slice(&(vectors.dims() as u64).to_le_bytes());
    out.extend_from_slice(&(M as u32).to_le_bytes());
    out.extend_from_slice(&(M0 as u32).to_le_bytes());
    out.extend_from_slice(&graph.seed.to_le_bytes());
    out.extend_from_slice(&(graph.ef_construction as u64).to_le_bytes());
    out.extend_from_slice(&(threshold as u64).to_le_bytes());
    out.extend_from_slice(&(keys.len() as u64).to_le_bytes());
    out.extend_from_slice(&(graph.len() as u64).to_le_bytes());
    out.extend_from_slice(&graph.entry.unwrap_or(NO_ENTRY).to_le_bytes());
    out.extend_from_slice(&(graph.upper.len() as u64).to_le_bytes());
    for key in keys {
        out.extend_from_slice(&key.to_le_bytes());
    }
    out.extend(dead.iter().map(|&d| u8::from(d)));
    match vectors {
        Vectors::F32 { data, .. } => data.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
        Vectors::Int8 { data, scales, .. } => {
            out.extend(data.iter().map(|&x| x as u8));
            scales.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
        }
    }
    out.extend_from_slice(&graph.levels);
    for list in [&graph.upper_start, &graph.l0, &graph.upper] {
        list.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
    }
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.0.len() {
            return Err("index bytes are truncated".into());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn len(&mut self) -> Result<usize, String> {
        usize::try_from(self.u64()?).map_err(|_| "length out of range".to_string())
    }
    /// `count` items of `size` bytes, checked against what is left before anything is allocated.
    fn items(&mut self, count: usize, size: usize) -> Result<&'a [u8], String> {
        let n = count.checked_mul(size).ok_or("length out of range")?;
        self.take(n)
    }
}

fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Parts, String> {
    let Some(body_len) = bytes.len().checked_sub(32) else {
        return Err("index bytes are truncated".into());
    };
    let (body, digest) = bytes.split_at(body_len);
    if Sha256::digest(body).as_slice() != digest {
        return Err("index bytes are corrupted (checksum mismatch)".into());
    }
    let mut r = Reader(body);
    if r.take(4)? != MAGIC {
        return Err("not a vector index".into());
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(format!("vector index version {version}, this build reads {VERSION}"));
    }
    let precision = match r.array::<1>()?[0] {
        0 => Precision::F32,
        1 => Precision::Int8,
        other => return Err(format!("unknown precision {other}")),
    };
    let dims = r.len()?;
    if r.u32()? as usize != M || r.u32()? as usize != M0 {
        return Err("graph built with other link counts".into());
    }
    let seed = r.u64()?;
    let ef_construction = r.len()?.max(1);
    let threshold = r.len()?;
    let slots = r.len()?;
    let nodes = r.len()?;
    let entry = r.u32()?;
    let upper_len = r.len()?;
    if nodes > slots || slots > u32::MAX as usize {
        return Err("node count out of range".into());
    }
    let keys: Vec<Key> = r
        .items(slots, 8)?
        .chunks_exact(8)
        .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect();
    let dead: Vec<bool> = r
        .items(slots, 1)?
        .iter()
        .map(|&b| match b {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err("bad tombstone flag".to_string()),
        })
        .collect::<Result<_, _>>()?;
    let components = slots.checked_mul(dims).ok_or("length out of range")?;
    let vectors = match precision {
        Precision::F32 => Vectors::F32 {
            dims,
            data: r
                .items(components, 4)?
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        },
        Precision::Int8 => Vectors::Int8 {
            dims,
            data: r.items(components, 1)?.iter().map(|&b| b as i8).collect(),
            scales: r.items(slots, 4)?.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
        },
    };
    let levels = r.items(nodes, 1)?.to_vec();
    let upper_start = u32s(r.items(nodes, 4)?);
    let l0 = u32s(r.items(nodes.checked_mul(M0 + 1).ok_or("length out of range")?, 4)?);
    let upper = u32s(r.items(upper_len, 4)?);
    if !r.0.is_empty() {
        return Err("trailing bytes in vector index".into());
    }
    let graph =
        Graph { levels, l0, upper_start, upper, entry: (entry != NO_ENTRY).then_some(entry), seed, ef_construction };
    graph.validate(nodes)?;
    let mut seen = std::collections::HashSet::with_capacity(slots);
    for (key, &d) in keys.iter().zip(&dead) {
        if !d && !seen.insert(*key) {
            return Err("a key is live twice".into());
        }
    }
    Ok(Parts { keys, dead, vectors, graph, threshold })
}
