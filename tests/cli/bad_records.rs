//! Bad records: a length that lies, garbage between records, a file cut off, a
//! corrupt gzip member, a record over the limit, JSONL lines that are not JSON or
//! lack the field. Each is reported with the file and the record (or line), the
//! rest of the file is cleaned, the exit status is 1, and `--stats` counts every
//! record: in = cleaned + skipped + failed.

use super::record_files::{corpus_pages, id, objects, warc};
use crate::common::{TempDir, deboiler, gzip, run, stderr};

/// A `conversion` record of corpus page `i`.
fn page_record(n: usize, page: &[u8]) -> Vec<u8> {
    warc("conversion", &id(n), "https://example.org/", &[], page)
}

/// The ids of the objects written.
fn ids(stdout: &[u8]) -> Vec<String> {
    objects(stdout)
        .iter()
        .map(|o| o["id"].as_str().expect("an id").to_string())
        .collect()
}

/// Runs `deboiler -f records --stats` on `file`: its ids, standard error, status.
fn clean(file: &std::path::Path, extra: &[&str]) -> (Vec<String>, String, Option<i32>) {
    let mut cmd = deboiler(["-f", "records", "--stats"]);
    cmd.args(extra).arg(file);
    let out = run(cmd);
    (ids(&out.stdout), stderr(&out), out.status.code())
}

#[test]
fn a_lying_length_garbage_and_a_cut_end_cost_only_their_records() {
    let pages = corpus_pages();
    let page = |i: usize| &pages[i].1;
    let mut liar = page_record(2, page(1));
    // Content-Length 60 bytes too long: the block swallows the next record's start.
    let length = format!("Content-Length: {}", page(1).len());
    let head_end = liar
        .windows(length.len())
        .position(|w| w == length.as_bytes())
        .unwrap();
    liar.splice(
        head_end..head_end + length.len(),
        format!("Content-Length: {}", page(1).len() + 60).into_bytes(),
    );
    let cut = page_record(6, page(4));
    let bytes = [
        page_record(1, page(0)),
        liar,
        page_record(3, page(2)),
        b"this line is not a record\r\n".to_vec(),
        page_record(5, page(3)),
        cut[..cut.len() - 100].to_vec(),
    ]
    .concat();
    let dir = TempDir::new("bad-warc");
    let file = dir.write("bad.warc", &bytes);
    let (ids, err, status) = clean(&file, &[]);
    assert_eq!(ids, [id(1), id(3), id(5)]);
    assert_eq!(status, Some(1), "{err}");
    let name = file.display();
    for expected in [
        format!("deboiler: {name}: record 2 ({}, at byte ", id(2)),
        "its Content-Length".to_string(),
        format!("deboiler: {name}: record 4 (at byte "),
        "not a WARC record (it starts with \"this line is not".to_string(),
        format!("deboiler: {name}: record 6 ({}, at byte ", id(6)),
        "truncated: its Content-Length is".to_string(),
        format!("{name}: 6 records: 3 cleaned, 0 skipped, 3 failed; "),
    ] {
        assert!(err.contains(&expected), "{expected}\n{err}");
    }
}

#[test]
fn a_corrupt_gzip_member_costs_only_its_record() {
    let pages = corpus_pages();
    let mut members: Vec<Vec<u8>> = (0..5)
        .map(|i| gzip(&page_record(i + 1, &pages[i].1)))
        .collect();
    let mid = members[2].len() / 2;
    for b in &mut members[2][mid..mid + 8] {
        *b ^= 0x5a;
    }
    let dir = TempDir::new("bad-gz");
    let file = dir.write("members.warc.gz", members.concat());
    let (ids, err, status) = clean(&file, &[]);
    assert_eq!(ids, [id(1), id(2), id(4), id(5)], "{err}");
    assert_eq!(status, Some(1));
    assert!(
        err.contains(&format!("deboiler: {}: record 3 ", file.display())),
        "{err}"
    );
    assert!(err.contains("corrupt gzip data"), "{err}");
    assert!(
        err.contains("the reading goes on at the next gzip member"),
        "{err}"
    );
    assert!(
        err.contains(": 5 records: 4 cleaned, 0 skipped, 1 failed; "),
        "{err}"
    );
    // Gzip cut off in its last member: the records before it stand.
    let whole = members
        .iter()
        .take(2)
        .flatten()
        .copied()
        .collect::<Vec<u8>>();
    let cut = dir.write("cut.warc.gz", &whole[..whole.len() - 30]);
    let (ids, err, status) = clean(&cut, &[]);
    assert_eq!((ids, status), (vec![id(1)], Some(1)), "{err}");
    assert!(err.contains("record 2"), "{err}");
}

