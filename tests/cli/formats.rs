//! The output formats other than text: `--format jsonl` and `--explain`, one row
//! for every input line.

use super::fixtures::PAGE;
use crate::common::{TempDir, deboiler, run, run_with_stdin, stderr, stdout};
use deboiler::Cleaner;

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
