//! `deboiler train --kinds`: the kind model fitted on a manifest of fine-labelled
//! pages (made here, with their dumps in a stand-in for the shared corpora), written,
//! cross-validated; and its usage errors.

use crate::common::{TempDir, deboiler, run, stderr};
use std::fs;
use std::path::PathBuf;

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// Six pages of six sites, each with prose, a newsletter pitch, a menu line and a
/// date: `labels/pages.tsv` and its label files, and `shared/corpora/aeb/dumps`.
fn manifest(dir: &TempDir) -> (PathBuf, PathBuf) {
    let labels = dir.path().join("labels");
    let shared = dir.path().join("shared");
    let dumps = shared.join("corpora/aeb/dumps");
    fs::create_dir_all(labels.join("aeb")).unwrap();
    fs::create_dir_all(&dumps).unwrap();
    let mut tsv = String::from("corpus\tid\ttype\tsite\tlines\tfnv1a\n");
    for p in 0..6 {
        let (mut text, mut gold) = (String::new(), String::new());
        for i in 0..12 {
            text.push_str(&format!(
                "Paragraph {i} of page {p} says that the council met on the bridge and that it voted for the plan.\n\
                 Sign up for our newsletter to get the best stories\n\
                 Home\n\
                 March {}, 2024\n",
                i + 1
            ));
            gold.push_str("content\nmarketing\nnavigation\ntimestamp\n");
        }
        let id = format!("page{p}");
        fs::write(dumps.join(format!("{id}.txt")), &text).unwrap();
        fs::write(labels.join(format!("aeb/{id}.labels")), gold).unwrap();
        tsv.push_str(&format!(
            "aeb\t{id}\tarticle\tsite{p}.example\t48\t{:016x}\n",
            fnv1a(text.as_bytes())
        ));
    }
    let manifest = labels.join("pages.tsv");
    fs::write(&manifest, tsv).unwrap();
    (manifest, shared)
}

/// The F1 of `label` in the first table `train` printed (the fourth column of its
/// first row).
fn first_f1(err: &str, label: &str) -> f64 {
    err.lines()
        .find(|l| l.starts_with(label))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|f| f.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("no {label} row: {err}"))
}

#[test]
fn train_kinds_fits_writes_and_cross_validates() {
    let dir = TempDir::new("train-kinds");
    let (manifest, shared) = manifest(&dir);
    let model = dir.path().join("kinds.txt");
    let features = dir.path().join("features.tsv");
    let cv = dir.path().join("cv");
    // A folder of labelled dumps joins the fit.
    let extra = dir.path().join("extra");
    fs::create_dir_all(&extra).unwrap();
    fs::write(
        extra.join("one.txt"),
        "Photo: Reuters\nThe council met on the bridge and voted for the plan at last.\nHome\n",
    )
    .unwrap();
    fs::write(extra.join("one.labels"), "caption\ncontent\nnavigation\n").unwrap();
    let out = run(deboiler([
        "train".as_ref(),
        "--kinds".as_ref(),
        "--rules".as_ref(),
        "caption".as_ref(),
        "--folds".as_ref(),
        "2".as_ref(),
        "--iterations".as_ref(),
        "100".as_ref(),
        "--shared".as_ref(),
        shared.as_os_str(),
        "--features-out".as_ref(),
        features.as_os_str(),
        "--cv-out".as_ref(),
        cv.as_os_str(),
        "--out".as_ref(),
        model.as_os_str(),
        manifest.as_os_str(),
        extra.as_os_str(),
    ]));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let text = fs::read_to_string(&model).expect("model written");
    assert!(
        text.starts_with("# fitted by: deboiler train --kinds"),
        "{text}"
    );
    assert!(
        text.contains(" 288 lines, and the labelled dumps of 1 folders\n"),
        "{text}"
    );
    assert!(text.contains("\nrules caption\n"), "{text}");
    for class in ["content", "marketing", "navigation", "timestamp", "comment"] {
        assert!(
            text.contains(&format!("\nclass {class}\n")),
            "{class}: {text}"
        );
    }
    assert!(text.contains("override comment 0.5\n"), "{text}");
    assert!(text.contains("\nword_"), "the words are weighed: {text}");
    assert!(err.contains("cross-validated (2 folds by site)"), "{err}");
    // The marketing line is told from the menu line on the pages left out.
    let marketing = first_f1(&err, "marketing");
    assert!(marketing >= 0.9, "marketing F1 {marketing}: {err}");
    // The cross-validated labels: one file per page of the manifest (not the extra
    // folder's dumps), one label a line, mostly the gold's.
    for p in 0..6 {
        let labels = fs::read_to_string(cv.join(format!("aeb/page{p}.labels")))
            .expect("cross-validated labels written");
        let labels: Vec<&str> = labels.lines().collect();
        assert_eq!(labels.len(), 48, "page{p}");
        let gold = ["content", "marketing", "navigation", "timestamp"];
        let right = (0..48).filter(|&i| labels[i] == gold[i % 4]).count();
        assert!(right >= 40, "page{p}: {right} of 48 right: {labels:?}");
    }
    assert!(!cv.join("aeb/one.labels").exists());
    // The features table: a header and one row per line that is not blank.
    let table = fs::read_to_string(&features).unwrap();
    let mut rows = table.lines();
    let header = rows.next().unwrap();
    assert!(header.starts_with("page\tgold\tbias\t"), "{header}");
    assert!(header.contains("\tk_score\t"), "{header}");
    assert_eq!(rows.clone().count(), 6 * 48 + 3);
    let columns = header.split('\t').count();
    assert!(rows.all(|r| r.split('\t').count() == columns));
}

