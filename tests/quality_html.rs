//! The quality gate on HTML pages: pinned minimum figures on the real pages of the
//! shared benchmarks (AEB and the WCXB development split, `../shared/corpora`), each
//! page decoded with [`decode_html`] and classified with [`Cleaner::classify_html`].
//! The rule is that of `tests/quality.rs` (`tests/common/gate.rs`): a figure under its
//! minimum by no more than `MARGIN` passes with a `WARNING` naming it; further down,
//! the gate fails. `cargo test --test quality_html -- --nocapture` prints the figures.
//!
//! Two figures per corpus:
//! - **Word F1**: the kept text against the gold main text, as WCXB defines it
//!   (`../shared/eval/score.py wcxb`): lower-cased `\w+` tokens, multiset overlap,
//!   precision, recall and F1 per page, averaged over pages. Every page counts.
//! - **Line F1**: content against the rest, per block, on the pages whose blocks are
//!   exactly the lines of their labelled dump (`dumps/NAME.txt` with `NAME.labels`):
//!   the alignment `deboiler train --html` learns from ([`deboiler::train_html::load_dir`]).
//!   The number of aligned pages has a minimum too, so that the line figure is not
//!   measured on a shrinking share of the pages.
//!
//! The number of pages is pinned: a corpus with other pages fails, to be re-measured.
//! Without `../shared` (a fresh checkout) the test passes, saying what it skipped.

#[path = "common/gate.rs"]
mod gate;

use deboiler::eval::{Gold, Report};
use deboiler::{Cleaner, Verdict, decode_html};
use gate::{Gate, loud};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One benchmark's pages and pinned minimums.
struct Corpus {
    /// The corpus folder, from the project's root: `html/`, `dumps/` and the gold.
    dir: &'static str,
    /// Where a page's gold main text is.
    gold: GoldText,
    /// The number of HTML pages.
    pages: usize,
    /// Minimum pages aligned with their labelled dump.
    aligned: usize,
    /// Minimum mean word F1 of the kept text.
    word_f1: f64,
    /// Minimum content-vs-rest line F1 on the aligned pages.
    line_f1: f64,
    /// Whether to check that the pages aligned here are those
    /// [`deboiler::train_html::load_dir`] aligns (a second walk of every page, so on
    /// the smaller corpus only).
    check_alignment: bool,
}

/// Where a corpus keeps its gold main text.
#[derive(Clone, Copy)]
enum GoldText {
    /// `ground-truth.json`: `{id: {"articleBody": text}}` (AEB).
    AebJson,
    /// `ground-truth/<id>.json`: `ground_truth.main_content` (WCXB).
    WcxbFiles,
}

const CORPORA: &[Corpus] = &[
    Corpus {
        dir: "../shared/corpora/aeb",
        gold: GoldText::AebJson,
        pages: 181,
        aligned: 181,
        word_f1: 0.966,
        line_f1: 0.951,
        check_alignment: true,
    },
    Corpus {
        dir: "../shared/corpora/wcxb/dev",
        gold: GoldText::WcxbFiles,
        pages: 1356,
        aligned: 1336,
        word_f1: 0.874,
        line_f1: 0.857,
        check_alignment: false,
    },
];

/// Threads classifying pages (the test machines have two cores).
const THREADS: usize = 2;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The lower-cased `\w+` tokens of `text`, as Python's `re.findall(r"\w+",
/// text.lower())` gives them (a word character: alphanumeric or `_`).
fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// WCXB's precision, recall and F1 of `pred` against `gold`: the multiset overlap
/// of their tokens over each one's count. An empty gold scores 1 for an empty
/// prediction and 0 otherwise; an empty prediction scores 0.
fn word_prf(pred: &str, gold: &str) -> [f64; 3] {
    let (pred, gold) = (tokens(pred), tokens(gold));
    if gold.is_empty() {
        return if pred.is_empty() { [1.0; 3] } else { [0.0; 3] };
    }
    if pred.is_empty() {
        return [0.0; 3];
    }
    let mut left: HashMap<&str, usize> = HashMap::new();
    for t in &gold {
        *left.entry(t).or_default() += 1;
    }
    let mut overlap = 0usize;
    for t in &pred {
        if let Some(n) = left.get_mut(t.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            overlap += 1;
        }
    }
    let p = overlap as f64 / pred.len() as f64;
    let r = overlap as f64 / gold.len() as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    [p, r, f]
}

