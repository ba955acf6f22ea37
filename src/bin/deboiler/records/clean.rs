//! Cleaning a batch of records on a worker thread: each record is cleaned as an
//! HTML page (WARC `response` and `resource` records of an HTML type, JSONL
//! documents in HTML) or as a text dump (WET `conversion` records, other JSONL
//! documents), or skipped (other records) or failed (bad ones), and rendered in the
//! output format, in order.

use super::jsonl::Object;
use super::{Raw, http, warc, warc_place};
use crate::args::Format;
use crate::input::starts_like_html;
use crate::output::{Page, Stats, kept_json, write_result};
use crate::segments::too_many_lines;
use deboiler::{Cleaner, Verdict, Workspace};
use std::io::Write;

/// What every record of a file is cleaned with.
pub struct Context<'a> {
    /// The cleaner.
    pub cleaner: &'a Cleaner,
    /// The output format.
    pub format: Format,
    /// The file's name in messages and output.
    pub file: &'a str,
    /// Every JSONL document is HTML (`--html`).
    pub html: bool,
    /// The JSONL fields.
    pub fields: &'a Fields,
    /// The largest page (a record's block, a decoded HTTP body).
    pub limit: usize,
}

/// The JSONL fields deboiler reads and writes.
#[derive(Clone, Debug)]
pub struct Fields {
    /// The text to clean.
    pub text: String,
    /// Where the cleaned text goes (`None`: the text field).
    pub out: Option<String>,
    /// The field naming each document's format, if any.
    pub format: Option<String>,
}

/// A cleaned batch: the rendered output of its records in order, the messages of
/// those that failed (each with the length of the output before it), and the
/// counts.
#[derive(Default)]
pub struct Batch {
    /// The output.
    pub out: Vec<u8>,
    /// The failures: output length before each, and its message.
    pub notes: Vec<(usize, String)>,
    /// The counts, records included.
    pub stats: Stats,
}

/// The buffers a worker keeps from one record to the next.
pub struct Buffers<'w> {
    /// The classifier's buffers.
    pub workspace: &'w mut Workspace,
    /// The verdicts of a text record.
    pub verdicts: &'w mut Vec<Verdict>,
}

/// What a record turned out to be.
enum Outcome {
    /// Cleaned and written, with these counts.
    Cleaned(Stats),
    /// Not a page: skipped, counted under this kind.
    Skipped(String),
    /// Bad: skipped with this message.
    Failed(String),
}

/// Cleans the records of one batch.
pub fn clean_batch(ctx: &Context<'_>, records: Vec<Raw>, buffers: &mut Buffers<'_>) -> Batch {
    let mut batch = Batch {
        stats: Stats::of_records(),
        ..Batch::default()
    };
    for record in records {
        let before = batch.out.len();
        let (place, outcome) = match record {
            Raw::Failed(place, message) => (place, Outcome::Failed(message)),
            Raw::Warc(r) => (
                warc_place(r.number, r.id.as_deref(), r.offset),
                clean_warc(ctx, &r, buffers, &mut batch.out),
            ),
            Raw::Line(n, bytes) => (
                format!("line {n}"),
                clean_line(ctx, n, &bytes, buffers, &mut batch.out),
            ),
        };
        match outcome {
            Outcome::Cleaned(stats) => {
                batch.stats.add(&stats);
                batch.stats.records_mut().cleaned += 1;
            }
            Outcome::Skipped(kind) => {
                batch.out.truncate(before);
                *batch.stats.records_mut().skipped.entry(kind).or_default() += 1;
            }
            Outcome::Failed(message) => {
                batch.out.truncate(before);
                batch.stats.records_mut().failed += 1;
                batch
                    .notes
                    .push((before, format!("{}: {place}: {message}", ctx.file)));
            }
        }
    }
    batch
}

/// What a WARC record says of itself, for the output.
struct WarcMeta<'r> {
    number: u64,
    id: Option<&'r str>,
    url: Option<&'r str>,
    date: Option<&'r str>,
}

