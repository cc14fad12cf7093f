//! The one distance kernel: the dot product of unit vectors (their cosine similarity), in
//! fixed-size chunks with independent accumulators so LLVM vectorises it (SSE/AVX natively,
//! SIMD128 in the browser, enabled in `.cargo/config.toml`). The int8 form accumulates in
//! `i32`. Every path (graph build, graph search, exact scan) goes through these functions.

/// Lanes per chunk: 16 `f32` are four SSE or two AVX registers, enough independent
/// accumulators to hide the add latency.
const LANES: usize = 16;

/// The dot product of `a` and `b` (the shorter length wins; the caller keeps them equal).
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f32; LANES];
    let mut ca = a.chunks_exact(LANES);
    let mut cb = b.chunks_exact(LANES);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..LANES {
            acc[i] += x[i] * y[i];
        }
    }
    let mut tail = 0.0f32;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        tail += x * y;
    }
    sum_lanes(&acc) + tail
}

/// Adds the lanes pairwise (the same order every time, so results are deterministic).
fn sum_lanes(acc: &[f32; LANES]) -> f32 {
    let mut half = [0.0f32; LANES / 2];
    for i in 0..LANES / 2 {
        half[i] = acc[i] + acc[i + LANES / 2];
    }
    let mut quarter = [0.0f32; LANES / 4];
    for i in 0..LANES / 4 {
        quarter[i] = half[i] + half[i + LANES / 4];
    }
    (quarter[0] + quarter[2]) + (quarter[1] + quarter[3])
}

/// The dot product of two int8 vectors, accumulated exactly in `i32` (384 × 127² fits with
/// room to spare: `i32` holds 133,000 such products).
pub(crate) fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0i32; LANES];
    let mut ca = a.chunks_exact(LANES);
    let mut cb = b.chunks_exact(LANES);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..LANES {
            acc[i] += i32::from(x[i]) * i32::from(y[i]);
        }
    }
    let mut total: i32 = acc.iter().sum();
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        total += i32::from(*x) * i32::from(*y);
    }
    total
}

/// `v` scaled to unit length, or `None` for an empty vector, a NaN or infinite component, or
/// a zero (or underflowing) norm.
pub(crate) fn normalize(v: &[f32]) -> Option<Vec<f32>> {
    if v.is_empty() || v.iter().any(|x| !x.is_finite()) {
        return None;
    }
    // In f64: the squares of large finite f32 components would overflow f32.
    let norm = v.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>().sqrt();
    if !norm.is_normal() {
        return None;
    }
    let out: Vec<f32> = v.iter().map(|&x| (f64::from(x) / norm) as f32).collect();
    out.iter().all(|x| x.is_finite()).then_some(out)
}

/// Symmetric per-vector quantisation: `v[i] ≈ q[i] * scale`, `q[i]` in -127..=127. Writes the
/// components into `out` and returns the scale (0 for a zero vector).
pub(crate) fn quantize_into(v: &[f32], out: &mut Vec<i8>) -> f32 {
    let max = v.iter().fold(0.0f32, |m, x| if x.is_finite() { m.max(x.abs()) } else { m });
    if max == 0.0 || !max.is_finite() {
        out.extend(std::iter::repeat_n(0i8, v.len()));
        return 0.0;
    }
    let scale = max / 127.0;
    let inv = 127.0 / max;
    // `as` saturates and maps NaN to 0: no input can make this misbehave.
    out.extend(v.iter().map(|&x| (x * inv).round().clamp(-127.0, 127.0) as i8));
    scale
}

/// The sum of every component: a plain streaming read of the buffer, the memory-bandwidth
/// reference the bench sets the exact scan against.
#[allow(dead_code)] // used by core/benches/vectors.rs and the tests only
pub(crate) fn sum(a: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let mut chunks = a.chunks_exact(LANES);
    for x in &mut chunks {
        for i in 0..LANES {
            acc[i] += x[i];
        }
    }
    sum_lanes(&acc) + chunks.remainder().iter().sum::<f32>()
}