/// A page's labelled dump: its bytes and one label per line.
struct Labelled {
    text: Vec<u8>,
    gold: Vec<Gold>,
}

/// What one page gives: its word figures and, when its blocks are its dump's lines,
/// the dump with its labels and the verdicts.
struct PageResult {
    words: [f64; 3],
    aligned: Option<(Labelled, Vec<Verdict>)>,
}

fn gunzip(path: &Path) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

/// The page's labelled dump, or why there is none (a missing file, bad labels).
fn labelled(dumps: &Path, id: &str) -> Result<Labelled, String> {
    let txt = dumps.join(format!("{id}.txt"));
    let labels = dumps.join(format!("{id}.labels"));
    let text = std::fs::read(&txt).map_err(|e| format!("{}: {e}", txt.display()))?;
    let labels =
        std::fs::read_to_string(&labels).map_err(|e| format!("{}: {e}", labels.display()))?;
    let gold = labels
        .lines()
        .map(Gold::parse)
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| format!("{}: a line that is no label", txt.display()))?;
    Ok(Labelled { text, gold })
}

/// Classifies one page: its word figures against `gold`, and its verdicts where its
/// blocks are exactly the lines of its labelled dump (the same text, one label per
/// block), as `train_html::load_dir` aligns them.
fn run_page(cleaner: &Cleaner, html: &Path, gold: &str, dump: Option<Labelled>) -> PageResult {
    let bytes = gunzip(html);
    let text = decode_html(&bytes).unwrap_or_else(|e| panic!("{}: {e}", html.display()));
    let c = cleaner.classify_html(&text);
    let words = word_prf(&c.kept_text(), gold);
    let aligned = dump
        .filter(|d| d.text == c.dump().as_bytes() && d.gold.len() == c.len())
        .map(|d| (d, c.verdicts().to_vec()));
    PageResult { words, aligned }
}

