//! What the tests compare the binary with: a small page with its gold labels, what
//! the library itself keeps of a text, and a corpus of labelled dumps for `eval`
//! and `train`.

use crate::common::TempDir;
use deboiler::Cleaner;

/// A small page: chrome around a few paragraphs of prose.
pub const PAGE: &str = "\
Home | News | Sport | Business
Share on Facebook
Share on X
Council approves new harbour wall after storm damage
By Jane Doe, Senior Reporter
09:56, Mon, Mar 17, 2025 | UPDATED: 09:56, Mon, Mar 17, 2025
The town council voted on Tuesday to rebuild the old harbour wall, which was badly damaged in the winter storms.
Engineers told the meeting that the repairs would take about eighteen months and cost more than four million pounds.
Several residents spoke in favour of the plan, saying the ferry service and the fishing fleet both depend on the wall.
Others asked why the work could not begin sooner, given that the damage had been known about since January.

The mayor said the council had first needed to secure money from the regional government, which arrived last week.
Work is expected to start in the spring, and the harbour will stay open to small boats while it goes on.
Invalid email
Sign up to our free newsletter
We use cookies to improve your experience.
© 2025 Example Media Ltd. All rights reserved.
";

/// The gold labels of [`PAGE`], one per line.
pub const PAGE_LABELS: &str = "navigation\nnavigation\nnavigation\ntitle\nbyline\ntimestamp\n\
content\ncontent\ncontent\ncontent\nblank\ncontent\ncontent\nmarketing\nmarketing\nlegal\nlegal\n";

/// What the library keeps of `input` with the default cleaner.
pub fn cleaned(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    Cleaner::new().clean_bytes(input, &mut out);
    out
}

/// Checks that the default cleaner keeps prose and drops chrome on [`PAGE`], so that
/// the other tests compare something meaningful.
pub fn assert_page_is_cleaned(out: &[u8]) {
    let out = String::from_utf8_lossy(out);
    assert!(out.contains("Engineers told the meeting"), "{out}");
    assert!(!out.contains("Share on Facebook"), "{out}");
    assert!(!out.contains("Invalid email"), "{out}");
}

/// Writes a small corpus of labelled dumps: `n` variants of [`PAGE`].
pub fn labelled_corpus(dir: &TempDir, sub: &str, n: usize) -> std::path::PathBuf {
    let extra = [
        "The harbour reopened on Monday after engineers repaired the storm damage to the old sea wall.",
        "Residents said they were relieved that the ferry service would run again before the summer.",
        "Read more",
        "Subscribe now for unlimited access",
    ];
    let extra_labels = ["content", "content", "navigation", "marketing"];
    for i in 0..n {
        let mut text = String::from(PAGE);
        let mut labels = String::from(PAGE_LABELS);
        for j in 0..=i % extra.len() {
            text.push_str(extra[j]);
            text.push('\n');
            labels.push_str(extra_labels[j]);
            labels.push('\n');
        }
        dir.write(&format!("{sub}/site{i}.txt"), text);
        dir.write(&format!("{sub}/site{i}.labels"), labels);
    }
    dir.write(&format!("{sub}/notes.txt"), "no labels beside me\n");
    dir.path().join(sub)
}