#[test]
fn a_record_over_the_limit_is_skipped_with_its_name() {
    let pages = corpus_pages();
    let huge: Vec<u8> = pages
        .iter()
        .flat_map(|(_, b)| b.clone())
        .collect::<Vec<u8>>()
        .repeat(8);
    assert!(huge.len() > 512 * 1024);
    let bytes = [
        page_record(1, &pages[0].1),
        page_record(2, &huge),
        page_record(3, &pages[1].1),
    ]
    .concat();
    let dir = TempDir::new("big-record");
    let file = dir.write("big.warc", bytes);
    let (ids, err, status) = clean(&file, &["--segment-size", "64K"]);
    assert_eq!((ids, status), (vec![id(1), id(3)], Some(1)), "{err}");
    assert!(
        err.contains(&format!(
            "deboiler: {}: record 2 ({}, at byte ",
            file.display(),
            id(2)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{} bytes, larger than the limit of 524288 bytes; skipped",
            huge.len()
        )),
        "{err}"
    );
}

#[test]
fn bad_jsonl_lines_are_reported_by_number() {
    let lines = [
        r#"{"id":1,"text":"The council met on Tuesday and approved the new harbour wall after a long debate."}"#,
        r#"{"id":2,"text":"unterminated"#,
        r#"{"id":3,"body":"no text field"}"#,
        "",
        r#"{"id":5,"text":null}"#,
        r#"[1,2,3]"#,
        r#"{"id":7,"text":"Share on Facebook"}"#,
    ];
    let dir = TempDir::new("bad-jsonl");
    let file = dir.write("docs.jsonl", lines.join("\n"));
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        "--stats".as_ref(),
        file.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let o = objects(&out.stdout);
    assert_eq!(
        o.iter()
            .map(|o| o["id"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 7]
    );
    assert_eq!(
        o[1]["text"], "",
        "a document that keeps nothing still comes out"
    );
    let err = stderr(&out);
    let name = file.display();
    for expected in [
        format!("deboiler: {name}: line 2: not JSON ("),
        format!("deboiler: {name}: line 3: no field 'text'; skipped"),
        format!("deboiler: {name}: line 5: the field 'text' is null, not a string; skipped"),
        format!("deboiler: {name}: line 6: not a JSON object; skipped"),
        format!("{name}: 6 records: 2 cleaned, 0 skipped, 4 failed; "),
    ] {
        assert!(err.contains(&expected), "{expected}\n{err}");
    }
}

#[test]
fn every_record_is_counted_in_out_and_skipped() {
    // Records of every kind, in and out: in = written + skipped + failed.
    let pages = corpus_pages();
    let mut records = Vec::new();
    let mut kinds = 0;
    for (i, (_, page)) in pages.iter().enumerate() {
        records.push(page_record(i + 1, page));
        if i % 4 == 0 {
            records.push(warc(
                "request",
                &id(500 + i),
                "https://example.org/",
                &[],
                b"GET / HTTP/1.1\r\n\r\n",
            ));
            kinds += 1;
        }
    }
    records.push(b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\n".to_vec());
    let dir = TempDir::new("count");
    let file = dir.write(
        "all.warc.gz",
        records.iter().flat_map(|r| gzip(r)).collect::<Vec<u8>>(),
    );
    let (ids, err, status) = clean(&file, &["-j", "2"]);
    assert_eq!(status, Some(1), "the record without a length failed: {err}");
    assert_eq!(ids.len(), pages.len());
    let expected = format!(
        "{} records: {} cleaned, {kinds} skipped (request {kinds}), 1 failed; ",
        records.len(),
        pages.len()
    );
    assert!(err.contains(&expected), "{expected}\n{err}");
    assert_eq!(records.len(), ids.len() + kinds + 1);
}
