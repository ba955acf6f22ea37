//! Record files in, records out: WET files of `corpus/` dumps, WARC files of the
//! same pages as HTML (plain, gzip per record, gzip whole, zstd), and JSONL shards
//! (plain, `.gz`, `.zst`), each record's text held to what the binary gives for the
//! same page as a file of its own, every record accounted for, in order.

use super::record_files::{
    as_record_text, chunked, corpus_pages, id, label_lines, objects, response, single_outputs,
    to_html, warc, zstd,
};
use crate::common::{TempDir, deboiler, gzip, run, run_with_stdin, stderr, stdout};
use std::fs;

/// A WET file of the corpus pages: a `warcinfo` record, then one `conversion`
/// record per page; each record's bytes apart.
fn wet(pages: &[(String, Vec<u8>)]) -> Vec<Vec<u8>> {
    let mut records = vec![warc(
        "warcinfo",
        &id(0),
        "",
        &[("Content-Type", "application/warc-fields")],
        b"software: deboiler tests\r\n",
    )];
    for (i, (name, bytes)) in pages.iter().enumerate() {
        records.push(warc(
            "conversion",
            &id(i + 1),
            &format!("https://example.org/{name}"),
            &[("Content-Type", "text/plain")],
            bytes,
        ));
    }
    records
}

#[test]
fn wet_records_are_their_pages_cleaned() {
    let pages = corpus_pages();
    let singles = single_outputs(&pages, "txt", &[]);
    let dir = TempDir::new("wet");
    let records = wet(&pages);
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let file = dir.write("CC-MAIN-test.warc.wet.gz", &members);
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        "--stats".as_ref(),
        file.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let objects = objects(&out.stdout);
    assert_eq!(
        objects.len(),
        pages.len(),
        "one object per conversion record"
    );
    for (i, (o, ((name, bytes), single))) in
        objects.iter().zip(pages.iter().zip(&singles)).enumerate()
    {
        assert_eq!(o["id"], id(i + 1));
        assert_eq!(o["url"], format!("https://example.org/{name}"));
        assert_eq!(o["date"], "2025-03-17T09:56:00Z");
        assert_eq!(o["text"], as_record_text(single), "{name}");
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(label_lines(&o["labels"]), lines, "{name}");
        let keys: Vec<&String> = o.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 5, "{keys:?}");
    }
    assert!(singles.iter().any(|s| !s.is_empty()) && singles.iter().any(|s| s.len() < 2000));
    let err = stderr(&out);
    let n = pages.len();
    assert!(
        err.contains(&format!(
            "{}: {} records: {n} cleaned, 1 skipped (warcinfo 1), 0 failed; ",
            file.display(),
            n + 1
        )),
        "{err}"
    );
    // The default format: the kept lines of each record, as for the files one
    // after another; also when the WET file is plain, or comes on standard input.
    let plain = dir.write("plain.wet", records.concat());
    let concatenated = singles.concat();
    for args in [vec![file.as_os_str()], vec![plain.as_os_str()]] {
        let out = run(deboiler(args));
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(out.stdout == concatenated, "text output differs");
    }
    let out = run_with_stdin(deboiler(["-j", "3"]), &members);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout == concatenated, "standard input differs");
}

/// The WARC records of `pages` as HTML: a `warcinfo`, then per page a `request` and
/// a `response` (every third chunked and gzipped), an image response after the
/// first and a `metadata` record after the second.
fn html_warc(pages: &[(String, Vec<u8>)]) -> Vec<Vec<u8>> {
    let mut records = vec![warc("warcinfo", &id(0), "", &[], b"software: t\r\n")];
    for (i, (name, _)) in pages.iter().enumerate() {
        let url = format!("https://news.example.com/{name}.html");
        let request = format!("GET /{name}.html HTTP/1.1\r\nHost: news.example.com\r\n\r\n");
        records.push(warc(
            "request",
            &id(1000 + i),
            &url,
            &[],
            request.as_bytes(),
        ));
        let html = to_html(&pages[i].1);
        let record = if i % 3 == 2 {
            let body = chunked(&gzip(html.as_bytes()), 700);
            let head = "Content-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\
                        Content-Encoding: gzip\r\n";
            response(&id(i + 1), &url, head, &body)
        } else {
            response(
                &id(i + 1),
                &url,
                "Content-Type: text/html\r\n",
                html.as_bytes(),
            )
        };
        records.push(record);
        if i == 0 {
            let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
            records.push(response(
                &id(2000),
                "https://news.example.com/a.png",
                "Content-Type: image/png\r\n",
                png,
            ));
        }
        if i == 1 {
            records.push(warc(
                "metadata",
                &id(3000),
                &url,
                &[],
                b"fetchTimeMs: 12\r\n",
            ));
        }
    }
    records
}

