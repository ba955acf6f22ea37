//! Fitting the line scorer's weights on labelled dumps (`deboiler train`).
//!
//! Each stage is a logistic regression fitted by Newton's method (iteratively
//! re-weighted least squares) with an L2 penalty. Stage 1 sees the per-line
//! features; stage k > 1 also sees the context features computed from stage k-1's
//! probabilities on the same pages, exactly as the classifier computes them.
//! Lines are weighted by `ln(2 + words)`, since the benchmarks count words, not lines.
//! Then [`TrainOptions::trees`] oblivious trees are boosted on the last stage's inputs,
//! starting from its log-odds (module `boost`).
//!
//! Cross-validation splits pages into folds by site, so that a site's template never
//! sits on both sides of a split.

use crate::boost::{self, BoostOptions};
use crate::eval::{Document, Gold, Report};
use crate::features::{BASE, CONTEXT, LineInfo};
use crate::revise::{self, Row};
/// [`TrainOptions::stages`] is clamped to `1..=MAX_STAGES`.
///
/// ```
/// use deboiler::eval::{Document, Gold};
/// use deboiler::train::{MAX_STAGES, TrainOptions, fit};
/// use deboiler::Label;
/// let doc = Document {
///     name: "toy".into(),
///     path: "toy.txt".into(),
///     text: b"Share on Facebook\nThe council said that it would vote on the plan on Tuesday.\n".to_vec(),
///     gold: vec![Gold::Other, Gold::Label(Label::Content)],
/// };
/// let mut opts = TrainOptions::default();
/// assert_eq!(opts.stages, MAX_STAGES);
/// opts.stages = 99;
/// let model = fit(&[&doc], &opts).to_text("");
/// assert_eq!(model.lines().filter(|l| l.starts_with("stage ")).count(), MAX_STAGES);
/// ```
pub use crate::score::MAX_STAGES;
use crate::score::{Model, Stage, sigmoid};
use crate::{Cleaner, Verdict};
use std::collections::HashMap;
use std::path::Path;

/// Settings of a fit. Start from [`TrainOptions::default`] and assign fields: the
/// struct is `#[non_exhaustive]`, as fields may be added.
///
/// ```
/// use deboiler::train::{MAX_STAGES, TrainOptions};
/// let mut opts = TrainOptions::default();
/// assert_eq!((opts.stages, opts.l2, opts.iterations), (MAX_STAGES, 1.0, 12));
/// assert!(opts.excerpts);
/// opts.stages = 1; // a quick, context-free model
/// opts.iterations = 6;
/// opts.excerpts = false;
/// opts.page_balance = 1.0; // every page weighs the same
/// assert_eq!(opts.stages, 1);
/// ```
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
    /// Boosted trees fitted on top of the last stage (0: none; needs 2 stages or
    /// more).
    pub trees: usize,
    /// Levels of each tree (1 to 8).
    pub depth: usize,
    /// The step of each tree (shrinkage).
    pub learning_rate: f32,
    /// The L2 penalty on each tree leaf's value, in units of the lines' summed
    /// weight × p(1-p): larger values keep trees from fitting small groups of lines
    /// (a few pages).
    pub tree_l2: f64,
    /// Keep the trees from splitting on page-level features (the same for every line
    /// of a page, `boost::PAGE_LEVEL`: mean score, main-run
    /// and main-container shares, page size): such splits single out the pages of
    /// a few sites rather than kinds of lines.
    pub local_trees: bool,
}

/// The summed line weights of a typical page (about 120 lines).
pub(crate) const TYPICAL_PAGE_WEIGHT: f32 = 300.0;

/// Lines of boilerplate kept either side of the gold content in an excerpt (see
/// [`TrainOptions::excerpts`]).
///
/// ```
/// use deboiler::train::EXCERPT_MARGIN;
/// // A 40-line page whose gold content is lines 10 to 20 (from 0) also yields, for
/// // training, the excerpt of lines 8 to 22.
/// let (first, last) = (10, 20);
/// assert_eq!((first - EXCERPT_MARGIN, last + EXCERPT_MARGIN), (8, 22));
/// ```
pub const EXCERPT_MARGIN: usize = 2;

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            stages: MAX_STAGES,
            l2: 1.0,
            iterations: 12,
            excerpts: true,
            page_balance: 0.5,
            trees: 100,
            depth: 5,
            learning_rate: 0.05,
            tree_l2: 1.0,
            local_trees: false,
        }
    }
}

