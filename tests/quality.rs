//! The quality gate on text dumps: pinned minimum figures on our own corpus and,
//! where `../shared` is present, on the benchmark dumps. The rule (`tests/common/gate.rs`):
//! a figure under its minimum by no more than `MARGIN` passes with a `WARNING` naming
//! it; further down, the gate fails. When a figure rises, raise its minimum in the
//! same commit. `tests/quality_html.rs` is the same gate on HTML pages.
//!
//! The fine-labelled pages of `labels/` (whose dumps and HTML pages are in
//! `../shared/corpora`) hold per-label minimums, as text dumps and as HTML pages
//! whose blocks are exactly their dump's lines; `labels/pages.tsv` pins each dump by
//! its checksum. `scripts/label score [--html]` prints the same figures.
//!
//! The corpus is pinned by a checksum, so that a minimum is never silently measured
//! on different data: when `corpus/` changes, re-measure (`cargo test --test quality
//! -- --nocapture` prints the figures) and update both the checksum and the minimums.

#[path = "common/gate.rs"]
mod gate;

use deboiler::eval::{Report, load_dir, load_pages, read_pages};
use deboiler::{Cleaner, Label};
use gate::{Gate, loud};
use std::path::{Path, PathBuf};

/// FNV-1a over every corpus file's name and bytes, in name order.
const CORPUS_CHECKSUM: u64 = 0xcf5d3d6d7a14d60c;

/// Minimum F1 on `corpus/`: content vs rest (lines, words), then per label. The
/// kinds are the text kind model's (`seeds/kinds.txt`, fitted on the labelled real
/// pages and `corpus/`): it names titles and marketing on `corpus/` a little less
/// well than the rules it replaced (0.750 and 0.691), and every kind better on real
/// pages, cross-validated by site (docs/ACCURACY.md). Its titles stand where it names
/// them: the rules' headline rule is left out. (Refitted with the shapes of social
/// rows, prices, comments' headers and numbered captions, it names marketing better
/// on real pages, cross-validated, 0.388 to 0.412, and titles, bylines, navigation
/// and marketing on `corpus/` a little less well: 0.694, 0.704, 0.866 and 0.684
/// before. Refitted on 108 more labelled pages, most of them rich in comments or
/// captions, it names comments on real pages, cross-validated, at 0.277 rather than
/// 0.005, and titles, bylines and navigation on `corpus/` a little less well: 0.672,
/// 0.694 and 0.862 before. Its context stage names titles, timestamps, navigation
/// and marketing on `corpus/` better (0.644, 0.873, 0.859 and 0.668 before), and
/// bylines and legal lines a little less well: 0.690 and 0.872 before.)
const CORPUS_CONTENT_LINES: f64 = 0.876;
const CORPUS_CONTENT_WORDS: f64 = 0.929;
const CORPUS_LABELS: &[(Label, f64)] = &[
    (Label::Content, 0.876),
    (Label::Title, 0.652),
    (Label::Byline, 0.676),
    (Label::Timestamp, 0.881),
    (Label::Caption, 0.895),
    (Label::Navigation, 0.867),
    (Label::Marketing, 0.692),
    (Label::Legal, 0.871),
];

/// Minimum content-vs-rest F1 (lines, words) on the shared benchmark dumps.
const SHARED: &[(&str, f64, f64)] = &[
    ("../shared/corpora/aeb/dumps", 0.766, 0.912),
    ("../shared/corpora/wcxb/dev/dumps", 0.734, 0.869),
];