#[test]
fn warc_responses_are_their_pages_cleaned_in_every_compression() {
    let pages: Vec<(String, Vec<u8>)> = corpus_pages().into_iter().take(12).collect();
    let html_pages: Vec<(String, Vec<u8>)> = pages
        .iter()
        .map(|(name, bytes)| (name.clone(), to_html(bytes).into_bytes()))
        .collect();
    let singles = single_outputs(&html_pages, "html", &[]);
    assert!(
        singles.iter().all(|s| !s.is_empty()),
        "every page keeps some text"
    );
    let records = html_warc(&pages);
    let dir = TempDir::new("warc");
    let files = [
        dir.write("plain.warc", records.concat()),
        dir.write(
            "members.warc.gz",
            records.iter().flat_map(|r| gzip(r)).collect::<Vec<u8>>(),
        ),
        dir.write("whole.warc.gz", gzip(&records.concat())),
        dir.write("frames.warc.zst", zstd(&records.concat())),
    ];
    let n = pages.len();
    let mut first = None;
    for file in &files {
        for jobs in ["1", "3"] {
            let out = run(deboiler([
                "-f".as_ref(),
                "records".as_ref(),
                "--stats".as_ref(),
                "-j".as_ref(),
                jobs.as_ref(),
                file.as_os_str(),
            ]));
            assert!(out.status.success(), "{}: {}", file.display(), stderr(&out));
            let objects = objects(&out.stdout);
            assert_eq!(objects.len(), n, "{}", file.display());
            for (i, (o, single)) in objects.iter().zip(&singles).enumerate() {
                assert_eq!(o["id"], id(i + 1), "{}", file.display());
                assert_eq!(
                    o["text"],
                    as_record_text(single),
                    "{} record {i}",
                    file.display()
                );
            }
            let counts = format!(
                "{} records: {n} cleaned, {} skipped (metadata 1, request {n}, response (not HTML) 1, \
                 warcinfo 1), 0 failed; ",
                records.len(),
                n + 3
            );
            assert!(stderr(&out).contains(&counts), "{}", stderr(&out));
            match &first {
                None => first = Some(out.stdout),
                Some(f) => assert!(
                    f == &out.stdout,
                    "{} with -j {jobs} differs",
                    file.display()
                ),
            }
        }
    }
}

#[test]
fn the_http_charset_decodes_a_page_that_declares_none() {
    let text = "Городской совет во вторник проголосовал за восстановление старой стены гавани.\n\
                Инженеры сказали, что ремонт займёт около восемнадцати месяцев.\n";
    let html = format!(
        "<html><body><p>{}</p></body></html>",
        text.replace('\n', "</p><p>")
    );
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&html);
    let dir = TempDir::new("charset");
    let head = "Content-Type: text/html; charset=windows-1251\r\n";
    let file = dir.write(
        "ru.warc",
        response(&id(1), "http://example.ru/", head, &cp1251),
    );
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        "-t".as_ref(),
        "0".as_ref(),
        file.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let o = &objects(&out.stdout)[0];
    assert_eq!(o["text"], text.trim_end(), "decoded as windows-1251");
}

/// A JSONL shard of the corpus pages: fields before and after the text, with
/// number formats and escapes that a re-encoding would change.
fn shard(pages: &[(String, Vec<u8>)]) -> String {
    pages
        .iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            let text = serde_json::to_string(&String::from_utf8_lossy(bytes)).unwrap();
            format!(
                "{{\"id\": \"doc-{i}\", \"score\":1.50,\"text\":{text},\"meta\":{{\"name\":\"{name}\",\"t\":\"\\u00e9\"}}}}\n"
            )
        })
        .collect()
}

#[test]
fn jsonl_documents_keep_every_other_field_byte_for_byte() {
    let pages: Vec<(String, Vec<u8>)> = corpus_pages().into_iter().take(10).collect();
    let singles = single_outputs(&pages, "txt", &[]);
    let shard = shard(&pages);
    let dir = TempDir::new("jsonl");
    let plain = dir.write("shard.jsonl", &shard);
    let gz = dir.write("shard.jsonl.gz", gzip(shard.as_bytes()));
    let zst = dir.write("shard.jsonl.zst", zstd(shard.as_bytes()));
    // Into another field: every input line comes out whole, with the cleaned text
    // and the counts added at the end.
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        "--out-field".as_ref(),
        "clean".as_ref(),
        plain.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), pages.len());
    for ((line, input), single) in lines.iter().zip(shard.lines()).zip(&singles) {
        let clean = serde_json::to_string(&as_record_text(single)).unwrap();
        let start = format!(
            "{},\"clean\":{clean},\"labels\":{{",
            &input[..input.len() - 1]
        );
        assert!(line.starts_with(&start), "{line}\n{start}");
        assert!(line.ends_with("}}"), "{line}");
    }
    // In place: the text field holds the cleaned text, in its place.
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        plain.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let in_place = out.stdout;
    for ((line, single), (name, bytes)) in stdout_lines(&in_place).iter().zip(&singles).zip(&pages)
    {
        let clean = serde_json::to_string(&as_record_text(single)).unwrap();
        let i = line.find("\"text\":").unwrap();
        assert!(line[..i].ends_with("\"score\":1.50,"), "{line}");
        assert!(
            line[i..].starts_with(&format!(
                "\"text\":{clean},\"meta\":{{\"name\":\"{name}\",\"t\":\"\\u00e9\"}},\"labels\":{{"
            )),
            "{line}"
        );
        let o: serde_json::Value = serde_json::from_str(line).unwrap();
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(label_lines(&o["labels"]), lines);
    }
    for file in [&gz, &zst] {
        let out = run(deboiler([
            "-f".as_ref(),
            "records".as_ref(),
            "-j".as_ref(),
            "3".as_ref(),
            file.as_os_str(),
        ]));
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(out.stdout == in_place, "{} differs", file.display());
    }
}