/// A fitted model, ready to write to `seeds/model.txt` or to evaluate. Made by
/// [`fit`].
///
/// ```
/// # use deboiler::eval::{Document, Gold};
/// # use deboiler::Label;
/// # fn page(name: &str) -> Document {
/// #     let (mut text, mut gold) = (String::new(), Vec::new());
/// #     let mut line = |t: &str, g: Gold| { text.push_str(t); text.push('\n'); gold.push(g); };
/// #     for t in ["Home | News | Sport | Weather", "Share on Facebook", "Share on X"] {
/// #         line(t, Gold::Other);
/// #     }
/// #     for i in 1..=12 {
/// #         line(&format!("In part {i} of the {name} story, the council said that it would meet again on Tuesday and vote on the plan."), Gold::Label(Label::Content));
/// #     }
/// #     for t in ["Sign up to our newsletter", "Invalid email", "Most read", "Privacy Policy | Terms of Use", "© 2025 Example Media Ltd. All rights reserved."] {
/// #         line(t, Gold::Other);
/// #     }
/// #     Document { name: name.into(), path: format!("{name}.txt").into(), text: text.into_bytes(), gold }
/// # }
/// use deboiler::train::{TrainOptions, fit};
/// let doc = page("council");
/// let mut opts = TrainOptions::default();
/// opts.stages = 1;
/// let fitted = fit(&[&doc], &opts);
/// assert!(fitted.to_text("").starts_with("stage 1\n"));
/// ```
#[derive(Clone, Debug)]
pub struct Fitted {
    model: Model,
}

impl Fitted {
    /// The model in the text format of `seeds/model.txt`, with `header` as comments:
    /// each line of `header` prefixed with `# `, then each stage's `stage N` line and
    /// its `feature weight` lines.
    ///
    /// ```
    /// # use deboiler::eval::{Document, Gold};
    /// # use deboiler::Label;
    /// # fn page(name: &str) -> Document {
    /// #     let (mut text, mut gold) = (String::new(), Vec::new());
    /// #     let mut line = |t: &str, g: Gold| { text.push_str(t); text.push('\n'); gold.push(g); };
    /// #     for t in ["Home | News | Sport | Weather", "Share on Facebook", "Share on X"] {
    /// #         line(t, Gold::Other);
    /// #     }
    /// #     for i in 1..=12 {
    /// #         line(&format!("In part {i} of the {name} story, the council said that it would meet again on Tuesday and vote on the plan."), Gold::Label(Label::Content));
    /// #     }
    /// #     for t in ["Sign up to our newsletter", "Invalid email", "Most read", "Privacy Policy | Terms of Use", "© 2025 Example Media Ltd. All rights reserved."] {
    /// #         line(t, Gold::Other);
    /// #     }
    /// #     Document { name: name.into(), path: format!("{name}.txt").into(), text: text.into_bytes(), gold }
    /// # }
    /// use deboiler::train::{TrainOptions, fit};
    /// let doc = page("council");
    /// let mut opts = TrainOptions::default();
    /// opts.stages = 2;
    /// let text = fit(&[&doc], &opts).to_text("fitted on a toy page\n20 lines");
    /// assert!(text.starts_with("# fitted on a toy page\n# 20 lines\nstage 1\n"));
    /// assert!(text.contains("\nstage 2\n") && !text.contains("stage 3"));
    /// let weight = text.lines().nth(3).unwrap();
    /// assert!(weight.split(' ').nth(1).unwrap().parse::<f32>().is_ok());
    /// ```
    pub fn to_text(&self, header: &str) -> String {
        self.model.to_text(header)
    }

