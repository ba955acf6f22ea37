//! `--out-dir` files are written under a hidden temporary name and renamed when
//! complete: no temporary file is left behind, a file that cannot be written is
//! reported and removed, and an interrupted run (SIGINT) leaves no partial file
//! under a final name and says which inputs were not finished.

use super::fixtures::{PAGE, cleaned};
use crate::common::{TempDir, deboiler, run, stderr};
use std::fs;
use std::path::Path;

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("directory exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The temporary files in `dir` (hidden, with `.tmp-` in their name).
fn temps(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with('.') && n.contains(".tmp-"))
        .collect()
}

#[test]
fn several_files_leave_no_temporary_files() {
    let dir = TempDir::new("safe-several");
    let other = "Home\nThe harbour reopened on Monday after engineers repaired the storm damage to the old sea wall.\n";
    // `one/a.txt` is missing, so `two/a.txt` gets the name in its turn (written by
    // the writer, not the worker).
    let missing = dir.path().join("one/a.txt");
    let a = dir.write("two/a.txt", PAGE);
    let b = dir.write("b.txt", other);
    let c = dir.write("c.txt.gz", crate::common::gzip(PAGE.as_bytes()));
    let empty = dir.write("empty.txt", "");
    for jobs in ["1", "2"] {
        let out_dir = dir.path().join(format!("out{jobs}"));
        let out = run(deboiler([
            "-j".as_ref(),
            jobs.as_ref(),
            "-o".as_ref(),
            out_dir.as_os_str(),
            missing.as_os_str(),
            a.as_os_str(),
            b.as_os_str(),
            c.as_os_str(),
            empty.as_os_str(),
        ]));
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(
            names(&out_dir),
            ["a.txt", "b.txt", "c.txt", "empty.txt"],
            "-j {jobs}"
        );
        assert_eq!(
            fs::read(out_dir.join("a.txt")).unwrap(),
            cleaned(PAGE.as_bytes())
        );
        assert_eq!(
            fs::read(out_dir.join("b.txt")).unwrap(),
            cleaned(other.as_bytes())
        );
        assert_eq!(
            fs::read(out_dir.join("c.txt")).unwrap(),
            cleaned(PAGE.as_bytes())
        );
        assert!(fs::read(out_dir.join("empty.txt")).unwrap().is_empty());
    }
}

/// A result whose final name is taken by a directory cannot be renamed there: the
/// error names the file, the temporary file is removed, the other inputs are
/// written.
#[test]
fn an_unwritable_target_is_reported_and_leaves_no_temporary_file() {
    let dir = TempDir::new("safe-unwritable");
    let missing = dir.path().join("zero/a.txt");
    let a = dir.write("one/a.txt", PAGE);
    let b = dir.write("b.txt", PAGE);
    // With the missing input first, `one/a.txt` is written by the writer; without
    // it, by the worker.
    for (tag, inputs) in [("worker", vec![&a, &b]), ("writer", vec![&missing, &a, &b])] {
        for jobs in ["1", "2"] {
            let out_dir = dir.path().join(format!("out-{tag}-{jobs}"));
            fs::create_dir_all(out_dir.join("a.txt/inside")).unwrap();
            let mut cmd = deboiler(["-j", jobs, "-o"]);
            cmd.arg(&out_dir).args(&inputs);
            let out = run(cmd);
            assert_eq!(out.status.code(), Some(1), "{tag} -j {jobs}");
            let err = stderr(&out);
            let target = out_dir.join("a.txt");
            assert!(
                err.contains(&format!("deboiler: {}: ", target.display())),
                "{tag} -j {jobs}: {err}"
            );
            assert!(
                temps(&out_dir).is_empty(),
                "{tag} -j {jobs}: {:?}",
                names(&out_dir)
            );
            assert!(target.join("inside").is_dir());
            assert_eq!(
                fs::read(out_dir.join("b.txt")).unwrap(),
                cleaned(PAGE.as_bytes())
            );
        }
    }
}

/// Interrupting with SIGINT while results are being written.
#[cfg(unix)]
mod interrupted {
    use super::{names, temps};
    use crate::common::{TempDir, deboiler, stderr};
    use std::fs;
    use std::io::Write;
    use std::path::Path;
    use std::process::{Child, Command, Output, Stdio};
    use std::time::{Duration, Instant};

    /// The longest any step waits.
    const TIMEOUT: Duration = Duration::from_secs(120);

