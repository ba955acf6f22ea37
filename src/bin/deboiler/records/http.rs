//! The HTTP response that a WARC `response` record holds: status line, headers and
//! body, with the body's transfer encoding (chunked) and content encoding (gzip,
//! deflate) undone, and the type and charset its `Content-Type` declares.
//!
//! Crawlers differ: some keep the bytes as they came over the wire (chunked and
//! gzipped), others store the decoded body and rename the headers (Common Crawl's
//! `X-Crawler-Content-Encoding`). So a body is only de-chunked when it parses as
//! chunks, and only inflated when it starts like the encoding it claims; otherwise
//! it is taken as it is, as `warcio` does.
//!
//! This file depends on the standard library, `flate2` and `memchr` only, so that
//! `benches/records.rs` can include it as it is.

use std::borrow::Cow;
use std::io::Read;

/// An HTTP response, its body decoded.
#[derive(Debug)]
pub struct Response<'a> {
    /// The media type of `Content-Type`, lower-cased, without parameters.
    pub mime: Option<String>,
    /// The `charset` parameter of `Content-Type`, as written.
    pub charset: Option<String>,
    /// The body, transfer and content encodings undone.
    pub body: Cow<'a, [u8]>,
}

/// Parses the HTTP response in `block`, decoding a body of at most `limit` bytes.
/// `Err`: why it cannot be used (not HTTP, an encoding that is not supported, a
/// decoded body over the limit).
pub fn parse(block: &[u8], limit: usize) -> Result<Response<'_>, String> {
    let (head, body) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (&block[..i], &block[i + 4..]),
        None => match memchr::memmem::find(block, b"\n\n") {
            Some(i) => (&block[..i], &block[i + 2..]),
            None => (block, &block[block.len()..]),
        },
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    if !status_line.starts_with("HTTP/") {
        return Err("the response record holds no HTTP response".to_string());
    }
    let (mut content_type, mut transfer, mut content) = (None, String::new(), String::new());
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_string()),
            "transfer-encoding" => transfer = value.to_ascii_lowercase(),
            "content-encoding" => content = value.to_ascii_lowercase(),
            _ => {}
        }
    }
    let (mime, charset) = content_type.as_deref().map(media_type).unwrap_or_default();
    let mut body = Cow::Borrowed(body);
    if transfer.contains("chunked")
        && let Some(joined) = dechunk(&body)
    {
        body = Cow::Owned(joined);
    }
    for coding in content.split(',').map(str::trim).rev() {
        body = match coding {
            "" | "identity" => body,
            "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => Cow::Owned(inflate(
                flate2::read::MultiGzDecoder::new(&body[..]),
                limit,
            )?),
            "deflate" if body.first().is_some_and(|b| b & 0x0f == 8) => {
                Cow::Owned(inflate(flate2::read::ZlibDecoder::new(&body[..]), limit)?)
            }
            "deflate" if !body.is_empty() => Cow::Owned(inflate(
                flate2::read::DeflateDecoder::new(&body[..]),
                limit,
            )?),
            "gzip" | "x-gzip" | "deflate" => body,
            other => {
                return Err(format!("its content encoding '{other}' is not supported"));
            }
        };
    }
    Ok(Response {
        mime,
        charset,
        body,
    })
}

/// The media type (lower-cased) and charset of a `Content-Type` value.
pub fn media_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    });
    (mime, charset)
}

/// The body of a chunked transfer: the chunks joined, or `None` when `bytes` are
/// not chunks (a body stored already decoded). A body cut off inside a chunk keeps
/// what there is.
fn dechunk(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        let line_end = memchr::memchr(b'\n', rest)?;
        let line = std::str::from_utf8(&rest[..line_end]).ok()?.trim();
        let size = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        rest = &rest[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() <= size {
            out.extend_from_slice(rest);
            return Some(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))?;
    }
}

/// Everything `decoder` gives, up to `limit` bytes; a corrupt or cut stream keeps
/// what was decoded before the error.
fn inflate(decoder: impl Read, limit: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut decoder = decoder.take(limit as u64 + 1);
    let _ = decoder.read_to_end(&mut out);
    if out.len() > limit {
        return Err(format!(
            "its body inflates to more than the limit of {limit} bytes"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn headers_type_and_charset() {
        let r = parse(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/HTML; Charset=\"ISO-8859-1\"\r\n\r\n<p>x",
            100,
        )
        .unwrap();
        assert_eq!(r.mime.as_deref(), Some("text/html"));
        assert_eq!(r.charset.as_deref(), Some("ISO-8859-1"));
        assert_eq!(&r.body[..], b"<p>x");
        let r = parse(b"HTTP/1.0 404 Not Found\n\n", 100).unwrap();
        assert_eq!((r.mime, r.body.len()), (None, 0));
        assert!(parse(b"GET / HTTP/1.1\r\n\r\n", 100).is_err());
    }

    #[test]
    fn chunked_and_gzip_are_undone() {
        let page = b"<html><body><p>Hello, chunks and gzip.</p></body></html>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(page).unwrap();
        let gz = gz.finish().unwrap();
        let mut chunked = Vec::new();
        for piece in gz.chunks(10) {
            chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            chunked.extend_from_slice(piece);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let block = [
            &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"[..],
            &chunked,
        ]
        .concat();
        assert_eq!(&parse(&block, 1000).unwrap().body[..], page);
        // Stored decoded, with the headers left as they were: taken as it is.
        let stored = [
            &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"[..],
            page,
        ]
        .concat();
        assert_eq!(&parse(&stored, 1000).unwrap().body[..], page);
        // Over the limit once inflated.
        assert!(
            parse(&block, 10)
                .unwrap_err()
                .contains("more than the limit")
        );
        let br = b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxyz";
        assert_eq!(
            parse(br, 100).unwrap_err(),
            "its content encoding 'br' is not supported"
        );
    }
}
