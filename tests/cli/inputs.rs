//! Inputs that are not plain text dumps: missing files, gzip (by name or magic
//! bytes, and corrupt), and binary data; each problem is reported with the file's
//! name and the other inputs are still cleaned.

use super::fixtures::{PAGE, cleaned};
use crate::common::{TempDir, deboiler, gzip, run, run_with_stdin, stderr};

#[test]
fn missing_file_fails_but_the_others_are_cleaned() {
    let dir = TempDir::new("missing");
    let a = dir.write("a.txt", PAGE);
    let missing = dir.path().join("missing.txt");
    let out = run(deboiler([&missing, &a]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("deboiler: {}: ", missing.display())),
        "{err}"
    );
    assert!(err.contains("No such file or directory"), "{err}");
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
}

#[test]
fn gzip_is_recognised_by_its_magic_bytes() {
    let dir = TempDir::new("magic");
    let p = dir.write("page.dump", gzip(PAGE.as_bytes()));
    let out = run(deboiler([&p]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
    // And on standard input.
    let out = run_with_stdin(deboiler(["-"]), &gzip(PAGE.as_bytes()));
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
}

#[test]
fn corrupt_gzip_fails_with_the_file_named() {
    let dir = TempDir::new("corrupt");
    let gz = gzip(PAGE.as_bytes());
    let truncated = dir.write("cut.txt.gz", &gz[..gz.len() / 2]);
    let not_gzip = dir.write("plain.gz", "this is not gzip data at all\n");
    let good = dir.write("good.txt", PAGE);
    let out = run(deboiler([&truncated, &not_gzip, &good]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for p in [&truncated, &not_gzip] {
        assert!(
            err.contains(&format!("deboiler: {}: corrupt gzip data", p.display())),
            "{err}"
        );
    }
    // What the truncated file inflated to is cleaned before the good file.
    assert!(out.stdout.ends_with(&cleaned(PAGE.as_bytes())));
}

#[test]
fn binary_input_is_skipped() {
    let dir = TempDir::new("binary");
    let bin = dir.write("image.txt", b"\x89PNG\r\n\x00\x00\x00IHDR garbage");
    let out = run(deboiler([
        "--threshold".as_ref(),
        "0".as_ref(),
        bin.as_os_str(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        format!(
            "deboiler: {}: looks like binary data (NUL byte at offset 6); skipped\n",
            bin.display()
        )
    );
    // Also after decompression.
    let gz = dir.write("image.gz", gzip(b"text first\n\x00binary after"));
    let out = run(deboiler([&gz]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("NUL byte at offset 11"),
        "{}",
        stderr(&out)
    );
}
