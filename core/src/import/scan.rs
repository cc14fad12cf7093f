//! The top-level array of an export, one element at a time. serde_json parses each element
//! (a conversation) from its own bytes; this only finds where each begins and ends, so the
//! import can pause between conversations (a serde visitor over the whole array could not)
//! and memory holds one conversation, never the file.

use std::io::{BufRead, ErrorKind};

/// Where the top level stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Top {
    /// Before the opening `[`.
    Start,
    /// After `[`: an element or `]`.
    First,
    /// After an element: `,` or `]`.
    Next,
    /// After the closing `]`: only white space may follow.
    Done,
}

/// A broken file: what is wrong and at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ScanError {
    pub(super) offset: u64,
    pub(super) reason: String,
}

/// One element of the array: where it starts, and whether it was longer than the buffer
/// allowed (its bytes were then not kept, only stepped over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Element {
    pub(super) offset: u64,
    pub(super) len: u64,
    pub(super) oversized: bool,
}

/// Reads the elements of a JSON array from `reader`.
pub(super) struct Scanner<R> {
    reader: R,
    offset: u64,
    top: Top,
}

impl<R: BufRead> Scanner<R> {
    pub(super) fn new(reader: R) -> Self {
        Self { reader, offset: 0, top: Top::Start }
    }

    /// Bytes consumed so far.
    pub(super) fn offset(&self) -> u64 {
        self.offset
    }

    /// The next element, its bytes in `buf` (cleared first) unless it is longer than `max`;
    /// `None` once the array and the white space after it have been read to the end.
    pub(super) fn next(&mut self, buf: &mut Vec<u8>, max: usize) -> Result<Option<Element>, ScanError> {
        buf.clear();
        loop {
            match self.top {
                Top::Start => {
                    if self.offset == 0 {
                        self.skip_bom()?;
                    }
                    match self.peek_past_space()? {
                        Some(b'[') => {
                            self.consume(1);
                            self.top = Top::First;
                        }
                        Some(other) => {
                            return Err(self
                                .error(format!("is not a JSON array of conversations (found {})", shown_byte(other))));
                        }
                        None => return Err(self.error("is empty: no JSON array of conversations".into())),
                    }
                }
                Top::First | Top::Next => match self.peek_past_space()? {
                    Some(b']') => {
                        self.consume(1);
                        self.top = Top::Done;
                    }
                    Some(b',') if self.top == Top::Next => {
                        self.consume(1);
                        match self.peek_past_space()? {
                            Some(b']') => return Err(self.error("has a comma before the closing ]".into())),
                            Some(_) => return self.element(buf, max).map(Some),
                            None => return Err(self.truncated()),
                        }
                    }
                    Some(_) if self.top == Top::First => return self.element(buf, max).map(Some),
                    Some(other) => {
                        return Err(
                            self.error(format!("expected , or ] between conversations, found {}", shown_byte(other)))
                        );
                    }
                    None => return Err(self.truncated()),
                },
                Top::Done => {
                    return match self.peek_past_space()? {
                        None => Ok(None),
                        Some(other) => Err(self.error(format!("has data after the array ({})", shown_byte(other)))),
                    };
                }
            }
        }
    }

