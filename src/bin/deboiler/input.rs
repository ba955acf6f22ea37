//! Opening the cleaning command's inputs: files or standard input, gzip and zstd
//! decompressed as they are read, other compressions and binary data refused, turns
//! at standard input; whether an input is HTML; and the names of their result
//! files.

use crate::args::Input;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};

/// How much of the (decompressed) input is searched for a NUL byte.
const BINARY_PROBE: usize = 8 * 1024;

/// The gzip magic bytes.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The zstd magic bytes (of a zstd frame).
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// How many bytes of an input's start tell its compression.
const HEAD: usize = 10;

/// Compressions that are recognised but not read: by magic bytes (a prefix of the
/// input, `None` for any byte), file extension, name, and the command that
/// decompresses them.
const UNSUPPORTED: [(&[Option<u8>], &str, &str, &str); 7] = [
    (
        &[
            Some(b'B'),
            Some(b'Z'),
            Some(b'h'),
            None,
            Some(0x31),
            Some(0x41),
            Some(0x59),
        ],
        "bz2",
        "bzip2",
        "bunzip2",
    ),
    (
        &[
            Some(0xfd),
            Some(b'7'),
            Some(b'z'),
            Some(b'X'),
            Some(b'Z'),
            Some(0),
        ],
        "xz",
        "xz",
        "unxz",
    ),
    (
        &[Some(0x04), Some(0x22), Some(0x4d), Some(0x18)],
        "lz4",
        "lz4",
        "unlz4",
    ),
    (
        &[Some(b'P'), Some(b'K'), Some(3), Some(4)],
        "zip",
        "zip",
        "unzip",
    ),
    (
        &[
            Some(b'7'),
            Some(b'z'),
            Some(0xbc),
            Some(0xaf),
            Some(0x27),
            Some(0x1c),
        ],
        "7z",
        "7-Zip",
        "7z x",
    ),
    (&[], "br", "brotli", "brotli -d"),
    (&[], "lzma", "lzma", "unlzma"),
];

/// How an input is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (one or more members).
    Gzip,
    /// zstd (one or more frames).
    Zstd,
}

impl Compression {
    /// How the input named `name` (if it has a name) whose first bytes are `head`
    /// is compressed: gzip or zstd by extension or magic bytes; other compressions
    /// are refused, naming the command that decompresses them.
    pub fn of(name: Option<&Path>, head: &[u8]) -> Result<Compression, InputError> {
        let named = |ext: &str| name.is_some_and(|p| has_extension(p.as_os_str(), ext));
        if head.is_empty() {
            return Ok(Compression::None);
        }
        if named("gz") || head.starts_with(&GZIP_MAGIC) {
            return Ok(Compression::Gzip);
        }
        if named("zst") || head.starts_with(&ZSTD_MAGIC) {
            return Ok(Compression::Zstd);
        }
        for (magic, ext, format, command) in UNSUPPORTED {
            let by_magic = !magic.is_empty()
                && head.len() >= magic.len()
                && magic
                    .iter()
                    .zip(head)
                    .all(|(m, &b)| m.is_none_or(|m| m == b));
            if by_magic || named(ext) {
                return Err(InputError::Unsupported(format, command));
            }
        }
        Ok(Compression::None)
    }

