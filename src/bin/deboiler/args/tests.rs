//! The parsers' tests: defaults, every option, subcommands only as the first
//! argument, and the usage errors.

use super::*;
use crate::segments::DEFAULT_SEGMENT;

/// The arguments `a` as the parser gets them.
fn args(a: &[&str]) -> Vec<OsString> {
    a.iter().map(OsString::from).collect()
}

/// The cleaning settings of `a`, which must parse.
fn clean(a: &[&str]) -> CleanArgs {
    match parse(args(a)) {
        Ok(Command::Clean(c)) => c,
        other => panic!("{a:?}: {other:?}"),
    }
}

/// The message of the usage error `a` must give.
fn usage_error(a: &[&str]) -> String {
    match parse(args(a)) {
        Err(Error::Usage { message, .. }) => message,
        other => panic!("{a:?}: {other:?}"),
    }
}

#[test]
fn defaults() {
    let c = clean(&[]);
    assert_eq!(c.inputs, vec![Input::Stdin]);
    assert_eq!(c.format, Format::Text);
    assert_eq!(c.keep, vec![Label::Content]);
    assert_eq!(c.threshold, None);
}

#[test]
fn options() {
    let c = clean(&[
        "--format=jsonl",
        "-k",
        "content,Title",
        "--keep",
        "legal",
        "-t",
        "0.25",
        "-",
        "a.txt",
        "--stats",
    ]);
    assert_eq!(c.format, Format::Jsonl);
    assert_eq!(c.keep, vec![Label::Content, Label::Title, Label::Legal]);
    assert_eq!(c.threshold, Some(0.25));
    assert_eq!(c.inputs, vec![Input::Stdin, Input::Path("a.txt".into())]);
    assert!(c.stats);
    assert!(!c.html);
    assert_eq!(clean(&["--explain"]).format, Format::Explain);
    assert!(clean(&["--html", "a.txt"]).html);
    assert_eq!(clean(&["-j", "3"]).jobs, 3);
    assert!(clean(&[]).jobs >= 1);
    assert_eq!(clean(&["--segment-size", "64K"]).segment_size, 64 << 10);
    assert_eq!(clean(&[]).segment_size, DEFAULT_SEGMENT);
}

#[test]
fn subcommands_only_first() {
    assert!(matches!(parse(args(&["eval", "d"])), Ok(Command::Eval(_))));
    assert_eq!(
        clean(&["--", "eval"]).inputs,
        vec![Input::Path("eval".into())]
    );
    assert_eq!(
        clean(&["a", "train"]).inputs,
        vec![Input::Path("a".into()), Input::Path("train".into())]
    );
    match parse(args(&[
        "train", "--html", "--trees", "5", "--depth", "3", "d",
    ])) {
        Ok(Command::Train(t)) => {
            assert!(t.html);
            assert_eq!((t.options.trees, t.options.depth), (5, 3));
        }
        _ => panic!("train --html takes --trees and --depth"),
    }
    match parse(args(&["train", "--stages", "2", "--folds", "3", "my dir"])) {
        Ok(Command::Train(t)) => {
            assert_eq!((t.options.stages, t.folds), (2, Some(3)));
            assert!(t.options.excerpts);
            assert_eq!(
                t.command_line,
                "deboiler train --stages 2 --folds 3 'my dir'"
            );
        }
        other => panic!("{other:?}"),
    }
    match parse(args(&[
        "train",
        "--kinds",
        "--folds",
        "5",
        "--cv-out",
        "cv",
        "pages.tsv",
    ])) {
        Ok(Command::Train(t)) => {
            assert!(t.kinds);
            assert_eq!(t.cv_out, Some("cv".into()));
        }
        other => panic!("train --kinds takes --cv-out: {other:?}"),
    }
    assert!(usage_error(&["train", "--kinds", "--cv-out", "cv", "m"]).contains("--folds"));
}