    /// One element from its first byte (not white space): an object or array up to its
    /// matching close, a string up to its closing quote, or a bare scalar up to a delimiter.
    /// Only nesting and strings are followed here; serde_json checks the rest.
    fn element(&mut self, buf: &mut Vec<u8>, max: usize) -> Result<Element, ScanError> {
        self.top = Top::Next;
        let start = self.offset;
        let mut depth = 0u64;
        let mut in_string = false;
        let mut escaped = false;
        let mut scalar = false;
        let mut oversized = false;
        let mut first = true;
        loop {
            let before = self.offset;
            let chunk = self.fill()?;
            if chunk.is_empty() {
                if scalar {
                    break;
                }
                return Err(ScanError {
                    offset: before,
                    reason: format!("ends inside the conversation that starts at byte {start} (truncated?)"),
                });
            }
            let mut end = None;
            for (i, &byte) in chunk.iter().enumerate() {
                if first {
                    first = false;
                    match byte {
                        b'{' | b'[' => depth = 1,
                        b'"' => in_string = true,
                        _ => scalar = true,
                    }
                    if scalar && is_delimiter(byte) {
                        end = Some(i);
                        break;
                    }
                    continue;
                }
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if byte == b'\\' {
                        escaped = true;
                    } else if byte == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                } else if scalar {
                    if is_delimiter(byte) {
                        end = Some(i);
                        break;
                    }
                } else {
                    match byte {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(i + 1);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            let taken = end.unwrap_or(chunk.len());
            let len = (before - start) as usize + taken;
            if !oversized && len > max {
                oversized = true;
                buf.clear();
                buf.shrink_to(0);
            }
            if !oversized {
                buf.extend_from_slice(&chunk[..taken]);
            }
            self.consume(taken);
            if end.is_some() {
                break;
            }
        }
        Ok(Element { offset: start, len: self.offset - start, oversized })
    }

    fn skip_bom(&mut self) -> Result<(), ScanError> {
        if self.fill()?.starts_with(b"\xEF\xBB\xBF") {
            self.consume(3);
        }
        Ok(())
    }

    /// The first byte that is not JSON white space, left unread; `None` at the end.
    fn peek_past_space(&mut self) -> Result<Option<u8>, ScanError> {
        loop {
            let chunk = self.fill()?;
            if chunk.is_empty() {
                return Ok(None);
            }
            match chunk.iter().position(|&byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r')) {
                Some(at) => {
                    let byte = chunk[at];
                    self.consume(at);
                    return Ok(Some(byte));
                }
                None => {
                    let all = chunk.len();
                    self.consume(all);
                }
            }
        }
    }

    fn fill(&mut self) -> Result<&[u8], ScanError> {
        let offset = self.offset;
        let failed = |error: std::io::Error| ScanError { offset, reason: format!("cannot be read: {error}") };
        loop {
            match self.reader.fill_buf() {
                Ok(_) => break,
                Err(error) if error.kind() == ErrorKind::Interrupted => continue,
                Err(error) => return Err(failed(error)),
            }
        }
        // Buffered now: this returns the same bytes without reading again.
        self.reader.fill_buf().map_err(failed)
    }

    fn consume(&mut self, n: usize) {
        self.reader.consume(n);
        self.offset += n as u64;
    }

    fn error(&self, reason: String) -> ScanError {
        ScanError { offset: self.offset, reason }
    }

    fn truncated(&self) -> ScanError {
        self.error("ends before the array closes (truncated?)".into())
    }
}

/// What ends a bare scalar (a number, `true`, `null`) at the top level.
fn is_delimiter(byte: u8) -> bool {
    matches!(byte, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
}

/// A byte for a message: printable ASCII as itself, anything else in hex.
fn shown_byte(byte: u8) -> String {
    match byte {
        0x21..=0x7e => format!("'{}'", byte as char),
        other => format!("byte 0x{other:02x}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(text: &[u8], max: usize) -> Result<Vec<(Element, Vec<u8>)>, ScanError> {
        // A tiny buffer, so elements cross chunk boundaries.
        let mut scanner = Scanner::new(std::io::BufReader::with_capacity(3, text));
        let mut buf = Vec::new();
        let mut found = Vec::new();
        while let Some(element) = scanner.next(&mut buf, max)? {
            found.push((element, buf.clone()));
        }
        Ok(found)
    }

    fn texts(text: &str) -> Vec<String> {
        elements(text.as_bytes(), 1 << 20)
            .unwrap()
            .into_iter()
            .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
            .collect()
    }

    #[test]
    fn finds_each_element_whatever_it_holds() {
        assert_eq!(texts("[]"), Vec::<String>::new());
        assert_eq!(texts("\u{feff} [ ] \n"), Vec::<String>::new());
        assert_eq!(
            texts(r#"[{"a":"]},\"{"}, [1,[2]] ,"x\"y" ,42,null, {"b":{"c":[]}}]"#),
            [r#"{"a":"]},\"{"}"#, "[1,[2]]", r#""x\"y""#, "42", "null", r#"{"b":{"c":[]}}"#]
        );
    }

    #[test]
    fn broken_arrays_say_where() {
        let error = |text: &str| elements(text.as_bytes(), 1 << 20).unwrap_err();
        assert!(error("").reason.contains("empty"));
        assert!(error("{}").reason.contains("not a JSON array"));
        assert_eq!(error(r#"[{"a": "b"#).offset, 9);
        assert!(error(r#"[{"a": "b"#).reason.contains("truncated"));
        assert!(error(r#"[{}, {}"#).reason.contains("truncated"));
        assert!(error(r#"[{},]"#).reason.contains("comma"));
        assert!(error(r#"[{} {}]"#).reason.contains("expected , or ]"));
        assert!(error(r#"[{}] x"#).reason.contains("after the array"));
    }

    #[test]
    fn an_element_over_the_limit_is_stepped_over_not_kept() {
        let found = elements(br#"[{"big":"0123456789"},{"s":1}]"#, 10).unwrap();
        assert!(found[0].0.oversized && found[0].1.is_empty());
        assert_eq!(found[0].0.len, 20);
        assert_eq!((found[1].0.oversized, found[1].1.as_slice()), (false, &br#"{"s":1}"#[..]));
    }
}
