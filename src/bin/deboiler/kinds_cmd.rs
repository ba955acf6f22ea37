//! `deboiler train --kinds MANIFEST`: fits the kind model on the fine-labelled pages
//! of a `pages.tsv` manifest (text dumps, or with `--html` the pages' HTML), writes
//! it, and optionally cross-validates it with folds by site.

use crate::args::TrainArgs;
use crate::error::{Error, Status, eprint_quietly};
use crate::eval_cmd::{corpora_dir, read_html};
use crate::train_cmd::{check_folds, progress, write_model};
use deboiler::eval::{self, Document, Report};
use deboiler::train_html::HtmlDocument;
use deboiler::train_kinds;
use deboiler::{Cleaner, Verdict};
use std::path::Path;
use std::time::Instant;

/// Every page's verdicts, in order.
type Pages = Vec<Vec<Verdict>>;

/// Loads the manifest's pages, fits on all of them, writes the model, then
/// cross-validates when `--folds` is given.
pub fn run(args: &TrainArgs) -> Result<Status, Error> {
    let Some((manifest, dirs)) = args.dirs.split_first() else {
        return Err(Error::Fatal(
            "train --kinds: expected a pages.tsv manifest".to_string(),
        ));
    };
    if args.html && !dirs.is_empty() {
        return Err(Error::Fatal(
            "train --kinds --html: DIRs of labelled dumps go with text dumps only".to_string(),
        ));
    }
    let fatal = |e: eval::EvalError| Error::Fatal(format!("{}: {}", e.path.display(), e.problem));
    let corpora = corpora_dir(manifest, args.shared.as_deref());
    let pages = eval::read_pages(manifest).map_err(fatal)?;
    let docs = eval::load_pages(manifest, &corpora).map_err(fatal)?;
    let groups: Vec<String> = pages.iter().map(|p| p.site.clone()).collect();
    let lines: usize = docs.iter().map(|d| d.gold.len()).sum();
    let opts = args.kind_options;
    let cleaner = Cleaner::new();
    let header = |what: &str, n: usize| {
        format!(
            "fitted by: {}\n{n} {what} of {}, {lines} lines{}\nl2 {}, iterations {}, balance {}{}",
            args.command_line,
            manifest.display(),
            if dirs.is_empty() {
                String::new()
            } else {
                format!(", and the labelled dumps of {} folders", dirs.len())
            },
            opts.l2,
            opts.iterations,
            opts.balance,
            match (opts.context, opts.context_l2) {
                (false, _) => String::new(),
                (true, None) => ", a context stage".to_string(),
                (true, Some(l2)) => format!(", a context stage (l2 {l2})"),
            },
        )
    };
    let start = Instant::now();
    // The manifest's page of each document used, in order (HTML leaves out the pages
    // whose blocks do not align with their dump).
    let mut html_pages = Vec::new();
    // Each page's verdicts on all and cross-validated, with its text and labels.
    let (full, cv, used): (Pages, Option<Pages>, Vec<Document>) = if args.html {
        let mut html_docs = Vec::new();
        let mut html_groups = Vec::new();
        for (i, ((page, doc), group)) in pages.iter().zip(&docs).zip(&groups).enumerate() {
            let path = page.html_path(&corpora);
            let html =
                read_html(&path).map_err(|e| Error::Fatal(format!("{}: {e}", path.display())))?;
            if let Some(d) = HtmlDocument::aligned(doc.clone(), &html) {
                html_docs.push(d);
                html_groups.push(group.clone());
                html_pages.push(i);
            }
        }
        progress(format_args!(
            "{} of {} pages align with their dumps; fitting the HTML kind model…",
            html_docs.len(),
            docs.len()
        ));
        let all: Vec<&HtmlDocument> = html_docs.iter().collect();
        if let Some(path) = &args.features_out {
            write_features(path, &[], &all)?;
        }
        let fitted = train_kinds::fit_html(&all, &opts);
        write_model(
            args.out.as_deref(),
            &fitted.to_text(&header("HTML pages", html_docs.len())),
        )?;
        let full = html_docs
            .iter()
            .map(|d| fitted.classify_html(&cleaner, d))
            .collect();
        let cv = match args.folds {
            Some(k) => {
                check_folds(&html_groups, k)?;
                Some(train_kinds::cross_validate_html(
                    &html_docs,
                    &html_groups,
                    k,
                    &opts,
                    &cleaner,
                ))
            }
            None => None,
        };
        let used = html_docs.iter().map(|d| d.document.clone()).collect();
        (full, cv, used)
    } else {
        // The labelled dumps of the DIRs join the fit, each its own group in the
        // folds; the figures are the manifest's pages'.
        let mut extra = Vec::new();
        for dir in dirs {
            extra.extend(eval::load_dir(dir).map_err(fatal)?);
        }
        progress(format_args!(
            "{} pages, {lines} lines, and {} labelled dumps of {}; fitting the text kind model…",
            docs.len(),
            extra.len(),
            dirs.len()
        ));
        let mut docs = docs.clone();
        let mut groups = groups.clone();
        groups.extend(extra.iter().map(|d| format!("{}", d.path.display())));
        docs.extend(extra);
        let all: Vec<&Document> = docs.iter().collect();
        if let Some(path) = &args.features_out {
            write_features(path, &all, &[])?;
        }
        let fitted = train_kinds::fit(&all, &opts);
        write_model(
            args.out.as_deref(),
            &fitted.to_text(&header("text dumps", pages.len())),
        )?;
        let full = docs
            .iter()
            .map(|d| fitted.classify(&cleaner, &d.text))
            .collect();
        let cv = match args.folds {
            Some(k) => {
                check_folds(&groups, k)?;
                Some(train_kinds::cross_validate(
                    &docs, &groups, k, &opts, &cleaner,
                ))
            }
            None => None,
        };
        (full, cv, docs)
    };
    // The manifest's pages come first in `used`, then the DIRs' dumps.
    let report = |verdicts: &[Vec<Verdict>]| {
        let mut r = Report::default();
        for (d, v) in used.iter().zip(verdicts).take(pages.len()) {
            r.add(&d.text, &d.gold, v);
        }
        r
    };
    let mut text = format!(
        "\n== full set (fitted on all, evaluated on all) ==\n{}",
        report(&full).to_text()
    );
    if let (Some(k), Some(cv)) = (args.folds, &cv) {
        text = format!(
            "\n== cross-validated ({k} folds by site) ==\n{}{text}",
            report(cv).to_text()
        );
        if let Some(dir) = &args.cv_out {
            let order: Vec<usize> = if args.html {
                html_pages
            } else {
                (0..pages.len()).collect()
            };
            write_cv_labels(dir, &pages, &order, cv)?;
        }
    }
    progress(format_args!(
        "done in {:.1}s",
        start.elapsed().as_secs_f64()
    ));
    eprint_quietly(&text);
    Ok(Status::Success)
}

