//! `deboiler train`'s arguments.

use super::help::{USAGE_TRAIN, help_train};
use super::{Command, TrainArgs, usage_err};
use crate::error::Error;
use deboiler::Label;
use deboiler::train::TrainOptions;
use deboiler::train_kinds::KindOptions;
use lexopt::prelude::*;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// `deboiler train`'s options as typed; the fit's settings are the defaults of
/// [`TrainOptions`] with each option typed set.
struct Typed {
    /// The DIRs.
    dirs: Vec<PathBuf>,
    /// The fit's settings.
    options: TrainOptions,
    /// `--folds`.
    folds: Option<usize>,
    /// `--out`.
    out: Option<PathBuf>,
    /// `--cv-out`.
    cv_out: Option<PathBuf>,
    /// `--html`.
    html: bool,
    /// `--kinds`.
    kinds: bool,
    /// `--shared`.
    shared: Option<PathBuf>,
    /// The kind model's fit settings (`--balance`, `--rescue`, `--override`,
    /// `--rules`).
    kind_options: KindOptions,
    /// `--features-out`.
    features_out: Option<PathBuf>,
    /// `--l2` and `--iterations`, which set the kind model's fit too.
    l2: Option<f64>,
    iterations: Option<usize>,
}

/// Parses `deboiler train`'s arguments (those after `train`); `command_line` is the
/// whole command, for the model's header.
pub(super) fn parse(args: &[OsString], command_line: String) -> Result<Command, Error> {
    let err = usage_err(USAGE_TRAIN);
    let mut p = lexopt::Parser::from_args(args.iter().cloned());
    let mut t = Typed {
        dirs: Vec::new(),
        options: TrainOptions::default(),
        folds: None,
        out: None,
        cv_out: None,
        html: false,
        kinds: false,
        shared: None,
        kind_options: KindOptions::default(),
        features_out: None,
        l2: None,
        iterations: None,
    };
    while let Some(arg) = p.next().map_err(&err)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(help_train())),
            Long("stages") => {
                let max = max_stages();
                t.options.stages = train_number(
                    &mut p,
                    "--stages",
                    |n| (1..=max).contains(&n),
                    &format!("1 to {max}"),
                )?;
            }
            Long("l2") => {
                t.options.l2 = train_number(
                    &mut p,
                    "--l2",
                    |x: f64| x.is_finite() && x >= 0.0,
                    "a number of at least 0",
                )?;
                t.l2 = Some(t.options.l2);
            }
            Long("iterations") => {
                t.options.iterations =
                    train_number(&mut p, "--iterations", |n| n >= 1, "at least 1")?;
                t.iterations = Some(t.options.iterations);
            }
            Long("trees") => {
                t.options.trees = parse_number(&p.value().map_err(&err)?, "--trees")?;
            }
            Long("depth") => {
                t.options.depth =
                    train_number(&mut p, "--depth", |d| (1..=8).contains(&d), "1 to 8")?;
            }
            Long("learning-rate") => {
                t.options.learning_rate = train_number(
                    &mut p,
                    "--learning-rate",
                    |x: f32| x.is_finite() && x > 0.0 && x <= 1.0,
                    "a number in (0, 1]",
                )?;
            }
            Long("tree-l2") => {
                t.options.tree_l2 = train_number(
                    &mut p,
                    "--tree-l2",
                    |x: f64| x.is_finite() && x >= 0.0,
                    "a number, at least 0",
                )?;
            }
            Long("local-trees") => t.options.local_trees = true,
            Long("folds") => {
                t.folds = Some(train_number(&mut p, "--folds", |k| k >= 2, "at least 2")?);
            }
            Long("page-balance") => {
                t.options.page_balance = train_number(
                    &mut p,
                    "--page-balance",
                    |x: f32| (0.0..=1.0).contains(&x),
                    "0 to 1",
                )?;
            }
            Long("no-excerpts") => t.options.excerpts = false,
            Long("html") => t.html = true,
            Long("kinds") => t.kinds = true,
            Long("features-out") => {
                t.features_out = Some(PathBuf::from(p.value().map_err(&err)?));
            }
            Long("shared") => t.shared = Some(PathBuf::from(p.value().map_err(&err)?)),
            Long("balance") => {
                t.kind_options.balance = train_number(
                    &mut p,
                    "--balance",
                    |x: f32| (0.0..=1.0).contains(&x),
                    "0 to 1",
                )?;
            }
            Long("rescue") => {
                t.kind_options.rescue = train_number(
                    &mut p,
                    "--rescue",
                    |x: f32| !x.is_nan() && x >= 0.0,
                    "a probability (above 1: never)",
                )?;
            }
            Long("context") => t.kind_options.context = true,
            Long("context-l2") => {
                t.kind_options.context_l2 = Some(train_number(
                    &mut p,
                    "--context-l2",
                    |x: f32| x.is_finite() && x >= 0.0,
                    "a number, 0 or more",
                )?);
                t.kind_options.context = true;
            }
            Long("rules") => {
                let v = p.value().map_err(&err)?;
                let label = v.to_str().and_then(|s| s.parse::<Label>().ok());
                if !label.is_some_and(|l| t.kind_options.set_rules(l)) {
                    return Err(Error::usage(
                        format!(
                            "--rules: expected a label of the kind model, got '{}'",
                            v.to_string_lossy()
                        ),
                        USAGE_TRAIN,
                    ));
                }
            }
            Long("override") => {
                let v = p.value().map_err(&err)?;
                let bad = || {
                    Error::usage(
                        format!(
                            "--override: expected LABEL=P (such as comment=0.6), got '{}'",
                            v.to_string_lossy()
                        ),
                        USAGE_TRAIN,
                    )
                };
                let s = v.to_str().ok_or_else(bad)?;
                let (label, prob) = s.split_once('=').ok_or_else(bad)?;
                let label: Label = label.parse().map_err(|_| bad())?;
                let prob: f32 = prob.trim().parse().map_err(|_| bad())?;
                if prob.is_nan() || !t.kind_options.set_override(label, prob) {
                    return Err(bad());
                }
            }
            Long("cv-out") => t.cv_out = Some(PathBuf::from(p.value().map_err(&err)?)),
            Short('o') | Long("out") => t.out = Some(PathBuf::from(p.value().map_err(&err)?)),
            Value(v) => t.dirs.push(PathBuf::from(v)),
            _ => return Err(err(arg.unexpected())),
        }
    }
    t.resolve(command_line).map(Command::Train)
}

