//! `deboiler eval`'s arguments.

use super::help::{USAGE_EVAL, help_eval};
use super::{Command, EvalArgs, parse_threshold, usage_err};
use crate::error::Error;
use lexopt::prelude::*;
use std::ffi::OsString;
use std::path::PathBuf;

/// `deboiler eval`'s options as typed.
#[derive(Default)]
struct Typed {
    /// The DIRs.
    dirs: Vec<PathBuf>,
    /// `--json`.
    json: bool,
    /// `--threshold`.
    threshold: Option<f32>,
    /// `--pages`.
    pages: Option<PathBuf>,
    /// `--shared`.
    shared: Option<PathBuf>,
    /// `--html`.
    html: bool,
}

/// Parses `deboiler eval`'s arguments (those after `eval`).
pub(super) fn parse(args: &[OsString]) -> Result<Command, Error> {
    let err = usage_err(USAGE_EVAL);
    let mut p = lexopt::Parser::from_args(args.iter().cloned());
    let mut t = Typed::default();
    while let Some(arg) = p.next().map_err(&err)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(help_eval())),
            Long("json") => t.json = true,
            Short('t') | Long("threshold") => {
                t.threshold = Some(parse_threshold(&p.value().map_err(&err)?, USAGE_EVAL)?);
            }
            Long("pages") => t.pages = Some(PathBuf::from(p.value().map_err(&err)?)),
            Long("shared") => t.shared = Some(PathBuf::from(p.value().map_err(&err)?)),
            Long("html") => t.html = true,
            Value(v) => t.dirs.push(PathBuf::from(v)),
            _ => return Err(err(arg.unexpected())),
        }
    }
    t.resolve().map(Command::Eval)
}

impl Typed {
    /// The settings; at least one DIR or `--pages` is needed, and `--shared` and
    /// `--html` only go with `--pages`.
    fn resolve(self) -> Result<EvalArgs, Error> {
        if self.dirs.is_empty() && self.pages.is_none() {
            return Err(Error::usage("eval: no DIR given", USAGE_EVAL));
        }
        if self.pages.is_none() && (self.html || self.shared.is_some()) {
            return Err(Error::usage(
                "eval: --html and --shared go with --pages",
                USAGE_EVAL,
            ));
        }
        Ok(EvalArgs {
            dirs: self.dirs,
            json: self.json,
            threshold: self.threshold,
            pages: self.pages,
            shared: self.shared,
            html: self.html,
        })
    }
}
