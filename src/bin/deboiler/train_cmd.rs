//! `deboiler train`: fits the model on directories of labelled dumps, writes it, and
//! optionally cross-validates. Progress and figures go to standard error.

use crate::args::TrainArgs;
use crate::error::{Error, Status, eprint_quietly};
use crate::eval_cmd::load_dirs;
use deboiler::Cleaner;
use deboiler::eval::{Document, Report};
use deboiler::train;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

/// Prints a progress message on standard error.
pub(crate) fn progress(message: std::fmt::Arguments<'_>) {
    eprint_quietly(&format!("deboiler train: {message}\n"));
}

/// Loads the dumps, fits on all of them, writes the model, then cross-validates
/// when `--folds` is given.
pub fn run(args: &TrainArgs) -> Result<Status, Error> {
    if args.kinds {
        return crate::kinds_cmd::run(args);
    }
    if args.html {
        return run_html(args);
    }
    let Some(dirs) = load_dirs(&args.dirs) else {
        return Ok(Status::SomeFailed);
    };
    let dir_names: Vec<String> = dirs.iter().map(|(d, _)| d.display().to_string()).collect();
    let docs: Vec<Document> = dirs.into_iter().flat_map(|(_, docs)| docs).collect();
    if let Some(out) = &args.cv_out {
        check_cv_out(out, &args.dirs, &docs)?;
    }
    let lines: usize = docs.iter().map(|d| d.gold.len()).sum();
    progress(format_args!(
        "{} documents, {lines} lines from {}",
        docs.len(),
        dir_names.join(", ")
    ));
    let opts = args.options;
    // Check the folds before the long fit.
    let groups = match args.folds {
        Some(k) => Some(fold_groups(&docs, k)?),
        None => None,
    };

    progress(format_args!(
        "fitting {} stage(s), l2 {}, {} iterations…",
        opts.stages, opts.l2, opts.iterations
    ));
    let start = Instant::now();
    let all: Vec<&Document> = docs.iter().collect();
    let fitted = train::fit(&all, &opts);
    progress(format_args!(
        "fitted in {:.1}s",
        start.elapsed().as_secs_f64()
    ));
    let header = format!(
        "fitted by: {}\ndirs: {}\n{} documents, {lines} lines\n\
         stages {}, l2 {}, iterations {}, excerpts {}, trees {} (depth {}, rate {})",
        args.command_line,
        dir_names.join(", "),
        docs.len(),
        opts.stages,
        opts.l2,
        opts.iterations,
        if opts.excerpts { "on" } else { "off" },
        opts.trees,
        opts.depth,
        opts.learning_rate,
    );
    let model = fitted.to_text(&header);
    write_model(args.out.as_deref(), &model)?;

    let cleaner = Cleaner::new();
    let full = fitted.evaluate(&cleaner, &docs);
    match (args.folds, groups) {
        (Some(k), Some(groups)) => {
            let sites = groups.iter().collect::<HashSet<_>>().len();
            progress(format_args!(
                "cross-validating: {k} folds by site ({sites} sites)…"
            ));
            let start = Instant::now();
            let verdicts = train::cross_validate(&docs, &groups, k, &opts, &cleaner);
            if let Some(dir) = &args.cv_out {
                write_kept(dir, &docs, &verdicts)?;
                progress(format_args!(
                    "wrote the cross-validated output to {}",
                    dir.display()
                ));
            }
            let mut cv = Report::default();
            for (d, v) in docs.iter().zip(&verdicts) {
                cv.add(&d.text, &d.gold, v);
            }
            progress(format_args!(
                "cross-validated in {:.1}s",
                start.elapsed().as_secs_f64()
            ));
            eprint_quietly(&format!(
                "\n== cross-validated ({k} folds by site) ==\n{}\n\
                 == full set (fitted on all, evaluated on all) ==\n{}\n\
                 content vs rest, F1 by lines: cross-validated {:.3}, full set {:.3}\n",
                cv.to_text(),
                full.to_text(),
                cv.content_lines().f1(),
                full.content_lines().f1(),
            ));
        }
        _ => {
            let c = full.content_lines();
            progress(format_args!(
                "full set, content vs rest (lines): precision {:.3}  recall {:.3}  F1 {:.3}",
                c.precision(),
                c.recall(),
                c.f1()
            ));
        }
    }
    Ok(Status::Success)
}

