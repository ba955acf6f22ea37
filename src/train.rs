//! Fitting the line scorer's weights on labelled dumps (`deboiler train`).
//!
//! Each stage is a logistic regression fitted by Newton's method (iteratively
//! re-weighted least squares) with an L2 penalty. Stage 1 sees the per-line
//! features; stage k > 1 also sees the context features computed from stage k-1's
//! probabilities on the same pages, exactly as the classifier computes them.
//! Lines are weighted by `ln(2 + words)`, since the benchmarks count words, not lines.
//!
//! Cross-validation splits pages into folds by site, so that a site's template never
//! sits on both sides of a split.

use crate::eval::{Document, Report};
use crate::features::{BASE, CONTEXT, LineInfo};
use crate::revise::{self, Row};
pub use crate::score::MAX_STAGES;
use crate::score::{Model, Stage, sigmoid};
use crate::{Cleaner, Verdict};
use std::collections::HashMap;
use std::path::Path;

/// Settings of a fit. Start from [`TrainOptions::default`]: fields may be added.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct TrainOptions {
    /// How many stages (1 to 3).
    pub stages: usize,
    /// The L2 penalty on every weight but the bias.
    pub l2: f64,
    /// Newton iterations per stage.
    pub iterations: usize,
    /// Also train on an excerpt of every page: its gold content with
    /// [`EXCERPT_MARGIN`] lines either side. Users' dumps range from whole pages to
    /// text already cut near the article; without excerpts the context stages learn
    /// that every page is wrapped in chrome.
    pub excerpts: bool,
    /// How far to even out pages' weights: a page's lines are scaled by
    /// `(typical page / this page) ^ page_balance` (0: by lines only; 1: every page
    /// weighs the same).
    pub page_balance: f32,
}

/// The summed line weights of a typical page (about 120 lines).
const TYPICAL_PAGE_WEIGHT: f32 = 300.0;

/// Lines of boilerplate kept either side of the gold content in an excerpt.
pub const EXCERPT_MARGIN: usize = 2;

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            stages: MAX_STAGES,
            l2: 1.0,
            iterations: 12,
            excerpts: true,
            page_balance: 0.5,
        }
    }
}

/// A fitted model, ready to write to `seeds/model.txt` or to evaluate.
#[derive(Clone, Debug)]
pub struct Fitted {
    model: Model,
}

impl Fitted {
    /// The model in the text format of `seeds/model.txt`, with `header` as comments.
    pub fn to_text(&self, header: &str) -> String {
        self.model.to_text(header)
    }

    /// Classifies a page with this model (as [`Cleaner::classify_bytes`] does with the
    /// embedded one).
    pub fn classify(&self, cleaner: &Cleaner, bytes: &[u8]) -> Vec<Verdict> {
        let mut out = Vec::new();
        cleaner.classify_with(&self.model, bytes, &mut out);
        out
    }

    /// Evaluates this model on labelled documents.
    pub fn evaluate<'a>(
        &self,
        cleaner: &Cleaner,
        docs: impl IntoIterator<Item = &'a Document>,
    ) -> Report {
        let mut report = Report::default();
        for d in docs {
            report.add(&d.text, &d.gold, &self.classify(cleaner, &d.text));
        }
        report
    }
}

/// One page's training data.
struct Page {
    x: Vec<[f32; BASE]>,
    y: Vec<bool>,
    weight: Vec<f32>,
    rows: Vec<Row>,
}

fn prepare(docs: &[&Document], page_balance: f32) -> Vec<Page> {
    let empty = Model {
        stages: vec![Stage::default()],
    };
    docs.iter()
        .map(|d| {
            let mut x = Vec::new();
            let mut weight = Vec::new();
            let mut rows = Vec::new();
            revise::measure_page(&d.text, &empty, &mut rows, |shape, f| {
                x.push(*f);
                weight.push(if shape.is_blank() {
                    0.0
                } else {
                    (2.0 + shape.effective_words()).ln()
                });
            });
            let y = d.gold.iter().map(|g| g.is_content()).collect();
            // The benchmarks average over pages, so long pages must not drown short
            // ones: a page's weight grows with the square root of its size (at
            // `page_balance` 0.5), not in proportion.
            let total: f32 = weight.iter().sum();
            if total > 0.0 && page_balance > 0.0 {
                let scale = (TYPICAL_PAGE_WEIGHT / total).powf(page_balance);
                for w in &mut weight {
                    *w *= scale;
                }
            }
            Page { x, y, weight, rows }
        })
        .collect()
}

