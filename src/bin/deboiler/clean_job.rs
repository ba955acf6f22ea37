//! One input of the cleaning command, on a worker thread: read in segments,
//! classified, and rendered in the output format, each segment sent on as a
//! [`Piece`] as soon as it is done (or written by the worker to the input's own
//! `--out-dir` file, [`Destination::File`]), so that an input of any size takes
//! bounded memory.
//!
//! A text dump is read in segments of at most the segment size, cut at line ends
//! (see [`crate::segments`]), and each segment is classified as a page. An HTML page
//! is parsed whole, up to [`LONG_LINE_FACTOR`] segment sizes. UTF-16 input (see
//! [`crate::utf16`]) is decoded to UTF-8 as it is read, and then goes either way.
//! When reading fails part-way (a truncated gzip file), what was read before is
//! cleaned and written, and the failure reported after it.

use crate::args::{Format, Input};
use crate::input::{InputError, StdinTurns, refuse_binary};
use crate::interrupt::ResultFile;
use crate::output::{Page, Stats, write_result};
use crate::pool::Sink;
use crate::segments::{LONG_LINE_FACTOR, SegmentError, Segments, size_name};
use crate::utf16::{self, Utf16Reader};
use deboiler::{Cleaner, Verdict, Workspace};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// What the cleaning of one input sends on, in order.
pub enum Piece {
    /// The rendered result of one segment (or of a whole HTML page) and its counts
    /// (with [`Destination::Writer`]).
    Output(Vec<u8>, Stats),
    /// The input, or writing its file, failed here; the message names the input or
    /// the file and says why. Pieces sent before it stand; only
    /// [`Piece::Written`] may follow it.
    Failed(String),
    /// [`Destination::File`]: the file was written (flushed, and renamed from its
    /// temporary name to its final one), with the
    /// counts of the whole input. The only piece of a job that went well, so that a
    /// job ahead of the writer finishes without waiting for it.
    Written(Stats),
}

/// Where one input's result goes.
pub enum Destination {
    /// To the writer, as pieces: standard output, or an `--out-dir` file that the
    /// writer settles in its turn (when an earlier input has the same file name).
    Writer,
    /// To this `--out-dir` file, written by the worker (created at the first
    /// output, under a temporary name until complete, see
    /// [`crate::interrupt::ResultFile`]): no earlier input can claim it.
    File(PathBuf),
}

/// The settings every input is cleaned with.
pub struct Settings {
    /// The cleaner.
    pub cleaner: Cleaner,
    /// The output format.
    pub format: Format,
    /// Whether every input is HTML (`--html`).
    pub html: bool,
    /// The segment size in bytes.
    pub segment: usize,
    /// The turns at standard input.
    pub stdin_turns: StdinTurns,
}

/// One input to clean.
pub struct Job<'a> {
    /// The input.
    pub input: &'a Input,
    /// Its name in messages and JSON.
    pub name: String,
    /// For standard input, its turn (how many `-` come before it).
    pub stdin_turn: Option<usize>,
    /// Where its result goes; `Err`: nowhere, for this reason (the whole message),
    /// and the input is not read.
    pub destination: Result<Destination, String>,
    /// Its index among the inputs.
    pub index: usize,
}

/// Hands a job's results on: to the writer, or to the job's file.
struct Emitter<'s> {
    sink: &'s Sink<Piece>,
    /// The file's path, with [`Destination::File`].
    path: Option<&'s Path>,
    /// The file, once created (under its temporary name).
    file: Option<(ResultFile, BufWriter<File>)>,
    /// Why writing the file failed.
    error: Option<io::Error>,
    /// The counts of what went to the file.
    stats: Stats,
}

