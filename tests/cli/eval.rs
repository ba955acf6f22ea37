//! `deboiler eval`: the report as tables and as JSON, and the errors of a DIR
//! without labelled dumps.

use super::fixtures::labelled_corpus;
use crate::common::{TempDir, deboiler, gzip, run, stderr, stdout};
use std::fs;

#[test]
fn eval_prints_a_report() {
    let dir = TempDir::new("eval");
    let first = labelled_corpus(&dir, "first", 3);
    let second = labelled_corpus(&dir, "second", 2);
    let out = run(deboiler([
        "eval".as_ref(),
        first.as_os_str(),
        second.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("5 documents, "), "{text}");
    assert!(text.contains("precision"), "{text}");
    assert!(text.contains("content vs rest"), "{text}");
    // With several directories, a line for each.
    assert!(text.contains("per directory"), "{text}");
    for d in [&first, &second] {
        assert!(text.contains(&d.display().to_string()), "{text}");
    }

    let out = run(deboiler([
        "eval".as_ref(),
        "--json".as_ref(),
        "--threshold".as_ref(),
        "0.6".as_ref(),
        first.as_os_str(),
        second.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    for key in [
        "documents",
        "lines",
        "labels",
        "content_lines",
        "content_words",
        "confusion",
        "dirs",
    ] {
        assert!(json.get(key).is_some(), "{key} missing: {json}");
    }
    assert_eq!(json["documents"], 5);
    let f1 = json["content_lines"]["f1"].as_f64().expect("f1");
    assert!((0.0..=1.0).contains(&f1));
    assert!(json["labels"]["content"]["precision"].is_number(), "{json}");
    assert_eq!(json["dirs"][0]["documents"], 3);
    assert_eq!(json["dirs"][1]["documents"], 2);
    assert_eq!(json["dirs"][1]["dir"], second.display().to_string());
}

#[test]
fn eval_fails_on_a_dir_without_labelled_dumps() {
    let dir = TempDir::new("eval-empty");
    let corpus = labelled_corpus(&dir, "corpus", 1);
    let empty = dir.path().join("empty");
    fs::create_dir_all(&empty).expect("mkdir");
    let out = run(deboiler([
        "eval".as_ref(),
        corpus.as_os_str(),
        empty.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{}: no labelled dumps", empty.display())),
        "{}",
        stderr(&out)
    );
    // A label count that does not match the line count names the file.
    dir.write("corpus/site0.labels", "content\n");
    let out = run(deboiler(["eval".as_ref(), corpus.as_os_str()]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site0.labels"), "{}", stderr(&out));
}

/// FNV-1a of `bytes`, as `pages.tsv` pins dumps.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// A repository `repo/labels/` with a `pages.tsv` of two pages and their labels,
/// beside a `shared/corpora` holding their dumps and HTML pages; returns the
/// manifest's path.
fn pages_tree(dir: &TempDir) -> std::path::PathBuf {
    let article = "Breaking news\n\
                   The council approved the new housing plan on Tuesday after a long and heated debate among its members.\n\
                   Great article, thanks for writing it!\n";
    let forum = "Share on Facebook\n\
                   Members of the club meet every Thursday evening to talk about the books they have read that month.\n";
    dir.write("shared/corpora/aeb/dumps/a1.txt", article);
    dir.write("shared/corpora/wcxb/dev/dumps/w1.txt", forum);
    dir.write(
        "shared/corpora/aeb/html/a1.html.gz",
        gzip(
            b"<html><body><h1>Breaking news</h1><p>The council approved the new housing plan on \
              Tuesday after a long and heated debate among its members.</p>\
              <div class=comments><p>Great article, thanks for writing it!</p></div></body></html>",
        ),
    );
    dir.write(
        "shared/corpora/wcxb/dev/html/w1.html.gz",
        gzip(b"<html><body><p>Not the dump's text at all.</p></body></html>"),
    );
    dir.write("repo/labels/aeb/a1.labels", "title\ncontent\ncomment\n");
    dir.write("repo/labels/wcxb/w1.labels", "navigation\ncontent\n");
    dir.write(
        "repo/labels/pages.tsv",
        format!(
            "corpus\tid\ttype\tsite\tlines\tfnv1a\n\
             aeb\ta1\tarticle\ta.example\t3\t{:016x}\n\
             wcxb\tw1\tforum\tw.example\t2\t{:016x}\n",
            fnv1a(article.as_bytes()),
            fnv1a(forum.as_bytes())
        ),
    )
}

#[test]
fn eval_reads_a_pages_manifest_with_the_shared_dumps() {
    let dir = TempDir::new("eval-pages");
    let manifest = pages_tree(&dir);
    // `../shared` beside the manifest's repository, found by default.
    let out = run(deboiler([
        "eval".as_ref(),
        "--json".as_ref(),
        "--pages".as_ref(),
        manifest.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(json["documents"], 2, "{json}");
    assert_eq!(json["lines"], 5, "{json}");
    // The comment line is gold `comment`, which the cleaner does not predict yet.
    assert_eq!(json["labels"]["comment"]["gold"], 1.0, "{json}");
    assert_eq!(json["labels"]["comment"]["recall"], 0.0, "{json}");
    assert_eq!(json["content_lines"]["gold"], 2.0, "{json}");

    // The tables name every gold label, comment included.
    let out = run(deboiler([
        "eval".as_ref(),
        "--pages".as_ref(),
        manifest.as_os_str(),
        "--shared".as_ref(),
        dir.path().join("shared").as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("2 documents, 5 lines\n"), "{text}");
    assert!(text.contains("\ncomment "), "{text}");

    // As HTML: the page whose blocks are not its dump's lines is left out, and said so.
    let out = run(deboiler([
        "eval".as_ref(),
        "--json".as_ref(),
        "--html".as_ref(),
        "--pages".as_ref(),
        manifest.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 of 2 pages left out"),
        "{}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(json["documents"], 1, "{json}");
    assert_eq!(json["lines"], 3, "{json}");
}

#[test]
fn eval_pages_errors_name_the_page_or_the_shared_folder() {
    let dir = TempDir::new("eval-pages-bad");
    let manifest = pages_tree(&dir);
    dir.write(
        "shared/corpora/wcxb/dev/dumps/w1.txt",
        "Share on Facebook\nA changed line.\n",
    );
    let out = run(deboiler([
        "eval".as_ref(),
        "--pages".as_ref(),
        manifest.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("page wcxb/w1: the dump's checksum is"),
        "{err}"
    );
    assert!(err.contains("w1.txt"), "{err}");

    let missing = dir.path().join("nowhere");
    let out = run(deboiler([
        "eval".as_ref(),
        "--pages".as_ref(),
        manifest.as_os_str(),
        "--shared".as_ref(),
        missing.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}: absent", missing.join("corpora").display())),
        "{err}"
    );

    // --html without --pages is a usage error.
    let out = run(deboiler(["eval", "--html", "somewhere"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--html and --shared go with --pages"));
}
