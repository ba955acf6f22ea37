//! Tests of the `deboiler` binary: cleaning files and standard input, the output
//! formats, `--out-dir`, gzip, binary and broken inputs, exit statuses, and the
//! `eval` and `train` subcommands.

mod common;

use common::{TempDir, deboiler, gzip, run, run_with_stdin, stderr, stdout};
use deboiler::{Cleaner, Label};
use std::fs;
use std::io::Read;
use std::process::Stdio;

/// A small page: chrome around a few paragraphs of prose.
const PAGE: &str = "\
Home | News | Sport | Business
Share on Facebook
Share on X
Council approves new harbour wall after storm damage
By Jane Doe, Senior Reporter
09:56, Mon, Mar 17, 2025 | UPDATED: 09:56, Mon, Mar 17, 2025
The town council voted on Tuesday to rebuild the old harbour wall, which was badly damaged in the winter storms.
Engineers told the meeting that the repairs would take about eighteen months and cost more than four million pounds.
Several residents spoke in favour of the plan, saying the ferry service and the fishing fleet both depend on the wall.
Others asked why the work could not begin sooner, given that the damage had been known about since January.

The mayor said the council had first needed to secure money from the regional government, which arrived last week.
Work is expected to start in the spring, and the harbour will stay open to small boats while it goes on.
Invalid email
Sign up to our free newsletter
We use cookies to improve your experience.
© 2025 Example Media Ltd. All rights reserved.
";

/// The gold labels of [`PAGE`], one per line.
const PAGE_LABELS: &str = "navigation\nnavigation\nnavigation\ntitle\nbyline\ntimestamp\n\
content\ncontent\ncontent\ncontent\nblank\ncontent\ncontent\nmarketing\nmarketing\nlegal\nlegal\n";

/// What the library keeps of `input` with the default cleaner.
fn cleaned(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    Cleaner::new().clean_bytes(input, &mut out);
    out
}

/// Checks that the default cleaner keeps prose and drops chrome on [`PAGE`], so that
/// the other tests compare something meaningful.
fn assert_page_is_cleaned(out: &[u8]) {
    let out = String::from_utf8_lossy(out);
    assert!(out.contains("Engineers told the meeting"), "{out}");
    assert!(!out.contains("Share on Facebook"), "{out}");
    assert!(!out.contains("Invalid email"), "{out}");
}

