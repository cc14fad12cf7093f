//! A blob sealed as it streams: AES-256-GCM in 64 KiB segments, so neither sealing nor opening
//! ever holds more than one segment, however large the attachment.
//!
//! The segments follow STREAM (Hoang, Reyhanitabar, Rogaway, Vizár, "Online
//! Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", 2015) as RustCrypto's
//! `aead-stream` crate implements it (`StreamBE32`, the same `aead` 0.6 as our `aes-gcm`): the
//! 12-byte nonce of a segment is a random 7-byte prefix for the file, a 4-byte big-endian
//! segment counter and a 1-byte flag set on the last segment only. So a segment moved within a
//! file (counter), taken from another file (prefix) or a file cut at a segment boundary (no
//! segment flagged last) does not authenticate. We use the crate rather than writing the nonce
//! layout ourselves.
//!
//! Layout, version 1: `USTB` · version `1` · key id (8 bytes) · nonce prefix (7 bytes), then the
//! segments: every one but the last holds exactly [`SEGMENT`] bytes of plaintext plus a 16-byte
//! tag; the last holds 0 to [`SEGMENT`] bytes plus its tag (an empty blob is one empty last
//! segment). Every segment's associated data is the header followed by the caller's binding
//! (the store's content hash of the blob), so a file renamed onto another blob does not open.

use crate::crypto::keys::SecretKey;
use aead_stream::{EncryptorBE32, NewStream, StreamBE32, StreamPrimitive};
use aes_gcm::Aes256Gcm;
use aes_gcm::aead::KeyInit;
use std::io::{self, Read, Write};
use zeroize::Zeroizing;

/// Plaintext bytes in every segment but the last.
pub(crate) const SEGMENT: usize = 64 * 1024;
const TAG: usize = 16;
const MAGIC: [u8; 4] = *b"USTB";
const VERSION: u8 = 1;
const KEY_ID_BYTES: usize = 8;
const PREFIX_BYTES: usize = 7;
/// Magic, version, key id and nonce prefix.
pub(crate) const HEADER_BYTES: usize = MAGIC.len() + 1 + KEY_ID_BYTES + PREFIX_BYTES;

/// Why a sealed blob did not open. It reaches callers inside an [`io::Error`] of kind
/// `InvalidData`; [`BlobUnsealed::of`] gets it back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BlobUnsealed {
    /// The file does not start as a sealed blob does (a plain file, or another format).
    #[error("the file is not a sealed blob")]
    NotSealed,
    /// The file ends inside its header, or at a segment boundary before the last segment.
    #[error("the sealed blob is truncated")]
    Truncated,
    /// A version this build does not know.
    #[error("the sealed blob has version {0}, unknown here")]
    UnknownVersion(u8),
    /// Sealed under a key this store does not hold (its id, in hex).
    #[error("the sealed blob was sealed under key {0}, which this store does not hold")]
    UnknownKey(String),
    /// A segment does not authenticate: altered, moved, taken from another file, cut inside a
    /// segment, or the file is bound to another blob.
    #[error("the sealed blob does not authenticate (altered, cut, or sealed for another blob)")]
    Forged,
    /// Bytes follow the segment flagged last.
    #[error("the sealed blob has bytes after its last segment")]
    TrailingData,
}

impl BlobUnsealed {
    /// The reason inside `error`, if it is one of ours.
    pub(crate) fn of(error: &io::Error) -> Option<&Self> {
        error.get_ref()?.downcast_ref()
    }
}

impl From<BlobUnsealed> for io::Error {
    fn from(why: BlobUnsealed) -> Self {
        io::Error::new(io::ErrorKind::InvalidData, why)
    }
}