    /// Classifies a page with this model (as [`Cleaner::classify_bytes`] does with the
    /// embedded one). The cleaner's keep set and threshold apply as usual.
    ///
    /// ```
    /// # use deboiler::eval::{Document, Gold};
    /// # use deboiler::Label;
    /// # fn page(name: &str) -> Document {
    /// #     let (mut text, mut gold) = (String::new(), Vec::new());
    /// #     let mut line = |t: &str, g: Gold| { text.push_str(t); text.push('\n'); gold.push(g); };
    /// #     for t in ["Home | News | Sport | Weather", "Share on Facebook", "Share on X"] {
    /// #         line(t, Gold::Other);
    /// #     }
    /// #     for i in 1..=12 {
    /// #         line(&format!("In part {i} of the {name} story, the council said that it would meet again on Tuesday and vote on the plan."), Gold::Label(Label::Content));
    /// #     }
    /// #     for t in ["Sign up to our newsletter", "Invalid email", "Most read", "Privacy Policy | Terms of Use", "© 2025 Example Media Ltd. All rights reserved."] {
    /// #         line(t, Gold::Other);
    /// #     }
    /// #     Document { name: name.into(), path: format!("{name}.txt").into(), text: text.into_bytes(), gold }
    /// # }
    /// use deboiler::Cleaner;
    /// use deboiler::train::{TrainOptions, fit};
    /// let doc = page("council");
    /// let fitted = fit(&[&doc], &TrainOptions::default());
    /// let text = "Share on Facebook\nIn part 1 of the budget story, the mayor said that she would meet the unions on Friday and discuss the plan.\n";
    /// let verdicts = fitted.classify(&Cleaner::new(), text.as_bytes());
    /// assert_eq!(verdicts.len(), 2);
    /// assert!(!verdicts[0].is_kept());
    /// assert_eq!(&text[verdicts[1].span()], text.lines().nth(1).unwrap());
    /// ```
    pub fn classify(&self, cleaner: &Cleaner, bytes: &[u8]) -> Vec<Verdict> {
        let mut out = Vec::new();
        cleaner.classify_with(
            &self.model,
            crate::kinds::TEXT_KINDS.as_ref(),
            bytes,
            &mut crate::Workspace::new(),
            &mut out,
        );
        out
    }

