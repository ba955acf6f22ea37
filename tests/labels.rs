//! The fine labels of real pages (`labels/`): one label a line for dumps of the shared
//! benchmarks, whose text stays in `../shared/corpora`. `labels/pages.tsv` pins each
//! labelled dump by its line count and FNV-1a checksum, so that a label file that no
//! longer matches its dump fails here, naming the page. Written with `scripts/label`;
//! the conventions are `../shared/LABELING.md` and `docs/LABELS.md`.
//!
//! Without `../shared` the label files are still checked against `pages.tsv` (count,
//! vocabulary), and the test says what it could not check.

#[path = "common/gate.rs"]
#[allow(dead_code)]
mod gate;

use gate::loud;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The labels of `../shared/LABELING.md`.
const LABELS: [&str; 10] = [
    "content",
    "title",
    "byline",
    "timestamp",
    "caption",
    "navigation",
    "marketing",
    "legal",
    "comment",
    "blank",
];

/// Where each corpus's dumps are, under `../shared/corpora`.
fn dump_dir(corpus: &str) -> &'static str {
    match corpus {
        "aeb" => "aeb/dumps",
        "wcxb" => "wcxb/dev/dumps",
        other => panic!("labels/pages.tsv: unknown corpus {other:?} (aeb or wcxb)"),
    }
}

