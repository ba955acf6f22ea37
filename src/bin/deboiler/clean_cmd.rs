//! The cleaning command: each input is read, classified (as a text dump, or as an
//! HTML page turned into one) and written to standard output or to its file in
//! `--out-dir`.

use crate::args::{CleanArgs, Format, Input};
use crate::error::{Error, Status, eprint_quietly, warn};
use crate::output::{Page, Stats, write_result};
use deboiler::{Cleaner, HtmlClassification, Verdict};
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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
        // With --out-dir, the result's file is settled before any work is done.
        let target = match &args.out_dir {
            Some(dir) => match output_target(dir, args.format, input, &args.inputs, &written) {
                Ok(target) => Some(target),
                Err(message) => {
                    warn(format_args!("{name}: {message}"));
                    failed = true;
                    continue;
                }
            },
            None => None,
        };
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
        let html: HtmlClassification;
        let page = if input.is_html(&data, args.html) {
            match deboiler::decode_html(&data) {
                Ok(text) => {
                    html = cleaner.classify_html(&text);
                    Page::html(&html)
                }
                Err(e) => {
                    out.flush().map_err(Error::stdout)?;
                    warn(format_args!("{name}: {e}; skipped"));
                    failed = true;
                    continue;
                }
            }
        } else {
            cleaner.classify_into(&data, &mut verdicts);
            Page::text(&data, &verdicts)
        };
        match target {
            None => {
                if args.format == Format::Explain && several {
                    let sep = if i > 0 { "\n" } else { "" };
                    writeln!(out, "{sep}==> {name} <==").map_err(Error::stdout)?;
                }
                write_result(&mut out, args.format, &name, page).map_err(Error::stdout)?;
                out.flush().map_err(Error::stdout)?;
            }
            Some((file_name, path)) => {
                if let Err(e) = write_file(&path, args.format, &name, page) {
                    warn(format_args!("{}: {e}", path.display()));
                    failed = true;
                    continue;
                }
                written.insert(file_name, name.clone());
            }
        }
        if args.stats {
            let stats = Stats::of(page.verdicts());
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

/// The file name and path of an input's result in `DIR` (`DIR/NAME.EXT`), or why it
/// cannot be written: the name was already written for another input in this run
/// (`written` maps names to inputs), or the path is one of the inputs (writing it
/// would destroy an input, this one or one still to be read).
fn output_target(
    dir: &Path,
    format: Format,
    input: &Input,
    inputs: &[Input],
    written: &HashMap<OsString, String>,
) -> Result<(OsString, PathBuf), String> {
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
    if let Some(Input::Path(source)) = inputs
        .iter()
        .find(|i| matches!(i, Input::Path(source) if same_file(source, &path)))
    {
        let whose = match input {
            Input::Path(own) if own == source => "the input itself".to_string(),
            _ => format!("the input {}", source.display()),
        };
        return Err(format!(
            "{} is {whose}; skipped (choose another --out-dir)",
            path.display()
        ));
    }
    Ok((file_name, path))
}

/// Writes the result to a new or truncated file.
fn write_file(path: &Path, format: Format, name: &str, page: Page<'_>) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(64 * 1024, fs::File::create(path)?);
    write_result(&mut w, format, name, page)?;
    w.flush()
}

/// Whether both paths exist and are the same file (through symbolic or hard links).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether both paths exist and are the same file (through symbolic links).
#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
