//! Record files against the same pages in memory, in one run:
//! - `records/memory`: each AEB page's bytes decoded, classified as HTML and its kept
//!   text written, from memory;
//! - `records/warc`: the same pages read from an uncompressed WARC file in memory
//!   (`response` records), with the binary's WARC and HTTP readers
//!   (`src/bin/deboiler/records/`), then the same work;
//! - `records/warc_gz`: the same from a WARC gzipped one member per record, as
//!   Common Crawl writes them;
//! - `records/inflate`: inflating that gzipped WARC alone, member by member.
//!
//! The goal: `warc` at most 10% over `memory`; `warc_gz` at most 10% over `warc`
//! plus `inflate`. Throughput is the pages' bytes, so the MB/s compare directly.
//!
//! - `records_threads/{j1_one_core,j2}`: the `deboiler` binary cleaning the gzipped
//!   WARC as one file, `-f records` to a null output: with `-j 1` pinned to one
//!   core (`taskset -c 0`, where it exists) and with `-j 2`. The ratio of the two
//!   medians is what a second core buys on one file.
//!
//! Pages are `../shared/corpora/aeb/html/*.html.gz`, decompressed before timing;
//! where `../shared` is absent the benchmark is skipped with one line. Before
//! timing, every path's record, block and kept-block counts are checked to agree.
//!
//! ```text
//! cargo bench --bench records
//! ```

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use deboiler::Cleaner;
use std::hint::black_box;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

mod data;

#[allow(dead_code, unused_imports)]
#[path = "../src/bin/deboiler/records/http.rs"]
mod http;
#[allow(dead_code, unused_imports)]
#[path = "../src/bin/deboiler/records/members.rs"]
mod members;
#[allow(dead_code, unused_imports)]
#[path = "../src/bin/deboiler/records/warc.rs"]
mod warc;

use warc::Resync;

impl<R: BufRead> Resync for members::GzMembers<R> {
    fn resync(&mut self) -> bool {
        members::GzMembers::resync(self)
    }
}

/// The largest record (the binary's default: 64 MiB).
const LIMIT: usize = 64 << 20;

/// The AEB pages' bytes, sorted by file name, or why there are none.
pub(crate) fn aeb_bytes() -> Result<Vec<Vec<u8>>, String> {
    let dir = data::root().join("../shared/corpora/aeb/html");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    let mut pages = Vec::new();
    for path in paths {
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut bytes))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push(bytes);
    }
    if pages.is_empty() {
        return Err(format!("{}: no .html.gz page", dir.display()));
    }
    Ok(pages)
}

/// One `response` record per page, each as its own bytes.
fn warc_records(pages: &[Vec<u8>]) -> Vec<Vec<u8>> {
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut http = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
                page.len()
            )
            .into_bytes();
            http.extend_from_slice(page);
            let mut r = format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{i:08}>\r\n\
                 WARC-Date: 2025-03-17T09:56:00Z\r\nWARC-Target-URI: https://example.com/{i}\r\n\
                 Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
                http.len()
            )
            .into_bytes();
            r.extend_from_slice(&http);
            r.extend_from_slice(b"\r\n\r\n");
            r
        })
        .collect()
}

/// What cleaning a set gives: pages, blocks, kept blocks, output bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) pages: usize,
    pub(crate) blocks: usize,
    pub(crate) kept: usize,
    pub(crate) out: usize,
}

/// The sets of the benchmark, checked: the plain WARC, the gzipped one and what
/// cleaning the pages gives, the same by every path (`tests/bench_records.rs` runs
/// this under `cargo test`).
pub(crate) fn prepare(cleaner: &Cleaner, pages: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>, Counts) {
    let records = warc_records(pages);
    let plain = records.concat();
    let gz: Vec<u8> = records
        .iter()
        .flat_map(|r| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(r).expect("to memory");
            e.finish().expect("to memory")
        })
        .collect();
    let mut out = Vec::new();
    let memory = from_memory(cleaner, pages, &mut out);
    let from_plain = from_warc(cleaner, &plain[..], &mut out);
    let from_gz = from_warc(
        cleaner,
        members::GzMembers::new(io::BufReader::new(&gz[..])),
        &mut out,
    );
    assert_eq!(memory.pages, pages.len());
    assert!(memory.kept > 0 && memory.kept < memory.blocks, "{memory:?}");
    assert_eq!((from_plain, from_gz), (memory, memory));
    assert_eq!(inflate(&gz), plain.len() as u64);
    (plain, gz, memory)
}