#[test]
fn usage_errors() {
    assert!(usage_error(&["--keep", "bogus"]).contains("content, title"));
    assert!(usage_error(&["--keep", ","]).contains("no label"));
    assert!(usage_error(&["-k", "title", "--keep", ""]).contains("no label"));
    assert!(usage_error(&["--threshold", "1.5"]).contains("0 to 1"));
    assert!(usage_error(&["--threshold", "NaN"]).contains("0 to 1"));
    assert!(usage_error(&["--format", "xml"]).contains("xml"));
    assert!(usage_error(&["--bogus"]).contains("--bogus"));
    assert!(usage_error(&["--explain", "-f", "jsonl"]).contains("combined"));
    assert!(usage_error(&["-j", "0"]).contains("--jobs"));
    assert!(usage_error(&["--jobs", "x"]).contains("--jobs"));
    assert!(usage_error(&["--segment-size", "1K"]).contains("64 KiB"));
    assert!(usage_error(&["--segment-size", "2G"]).contains("1024 MiB"));
    assert!(usage_error(&["eval"]).contains("no DIR"));
    assert!(usage_error(&["train", "--folds", "1", "d"]).contains("at least 2"));
    assert!(usage_error(&["train", "--cv-out", "o", "d"]).contains("--folds"));
    assert!(usage_error(&["train", "--stages", "0", "d"]).contains("--stages"));
    assert!(usage_error(&["train", "--l2", "-1", "d"]).contains("--l2"));
}

#[test]
fn keep_comment_and_eval_pages() {
    assert_eq!(
        clean(&["--keep", "content,comment"]).keep,
        vec![Label::Content, Label::Comment]
    );
    match parse(args(&[
        "eval",
        "--pages",
        "l/pages.tsv",
        "--shared",
        "s",
        "--html",
    ])) {
        Ok(Command::Eval(e)) => {
            assert!(e.dirs.is_empty() && e.html);
            assert_eq!(e.pages, Some("l/pages.tsv".into()));
            assert_eq!(e.shared, Some("s".into()));
        }
        other => panic!("{other:?}"),
    }
    assert!(usage_error(&["eval", "--shared", "s", "d"]).contains("go with --pages"));
    assert!(usage_error(&["eval"]).contains("no DIR"));
}

#[test]
fn record_options() {
    let c = clean(&[]);
    assert_eq!(
        (
            c.input_format,
            c.text_field.as_str(),
            c.out_field,
            c.format_field
        ),
        (None, "text", None, None)
    );
    assert_eq!((c.compress, c.quiet), (Compress::None, false));
    let c = clean(&[
        "-f",
        "records",
        "--input-format",
        "wet",
        "--text-field",
        "body",
        "--out-field=clean",
        "--format-field",
        "kind",
        "--compress",
        "zst",
        "-q",
    ]);
    assert_eq!(c.format, Format::Records);
    assert_eq!(c.input_format, Some(InputFormat::Warc));
    assert_eq!(c.text_field, "body");
    assert_eq!(c.out_field.as_deref(), Some("clean"));
    assert_eq!(c.format_field.as_deref(), Some("kind"));
    assert_eq!((c.compress, c.quiet), (Compress::Zstd, true));
    assert_eq!(c.compress.suffix(), ".zst");
    assert_eq!(
        clean(&["--input-format", "page"]).input_format,
        Some(InputFormat::Page)
    );
    assert_eq!(clean(&["--compress", "gz"]).compress.suffix(), ".gz");
    for (bad, message) in [
        (
            &["--input-format", "arc"][..],
            "--input-format: unknown format 'arc'",
        ),
        (
            &["--compress", "bz2"],
            "--compress: unknown compression 'bz2'",
        ),
        (&["--text-field", ""], "--text-field: empty field name"),
        (
            &["-f", "records", "--explain"],
            "--explain and --format records",
        ),
        (&["-f", "xml"], "expected text, jsonl or records"),
    ] {
        let got = usage_error(bad);
        assert!(got.contains(message), "{bad:?}: {got}");
    }
}
