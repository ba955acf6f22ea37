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
//!
//! A record file found by its content (on standard input, say) is cleaned here,
//! batch after batch, on this one thread; one found by its name is read by the
//! calling thread and its batches ([`Work::Batch`]) cleaned on every worker (see
//! [`crate::feed`]).

use crate::args::{Compress, Format, Input, InputFormat};
use crate::compress::Encoder;
use crate::input::{Compression, InputError, StdinTurns, refuse_binary};
use crate::interrupt::ResultFile;
use crate::output::{Page, Stats, write_kept_json, write_result};
use crate::pool::Sink;
use crate::records::clean::{Batch, Buffers, Context, Fields, clean_batch};
use crate::records::{self, Raw};
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
    /// A cleaned batch of records (with [`Destination::Writer`]).
    Records(Batch),
    /// A record failed (its message, naming the file and the record); the others
    /// go on (with [`Destination::File`], whose file the worker writes).
    Note(String),
}

/// One piece of work for a worker thread.
pub enum Work<'a> {
    /// An input to read and clean.
    Page(Job<'a>),
    /// A batch of records of a record file that the calling thread reads.
    Batch {
        /// The file's name.
        name: String,
        /// The records.
        records: Vec<Raw>,
    },
    /// The end of a record file, with why it failed, if it did (the message names
    /// the file).
    End(Option<String>),
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
    /// How every input is read (`--input-format`), `None` by name and content.
    pub input_format: Option<InputFormat>,
    /// The JSONL fields.
    pub fields: Fields,
    /// How `--out-dir` files are compressed.
    pub compress: Compress,
}

impl Settings {
    /// What the records of file `name` are cleaned with.
    pub fn context<'a>(&'a self, name: &'a str) -> Context<'a> {
        Context {
            cleaner: &self.cleaner,
            format: self.format,
            file: name,
            html: self.html,
            fields: &self.fields,
            limit: self.segment.saturating_mul(LONG_LINE_FACTOR),
        }
    }
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
    /// How the file is compressed.
    compress: Compress,
    /// The file, once created (under its temporary name).
    file: Option<(ResultFile, Encoder<BufWriter<File>>)>,
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
                let w = Encoder::new(BufWriter::with_capacity(64 * 1024, f), self.compress)?;
                self.file.insert((result, w)).1.write_all(&bytes)
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

    /// Hands on a cleaned batch of records; `false` when the job should stop.
    fn emit_records(&mut self, batch: Batch) -> bool {
        if self.path.is_none() {
            return self.sink.send(Piece::Records(batch));
        }
        for (_, note) in batch.notes {
            if !self.sink.send(Piece::Note(note)) {
                return false;
            }
        }
        self.emit(batch.out, batch.stats)
    }