    /// The name of the compression, for messages.
    fn name(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// How much of the input is searched for the start of an HTML document (past a
/// byte-order mark, whitespace, comments and an XML declaration).
const HTML_SNIFF_BYTES: usize = 64 * 1024;

/// What an HTML document starts with (ASCII case-insensitive), each followed by
/// whitespace, `>` or `/`.
const HTML_STARTS: [&[u8]; 4] = [b"<!doctype html", b"<html", b"<head", b"<body"];

/// Why an input could not be used.
#[derive(Debug)]
pub enum InputError {
    /// Reading failed.
    Io(io::Error),
    /// The input is compressed (by name or magic bytes) but does not decompress.
    Decompress(Compression, io::Error),
    /// The input is compressed in a format that is not read: its name, and the
    /// command that decompresses it.
    Unsupported(&'static str, &'static str),
    /// A NUL byte at this offset of the (decompressed) input.
    Binary(usize),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "{e}"),
            InputError::Decompress(c, e) => write!(f, "corrupt {} data: {e}", c.name()),
            InputError::Unsupported(format, command) => write!(
                f,
                "compressed with {format}, which deboiler does not read; skipped \
                 (decompress it first, with '{command}')"
            ),
            InputError::Binary(offset) => write!(
                f,
                "looks like binary data (NUL byte at offset {offset}); skipped"
            ),
        }
    }
}

impl Input {
    /// The input's name in messages and JSON: the path as given, or `<stdin>`.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::Path(p) => p.display().to_string(),
        }
    }

    /// The name of the input's result file in `--out-dir`, without extension: the
    /// file name without a `.gz` or `.zst` suffix, then without its record
    /// extensions (`.warc`, `.wet`, `.jsonl`…) or else a `.txt`, `.html` or `.htm`
    /// extension; `stdin` for standard input. `None` when the path has no file name.
    pub fn output_stem(&self) -> Option<OsString> {
        match self {
            Input::Stdin => Some(OsString::from("stdin")),
            Input::Path(p) => output_stem(p),
        }
    }

    /// Whether the input, whose (decompressed) bytes are `data`, is to be read as
    /// HTML: `forced` (`--html`); or named `*.html` or `*.htm` (also with `.gz`) and
    /// holding some markup (a file of plain text so named stays a text dump); or
    /// starting like an HTML document.
    pub fn is_html(&self, data: &[u8], forced: bool) -> bool {
        let named_html = match self {
            Input::Stdin => false,
            Input::Path(p) => html_name(p),
        };
        forced || (named_html && has_markup(data)) || starts_like_html(data)
    }

    /// Opens the input for reading: a stream of its bytes, decompressed as it is
    /// read when it is gzip or zstd (by name or magic bytes), and how it is
    /// compressed. Standard input is locked for as long as the stream lives.
    pub fn open(&self) -> Result<(Box<dyn Read + Send>, Compression), InputError> {
        let (stream, compression) = self.open_raw()?;
        let stream: Box<dyn Read + Send> = match compression {
            Compression::None => Box::new(stream),
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(stream)),
            Compression::Zstd => Box::new(
                zstd::stream::read::Decoder::with_buffer(stream)
                    .map_err(|e| InputError::Decompress(Compression::Zstd, e))?,
            ),
        };
        Ok((stream, compression))
    }

    /// Opens the input: its raw bytes, buffered, and how they are compressed.
    pub fn open_raw(&self) -> Result<(Head, Compression), InputError> {
        self.open_counted(None)
    }

    /// [`Input::open_raw`], adding the count of raw bytes read to `counter`.
    pub fn open_counted(
        &self,
        counter: Option<Arc<AtomicU64>>,
    ) -> Result<(Head, Compression), InputError> {
        let (raw, name): (Box<dyn Read + Send>, Option<&Path>) = match self {
            Input::Stdin => (Box::new(io::stdin()), None),
            Input::Path(p) => (
                Box::new(fs::File::open(p).map_err(InputError::Io)?),
                Some(p),
            ),
        };
        let raw: Box<dyn Read + Send> = match counter {
            Some(counter) => Box::new(Counted {
                inner: raw,
                counter,
            }),
            None => raw,
        };
        let mut raw = io::BufReader::with_capacity(READ_BUFFER, raw);
        // The first bytes, to look for magic bytes (a pipe may give one at a time).
        let mut head = [0u8; HEAD];
        let mut n = 0;
        while n < head.len() {
            match raw.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(InputError::Io(e)),
            }
        }
        let compression = Compression::of(name, &head[..n])?;
        Ok((io::Cursor::new(head).take(n as u64).chain(raw), compression))
    }
}

