//! Directories among the inputs: each is walked into the files under it, in sorted
//! order (by name, byte for byte, at each level), hidden files and directories
//! (names starting with `.`) left out, symbolic links to directories not followed
//! (so that no loop can form). Each file keeps the path of its directory relative
//! to the walked one, under which `--out-dir` writes its result.

use crate::args::Input;
use std::fs;
use std::path::{Path, PathBuf};

/// The inputs with every directory walked.
#[derive(Debug, Default)]
pub struct Walked {
    /// The inputs, files and standard input, in order.
    pub inputs: Vec<Input>,
    /// For each input, its directory relative to the directory it was found in
    /// (empty for inputs named on the command line).
    pub subdirs: Vec<PathBuf>,
    /// Directories that could not be read or held no file: the message, naming
    /// the directory.
    pub errors: Vec<String>,
}

/// Walks the directories among `inputs`.
pub fn walk(inputs: &[Input]) -> Walked {
    let mut walked = Walked::default();
    for input in inputs {
        match input {
            Input::Path(p) if p.is_dir() => {
                let before = walked.inputs.len();
                walk_dir(p, Path::new(""), &mut walked);
                if walked.inputs.len() == before {
                    walked.errors.push(format!(
                        "{}: no files in this directory (hidden ones are left out)",
                        p.display()
                    ));
                }
            }
            input => {
                walked.inputs.push(input.clone());
                walked.subdirs.push(PathBuf::new());
            }
        }
    }
    walked
}

/// Adds the files under `dir` (whose path relative to the walked directory is
/// `rel`) to `walked`.
fn walk_dir(dir: &Path, rel: &Path, walked: &mut Walked) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            walked.errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut names: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .filter(|name| !name.as_encoded_bytes().starts_with(b"."))
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() {
            if !is_link {
                walk_dir(&path, &rel.join(&name), walked);
            }
        } else {
            walked.inputs.push(Input::Path(path));
            walked.subdirs.push(rel.to_path_buf());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_skips_hidden() {
        let root = std::env::temp_dir().join(format!("deboiler-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for f in [
            "b/index.html",
            "a/index.html",
            "a/z.txt",
            "c.txt",
            ".hidden/x.txt",
            "a/.y",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        fs::create_dir_all(root.join("empty")).unwrap();
        let walked = walk(&[Input::Path(root.clone()), Input::Stdin]);
        let names: Vec<String> = walked
            .inputs
            .iter()
            .map(|i| match i {
                Input::Path(p) => p.strip_prefix(&root).unwrap().display().to_string(),
                Input::Stdin => "-".to_string(),
            })
            .collect();
        assert_eq!(
            names,
            ["a/index.html", "a/z.txt", "b/index.html", "c.txt", "-"]
        );
        let subdirs: Vec<&Path> = walked.subdirs.iter().map(PathBuf::as_path).collect();
        let (a, b, none) = (Path::new("a"), Path::new("b"), Path::new(""));
        assert_eq!(subdirs, [a, a, b, none, none]);
        assert!(walked.errors.is_empty(), "{:?}", walked.errors);
        let empty = walk(&[Input::Path(root.join("empty"))]);
        assert!(empty.inputs.is_empty());
        assert!(empty.errors[0].ends_with("no files in this directory (hidden ones are left out)"));
        fs::remove_dir_all(&root).unwrap();
    }
}
