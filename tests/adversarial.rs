//! Inputs shaped to break the cleaner, generated here, and those the fuzz targets
//! found or kept (`fuzz/regressions/TARGET/`), all held to the fuzz targets'
//! properties (`fuzz/checks.rs`): every line or block accounted for, kept lines
//! byte for byte, the same verdicts on every run. Generated pages also keep all
//! their text. (Memory on such inputs: `tests/peak_memory.rs`.)

#[path = "../fuzz/checks.rs"]
#[allow(dead_code)]
mod checks;

use deboiler::{Cleaner, MAX_HTML_BLOCKS, MAX_HTML_NODES, PageTooLarge};

/// Text dumps of every awkward shape.
fn texts() -> Vec<(&'static str, Vec<u8>)> {
    let mut long = b"word ".repeat(200_000);
    long.push(b'\n');
    vec![
        ("empty lines", b"\n".repeat(100_000)),
        ("crlf empty lines", b"\r\n".repeat(50_000)),
        ("lone cr lines", b"x\r".repeat(50_000)),
        ("one-letter lines", b"a\n".repeat(100_000)),
        ("a long line", long),
        ("NUL bytes", b"one\0two\n\0\0\0\nthree\0".repeat(1000)),
        (
            "invalid UTF-8",
            b"caf\xe9 cr\xe8me\n\xff\xfe\xfd\n\xc3(\n\xe2\x82\n".repeat(1000),
        ),
        ("mixed line ends", b"a\r\nb\nc\rd\r\r\ne\n\r".repeat(1000)),
        (
            "a byte-order mark",
            b"\xef\xbb\xbfThe council met on Tuesday.\n".to_vec(),
        ),
        (
            "no line end at all",
            b"The council met on Tuesday and voted.".to_vec(),
        ),
        ("only spaces", b" \t \n\t\n   \n".repeat(1000)),
        (
            "control characters",
            (0u8..32).cycle().take(20_000).collect(),
        ),
    ]
}

#[test]
fn awkward_text_has_every_line_accounted_for() {
    for (name, text) in texts() {
        checks::text(&text);
        // One verdict per line, as a naive split counts them.
        let end = if text.contains(&b'\n') || !text.contains(&b'\r') {
            b'\n'
        } else {
            b'\r'
        };
        let lines = text.split(|&b| b == end).count() - usize::from(text.last() == Some(&end));
        assert_eq!(Cleaner::new().classify_bytes(&text).len(), lines, "{name}");
    }
}

/// Pages of every awkward shape with the text each must keep (whitespace aside).
fn pages() -> Vec<(&'static str, String, String)> {
    let deep = format!(
        "{}deep{}<p>after",
        "<div>".repeat(5000),
        "</div>".repeat(5000)
    );
    let inline = format!("{}deep", "<b>".repeat(5000));
    let formatting: String = (0..300).map(|i| format!("<b id={i}>")).collect();
    vec![
        ("deep nesting", deep, "deepafter".into()),
        ("deep inline nesting", inline, "deep".into()),
        ("many tiny elements", "<p>x".repeat(5000), "x".repeat(5000)),
        ("many list items", "<li>y".repeat(5000), "y".repeat(5000)),
        ("line breaks", "z<br>".repeat(5000), "z".repeat(5000)),
        (
            "a huge attribute",
            format!(
                "<p class=\"{}\" id='{}'>kept</p>",
                "a".repeat(1 << 20),
                "b".repeat(1000)
            ),
            "kept".into(),
        ),
        (
            "many attributes",
            format!("<p {}>kept</p>", "a=1 ".repeat(10_000)),
            "kept".into(),
        ),
        (
            "an entity flood",
            format!("<p>{}</p>", "&amp;".repeat(20_000)),
            "&".repeat(20_000),
        ),
        (
            "NUL bytes",
            "<p>a\0b</p><p data-x=\"\0\">c\0</p>".into(),
            "abc".into(),
        ),
        (
            "an unclosed comment",
            "<p>shown<!-- <p>hidden".into(),
            "shown".into(),
        ),
        (
            "an unclosed tag",
            "<p>shown<div class=\"x".into(),
            "shown".into(),
        ),
        (
            "misnested formatting",
            "<b>1<i>2</b>3</i>4<p>5</b>6".into(),
            "123456".into(),
        ),
        (
            "reopened formatting",
            format!("<p>{formatting}x</p>{}", "<p>y</p>".repeat(50)),
            format!("x{}", "y".repeat(50)),
        ),
        (
            "foster parenting",
            "<table>a<tr>b<td>c</table>".into(),
            "abc".into(),
        ),
        (
            "a long pre",
            format!("<pre>{}</pre>", "line\n".repeat(5000)),
            "line".repeat(5000),
        ),
        (
            "a long line",
            format!("<p>{}</p>", "word ".repeat(200_000)),
            "word".repeat(200_000),
        ),
        ("empty elements", "<p></p>".repeat(10_000), String::new()),
        (
            "only markup",
            "<!doctype html><html><head></head><body></body></html>".into(),
            String::new(),
        ),
    ]
}

/// `text` without whitespace.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn awkward_pages_keep_all_their_text() {
    for (name, page, text) in pages() {
        checks::html(page.as_bytes());
        let c = Cleaner::new().try_classify_html(&page).unwrap();
        assert_eq!(squeezed(c.dump()), squeezed(&text), "{name}");
    }
}

#[test]
fn awkward_bytes_decode_and_classify() {
    let utf16: Vec<u8> = "\u{feff}<p>caf\u{e9}</p>"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    for bytes in [
        &b"<p>caf\xe9 \xff\xfe</p>"[..],
        b"<meta charset=utf-8><p>\xc3(\xe2\x82</p>",
        b"<meta charset=shift_jis><p>\x82\xa0\x82\xa2</p>",
        b"<meta charset=x-unknown><p>x</p>",
        b"\xef\xbb\xbf<p>bom</p>",
        &utf16,
        b"\0\0\0\0<p>\0</p>",
    ] {
        checks::html(bytes);
        checks::input(bytes);
    }
}

#[test]
fn pages_over_the_limits_are_refused() {
    let cleaner = Cleaner::new();
    let nodes = "<p>x".repeat(MAX_HTML_NODES / 2 + 1);
    assert_eq!(
        cleaner.try_classify_html(&nodes).unwrap_err(),
        PageTooLarge::Nodes(MAX_HTML_NODES)
    );
    let blocks = format!("<pre>{}</pre>", "x\n".repeat(MAX_HTML_BLOCKS + 1));
    assert_eq!(
        cleaner.try_classify_html(&blocks).unwrap_err(),
        PageTooLarge::Blocks(MAX_HTML_BLOCKS)
    );
    // At the limit of blocks, every block.
    let most = format!("<pre>{}</pre>", "x\n".repeat(MAX_HTML_BLOCKS));
    assert_eq!(
        cleaner.try_classify_html(&most).unwrap().len(),
        MAX_HTML_BLOCKS
    );
}

/// Every stored input of a fuzz target, through its check; the count replayed.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/regressions/").to_owned() + target;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&bytes));
        assert!(outcome.is_ok(), "{}: the check fails", path.display());
    }
    paths.len()
}

#[test]
fn the_fuzz_targets_stored_inputs_pass() {
    for (target, check) in [
        ("text", checks::text as fn(&[u8])),
        ("html", checks::html),
        ("input", checks::input),
        ("records", checks::records),
    ] {
        let n = replay(target, check);
        assert!(n > 0, "no stored input for {target}");
        eprintln!("{target}: {n} stored inputs replayed");
    }
}