/// Seals what is written to it into `inner`, one segment at a time; [`SealWriter::finish`]
/// seals the last segment. Dropped without `finish`, the output has no last segment and
/// opens as [`BlobUnsealed::Truncated`].
pub(crate) struct SealWriter<W: Write> {
    inner: W,
    encryptor: EncryptorBE32<Aes256Gcm>,
    aad: Vec<u8>,
    /// Plaintext not sealed yet. A full segment waits here until more bytes come: only then
    /// is it known not to be the last. Room for the tag, so it is sealed in place.
    segment: Zeroizing<Vec<u8>>,
    /// A write to `inner` failed mid-segment: what was sealed is lost, so refuse to go on.
    broken: bool,
}

impl<W: Write> SealWriter<W> {
    /// A writer that seals under `key`, bound to `binding`; writes the header to `inner` now.
    pub(crate) fn new(mut inner: W, key: &SecretKey, binding: &[u8]) -> io::Result<Self> {
        let mut prefix = [0u8; PREFIX_BYTES];
        crate::crypto::keys::fill_random(&mut prefix).map_err(io::Error::other)?;
        let header = header(&key.id_bytes(), &prefix);
        inner.write_all(&header)?;
        // Rebuilt from the bytes because `SecretKey` does not lend its cipher; once per blob.
        let cipher = Aes256Gcm::new(key.bytes().into());
        Ok(Self {
            inner,
            encryptor: EncryptorBE32::from_aead(cipher, &prefix.into()),
            aad: aad(&header, binding),
            segment: Zeroizing::new(Vec::with_capacity(SEGMENT + TAG)),
            broken: false,
        })
    }

    /// Seals the last segment, flushes, and hands back the writer underneath.
    pub(crate) fn finish(self) -> io::Result<W> {
        let Self { mut inner, encryptor, aad, mut segment, broken } = self;
        if broken {
            return Err(io::Error::other("an earlier write of this sealed blob failed"));
        }
        encryptor
            .encrypt_last_in_place(&aad, &mut *segment)
            .map_err(|_| io::Error::other("the last segment could not be sealed"))?;
        inner.write_all(&segment)?;
        inner.flush()?;
        Ok(inner)
    }

    /// Seals the full segment waiting, as not the last, and writes it.
    fn seal_full_segment(&mut self) -> io::Result<()> {
        self.broken = true;
        self.encryptor
            .encrypt_next_in_place(&self.aad, &mut *self.segment)
            .map_err(|_| io::Error::other("a sealed blob holds at most 2^32 - 1 full segments"))?;
        self.inner.write_all(&self.segment)?;
        self.segment.clear();
        self.broken = false;
        Ok(())
    }
}

impl<W: Write> Write for SealWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.broken {
            return Err(io::Error::other("an earlier write of this sealed blob failed"));
        }
        if bytes.is_empty() {
            return Ok(0);
        }
        if self.segment.len() == SEGMENT {
            self.seal_full_segment()?;
        }
        let taken = bytes.len().min(SEGMENT - self.segment.len());
        self.segment.extend_from_slice(&bytes[..taken]);
        Ok(taken)
    }

    /// Flushes the segments sealed so far; the one waiting is sealed by `finish`.
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The plaintext of a sealed blob, one segment at a time, each authenticated before any of its
/// bytes are returned. Bytes already returned stay valid, but the blob is whole only when a
/// read returns 0: an error (see [`BlobUnsealed`]) means the blob must be discarded, and every
/// later read repeats it.
pub(crate) struct OpenReader<R: Read> {
    inner: R,
    stream: StreamBE32<Aes256Gcm>,
    aad: Vec<u8>,
    position: u32,
    /// The opened segment's plaintext (room for its ciphertext and tag while it is read).
    segment: Zeroizing<Vec<u8>>,
    returned: usize,
    /// A byte read past a full segment to learn whether it was the last.
    lookahead: Option<u8>,
    /// The last segment has been opened.
    done: bool,
    failed: Option<BlobUnsealed>,
}

