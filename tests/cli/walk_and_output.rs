//! Directories walked (sorted, hidden files left out, `--out-dir` keeping their
//! paths), compressed output (`--compress`), compressions that are refused, the
//! progress bar (only on a terminal), and the memory a record file takes (not
//! growing with its size).

use super::fixtures::{PAGE, cleaned};
use super::record_files::{corpus_pages, id, warc, zstd};
use crate::common::{TempDir, deboiler, gzip, run, stderr};
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Command;

#[test]
fn a_directory_is_walked_and_its_paths_kept() {
    let dir = TempDir::new("walk");
    let other = "Share on Facebook\nThe harbour reopened on Monday after engineers repaired the storm damage to the old sea wall.\n";
    dir.write("site/b/index.html", PAGE);
    dir.write("site/a/index.html", other);
    dir.write("site/.git/config", "hidden\n");
    dir.write("site/a/.draft.txt", "hidden too\n");
    dir.write("site/top.txt.zst", zstd(PAGE.as_bytes()));
    let site = dir.path().join("site");
    let out = run(deboiler([&site]));
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = [
        cleaned(other.as_bytes()),
        cleaned(PAGE.as_bytes()),
        cleaned(PAGE.as_bytes()),
    ]
    .concat();
    assert_eq!(
        out.stdout, expected,
        "a/index.html, b/index.html, top.txt.zst in order"
    );
    let out_dir = dir.path().join("out");
    let out = run(deboiler([
        "--out-dir".as_ref(),
        out_dir.as_os_str(),
        site.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read(out_dir.join("a/index.txt")).unwrap(),
        cleaned(other.as_bytes())
    );
    assert_eq!(
        fs::read(out_dir.join("b/index.txt")).unwrap(),
        cleaned(PAGE.as_bytes())
    );
    assert_eq!(
        fs::read(out_dir.join("top.txt")).unwrap(),
        cleaned(PAGE.as_bytes())
    );
    assert!(!out_dir.join(".git").exists() && !out_dir.join("a/.draft.txt").exists());
    // An empty directory is an error, naming it.
    fs::create_dir_all(dir.path().join("empty")).unwrap();
    let out = run(deboiler([dir.path().join("empty")]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no files in this directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn output_is_compressed_when_asked() {
    let dir = TempDir::new("compress");
    let a = dir.write("a.txt", PAGE);
    let out_dir = dir.path().join("out");
    let wet = dir.write(
        "b.warc.wet",
        warc(
            "conversion",
            &id(1),
            "https://example.org/",
            &[],
            PAGE.as_bytes(),
        ),
    );
    let out = run(deboiler([
        "--compress".as_ref(),
        "gz".as_ref(),
        "--out-dir".as_ref(),
        out_dir.as_os_str(),
        a.as_os_str(),
        wet.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["a.txt.gz", "b.txt.gz"] {
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(fs::File::open(out_dir.join(name)).unwrap())
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, cleaned(PAGE.as_bytes()), "{name}");
    }
    let out = run(deboiler([
        "--compress".as_ref(),
        "zst".as_ref(),
        "-f".as_ref(),
        "records".as_ref(),
        wet.as_os_str(),
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = zstd::decode_all(&out.stdout[..]).unwrap();
    let o: serde_json::Value = serde_json::from_slice(&text).unwrap();
    assert_eq!(o["id"], id(1));
    let expected = String::from_utf8(cleaned(PAGE.as_bytes())).unwrap();
    assert_eq!(o["text"], expected.trim_end());
}

#[test]
fn other_compressions_are_refused_by_name() {
    let dir = TempDir::new("bz2");
    let bz = dir.write("page.txt.bz2", b"BZh91AY&SY\x01\x02\x03\x04");
    let xz = dir.write("data", b"\xfd7zXZ\x00\x00\x04");
    let good = dir.write("good.txt", PAGE);
    let out = run(deboiler([&bz, &xz, &good]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "deboiler: {}: compressed with bzip2, which deboiler does not read; skipped \
             (decompress it first, with 'bunzip2')",
            bz.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("deboiler: {}: compressed with xz", xz.display())),
        "{err}"
    );
    assert_eq!(out.stdout, cleaned(PAGE.as_bytes()));
}

/// Runs `command` (a shell command line) under `script`, on a terminal; its
/// output as the terminal shows it, or `None` where `script` is absent.
fn on_a_terminal(command: &str) -> Option<String> {
    let out = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_progress_bar_is_on_a_terminal_only() {
    let pages = corpus_pages();
    let records: Vec<u8> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, (_, p))| gzip(&warc("conversion", &id(i), "https://example.org/", &[], p)))
        .collect();
    let dir = TempDir::new("progress");
    let file = dir.write("many.warc.wet.gz", &records);
    // Not a terminal: nothing on standard error.
    let out = run(deboiler([
        "-f".as_ref(),
        "records".as_ref(),
        file.as_os_str(),
    ]));
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let bin = env!("CARGO_BIN_EXE_deboiler");
    let shown = format!("{bin} -f records {} >/dev/null", file.display());
    let Some(screen) = on_a_terminal(&shown) else {
        eprintln!("skipping the terminal half: no 'script' command");
        return;
    };
    assert!(
        screen.contains(&format!("1/1 inputs, {} records", pages.len())),
        "{screen:?}"
    );
    assert!(screen.contains("B/s"), "{screen:?}");
    let quiet = on_a_terminal(&format!(
        "{bin} -q -f records {} >/dev/null",
        file.display()
    ))
    .unwrap();
    assert!(!quiet.contains("inputs"), "{quiet:?}");
}

/// The peak resident memory of `deboiler ARGS` in KiB, by `/usr/bin/time`, or
/// `None` where it is absent.
fn peak_kib(args: &[std::ffi::OsString]) -> Option<u64> {
    if !Path::new("/usr/bin/time").exists() {
        return None;
    }
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(env!("CARGO_BIN_EXE_deboiler"))
        .args(args)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr)
        .trim()
        .lines()
        .last()?
        .parse()
        .ok()
}

#[test]
fn memory_does_not_grow_with_the_file() {
    let pages = corpus_pages();
    let one: Vec<u8> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, (_, p))| gzip(&warc("conversion", &id(i), "https://example.org/", &[], p)))
        .collect();
    let dir = TempDir::new("memory");
    // The smaller file already fills the pool's window of batches in flight, so
    // what remains is the noise of timing (how full the window gets) and of the
    // allocator; the larger holds 50 MB of text.
    let small = dir.write("small.warc.gz", one.repeat(40));
    let large = dir.write("large.warc.gz", one.repeat(400));
    let args = |f: &Path| {
        vec![
            f.as_os_str().to_owned(),
            "-f".into(),
            "records".into(),
            "-o".into(),
            dir.path().join("out").into_os_string(),
        ]
    };
    let (Some(s), Some(l)) = (peak_kib(&args(&small)), peak_kib(&args(&large))) else {
        eprintln!("skipping: no /usr/bin/time");
        return;
    };
    let out_large = fs::metadata(dir.path().join("out/large.jsonl"))
        .unwrap()
        .len();
    let out_small = fs::metadata(dir.path().join("out/small.jsonl"))
        .unwrap()
        .len();
    assert!(out_large > 9 * out_small, "{out_large} {out_small}");
    // Ten times the records, the same memory (within 16 MiB of noise, a third
    // of what the larger file's text alone would take).
    assert!(
        l < s + 16 * 1024,
        "peak {l} KiB for 10 times the records, {s} KiB for one"
    );
}