/// An opened input's bytes: its first bytes (read to tell its compression), then
/// the rest.
pub type Head = io::Chain<io::Take<io::Cursor<[u8; HEAD]>>, io::BufReader<Box<dyn Read + Send>>>;

/// A reader that counts the bytes read through it.
struct Counted {
    inner: Box<dyn Read + Send>,
    counter: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The size of the buffer a file or standard input is read through.
const READ_BUFFER: usize = 64 * 1024;

impl InputError {
    /// The error of reading an opened input: for compressed input, corrupt data.
    pub fn of_read(e: io::Error, compression: Compression) -> InputError {
        match compression {
            Compression::None => InputError::Io(e),
            c => InputError::Decompress(c, e),
        }
    }
}

/// Refuses binary data: a NUL byte within the first [`BINARY_PROBE`] bytes of the
/// (decompressed) input, whose start is `first`.
pub fn refuse_binary(first: &[u8]) -> Result<(), InputError> {
    match memchr::memchr(0, &first[..first.len().min(BINARY_PROBE)]) {
        Some(offset) => Err(InputError::Binary(offset)),
        None => Ok(()),
    }
}

/// Takes turns at standard input: `-` may be named several times, and each in turn
/// reads on where the one before stopped, as if the inputs were read one by one.
#[derive(Default)]
pub struct StdinTurns {
    /// The turn whose input may read now.
    next: Mutex<usize>,
    changed: Condvar,
}

/// The turn of one `-` input at standard input; the next turn comes when it is
/// dropped.
pub struct StdinTurn<'a>(&'a StdinTurns);

impl StdinTurns {
    /// Waits for turn number `turn` (from 0, in input order).
    pub fn wait(&self, turn: usize) -> StdinTurn<'_> {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        while *next < turn {
            next = self.changed.wait(next).unwrap_or_else(|e| e.into_inner());
        }
        StdinTurn(self)
    }
}

impl Drop for StdinTurn<'_> {
    fn drop(&mut self) {
        *self.0.next.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.changed.notify_all();
    }
}