impl<R: Read> OpenReader<R> {
    /// Reads the header of the blob in `inner` and picks the key that sealed it among `keys`.
    pub(crate) fn new(mut inner: R, keys: &[SecretKey], binding: &[u8]) -> io::Result<Self> {
        let mut header = [0u8; HEADER_BYTES];
        if read_full(&mut inner, &mut header)? < HEADER_BYTES {
            return Err(BlobUnsealed::Truncated.into());
        }
        let (magic, rest) = header.split_at(MAGIC.len());
        let (version, rest) = rest.split_at(1);
        let (id, prefix) = rest.split_at(KEY_ID_BYTES);
        if magic != MAGIC {
            return Err(BlobUnsealed::NotSealed.into());
        }
        if version[0] != VERSION {
            return Err(BlobUnsealed::UnknownVersion(version[0]).into());
        }
        let key = keys
            .iter()
            .find(|key| key.id_bytes() == id)
            .ok_or_else(|| BlobUnsealed::UnknownKey(crate::values::hex(id)))?;
        let prefix: [u8; PREFIX_BYTES] = prefix.try_into().map_err(|_| BlobUnsealed::Truncated)?;
        Ok(Self {
            inner,
            stream: StreamBE32::from_aead(Aes256Gcm::new(key.bytes().into()), &prefix.into()),
            aad: aad(&header, binding),
            position: 0,
            segment: Zeroizing::new(Vec::with_capacity(SEGMENT + TAG)),
            returned: 0,
            lookahead: None,
            done: false,
            failed: None,
        })
    }

    /// Reads and authenticates the next segment into `segment`.
    fn open_next(&mut self) -> io::Result<()> {
        self.segment.resize(SEGMENT + TAG, 0);
        let mut filled = 0;
        if let Some(byte) = self.lookahead.take() {
            self.segment[0] = byte;
            filled = 1;
        }
        filled += read_full(&mut self.inner, &mut self.segment[filled..])?;
        self.segment.truncate(filled);
        self.returned = 0;
        // Only a full segment may be followed by another; peek one byte to know.
        let full = filled == SEGMENT + TAG;
        let last = !full || {
            let mut next = [0u8; 1];
            let more = read_full(&mut self.inner, &mut next)? == 1;
            self.lookahead = more.then_some(next[0]);
            !more
        };
        if filled < TAG {
            return Err(self.fail(BlobUnsealed::Truncated));
        }
        if self.stream.decrypt_in_place(self.position, last, &self.aad, &mut *self.segment).is_err() {
            let why = self.damage(full, last);
            return Err(self.fail(why));
        }
        if last {
            self.done = true;
        } else {
            let Some(next) = self.position.checked_add(1) else { return Err(self.fail(BlobUnsealed::Forged)) };
            self.position = next;
        }
        Ok(())
    }

    /// What is wrong with a segment that did not open. A full segment that opens with the
    /// other flag tells: a non-last one at the end of the file means the file was cut at a
    /// boundary; a last one followed by bytes, that bytes were appended. (aes-gcm checks the
    /// tag before decrypting, so the ciphertext is still there; were it not, this would say
    /// `Forged`, never accept anything.)
    fn damage(&mut self, full: bool, last: bool) -> BlobUnsealed {
        let other_flag_opens =
            full && self.stream.decrypt_in_place(self.position, !last, &self.aad, &mut *self.segment).is_ok();
        match (other_flag_opens, last) {
            (true, true) => BlobUnsealed::Truncated,
            (true, false) => BlobUnsealed::TrailingData,
            (false, _) => BlobUnsealed::Forged,
        }
    }

    /// Drops whatever the failed segment held and remembers why, for every later read.
    fn fail(&mut self, why: BlobUnsealed) -> io::Error {
        self.segment.clear();
        self.returned = 0;
        self.failed = Some(why.clone());
        why.into()
    }
}

