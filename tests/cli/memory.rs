//! Bounded memory: text read in `--segment-size` segments with every line
//! accounted for, long lines up to 8 segments, gzip streamed, and HTML pages over
//! the limit skipped.

use super::fixtures::{PAGE, cleaned};
use crate::common::{TempDir, deboiler, gzip, run, stderr, stdout};

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