/// Cleans one page's bytes (as the binary does a record's body): decoded, classified
/// as HTML, its kept text written to `out`.
fn clean_page(
    cleaner: &Cleaner,
    bytes: &[u8],
    charset: Option<&str>,
    out: &mut Vec<u8>,
    c: &mut Counts,
) {
    let text = deboiler::decode_html_with(bytes, charset.map(str::as_bytes), None)
        .expect("the AEB pages decode");
    let html = cleaner.classify_html(&text);
    deboiler::write_kept(html.dump().as_bytes(), html.verdicts(), out).expect("to memory");
    c.pages += 1;
    c.blocks += html.len();
    c.kept += html.iter().filter(|b| b.is_kept()).count();
}

/// The pages from memory.
fn from_memory(cleaner: &Cleaner, pages: &[Vec<u8>], out: &mut Vec<u8>) -> Counts {
    out.clear();
    let mut c = Counts::default();
    for page in pages {
        clean_page(cleaner, page, None, out, &mut c);
    }
    c.out = out.len();
    c
}

/// The pages from a WARC stream.
fn from_warc(cleaner: &Cleaner, stream: impl Resync, out: &mut Vec<u8>) -> Counts {
    out.clear();
    let mut c = Counts::default();
    let mut reader = warc::Reader::new(stream, LIMIT);
    while let Some(item) = reader.next_item() {
        let warc::Item::Record(record) = item else {
            panic!("a bad record");
        };
        if record.kind == "response" {
            let response = http::parse(&record.block, LIMIT).expect("an HTTP response");
            assert_eq!(response.mime.as_deref(), Some("text/html"));
            clean_page(
                cleaner,
                &response.body,
                response.charset.as_deref(),
                out,
                &mut c,
            );
        }
    }
    c.out = out.len();
    c
}

/// Inflates a gzipped WARC, member by member, to nowhere: its bytes.
fn inflate(gz: &[u8]) -> u64 {
    io::copy(
        &mut members::GzMembers::new(io::BufReader::new(gz)),
        &mut io::sink(),
    )
    .expect("inflates")
}

/// The binary `bin` cleaning `file` with `-j jobs`, pinned to the first core when
/// `one_core` (and `taskset` exists).
fn cli(bin: &str, file: &Path, jobs: &str, one_core: bool) -> Command {
    let mut cmd = if one_core && Path::new("/usr/bin/taskset").exists() {
        let mut c = Command::new("/usr/bin/taskset");
        c.args(["-c", "0", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(["-q", "-f", "records", "-j", jobs])
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `cmd`, checking that it succeeds.
fn run(mut cmd: Command) {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn records(c: &mut Criterion) {
    let pages = match aeb_bytes() {
        Ok(p) => p,
        Err(why) => {
            eprintln!("skipping records/* and records_threads/*: {why}");
            return;
        }
    };
    let cleaner = Cleaner::new();
    let (plain, gz, memory) = prepare(&cleaner, &pages);
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let mut out = Vec::new();
    eprintln!(
        "records: {} pages, {bytes} bytes of HTML, WARC {} bytes, gzipped {} bytes; {} blocks, {} kept",
        pages.len(),
        plain.len(),
        gz.len(),
        memory.blocks,
        memory.kept
    );
    let mut group = c.benchmark_group("records");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("memory", |b| {
        b.iter(|| black_box(from_memory(&cleaner, &pages, &mut out)))
    });
    group.bench_function("warc", |b| {
        b.iter(|| black_box(from_warc(&cleaner, black_box(&plain[..]), &mut out)))
    });
    group.bench_function("warc_gz", |b| {
        b.iter(|| {
            let stream = members::GzMembers::new(io::BufReader::new(black_box(&gz[..])));
            black_box(from_warc(&cleaner, stream, &mut out))
        })
    });
    group.bench_function("inflate", |b| b.iter(|| black_box(inflate(black_box(&gz)))));
    group.finish();

    let Some(bin) = option_env!("CARGO_BIN_EXE_deboiler") else {
        eprintln!(
            "skipping records_threads/*: the deboiler binary is not built (the train feature)"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("deboiler-bench-records-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let file = dir.join("aeb.warc.gz");
    std::fs::write(&file, &gz).expect("the WARC file");
    let mut group = c.benchmark_group("records_threads");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("j1_one_core", |b| {
        b.iter(|| run(cli(bin, &file, "1", true)))
    });
    group.bench_function("j2", |b| b.iter(|| run(cli(bin, &file, "2", false))));
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group! {
    name = benches;
    config = data::criterion_config();
    targets = records
}
criterion_main!(benches);