impl<R: Read> Read for OpenReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if let Some(why) = &self.failed {
            return Err(why.clone().into());
        }
        while self.returned == self.segment.len() {
            if self.done || out.is_empty() {
                return Ok(0);
            }
            self.open_next()?;
        }
        let count = out.len().min(self.segment.len() - self.returned);
        out[..count].copy_from_slice(&self.segment[self.returned..self.returned + count]);
        self.returned += count;
        Ok(count)
    }
}

fn header(key_id: &[u8; KEY_ID_BYTES], prefix: &[u8; PREFIX_BYTES]) -> [u8; HEADER_BYTES] {
    let mut header = [0u8; HEADER_BYTES];
    let (magic, rest) = header.split_at_mut(MAGIC.len());
    let (version, rest) = rest.split_at_mut(1);
    let (id, nonce_prefix) = rest.split_at_mut(KEY_ID_BYTES);
    magic.copy_from_slice(&MAGIC);
    version[0] = VERSION;
    id.copy_from_slice(key_id);
    nonce_prefix.copy_from_slice(prefix);
    header
}

/// The header is fixed-size, so `header || binding` cannot be read two ways.
fn aad(header: &[u8], binding: &[u8]) -> Vec<u8> {
    [header, binding].concat()
}

/// Reads until `buffer` is full or the input ends; how many bytes were read.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(count) => filled += count,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BINDING: &[u8] = b"0f4c6e1d";

    /// Bytes that differ from segment to segment, cheap to make in bulk.
    fn data(len: usize) -> Vec<u8> {
        (0..len as u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect()
    }

    /// `plain` sealed under `key`, written in uneven pieces.
    fn seal(plain: &[u8], key: &SecretKey, binding: &[u8]) -> Vec<u8> {
        let mut writer = SealWriter::new(Vec::new(), key, binding).unwrap();
        for piece in plain.chunks(40_000) {
            writer.write_all(piece).unwrap();
        }
        writer.finish().unwrap()
    }

    /// The plaintext of `sealed`, or why it did not open (any other error fails the test).
    fn open(sealed: &[u8], keys: &[SecretKey], binding: &[u8]) -> Result<Vec<u8>, BlobUnsealed> {
        let why = |error: io::Error| {
            assert_eq!(error.kind(), io::ErrorKind::InvalidData, "{error}");
            BlobUnsealed::of(&error).cloned().unwrap_or_else(|| panic!("not ours: {error}"))
        };
        let mut reader = OpenReader::new(sealed, keys, binding).map_err(why)?;
        let mut plain = Vec::new();
        reader.read_to_end(&mut plain).map_err(why)?;
        Ok(plain)
    }

    fn segments(len: usize) -> usize {
        len.div_ceil(SEGMENT).max(1)
    }

    /// Where segment `index` starts in a sealed file.
    fn at(index: usize) -> usize {
        HEADER_BYTES + index * (SEGMENT + TAG)
    }

    #[test]
    fn blobs_of_every_boundary_size_round_trip() {
        let key = SecretKey::random().unwrap();
        for len in [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 5, 5_000_000] {
            let plain = data(len);
            let sealed = seal(&plain, &key, BINDING);
            assert_eq!(sealed.len(), HEADER_BYTES + len + segments(len) * TAG, "layout at {len}");
            assert_eq!(open(&sealed, std::slice::from_ref(&key), BINDING).unwrap(), plain, "at {len}");
        }
    }

    #[test]
    fn reads_of_any_size_see_the_same_bytes() {
        let key = SecretKey::random().unwrap();
        let plain = data(2 * SEGMENT + 3);
        let sealed = seal(&plain, &key, BINDING);
        let mut reader = OpenReader::new(sealed.as_slice(), std::slice::from_ref(&key), BINDING).unwrap();
        let (mut read, mut piece) = (Vec::new(), [0u8; 4099]);
        loop {
            let count = reader.read(&mut piece).unwrap();
            if count == 0 {
                break;
            }
            assert!(count <= SEGMENT, "one segment at a time");
            read.extend_from_slice(&piece[..count]);
        }
        assert_eq!(read, plain);
        assert_eq!(reader.read(&mut piece).unwrap(), 0, "still at the end");
    }

    #[test]
    fn the_writer_holds_one_segment_and_its_tag_at_most() {
        let key = SecretKey::random().unwrap();
        let mut writer = SealWriter::new(Vec::new(), &key, BINDING).unwrap();
        writer.write_all(&data(5 * SEGMENT + 7)).unwrap();
        assert_eq!(writer.segment.len(), 7);
        assert_eq!(writer.segment.capacity(), SEGMENT + TAG, "never grew");
        writer.write_all(&data(SEGMENT - 7)).unwrap();
        assert_eq!(writer.segment.len(), SEGMENT, "a full segment waits: it may be the last");
        assert_eq!(writer.inner.len(), at(5), "five full segments written");
    }

    #[test]
    fn the_header_names_the_key_and_each_file_has_its_own_prefix() {
        let key = SecretKey::random().unwrap();
        let (first, second) = (seal(b"same", &key, BINDING), seal(b"same", &key, BINDING));
        assert_eq!(&first[..4], b"USTB");
        assert_eq!(first[4], 1);
        assert_eq!(first[5..13], key.id_bytes());
        assert_eq!(first[..13], second[..13]);
        assert_ne!(first[13..HEADER_BYTES], second[13..HEADER_BYTES], "random nonce prefix");
        assert_ne!(first[HEADER_BYTES..], second[HEADER_BYTES..]);
    }

    #[test]
    fn a_file_cut_at_a_segment_boundary_is_truncated() {
        let key = SecretKey::random().unwrap();
        let keys = std::slice::from_ref(&key);
        let sealed = seal(&data(3 * SEGMENT + 5), &key, BINDING);
        assert_eq!(sealed.len(), at(3) + 5 + TAG);
        for cut in [at(3), at(2), at(1)] {
            assert_eq!(open(&sealed[..cut], keys, BINDING), Err(BlobUnsealed::Truncated), "cut at {cut}");
        }
        let exact = seal(&data(2 * SEGMENT), &key, BINDING);
        assert_eq!(open(&exact[..at(1)], keys, BINDING), Err(BlobUnsealed::Truncated), "last segment dropped");
        for cut in [at(0), at(0) - 1, 3, 0] {
            assert_eq!(open(&sealed[..cut], keys, BINDING), Err(BlobUnsealed::Truncated), "header cut at {cut}");
        }
    }

    #[test]
    fn a_file_cut_inside_a_segment_does_not_open() {
        let key = SecretKey::random().unwrap();
        let keys = std::slice::from_ref(&key);
        let sealed = seal(&data(3 * SEGMENT + 5), &key, BINDING);
        for cut in [at(1) + 1, at(2) - 1, at(3) + 20, sealed.len() - 1, at(0) + TAG - 1] {
            let opened = open(&sealed[..cut], keys, BINDING);
            assert!(matches!(opened, Err(BlobUnsealed::Forged | BlobUnsealed::Truncated)), "cut at {cut}: {opened:?}");
        }
    }

    #[test]
    fn bytes_after_the_last_segment_are_refused() {
        let key = SecretKey::random().unwrap();
        let keys = std::slice::from_ref(&key);
        let mut whole_last = seal(&data(SEGMENT), &key, BINDING);
        whole_last.push(0);
        assert_eq!(open(&whole_last, keys, BINDING), Err(BlobUnsealed::TrailingData));
        let mut short_last = seal(&data(3 * SEGMENT + 5), &key, BINDING);
        short_last.extend_from_slice(b"more");
        assert_eq!(open(&short_last, keys, BINDING), Err(BlobUnsealed::Forged), "no way to tell where it ended");
    }

    #[test]
    fn swapped_segments_do_not_open_and_release_nothing_unverified() {
        let key = SecretKey::random().unwrap();
        let keys = std::slice::from_ref(&key);
        let sealed = seal(&data(3 * SEGMENT + 5), &key, BINDING);
        let mut swapped = sealed.clone();
        swapped[at(1)..at(2)].copy_from_slice(&sealed[at(2)..at(3)]);
        swapped[at(2)..at(3)].copy_from_slice(&sealed[at(1)..at(2)]);
        let mut reader = OpenReader::new(swapped.as_slice(), keys, BINDING).unwrap();
        let mut plain = Vec::new();
        let error = reader.read_to_end(&mut plain).unwrap_err();
        assert_eq!(BlobUnsealed::of(&error), Some(&BlobUnsealed::Forged));
        assert_eq!(plain, data(SEGMENT), "only the first segment, which is genuine");
        let again = reader.read(&mut [0u8; 16]).unwrap_err();
        assert_eq!(BlobUnsealed::of(&again), Some(&BlobUnsealed::Forged), "the failure sticks");
    }

    #[test]
    fn a_segment_from_another_file_under_the_same_key_does_not_open() {
        let key = SecretKey::random().unwrap();
        let plain = data(2 * SEGMENT + 9);
        let (mine, theirs) = (seal(&plain, &key, BINDING), seal(&plain, &key, BINDING));
        let mut spliced = mine.clone();
        spliced[at(1)..at(2)].copy_from_slice(&theirs[at(1)..at(2)]);
        assert_eq!(open(&spliced, std::slice::from_ref(&key), BINDING), Err(BlobUnsealed::Forged));
    }

    #[test]
    fn a_flipped_bit_anywhere_is_caught_and_named() {
        let key = SecretKey::random().unwrap();
        let keys = std::slice::from_ref(&key);
        let sealed = seal(&data(SEGMENT + 100), &key, BINDING);
        let ciphertext_and_tags = [at(0), at(0) + 500, at(1) - TAG, at(1) - 1, at(1), sealed.len() - 1];
        for index in (0..HEADER_BYTES).chain(ciphertext_and_tags) {
            let mut flipped = sealed.clone();
            flipped[index] ^= 0x10;
            let expected = match index {
                0..4 => BlobUnsealed::NotSealed,
                4 => BlobUnsealed::UnknownVersion(1 ^ 0x10),
                5..13 => BlobUnsealed::UnknownKey(crate::values::hex(&flipped[5..13])),
                _ => BlobUnsealed::Forged,
            };
            assert_eq!(open(&flipped, keys, BINDING), Err(expected), "bit flipped at {index}");
        }
    }

    #[test]
    fn a_blob_opens_only_with_its_binding_and_its_key() {
        let key = SecretKey::random().unwrap();
        let stranger = SecretKey::random().unwrap();
        let sealed = seal(b"attachment", &key, BINDING);
        assert_eq!(open(&sealed, std::slice::from_ref(&key), b"another blob"), Err(BlobUnsealed::Forged));
        assert_eq!(open(&sealed, std::slice::from_ref(&key), b""), Err(BlobUnsealed::Forged));
        assert_eq!(open(&sealed, std::slice::from_ref(&stranger), BINDING), Err(BlobUnsealed::UnknownKey(key.id())));
        let rotated = [stranger, key];
        assert_eq!(open(&sealed, &rotated, BINDING).unwrap(), b"attachment", "the key is found by its id");
    }

    #[test]
    fn a_writer_dropped_before_finish_leaves_a_truncated_blob() {
        let key = SecretKey::random().unwrap();
        let mut out = Vec::new();
        let mut writer = SealWriter::new(&mut out, &key, BINDING).unwrap();
        writer.write_all(&data(2 * SEGMENT + 1)).unwrap();
        drop(writer);
        assert_eq!(out.len(), at(2), "the sealed segments, not the one waiting");
        assert_eq!(open(&out, std::slice::from_ref(&key), BINDING), Err(BlobUnsealed::Truncated));
    }
}
