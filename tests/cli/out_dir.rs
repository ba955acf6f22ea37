//! `--out-dir`: the result files' names, and the inputs that would write the same
//! file, or over an input, refused.

use super::fixtures::{PAGE, cleaned};
use crate::common::{TempDir, deboiler, gzip, run, run_with_stdin, stderr};
use std::fs;

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

/// `-o .` with the inputs `a.html` and `a.txt`: a.html's result would be written over
/// the input `a.txt`, so it is refused and `a.txt` stays whole.
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