/// Whether the file name has the extension `EXT` (ASCII case-insensitive); a name
/// such as `.gz` has none.
pub fn has_extension(name: &OsStr, ext: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Whether the file name ends in `.html` or `.htm`, before an optional `.gz`.
fn html_name(path: &Path) -> bool {
    let Some(mut name) = path.file_name().map(Path::new) else {
        return false;
    };
    if has_extension(name.as_os_str(), "gz") {
        match name.file_stem() {
            Some(stem) => name = Path::new(stem),
            None => return false,
        }
    }
    has_extension(name.as_os_str(), "html") || has_extension(name.as_os_str(), "htm")
}

/// Whether `data` holds a tag, a comment or a doctype: a `<` followed by a letter,
/// `/`, `!` or `?`.
fn has_markup(data: &[u8]) -> bool {
    memchr::memchr_iter(b'<', data).any(|i| {
        data.get(i + 1)
            .is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'))
    })
}

/// Whether `data` starts like an HTML document: past a UTF-8 byte-order mark,
/// whitespace, comments and an XML declaration, one of [`HTML_STARTS`].
pub fn starts_like_html(data: &[u8]) -> bool {
    let mut rest = &data[..data.len().min(HTML_SNIFF_BYTES)];
    rest = rest.strip_prefix(b"\xef\xbb\xbf").unwrap_or(rest);
    loop {
        rest = rest.trim_ascii_start();
        let skip_to = if rest.starts_with(b"<!--") {
            memchr::memmem::find(&rest[4..], b"-->").map(|e| 4 + e + 3)
        } else if starts_with_ignore_case(rest, b"<?xml") {
            memchr::memmem::find(rest, b"?>").map(|e| e + 2)
        } else {
            break;
        };
        match skip_to {
            Some(i) => rest = &rest[i..],
            None => return false,
        }
    }
    HTML_STARTS.iter().any(|start| {
        starts_with_ignore_case(rest, start)
            && rest
                .get(start.len())
                .is_none_or(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
    })
}

/// Whether `bytes` starts with `prefix`, ASCII case-insensitively.
fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// See [`Input::output_stem`].
fn output_stem(path: &Path) -> Option<OsString> {
    let mut name = Path::new(path.file_name()?);
    if has_extension(name.as_os_str(), "gz") || has_extension(name.as_os_str(), "zst") {
        name = Path::new(name.file_stem()?);
    }
    if let Some(stem) = crate::records::strip_extensions(name) {
        return Some(stem.to_os_string());
    }
    if ["txt", "html", "htm"]
        .iter()
        .any(|ext| has_extension(name.as_os_str(), ext))
    {
        name = Path::new(name.file_stem()?);
    }
    Some(name.as_os_str().to_os_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(p: &str) -> Option<String> {
        Input::Path(p.into())
            .output_stem()
            .map(|s| s.to_string_lossy().into_owned())
    }

    #[test]
    fn output_names() {
        assert_eq!(stem("dir/a.txt").as_deref(), Some("a"));
        assert_eq!(stem("b.html.gz").as_deref(), Some("b"));
        assert_eq!(stem("c.txt.gz").as_deref(), Some("c"));
        assert_eq!(stem("d.HTM").as_deref(), Some("d"));
        assert_eq!(stem("e.md").as_deref(), Some("e.md"));
        assert_eq!(stem("f.tar.gz").as_deref(), Some("f.tar"));
        assert_eq!(stem("noext").as_deref(), Some("noext"));
        assert_eq!(stem("CC-1.warc.wet.gz").as_deref(), Some("CC-1"));
        assert_eq!(stem("docs.jsonl.zst").as_deref(), Some("docs"));
        assert_eq!(stem("page.txt.zst").as_deref(), Some("page"));
        assert_eq!(stem(".txt").as_deref(), Some(".txt"));
        assert_eq!(stem("/"), None);
        assert_eq!(Input::Stdin.output_stem(), Some(OsString::from("stdin")));
    }

    #[test]
    fn html_by_name_and_content() {
        let path = |p: &str| Input::Path(p.into());
        let page = b"<p>Hello</p>";
        for name in ["a.html", "b.HTM", "c.html.gz", "d.htm.GZ", "dir.html/e.htm"] {
            assert!(path(name).is_html(page, false), "{name}");
        }
        for name in ["a.txt", "b.html.txt", "c.gz", ".html", "f.xhtml"] {
            assert!(!path(name).is_html(page, false), "{name}");
        }
        // A text dump named .html is still a text dump.
        assert!(!path("a.html").is_html(b"Home\nA 3 < 4 line\n", false));
        assert!(path("a.txt").is_html(b"Home\n", true));
        assert!(Input::Stdin.is_html(b"<!DOCTYPE html>\n<p>x", false));
        assert!(!Input::Stdin.is_html(page, false));
    }

    #[test]
    fn sniffs_html_starts() {
        for yes in [
            "<!doctype html>",
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
            "  \n\t<html lang=en>",
            "\u{feff}<HTML>",
            "<head>",
            "<body class=x>",
            "<html",
            "<!-- saved from url --> <!-- two -->\n<html>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE html>",
        ] {
            assert!(starts_like_html(yes.as_bytes()), "{yes:?}");
        }
        for no in [
            "",
            "Home\n<html>",
            "<header>",
            "<htmlx>",
            "<!-- unterminated <html>",
            "<!doctype htmlx>",
            "<p>para</p>",
        ] {
            assert!(!starts_like_html(no.as_bytes()), "{no:?}");
        }
    }

    /// Everything [`Input::open`] gives for a file holding `bytes`.
    fn open_and_read(name: &str, bytes: &[u8]) -> (io::Result<Vec<u8>>, bool) {
        let (read, compression) = open_and_read_any(name, bytes);
        (read, compression == Compression::Gzip)
    }

    /// [`open_and_read`] with the compression found.
    fn open_and_read_any(name: &str, bytes: &[u8]) -> (io::Result<Vec<u8>>, Compression) {
        // Tests run side by side and may use the same name: a counter tells them apart.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("deboiler-input-{}-{n}-{name}", std::process::id()));
        fs::write(&path, bytes).unwrap();
        let (mut r, gz) = Input::Path(path.clone()).open().unwrap();
        let mut out = Vec::new();
        let read = r.read_to_end(&mut out).map(|_| out);
        fs::remove_file(&path).unwrap();
        (read, gz)
    }

    #[test]
    fn gzip_by_name_or_magic_is_decompressed() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"one\ntwo\n").unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(open_and_read("a.gz", &gz).0.unwrap(), b"one\ntwo\n");
        assert_eq!(open_and_read("a.dump", &gz).0.unwrap(), b"one\ntwo\n");
        let (cut, gzip) = open_and_read("cut.gz", &gz[..gz.len() / 2]);
        assert!(gzip && cut.is_err());
        assert!(open_and_read("bad.dump", b"\x1f\x8bnot gzip").0.is_err());
        assert!(open_and_read("plain.gz", b"not gzip").0.is_err());
        let (plain, gzip) = open_and_read("plain.txt", b"x");
        assert_eq!((plain.unwrap(), gzip), (b"x".to_vec(), false));
        let (empty, gzip) = open_and_read("empty.gz", b"");
        assert_eq!((empty.unwrap(), gzip), (Vec::new(), false));
    }

    #[test]
    fn zstd_is_decompressed_and_other_compressions_refused() {
        let zst = zstd::encode_all(&b"one\ntwo\n"[..], 3).unwrap();
        for name in ["a.zst", "a.dump"] {
            let (read, c) = open_and_read_any(name, &zst);
            assert_eq!(
                (read.unwrap(), c),
                (b"one\ntwo\n".to_vec(), Compression::Zstd)
            );
        }
        let (cut, c) = open_and_read_any("cut.zst", &zst[..zst.len() - 3]);
        assert!(c == Compression::Zstd && cut.is_err());
        let refused = |name: &str, bytes: &[u8]| {
            let path = Path::new(name);
            match Compression::of(Some(path), bytes) {
                Err(e) => e.to_string(),
                Ok(c) => format!("{c:?}"),
            }
        };
        assert_eq!(
            refused("a.txt", b"BZh91AY&SY\x01"),
            "compressed with bzip2, which deboiler does not read; skipped (decompress it \
             first, with 'bunzip2')"
        );
        assert!(refused("a", b"\xfd7zXZ\x00\x00").contains("with xz"));
        assert!(refused("a.br", b"anything").contains("with brotli"));
        assert!(refused("a.zip", b"PK\x03\x04").contains("with zip"));
        // Text that only starts like a magic number stays text.
        assert_eq!(refused("a.txt", b"BZh is a word"), "None");
        assert_eq!(refused("a.txt", b""), "None");
    }

    #[test]
    fn binary_is_a_nul_in_the_probe() {
        assert!(refuse_binary(b"text").is_ok());
        assert!(matches!(refuse_binary(b"ab\0"), Err(InputError::Binary(2))));
        let late = [vec![b'a'; BINARY_PROBE], vec![0]].concat();
        assert!(refuse_binary(&late).is_ok());
    }

    #[test]
    fn stdin_turns_go_in_order() {
        let turns = StdinTurns::default();
        let order = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for turn in (0..4).rev() {
                let (turns, order) = (&turns, &order);
                s.spawn(move || {
                    let _t = turns.wait(turn);
                    order.lock().unwrap().push(turn);
                });
            }
        });
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2, 3]);
    }
}