/// Cleans a WARC record into `out`.
fn clean_warc(
    ctx: &Context<'_>,
    r: &warc::Record,
    buffers: &mut Buffers<'_>,
    out: &mut Vec<u8>,
) -> Outcome {
    let meta = WarcMeta {
        number: r.number,
        id: r.id.as_deref(),
        url: r.url.as_deref(),
        date: r.date.as_deref(),
    };
    let write = |out: &mut Vec<u8>, page: Page<'_>| write_warc(ctx, &meta, page, out);
    match r.kind.as_str() {
        "response" => {
            let response = match http::parse(&r.block, ctx.limit) {
                Ok(response) => response,
                Err(message) => return Outcome::Failed(format!("{message}; skipped")),
            };
            let html = match response.mime.as_deref() {
                Some("text/html" | "application/xhtml+xml") => true,
                Some(_) => false,
                None => {
                    r.payload_type.as_deref().is_some_and(is_html_type)
                        || starts_like_html(&response.body)
                }
            };
            if !html {
                return Outcome::Skipped("response (not HTML)".to_string());
            }
            let tld = r.url.as_deref().and_then(tld);
            clean_html_bytes(
                ctx,
                &response.body,
                response.charset.as_deref(),
                tld,
                out,
                write,
            )
        }
        "resource" => {
            let (mime, charset) = r
                .content_type
                .as_deref()
                .map(http::media_type)
                .unwrap_or_default();
            if !mime.as_deref().is_some_and(is_html_type) {
                return Outcome::Skipped("resource (not HTML)".to_string());
            }
            let tld = r.url.as_deref().and_then(tld);
            clean_html_bytes(ctx, &r.block, charset.as_deref(), tld, out, write)
        }
        "conversion" => {
            if let Some(max) = too_many_lines(&r.block, ctx.limit) {
                return Outcome::Failed(format!("text of more than {max} lines; skipped"));
            }
            ctx.cleaner
                .classify_reusing(&r.block, buffers.workspace, buffers.verdicts);
            let page = Page::text(&r.block, buffers.verdicts);
            write(out, page);
            Outcome::Cleaned(page.stats())
        }
        "" => Outcome::Skipped("no WARC-Type".to_string()),
        other => Outcome::Skipped(other.to_string()),
    }
}

/// Whether a media type is HTML's.
fn is_html_type(mime: &str) -> bool {
    let mime = mime.trim().to_ascii_lowercase();
    mime.starts_with("text/html") || mime.starts_with("application/xhtml+xml")
}