    /// A text dump of about `bytes` bytes, its lines varied.
    fn big_dump(bytes: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes + 200);
        let mut i = 0u64;
        while out.len() < bytes {
            let line = match i % 4 {
                0 => format!("Home | News | Sport {i}\n"),
                1 => format!(
                    "The council met on Tuesday, meeting {i}, and agreed to rebuild the old \
                     harbour wall after the winter storms.\n"
                ),
                2 => "Share on Facebook\n".to_string(),
                _ => format!(
                    "Engineers said the repairs, item {i}, would take about eighteen months \
                     and cost more than four million pounds.\n"
                ),
            };
            out.extend_from_slice(line.as_bytes());
            i += 1;
        }
        out
    }

    /// Waits until `dir` holds a temporary file, or the child ends (`false`), within
    /// [`TIMEOUT`].
    fn wait_for_temp(child: &mut Child, dir: &Path) -> bool {
        let start = Instant::now();
        loop {
            if dir.is_dir() && !temps(dir).is_empty() {
                return true;
            }
            if child.try_wait().expect("poll child").is_some() {
                return false;
            }
            assert!(start.elapsed() < TIMEOUT, "no temporary file appeared");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Sends SIGINT to the child.
    fn interrupt(child: &Child) {
        let status = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits for the child to end, within [`TIMEOUT`] (killing it otherwise).
    fn wait_bounded(mut child: Child) -> Output {
        let start = Instant::now();
        while child.try_wait().expect("poll child").is_none() {
            if start.elapsed() > TIMEOUT {
                let _ = child.kill();
                panic!("deboiler did not end after SIGINT");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        child.wait_with_output().expect("collect output")
    }

    /// Standard input held open after a first part: the run is certainly in the
    /// middle of writing `stdin.txt` when interrupted.
    #[test]
    fn interrupted_while_reading_stdin() {
        let dir = TempDir::new("sigint-stdin");
        let out_dir = dir.path().join("out");
        let mut child = deboiler(["--segment-size", "64K", "-o"])
            .arg(&out_dir)
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn deboiler");
        let mut stdin = child.stdin.take().expect("stdin is piped");
        stdin.write_all(&big_dump(1 << 20)).expect("write input");
        stdin.flush().unwrap();
        assert!(wait_for_temp(&mut child, &out_dir), "deboiler ended early");
        interrupt(&child);
        let out = wait_bounded(child);
        drop(stdin);
        assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            "deboiler: interrupted; not finished: <stdin>\n"
        );
        assert!(names(&out_dir).is_empty(), "{:?}", names(&out_dir));
    }

    /// Two large files on two jobs, after a small one: every file under its final
    /// name is whole, the others are named as not finished.
    #[test]
    fn interrupted_while_writing_files() {
        let dir = TempDir::new("sigint-files");
        let small = dir.write("small.txt", super::PAGE);
        let big = big_dump(24 << 20);
        let b = dir.write("b.txt", &big);
        let c = dir.write("c.txt", &big);
        drop(big);
        let out_dir = dir.path().join("out");
        let args = |out: &Path| {
            let mut cmd = deboiler(["-j", "2", "--segment-size", "64K", "--format", "jsonl"]);
            cmd.arg("-o").arg(out).args([&small, &b, &c]);
            cmd
        };
        let mut child = args(&out_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn deboiler");
        let started = wait_for_temp(&mut child, &out_dir);
        if started {
            interrupt(&child);
        }
        let out = wait_bounded(child);
        let err = stderr(&out);
        assert!(temps(&out_dir).is_empty(), "{:?}", names(&out_dir));
        if started {
            assert_eq!(out.status.code(), Some(130), "{err}");
            assert!(
                err.starts_with("deboiler: interrupted; not finished: "),
                "{err}"
            );
        } else {
            eprintln!("deboiler ended before it could be interrupted");
        }
        // Whole results to compare with, from an uninterrupted run, if needed.
        let whole_dir = dir.path().join("whole");
        let mut whole = None;
        for (input, name) in [(&small, "small.jsonl"), (&b, "b.jsonl"), (&c, "c.jsonl")] {
            let path = out_dir.join(name);
            if !path.exists() {
                assert!(
                    err.contains(&input.display().to_string()),
                    "{name} is missing but its input is not named: {err}"
                );
                continue;
            }
            let whole_dir = whole.get_or_insert_with(|| {
                let out = args(&whole_dir).output().expect("run deboiler");
                assert!(out.status.success(), "{}", stderr(&out));
                &whole_dir
            });
            assert!(
                fs::read(&path).unwrap() == fs::read(whole_dir.join(name)).unwrap(),
                "{name} is partial"
            );
        }
    }
}
