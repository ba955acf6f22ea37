//! Fine-labelled pages of the shared benchmarks: a `pages.tsv` manifest (the
//! project's `labels/pages.tsv`), its label files, and the dumps they label, which
//! stay in the shared corpora and are pinned by line count and checksum.

use super::{Document, EvalError, read_gold};
use std::fs;
use std::path::{Path, PathBuf};

/// Where a corpus of `pages.tsv` keeps its dumps and HTML pages, under the shared
/// corpora: (dumps, HTML pages).
fn page_sources(corpus: &str) -> Option<(&'static str, &'static str)> {
    match corpus {
        "aeb" => Some(("aeb/dumps", "aeb/html")),
        "wcxb" => Some(("wcxb/dev/dumps", "wcxb/dev/html")),
        _ => None,
    }
}

/// FNV-1a (64 bits) of `bytes`, the checksum `pages.tsv` pins dumps with.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// One row of a `pages.tsv` manifest of fine-labelled pages (the project's
/// `labels/pages.tsv`): a page of a shared benchmark whose labels are
/// `CORPUS/ID.labels` beside the manifest and whose text stays in the shared corpora.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The corpus: `aeb` or `wcxb`.
    pub corpus: String,
    /// The page's id in its corpus.
    pub id: String,
    /// The page type (`article`, `forum`…).
    pub kind: String,
    /// The site.
    pub site: String,
    /// The dump's line count.
    pub lines: usize,
    /// The FNV-1a checksum of the dump's bytes.
    pub fnv1a: u64,
}

impl Page {
    /// The page's text dump under `corpora` (the shared `corpora` folder):
    /// `aeb/dumps/ID.txt` or `wcxb/dev/dumps/ID.txt`.
    ///
    /// ```
    /// use deboiler::eval::Page;
    /// use std::path::Path;
    /// let p = Page { corpus: "wcxb".into(), id: "42".into(), kind: "forum".into(),
    ///                site: "example.org".into(), lines: 3, fnv1a: 0 };
    /// assert_eq!(p.dump_path(Path::new("c")), Path::new("c/wcxb/dev/dumps/42.txt"));
    /// assert_eq!(p.html_path(Path::new("c")), Path::new("c/wcxb/dev/html/42.html.gz"));
    /// ```
    pub fn dump_path(&self, corpora: &Path) -> PathBuf {
        let (dumps, _) = page_sources(&self.corpus).unwrap_or(("", ""));
        corpora.join(dumps).join(format!("{}.txt", self.id))
    }

    /// The page's HTML under `corpora`: `aeb/html/ID.html.gz` or
    /// `wcxb/dev/html/ID.html.gz`.
    pub fn html_path(&self, corpora: &Path) -> PathBuf {
        let (_, html) = page_sources(&self.corpus).unwrap_or(("", ""));
        corpora.join(html).join(format!("{}.html.gz", self.id))
    }
}

/// Reads a `pages.tsv` manifest: a header `corpus id type site lines fnv1a`, then
/// one page a row, tab-separated. A malformed row is an error naming its line.
pub fn read_pages(path: &Path) -> Result<Vec<Page>, EvalError> {
    let err = |problem: String| EvalError {
        path: path.to_path_buf(),
        problem,
    };
    let text = fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let mut rows = text.lines();
    const HEADER: &str = "corpus\tid\ttype\tsite\tlines\tfnv1a";
    if rows.next() != Some(HEADER) {
        return Err(err(format!(
            "line 1: expected the header {:?}",
            HEADER.replace('\t', " ")
        )));
    }
    let mut pages = Vec::new();
    for (i, row) in rows.enumerate() {
        let line = i + 2;
        if row.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() != 6 {
            return Err(err(format!("line {line}: {} fields, expected 6", f.len())));
        }
        if page_sources(f[0]).is_none() {
            return Err(err(format!(
                "line {line}: unknown corpus {:?} (aeb or wcxb)",
                f[0]
            )));
        }
        let lines = f[4]
            .parse()
            .map_err(|_| err(format!("line {line}: bad line count {:?}", f[4])))?;
        let fnv1a = u64::from_str_radix(f[5], 16)
            .map_err(|_| err(format!("line {line}: bad checksum {:?}", f[5])))?;
        pages.push(Page {
            corpus: f[0].to_string(),
            id: f[1].to_string(),
            kind: f[2].to_string(),
            site: f[3].to_string(),
            lines,
            fnv1a,
        });
    }
    Ok(pages)
}

