//! `deboiler train`: the model written to a file or standard output, the
//! cross-validation, `--cv-out`, and `--html`.

use super::fixtures::labelled_corpus;
use crate::common::{TempDir, deboiler, gzip, run, stderr, stdout};
use std::fs;

#[test]
fn train_writes_a_model() {
    let dir = TempDir::new("train");
    let corpus = labelled_corpus(&dir, "corpus", 4);
    let model = dir.path().join("model.txt");
    let out = run(deboiler([
        "train".as_ref(),
        "--stages".as_ref(),
        "2".as_ref(),
        "--out".as_ref(),
        model.as_os_str(),
        corpus.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let text = fs::read_to_string(&model).expect("model written");
    assert!(text.starts_with('#'), "{text}");
    assert!(text.contains("stage 1\n"), "{text}");
    assert!(text.contains("stage 2\n"), "{text}");
    assert!(!text.contains("stage 3\n"), "{text}");
    assert!(text.contains("4 documents"), "{text}");
    assert!(text.contains(&corpus.display().to_string()), "{text}");
    assert!(stderr(&out).contains("4 documents"), "{}", stderr(&out));

    // To standard output, with cross-validation on standard error.
    let names: Vec<String> = (0..4).map(|i| format!("site{i}")).collect();
    let folds: std::collections::HashSet<usize> = names
        .iter()
        .map(|n| deboiler::train::fold_of(n, 2))
        .collect();
    assert_eq!(folds.len(), 2, "the test corpus must span both folds");
    let out = run(deboiler([
        "train".as_ref(),
        "--stages".as_ref(),
        "1".as_ref(),
        "--folds".as_ref(),
        "2".as_ref(),
        corpus.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("# fitted by: deboiler train"), "{text}");
    assert!(text.contains("stage 1\n"));
    let err = stderr(&out);
    assert!(err.contains("cross-validated (2 folds by site)"), "{err}");
    assert!(err.contains("full set"), "{err}");
    assert!(err.contains("content vs rest"), "{err}");
}

/// `--cv-out` naming an input directory is refused: the kept text written there would
/// overwrite the labelled dumps.
#[test]
fn train_refuses_cv_out_over_its_input() {
    let dir = TempDir::new("cvout");
    let corpus = labelled_corpus(&dir, "corpus", 4);
    let before = fs::read(corpus.join("site0.txt")).expect("dump written");
    let out = run(deboiler([
        "train".as_ref(),
        "--stages".as_ref(),
        "1".as_ref(),
        "--folds".as_ref(),
        "2".as_ref(),
        "--cv-out".as_ref(),
        corpus.as_os_str(),
        "--out".as_ref(),
        dir.path().join("m.txt").as_os_str(),
        corpus.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("input directory"), "{}", stderr(&out));
    assert_eq!(
        fs::read(corpus.join("site0.txt")).expect("still there"),
        before
    );
}

/// `train --html`: pages in `html/`, their labelled dumps in `dumps/`; a page whose
/// blocks do not match its dump is counted and left out of the fit, but still gets a
/// cross-validated output.
#[test]
fn train_html_fits_on_aligned_pages() {
    let dir = TempDir::new("train-html");
    for i in 0..4 {
        let html = format!(
            "<body><nav class=menu><a href=/>Home</a></nav><div class=post-content>\
             <p>Story {i} says that the council met on Tuesday and voted for the plan.</p>\
             <p>Engineers said the repairs would take about eighteen months to finish.</p>\
             </div><footer>About us</footer></body>"
        );
        dir.write(
            &format!("corpus/html/site{i}.html.gz"),
            gzip(html.as_bytes()),
        );
        let dump = if i == 3 {
            "Home\nsomething else\n".to_string()
        } else {
            format!(
                "Home\nStory {i} says that the council met on Tuesday and voted for the plan.\n\
                 Engineers said the repairs would take about eighteen months to finish.\nAbout us\n"
            )
        };
        dir.write(&format!("corpus/dumps/site{i}.txt"), &dump);
        let labels: String = dump
            .lines()
            .map(|l| if l.len() > 20 { "content\n" } else { "other\n" })
            .collect();
        dir.write(&format!("corpus/dumps/site{i}.labels"), labels);
    }
    let html_dir = dir.path().join("corpus/html");
    let model = dir.path().join("model_html.txt");
    let cv = dir.path().join("cv");
    let out = run(deboiler([
        "train".as_ref(),
        "--html".as_ref(),
        "--stages".as_ref(),
        "2".as_ref(),
        "--folds".as_ref(),
        "2".as_ref(),
        "--cv-out".as_ref(),
        cv.as_os_str(),
        "--out".as_ref(),
        model.as_os_str(),
        html_dir.as_os_str(),
    ]));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("4 pages, 3 aligned"), "{err}");
    let text = fs::read_to_string(&model).expect("model written");
    assert!(text.contains("3 aligned pages"), "{text}");
    assert!(
        text.contains("\ntok_nav ") && text.contains("\nstage 2\n"),
        "{text}"
    );
    for i in 0..4 {
        assert!(cv.join(format!("site{i}.txt")).exists(), "site{i}");
    }
    // Every line's verdict, one per line of the page's dump: label, score, verdict.
    let verdicts = fs::read_to_string(cv.join("site0.verdicts.tsv")).expect("verdicts written");
    let rows: Vec<Vec<&str>> = verdicts.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{verdicts}");
    for row in &rows {
        assert_eq!(row.len(), 3, "{verdicts}");
        assert!(row[0].parse::<deboiler::Label>().is_ok(), "{verdicts}");
        let score: f32 = row[1].parse().expect("a score");
        assert!((0.0..=1.0).contains(&score), "{verdicts}");
        assert!(matches!(row[2], "kept" | "dropped"), "{verdicts}");
    }
    let kept = fs::read_to_string(cv.join("site0.txt")).unwrap();
    assert_eq!(
        kept.lines().count(),
        rows.iter().filter(|r| r[2] == "kept").count(),
        "{kept}"
    );
}