/// Minimum F1 per label on the fine-labelled pages of `labels/`: as text dumps, then
/// as HTML pages (those whose blocks are their dump's lines). The kind models
/// (`seeds/kinds.txt`, `seeds/kinds_html.txt`) are fitted on these pages, so their
/// figures here are those of the models fitted on all of them; the cross-validated
/// ones (folds by site) are in docs/ACCURACY.md. (The text model leaves captions to
/// the rules: 0.553 on the first 242 pages, 0.507 on all 350, whose added captions
/// mostly lack a credit word. The text model's context stage, cross-validated
/// better on every label it names but timestamps, raised marketing here from 0.504
/// and comments from 0.328; its stronger penalty lowered titles from 0.427 and
/// timestamps from 0.916.)
const FINE_TEXT: &[(Label, f64)] = &[
    (Label::Content, 0.747),
    (Label::Title, 0.425),
    (Label::Caption, 0.506),
    (Label::Timestamp, 0.909),
    (Label::Marketing, 0.554),
    (Label::Comment, 0.497),
];
/// (The HTML model fitted with a stronger penalty, `--l2 0.001 --balance 0.2
/// --iterations 1000`, names titles, captions and comments much better and
/// marketing a little worse than the one before, cross-validated: its marketing
/// minimum went down from 0.578 with it. The markup features and the shapes of
/// social rows, prices, comments' headers and numbered captions then lifted,
/// cross-validated, marketing from 0.400 to 0.444, comments from 0.380 to 0.474 and
/// captions from 0.754 to 0.809; comments override content at 0.6, not 0.5. The 108
/// pages added, most for their comments and captions, lowered two minimums measured
/// on all pages, titles from 0.831 and comments from 0.929, while the
/// cross-validated comments rose from 0.474 to 0.792 (0.740 on the first 242 pages),
/// with comments overriding content at 0.9 and captions at 0.7.)
const FINE_HTML: &[(Label, f64)] = &[
    (Label::Content, 0.863),
    (Label::Title, 0.811),
    (Label::Caption, 0.921),
    (Label::Timestamp, 0.923),
    (Label::Marketing, 0.582),
    (Label::Comment, 0.899),
];
/// Minimum fine-labelled pages whose HTML blocks are their dump's lines.
const FINE_HTML_PAGES: usize = 346;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn checksum(dir: &Path) -> u64 {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "labels")
            )
        })
        .collect();
    names.sort();
    let mut h: u64 = 0xcbf29ce484222325;
    for p in names {
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        for b in name.bytes().chain(bytes) {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    h
}

fn report(dir: &Path) -> Report {
    let docs = load_dir(dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(!docs.is_empty(), "no labelled dumps in {}", dir.display());
    let cleaner = Cleaner::new();
    let mut report = Report::default();
    for d in &docs {
        report.add(&d.text, &d.gold, &cleaner.classify_bytes(&d.text));
    }
    report
}

#[test]
fn corpus_figures_hold() {
    let dir = root().join("corpus");
    let sum = checksum(&dir);
    let r = report(&dir);
    println!("{}", r.to_text());
    assert_eq!(
        sum, CORPUS_CHECKSUM,
        "corpus/ changed (checksum {sum:#x}): re-measure and re-pin the minimums in tests/quality.rs"
    );
    let mut gate = Gate::default();
    gate.check(
        "corpus content lines",
        r.content_lines().f1(),
        CORPUS_CONTENT_LINES,
    );
    gate.check(
        "corpus content words",
        r.content_words().f1(),
        CORPUS_CONTENT_WORDS,
    );
    for &(label, min) in CORPUS_LABELS {
        gate.check(&format!("corpus {label}"), r.label(label).f1(), min);
    }
    gate.finish();
}

#[test]
fn shared_dump_figures_hold() {
    let mut gate = Gate::default();
    for &(rel, lines, words) in SHARED {
        let dir = root().join(rel);
        if !dir.is_dir() {
            loud(&format!(
                "SKIPPED quality gate on {rel}: {} is absent",
                dir.display()
            ));
            continue;
        }
        let r = report(&dir);
        gate.check(
            &format!("{rel} content lines"),
            r.content_lines().f1(),
            lines,
        );
        gate.check(
            &format!("{rel} content words"),
            r.content_words().f1(),
            words,
        );
    }
    gate.finish();
}

/// A gzipped HTML page, decoded.
fn read_html(path: &Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    deboiler::decode_html(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into_owned()
}

#[test]
fn fine_labelled_page_figures_hold() {
    let corpora = root().join("../shared/corpora");
    if !corpora.is_dir() {
        loud(&format!(
            "SKIPPED quality gate on the fine-labelled pages: {} is absent",
            corpora.display()
        ));
        return;
    }
    let manifest = root().join("labels/pages.tsv");
    let docs = load_pages(&manifest, &corpora).unwrap_or_else(|e| panic!("{e}"));
    let pages = read_pages(&manifest).unwrap_or_else(|e| panic!("{e}"));
    let cleaner = Cleaner::new();
    let (mut text, mut html, mut aligned) = (Report::default(), Report::default(), 0);
    for (d, page) in docs.iter().zip(&pages) {
        text.add(&d.text, &d.gold, &cleaner.classify_bytes(&d.text));
        let c = cleaner.classify_html(&read_html(&page.html_path(&corpora)));
        if c.dump().as_bytes() == d.text && c.len() == d.gold.len() {
            aligned += 1;
            html.add(c.dump().as_bytes(), &d.gold, c.verdicts());
        }
    }
    println!("text dumps:\n{}", text.to_text());
    println!(
        "HTML, {aligned} of {} pages aligned:\n{}",
        docs.len(),
        html.to_text()
    );
    let mut gate = Gate::default();
    for &(label, min) in FINE_TEXT {
        gate.check(
            &format!("labels/ text {label}"),
            text.label(label).f1(),
            min,
        );
    }
    assert!(
        aligned >= FINE_HTML_PAGES,
        "{aligned} fine-labelled pages aligned as HTML, fewer than {FINE_HTML_PAGES}"
    );
    for &(label, min) in FINE_HTML {
        gate.check(
            &format!("labels/ HTML {label}"),
            html.label(label).f1(),
            min,
        );
    }
    gate.finish();
}