impl Emitter<'_> {
    /// Hands on one rendered segment; `false` when the job should stop (the writer
    /// no longer wants it, or the file cannot be written).
    fn emit(&mut self, bytes: Vec<u8>, stats: Stats) -> bool {
        let Some(path) = self.path else {
            return self.sink.send(Piece::Output(bytes, stats));
        };
        let written = match &mut self.file {
            Some((_, w)) => w.write_all(&bytes),
            None => ResultFile::create(path).and_then(|(result, f)| {
                let file = (result, BufWriter::with_capacity(64 * 1024, f));
                self.file.insert(file).1.write_all(&bytes)
            }),
        };
        match written {
            Ok(()) => {
                self.stats.add(&stats);
                true
            }
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }

    /// Flushes the file, if any, renames it to its final name (input number
    /// `index`'s result is then finished) and tells the writer how writing it went.
    /// A file that could not be written is removed.
    fn finish(mut self, index: usize) {
        let Some(path) = self.path else { return };
        let error = match (self.error.take(), self.file.take()) {
            (Some(e), _) => Some(e),
            (None, Some((result, mut file))) => file
                .flush()
                .and_then(|()| file.into_inner().map_err(|e| e.into_error()))
                .and_then(|f| {
                    drop(f);
                    result.commit(index)
                })
                .err(),
            (None, None) => return,
        };
        self.sink.send(match error {
            Some(e) => Piece::Failed(format!("{}: {e}", path.display())),
            None => Piece::Written(self.stats),
        });
    }
}

/// What a worker keeps from one input (and segment) to the next: its buffers.
#[derive(Default)]
pub struct Worker {
    buf: Vec<u8>,
    verdicts: Vec<Verdict>,
    /// The classifier's buffers, reused segment after segment.
    workspace: Workspace,
}

impl Worker {
    /// Cleans one input, sending its pieces to `sink`.
    pub fn clean(&mut self, settings: &Settings, job: Job<'_>, sink: &Sink<Piece>) {
        let turn = job.stdin_turn.map(|t| settings.stdin_turns.wait(t));
        let path = match &job.destination {
            Err(message) => {
                sink.send(Piece::Failed(message.clone()));
                return;
            }
            Ok(Destination::Writer) => None,
            Ok(Destination::File(path)) => Some(path.as_path()),
        };
        let mut emitter = Emitter {
            sink,
            path,
            file: None,
            error: None,
            stats: Stats::default(),
        };
        let outcome = self.clean_input(settings, &job, &mut emitter);
        if let Err(message) = outcome {
            if turn.is_some() {
                // A `-` that failed still reads standard input to its end, as one
                // that succeeds does: the next `-` starts after it.
                let _ = io::copy(&mut io::stdin(), &mut io::sink());
            }
            sink.send(Piece::Failed(format!("{}: {message}", job.name)));
        }
        emitter.finish(job.index);
        drop(turn);
        // A very long line or page leaves a big buffer: give it back.
        if self.buf.capacity() > 2 * settings.segment {
            self.buf = Vec::new();
        }
        // The classifier's buffers take about 500 bytes a line: after a segment
        // of unusually short lines, give back what the usual one would not need.
        self.workspace
            .clear_if_over(WORKSPACE_PER_SEGMENT_BYTE * settings.segment);
    }