    /// Flushes the file, if any, renames it to its final name (input number
    /// `index`'s result is then finished) and tells the writer how writing it went.
    /// A file that could not be written is removed.
    fn finish(mut self, index: usize) {
        let Some(path) = self.path else { return };
        let error = match (self.error.take(), self.file.take()) {
            (Some(e), _) => Some(e),
            (None, Some((result, file))) => file
                .finish()
                .and_then(|mut file| file.flush().map(|()| file))
                .and_then(|file| file.into_inner().map_err(|e| e.into_error()))
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
    /// Does one piece of work, sending its pieces to `sink`.
    pub fn run(&mut self, settings: &Settings, work: Work<'_>, sink: &Sink<Piece>) {
        match work {
            Work::Page(job) => self.clean(settings, job, sink),
            Work::Batch { name, records } => {
                let batch = clean_batch(
                    &settings.context(&name),
                    records,
                    &mut Buffers {
                        workspace: &mut self.workspace,
                        verdicts: &mut self.verdicts,
                    },
                );
                sink.send(Piece::Records(batch));
            }
            Work::End(failure) => {
                if let Some(message) = failure {
                    sink.send(Piece::Failed(message));
                }
            }
        }
        self.workspace
            .clear_if_over(WORKSPACE_PER_SEGMENT_BYTE * settings.segment);
    }

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
            compress: settings.compress,
            file: None,
            error: None,
            stats: Stats::default(),
        };
        let mut record = (settings.format == Format::Records).then(RecordObject::default);
        let outcome = self.clean_input(settings, &job, &mut emitter, &mut record);
        if let Some(record) = record
            && record.open
        {
            emitter.emit(record.close(), Stats::default());
        }
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
        record: &mut Option<RecordObject>,
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
            // Empty input: no output (but an empty record), and counts for --stats.
            let out = match record {
                Some(r) => r.open(&job.name),
                None => Vec::new(),
            };
            emitter.emit(out, Stats::default());
            return Ok(());
        }
        if settings.input_format.is_none()
            && let Some(kind) = records::sniff(segments.head(), &settings.fields.text)
        {
            *record = None;
            let limit = segments.long_limit();
            let (read, reader, error) = segments.into_parts();
            let rest: Box<dyn Read + Send> = match error {
                Some(e) => Box::new(utf16::Failed(Some(e))),
                None => reader,
            };
            let stream = records::from_stream(Box::new(io::Cursor::new(read).chain(rest)));
            return self.clean_records(
                settings,
                job,
                records::Reader::new(kind, stream, limit),
                emitter,
            );
        }
        refuse_binary(segments.head()).map_err(|e| e.to_string())?;
        if job.input.is_html(segments.head(), settings.html) {
            return Self::clean_html(settings, job, segments, gzip, emitter, record);
        }
        let mut lines_before = 0;
        let mut segment = segments.current();
        while let Some(data) = segment {
            settings
                .cleaner
                .classify_reusing(data, &mut self.workspace, &mut self.verdicts);
            let page = Page::text(data, &self.verdicts).after_lines(lines_before);
            let mut out = Vec::with_capacity(output_guess(settings.format, data.len()));
            match record {
                Some(r) => r.write(&mut out, &job.name, page),
                None => write_result(&mut out, settings.format, &job.name, page)
                    .expect("writing to memory does not fail"),
            }
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

    /// Cleans the records of a record file found by its content, on this thread.
    fn clean_records(
        &mut self,
        settings: &Settings,
        job: &Job<'_>,
        mut reader: records::Reader,
        emitter: &mut Emitter<'_>,
    ) -> Result<(), String> {
        let ctx = settings.context(&job.name);
        let mut any = false;
        loop {
            let records = reader.next_batch();
            if records.is_empty() && any {
                return Ok(());
            }
            any = true;
            let mut buffers = Buffers {
                workspace: &mut self.workspace,
                verdicts: &mut self.verdicts,
            };
            if !emitter.emit_records(clean_batch(&ctx, records, &mut buffers)) {
                return Ok(());
            }
        }
    }

    /// Cleans an HTML page, read whole (up to the limit) from its first segment on;
    /// `gzip` tells whether it is being decompressed.
    fn clean_html(
        settings: &Settings,
        job: &Job<'_>,
        mut segments: Segments<'_, impl Read>,
        gzip: Compression,
        emitter: &mut Emitter<'_>,
        record: &mut Option<RecordObject>,
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
        match record {
            Some(r) => r.write(&mut out, &job.name, Page::html(&html)),
            None => write_result(&mut out, settings.format, &job.name, Page::html(&html))
                .expect("writing to memory does not fail"),
        }
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

/// The one JSON object of `--format records` for an input that is one page, written
/// as its segments are cleaned: `{"file":…,"text":"` first, the kept lines of each
/// segment, and the per-label counts last.
#[derive(Default)]
struct RecordObject {
    /// The object was started.
    open: bool,
    /// A line was written.
    kept_before: bool,
    /// The counts so far.
    stats: Stats,
}

impl RecordObject {
    /// The start of the object.
    fn open(&mut self, file: &str) -> Vec<u8> {
        self.open = true;
        let mut out = b"{\"file\":".to_vec();
        out.extend_from_slice(&serde_json::to_vec(file).expect("a string"));
        out.extend_from_slice(b",\"text\":\"");
        out
    }

    /// Writes one segment's kept lines, after the start of the object if it is the
    /// first.
    fn write(&mut self, out: &mut Vec<u8>, file: &str, page: Page<'_>) {
        if !self.open {
            *out = self.open(file);
        }
        write_kept_json(out, page, &mut self.kept_before).expect("writing to memory does not fail");
        self.stats.add(&page.stats());
    }

    /// The end of the object.
    fn close(self) -> Vec<u8> {
        let mut out = b"\",\"labels\":".to_vec();
        self.stats
            .write_labels(&mut out)
            .expect("writing to memory does not fail");
        out.extend_from_slice(b"}\n");
        out
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
        Format::Jsonl | Format::Explain | Format::Records => input.saturating_mul(3),
    }
}
