//! Gzip read member by member, as Common Crawl writes WARC files (one member per
//! record), so that a corrupt member costs only its own records: after a failed
//! read, [`GzMembers::resync`] goes on at the next member's header. A file that is
//! one member is read as one stream.
//!
//! This file depends on the standard library, `flate2` and `memchr` only, so that
//! `benches/records.rs` can include it as it is.

use flate2::bufread::GzDecoder;
use std::io::{self, BufRead, Read};

/// The first bytes of a gzip member: the magic and the deflate method.
const MEMBER_START: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Where the reading is.
enum State<R> {
    /// Inside a member (boxed: a decoder's state is large, and a new one is made
    /// per member anyway).
    Member(Box<GzDecoder<R>>),
    /// Between two members (or before the first).
    Between(R),
    /// After a failed read, until [`GzMembers::resync`].
    Failed(R),
    /// At the end (or in the middle of a state change).
    Done,
}

/// The concatenated content of every gzip member of a stream.
pub struct GzMembers<R> {
    state: State<R>,
}

impl<R: BufRead> GzMembers<R> {
    /// Reads the members of `inner`, from its current position.
    pub fn new(inner: R) -> GzMembers<R> {
        GzMembers {
            state: State::Between(inner),
        }
    }

    /// After a failed read: goes on at the next member's header; `false` when there
    /// is none (the stream is then at its end).
    pub fn resync(&mut self) -> bool {
        let mut inner = match std::mem::replace(&mut self.state, State::Done) {
            State::Failed(r) | State::Between(r) => r,
            State::Member(d) => d.into_inner(),
            State::Done => return false,
        };
        loop {
            let buf = match inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return false,
            };
            if buf.is_empty() {
                return false;
            }
            if let Some(at) = memchr::memmem::find(buf, &MEMBER_START) {
                inner.consume(at);
                self.state = State::Between(inner);
                return true;
            }
            // A header may straddle two reads: keep the last two bytes, unless
            // that is all there is.
            let n = buf.len();
            inner.consume(if n > 2 { n - 2 } else { n });
        }
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Member(mut d) => match d.read(out) {
                    Ok(0) => self.state = State::Between(d.into_inner()),
                    Ok(n) => {
                        self.state = State::Member(d);
                        return Ok(n);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                        self.state = State::Member(d);
                    }
                    Err(e) => {
                        self.state = State::Failed(d.into_inner());
                        return Err(io::Error::new(e.kind(), format!("corrupt gzip data: {e}")));
                    }
                },
                State::Between(mut r) => {
                    let more = loop {
                        match r.fill_buf() {
                            Ok(buf) => break !buf.is_empty(),
                            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                            Err(e) => {
                                self.state = State::Failed(r);
                                return Err(e);
                            }
                        }
                    };
                    if !more {
                        return Ok(0);
                    }
                    self.state = State::Member(Box::new(GzDecoder::new(r)));
                }
                State::Failed(r) => {
                    self.state = State::Failed(r);
                    return Err(io::Error::other("corrupt gzip data"));
                }
                State::Done => return Ok(0),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    /// Everything read, with the errors met and resynced past.
    fn read_all(bytes: &[u8]) -> (Vec<u8>, Vec<String>) {
        let mut m = GzMembers::new(io::BufReader::with_capacity(16, bytes));
        let (mut out, mut errors) = (Vec::new(), Vec::new());
        let mut buf = [0u8; 7];
        loop {
            match m.read(&mut buf) {
                Ok(0) => return (out, errors),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => {
                    errors.push(e.to_string());
                    if !m.resync() {
                        return (out, errors);
                    }
                }
            }
        }
    }

    #[test]
    fn members_are_read_one_after_another() {
        let parts: Vec<Vec<u8>> = (0..5)
            .map(|i| format!("member {i}\n").into_bytes())
            .collect();
        let all: Vec<u8> = parts.iter().flat_map(|p| gzip(p)).collect();
        assert_eq!(read_all(&all), (parts.concat(), vec![]));
        assert_eq!(read_all(b""), (vec![], vec![]));
    }

    #[test]
    fn a_corrupt_member_costs_only_itself() {
        let parts: Vec<Vec<u8>> = (0..3)
            .map(|i| {
                format!("member number {i} with some text\n")
                    .repeat(20)
                    .into_bytes()
            })
            .collect();
        let mut members: Vec<Vec<u8>> = parts.iter().map(|p| gzip(p)).collect();
        let mid = members[1].len() / 2;
        members[1][mid] ^= 0x55;
        members[1][mid + 1] ^= 0x55;
        let (out, errors) = read_all(&members.concat());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("corrupt gzip data"), "{errors:?}");
        assert!(out.starts_with(&parts[0]) && out.ends_with(&parts[2]));
        // Garbage after the last member, and a member cut short.
        let (out, errors) = read_all(&[gzip(b"one\n"), b"trailing junk".to_vec()].concat());
        assert_eq!((out, errors.len()), (b"one\n".to_vec(), 1));
        let whole = gzip(&parts[0]);
        let (out, errors) = read_all(&whole[..whole.len() - 10]);
        assert_eq!(errors.len(), 1);
        assert!(parts[0].starts_with(&out));
    }
}