/// Writes each page's cross-validated labels to `dir/CORPUS/ID.labels`, one a line
/// as in the manifest's label files: `order[i]` is the page of `cv[i]`.
fn write_cv_labels(
    dir: &Path,
    pages: &[eval::Page],
    order: &[usize],
    cv: &[Vec<Verdict>],
) -> Result<(), Error> {
    let fail = |p: &Path, e: std::io::Error| Error::Fatal(format!("{}: {e}", p.display()));
    for (&i, verdicts) in order.iter().zip(cv) {
        let page = &pages[i];
        let folder = dir.join(&page.corpus);
        std::fs::create_dir_all(&folder).map_err(|e| fail(&folder, e))?;
        let mut out = String::with_capacity(12 * verdicts.len());
        for v in verdicts {
            out.push_str(v.label().as_str());
            out.push('\n');
        }
        let path = folder.join(format!("{}.labels", page.id));
        std::fs::write(&path, out).map_err(|e| fail(&path, e))?;
    }
    progress(format_args!(
        "wrote the cross-validated labels of {} pages to {}",
        order.len(),
        dir.display()
    ));
    Ok(())
}

/// Writes the lines' features as a table (see [`train_kinds::features_table`]).
fn write_features(path: &Path, docs: &[&Document], html: &[&HtmlDocument]) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Fatal(format!("{}: {e}", path.display()));
    let file = std::fs::File::create(path).map_err(fail)?;
    let mut out = std::io::BufWriter::new(file);
    train_kinds::features_table(docs, html, &mut out).map_err(fail)?;
    std::io::Write::flush(&mut out).map_err(fail)?;
    progress(format_args!("wrote the features to {}", path.display()));
    Ok(())
}
