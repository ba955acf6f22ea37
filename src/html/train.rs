//! Fitting the HTML model (`deboiler train --html`) on pages whose blocks carry the
//! labels of the benchmark dumps.
//!
//! A corpus folder holds `html/NAME.html.gz` (or `.html`) and `dumps/NAME.txt` with
//! `dumps/NAME.labels`, the labelled text dump made from that page. Each page is
//! walked into blocks; where its blocks match the dump's lines exactly (the same text,
//! line for line) the dump's labels are the blocks' labels, and the page is used.
//! Pages that do not align are left out and counted.
//!
//! The fit is that of [`crate::train`], with the layout features (`html/layout.rs`)
//! as extra columns: stages of logistic regression, each over the text features, the
//! layout features and, after the first, the context features of the previous
//! stage's scores; then boosted trees over all three ([`TrainOptions::trees`]);
//! lines weighted by their words and pages evened out by `page_balance`.
//! Cross-validation splits pages by site ([`crate::train::site_groups`]).
//! Deterministic: pages are sorted by name.

use super::dump::Dump;
use super::model::HtmlModel;
use super::walk;
use super::window::{self, BLOCK};
use crate::eval::{Document, EvalError, Gold, Report};
use crate::train::{Page, TrainOptions, fit_pages, prepare_page};
use crate::{Cleaner, Verdict};
use std::io::Read;
use std::path::Path;

/// An HTML page walked into blocks, with the labels of its aligned dump.
pub struct HtmlDocument {
    /// The page's name, its path, its dump (the blocks' text, one per line) and one
    /// label per block. The path is the HTML file's, so that
    /// [`crate::train::site_groups`] finds the corpus's URLs beside `html/`.
    pub document: Document,
    dump: Dump,
}

impl HtmlDocument {
    /// Whether the page has one label per block (it aligned with its dump).
    pub fn is_labelled(&self) -> bool {
        !self.document.gold.is_empty() && self.document.gold.len() == self.dump.blocks.len()
    }

    /// The page walked into blocks.
    pub(crate) fn dump(&self) -> &Dump {
        &self.dump
    }

    /// The page of `html` (decoded) labelled by `document`, whose text must be the
    /// page's blocks, one a line; `None` when they differ.
    pub fn aligned(document: Document, html: &str) -> Option<HtmlDocument> {
        let dump = walk::dump(html, walk::Options::default());
        (dump.text.as_bytes() == document.text && dump.blocks.len() == document.gold.len())
            .then_some(HtmlDocument { document, dump })
    }
}

/// How many pages of a folder could be used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// HTML pages found.
    pub pages: usize,
    /// Pages with a labelled dump whose lines the blocks match exactly.
    pub aligned: usize,
    /// Pages with a labelled dump as many lines long as the blocks, but whose text
    /// differs on some line (left out).
    pub same_count: usize,
    /// Pages without a labelled dump beside them (left out).
    pub unlabelled: usize,
    /// Pages that could not be read or decoded (left out), and those that do not align.
    pub left_out: Vec<String>,
}

/// Reads a gzipped or plain HTML file.
fn read_html(path: &Path) -> std::io::Result<Vec<u8>> {
    let raw = std::fs::read(path)?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out)?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// The page name of an HTML file: without `.gz`, then without `.html` or `.htm`.
fn page_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let stem = name
        .strip_suffix(".html")
        .or_else(|| name.strip_suffix(".htm"))?;
    (!stem.is_empty()).then(|| stem.to_string())
}