/// The part of a page from [`EXCERPT_MARGIN`] lines before its first gold content
/// line to as many after its last; `None` when that is the whole page or there is no
/// content.
fn excerpt(d: &Document) -> Option<Document> {
    let first = d.gold.iter().position(|g| g.is_content())?;
    let last = d.gold.iter().rposition(|g| g.is_content())?;
    let from = first.saturating_sub(EXCERPT_MARGIN);
    let to = (last + EXCERPT_MARGIN).min(d.gold.len() - 1);
    if from == 0 && to == d.gold.len() - 1 {
        return None;
    }
    let spans: Vec<_> = crate::text::lines(&d.text).collect();
    Some(Document {
        name: format!("{}#excerpt", d.name),
        path: d.path.clone(),
        text: d.text[spans[from].start..spans[to].next].to_vec(),
        gold: d.gold[from..=to].to_vec(),
    })
}

/// Fits a model on the documents.
pub fn fit(docs: &[&Document], opts: &TrainOptions) -> Fitted {
    let excerpts: Vec<Document> = if opts.excerpts {
        docs.iter().filter_map(|d| excerpt(d)).collect()
    } else {
        Vec::new()
    };
    let all: Vec<&Document> = docs.iter().copied().chain(excerpts.iter()).collect();
    let mut pages = prepare(&all, opts.page_balance);
    let mut model = Model { stages: Vec::new() };
    let stages = opts.stages.clamp(1, MAX_STAGES);
    let mut ctx: Vec<[f32; CONTEXT]> = Vec::new();
    for k in 0..stages {
        let dim = if k == 0 { BASE } else { BASE + CONTEXT };
        let mut data: Vec<f32> = Vec::new();
        let mut ys = Vec::new();
        let mut ws = Vec::new();
        for page in &pages {
            let infos: Vec<LineInfo> = page.rows.iter().map(|r| r.info).collect();
            if k > 0 {
                revise::context_matrix(&infos, &mut ctx);
            }
            for (i, x) in page.x.iter().enumerate() {
                data.extend_from_slice(x);
                if k > 0 {
                    data.extend_from_slice(&ctx[i]);
                }
            }
            ys.extend_from_slice(&page.y);
            ws.extend_from_slice(&page.weight);
        }
        let beta = logistic(&data, dim, &ys, &ws, opts);
        let mut stage = Stage::default();
        for (j, b) in beta.iter().enumerate() {
            if j < BASE {
                stage.base[j] = *b as f32;
            } else {
                stage.context[j - BASE] = *b as f32;
            }
        }
        // This stage's probabilities feed the next stage's context.
        for page in &mut pages {
            let infos: Vec<LineInfo> = page.rows.iter().map(|r| r.info).collect();
            if k > 0 {
                revise::context_matrix(&infos, &mut ctx);
            }
            for (i, row) in page.rows.iter_mut().enumerate() {
                let mut z = crate::score::dot(&stage.base, &page.x[i]);
                if k > 0 {
                    z += crate::score::dot(&stage.context, &ctx[i]);
                }
                row.info.p = sigmoid(z);
            }
        }
        model.stages.push(stage);
    }
    Fitted { model }
}

/// Weighted, L2-penalised logistic regression by Newton's method; `data` is row-major
/// with `dim` columns, column 0 the bias (not penalised).
fn logistic(data: &[f32], dim: usize, y: &[bool], w: &[f32], opts: &TrainOptions) -> Vec<f64> {
    let n = y.len();
    let mut beta = vec![0.0f64; dim];
    for _ in 0..opts.iterations {
        let mut grad = vec![0.0f64; dim];
        let mut hess = vec![0.0f64; dim * dim];
        for i in 0..n {
            let x = &data[i * dim..(i + 1) * dim];
            let z: f64 = x.iter().zip(&beta).map(|(a, b)| *a as f64 * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let wi = w[i] as f64;
            if wi == 0.0 {
                continue;
            }
            let r = wi * ((y[i] as u8 as f64) - p);
            let s = wi * (p * (1.0 - p)).max(1e-6);
            for a in 0..dim {
                let xa = x[a] as f64;
                if xa == 0.0 {
                    continue;
                }
                grad[a] += r * xa;
                let sxa = s * xa;
                let row = &mut hess[a * dim..a * dim + a + 1];
                for (b, h) in row.iter_mut().enumerate() {
                    *h += sxa * x[b] as f64;
                }
            }
        }
        for a in 0..dim {
            for b in 0..a {
                hess[b * dim + a] = hess[a * dim + b];
            }
            if a > 0 {
                grad[a] -= opts.l2 * beta[a];
                hess[a * dim + a] += opts.l2;
            } else {
                hess[0] += 1e-6;
            }
        }
        let step = solve(&mut hess, &grad, dim);
        let mut change = 0.0f64;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b += s;
            change = change.max(s.abs());
        }
        if change < 1e-5 {
            break;
        }
    }
    beta
}

