//! Reading the cleaning command's inputs: files or standard input, gzip
//! decompressed, binary data refused; and the names of their result files.

use crate::args::Input;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// How much of the (decompressed) input is searched for a NUL byte.
const BINARY_PROBE: usize = 8 * 1024;

/// The gzip magic bytes.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

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

    /// Reads the whole input, decompressing gzip and refusing binary data.
    pub fn read(&self) -> Result<Vec<u8>, InputError> {
        let (raw, gz_name) = match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut buf)
                    .map_err(InputError::Io)?;
                (buf, false)
            }
            Input::Path(p) => (
                fs::read(p).map_err(InputError::Io)?,
                has_extension(p.as_os_str(), "gz"),
            ),
        };
        let data = if !raw.is_empty() && (gz_name || raw.starts_with(&GZIP_MAGIC)) {
            gunzip(&raw).map_err(InputError::Gzip)?
        } else {
            raw
        };
        match memchr::memchr(0, &data[..data.len().min(BINARY_PROBE)]) {
            Some(offset) => Err(InputError::Binary(offset)),
            None => Ok(data),
        }
    }
}

/// Decompresses gzip data (every member, when several are concatenated).
fn gunzip(raw: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len().saturating_mul(2));
    flate2::read::MultiGzDecoder::new(raw).read_to_end(&mut out)?;
    Ok(out)
}

/// Whether the file name has the extension `EXT` (ASCII case-insensitive); a name
/// such as `.gz` has none.
fn has_extension(name: &OsStr, ext: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
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
    fn gzip_round_trip() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"one\ntwo\n").unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(gunzip(&gz).unwrap(), b"one\ntwo\n");
        assert!(gunzip(&gz[..gz.len() / 2]).is_err());
        assert!(gunzip(b"\x1f\x8bnot gzip").is_err());
    }
}
