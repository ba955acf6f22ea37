//! Cleaning to standard output: files and standard input, the labels kept, byte-exact
//! lines, `--stats`, a closed pipe, and the output order whatever `--jobs`.

use super::fixtures::{PAGE, assert_page_is_cleaned, cleaned};
use crate::common::{TempDir, deboiler, run, run_with_stdin, stderr, stdout};
use deboiler::{Cleaner, Label};
use std::fs;
use std::io::Read;
use std::process::Stdio;

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

/// A kept last line that ends in a lone `\r` in a text with `\n` (where the `\r` is
/// text) gets a `\n` after it, so that the next file's first line starts a line of
/// its own. In a text without `\n` the `\r` is the line's end, written as it is.
#[test]
fn a_last_line_ending_in_a_lone_cr_is_not_glued_to_the_next_file() {
    let dir = TempDir::new("lonecr");
    let a = dir.write(
        "a.txt",
        "Roads\nThe council met on Tuesday and agreed the plan.\r",
    );
    let b = dir.write("b.txt", "Engineers will start work on the bridge in May.\n");
    let mac = dir.write(
        "mac.txt",
        "The council met on Tuesday and agreed the plan.\r",
    );
    let out = run(deboiler([
        "-t".as_ref(),
        "0".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        mac.as_os_str(),
        b.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        out.stdout,
        b"Roads\nThe council met on Tuesday and agreed the plan.\r\nEngineers will start work on the bridge in May.\n\
          The council met on Tuesday and agreed the plan.\rEngineers will start work on the bridge in May.\n"
    );
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

#[test]
fn keep_accepts_comment() {
    let out = run_with_stdin(deboiler(["--keep", "content,comment"]), PAGE.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let mut expected = Vec::new();
    Cleaner::builder()
        .keep(&[Label::Content, Label::Comment])
        .build()
        .clean_bytes(PAGE.as_bytes(), &mut expected);
    assert_eq!(out.stdout, expected);
    // No line is labelled a comment yet: the same text as content alone.
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
}