/// The lines of an output.
fn stdout_lines(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn jsonl_html_documents_by_flag_field_or_content() {
    let page = &corpus_pages()[0];
    let html = to_html(&page.1);
    let single = &single_outputs(&[(page.0.clone(), html.clone().into_bytes())], "html", &[])[0];
    let as_text = &single_outputs(std::slice::from_ref(page), "txt", &[])[0];
    let html_json = serde_json::to_string(&html).unwrap();
    let body = html_json.replacen("<!doctype html>", "", 1);
    let lines = format!(
        "{{\"text\":{html_json}}}\n{{\"kind\":\"text/html\",\"text\":{body}}}\n{{\"kind\":\"plain\",\"text\":{}}}\n",
        serde_json::to_string(&String::from_utf8_lossy(&page.1)).unwrap()
    );
    let dir = TempDir::new("jsonl-html");
    let file = dir.write("docs.ndjson", lines);
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        "--format-field".as_ref(),
        "kind".as_ref(),
        file.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let o = objects(&out.stdout);
    assert_eq!(
        o[0]["text"],
        as_record_text(single),
        "starts like a document"
    );
    assert_eq!(
        o[1]["text"],
        as_record_text(single),
        "named HTML by its field"
    );
    assert_eq!(o[2]["text"], as_record_text(as_text), "a text dump");
    assert_eq!(o[1]["kind"], "text/html");
    // --html: every document is HTML.
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        "--html".as_ref(),
        file.as_os_str(),
    ]));
    let o = objects(&out.stdout);
    assert_ne!(o[2]["text"], as_record_text(as_text));
}

#[test]
fn pages_as_records_and_jsonl_lines_of_records() {
    let dir = TempDir::new("page-records");
    let pages: Vec<(String, Vec<u8>)> = corpus_pages().into_iter().take(3).collect();
    let singles = single_outputs(&pages, "txt", &[]);
    let a = dir.write("a.txt", &pages[0].1);
    let empty = dir.write("empty.txt", "");
    // A text input read in several segments makes one object.
    let big: Vec<u8> = pages
        .iter()
        .flat_map(|(_, b)| b.clone())
        .collect::<Vec<u8>>()
        .repeat(40);
    assert!(big.len() > 3 * 64 * 1024);
    let b = dir.write("big.txt", &big);
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        "--segment-size".as_ref(),
        "64K".as_ref(),
        a.as_os_str(),
        empty.as_os_str(),
        b.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let o = objects(&out.stdout);
    assert_eq!(o.len(), 3);
    assert_eq!(o[0]["file"], a.display().to_string());
    assert_eq!(o[0]["text"], as_record_text(&singles[0]));
    assert_eq!(
        (&o[1]["text"], &o[1]["labels"]),
        (&"".into(), &serde_json::json!({}))
    );
    let big_lines = big.iter().filter(|&&c| c == b'\n').count() as u64;
    assert_eq!(label_lines(&o[2]["labels"]), big_lines);
    let seg = run(deboiler([
        "--segment-size".as_ref(),
        "64K".as_ref(),
        b.as_os_str(),
    ]));
    assert_eq!(o[2]["text"], as_record_text(&seg.stdout));
    // --format jsonl of a WET file: every line, with its record's number.
    let wet = dir.write("x.wet", wet(&pages).concat());
    let out = run(deboiler(["-f".as_ref(), "jsonl".as_ref(), wet.as_os_str()]));
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = objects(&out.stdout);
    let total: usize = pages
        .iter()
        .map(|(_, b)| b.iter().filter(|&&c| c == b'\n').count())
        .sum();
    assert_eq!(lines.len(), total);
    assert_eq!(
        (&lines[0]["record"], &lines[0]["line"]),
        (&2.into(), &1.into())
    );
    assert_eq!(lines.last().unwrap()["record"], 4);
    let explain = run(deboiler(["--explain".as_ref(), wet.as_os_str()]));
    assert!(stdout(&explain).starts_with(&format!(
        "==> {} record 2: https://example.org/",
        wet.display()
    )));
    fs::remove_file(&wet).unwrap();
}