impl Typed {
    /// The settings; at least one DIR is needed, and `--cv-out` needs `--folds`.
    fn resolve(self, command_line: String) -> Result<TrainArgs, Error> {
        if self.dirs.is_empty() {
            return Err(Error::usage("train: no DIR given", USAGE_TRAIN));
        }
        if !self.kinds && (self.shared.is_some() || self.features_out.is_some()) {
            return Err(Error::usage(
                "train: --shared and --features-out go with --kinds",
                USAGE_TRAIN,
            ));
        }
        if !self.kinds && self.kind_options != deboiler::train_kinds::KindOptions::default() {
            return Err(Error::usage(
                "train: --balance, --rescue, --override, --rules and --context[-l2] go with --kinds",
                USAGE_TRAIN,
            ));
        }
        let mut kind_options = self.kind_options;
        if let Some(l2) = self.l2 {
            kind_options.l2 = l2 as f32;
        }
        if let Some(n) = self.iterations {
            kind_options.iterations = n;
        }
        if self.cv_out.is_some() && self.folds.is_none() {
            return Err(Error::usage("train: --cv-out needs --folds", USAGE_TRAIN));
        }
        Ok(TrainArgs {
            dirs: self.dirs,
            options: self.options,
            folds: self.folds,
            out: self.out,
            cv_out: self.cv_out,
            command_line,
            html: self.html,
            kinds: self.kinds,
            shared: self.shared,
            kind_options,
            features_out: self.features_out,
        })
    }
}

/// The arguments as one line, quoted where needed, after `deboiler`.
pub(super) fn command_line(args: &[OsString]) -> String {
    let mut line = String::from("deboiler");
    for a in args {
        let a = a.to_string_lossy();
        line.push(' ');
        if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"\\$`".contains(c)) {
            line.push('\'');
            line.push_str(&a.replace('\'', r"'\''"));
            line.push('\'');
        } else {
            line.push_str(&a);
        }
    }
    line
}

/// The most stages a model has: the default of [`TrainOptions`].
pub(super) fn max_stages() -> usize {
    TrainOptions::default().stages
}

/// Parses a number for a `train` option.
fn parse_number<T: std::str::FromStr>(v: &OsStr, option: &str) -> Result<T, Error> {
    v.to_str()
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| {
            Error::usage(
                format!("{option}: invalid number '{}'", v.to_string_lossy()),
                USAGE_TRAIN,
            )
        })
}

/// The value of the `train` option `option`: a number that `ok` accepts, else a usage
/// error saying it expected `expected`.
fn train_number<T: std::str::FromStr + std::fmt::Display + Copy>(
    p: &mut lexopt::Parser,
    option: &str,
    ok: impl Fn(T) -> bool,
    expected: &str,
) -> Result<T, Error> {
    let v = p.value().map_err(usage_err(USAGE_TRAIN))?;
    let x: T = parse_number(&v, option)?;
    if ok(x) {
        Ok(x)
    } else {
        Err(Error::usage(
            format!("{option}: expected {expected}, got {x}"),
            USAGE_TRAIN,
        ))
    }
}