/// Loads the pages of `dir` (a folder of `NAME.html[.gz]` with the labelled dumps in
/// `dir/../dumps/`), sorted by name. Pages that do not align with their dump come
/// without labels ([`HtmlDocument::is_labelled`] is false): [`fit`] leaves them out,
/// [`cross_validate`] still classifies them.
///
/// # Errors
///
/// When `dir` cannot be listed.
pub fn load_dir(dir: &Path) -> Result<(Vec<HtmlDocument>, LoadReport), EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|e| EvalError {
        path: dir.to_path_buf(),
        problem: e.to_string(),
    })?;
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| page_name(p).is_some())
        .collect();
    paths.sort();
    let dumps = dir.parent().unwrap_or(dir).join("dumps");
    let mut report = LoadReport::default();
    let mut docs = Vec::new();
    for path in paths {
        let Some(name) = page_name(&path) else {
            continue;
        };
        report.pages += 1;
        let (Ok(text), Ok(labels)) = (
            std::fs::read(dumps.join(format!("{name}.txt"))),
            std::fs::read_to_string(dumps.join(format!("{name}.labels"))),
        ) else {
            report.unlabelled += 1;
            continue;
        };
        let Some(gold) = labels.lines().map(Gold::parse).collect::<Option<Vec<_>>>() else {
            report.left_out.push(format!("{name}: bad labels"));
            continue;
        };
        let html = match read_html(&path) {
            Ok(h) => h,
            Err(e) => {
                report.left_out.push(format!("{name}: {e}"));
                continue;
            }
        };
        let Ok(html) = crate::decode_html(&html) else {
            report.left_out.push(format!("{name}: unknown encoding"));
            continue;
        };
        let dump = walk::dump(&html, walk::Options::default());
        if dump.text.as_bytes() != text || dump.blocks.len() != gold.len() {
            let lines = crate::text::lines(&text).count();
            if lines == dump.blocks.len() {
                report.same_count += 1;
            }
            report.left_out.push(format!(
                "{name}: {} blocks, the dump has {lines} lines{}",
                dump.blocks.len(),
                if lines == dump.blocks.len() {
                    " (some differ)"
                } else {
                    ""
                }
            ));
            // Kept without labels: not learnt from, but classified in
            // cross-validation, so that every page has an output.
            docs.push(HtmlDocument {
                document: Document {
                    name,
                    path,
                    text: dump.text.clone().into_bytes(),
                    gold: Vec::new(),
                },
                dump,
            });
            continue;
        }
        report.aligned += 1;
        docs.push(HtmlDocument {
            document: Document {
                name,
                path,
                text,
                gold,
            },
            dump,
        });
    }
    Ok((docs, report))
}

/// A fitted HTML model, ready to write to `seeds/model_html.txt` or to evaluate.
#[derive(Clone, Debug)]
pub struct HtmlFitted {
    model: HtmlModel,
}

impl HtmlFitted {
    /// The model in the text format of `seeds/model_html.txt`, `header` as comments.
    pub fn to_text(&self, header: &str) -> String {
        self.model.to_text(header)
    }

    /// Classifies a page's blocks with this model.
    pub fn classify(&self, cleaner: &Cleaner, doc: &HtmlDocument) -> Vec<Verdict> {
        let mut out = Vec::new();
        cleaner.classify_dump(
            &self.model,
            crate::kinds::HTML_KINDS.as_ref(),
            &doc.dump,
            &mut Default::default(),
            &mut out,
        );
        out
    }

    /// Evaluates this model on labelled pages.
    pub fn evaluate<'a>(
        &self,
        cleaner: &Cleaner,
        docs: impl IntoIterator<Item = &'a HtmlDocument>,
    ) -> Report {
        let mut report = Report::default();
        for d in docs {
            let v = self.classify(cleaner, d);
            report.add(&d.document.text, &d.document.gold, &v);
        }
        report
    }
}

/// One page's training data: its lines, with the layout features as extra columns.
fn prepare(doc: &HtmlDocument, page_balance: f32) -> Page {
    let mut page = prepare_page(&doc.document.text, &doc.document.gold, page_balance);
    let mut lx = Vec::new();
    window::features(&doc.dump, &mut lx);
    if lx.len() == page.x.len() {
        page.extra = lx.iter().flatten().copied().collect();
    }
    page
}

