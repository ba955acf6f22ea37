//! The cleaning command: each input is read, classified and written to standard
//! output or to its file in `--out-dir`.

use crate::args::{CleanArgs, Format, Input};
use crate::error::{Error, Status, eprint_quietly, warn};
use crate::output::{Stats, write_result};
use deboiler::{Cleaner, Verdict};
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Cleans every input in turn. A failed input is reported on standard error and
/// the others are still processed; standard output failing ends the command.
pub fn run(args: &CleanArgs) -> Result<Status, Error> {
    let mut builder = Cleaner::builder().keep(&args.keep);
    if let Some(t) = args.threshold {
        builder = builder.threshold(t);
    }
    let cleaner = builder.build();
    if let Some(dir) = &args.out_dir {
        fs::create_dir_all(dir).map_err(|e| Error::Fatal(format!("{}: {e}", dir.display())))?;
    }
    let mut out = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut failed = false;
    let mut written: HashMap<OsString, String> = HashMap::new();
    let mut total = Stats::default();
    let mut verdicts: Vec<Verdict> = Vec::new();
    let several = args.inputs.len() > 1;
    for (i, input) in args.inputs.iter().enumerate() {
        let name = input.display_name();
        let data = match input.read() {
            Ok(data) => data,
            Err(e) => {
                // Keep the order of messages and output on a terminal.
                out.flush().map_err(Error::stdout)?;
                warn(format_args!("{name}: {e}"));
                failed = true;
                continue;
            }
        };
        cleaner.classify_into(&data, &mut verdicts);
        match &args.out_dir {
            None => {
                if args.format == Format::Explain && several {
                    let sep = if i > 0 { "\n" } else { "" };
                    writeln!(out, "{sep}==> {name} <==").map_err(Error::stdout)?;
                }
                write_result(&mut out, args.format, &name, &data, &verdicts)
                    .map_err(Error::stdout)?;
                out.flush().map_err(Error::stdout)?;
            }
            Some(dir) => {
                if let Err(message) =
                    write_to_dir(dir, args.format, input, &data, &verdicts, &mut written)
                {
                    warn(format_args!("{name}: {message}"));
                    failed = true;
                    continue;
                }
            }
        }
        if args.stats {
            let stats = Stats::of(&verdicts);
            eprint_quietly(&format!("{name}: {stats}\n"));
            total.add(&stats);
        }
    }
    if args.stats && several {
        eprint_quietly(&format!("total: {total}\n"));
    }
    out.flush().map_err(Error::stdout)?;
    Ok(Status::from_failed(failed))
}

/// Writes one input's result to `DIR/NAME.EXT`; `written` maps the names already
/// written in this run to their inputs, so that none is overwritten. The error
/// message names the file concerned.
fn write_to_dir(
    dir: &Path,
    format: Format,
    input: &Input,
    data: &[u8],
    verdicts: &[Verdict],
    written: &mut HashMap<OsString, String>,
) -> Result<(), String> {
    let mut file_name = input
        .output_stem()
        .ok_or("cannot name an output file after this path; skipped")?;
    file_name.push(".");
    file_name.push(format.extension());
    let path = dir.join(&file_name);
    if let Some(first) = written.get(&file_name) {
        return Err(format!(
            "{} was already written for {first}; skipped (inputs in --out-dir need \
             distinct names)",
            path.display()
        ));
    }
    if let Input::Path(source) = input
        && same_file(source, &path)
    {
        return Err(format!(
            "{} is the input itself; skipped (choose another --out-dir)",
            path.display()
        ));
    }
    write_file(&path, format, &input.display_name(), data, verdicts)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    written.insert(file_name, input.display_name());
    Ok(())
}

/// Writes the result to a new or truncated file.
fn write_file(
    path: &Path,
    format: Format,
    name: &str,
    data: &[u8],
    verdicts: &[Verdict],
) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(64 * 1024, fs::File::create(path)?);
    write_result(&mut w, format, name, data, verdicts)?;
    w.flush()
}

/// Whether both paths exist and are the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
