//! Inputs a careless or hostile user gives: text with classic Mac line ends (a lone
//! `\r`), thresholds out of range, and HTML with ruby annotations and templates.

// The binary needs the `train` feature.
#[cfg(feature = "train")]
#[allow(dead_code)]
mod common;

#[cfg(feature = "train")]
use common::{TempDir, deboiler, run, stderr, stdout};
use deboiler::{Cleaner, DEFAULT_THRESHOLD, InvalidThreshold};

/// A short news page: boilerplate around three lines of prose, each line ended by
/// `end`.
fn page(end: &str) -> String {
    [
        "Home | News | Sport",
        "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a dispute that had run for almost a decade.",
        "Supporters said the extension would cut journeys for thousands of commuters, while critics warned that the budget had already doubled.",
        "Work on the first section is expected to begin next spring, and the council said it would publish a detailed timetable before the end of the year.",
        "Share on Facebook",
    ]
    .iter()
    .map(|l| format!("{l}{end}"))
    .collect()
}

#[test]
fn lone_cr_ends_lines_in_a_text_without_lf() {
    let mac = page("\r");
    let unix = page("\n");
    let cleaner = Cleaner::new();
    let v = cleaner.classify(&mac);
    assert_eq!(v.len(), 5);
    // The same verdicts as with `\n`, and the `\r` is the terminator.
    let labels = |v: &[deboiler::Verdict]| v.iter().map(|v| v.label()).collect::<Vec<_>>();
    assert_eq!(labels(&v), labels(&cleaner.classify(&unix)));
    assert_eq!(&mac[v[0].span()], "Home | News | Sport");
    assert_eq!(&mac[v[0].full_span()], "Home | News | Sport\r");
    // The kept lines are written with their own `\r`.
    let kept = cleaner.clean(&mac);
    assert_eq!(kept.replace('\r', "\n"), cleaner.clean(&unix));
    assert!(kept.contains("decade.\rSupporters") && !kept.contains('\n'));
    // Everything kept: the input byte for byte; a last line without a line end gets
    // `\r`.
    let all = Cleaner::builder().threshold(0.0).build();
    assert_eq!(all.clean(&mac), mac);
    let unterminated = mac.trim_end_matches('\r');
    assert_eq!(all.clean(unterminated), mac);
}

#[test]
fn a_stray_cr_in_a_text_with_lf_stays_in_its_line() {
    let text = "one\rtwo\nthree\r\nfour";
    let v = Cleaner::new().classify(text);
    let lines: Vec<&str> = v.iter().map(|v| &text[v.span()]).collect();
    assert_eq!(lines, ["one\rtwo", "three", "four"]);
    let all = Cleaner::builder().threshold(0.0).build();
    assert_eq!(all.clean(text), format!("{text}\n"));
}

#[cfg(feature = "train")]
#[test]
fn the_binary_reads_classic_mac_line_ends() {
    let dir = TempDir::new("mac");
    let mac = page("\r");
    let p = dir.write("mac.txt", &mac);
    let out = run(deboiler(["--stats".as_ref(), p.as_os_str()]));
    assert!(out.status.success(), "{}", stderr(&out));
    let kept = Cleaner::new()
        .classify(&mac)
        .iter()
        .filter(|v| v.is_kept())
        .count();
    assert!(kept >= 2);
    let stats = format!(": 5 lines, {kept} kept");
    assert!(stderr(&out).contains(&stats), "{}", stderr(&out));
    assert_eq!(stdout(&out), Cleaner::new().clean(&mac));
    let out = run(deboiler(["-f".as_ref(), "jsonl".as_ref(), p.as_os_str()]));
    let objects: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 5);
    assert_eq!(objects[4]["line"], 5);
    assert_eq!(objects[4]["text"], "Share on Facebook");
}

#[cfg(feature = "train")]
#[test]
fn a_mac_text_larger_than_the_segment_is_cut_at_its_line_ends() {
    let dir = TempDir::new("mac-segments");
    let text: String = (0..3000)
        .map(|i| {
            format!("Line {i}: the council met on Tuesday and voted for the new harbour wall.\r")
        })
        .collect();
    assert!(text.len() > 3 * 64 * 1024);
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
    for (i, (o, line)) in objects.iter().zip(text.split_terminator('\r')).enumerate() {
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
fn thresholds_out_of_range_are_rejected_by_try_build() {
    for bad in [1.5, -0.1, f32::INFINITY, f32::NEG_INFINITY] {
        assert_eq!(
            Cleaner::builder().threshold(bad).try_build(),
            Err(InvalidThreshold(bad)),
            "{bad}"
        );
    }
    let nan = Cleaner::builder()
        .threshold(f32::NAN)
        .try_build()
        .unwrap_err();
    assert!(nan.0.is_nan());
    assert_eq!(
        nan.to_string(),
        "invalid threshold NaN: expected a number from 0 to 1"
    );
    assert_eq!(
        InvalidThreshold(-0.1).to_string(),
        "invalid threshold -0.1: expected a number from 0 to 1"
    );
    for good in [0.0, 1.0, 0.5, DEFAULT_THRESHOLD] {
        let c = Cleaner::builder().threshold(good).try_build().unwrap();
        assert_eq!(c.threshold(), good);
    }
    assert_eq!(
        Cleaner::builder().try_build(),
        Ok(Cleaner::new()),
        "no threshold set: the default"
    );
}

#[test]
fn build_clamps_and_takes_the_default_for_nan() {
    let t = |x: f32| Cleaner::builder().threshold(x).build().threshold();
    assert_eq!(t(1.5), 1.0);
    assert_eq!(t(f32::INFINITY), 1.0);
    assert_eq!(t(-0.1), 0.0);
    assert_eq!(t(f32::NEG_INFINITY), 0.0);
    assert_eq!(t(f32::NAN), DEFAULT_THRESHOLD);
    assert_eq!(t(0.0), 0.0);
    assert_eq!(t(1.0), 1.0);
}

/// The text of every block of `html`.
fn blocks(html: &str) -> Vec<String> {
    Cleaner::new()
        .classify_html(html)
        .iter()
        .map(|b| b.text().to_string())
        .collect()
}

#[test]
fn ruby_readings_are_left_out() {
    assert_eq!(
        blocks(
            "<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby></p>"
        ),
        ["子どもへの虐待"]
    );
    // Base text in pieces, with `rb` and `rtc`; text before and after the ruby.
    assert_eq!(
        blocks(
            "<p>東京<ruby><rb>漢</rb><rt>kan</rt><rb>字</rb><rt>ji</rt><rtc>kanji</rtc></ruby>です</p>"
        ),
        ["東京漢字です"]
    );
    // Whitespace in the source still separates words.
    assert_eq!(
        blocks("<p>The <ruby>kanji<rt>かんじ</rt></ruby> are hard</p>"),
        ["The kanji are hard"]
    );
    // Elsewhere pieces join as before.
    assert_eq!(blocks("<p><b>W</b>ord</p>"), ["W ord"]);
}

#[test]
fn template_content_is_left_out() {
    assert_eq!(
        blocks(
            "<p>before</p><template><p>a row template</p><li>item</li></template>\
             <div>after<template>inline</template></div>"
        ),
        ["before", "after"]
    );
}