/// One row of `labels/pages.tsv`.
struct Page {
    corpus: String,
    id: String,
    kind: String,
    lines: usize,
    fnv1a: u64,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pages() -> Vec<Page> {
    let path = root().join("labels/pages.tsv");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rows = text.lines();
    assert_eq!(
        rows.next(),
        Some("corpus\tid\ttype\tsite\tlines\tfnv1a"),
        "{}: header",
        path.display()
    );
    rows.enumerate()
        .map(|(n, row)| {
            let f: Vec<&str> = row.split('\t').collect();
            assert_eq!(f.len(), 6, "{} line {}: six fields", path.display(), n + 2);
            Page {
                corpus: f[0].to_string(),
                id: f[1].to_string(),
                kind: f[2].to_string(),
                lines: f[4].parse().expect("a line count"),
                fnv1a: u64::from_str_radix(f[5], 16).expect("a hexadecimal checksum"),
            }
        })
        .collect()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    h
}

/// The lines of a dump as `scripts/label` counts them: split at `\n`, without the
/// empty piece after a final line end.
fn dump_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

fn read_labels(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(str::to_string).collect()
}

/// Problems of one label file against its page (and its dump, when given).
fn problems(page: &Page, labels: &[String], dump: Option<&[u8]>) -> Vec<String> {
    let mut found = Vec::new();
    if labels.len() != page.lines {
        found.push(format!(
            "{} labels, pages.tsv says {} lines",
            labels.len(),
            page.lines
        ));
    }
    for (n, label) in labels.iter().enumerate() {
        if !LABELS.contains(&label.as_str()) {
            found.push(format!("line {}: unknown label {label:?}", n + 1));
        }
    }
    if let Some(bytes) = dump {
        if fnv1a(bytes) != page.fnv1a {
            found.push(format!(
                "the dump's checksum is {:016x}, pages.tsv pins {:016x}: the dump changed, relabel it",
                fnv1a(bytes),
                page.fnv1a
            ));
        }
        let lines = dump_lines(bytes);
        if lines.len() != page.lines {
            found.push(format!("the dump has {} lines", lines.len()));
        }
        for (n, (label, line)) in labels.iter().zip(&lines).enumerate() {
            let empty = line.iter().all(u8::is_ascii_whitespace);
            if (label == "blank") != empty {
                found.push(format!(
                    "line {}: {label:?} on a line that is {}",
                    n + 1,
                    if empty { "blank" } else { "not blank" }
                ));
            }
        }
    }
    found
}

#[test]
fn every_label_file_matches_its_dump() {
    let pages = pages();
    let shared = root().join("../shared/corpora");
    let have_shared = shared.is_dir();
    if !have_shared {
        loud(&format!(
            "labels: {} is missing: label files checked against labels/pages.tsv only, \
             not against their dumps' text and checksums",
            shared.display()
        ));
    }
    let mut failures = Vec::new();
    let mut listed = BTreeSet::new();
    for page in &pages {
        let name = format!("{}/{}", page.corpus, page.id);
        assert!(
            listed.insert(name.clone()),
            "labels/pages.tsv: {name} twice"
        );
        let labels = read_labels(&root().join(format!("labels/{name}.labels")));
        let dump = have_shared.then(|| {
            let path = shared.join(format!("{}/{}.txt", dump_dir(&page.corpus), page.id));
            fs::read(&path).unwrap_or_else(|e| panic!("labels/{name}: {}: {e}", path.display()))
        });
        for problem in problems(page, &labels, dump.as_deref()) {
            failures.push(format!("labels/{name}.labels: {problem}"));
        }
    }
    // Every label file is listed, and every second labelling has a first.
    for corpus in ["aeb", "wcxb"] {
        for entry in fs::read_dir(root().join("labels").join(corpus)).unwrap() {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            let id = file.strip_suffix(".labels").unwrap_or(&file);
            if !listed.contains(&format!("{corpus}/{id}")) {
                failures.push(format!(
                    "labels/{corpus}/{file}: not in labels/pages.tsv (scripts/label manifest)"
                ));
            }
        }
        let second = root().join("labels/second").join(corpus);
        for entry in fs::read_dir(&second).into_iter().flatten() {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            let id = file.strip_suffix(".labels").unwrap_or(&file).to_string();
            match pages.iter().find(|p| p.corpus == corpus && p.id == id) {
                None => failures.push(format!(
                    "labels/second/{corpus}/{file}: a second labelling of a page with no first"
                )),
                Some(page) => {
                    let labels = read_labels(&second.join(&file));
                    for problem in problems(page, &labels, None) {
                        failures.push(format!("labels/second/{corpus}/{file}: {problem}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The set covers what it is for: at least 240 pages and 50,000 lines, with at least
/// 20 pages of every WCXB page type that is not an article.
#[test]
fn the_labelled_pages_cover_every_page_type() {
    let pages = pages();
    let lines: usize = pages.iter().map(|p| p.lines).sum();
    assert!(pages.len() >= 240, "{} pages labelled", pages.len());
    assert!(lines >= 50_000, "{lines} lines labelled");
    for kind in [
        "collection",
        "documentation",
        "forum",
        "listing",
        "product",
        "service",
    ] {
        let n = pages
            .iter()
            .filter(|p| p.corpus == "wcxb" && p.kind == kind)
            .count();
        assert!(n >= 20, "{n} {kind} pages labelled");
    }
}

#[test]
fn a_changed_dump_or_a_short_label_file_is_named() {
    let page = Page {
        corpus: "wcxb".into(),
        id: "test".into(),
        kind: "article".into(),
        lines: 3,
        fnv1a: fnv1a(b"Menu\n\nA paragraph of text.\n"),
    };
    let labels: Vec<String> = ["navigation", "blank", "content"]
        .map(String::from)
        .to_vec();
    assert!(problems(&page, &labels, Some(b"Menu\n\nA paragraph of text.\n")).is_empty());
    let changed = problems(&page, &labels, Some(b"Menu\n\nA paragraph of text!\n"));
    assert!(changed[0].contains("checksum"), "{changed:?}");
    let short = problems(&page, &labels[..2], None);
    assert_eq!(short, ["2 labels, pages.tsv says 3 lines"]);
    let wrong = ["navigation", "content", "kontent"].map(String::from);
    let found = problems(&page, &wrong, Some(b"Menu\n\nA paragraph of text.\n"));
    assert!(
        found
            .iter()
            .any(|p| p.contains("unknown label \"kontent\""))
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("line 2: \"content\" on a line that is blank"))
    );
}
