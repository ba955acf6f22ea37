//! JSON Lines: one document a line, read in bounded memory, and each object's
//! fields found without re-encoding any of them, so that an object written back
//! keeps every field, its order and its bytes, but for the fields replaced.

use super::warc::Resync;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::io;
use std::ops::Range;

/// How much is read from the stream at a time.
const CHUNK: usize = 64 * 1024;

/// One line of a JSONL stream.
pub enum Line {
    /// A line (without its line end), numbered from 1.
    Text(u64, Vec<u8>),
    /// A line that could not be read: its number and why.
    Failed(u64, String),
}

/// Reads a stream line by line, each line at most `limit` bytes. Blank lines are
/// skipped (they are no documents), but counted in the line numbers.
pub struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    limit: usize,
    number: u64,
}

impl<R: Resync> Lines<R> {
    /// Lines of `inner`, each of at most `limit` bytes.
    pub fn new(inner: R, limit: usize) -> Lines<R> {
        Lines {
            inner,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            limit,
            number: 0,
        }
    }

    /// Reads more: `Ok(false)` at the end.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let start = self.buf.len();
        self.buf.resize(start + CHUNK, 0);
        let got = loop {
            match self.inner.read(&mut self.buf[start..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => break other,
            }
        };
        self.buf.truncate(start + *got.as_ref().unwrap_or(&0));
        match got {
            Ok(0) => {
                self.eof = true;
                Ok(false)
            }
            Ok(_) => Ok(true),
            Err(e) => Err(e),
        }
    }

    /// The next non-blank line, `None` at the end.
    pub fn next_line(&mut self) -> Option<Line> {
        loop {
            let line = self.read_line()?;
            match line {
                Line::Text(_, ref bytes) if bytes.trim_ascii().is_empty() => continue,
                line => return Some(line),
            }
        }
    }

    /// The next line, blank or not.
    fn read_line(&mut self) -> Option<Line> {
        let mut searched = 0;
        loop {
            let rest = &self.buf[self.pos..];
            if let Some(i) = memchr::memchr(b'\n', &rest[searched..]) {
                let end = searched + i;
                self.number += 1;
                if end > self.limit {
                    self.pos += end + 1;
                    return Some(Line::Failed(self.number, Self::too_long(self.limit)));
                }
                let mut line = rest[..end].to_vec();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                self.pos += end + 1;
                return Some(Line::Text(self.number, line));
            }
            searched = rest.len();
            if rest.len() > self.limit {
                self.number += 1;
                return Some(self.skip_long_line());
            }
            match self.fill() {
                Ok(true) => {}
                Ok(false) => {
                    let rest = &self.buf[self.pos..];
                    if rest.is_empty() {
                        return None;
                    }
                    self.number += 1;
                    let line = rest.strip_suffix(b"\r").unwrap_or(rest).to_vec();
                    self.pos = self.buf.len();
                    return Some(Line::Text(self.number, line));
                }
                Err(e) => {
                    self.number += 1;
                    let number = self.number;
                    self.buf.clear();
                    self.pos = 0;
                    let resumed = self.inner.resync();
                    self.eof = !resumed;
                    let then = if resumed {
                        "the reading goes on at the next gzip member, where line numbers may \
                         be off"
                    } else {
                        "the rest of the file is skipped"
                    };
                    return Some(Line::Failed(number, format!("{e}; {then}")));
                }
            }
        }
    }

    /// The message of a line longer than `limit`.
    fn too_long(limit: usize) -> String {
        format!("longer than the limit of {limit} bytes; skipped")
    }

    /// Reads past a line longer than the limit.
    fn skip_long_line(&mut self) -> Line {
        let number = self.number;
        let message = Self::too_long(self.limit);
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[self.pos..]) {
                self.pos += i + 1;
                return Line::Failed(number, message);
            }
            self.pos = self.buf.len();
            match self.fill() {
                Ok(true) => {}
                Ok(false) | Err(_) => return Line::Failed(number, message),
            }
        }
    }
}

/// A JSON object's fields, each value as its raw text in the line.
pub struct Object<'a> {
    line: &'a str,
    /// The fields by name (of two fields with one name, the last, as JSON parsers
    /// keep).
    fields: BTreeMap<String, &'a RawValue>,
}

impl<'a> Object<'a> {
    /// Parses one line as a JSON object.
    pub fn parse(line: &'a str) -> Result<Object<'a>, String> {
        let fields = serde_json::from_str(line).map_err(|e| {
            if e.is_data() {
                "not a JSON object".to_string()
            } else {
                format!("not JSON ({e})")
            }
        })?;
        Ok(Object { line, fields })
    }

    /// The raw value of the field `name`.
    pub fn get(&self, name: &str) -> Option<&'a RawValue> {
        self.fields.get(name).copied()
    }

