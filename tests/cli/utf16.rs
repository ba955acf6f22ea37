//! UTF-16 input, with or without a byte-order mark, in either byte order: decoded
//! and cleaned like the same text in UTF-8, text dumps and HTML pages alike; binary
//! data is still skipped.

use super::fixtures::{PAGE, cleaned};
use crate::common::{TempDir, deboiler, gzip, run, stderr};

/// `text` in UTF-16, little- or big-endian, with or without a byte-order mark.
fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
    let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
    units
        .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
        .collect()
}

/// The four forms of UTF-16: (name, little-endian, byte-order mark).
const FORMS: [(&str, bool, bool); 4] = [
    ("le-bom", true, true),
    ("le", true, false),
    ("be-bom", false, true),
    ("be", false, false),
];

#[test]
fn utf16_text_is_cleaned() {
    let dir = TempDir::new("utf16-text");
    let text =
        format!("{PAGE}Café prices rose – 5 € – said the owner of the harbour café, smiling.\n");
    let expected = cleaned(text.as_bytes());
    assert!(String::from_utf8_lossy(&expected).contains("Engineers told the meeting"));
    for (name, le, bom) in FORMS {
        let path = dir.write(&format!("{name}.txt"), utf16(&text, le, bom));
        let out = run(deboiler([&path]));
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(out.stdout, expected, "{name}");
        // Also gzip-compressed.
        let gz = dir.write(&format!("{name}.txt.gz"), gzip(&utf16(&text, le, bom)));
        let out = run(deboiler([&gz]));
        assert!(out.status.success(), "{name}.gz: {}", stderr(&out));
        assert_eq!(out.stdout, expected, "{name}.gz");
    }
}

#[test]
fn utf16_html_is_cleaned() {
    let dir = TempDir::new("utf16-html");
    let page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-16\"><title>Harbour</title></head>\
        <body><nav><a href=/>Home</a> <a href=/news>News</a></nav>\
        <p>The town council voted on Tuesday to rebuild the old harbour wall, which was badly \
        damaged in the winter storms – at a cost of 4 million €.</p>\
        <p>Engineers told the meeting that the repairs would take about eighteen months.</p>\
        <footer>© 2025 Example Media Ltd. All rights reserved.</footer></body></html>\n";
    let utf8 = dir.write("utf8.html", page);
    let expected = run(deboiler([&utf8]));
    assert!(expected.status.success());
    let kept = String::from_utf8_lossy(&expected.stdout).into_owned();
    assert!(kept.contains("rebuild the old harbour wall"), "{kept}");
    assert!(kept.contains("4 million €"), "{kept}");
    assert!(!kept.contains("Example Media"), "{kept}");
    for (name, le, bom) in FORMS {
        // Named .html, and by another name (recognised by its start).
        for file in [format!("{name}.html"), format!("{name}.page")] {
            let path = dir.write(&file, utf16(page, le, bom));
            let out = run(deboiler([&path]));
            assert!(out.status.success(), "{file}: {}", stderr(&out));
            assert_eq!(out.stdout, expected.stdout, "{file}");
        }
    }
}

#[test]
fn binary_with_nuls_in_no_utf16_pattern_is_still_skipped() {
    let dir = TempDir::new("utf16-binary");
    let bytes: Vec<u8> = (0..2048u32).map(|i| (i * 37 % 251) as u8).collect();
    let bin = dir.write("data.txt", &bytes);
    let out = run(deboiler([&bin]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let offset = bytes.iter().position(|&b| b == 0).unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "deboiler: {}: looks like binary data (NUL byte at offset {offset}); skipped\n",
            bin.display()
        )
    );
    // Half ASCII and NUL pairs is not enough.
    let mixed: Vec<u8> = (0..512u32)
        .flat_map(|i| if i % 2 == 0 { [b'a', 0] } else { [0xc3, 0x17] })
        .collect();
    let mixed = dir.write("mixed.txt", &mixed);
    let out = run(deboiler([&mixed]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("NUL byte at offset 1"),
        "{}",
        stderr(&out)
    );
}