/// `deboiler train --html`: loads the pages that align with their labelled dumps,
/// fits the HTML model, writes it, and optionally cross-validates.
fn run_html(args: &TrainArgs) -> Result<Status, Error> {
    use deboiler::train_html;
    let mut docs = Vec::new();
    for dir in &args.dirs {
        let (d, report) = train_html::load_dir(dir)
            .map_err(|e| Error::Fatal(format!("{}: {}", e.path.display(), e.problem)))?;
        progress(format_args!(
            "{}: {} pages, {} aligned with their dumps line for line ({} more with as many \
             lines but some text different, {} without labels; left out)",
            dir.display(),
            report.pages,
            report.aligned,
            report.same_count,
            report.unlabelled,
        ));
        for why in report.left_out.iter().take(5) {
            progress(format_args!("  left out: {why}"));
        }
        docs.extend(d);
    }
    let plain: Vec<Document> = docs
        .iter()
        .map(|d| Document {
            name: d.document.name.clone(),
            path: d.document.path.clone(),
            text: Vec::new(),
            gold: Vec::new(),
        })
        .collect();
    if let Some(out) = &args.cv_out {
        check_cv_out(out, &args.dirs, &plain)?;
    }
    let lines: usize = docs.iter().map(|d| d.document.gold.len()).sum();
    let labelled = docs.iter().filter(|d| d.is_labelled()).count();
    let opts = args.options;
    let groups = match args.folds {
        Some(k) => Some(fold_groups(&plain, k)?),
        None => None,
    };
    progress(format_args!(
        "fitting the HTML model on {labelled} aligned pages with text, {lines} blocks: {} stage(s), l2 {}, {} iterations, {} trees…",
        opts.stages, opts.l2, opts.iterations, opts.trees
    ));
    let start = Instant::now();
    let all: Vec<&train_html::HtmlDocument> = docs.iter().collect();
    let fitted = train_html::fit(&all, &opts);
    progress(format_args!(
        "fitted in {:.1}s",
        start.elapsed().as_secs_f64()
    ));
    let dir_names: Vec<String> = args.dirs.iter().map(|d| d.display().to_string()).collect();
    let header = format!(
        "The HTML model: text, layout (src/html/layout.rs, window.rs) and context features, trees.\n\
         fitted by: {}\ndirs: {}\n{labelled} aligned pages with text, {lines} blocks\n\
         stages {}, l2 {}, iterations {}, trees {} (depth {}, rate {}, leaf l2 {}{})",
        args.command_line,
        dir_names.join(", "),
        opts.stages,
        opts.l2,
        opts.iterations,
        opts.trees,
        opts.depth,
        opts.learning_rate,
        opts.tree_l2,
        if opts.local_trees { ", local" } else { "" },
    );
    let model = fitted.to_text(&header);
    write_model(args.out.as_deref(), &model)?;
    let cleaner = Cleaner::new();
    let full = fitted.evaluate(&cleaner, &docs);
    let c = full.content_lines();
    progress(format_args!(
        "full set, content vs rest (lines): precision {:.3}  recall {:.3}  F1 {:.3}",
        c.precision(),
        c.recall(),
        c.f1()
    ));
    if let (Some(k), Some(groups)) = (args.folds, groups) {
        let sites = groups.iter().collect::<HashSet<_>>().len();
        progress(format_args!(
            "cross-validating: {k} folds by site ({sites} sites)…"
        ));
        let verdicts = train_html::cross_validate(&docs, &groups, k, &opts, &cleaner);
        let mut cv = Report::default();
        for (d, v) in docs.iter().zip(&verdicts) {
            cv.add(&d.document.text, &d.document.gold, v);
        }
        if let Some(dir) = &args.cv_out {
            let texts: Vec<Document> = docs.iter().map(|d| d.document.clone()).collect();
            write_kept(dir, &texts, &verdicts)?;
            progress(format_args!(
                "wrote the cross-validated output to {}",
                dir.display()
            ));
        }
        progress(format_args!(
            "content vs rest, F1 by lines: cross-validated {:.3}, full set {:.3}",
            cv.content_lines().f1(),
            c.f1()
        ));
    }
    Ok(Status::Success)
}

