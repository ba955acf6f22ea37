//! The cleaning command's writer, on the calling thread: every input's result in
//! input order, to standard output or to its `--out-dir` file, with the messages
//! and `--stats` lines in the same order, and the progress bar moved on.
//!
//! An input cleaned by one worker sends its pieces on its own channel
//! ([`Writer::write_input`]); a record file arrives as batches, each the pieces of
//! one piece of work ([`Writer::write_batch`]), then its end
//! ([`Writer::end_records`]).

use crate::args::{CleanArgs, Format};
use crate::clean_cmd::{InputFiles, Target, output_target};
use crate::clean_job::Piece;
use crate::compress::Encoder;
use crate::error::{Error, eprint_quietly, warn};
use crate::interrupt::{self, ResultFile};
use crate::output::Stats;
use crate::progress::Progress;
use crate::records::clean::Batch;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

/// A result file being written by the writer.
type OutFile = Option<(ResultFile, Encoder<BufWriter<File>>)>;

/// Writes the inputs' results in order.
pub struct Writer<'a, W: Write> {
    /// The command's settings.
    pub args: &'a CleanArgs,
    /// Standard output.
    pub out: W,
    /// Whether an input failed.
    pub failed: bool,
    /// With `--out-dir`: the files written so far (relative to it), and for which
    /// input.
    pub written: HashMap<PathBuf, String>,
    /// The inputs' files, to never write over one.
    pub inputs: InputFiles,
    /// Each input's directory relative to the directory it was found in.
    pub subdirs: &'a [PathBuf],
    /// The sum of `--stats`.
    pub total: Stats,
    /// The progress bar.
    pub progress: Progress,
    /// The record file being written.
    pub records: Option<RecordsOut>,
}

/// The state of the record file being written.
pub struct RecordsOut {
    /// Its index among the inputs.
    input: usize,
    /// Its `--out-dir` file: path and relative path, or why it cannot be written;
    /// `None` for standard output.
    target: Option<Result<(PathBuf, PathBuf), String>>,
    /// The file, once created.
    file: OutFile,
    /// Its counts so far.
    stats: Stats,
    /// Whether writing its file failed (it is then left out).
    broken: bool,
    /// Whether reading it failed as a whole.
    failed: bool,
}

