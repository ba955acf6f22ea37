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
            Value(v) => t.dirs.push(PathBuf::from(v)),
            _ => return Err(err(arg.unexpected())),
        }
    }
    t.resolve().map(Command::Eval)
}

impl Typed {
    /// The settings; at least one DIR is needed.
    fn resolve(self) -> Result<EvalArgs, Error> {
        if self.dirs.is_empty() {
            return Err(Error::usage("eval: no DIR given", USAGE_EVAL));
        }
        Ok(EvalArgs {
            dirs: self.dirs,
            json: self.json,
            threshold: self.threshold,
        })
    }
}