/// Writes each document's kept lines to `dir/NAME.txt`, each line with its own
/// terminator (a last line without one gets `\n`).
fn write_kept(
    dir: &Path,
    docs: &[Document],
    verdicts: &[Vec<deboiler::Verdict>],
) -> Result<(), Error> {
    let fail = |p: &Path, e: io::Error| Error::Fatal(format!("{}: {e}", p.display()));
    fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
    for (d, v) in docs.iter().zip(verdicts) {
        let mut out = Vec::new();
        deboiler::write_kept(&d.text, v, &mut out).map_err(|e| fail(dir, e))?;
        let path = dir.join(format!("{}.txt", d.name));
        fs::write(&path, out).map_err(|e| fail(&path, e))?;
        // Every line's verdict, for studying thresholds without refitting.
        let mut tsv = String::with_capacity(16 * v.len());
        for v in v {
            let kept = if v.is_kept() { "kept" } else { "dropped" };
            let _ = writeln!(tsv, "{}\t{:.3}\t{kept}", v.label().as_str(), v.score());
        }
        let path = dir.join(format!("{}.verdicts.tsv", d.name));
        fs::write(&path, tsv).map_err(|e| fail(&path, e))?;
    }
    Ok(())
}

/// Refuses a `--cv-out` directory that is one of the input directories (it would
/// overwrite their dumps), and inputs of the same NAME (one output would overwrite
/// the other).
fn check_cv_out(out: &Path, dirs: &[std::path::PathBuf], docs: &[Document]) -> Result<(), Error> {
    if let Ok(out_real) = fs::canonicalize(out) {
        for dir in dirs {
            if fs::canonicalize(dir).is_ok_and(|d| d == out_real) {
                return Err(Error::Fatal(format!(
                    "--cv-out {}: is an input directory; its dumps would be overwritten",
                    out.display()
                )));
            }
        }
    }
    let mut seen = std::collections::HashMap::new();
    for d in docs {
        if let Some(first) = seen.insert(d.name.as_str(), &d.path) {
            return Err(Error::Fatal(format!(
                "--cv-out: {} and {} would both be written to {}.txt",
                first.display(),
                d.path.display(),
                d.name
            )));
        }
    }
    Ok(())
}

/// The site group of every document, after checking that they fall in at least
/// two of the `k` folds (otherwise every model would be fitted on nothing).
fn fold_groups(docs: &[Document], k: usize) -> Result<Vec<String>, Error> {
    let groups = train::site_groups(docs);
    check_folds(&groups, k)?;
    Ok(groups)
}

/// Checks that the pages' site `groups` fall in at least two of the `k` folds.
pub(crate) fn check_folds(groups: &[String], k: usize) -> Result<(), Error> {
    let folds: HashSet<usize> = groups.iter().map(|g| train::fold_of(g, k)).collect();
    if folds.len() < 2 {
        let sites = groups.iter().collect::<HashSet<_>>().len();
        return Err(Error::Fatal(format!(
            "cannot cross-validate: the {} documents come from {sites} site(s), which \
             all fall in one of the {k} folds",
            groups.len()
        )));
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file beside it, so that a failed
/// write never leaves a truncated model behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // A device or a pipe (`--out /dev/null`, `--out /dev/stdout`) is written in
    // place: a rename over it would replace the device with a file.
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return fs::write(path, bytes);
    }
    let mut tmp_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_os_string();
    tmp_name.push(format!(".tmp{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes a fitted model to `out` (atomically) or, without one, to standard output.
pub(crate) fn write_model(out: Option<&Path>, model: &str) -> Result<(), Error> {
    match out {
        Some(path) => {
            write_atomically(path, model.as_bytes())
                .map_err(|e| Error::Fatal(format!("{}: {e}", path.display())))?;
            progress(format_args!("wrote {}", path.display()));
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(model.as_bytes())
                .and_then(|()| out.flush())
                .map_err(Error::stdout)?;
        }
    }
    Ok(())
}