impl<W: Write> Writer<'_, W> {
    /// Writes the result of input number `i`, whose pieces come from `pieces`.
    pub fn write_input(
        &mut self,
        i: usize,
        target: &Target,
        pieces: Receiver<Piece>,
    ) -> Result<(), Error> {
        let args = self.args;
        let input = &args.inputs[i];
        let name = input.display_name();
        let mut stats = Stats::default();
        let mut complete = true;
        match target {
            Target::Refused(message) => {
                // The job sends the message back, and nothing else.
                for piece in pieces {
                    if let Piece::Failed(m) = piece {
                        debug_assert_eq!(&m, message);
                    }
                }
                warn(format_args!("{message}"));
                self.failed = true;
                self.progress.input_done(i);
                return Ok(());
            }
            Target::Own(rel, _) => {
                // The worker wrote the file; only counts and the outcome come here.
                for piece in pieces {
                    match piece {
                        Piece::Output(_, s) => stats.add(&s),
                        Piece::Records(b) => stats.add(&b.stats),
                        Piece::Failed(message) => {
                            warn(format_args!("{message}"));
                            complete = false;
                        }
                        Piece::Note(message) => {
                            warn(format_args!("{message}"));
                            self.failed = true;
                        }
                        Piece::Written(s) => {
                            stats.add(&s);
                            self.written.insert(rel.clone(), name.clone());
                        }
                    }
                }
            }
            Target::Shared(dir) => {
                // Settled now: an earlier input may have written this name.
                let (rel, path) = match output_target(
                    dir,
                    args,
                    input,
                    &self.subdirs[i],
                    &self.inputs,
                    &self.written,
                ) {
                    Ok(target) => target,
                    Err(message) => {
                        warn(format_args!("{name}: {message}"));
                        self.failed = true;
                        self.progress.input_done(i);
                        return Ok(());
                    }
                };
                let mut file = None;
                for piece in pieces {
                    let (bytes, notes) = match piece {
                        Piece::Output(bytes, s) => {
                            stats.add(&s);
                            (bytes, Vec::new())
                        }
                        Piece::Records(b) => {
                            stats.add(&b.stats);
                            (b.out, b.notes)
                        }
                        Piece::Failed(message) => {
                            warn(format_args!("{message}"));
                            complete = false;
                            continue;
                        }
                        Piece::Note(message) => (Vec::new(), vec![(0, message)]),
                        Piece::Written(_) => continue,
                    };
                    for (_, note) in notes {
                        warn(format_args!("{note}"));
                        self.failed = true;
                    }
                    if let Err(e) = write_piece(&mut file, &path, args, &bytes) {
                        warn(format_args!("{}: {e}", path.display()));
                        self.failed = true;
                        self.progress.input_done(i);
                        return Ok(());
                    }
                }
                if let Some((result, file)) = file {
                    if let Err(e) = commit(result, file, i) {
                        warn(format_args!("{}: {e}", path.display()));
                        self.failed = true;
                        self.progress.input_done(i);
                        return Ok(());
                    }
                    self.written.insert(rel, name.clone());
                }
            }
            Target::Stdout => {
                let mut first = true;
                for piece in pieces {
                    match piece {
                        Piece::Output(bytes, s) => {
                            if first && args.format == Format::Explain && args.inputs.len() > 1 {
                                let sep = if i > 0 { "\n" } else { "" };
                                writeln!(self.out, "{sep}==> {name} <==").map_err(Error::stdout)?;
                            }
                            first = false;
                            stats.add(&s);
                            self.out.write_all(&bytes).map_err(Error::stdout)?;
                        }
                        Piece::Records(b) => {
                            stats.add(&b.stats);
                            self.write_batch_out(b)?;
                        }
                        Piece::Failed(message) => {
                            // Keep the order of messages and output on a terminal.
                            self.out.flush().map_err(Error::stdout)?;
                            warn(format_args!("{message}"));
                            complete = false;
                        }
                        Piece::Note(message) => {
                            self.out.flush().map_err(Error::stdout)?;
                            warn(format_args!("{message}"));
                            self.failed = true;
                        }
                        Piece::Written(_) => {}
                    }
                }
                self.out.flush().map_err(Error::stdout)?;
            }
        }
        if !complete {
            self.failed = true;
        } else if args.stats {
            eprint_quietly(&format!("{name}: {stats}\n"));
            self.total.add(&stats);
        }
        self.progress.input_done(i);
        Ok(())
    }

    /// Writes a batch's output to standard output, its messages in their places.
    fn write_batch_out(&mut self, batch: Batch) -> Result<(), Error> {
        let mut at = 0;
        for (pos, note) in batch.notes {
            self.out
                .write_all(&batch.out[at..pos])
                .and_then(|()| self.out.flush())
                .map_err(Error::stdout)?;
            at = pos;
            warn(format_args!("{note}"));
            self.failed = true;
        }
        self.out.write_all(&batch.out[at..]).map_err(Error::stdout)
    }

    /// The state of record file `i`, begun if it was not.
    fn records_of(&mut self, i: usize, target: &Target) -> &mut RecordsOut {
        if self.records.as_ref().is_none_or(|r| r.input != i) {
            let args = self.args;
            let target = match target {
                Target::Stdout | Target::Refused(_) => None,
                Target::Own(rel, path) => Some(Ok((path.clone(), rel.clone()))),
                Target::Shared(dir) => Some(
                    output_target(
                        dir,
                        args,
                        &args.inputs[i],
                        &self.subdirs[i],
                        &self.inputs,
                        &self.written,
                    )
                    .map(|(rel, path)| (path, rel)),
                ),
            };
            self.records = Some(RecordsOut {
                input: i,
                target,
                file: None,
                stats: Stats::of_records(),
                broken: false,
                failed: false,
            });
        }
        self.records.as_mut().expect("just set")
    }

    /// Writes a batch of record file `i`: `records` more records, `read` bytes of
    /// the file read.
    pub fn write_batch(
        &mut self,
        i: usize,
        target: &Target,
        pieces: Receiver<Piece>,
        (records, read): (usize, u64),
    ) -> Result<(), Error> {
        let args = self.args;
        self.records_of(i, target);
        for piece in pieces {
            let Piece::Records(batch) = piece else {
                continue;
            };
            let state = self.records.as_mut().expect("begun");
            state.stats.add(&batch.stats);
            match &state.target {
                None => self.write_batch_out(batch)?,
                Some(Err(_)) => {}
                Some(Ok((path, _))) => {
                    for (_, note) in &batch.notes {
                        warn(format_args!("{note}"));
                    }
                    self.failed |= !batch.notes.is_empty();
                    if !state.broken
                        && let Err(e) = write_piece(&mut state.file, path, args, &batch.out)
                    {
                        warn(format_args!("{}: {e}", path.display()));
                        state.broken = true;
                        state.file = None;
                        self.failed = true;
                    }
                }
            }
        }
        self.progress.records(records, read);
        Ok(())
    }

    /// Ends record file `i`: its file committed, its `--stats` line.
    pub fn end_records(
        &mut self,
        i: usize,
        target: &Target,
        pieces: Receiver<Piece>,
    ) -> Result<(), Error> {
        let args = self.args;
        let name = args.inputs[i].display_name();
        self.records_of(i, target);
        let mut state = self.records.take().expect("begun");
        for piece in pieces {
            if let Piece::Failed(message) = piece {
                self.out.flush().map_err(Error::stdout)?;
                warn(format_args!("{message}"));
                state.failed = true;
            }
        }
        match state.target.take() {
            None => self.out.flush().map_err(Error::stdout)?,
            Some(Err(message)) => {
                if !state.failed {
                    warn(format_args!("{name}: {message}"));
                }
                state.failed = true;
            }
            Some(Ok((path, rel))) if !state.failed && !state.broken => {
                // Every record file that was read has its file, if only empty.
                let written = write_piece(&mut state.file, &path, args, b"").and_then(|()| {
                    let (result, file) = state.file.take().expect("created");
                    commit(result, file, i)
                });
                match written {
                    Ok(()) => {
                        self.written.insert(rel, name.clone());
                    }
                    Err(e) => {
                        warn(format_args!("{}: {e}", path.display()));
                        state.broken = true;
                    }
                }
            }
            Some(Ok(_)) => {}
        }
        if state.failed || state.broken {
            self.failed = true;
        } else if args.stats {
            eprint_quietly(&format!("{name}: {}\n", state.stats));
            self.total.add(&state.stats);
        }
        interrupt::finished(i);
        self.progress.input_done(i);
        Ok(())
    }
}

/// Writes `bytes` to the result file at `path`, creating it (under its temporary
/// name, see [`ResultFile`]) at its first piece.
fn write_piece(file: &mut OutFile, path: &Path, args: &CleanArgs, bytes: &[u8]) -> io::Result<()> {
    let w = match file {
        Some((_, w)) => w,
        None => {
            let (result, f) = ResultFile::create(path)?;
            let w = Encoder::new(BufWriter::with_capacity(64 * 1024, f), args.compress)?;
            &mut file.insert((result, w)).1
        }
    };
    w.write_all(bytes)
}

/// Ends the compressed stream, flushes the file and renames it to its final name
/// (input number `i`'s result is then finished).
fn commit(result: ResultFile, file: Encoder<BufWriter<File>>, i: usize) -> io::Result<()> {
    file.finish()
        .and_then(|mut file| file.flush().map(|()| file))
        .and_then(|file| file.into_inner().map_err(|e| e.into_error()))
        .and_then(|f| {
            drop(f);
            result.commit(i)
        })
}