/// Decodes and cleans an HTML page's bytes, written by `write`.
fn clean_html_bytes(
    ctx: &Context<'_>,
    body: &[u8],
    charset: Option<&str>,
    tld: Option<&str>,
    out: &mut Vec<u8>,
    write: impl Fn(&mut Vec<u8>, Page<'_>),
) -> Outcome {
    let text = match deboiler::decode_html_with(
        body,
        charset.map(str::as_bytes),
        tld.map(str::as_bytes),
    ) {
        Ok(text) => text,
        Err(e) => return Outcome::Failed(format!("{e}; skipped")),
    };
    let html = match ctx.cleaner.try_classify_html(&text) {
        Ok(html) => html,
        Err(e) => return Outcome::Failed(format!("{e}; skipped")),
    };
    let page = Page::html(&html);
    write(out, page);
    Outcome::Cleaned(page.stats())
}

/// The rightmost DNS label of a URL's host (`ru` of `http://a.b.ru:80/x`), when it
/// is a name (not an IP address).
fn tld(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_end_matches('.');
    let label = host.rsplit('.').next()?;
    (!label.is_empty() && !label.bytes().all(|b| b.is_ascii_digit())).then_some(label)
}

/// Writes a cleaned WARC record in the output format.
fn write_warc(ctx: &Context<'_>, meta: &WarcMeta<'_>, page: Page<'_>, out: &mut Vec<u8>) {
    match ctx.format {
        Format::Records => {
            let json = |v: Option<&str>| serde_json::to_vec(&v).expect("a string");
            out.extend_from_slice(b"{\"id\":");
            out.extend_from_slice(&json(meta.id));
            out.extend_from_slice(b",\"url\":");
            out.extend_from_slice(&json(meta.url));
            out.extend_from_slice(b",\"date\":");
            out.extend_from_slice(&json(meta.date));
            out.extend_from_slice(b",\"text\":");
            out.extend_from_slice(&kept_json(page));
            out.extend_from_slice(b",\"labels\":");
            page.stats()
                .write_labels(out)
                .expect("writing to memory does not fail");
            out.extend_from_slice(b"}\n");
        }
        format => {
            let what = meta.url.or(meta.id).unwrap_or("");
            write_page(ctx, format, meta.number, "record", what, page, out);
        }
    }
}

/// Writes a record's page in the text, `jsonl` or `--explain` format: `--explain`
/// with a heading naming the record (`==> FILE record N: URL <==`).
fn write_page(
    ctx: &Context<'_>,
    format: Format,
    number: u64,
    unit: &str,
    what: &str,
    page: Page<'_>,
    out: &mut Vec<u8>,
) {
    if format == Format::Explain {
        let sep = if what.is_empty() { "" } else { ": " };
        let _ = writeln!(out, "==> {} {unit} {number}{sep}{what} <==", ctx.file);
    }
    write_result(out, format, ctx.file, page.in_record(number))
        .expect("writing to memory does not fail");
    if format == Format::Explain {
        out.push(b'\n');
    }
}

/// Cleans line `number` of a JSONL file into `out`.
fn clean_line(
    ctx: &Context<'_>,
    number: u64,
    bytes: &[u8],
    buffers: &mut Buffers<'_>,
    out: &mut Vec<u8>,
) -> Outcome {
    let Ok(line) = std::str::from_utf8(bytes) else {
        return Outcome::Failed("not JSON (invalid UTF-8); skipped".to_string());
    };
    let object = match Object::parse(line) {
        Ok(object) => object,
        Err(message) => return Outcome::Failed(format!("{message}; skipped")),
    };
    let fields = ctx.fields;
    let text = match object.string(&fields.text) {
        Ok(text) => text,
        Err(message) => return Outcome::Failed(format!("{message}; skipped")),
    };
    let html = match &fields.format {
        _ if ctx.html => true,
        Some(name) => match object.string(name) {
            Ok(value) => value.to_ascii_lowercase().contains("html"),
            Err(_) => starts_like_html(text.as_bytes()),
        },
        None => starts_like_html(text.as_bytes()),
    };
    let classified;
    let page = if html {
        classified = match ctx.cleaner.try_classify_html(&text) {
            Ok(html) => html,
            Err(e) => return Outcome::Failed(format!("{e}; skipped")),
        };
        Page::html(&classified)
    } else if let Some(max) = too_many_lines(text.as_bytes(), ctx.limit) {
        return Outcome::Failed(format!("text of more than {max} lines; skipped"));
    } else {
        ctx.cleaner
            .classify_reusing(text.as_bytes(), buffers.workspace, buffers.verdicts);
        Page::text(text.as_bytes(), buffers.verdicts)
    };
    let stats = page.stats();
    match ctx.format {
        Format::Records => {
            let cleaned = kept_json(page);
            let mut labels = Vec::new();
            stats
                .write_labels(&mut labels)
                .expect("writing to memory does not fail");
            let field = fields.out.as_deref().unwrap_or(&fields.text);
            object.write_with(out, &[(field, &cleaned), ("labels", &labels)]);
            out.push(b'\n');
        }
        format => write_page(ctx, format, number, "line", "", page, out),
    }
    Outcome::Cleaned(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlds_of_urls() {
        assert_eq!(tld("http://www.example.ru/a/b"), Some("ru"));
        assert_eq!(tld("https://user@host.co.jp:8080?x"), Some("jp"));
        assert_eq!(tld("http://example.com./"), Some("com"));
        assert_eq!(tld("http://127.0.0.1/"), None);
        assert_eq!(tld("localhost"), Some("localhost"));
        assert_eq!(tld(""), None);
    }
}
