//! The output, compressed when asked (`--compress gz` or `zst`): standard output as
//! one stream, each `--out-dir` file as its own.

use crate::args::Compress;
use flate2::write::GzEncoder;
use std::io::{self, Write};

/// The zstd level of the output: zstd's default, fast with a good ratio.
const ZSTD_LEVEL: i32 = 3;

/// A writer that compresses what it is given, or passes it on.
pub enum Encoder<W: Write> {
    /// No compression.
    Plain(W),
    /// gzip, at the default level.
    Gzip(GzEncoder<W>),
    /// zstd, at [`ZSTD_LEVEL`].
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Encoder<W> {
    /// Compresses into `inner` as `compress` says.
    pub fn new(inner: W, compress: Compress) -> io::Result<Encoder<W>> {
        Ok(match compress {
            Compress::None => Encoder::Plain(inner),
            Compress::Gzip => Encoder::Gzip(GzEncoder::new(inner, flate2::Compression::default())),
            Compress::Zstd => Encoder::Zstd(zstd::stream::write::Encoder::new(inner, ZSTD_LEVEL)?),
        })
    }

    /// Ends the compressed stream and gives the writer back.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(w) => Ok(w),
            Encoder::Gzip(e) => e.finish(),
            Encoder::Zstd(e) => e.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Encoder::Plain(w) => w.write(buf),
            Encoder::Gzip(e) => e.write(buf),
            Encoder::Zstd(e) => e.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Encoder::Plain(w) => w.write_all(buf),
            Encoder::Gzip(e) => e.write_all(buf),
            Encoder::Zstd(e) => e.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Encoder::Plain(w) => w.flush(),
            Encoder::Gzip(e) => e.flush(),
            Encoder::Zstd(e) => e.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn each_compression_round_trips() {
        let text = b"The council met on Tuesday.\n".repeat(100);
        for compress in [Compress::None, Compress::Gzip, Compress::Zstd] {
            let mut e = Encoder::new(Vec::new(), compress).unwrap();
            e.write_all(&text).unwrap();
            let out = e.finish().unwrap();
            let back = match compress {
                Compress::None => out,
                Compress::Gzip => {
                    let mut back = Vec::new();
                    flate2::read::GzDecoder::new(&out[..])
                        .read_to_end(&mut back)
                        .unwrap();
                    back
                }
                Compress::Zstd => zstd::decode_all(&out[..]).unwrap(),
            };
            assert_eq!(back, text, "{compress:?}");
        }
    }
}
