//! Embeds every word list under `seeds/` (`seeds/<kind>/<lang>.txt`) and the fitted
//! model (`seeds/model.txt`) into the library at compile time.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let seeds = Path::new(&root).join("seeds");
    println!("cargo:rerun-if-changed=seeds");
    let mut lists = Vec::new();
    if let Ok(kinds) = fs::read_dir(&seeds) {
        for kind in kinds.flatten() {
            let kind_path = kind.path();
            if !kind_path.is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", kind_path.display());
            for file in fs::read_dir(&kind_path).into_iter().flatten().flatten() {
                let path = file.path();
                if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                    continue;
                }
                let kind = kind.file_name().to_string_lossy().into_owned();
                let lang = path.file_stem().unwrap().to_string_lossy().into_owned();
                lists.push((kind, lang, path));
            }
        }
    }
    lists.sort();
    let mut out = String::from("/// Every word list: (kind, language, text).\n");
    out.push_str("pub(crate) static LISTS: &[(&str, &str, &str)] = &[\n");
    for (kind, lang, path) in &lists {
        writeln!(
            out,
            "    ({kind:?}, {lang:?}, include_str!({:?})),",
            path.display()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let model = seeds.join("model.txt");
    println!("cargo:rerun-if-changed={}", model.display());
    if model.exists() {
        writeln!(
            out,
            "/// The fitted model's weights.\npub(crate) static MODEL: &str = include_str!({:?});",
            model.display()
        )
        .unwrap();
    } else {
        out.push_str(
            "/// No fitted model: built-in defaults.\npub(crate) static MODEL: &str = \"\";\n",
        );
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("seeds.rs");
    fs::write(dest, out).unwrap();
}