    /// Evaluates this model on labelled documents (classifying each with
    /// [`Fitted::classify`]).
    ///
    /// ```
    /// # use deboiler::eval::{Document, Gold};
    /// # use deboiler::Label;
    /// # fn page(name: &str) -> Document {
    /// #     let (mut text, mut gold) = (String::new(), Vec::new());
    /// #     let mut line = |t: &str, g: Gold| { text.push_str(t); text.push('\n'); gold.push(g); };
    /// #     for t in ["Home | News | Sport | Weather", "Share on Facebook", "Share on X"] {
    /// #         line(t, Gold::Other);
    /// #     }
    /// #     for i in 1..=12 {
    /// #         line(&format!("In part {i} of the {name} story, the council said that it would meet again on Tuesday and vote on the plan."), Gold::Label(Label::Content));
    /// #     }
    /// #     for t in ["Sign up to our newsletter", "Invalid email", "Most read", "Privacy Policy | Terms of Use", "© 2025 Example Media Ltd. All rights reserved."] {
    /// #         line(t, Gold::Other);
    /// #     }
    /// #     Document { name: name.into(), path: format!("{name}.txt").into(), text: text.into_bytes(), gold }
    /// # }
    /// use deboiler::Cleaner;
    /// use deboiler::train::{TrainOptions, fit};
    /// let (train, test) = (page("council"), page("budget"));
    /// let fitted = fit(&[&train], &TrainOptions::default());
    /// let report = fitted.evaluate(&Cleaner::new(), [&test]);
    /// assert_eq!(report.size(), (1, 20));
    /// assert_eq!(report.content_lines().tp + report.content_lines().fn_, 12.0);
    /// assert!(report.content_lines().f1() > 0.9);
    /// ```
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
pub(crate) struct Page {
    /// Each line's per-line features.
    pub x: Vec<[f32; BASE]>,
    /// Each line's extra features (the HTML layout features), row-major, as many per
    /// line as [`fit_pages`] is told; empty for text.
    pub extra: Vec<f32>,
    /// Whether each line is content.
    pub y: Vec<bool>,
    /// Each line's weight in the fit.
    pub weight: Vec<f32>,
    /// What the page pass keeps of each line (its probability feeds the context).
    pub rows: Vec<Row>,
}

/// Measures a page's lines and weighs them: by `ln(2 + words)`, then scaled by
/// `(typical page / this page) ^ page_balance`.
pub(crate) fn prepare_page(text: &[u8], gold: &[Gold], page_balance: f32) -> Page {
    let empty = Model {
        stages: vec![Stage::default()],
        trees: Vec::new(),
    };
    let mut x = Vec::new();
    let mut weight = Vec::new();
    let mut rows = Vec::new();
    revise::measure_page(text, &empty, &mut rows, |shape, f| {
        x.push(*f);
        weight.push(if shape.is_blank() {
            0.0
        } else {
            (2.0 + shape.effective_words()).ln()
        });
    });
    let y = gold.iter().map(|g| g.is_content()).collect();
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
    Page {
        x,
        extra: Vec::new(),
        y,
        weight,
        rows,
    }
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

/// Fits a model on the documents (with [`TrainOptions::excerpts`], on an excerpt of
/// each too). The stage count is clamped to `1..=`[`MAX_STAGES`]. Documents whose
/// label count differs from their line count are left out ([`crate::eval::load_dir`]
/// never yields such a document).
///
/// ```
/// use deboiler::eval::{Document, Gold};
/// use deboiler::Label;
/// fn page(name: &str) -> Document {
///     let (mut text, mut gold) = (String::new(), Vec::new());
///     let mut line = |t: &str, g: Gold| { text.push_str(t); text.push('\n'); gold.push(g); };
///     for t in ["Home | News | Sport | Weather", "Share on Facebook", "Share on X"] {
///         line(t, Gold::Other);
///     }
///     for i in 1..=12 {
///         line(&format!("In part {i} of the {name} story, the council said that it would meet again on Tuesday and vote on the plan."), Gold::Label(Label::Content));
///     }
///     for t in ["Sign up to our newsletter", "Invalid email", "Most read", "Privacy Policy | Terms of Use", "© 2025 Example Media Ltd. All rights reserved."] {
///         line(t, Gold::Other);
///     }
///     Document { name: name.into(), path: format!("{name}.txt").into(), text: text.into_bytes(), gold }
/// }
///
/// use deboiler::Cleaner;
/// use deboiler::train::{TrainOptions, fit};
/// let doc = page("council");
/// assert_eq!(doc.gold.len(), 20);
/// let mut opts = TrainOptions::default();
/// opts.stages = 2;
/// let fitted = fit(&[&doc], &opts);
/// let verdicts = fitted.classify(&Cleaner::new(), &doc.text);
/// let kept: Vec<bool> = verdicts.iter().map(|v| v.is_kept()).collect();
/// let gold: Vec<bool> = doc.gold.iter().map(|g| g.is_content()).collect();
/// assert_eq!(kept, gold);
/// ```
pub fn fit(docs: &[&Document], opts: &TrainOptions) -> Fitted {
    // A document whose labels do not match its lines one to one cannot be learnt from.
    let docs: Vec<&Document> = docs
        .iter()
        .copied()
        .filter(|d| crate::text::lines(&d.text).count() == d.gold.len())
        .collect();
    let excerpts: Vec<Document> = if opts.excerpts {
        docs.iter().filter_map(|d| excerpt(d)).collect()
    } else {
        Vec::new()
    };
    let all: Vec<&Document> = docs.iter().copied().chain(excerpts.iter()).collect();
    let mut pages: Vec<Page> = all
        .iter()
        .map(|d| prepare_page(&d.text, &d.gold, opts.page_balance))
        .collect();
    let (model, _) = fit_pages(&mut pages, 0, opts);
    Fitted { model }
}

/// Fits the stages, then the trees, on prepared pages whose lines carry `extra_dim`
/// extra features each ([`Page::extra`]; 0 for text). Every stage weighs the per-line
/// features, the context features (after the first) and the extra features; the
/// trees may ask about all three, in that order (as `boost::predict_rows` reads them).
/// Returns the model and each stage's weights over the extra features.
///
/// A line's log-odds is summed in the classifier's order: per-line, extra, context.
pub(crate) fn fit_pages(
    pages: &mut [Page],
    extra_dim: usize,
    opts: &TrainOptions,
) -> (Model, Vec<Vec<f32>>) {
    debug_assert!(boost::DIM + extra_dim <= boost::HTML_DIM);
    let mut model = Model {
        stages: Vec::new(),
        trees: Vec::new(),
    };
    let mut extra_weights = Vec::new();
    let stages = opts.stages.clamp(1, MAX_STAGES);
    let mut ctx: Vec<[f32; CONTEXT]> = Vec::new();
    for k in 0..stages {
        let context = if k == 0 { 0 } else { CONTEXT };
        let dim = BASE + context + extra_dim;
        let mut data: Vec<f32> = Vec::new();
        let mut ys = Vec::new();
        let mut ws = Vec::new();
        for page in pages.iter() {
            if k > 0 {
                let infos: Vec<LineInfo> = page.rows.iter().map(|r| r.info).collect();
                revise::context_matrix(&infos, &mut ctx);
            }
            for (i, x) in page.x.iter().enumerate() {
                data.extend_from_slice(x);
                if k > 0 {
                    data.extend_from_slice(&ctx[i]);
                }
                data.extend_from_slice(&page.extra[i * extra_dim..(i + 1) * extra_dim]);
            }
            ys.extend_from_slice(&page.y);
            ws.extend_from_slice(&page.weight);
        }
        let beta = logistic(&data, dim, &ys, &ws, opts);
        let mut stage = Stage::default();
        let mut extra = vec![0.0f32; extra_dim];
        for (j, b) in beta.iter().enumerate() {
            if j < BASE {
                stage.base[j] = *b as f32;
            } else if j < BASE + context {
                stage.context[j - BASE] = *b as f32;
            } else {
                extra[j - BASE - context] = *b as f32;
            }
        }
        // This stage's probabilities feed the next stage's context.
        let mut z: Vec<f32> = data
            .chunks_exact(dim)
            .map(|x| {
                let mut z = crate::score::dot(&stage.base, &x[..BASE]);
                if extra_dim > 0 {
                    z += crate::score::dot(&extra, &x[BASE + context..]);
                }
                if k > 0 {
                    z += crate::score::dot(&stage.context, &x[BASE..BASE + CONTEXT]);
                }
                z
            })
            .collect();
        if k > 0 && k + 1 == stages && opts.trees > 0 {
            let boost = BoostOptions {
                trees: opts.trees,
                depth: opts.depth,
                learning_rate: opts.learning_rate,
                lambda: opts.tree_l2,
                subsample: 0.5,
                local: opts.local_trees,
            };
            model.trees = boost::fit(&data, dim, &ys, &ws, &mut z, &boost);
        }
        drop(data);
        let mut z = z.into_iter();
        for page in pages.iter_mut() {
            for row in page.rows.iter_mut() {
                row.info.p = sigmoid(z.next().unwrap_or(0.0));
            }
        }
        model.stages.push(stage);
        extra_weights.push(extra);
    }
    (model, extra_weights)
}

/// Weighted, L2-penalised logistic regression by Newton's method; `data` is row-major
/// with `dim` columns, column 0 the bias (not penalised).
pub(crate) fn logistic(
    data: &[f32],
    dim: usize,
    y: &[bool],
    w: &[f32],
    opts: &TrainOptions,
) -> Vec<f64> {
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
///
/// ```
/// use deboiler::eval::Document;
/// use deboiler::train::site_groups;
/// use std::fs;
/// // WCXB's layout: CORPUS/dumps/NAME.txt and CORPUS/ground-truth/NAME.json.
/// let corpus = std::env::temp_dir().join(format!("deboiler-doc-sites-{}", std::process::id()));
/// fs::create_dir_all(corpus.join("ground-truth")).unwrap();
/// fs::write(corpus.join("ground-truth/p1.json"), r#"{"url": "https://www.Example.com/news/1"}"#).unwrap();
/// let doc = |name: &str| Document {
///     name: name.into(),
///     path: corpus.join("dumps").join(format!("{name}.txt")),
///     text: Vec::new(),
///     gold: Vec::new(),
/// };
/// assert_eq!(site_groups(&[doc("p1"), doc("p2")]), ["example.com", "p2"]);
/// fs::remove_dir_all(&corpus).unwrap();
/// ```
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

/// The fold of a group, in `0..folds`: a stable hash of its name (the same on every
/// run and machine). `folds` 0 counts as 1.
///
/// ```
/// use deboiler::train::fold_of;
/// let f = fold_of("example.com", 5);
/// assert!(f < 5);
/// assert_eq!(fold_of("example.com", 5), f);
/// assert_eq!(fold_of("example.com", 1), 0);
/// assert_eq!(fold_of("example.com", 0), 0);
/// ```
pub fn fold_of(group: &str, folds: usize) -> usize {
    (crate::text::fnv1a(group.as_bytes()) % folds.max(1) as u64) as usize
}

/// K-fold cross-validation with folds by group: every document is classified by a
/// model fitted without its fold. Returns each document's verdicts, in order. Groups
/// are usually [`site_groups`]; `groups` has one entry per document.
///
/// ```
/// # use deboiler::eval::{Document, Gold};
/// # use deboiler::Label;
/// # fn page(name: &str) -> Document {
/// #     let (mut text, mut gold) = (String::new(), Vec::new());
/// #     let mut line = |t: &str, g: Gold| { text.push_str(t); text.push('\n'); gold.push(g); };
/// #     for t in ["Home | News | Sport | Weather", "Share on Facebook", "Share on X"] {
/// #         line(t, Gold::Other);
/// #     }
/// #     for i in 1..=12 {
/// #         line(&format!("In part {i} of the {name} story, the council said that it would meet again on Tuesday and vote on the plan."), Gold::Label(Label::Content));
/// #     }
/// #     for t in ["Sign up to our newsletter", "Invalid email", "Most read", "Privacy Policy | Terms of Use", "© 2025 Example Media Ltd. All rights reserved."] {
/// #         line(t, Gold::Other);
/// #     }
/// #     Document { name: name.into(), path: format!("{name}.txt").into(), text: text.into_bytes(), gold }
/// # }
/// use deboiler::Cleaner;
/// use deboiler::train::{TrainOptions, cross_validate, fold_of};
/// let docs = [page("council"), page("budget"), page("school"), page("bridge")];
/// let groups: Vec<String> = ["a.example", "a.example", "b.example", "b.example"]
///     .map(String::from)
///     .to_vec();
/// assert_ne!(fold_of("a.example", 2), fold_of("b.example", 2));
/// let mut opts = TrainOptions::default();
/// opts.stages = 1;
/// let verdicts = cross_validate(&docs, &groups, 2, &opts, &Cleaner::new());
/// assert_eq!(verdicts.len(), docs.len());
/// for (v, d) in verdicts.iter().zip(&docs) {
///     assert_eq!(v.len(), d.gold.len()); // classified by the model of the other site
/// }
/// ```
pub fn cross_validate(
    docs: &[Document],
    groups: &[String],
    folds: usize,
    opts: &TrainOptions,
    cleaner: &Cleaner,
) -> Vec<Vec<Verdict>> {
    per_fold(
        docs,
        groups,
        folds,
        |train| fit(train, opts),
        |fitted, d| fitted.classify(cleaner, &d.text),
    )
}

/// The loop of every cross-validation: for each fold that holds documents, `fit` on
/// the documents of the other folds, then `classify` that fold's documents with the
/// result. Returns each document's verdicts, in order.
pub(crate) fn per_fold<D, M>(
    docs: &[D],
    groups: &[String],
    folds: usize,
    mut fit: impl FnMut(&[&D]) -> M,
    mut classify: impl FnMut(&M, &D) -> Vec<Verdict>,
) -> Vec<Vec<Verdict>> {
    let mut out = vec![Vec::new(); docs.len()];
    let fold: Vec<usize> = groups.iter().map(|g| fold_of(g, folds)).collect();
    // Only the folds that hold documents: a huge `folds` costs nothing more.
    let mut present = fold.clone();
    present.sort_unstable();
    present.dedup();
    for f in present {
        let train: Vec<&D> = docs
            .iter()
            .zip(&fold)
            .filter(|(_, g)| **g != f)
            .map(|(d, _)| d)
            .collect();
        if train.is_empty() {
            continue;
        }
        let fitted = fit(&train);
        for (i, d) in docs.iter().enumerate() {
            if fold[i] == f {
                out[i] = classify(&fitted, d);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Label;

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