/// The gold main text of every page of `corpus`, by id, or what is missing.
fn gold_texts(corpus: &Corpus, dir: &Path, ids: &[String]) -> Vec<Result<String, String>> {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    match corpus.gold {
        GoldText::AebJson => {
            let path = dir.join("ground-truth.json");
            let all: serde_json::Value = match std::fs::read(&path) {
                Ok(bytes) => serde_json::from_slice(&bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
                Err(e) => {
                    let why = format!("{}: {e}", path.display());
                    return ids.iter().map(|_| Err(why.clone())).collect();
                }
            };
            ids.iter()
                .map(|id| {
                    all.get(id)
                        .map(|page| text(&page["articleBody"]))
                        .ok_or_else(|| format!("{}: no page {id}", path.display()))
                })
                .collect()
        }
        GoldText::WcxbFiles => ids
            .iter()
            .map(|id| {
                let path = dir.join("ground-truth").join(format!("{id}.json"));
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let page: serde_json::Value = serde_json::from_slice(&bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                Ok(text(&page["ground_truth"]["main_content"]))
            })
            .collect(),
    }
}

/// Runs every page of `corpus` and checks its figures; `None` when the corpus is
/// absent (said on standard error).
fn gate_corpus(corpus: &Corpus, gate: &mut Gate) -> Option<()> {
    let dir = root().join(corpus.dir);
    let html_dir = dir.join("html");
    let Ok(entries) = std::fs::read_dir(&html_dir) else {
        loud(&format!(
            "SKIPPED HTML quality gate on {}: {} is absent",
            corpus.dir,
            html_dir.display()
        ));
        return None;
    };
    let mut ids: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            Some(name.strip_suffix(".html.gz")?.to_string())
        })
        .collect();
    ids.sort();
    let golds = gold_texts(corpus, &dir, &ids);
    let dumps = dir.join("dumps");
    // Pages without gold are left out, each named.
    let mut jobs = Vec::new();
    for (id, gold) in ids.iter().zip(golds) {
        match gold {
            Ok(gold) => jobs.push((id, gold)),
            Err(why) => loud(&format!("SKIPPED page {id} of {}: {why}", corpus.dir)),
        }
    }
    let cleaner = Cleaner::new();
    let results: Vec<Vec<(usize, PageResult)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let (jobs, cleaner, dumps, html_dir) = (&jobs, &cleaner, &dumps, &html_dir);
                s.spawn(move || {
                    let mut out = Vec::new();
                    for (i, (id, gold)) in jobs.iter().enumerate().skip(t).step_by(THREADS) {
                        let dump = labelled(dumps, id)
                            .map_err(|why| loud(&format!("no labelled dump for {id}: {why}")))
                            .ok();
                        let html = html_dir.join(format!("{id}.html.gz"));
                        out.push((i, run_page(cleaner, &html, gold, dump)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker"))
            .collect()
    });
    let mut results: Vec<(usize, PageResult)> = results.into_iter().flatten().collect();
    results.sort_by_key(|(i, _)| *i);
    let mut sums = [0.0; 3];
    let mut report = Report::default();
    for (_, r) in &results {
        for (sum, x) in sums.iter_mut().zip(r.words) {
            *sum += x;
        }
        if let Some((dump, verdicts)) = &r.aligned {
            report.add(&dump.text, &dump.gold, verdicts);
        }
    }
    if corpus.check_alignment {
        let ours: Vec<&str> = results
            .iter()
            .filter(|(_, r)| r.aligned.is_some())
            .map(|(i, _)| jobs[*i].0.as_str())
            .collect();
        let (docs, _) = deboiler::train_html::load_dir(&html_dir)
            .unwrap_or_else(|e| panic!("{}: {e}", html_dir.display()));
        let trainers: Vec<&str> = docs
            .iter()
            .filter(|d| d.is_labelled())
            .map(|d| d.document.name.as_str())
            .collect();
        assert_eq!(ours, trainers, "{}: aligned pages", corpus.dir);
    }
    let n = results.len();
    let [p, r, f] = sums.map(|s| s / n.max(1) as f64);
    let aligned = report.size().0;
    let lines = report.content_lines();
    println!(
        "{}: {n} pages; words P {p:.4} R {r:.4} F1 {f:.4}; {aligned} aligned pages, \
         {} blocks: lines P {:.4} R {:.4} F1 {:.4}",
        corpus.dir,
        report.size().1,
        lines.precision(),
        lines.recall(),
        lines.f1()
    );
    assert_eq!(
        n, corpus.pages,
        "{}: {n} pages scored, the minimums were measured on {}: re-measure and re-pin \
         them in tests/quality_html.rs",
        corpus.dir, corpus.pages
    );
    assert!(
        aligned >= corpus.aligned,
        "{}: {aligned} pages align with their labelled dumps, fewer than the {} pinned",
        corpus.dir,
        corpus.aligned
    );
    gate.check(&format!("{} HTML word F1", corpus.dir), f, corpus.word_f1);
    gate.check(
        &format!("{} HTML line F1", corpus.dir),
        lines.f1(),
        corpus.line_f1,
    );
    Some(())
}

#[test]
fn shared_html_figures_hold() {
    let mut gate = Gate::default();
    for corpus in CORPORA {
        gate_corpus(corpus, &mut gate);
    }
    gate.finish();
}

#[test]
fn word_scores_follow_the_wcxb_definition() {
    assert_eq!(
        tokens("Grüße, WORLD_x 3.5—東京!"),
        ["grüße", "world_x", "3", "5", "東京"]
    );
    assert_eq!(word_prf("", ""), [1.0; 3]);
    assert_eq!(word_prf("a", ""), [0.0; 3]);
    assert_eq!(word_prf("", "a"), [0.0; 3]);
    // Multiset overlap: "the" twice in both, "cat" kept, "dog" missed, "hat" extra.
    let [p, r, f] = word_prf("The the cat hat", "the THE cat dog");
    assert_eq!((p, r), (0.75, 0.75));
    assert!((f - 0.75).abs() < 1e-12);
    let [p, r, _] = word_prf("the the the", "the");
    assert_eq!((p, r), (1.0 / 3.0, 1.0));
}