    /// Cleans one input; `Err` with the message of its failure (without the input's
    /// name). Stops quietly when the emitter says so.
    fn clean_input(
        &mut self,
        settings: &Settings,
        job: &Job<'_>,
        emitter: &mut Emitter<'_>,
    ) -> Result<(), String> {
        let (reader, gzip) = job.input.open().map_err(|e| e.to_string())?;
        let read_error = |e: SegmentError| match e {
            SegmentError::Read(e) => InputError::of_read(e, gzip).to_string(),
            other => other.to_string(),
        };
        let mut segments = Segments::new(reader, settings.segment, &mut self.buf);
        // The input's start is sniffed in what was read (`head`), wherever the first
        // segment ends (its lines are counted only for text, by `current`).
        let first = segments.advance().map_err(read_error)?;
        if let Some(encoding) = first.then(|| utf16::detect(segments.head())).flatten() {
            // Read on from the start, decoded to UTF-8.
            let (read, reader, error) = segments.into_parts();
            let rest: Box<dyn Read + Send> = match error {
                Some(e) => Box::new(utf16::Failed(Some(e))),
                None => reader,
            };
            let decoded = Utf16Reader::new(io::Cursor::new(read).chain(rest), encoding);
            segments = Segments::new(Box::new(decoded), settings.segment, &mut self.buf);
            segments.advance().map_err(read_error)?;
        }
        if segments.head().is_empty() {
            // Empty input: no output, but counts for --stats.
            emitter.emit(Vec::new(), Stats::default());
            return Ok(());
        }
        refuse_binary(segments.head()).map_err(|e| e.to_string())?;
        if job.input.is_html(segments.head(), settings.html) {
            return Self::clean_html(settings, job, segments, gzip, emitter);
        }
        let mut lines_before = 0;
        let mut segment = segments.current();
        while let Some(data) = segment {
            settings
                .cleaner
                .classify_reusing(data, &mut self.workspace, &mut self.verdicts);
            let page = Page::text(data, &self.verdicts).after_lines(lines_before);
            let mut out = Vec::with_capacity(output_guess(settings.format, data.len()));
            write_result(&mut out, settings.format, &job.name, page)
                .expect("writing to memory does not fail");
            if !emitter.emit(out, Stats::of(&self.verdicts)) {
                return Ok(());
            }
            lines_before += self.verdicts.len();
            segment = segments.next_segment().map_err(|e| match e {
                SegmentError::LineTooLong(_) => format!(
                    "line {}: {} (the limit is {LONG_LINE_FACTOR} times --segment-size); \
                     the lines before it were cleaned, the rest is skipped",
                    lines_before + 1,
                    read_error(e),
                ),
                e => format!(
                    "{}; the lines before line {} were cleaned, the rest is skipped",
                    read_error(e),
                    lines_before + 1
                ),
            })?;
        }
        Ok(())
    }

    /// Cleans an HTML page, read whole (up to the limit) from its first segment on;
    /// `gzip` tells whether it is being decompressed.
    fn clean_html(
        settings: &Settings,
        job: &Job<'_>,
        mut segments: Segments<'_, impl Read>,
        gzip: bool,
        emitter: &mut Emitter<'_>,
    ) -> Result<(), String> {
        let limit = segments.long_limit();
        let data = segments.rest_whole().map_err(|e| match e {
            SegmentError::TooLong(_) => format!(
                "HTML page larger than {} ({LONG_LINE_FACTOR} times --segment-size); skipped",
                size_name(limit)
            ),
            SegmentError::Read(e) => InputError::of_read(e, gzip).to_string(),
            e => e.to_string(),
        })?;
        let text = deboiler::decode_html(data).map_err(|e| format!("{e}; skipped"))?;
        let html = settings
            .cleaner
            .try_classify_html(&text)
            .map_err(|e| format!("{e}; skipped"))?;
        let mut out = Vec::new();
        write_result(&mut out, settings.format, &job.name, Page::html(&html))
            .expect("writing to memory does not fail");
        emitter.emit(out, Stats::of(html.verdicts()));
        match segments.take_error() {
            // The page as far as it could be read was cleaned.
            Some(e) => Err(format!(
                "{}; the page up to there was cleaned, the rest is skipped",
                InputError::of_read(e, gzip)
            )),
            None => Ok(()),
        }
    }
}

/// How many bytes of classifier buffers a worker may keep per byte of the segment
/// size, from one input to the next: a segment of 51-byte lines (the WCXB dumps'
/// mean) takes about 10 bytes a byte (about 500 a line).
const WORKSPACE_PER_SEGMENT_BYTE: usize = 12;

/// A first guess at the size of a segment's rendered output.
fn output_guess(format: Format, input: usize) -> usize {
    match format {
        Format::Text => input,
        Format::Jsonl | Format::Explain => input.saturating_mul(3),
    }
}
