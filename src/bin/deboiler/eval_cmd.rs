//! `deboiler eval`: the cleaner measured against directories of labelled dumps and
//! the fine-labelled pages of a `pages.tsv` manifest.

use crate::args::EvalArgs;
use crate::error::{Error, Status, warn};
use deboiler::eval::{self, Counts, Document, Report};
use deboiler::{Cleaner, Verdict};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Loads every DIR's labelled dumps and the pages of `--pages` (each problem is
/// reported, and then nothing is evaluated), classifies them and prints the report
/// for all of them together, with a content-vs-rest line per DIR (the manifest
/// counting as one) when there are several.
pub fn run(args: &EvalArgs) -> Result<Status, Error> {
    let Some(mut dirs) = load_dirs(&args.dirs) else {
        return Ok(Status::SomeFailed);
    };
    let mut builder = Cleaner::builder();
    if let Some(t) = args.threshold {
        builder = builder.threshold(t);
    }
    let cleaner = builder.build();
    let mut total = Report::default();
    let mut per_dir = Vec::with_capacity(dirs.len() + 1);
    if let Some(manifest) = &args.pages {
        let corpora = corpora_dir(manifest, args.shared.as_deref());
        let docs = match eval::load_pages(manifest, &corpora) {
            Ok(docs) => docs,
            Err(e) => {
                warn(format_args!("{e}"));
                return Ok(Status::SomeFailed);
            }
        };
        if args.html {
            let Some(report) = html_report(&cleaner, &docs, &corpora, &mut total) else {
                return Ok(Status::SomeFailed);
            };
            per_dir.push((manifest.as_path(), report));
        } else {
            dirs.insert(0, (manifest.clone(), docs));
        }
    }
    let mut verdicts: Vec<Verdict> = Vec::new();
    for (dir, docs) in &dirs {
        let mut report = Report::default();
        for d in docs {
            cleaner.classify_into(&d.text, &mut verdicts);
            report.add(&d.text, &d.gold, &verdicts);
            total.add(&d.text, &d.gold, &verdicts);
        }
        per_dir.push((dir.as_path(), report));
    }
    let mut out = BufWriter::new(io::stdout().lock());
    let written = if args.json {
        write_json(&mut out, &total, &per_dir)
    } else {
        write_text(&mut out, &total, &per_dir)
    };
    written.and_then(|()| out.flush()).map_err(Error::stdout)?;
    Ok(Status::Success)
}

/// The shared `corpora` folder: `SHARED/corpora`, by default with `SHARED` the
/// `shared` folder beside the repository holding the manifest
/// (`MANIFEST/../../../shared`, the manifest living in the repository's `labels/`).
pub(crate) fn corpora_dir(manifest: &Path, shared: Option<&Path>) -> PathBuf {
    match shared {
        Some(s) => s.join("corpora"),
        None => manifest
            .parent()
            .unwrap_or(Path::new(""))
            .join("../../shared/corpora"),
    }
}

/// The report of the manifest's pages classified as HTML: only the pages whose blocks
/// are exactly their dump's lines count (the others are left out, and their number
/// printed); also added to `total`. `None` after reporting a page that could not be
/// read.
fn html_report(
    cleaner: &Cleaner,
    docs: &[Document],
    corpora: &Path,
    total: &mut Report,
) -> Option<Report> {
    let mut report = Report::default();
    let mut left_out = 0;
    for d in docs {
        let (corpus, id) = d.name.split_once('/').unwrap_or(("", &d.name));
        let page = eval::Page {
            corpus: corpus.into(),
            id: id.into(),
            kind: String::new(),
            site: String::new(),
            lines: d.gold.len(),
            fnv1a: 0,
        };
        let path = page.html_path(corpora);
        let html = match read_html(&path) {
            Ok(html) => html,
            Err(e) => {
                warn(format_args!("{}: page {}: {e}", path.display(), d.name));
                return None;
            }
        };
        let c = cleaner.classify_html(&html);
        if c.dump().as_bytes() != d.text || c.len() != d.gold.len() {
            left_out += 1;
            continue;
        }
        report.add(c.dump().as_bytes(), &d.gold, c.verdicts());
        total.add(c.dump().as_bytes(), &d.gold, c.verdicts());
    }
    if left_out > 0 {
        warn(format_args!(
            "{left_out} of {} pages left out: their HTML blocks are not their dump's lines",
            docs.len()
        ));
    }
    Some(report)
}

/// A gzipped HTML page, decoded.
pub(crate) fn read_html(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    deboiler::decode_html(&bytes)
        .map(|t| t.into_owned())
        .map_err(|e| e.to_string())
}

/// Every DIR's labelled dumps, or `None` after reporting each DIR that could not be
/// read or holds none.
pub fn load_dirs(dirs: &[PathBuf]) -> Option<Vec<(PathBuf, Vec<Document>)>> {
    let mut loaded = Vec::with_capacity(dirs.len());
    let mut failed = false;
    for dir in dirs {
        match eval::load_dir(dir) {
            Ok(docs) if docs.is_empty() => {
                warn(format_args!(
                    "{}: no labelled dumps (NAME.txt with NAME.labels beside it)",
                    dir.display()
                ));
                failed = true;
            }
            Ok(docs) => loaded.push((dir.clone(), docs)),
            Err(e) => {
                warn(format_args!("{e}"));
                failed = true;
            }
        }
    }
    (!failed).then_some(loaded)
}

/// One content-vs-rest line: precision, recall and F1.
fn prf(c: Counts) -> String {
    format!(
        "precision {:.3}  recall {:.3}  F1 {:.3}",
        c.precision(),
        c.recall(),
        c.f1()
    )
}

/// The report as tables, then one line per DIR when there are several.
fn write_text(out: &mut impl Write, total: &Report, per_dir: &[(&Path, Report)]) -> io::Result<()> {
    out.write_all(total.to_text().as_bytes())?;
    if per_dir.len() > 1 {
        writeln!(out, "\nper directory, content vs rest (lines; words):")?;
        let width = per_dir
            .iter()
            .map(|(d, _)| d.display().to_string().chars().count())
            .max()
            .unwrap_or(0);
        for (dir, r) in per_dir {
            let (docs, lines) = r.size();
            writeln!(
                out,
                "{:<width$}  {docs:>4} documents {lines:>7} lines  {}; words F1 {:.3}",
                dir.display().to_string(),
                prf(r.content_lines()),
                r.content_words().f1(),
            )?;
        }
    }
    Ok(())
}

/// The report as pretty JSON; with several DIRs, a `dirs` array holds each DIR's
/// `dir`, `documents`, `lines`, `content_lines` and `content_words`.
fn write_json(out: &mut impl Write, total: &Report, per_dir: &[(&Path, Report)]) -> io::Result<()> {
    let mut json = total.to_json();
    if per_dir.len() > 1
        && let Some(obj) = json.as_object_mut()
    {
        let dirs: Vec<serde_json::Value> = per_dir
            .iter()
            .map(|(dir, r)| {
                let full = r.to_json();
                serde_json::json!({
                    "dir": dir.display().to_string(),
                    "documents": full["documents"],
                    "lines": full["lines"],
                    "content_lines": full["content_lines"],
                    "content_words": full["content_words"],
                })
            })
            .collect();
        obj.insert("dirs".into(), dirs.into());
    }
    serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
    out.write_all(b"\n")
}
