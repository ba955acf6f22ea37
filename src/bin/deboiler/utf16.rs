//! UTF-16 input: recognised by its start ([`detect`], the library's rule) before
//! binary data is refused (its NUL bytes would otherwise look binary), and decoded
//! to UTF-8 as it is read ([`Utf16Reader`]), for text dumps and HTML pages alike.

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE};
use std::io::{self, Read};

/// The size of the buffer the encoded input is read through.
const READ_BUFFER: usize = 64 * 1024;

/// The encoding of the UTF-16 input whose start is `data`, if it is UTF-16
/// ([`deboiler::detect_utf16`]).
pub fn detect(data: &[u8]) -> Option<&'static Encoding> {
    deboiler::detect_utf16(data).map(|order| match order {
        deboiler::Utf16::LittleEndian => UTF_16LE,
        deboiler::Utf16::BigEndian => UTF_16BE,
    })
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

    /// The bytes a reader is given: `text` in UTF-16 (`le`: little-endian), after
    /// its byte-order mark if `bom`.
    fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
        let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
        units
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
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
    fn detect_maps_the_byte_order() {
        let text = "Home\nThe council met on Tuesday.\n";
        assert_eq!(detect(&utf16(text, true, false)), Some(UTF_16LE));
        assert_eq!(detect(&utf16(text, false, true)), Some(UTF_16BE));
        assert_eq!(detect(text.as_bytes()), None);
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
