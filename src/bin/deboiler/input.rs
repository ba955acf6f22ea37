//! Opening the cleaning command's inputs: files or standard input, gzip
//! decompressed as it is read, binary data refused, turns at standard input;
//! whether an input is HTML; and the names of their result files.

use crate::args::Input;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Condvar, Mutex};

/// How much of the (decompressed) input is searched for a NUL byte.
const BINARY_PROBE: usize = 8 * 1024;

/// The gzip magic bytes.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

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
    /// The input is gzip-compressed (by name or magic bytes) but does not decompress.
    Gzip(io::Error),
    /// A NUL byte at this offset of the (decompressed) input.
    Binary(usize),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "{e}"),
            InputError::Gzip(e) => write!(f, "corrupt gzip data: {e}"),
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
    /// file name without a `.gz` suffix, then without a `.txt`, `.html` or `.htm`
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
    /// read when it is gzip (by name or magic bytes), and whether it is. Standard
    /// input is locked for as long as the stream lives.
    pub fn open(&self) -> Result<(Box<dyn Read + Send>, bool), InputError> {
        let (raw, gz_name): (Box<dyn Read + Send>, bool) = match self {
            Input::Stdin => (Box::new(io::stdin()), false),
            Input::Path(p) => (
                Box::new(fs::File::open(p).map_err(InputError::Io)?),
                has_extension(p.as_os_str(), "gz"),
            ),
        };
        let mut raw = io::BufReader::with_capacity(READ_BUFFER, raw);
        // The first two bytes, to look for the magic (a pipe may give one at a time).
        let mut head = [0u8; 2];
        let mut n = 0;
        while n < head.len() {
            match raw.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(InputError::Io(e)),
            }
        }
        let stream = io::Cursor::new(head).take(n as u64).chain(raw);
        if n > 0 && (gz_name || head[..n] == GZIP_MAGIC) {
            Ok((Box::new(flate2::read::MultiGzDecoder::new(stream)), true))
        } else {
            Ok((Box::new(stream), false))
        }
    }
}

/// The size of the buffer a file or standard input is read through.
const READ_BUFFER: usize = 64 * 1024;

impl InputError {
    /// The error of reading an opened input: for gzip input, corrupt data.
    pub fn of_read(e: io::Error, gzip: bool) -> InputError {
        if gzip {
            InputError::Gzip(e)
        } else {
            InputError::Io(e)
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
fn has_extension(name: &OsStr, ext: &str) -> bool {
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
fn starts_like_html(data: &[u8]) -> bool {
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
    if has_extension(name.as_os_str(), "gz") {
        name = Path::new(name.file_stem()?);
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
        let path =
            std::env::temp_dir().join(format!("deboiler-input-{}-{name}", std::process::id()));
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