/// Solves `a x = b` for a symmetric positive definite `a` (Cholesky; `a` is
/// overwritten). A dimension whose pivot vanishes gets a zero step.
fn solve(a: &mut [f64], b: &[f64], n: usize) -> Vec<f64> {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        let d = d.max(1e-12).sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    let mut z = vec![0.0; n];
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * n + k] * z[k];
        }
        z[i] = s / a[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut s = z[i];
        for k in i + 1..n {
            s -= a[k * n + i] * x[k];
        }
        x[i] = s / a[i * n + i];
    }
    x
}

/// The site of each document, for folds: the host of its URL where the corpus gives
/// one (AEB's `../ground-truth.json`, WCXB's `../ground-truth/NAME.json`), else the
/// document's own name.
pub fn site_groups(docs: &[Document]) -> Vec<String> {
    let mut aeb: HashMap<std::path::PathBuf, Option<serde_json::Value>> = HashMap::new();
    docs.iter()
        .map(|d| {
            let dir = d.path.parent().and_then(Path::parent);
            let url = dir.and_then(|dir| {
                let wcxb = dir.join("ground-truth").join(format!("{}.json", d.name));
                if let Ok(text) = std::fs::read_to_string(&wcxb) {
                    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
                    return v.get("url")?.as_str().map(str::to_string);
                }
                let gt = aeb.entry(dir.to_path_buf()).or_insert_with(|| {
                    let text = std::fs::read_to_string(dir.join("ground-truth.json")).ok()?;
                    serde_json::from_str(&text).ok()
                });
                gt.as_ref()?
                    .get(&d.name)?
                    .get("url")?
                    .as_str()
                    .map(str::to_string)
            });
            match url {
                Some(u) => host(&u),
                None => d.name.clone(),
            }
        })
        .collect()
}

/// The host of a URL without `www.`.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let h = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    h.trim_start_matches("www.").to_ascii_lowercase()
}

/// The fold of a group: a stable hash of its name.
pub fn fold_of(group: &str, folds: usize) -> usize {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in group.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    (h % folds.max(1) as u64) as usize
}

/// K-fold cross-validation with folds by group: every document is classified by a
/// model fitted without its fold. Returns each document's verdicts, in order.
pub fn cross_validate(
    docs: &[Document],
    groups: &[String],
    folds: usize,
    opts: &TrainOptions,
    cleaner: &Cleaner,
) -> Vec<Vec<Verdict>> {
    let mut out = vec![Vec::new(); docs.len()];
    for f in 0..folds {
        let train: Vec<&Document> = docs
            .iter()
            .zip(groups)
            .filter(|(_, g)| fold_of(g, folds) != f)
            .map(|(d, _)| d)
            .collect();
        if train.len() == docs.len() {
            continue;
        }
        let fitted = fit(&train, opts);
        for (i, (d, g)) in docs.iter().zip(groups).enumerate() {
            if fold_of(g, folds) == f {
                out[i] = fitted.classify(cleaner, &d.text);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Label;
    use crate::eval::Gold;

    #[test]
    fn cholesky_solves() {
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        let x = solve(&mut a, &[2.0, 1.0], 2);
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12);
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.Example.com/a/b?c"), "example.com");
        assert_eq!(host("example.org"), "example.org");
    }

    #[test]
    fn fitting_learns_a_separable_toy_set() {
        let mut text = String::new();
        let mut gold = Vec::new();
        for i in 0..30 {
            text.push_str("Share on Facebook\n");
            gold.push(Gold::Other);
            text.push_str(&format!(
                "Paragraph {i} of the story says that the council met and that it voted for the plan.\n"
            ));
            gold.push(Gold::Label(Label::Content));
        }
        let doc = Document {
            name: "toy".into(),
            path: "toy.txt".into(),
            text: text.into_bytes(),
            gold,
        };
        let fitted = fit(&[&doc], &TrainOptions::default());
        let report = fitted.evaluate(&Cleaner::new(), [&doc]);
        assert_eq!(report.content_lines().f1(), 1.0);
        assert!(fitted.to_text("toy").contains("stage 3"));
    }
}
