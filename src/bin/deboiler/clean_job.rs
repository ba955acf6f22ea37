//! One input of the cleaning command, on a worker thread: read in segments,
//! classified, and rendered in the output format, each segment sent on as a
//! [`Piece`] as soon as it is done, so that an input of any size takes bounded
//! memory.
//!
//! A text dump is read in segments of at most the segment size, cut at line ends
//! (see [`crate::segments`]), and each segment is classified as a page. An HTML page
//! is parsed whole, up to [`LONG_LINE_FACTOR`] segment sizes.

use crate::args::{Format, Input};
use crate::input::{InputError, StdinTurns, refuse_binary};
use crate::output::{Page, Stats, write_result};
use crate::pool::Sink;
use crate::segments::{LONG_LINE_FACTOR, SegmentError, Segments, size_name};
use deboiler::{Cleaner, Verdict};
use std::io::{self, Read};

/// What the cleaning of one input sends on, in order.
pub enum Piece {
    /// The rendered result of one segment (or of a whole HTML page) and its counts.
    Output(Vec<u8>, Stats),
    /// The input failed here; the message says why (without the input's name).
    /// Pieces sent before it stand; nothing follows it.
    Failed(String),
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
}

/// What a worker keeps from one input to the next: its buffers.
#[derive(Default)]
pub struct Worker {
    buf: Vec<u8>,
    verdicts: Vec<Verdict>,
}

impl Worker {
    /// Cleans one input, sending its pieces to `sink`.
    pub fn clean(&mut self, settings: &Settings, job: Job<'_>, sink: &Sink<Piece>) {
        let turn = job.stdin_turn.map(|t| settings.stdin_turns.wait(t));
        let outcome = self.clean_input(settings, &job, sink);
        if let Err(message) = outcome {
            if turn.is_some() {
                // As when the whole input was read before it was judged: the next
                // `-` starts after this one's end.
                let _ = io::copy(&mut io::stdin(), &mut io::sink());
            }
            sink.send(Piece::Failed(message));
        }
        drop(turn);
        // A very long line or page leaves a big buffer: give it back.
        if self.buf.capacity() > 2 * settings.segment {
            self.buf = Vec::new();
        }
    }

    /// Cleans one input; `Err` with the message of its failure. Stops quietly when
    /// the sink is closed.
    fn clean_input(
        &mut self,
        settings: &Settings,
        job: &Job<'_>,
        sink: &Sink<Piece>,
    ) -> Result<(), String> {
        let (reader, gzip) = job.input.open().map_err(|e| e.to_string())?;
        let read_error = |e: SegmentError| match e {
            SegmentError::Read(e) => InputError::of_read(e, gzip).to_string(),
            other => other.to_string(),
        };
        let mut segments = Segments::new(reader, settings.segment, &mut self.buf);
        let Some(first) = segments.next_segment().map_err(read_error)? else {
            // Empty input: no output, but counts for --stats.
            sink.send(Piece::Output(Vec::new(), Stats::default()));
            return Ok(());
        };
        refuse_binary(first).map_err(|e| e.to_string())?;
        if job.input.is_html(first, settings.html) {
            return Self::clean_html(settings, job, segments, gzip, sink);
        }
        let mut lines_before = 0;
        let mut segment = Some(first);
        while let Some(data) = segment {
            settings.cleaner.classify_into(data, &mut self.verdicts);
            let page = Page::text(data, &self.verdicts).after_lines(lines_before);
            let mut out = Vec::with_capacity(output_guess(settings.format, data.len()));
            write_result(&mut out, settings.format, &job.name, page)
                .expect("writing to memory does not fail");
            if !sink.send(Piece::Output(out, Stats::of(&self.verdicts))) {
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
        sink: &Sink<Piece>,
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
        let html = settings.cleaner.classify_html(&text);
        let mut out = Vec::new();
        write_result(&mut out, settings.format, &job.name, Page::html(&html))
            .expect("writing to memory does not fail");
        sink.send(Piece::Output(out, Stats::of(html.verdicts())));
        Ok(())
    }
}

/// A first guess at the size of a segment's rendered output.
fn output_guess(format: Format, input: usize) -> usize {
    match format {
        Format::Text => input,
        Format::Jsonl | Format::Explain => input.saturating_mul(3),
    }
}