#[test]
fn train_kinds_with_a_context_stage() {
    let dir = TempDir::new("train-kinds-context");
    let (manifest, shared) = manifest(&dir);
    let model = dir.path().join("kinds.txt");
    let out = run(deboiler([
        "train".as_ref(),
        "--kinds".as_ref(),
        "--context-l2".as_ref(),
        "0.001".as_ref(),
        "--iterations".as_ref(),
        "100".as_ref(),
        "--shared".as_ref(),
        shared.as_os_str(),
        "--out".as_ref(),
        model.as_os_str(),
        manifest.as_os_str(),
    ]));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let text = fs::read_to_string(&model).expect("model written");
    assert!(
        text.contains("balance 0.5, a context stage (l2 0.001)\n"),
        "{text}"
    );
    // The first stage, then the context stage, whose features include the
    // neighbours' probabilities.
    let (first, stage) = text
        .split_once("\nstage context\n")
        .expect("a context stage");
    assert!(first.contains("\nclass marketing\n"), "{first}");
    assert!(!first.contains("\nkc_"), "{first}");
    assert!(stage.starts_with("class content\n"), "{stage}");
    assert!(stage.contains("\nkc_prev_"), "{stage}");
    // Fitted on all, it tells the marketing line from the menu line.
    let marketing = first_f1(&err, "marketing");
    assert!(marketing >= 0.9, "marketing F1 {marketing}: {err}");
}

#[test]
fn train_kinds_usage_errors_name_the_problem() {
    let dir = TempDir::new("train-kinds-usage");
    let (manifest, shared) = manifest(&dir);
    let cases: &[(&[&str], &str)] = &[
        (&["--override", "comment"], "expected LABEL=P"),
        (&["--override", "blank=0.5"], "expected LABEL=P"),
        (&["--override", "sidebar=0.5"], "expected LABEL=P"),
        (&["--balance", "2"], "--balance"),
        (&["--rescue", "-1"], "--rescue"),
        (&["--context-l2", "-1"], "--context-l2"),
        (&["--context-l2", "x"], "--context-l2"),
        (
            &["--rules", "blank"],
            "--rules: expected a label of the kind model",
        ),
    ];
    for (args, message) in cases {
        let mut cmd = vec!["train", "--kinds"];
        cmd.extend_from_slice(args);
        let mut cmd: Vec<std::ffi::OsString> = cmd.iter().map(Into::into).collect();
        cmd.push(manifest.clone().into());
        let out = run(deboiler(cmd));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    // The kind model's options without --kinds.
    let out = run(deboiler([
        "train".as_ref(),
        "--rules".as_ref(),
        "caption".as_ref(),
        dir.path().as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("go with --kinds"), "{}", stderr(&out));
    // --shared without --kinds, and a manifest whose dumps are absent.
    let out = run(deboiler([
        "train".as_ref(),
        "--shared".as_ref(),
        shared.as_os_str(),
        dir.path().as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--shared"), "{}", stderr(&out));
    let out = run(deboiler([
        "train".as_ref(),
        "--kinds".as_ref(),
        "--shared".as_ref(),
        dir.path().join("nowhere").as_os_str(),
        manifest.as_os_str(),
    ]));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("nowhere"), "{}", stderr(&out));
}
