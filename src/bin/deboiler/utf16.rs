//! UTF-16 input: recognised by its start ([`detect`]) before binary data is
//! refused (its NUL bytes would otherwise look binary), and decoded to UTF-8 as it
//! is read ([`Utf16Reader`]), for text dumps and HTML pages alike.

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE};
use std::io::{self, Read};

/// How much of the input's start is searched for the pattern of UTF-16 without a
/// byte-order mark.
const PROBE: usize = 1024;

/// The fewest code units the pattern is judged on.
const MIN_UNITS: usize = 2;

/// The share of the probed code units that must be ASCII characters (not NUL), in
/// one byte order, for the input to be UTF-16 without a byte-order mark: numerator
/// and denominator.
const ASCII_SHARE: (usize, usize) = (3, 4);

/// The size of the buffer the encoded input is read through.
const READ_BUFFER: usize = 64 * 1024;

/// The UTF-16 encoding `data`, the start of an input, is in, if any: a byte-order
/// mark (`FF FE`, little-endian, but not the `FF FE 00 00` of UTF-32; `FE FF`,
/// big-endian); or, without one, at least [`ASCII_SHARE`] of the code units in the
/// first [`PROBE`] bytes being ASCII characters, all in the same byte order (a
/// zero byte beside a non-zero ASCII byte).
pub fn detect(data: &[u8]) -> Option<&'static Encoding> {
    match data {
        [0xff, 0xfe, 0, 0, ..] => return None,
        [0xff, 0xfe, ..] => return Some(UTF_16LE),
        [0xfe, 0xff, ..] => return Some(UTF_16BE),
        _ => {}
    }
    let probe = &data[..data.len().min(PROBE)];
    let units = probe.len() / 2;
    // Without a zero byte (the common case, searched for quickly) it is not UTF-16
    // of ASCII text.
    if units < MIN_UNITS || memchr::memchr(0, probe).is_none() {
        return None;
    }
    let ascii = |b: u8| b != 0 && b.is_ascii();
    let (mut le, mut be) = (0, 0);
    for unit in probe.chunks_exact(2) {
        if unit[1] == 0 && ascii(unit[0]) {
            le += 1;
        } else if unit[0] == 0 && ascii(unit[1]) {
            be += 1;
        }
    }
    let (num, den) = ASCII_SHARE;
    if le * den >= units * num {
        Some(UTF_16LE)
    } else if be * den >= units * num {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A reader of UTF-16 bytes that gives them as UTF-8: a byte-order mark is
/// dropped (and decides the byte order), unpaired surrogates and an odd last byte
/// become U+FFFD.
pub struct Utf16Reader<R> {
    inner: R,
    decoder: Decoder,
    /// Encoded bytes read, `input[start..end]` not yet decoded.
    input: Vec<u8>,
    start: usize,
    end: usize,
    /// Whether `inner` is exhausted.
    eof: bool,
    /// Decoded bytes, `out[out_pos..]` not yet handed out.
    out: Vec<u8>,
    out_pos: usize,
    /// Whether everything is decoded.
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    /// Decodes `inner`, in `encoding` (UTF-16LE or UTF-16BE) unless it starts with
    /// a byte-order mark.
    pub fn new(inner: R, encoding: &'static Encoding) -> Utf16Reader<R> {
        Utf16Reader {
            inner,
            decoder: encoding.new_decoder(),
            input: vec![0; READ_BUFFER],
            start: 0,
            end: 0,
            eof: false,
            out: Vec::new(),
            out_pos: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_pos < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_pos);
                buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if self.done || buf.is_empty() {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                let n = loop {
                    match self.inner.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                (self.start, self.end) = (0, n);
                self.eof = n == 0;
            }
            let src = &self.input[self.start..self.end];
            // Room for everything `src` may decode to, so that it is all decoded.
            let room = self
                .decoder
                .max_utf8_buffer_length(src.len())
                .unwrap_or(3 * src.len() + 16);
            self.out.clear();
            self.out.resize(room, 0);
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(src, &mut self.out, self.eof);
            self.start += read;
            self.out.truncate(written);
            self.out_pos = 0;
            self.done = self.eof && result == CoderResult::InputEmpty;
        }
    }
}

/// A reader that fails once with the error it holds, then ends: what comes after
/// the bytes read before a read error.
pub struct Failed(pub Option<io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
        for u in units {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    /// Everything a [`Utf16Reader`] gives of `bytes`, read `chunk` bytes at a time.
    fn decode(bytes: &[u8], encoding: &'static Encoding, chunk: usize) -> Vec<u8> {
        let mut r = Utf16Reader::new(bytes, encoding);
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn detects_boms_and_the_pattern() {
        let text = "Home\nThe council met on Tuesday.\n";
        for bom in [true, false] {
            assert_eq!(detect(&utf16(text, true, bom)), Some(UTF_16LE), "{bom}");
            assert_eq!(detect(&utf16(text, false, bom)), Some(UTF_16BE), "{bom}");
        }
        // Non-ASCII text is recognised by its byte-order mark only.
        assert_eq!(detect(&utf16("日本語の文章", true, true)), Some(UTF_16LE));
        assert_eq!(detect(&utf16("日本語の文章", true, false)), None);
        for not in [
            &b"plain text\n"[..],
            b"\x89PNG\r\n\x00\x00\x00IHDR garbage",
            b"text first\n\x00binary after",
            b"\xff\xfe\x00\x00a\x00\x00\x00",
            b"a\x00",
            &[0u8; 64],
        ] {
            assert_eq!(detect(not), None, "{not:?}");
        }
    }

    #[test]
    fn decodes_to_utf8_in_any_chunks() {
        let text = "Café au lait – 日本 😀\r\nsecond line\n".repeat(5000);
        for (le, bom) in [(true, true), (true, false), (false, true), (false, false)] {
            let bytes = utf16(&text, le, bom);
            let encoding = if le { UTF_16LE } else { UTF_16BE };
            for chunk in [1, 7, 4096, 1 << 20] {
                assert_eq!(
                    decode(&bytes, encoding, chunk),
                    text.as_bytes(),
                    "{le} {bom} {chunk}"
                );
            }
        }
        // An odd last byte and an unpaired surrogate become U+FFFD.
        assert_eq!(
            decode(b"a\x00\x00\xd8b\x00c", UTF_16LE, 3),
            "a\u{fffd}b\u{fffd}".as_bytes()
        );
    }

    #[test]
    fn failed_fails_once() {
        let mut r = Failed(Some(io::Error::other("cut")));
        assert!(r.read(&mut [0; 4]).is_err());
        assert_eq!(r.read(&mut [0; 4]).unwrap(), 0);
    }
}
