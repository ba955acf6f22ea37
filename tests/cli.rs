//! Tests of the `deboiler` binary, run as a user would run it: one test binary
//! (`cargo test --test cli`), its tests in one module per concern under `tests/cli/`.

mod common;

/// The binary's tests by concern; [`fixtures`](cli::fixtures) holds what they share.
mod cli {
    mod bad_records;
    mod clean;
    mod eval;
    mod fixtures;
    mod formats;
    mod help;
    mod inputs;
    mod memory;
    mod out_dir;
    mod record_files;
    mod records;
    mod safe_writes;
    mod train;
    mod train_kinds;
    mod truncated;
    mod usage;
    mod utf16;
    mod walk_and_output;
}