/// Reads every page of a `pages.tsv` manifest: labels from `CORPUS/ID.labels` beside
/// the manifest, text from the dump under `corpora` (the shared `corpora` folder, see
/// [`Page::dump_path`]). Each [`Document`] is named `CORPUS/ID`, in the manifest's
/// order. A dump whose line count or FNV-1a checksum differs from the manifest's is
/// an error naming the page, as is a label file of another length; an absent
/// `corpora` folder is an error naming it.
///
/// ```
/// use deboiler::eval::{Gold, load_pages};
/// use deboiler::Label;
/// use std::fs;
/// let root = std::env::temp_dir().join(format!("deboiler-doc-pages-{}", std::process::id()));
/// let (labels, corpora) = (root.join("labels"), root.join("corpora"));
/// fs::create_dir_all(labels.join("aeb")).unwrap();
/// fs::create_dir_all(corpora.join("aeb/dumps")).unwrap();
/// fs::write(corpora.join("aeb/dumps/p1.txt"), "Hello\n\nMe too\n").unwrap();
/// fs::write(labels.join("aeb/p1.labels"), "content\nblank\ncomment\n").unwrap();
/// fs::write(labels.join("pages.tsv"),
///     "corpus\tid\ttype\tsite\tlines\tfnv1a\naeb\tp1\tarticle\texample.org\t3\t\
///      9bd1ef8d0e1c4d3d\n").unwrap();
/// let err = load_pages(&labels.join("pages.tsv"), &corpora).unwrap_err();
/// assert!(err.problem.starts_with("page aeb/p1: the dump's checksum is "), "{err}");
///
/// let sum = format!("{:016x}", "Hello\n\nMe too\n".bytes()
///     .fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3)));
/// fs::write(labels.join("pages.tsv"),
///     format!("corpus\tid\ttype\tsite\tlines\tfnv1a\naeb\tp1\tarticle\texample.org\t3\t{sum}\n")).unwrap();
/// let docs = load_pages(&labels.join("pages.tsv"), &corpora).unwrap();
/// assert_eq!(docs[0].name, "aeb/p1");
/// assert_eq!(docs[0].gold[2], Gold::Label(Label::Comment));
/// fs::remove_dir_all(&root).unwrap();
/// ```
pub fn load_pages(manifest: &Path, corpora: &Path) -> Result<Vec<Document>, EvalError> {
    let pages = read_pages(manifest)?;
    if !corpora.is_dir() {
        return Err(EvalError {
            path: corpora.to_path_buf(),
            problem: format!(
                "absent: the dumps of the pages of {} are read from this folder \
                 (the shared benchmarks' corpora)",
                manifest.display()
            ),
        });
    }
    let base = manifest.parent().unwrap_or(Path::new(""));
    pages
        .iter()
        .map(|page| load_page(page, base, corpora))
        .collect()
}

/// One page of a manifest, checked against it.
fn load_page(page: &Page, labels_dir: &Path, corpora: &Path) -> Result<Document, EvalError> {
    let name = format!("{}/{}", page.corpus, page.id);
    let path = page.dump_path(corpora);
    let err = |path: &Path, problem: String| EvalError {
        path: path.to_path_buf(),
        problem: format!("page {name}: {problem}"),
    };
    let text = fs::read(&path).map_err(|e| err(&path, e.to_string()))?;
    let sum = fnv1a(&text);
    if sum != page.fnv1a {
        return Err(err(
            &path,
            format!(
                "the dump's checksum is {sum:016x}, pages.tsv pins {:016x}: the dump changed",
                page.fnv1a
            ),
        ));
    }
    let lines = crate::text::lines(&text).count();
    if lines != page.lines {
        return Err(err(
            &path,
            format!("the dump has {lines} lines, pages.tsv says {}", page.lines),
        ));
    }
    let labels_path = labels_dir
        .join(&page.corpus)
        .join(format!("{}.labels", page.id));
    let gold = read_gold(&labels_path).map_err(|e| err(&e.path, e.problem))?;
    if gold.len() != lines {
        return Err(err(
            &labels_path,
            format!("{} labels for {lines} lines", gold.len()),
        ));
    }
    Ok(Document {
        name,
        path,
        text,
        gold,
    })
}