#[test]
fn cleans_a_file() {
    let dir = TempDir::new("file");
    let a = dir.write("a.txt", PAGE);
    let out = run(deboiler([&a]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
    assert_page_is_cleaned(&out.stdout);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn cleans_stdin_without_arguments() {
    let out = run_with_stdin(deboiler(std::iter::empty::<&str>()), PAGE.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
    assert_page_is_cleaned(&out.stdout);
}

#[test]
fn dash_reads_stdin_between_files() {
    let dir = TempDir::new("dash");
    let other = "Menu\nThe harbour reopened on Monday after engineers repaired the storm damage to the old sea wall.\n";
    let a = dir.write("a.txt", other);
    let out = run_with_stdin(
        deboiler([a.as_os_str(), "-".as_ref(), a.as_os_str()]),
        PAGE.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut expected = cleaned(other.as_bytes());
    expected.extend(cleaned(PAGE.as_bytes()));
    expected.extend(cleaned(other.as_bytes()));
    assert_eq!(stdout(&out), String::from_utf8_lossy(&expected));
}

#[test]
fn keep_two_labels() {
    let labels = [Label::Content, Label::Navigation];
    let out = run_with_stdin(deboiler(["--keep", "content,navigation"]), PAGE.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let mut expected = Vec::new();
    Cleaner::builder()
        .keep(&labels)
        .build()
        .clean_bytes(PAGE.as_bytes(), &mut expected);
    assert_eq!(out.stdout, expected);
    // More is kept than content alone, and all of the content still is.
    let default = cleaned(PAGE.as_bytes());
    assert!(out.stdout.len() > default.len());
    let kept = stdout(&out);
    for line in String::from_utf8_lossy(&default).lines() {
        assert!(kept.contains(line), "{line:?} missing");
    }
}

#[test]
fn unknown_keep_label_is_a_usage_error() {
    let out = run_with_stdin(deboiler(["--keep", "content,bogus"]), PAGE.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("bogus"), "{err}");
    for l in Label::ALL {
        assert!(err.contains(l.as_str()), "{err} should list {l}");
    }
    assert!(err.contains("Usage: deboiler"), "{err}");
}

#[test]
fn bad_options_are_usage_errors() {
    for args in [
        &["--bogus"][..],
        &["--threshold", "2"],
        &["--threshold", "x"],
        &["--format", "xml"],
        &["--format"],
        &["--explain", "--format", "jsonl"],
        &["--stats=yes"],
        &["eval"],
        &["train", "--folds", "1", "dir"],
    ] {
        let out = run(deboiler(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("Usage:"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn missing_file_fails_but_the_others_are_cleaned() {
    let dir = TempDir::new("missing");
    let a = dir.write("a.txt", PAGE);
    let missing = dir.path().join("missing.txt");
    let out = run(deboiler([&missing, &a]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("deboiler: {}: ", missing.display())),
        "{err}"
    );
    assert!(err.contains("No such file or directory"), "{err}");
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
}

#[test]
fn jsonl_accounts_for_every_line() {
    let dir = TempDir::new("jsonl");
    let mut input = PAGE.as_bytes().to_vec();
    input.extend_from_slice(
        b"Ung\xfcltige Zeichen in dieser Zeile, aber sonst ein ganz normaler Satz.\r\n",
    );
    let a = dir.write("a.txt", &input);
    let out = run(deboiler([
        "--format".as_ref(),
        "jsonl".as_ref(),
        a.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let input_lines: Vec<&[u8]> = input
        .strip_suffix(b"\n")
        .unwrap_or(&input)
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect();
    let objects: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect();
    assert_eq!(objects.len(), input_lines.len());
    let verdicts = Cleaner::new().classify_bytes(&input);
    for (i, ((o, line), v)) in objects.iter().zip(&input_lines).zip(&verdicts).enumerate() {
        assert_eq!(o["line"], i + 1);
        assert_eq!(o["file"], a.display().to_string());
        assert_eq!(o["label"], v.label().as_str());
        assert_eq!(o["kept"], v.is_kept());
        let score = o["score"].as_f64().expect("score is a number");
        assert!((0.0..=1.0).contains(&score));
        assert!((score - f64::from(v.score())).abs() <= 0.0005 + 1e-9);
        let reasons: Vec<&str> = o["reasons"]
            .as_array()
            .expect("reasons is an array")
            .iter()
            .map(|r| r.as_str().expect("reason names are strings"))
            .collect();
        let expected: Vec<&str> = v.reasons().iter().map(deboiler::Reason::as_str).collect();
        assert_eq!(reasons, expected);
        assert_eq!(o["text"], String::from_utf8_lossy(line).as_ref());
        let invalid = std::str::from_utf8(line).is_err();
        assert_eq!(o.get("invalid_utf8").is_some(), invalid, "line {}", i + 1);
        if invalid {
            assert_eq!(o["invalid_utf8"], true);
            assert!(o["text"].as_str().unwrap_or("").contains('\u{fffd}'));
        }
    }
}

#[test]
fn explain_lists_every_line() {
    let out = run_with_stdin(deboiler(["--explain"]), PAGE.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().collect();
    let verdicts = Cleaner::new().classify(PAGE);
    assert_eq!(rows.len(), PAGE.lines().count());
    for (i, ((row, line), v)) in rows.iter().zip(PAGE.lines()).zip(&verdicts).enumerate() {
        let mut fields = row.split_whitespace();
        assert_eq!(fields.next(), Some((i + 1).to_string().as_str()), "{row}");
        let mark = if v.is_kept() { "KEEP" } else { "drop" };
        assert_eq!(fields.next(), Some(mark), "{row}");
        assert_eq!(fields.next(), Some(v.label().as_str()), "{row}");
        assert_eq!(
            fields.next(),
            Some(format!("{:.2}", v.score()).as_str()),
            "{row}"
        );
        let (_, shown) = row.split_once(" │ ").expect("text column");
        let shown = shown.trim_end_matches('…');
        assert!(line.starts_with(shown), "{row}");
    }
    assert!(rows.iter().any(|r| r.contains(" KEEP ")));
    assert!(rows.iter().any(|r| r.contains(" drop ")));
}

#[test]
fn out_dir_names_and_gzip_inputs() {
    let dir = TempDir::new("outdir");
    let other = "Home\nThe harbour reopened on Monday after engineers repaired the storm damage to the old sea wall.\n";
    let a = dir.write("in/a.txt", PAGE);
    let b = dir.write("in/b.html.gz", gzip(other.as_bytes()));
    let c = dir.write("in/c.txt.gz", gzip(PAGE.as_bytes()));
    let out_dir = dir.path().join("out/nested");
    let out = run_with_stdin(
        deboiler([
            "--out-dir".as_ref(),
            out_dir.as_os_str(),
            a.as_os_str(),
            b.as_os_str(),
            c.as_os_str(),
            "-".as_ref(),
        ]),
        other.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let read = |name: &str| fs::read(out_dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(read("a.txt"), cleaned(PAGE.as_bytes()));
    assert_eq!(read("b.txt"), cleaned(other.as_bytes()));
    assert_eq!(read("c.txt"), cleaned(PAGE.as_bytes()));
    assert_eq!(read("stdin.txt"), cleaned(other.as_bytes()));
    let mut names: Vec<String> = fs::read_dir(&out_dir)
        .expect("out dir exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.txt", "b.txt", "c.txt", "stdin.txt"]);

    // JSON lines go to NAME.jsonl.
    let json_dir = dir.path().join("json");
    let out = run(deboiler([
        "--format".as_ref(),
        "jsonl".as_ref(),
        "-o".as_ref(),
        json_dir.as_os_str(),
        c.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let jsonl = fs::read_to_string(json_dir.join("c.jsonl")).expect("c.jsonl");
    assert_eq!(jsonl.lines().count(), PAGE.lines().count());
}

#[test]
fn out_dir_refuses_a_second_input_with_the_same_name() {
    let dir = TempDir::new("clash");
    let first = "Menu\nThe harbour reopened on Monday after engineers repaired the storm damage to the old sea wall.\n";
    let a1 = dir.write("one/a.txt", first);
    let a2 = dir.write("two/a.html", PAGE);
    let out_dir = dir.path().join("out");
    let out = run(deboiler([
        "--out-dir".as_ref(),
        out_dir.as_os_str(),
        a1.as_os_str(),
        a2.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&a2.display().to_string()), "{err}");
    assert!(err.contains("already written"), "{err}");
    assert_eq!(
        fs::read(out_dir.join("a.txt")).expect("a.txt"),
        cleaned(first.as_bytes())
    );
}

#[test]
fn out_dir_never_overwrites_the_input() {
    let dir = TempDir::new("self");
    let a = dir.write("a.txt", PAGE);
    let out = run(deboiler([
        "--out-dir".as_ref(),
        dir.path().as_os_str(),
        a.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("input itself"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&a).expect("a.txt"), PAGE);
}

#[test]
fn gzip_is_recognised_by_its_magic_bytes() {
    let dir = TempDir::new("magic");
    let p = dir.write("page.dump", gzip(PAGE.as_bytes()));
    let out = run(deboiler([&p]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
    // And on standard input.
    let out = run_with_stdin(deboiler(["-"]), &gzip(PAGE.as_bytes()));
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
}

#[test]
fn corrupt_gzip_fails_with_the_file_named() {
    let dir = TempDir::new("corrupt");
    let gz = gzip(PAGE.as_bytes());
    let truncated = dir.write("cut.txt.gz", &gz[..gz.len() / 2]);
    let not_gzip = dir.write("plain.gz", "this is not gzip data at all\n");
    let good = dir.write("good.txt", PAGE);
    let out = run(deboiler([&truncated, &not_gzip, &good]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for p in [&truncated, &not_gzip] {
        assert!(
            err.contains(&format!("deboiler: {}: corrupt gzip data", p.display())),
            "{err}"
        );
    }
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
}

#[test]
fn binary_input_is_skipped() {
    let dir = TempDir::new("binary");
    let bin = dir.write("image.txt", b"\x89PNG\r\n\x00\x00\x00IHDR garbage");
    let out = run(deboiler([
        "--threshold".as_ref(),
        "0".as_ref(),
        bin.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        format!(
            "deboiler: {}: looks like binary data (NUL byte at offset 6); skipped\n",
            bin.display()
        )
    );
    // Also after decompression.
    let gz = dir.write("image.gz", gzip(b"text first\n\x00binary after"));
    let out = run(deboiler([&gz]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("NUL byte at offset 11"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn kept_lines_are_byte_exact() {
    // CRLF line ends, invalid UTF-8, a lone CR, tabs and a blank line inside.
    let input: &[u8] = b"First line, with CRLF.\r\n\
        Caf\xe9 cr\xe8me in Latin-1, which is not UTF-8.\r\n\
        \xff\xfe broken start\n\
        tab\tseparated\tcells\n\
        \r\n\
        a lone \r carriage return inside\n\
        last line\r\n";
    let dir = TempDir::new("exact");
    let p = dir.write("mixed.txt", input);
    let out = run(deboiler([
        "--threshold".as_ref(),
        "0".as_ref(),
        p.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, input);
}

#[test]
fn empty_input_gives_empty_output() {
    let dir = TempDir::new("empty");
    let p = dir.write("empty.txt", "");
    for format in ["text", "jsonl"] {
        let out = run(deboiler([
            "--format".as_ref(),
            format.as_ref(),
            p.as_os_str(),
        ]));
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(out.stdout.is_empty(), "{format}");
        assert!(out.stderr.is_empty(), "{format}");
    }
    let out = run_with_stdin(deboiler(["--explain"]), b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn a_50_mb_single_line() {
    let dir = TempDir::new("huge");
    let mut line = vec![b'x'; 50 * 1024 * 1024];
    line.push(b'\n');
    let p = dir.write("huge.txt", &line);
    let out = run(deboiler([
        "--threshold".as_ref(),
        "0".as_ref(),
        p.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout.len(), line.len());
    assert!(out.stdout == line, "the line comes out unchanged");
}

#[test]
fn stats_go_to_stderr() {
    let dir = TempDir::new("stats");
    let a = dir.write("a.txt", PAGE);
    let out = run(deboiler(["--stats".as_ref(), a.as_os_str(), a.as_os_str()]));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut expected = cleaned(PAGE.as_bytes());
    expected.extend(cleaned(PAGE.as_bytes()));
    assert_eq!(out.stdout, expected);
    let verdicts = Cleaner::new().classify(PAGE);
    let kept = verdicts.iter().filter(|v| v.is_kept()).count();
    let content = verdicts
        .iter()
        .filter(|v| v.label() == Label::Content)
        .count();
    let err = stderr(&out);
    let line = format!(
        "{}: {} lines, {kept} kept; content {content}",
        a.display(),
        verdicts.len()
    );
    assert_eq!(err.matches(&line).count(), 2, "{err}");
    assert!(
        err.contains(&format!(
            "total: {} lines, {} kept",
            2 * verdicts.len(),
            2 * kept
        )),
        "{err}"
    );
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut input = Vec::new();
    for i in 0..20_000 {
        input.extend_from_slice(
            format!("Paragraph {i} says that the council met and voted for the plan.\n").as_bytes(),
        );
    }
    let dir = TempDir::new("pipe");
    let p = dir.write("long.txt", &input);
    let mut child = deboiler(["--threshold".as_ref(), "0".as_ref(), p.as_os_str()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read a little, then close the pipe, as `| head -c 100` would.
    let mut head = [0u8; 100];
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_exact(&mut head)
        .expect("some output");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_string(&mut err)
        .expect("stderr");
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}: {err}");
    assert_eq!(err, "");
    assert!(head.starts_with(b"Paragraph 0 says"));
}

#[test]
fn help_and_version() {
    let out = run(deboiler(["--help"]));
    assert!(out.status.success());
    let help = stdout(&out);
    for flag in [
        "--format",
        "jsonl",
        "--explain",
        "--keep",
        "--threshold",
        "--out-dir",
        "--stats",
        "--help",
        "--version",
        "deboiler -- eval",
        "eval",
        "train",
    ] {
        assert!(help.contains(flag), "help lacks {flag}");
    }
    let out = run(deboiler(["--version"]));
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        format!("deboiler {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = run(deboiler(["eval", "--help"]));
    assert!(out.status.success());
    assert!(stdout(&out).contains("--json"));
    let out = run(deboiler(["train", "--help"]));
    assert!(out.status.success());
    for flag in ["--stages", "--l2", "--folds", "--out"] {
        assert!(stdout(&out).contains(flag), "train help lacks {flag}");
    }
}

#[test]
fn subcommand_names_do_not_shadow_files() {
    let dir = TempDir::new("shadow");
    dir.write("eval", PAGE);
    let mut cmd = deboiler(["--", "eval", "./eval"]);
    cmd.current_dir(dir.path());
    let out = run(cmd);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut expected = cleaned(PAGE.as_bytes());
    expected.extend(cleaned(PAGE.as_bytes()));
    assert_eq!(out.stdout, expected);
}

/// Writes a small corpus of labelled dumps: `n` variants of [`PAGE`].
fn labelled_corpus(dir: &TempDir, sub: &str, n: usize) -> std::path::PathBuf {
    let extra = [
        "The harbour reopened on Monday after engineers repaired the storm damage to the old sea wall.",
        "Residents said they were relieved that the ferry service would run again before the summer.",
        "Read more",
        "Subscribe now for unlimited access",
    ];
    let extra_labels = ["content", "content", "navigation", "marketing"];
    for i in 0..n {
        let mut text = String::from(PAGE);
        let mut labels = String::from(PAGE_LABELS);
        for j in 0..=i % extra.len() {
            text.push_str(extra[j]);
            text.push('\n');
            labels.push_str(extra_labels[j]);
            labels.push('\n');
        }
        dir.write(&format!("{sub}/site{i}.txt"), text);
        dir.write(&format!("{sub}/site{i}.labels"), labels);
    }
    dir.write(&format!("{sub}/notes.txt"), "no labels beside me\n");
    dir.path().join(sub)
}

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

/// Regression: `--cv-out` pointing at an input directory would have overwritten the
/// labelled dumps with the kept text.
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

/// Regression: a file ending in a lone `\r` got no `\n` after its kept last line, so
/// the next file's first line was glued to it.
#[test]
fn a_last_line_ending_in_a_lone_cr_is_not_glued_to_the_next_file() {
    let dir = TempDir::new("lonecr");
    let a = dir.write("a.txt", "The council met on Tuesday and agreed the plan.\r");
    let b = dir.write("b.txt", "Engineers will start work on the bridge in May.\n");
    let out = run(deboiler([
        "-t".as_ref(),
        "0".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        out.stdout,
        b"The council met on Tuesday and agreed the plan.\r\nEngineers will start work on the bridge in May.\n"
    );
}

/// Regression: `-o .` with `a.html` and `a.txt` wrote a.html's result over the input
/// `a.txt` before reading it.
#[test]
fn out_dir_never_overwrites_another_input() {
    let dir = TempDir::new("clobber");
    let html = dir.write(
        "a.html",
        "<html><body><p>The council met on Tuesday and agreed the plan.</p></body></html>",
    );
    let text = "The harbour reopened on Monday after engineers repaired the sea wall.\n";
    let txt = dir.write("a.txt", text);
    let out = run(deboiler([
        "-o".as_ref(),
        dir.path().as_os_str(),
        html.as_os_str(),
        txt.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("is the input"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&txt).expect("input still there"), text);
}

/// Pages that differ from one another, so that output order shows.
fn numbered_pages(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let mut page = String::from("Home | News | Sport\nShare on Facebook\n");
            for k in 0..(i % 7) + 1 {
                page.push_str(&format!(
                    "Paragraph {k} of page {i} says that the council met on Tuesday and voted \
                     for the new harbour wall after a long debate.\n"
                ));
            }
            page.push_str("Sign up to our free newsletter\n");
            page
        })
        .collect()
}

#[test]
fn many_files_keep_their_order_whatever_the_jobs() {
    let dir = TempDir::new("order");
    let pages = numbered_pages(40);
    let mut args: Vec<std::ffi::OsString> = Vec::new();
    let mut expected = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if i == 17 {
            args.push(dir.path().join("missing.txt").into());
        }
        args.push(dir.write(&format!("p{i:02}.txt"), page).into());
        expected.extend(cleaned(page.as_bytes()));
    }
    let mut first_err = None;
    for jobs in ["1", "2", "5"] {
        let out = run(deboiler(
            ["--stats".into(), "-j".into(), jobs.into()]
                .into_iter()
                .chain(args.iter().cloned()),
        ));
        assert_eq!(out.status.code(), Some(1), "-j {jobs}");
        assert!(out.stdout == expected, "-j {jobs}: output differs");
        let err = stderr(&out);
        let missing = format!("deboiler: {}: ", dir.path().join("missing.txt").display());
        assert_eq!(err.matches(&missing).count(), 1, "{err}");
        // The message and the --stats lines in input order.
        let at = |s: &str| err.find(s).unwrap_or_else(|| panic!("{s} in {err}"));
        assert!(at("p16.txt: ") < at(&missing) && at(&missing) < at("p17.txt: "));
        assert!(at("p39.txt: ") < at("total: "));
        match &first_err {
            None => first_err = Some(err),
            Some(e) => assert_eq!(&err, e, "-j {jobs}: messages differ"),
        }
    }
    // --out-dir and jsonl: every file, each as alone.
    let out_dir = dir.path().join("out");
    let out = run(deboiler(
        [
            "-j".into(),
            "2".into(),
            "-f".into(),
            "jsonl".into(),
            "-o".into(),
            out_dir.clone().into(),
        ]
        .into_iter()
        .chain(args.iter().cloned()),
    ));
    assert_eq!(out.status.code(), Some(1));
    for (i, page) in pages.iter().enumerate() {
        let written = fs::read_to_string(out_dir.join(format!("p{i:02}.jsonl"))).unwrap();
        assert_eq!(written.lines().count(), page.lines().count(), "p{i:02}");
    }
}

/// `n` lines of prose, each different.
fn prose_lines(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "Line {i}: the council met on Tuesday and voted for the new harbour wall, \
                 café crème and naïve résumés included.\n"
            )
        })
        .collect()
}

#[test]
fn a_text_larger_than_the_segment_has_every_line_accounted_for() {
    let dir = TempDir::new("segments");
    let text = prose_lines(3000); // about 350 KB: six 64 KiB segments
    assert!(text.len() > 5 * 64 * 1024);
    let p = dir.write("big.txt", &text);
    let seg = ["--segment-size", "64K"];
    let out = run(deboiler(seg.iter().map(|s| s.as_ref()).chain([
        "-f".as_ref(),
        "jsonl".as_ref(),
        p.as_os_str(),
    ])));
    assert!(out.status.success(), "{}", stderr(&out));
    let objects: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 3000);
    for (i, (o, line)) in objects.iter().zip(text.lines()).enumerate() {
        assert_eq!(o["line"], i + 1);
        assert_eq!(o["text"], line);
    }
    // Threshold 0 keeps every line: the output is the input, byte for byte.
    let out = run(deboiler(seg.iter().map(|s| s.as_ref()).chain([
        "-t".as_ref(),
        "0".as_ref(),
        p.as_os_str(),
    ])));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout == text.as_bytes(), "text differs");
}

#[test]
fn a_line_longer_than_the_segment_is_whole_or_reported() {
    let dir = TempDir::new("long-line");
    let long = format!("{}\n", "é".repeat(150 * 1024)); // 300 KiB: over 64 KiB, under 512
    let ok = dir.write("ok.txt", format!("first line\n{long}last line\n"));
    let out = run(deboiler(
        ["--segment-size", "64K", "-t", "0"]
            .iter()
            .map(|s| s.as_ref())
            .chain([ok.as_os_str()]),
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("first line\n{long}last line\n"));
    // Over 8 segments: the lines before it are cleaned, then a message names the
    // file and the line.
    let too_long = dir.write(
        "too-long.txt",
        format!("first line\n{}\nafter\n", "x".repeat(600 * 1024)),
    );
    let out = run(deboiler(
        ["--segment-size", "64K", "-t", "0"]
            .iter()
            .map(|s| s.as_ref())
            .chain([too_long.as_os_str(), ok.as_os_str()]),
    ));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "deboiler: {}: line 2: a line longer than 512 KiB (the limit is 8 times \
             --segment-size); the lines before it were cleaned, the rest is skipped\n",
            too_long.display()
        )
    );
    assert_eq!(
        stdout(&out),
        format!("first line\nfirst line\n{long}last line\n")
    );
}

#[test]
fn gzip_that_inflates_past_the_segment_is_streamed() {
    let dir = TempDir::new("gzip-stream");
    let text = prose_lines(20_000); // about 2.4 MB, compressing to far less
    let gz = gzip(text.as_bytes());
    assert!(gz.len() * 5 < text.len());
    let p = dir.write("dump.txt.gz", &gz);
    let out = run(deboiler(
        ["--segment-size", "64K", "-t", "0", "--stats"]
            .iter()
            .map(|s| s.as_ref())
            .chain([p.as_os_str()]),
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout == text.as_bytes(), "text differs");
    assert!(
        stderr(&out).contains(": 20000 lines, 20000 kept"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn html_over_the_limit_is_skipped_with_its_name() {
    let dir = TempDir::new("html-limit");
    let mut page = String::from("<!doctype html><html><body>");
    // Distinct paragraphs: one paragraph repeated thousands of times reads as a
    // template part to the HTML model.
    let mut i = 0;
    while page.len() < 600 * 1024 {
        i += 1;
        page.push_str(&format!(
            "<p>In report {i}, the council met on Tuesday and voted for the new harbour wall.</p>\n"
        ));
    }
    page.push_str("</body></html>");
    let big = dir.write("big.html", &page);
    let good = dir.write("good.txt", PAGE);
    let out = run(deboiler([
        "--segment-size".as_ref(),
        "64K".as_ref(),
        big.as_os_str(),
        good.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "deboiler: {}: HTML page larger than 512 KiB (8 times --segment-size); skipped\n",
            big.display()
        )
    );
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
    // Within the limit it is cleaned.
    let out = run(deboiler([big.as_os_str()]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("harbour wall"));
}

#[test]
fn out_dir_name_of_a_missing_input_goes_to_the_next_with_that_name() {
    let dir = TempDir::new("claimed");
    let missing = dir.path().join("one/a.txt");
    let present = dir.write("two/a.txt", PAGE);
    let third = dir.write("three/a.txt", "Home\n");
    let out_dir = dir.path().join("out");
    for jobs in ["1", "2"] {
        let out = run(deboiler([
            "-j".as_ref(),
            jobs.as_ref(),
            "-o".as_ref(),
            out_dir.as_os_str(),
            missing.as_os_str(),
            present.as_os_str(),
            third.as_os_str(),
        ]));
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("deboiler: {}: ", missing.display())),
            "{err}"
        );
        assert!(err.contains("was already written for"), "{err}");
        assert_eq!(err.lines().count(), 2, "{err}");
        assert_eq!(
            fs::read(out_dir.join("a.txt")).unwrap(),
            cleaned(PAGE.as_bytes())
        );
    }
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