/// Fits the HTML model on the pages (whole pages only: [`TrainOptions::excerpts`]
/// does not apply): the stages and trees of [`crate::train`], with the layout
/// features as extra columns. Pages whose blocks and labels differ in number are left
/// out.
pub fn fit(docs: &[&HtmlDocument], opts: &TrainOptions) -> HtmlFitted {
    let mut pages: Vec<Page> = docs
        .iter()
        .filter(|d| d.is_labelled())
        .map(|d| prepare(d, opts.page_balance))
        .filter(|p| p.extra.len() == p.x.len() * BLOCK && p.x.len() == p.y.len())
        .collect();
    let (text, extra) = fit_pages(&mut pages, BLOCK, opts);
    let layout = extra
        .iter()
        .map(|w| {
            let mut lw = [0.0f32; BLOCK];
            lw.copy_from_slice(w);
            lw
        })
        .collect();
    HtmlFitted {
        model: HtmlModel { text, layout },
    }
}

/// K-fold cross-validation with folds by group (usually
/// [`crate::train::site_groups`] of the pages' documents): every page is classified
/// by a model fitted without its fold. Returns each page's verdicts, in order.
pub fn cross_validate(
    docs: &[HtmlDocument],
    groups: &[String],
    folds: usize,
    opts: &TrainOptions,
    cleaner: &Cleaner,
) -> Vec<Vec<Verdict>> {
    crate::train::per_fold(
        docs,
        groups,
        folds,
        |train| fit(train, opts),
        |fitted, d| fitted.classify(cleaner, d),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Label;

    fn page(name: &str) -> HtmlDocument {
        let mut html = String::from("<body><nav class=menu><ul>");
        let mut gold = Vec::new();
        for t in ["Home", "News", "Sport"] {
            html.push_str(&format!("<li><a href=/{t}>{t}</a></li>"));
            gold.push(Gold::Other);
        }
        html.push_str("</ul></nav><div class=post-content>");
        for i in 1..=8 {
            html.push_str(&format!(
                "<p>In part {i} of the {name} story, the council said it would meet again.</p>"
            ));
            gold.push(Gold::Label(Label::Content));
        }
        html.push_str("</div><footer><p>About us</p></footer>");
        gold.push(Gold::Other);
        let dump = walk::dump(&html, walk::Options::default());
        HtmlDocument {
            document: Document {
                name: name.into(),
                path: format!("{name}.html").into(),
                text: dump.text.clone().into_bytes(),
                gold,
            },
            dump,
        }
    }

    #[test]
    fn fits_and_cross_validates_a_toy_set() {
        let docs = [
            page("council"),
            page("budget"),
            page("school"),
            page("bridge"),
        ];
        let refs: Vec<&HtmlDocument> = docs.iter().collect();
        let fitted = fit(&refs, &TrainOptions::default());
        let report = fitted.evaluate(&Cleaner::new(), &docs);
        assert!(report.content_lines().f1() > 0.95);
        let text = fitted.to_text("toy");
        assert!(text.contains("tok_nav ") && text.contains("stage 3"));
        assert_eq!(HtmlModel::parse(&text).unwrap().layout.len(), 3);
        let groups: Vec<String> = ["a.example", "a.example", "b.example", "b.example"]
            .map(String::from)
            .to_vec();
        let v = cross_validate(&docs, &groups, 2, &TrainOptions::default(), &Cleaner::new());
        assert_eq!(v[0].len(), docs[0].document.gold.len());
    }

    #[test]
    fn page_names() {
        assert_eq!(page_name(Path::new("a/b.html.gz")).as_deref(), Some("b"));
        assert_eq!(page_name(Path::new("b.htm")).as_deref(), Some("b"));
        assert_eq!(page_name(Path::new("b.txt")), None);
        assert_eq!(page_name(Path::new(".html")), None);
    }
}