    /// The string value of the field `name`: `Err` saying why there is none.
    pub fn string(&self, name: &str) -> Result<String, String> {
        let raw = self.get(name).ok_or_else(|| format!("no field '{name}'"))?;
        serde_json::from_str::<String>(raw.get()).map_err(|_| {
            let kind = match raw.get().as_bytes().first() {
                Some(b'n') => "null",
                Some(b't' | b'f') => "a boolean",
                Some(b'{') => "an object",
                Some(b'[') => "an array",
                Some(b'"') => "a string that is not valid Unicode",
                _ => "a number",
            };
            format!("the field '{name}' is {kind}, not a string")
        })
    }

    /// Where `raw` (a value of this object) is in the line.
    fn span(&self, raw: &RawValue) -> Range<usize> {
        let start = raw.get().as_ptr() as usize - self.line.as_ptr() as usize;
        start..start + raw.get().len()
    }

    /// Writes the object to `out` with the fields of `replace` (name, JSON value)
    /// in place of their own values, or added at the end when absent.
    pub fn write_with(&self, out: &mut Vec<u8>, replace: &[(&str, &[u8])]) {
        let mut spans: Vec<(Range<usize>, &[u8])> = Vec::new();
        let mut added: Vec<(&str, &[u8])> = Vec::new();
        for &(name, value) in replace {
            match self.get(name) {
                Some(raw) => spans.push((self.span(raw), value)),
                None => added.push((name, value)),
            }
        }
        spans.sort_by_key(|(r, _)| r.start);
        let close = self.line.trim_end().len() - 1;
        let bytes = self.line.as_bytes();
        let mut at = 0;
        for (range, value) in spans {
            out.extend_from_slice(&bytes[at..range.start]);
            out.extend_from_slice(value);
            at = range.end;
        }
        out.extend_from_slice(&bytes[at..close]);
        let mut comma = !self.fields.is_empty();
        for (name, value) in added {
            if comma {
                out.push(b',');
            }
            comma = true;
            serde_json::to_writer(&mut *out, name).expect("writing to memory does not fail");
            out.push(b':');
            out.extend_from_slice(value);
        }
        out.extend_from_slice(&bytes[close..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(line: &str, replace: &[(&str, &str)]) -> String {
        let o = Object::parse(line).unwrap();
        let replace: Vec<(&str, &[u8])> = replace.iter().map(|(k, v)| (*k, v.as_bytes())).collect();
        let mut out = Vec::new();
        o.write_with(&mut out, &replace);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fields_keep_their_order_and_bytes() {
        let line = r#"{"z": 1.50, "text" : "a\u00e9b", "m":{"k":[1, 2]} }"#;
        let o = Object::parse(line).unwrap();
        assert_eq!(o.string("text").unwrap(), "aéb");
        assert_eq!(
            rewrite(line, &[("text", "\"new\""), ("labels", "{}")]),
            r#"{"z": 1.50, "text" : "new", "m":{"k":[1, 2]} ,"labels":{}}"#
        );
        assert_eq!(
            rewrite(line, &[("m", "0"), ("z", "2")]),
            r#"{"z": 2, "text" : "a\u00e9b", "m":0 }"#
        );
        assert_eq!(rewrite("{}", &[("a", "1"), ("b", "2")]), r#"{"a":1,"b":2}"#);
        // The last of two fields of one name is the one read and replaced.
        let twice = r#"{"text":"one","text":"two"}"#;
        assert_eq!(Object::parse(twice).unwrap().string("text").unwrap(), "two");
        assert_eq!(
            rewrite(twice, &[("text", "3")]),
            r#"{"text":"one","text":3}"#
        );
        let escaped = r#"{"te\u0078t":"x"}"#;
        assert_eq!(Object::parse(escaped).unwrap().string("text").unwrap(), "x");
    }

    #[test]
    fn bad_lines_say_why() {
        let err = |l: &str| Object::parse(l).err().unwrap();
        assert!(
            err("{\"text\": ").starts_with("not JSON ("),
            "{}",
            err("{\"text\": ")
        );
        assert_eq!(err("[1,2]"), "not a JSON object");
        assert_eq!(err("\"x\""), "not a JSON object");
        assert!(err("{} x").starts_with("not JSON"));
        let o = Object::parse(r#"{"text":null,"n":3}"#).unwrap();
        assert_eq!(
            o.string("text").unwrap_err(),
            "the field 'text' is null, not a string"
        );
        assert_eq!(
            o.string("n").unwrap_err(),
            "the field 'n' is a number, not a string"
        );
        assert_eq!(o.string("body").unwrap_err(), "no field 'body'");
    }

    #[test]
    fn lines_are_bounded_and_numbered() {
        let input = b"{\"a\":1}\r\n\n  \n{\"b\":2}\nxxxxxxxxxxxxxxxxxxxxxxxxx\n{\"c\":3}";
        let mut lines = Lines::new(&input[..], 16);
        let mut got = Vec::new();
        while let Some(line) = lines.next_line() {
            got.push(match line {
                Line::Text(n, b) => format!("{n} {}", String::from_utf8(b).unwrap()),
                Line::Failed(n, m) => format!("{n} failed: {m}"),
            });
        }
        assert_eq!(
            got,
            [
                "1 {\"a\":1}",
                "4 {\"b\":2}",
                "5 failed: longer than the limit of 16 bytes; skipped",
                "6 {\"c\":3}"
            ]
        );
    }
}
