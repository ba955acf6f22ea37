//! The context features: [`CONTEXT`] features of a line from its neighbours and its
//! page, named by [`CONTEXT_NAMES`]. What they need of each line ([`LineInfo`]), the
//! page's main run ([`page_facts`], [`run_lengths`]), the sums over each line's
//! window ([`window_table_with`]) and the features themselves
//! ([`context_features_with`]).

use super::measure::Shape;
use std::sync::OnceLock;

/// Names of the context features, in the order of [`context_features_with`].
pub(crate) const CONTEXT_NAMES: &[&str] = &[
    "ctx_self",
    "ctx_prev1",
    "ctx_prev2",
    "ctx_prev3",
    "ctx_next1",
    "ctx_next2",
    "ctx_next3",
    "ctx_window",
    "ctx_in_main",
    "ctx_main_dist",
    "ctx_main_share",
    "ctx_doc_mean",
    "ctx_repeated",
    "ctx_prev_words",
    "ctx_next_words",
    "ctx_run_len",
    "ctx_window_sentences",
    "ctx_window_words",
    "ctx_same_shape_near",
    "ctx_same_shape_window",
];

/// The number of context features.
pub(crate) const CONTEXT: usize = 20;

/// What the context features need to know of every line of a page.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineInfo {
    /// The previous stage's probability that the line is content.
    pub p: f32,
    /// `ln(1 + effective words)`.
    pub words_log: f32,
    /// Whether the same text stands on another line of the page.
    pub repeated: bool,
    /// Whether the line is blank (skipped by neighbour features).
    pub blank: bool,
    /// Whether the line ends like a sentence.
    pub sentence: bool,
    /// A coarse signature of the line's shape (see [`shape_key`]): lines of a grid or
    /// list (names, prices, dates) share it with their neighbours.
    pub key: u16,
}

/// A coarse signature of a line's shape: its length bucket, first character class,
/// sentence end, digits, link and separators.
pub(crate) fn shape_key(s: &Shape) -> u16 {
    let ww = s.effective_words();
    let len = match ww {
        w if w < 1.5 => 0,
        w if w < 3.5 => 1,
        w if w < 7.5 => 2,
        w if w < 15.5 => 3,
        w if w < 40.0 => 4,
        _ => 5,
    };
    len | (s.first as u16) << 3
        | (s.sentence_end as u16) << 6
        | ((s.digits > 0) as u16) << 7
        | (s.link as u16) << 8
        | ((s.separators > 0) as u16) << 9
        | (s.colon_end as u16) << 10
}

/// A threshold on the previous stage's probability: above it, a line is content-like.
pub(crate) const CONTENT_LIKE: f32 = 0.5;
/// How many boilerplate-like lines a run of content-like lines may skip over.
pub(crate) const RUN_GAP: usize = 2;
/// Half-width of the window of [`CONTEXT_NAMES`]' `ctx_window`.
pub(crate) const WINDOW: usize = 5;

/// Page-level facts computed once per stage: the main run and the mean probability.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Page {
    /// First and last line of the run of content-like lines with the most words.
    pub main: Option<(usize, usize)>,
    /// Share of the page's lines inside the main run.
    pub main_share: f32,
    /// Mean probability over the page.
    pub mean: f32,
}

/// Finds the page's main run: content-like lines with gaps of at most [`RUN_GAP`]
/// lines, weighted by their words.
pub(crate) fn page_facts(lines: &[LineInfo]) -> Page {
    let n = lines.len();
    if n == 0 {
        return Page::default();
    }
    let mut best: Option<(usize, usize, f32)> = None;
    let mut cur: Option<(usize, usize, f32)> = None;
    let mut sum = 0.0;
    for (i, l) in lines.iter().enumerate() {
        sum += l.p;
        if l.blank || l.p < CONTENT_LIKE {
            continue;
        }
        cur = match cur {
            Some((s, e, w)) if i - e <= RUN_GAP + 1 => Some((s, i, w + l.words_log)),
            _ => Some((i, i, l.words_log)),
        };
        if best.is_none_or(|b| cur.unwrap().2 > b.2) {
            best = cur;
        }
    }
    Page {
        main: best.map(|(s, e, _)| (s, e)),
        main_share: best.map_or(0.0, |(s, e, _)| (e - s + 1) as f32 / n as f32),
        mean: sum / n as f32,
    }
}

/// Lengths of the runs of content-like lines (same gap rule as the main run), one per
/// line: 0 for a line outside any run.
pub(crate) fn run_lengths(lines: &[LineInfo], out: &mut Vec<u32>) {
    out.clear();
    out.resize(lines.len(), 0);
    let mut i = 0;
    while i < lines.len() {
        if lines[i].blank || lines[i].p < CONTENT_LIKE {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i + 1;
        while j < lines.len() && j - end <= RUN_GAP + 1 {
            if !lines[j].blank && lines[j].p >= CONTENT_LIKE {
                end = j;
            }
            j += 1;
        }
        for slot in &mut out[start..=end] {
            *slot = (end - start + 1) as u32;
        }
        i = end + 1;
    }
}

/// `ln(1 + k) / 5` of a small count `k` (a distance or a run length in lines), from a
/// table made on first use: the same bits as computing it, without a logarithm per
/// line and stage.
fn ln1p_fifth(k: usize) -> f32 {
    const TABLE: usize = 1024;
    static LN: OnceLock<Box<[f32; TABLE]>> = OnceLock::new();
    let compute = |k: usize| (1.0 + k as f32).ln() / 5.0;
    match LN
        .get_or_init(|| Box::new(std::array::from_fn(compute)))
        .get(k)
    {
        Some(&v) => v,
        None => compute(k),
    }
}

/// [`ln1p_fifth`] of every count from 0 to `n` (the distances and run lengths of a
/// page of `n` lines): made once per page and shared by its stages, so that a long
/// page (a text dump's segment) takes the logarithm of a distance beyond the static
/// table once, not once per stage.
#[cfg(any(test, feature = "train"))]
pub(crate) fn ln1p_fifth_table(n: usize) -> Vec<f32> {
    let mut out = Vec::new();
    ln1p_fifth_table_into(n, &mut out);
    out
}

/// [`ln1p_fifth_table`] into `out`, which keeps what it holds from an earlier page:
/// its entry `k` is the same for every page, so only the counts past its end are
/// added (a long text's segments take the logarithms once, not once a segment).
pub(crate) fn ln1p_fifth_table_into(n: usize, out: &mut Vec<f32>) {
    if out.len() <= n {
        out.extend((out.len()..=n).map(ln1p_fifth));
    }
}

/// What [`context_features_with`] sums over a line's window.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WindowSums {
    /// The probabilities.
    pub wsum: f32,
    /// The word logarithms.
    pub wwords: f32,
    /// The number of lines (not blank).
    pub wn: u32,
    /// How many end like a sentence.
    pub sentences: u32,
    /// How many have the same shape as the window's middle line.
    pub same: u32,
}

/// The sums over `window` (the lines around one, in order) of the non-blank lines'
/// probabilities, word logarithms, and counts of them, of sentences and of lines of
/// shape `key`.
#[inline(always)]
fn window_sums<'a>(window: impl Iterator<Item = &'a LineInfo>, key: u16) -> WindowSums {
    let mut sums = WindowSums::default();
    for l in window {
        let seen = !l.blank;
        sums.wsum += if seen { l.p } else { 0.0 };
        sums.wwords += if seen { l.words_log } else { 0.0 };
        sums.wn += seen as u32;
        sums.sentences += (seen && l.sentence) as u32;
        sums.same += (seen && l.key == key) as u32;
    }
    sums
}

/// The window sums of line `i` alone (see [`window_sums`]): the window without line
/// `i`, in order.
fn line_window(lines: &[LineInfo], i: usize) -> WindowSums {
    let n = lines.len();
    let lo = i.saturating_sub(WINDOW);
    let hi = (i + WINDOW).min(n - 1);
    window_sums(lines[lo..i].iter().chain(&lines[i + 1..=hi]), lines[i].key)
}

/// The offsets of a full window's lines from its middle, in the order they are summed.
const WINDOW_OFFSETS: [usize; 2 * WINDOW] = {
    let mut t = [0; 2 * WINDOW];
    let mut k = 0;
    while k < WINDOW {
        // Before the line: `WINDOW` back to 1 back; after it: 1 to `WINDOW` ahead.
        t[k] = k;
        t[WINDOW + k] = WINDOW + 1 + k;
        k += 1;
    }
    t
};

/// Every line's window sums into `out` (cleared), the same bits as [`line_window`]
/// gives line by line.
///
/// Away from the page's ends the windows are full, and their sums are taken a window
/// offset at a time over all lines (column by column of a table whose rows are the
/// lines): each line's sum gets the same values in the same order as in
/// [`window_sums`], a blank line adding `+0`, but one pass adds one offset to many
/// lines at once with vector instructions.
#[cfg(test)]
pub(crate) fn window_table(lines: &[LineInfo], out: &mut Vec<WindowSums>) {
    window_table_with(lines, out, &mut WindowScratch::default());
}

/// The columns [`window_table_with`] fills, kept from page to page so that a long
/// page's columns are allocated (and their memory first touched) once.
#[derive(Default)]
pub(crate) struct WindowScratch {
    p: Vec<f32>,
    words: Vec<f32>,
    seen: Vec<u8>,
    sentence: Vec<u8>,
    keys: Vec<u16>,
    wsum: Vec<f32>,
    wwords: Vec<f32>,
    wn: Vec<u8>,
    sentences: Vec<u8>,
    same: Vec<u8>,
}

impl WindowScratch {
    /// The bytes the columns hold (their capacity).
    pub(crate) fn bytes_held(&self) -> usize {
        (self.p.capacity() + self.words.capacity() + self.wsum.capacity() + self.wwords.capacity())
            * 4
            + self.keys.capacity() * 2
            + self.seen.capacity()
            + self.sentence.capacity()
            + self.wn.capacity()
            + self.sentences.capacity()
            + self.same.capacity()
    }
}

/// The sums of `column` over every full window (`2 × WINDOW + 1` lines, its middle
/// left out) into `out` (cleared): one per line with a full window, each in the
/// window's order, one line after another, so that the compiler adds several lines'
/// windows at once with vector instructions.
#[inline(always)]
fn full_window_sums<T: Copy + Default + std::ops::AddAssign>(column: &[T], out: &mut Vec<T>) {
    const SPAN: usize = 2 * WINDOW + 1;
    out.clear();
    out.extend(column.windows(SPAN).map(|w| {
        let mut a = T::default();
        for d in WINDOW_OFFSETS {
            a += w[d];
        }
        a
    }));
}

/// Every line's window sums into `out` (cleared), as `window_table` (in the tests)
/// gives them, with its columns in `scratch`.
pub(crate) fn window_table_with(
    lines: &[LineInfo],
    out: &mut Vec<WindowSums>,
    scratch: &mut WindowScratch,
) {
    let n = lines.len();
    out.clear();
    if n <= 2 * WINDOW {
        out.extend((0..n).map(|i| line_window(lines, i)));
        return;
    }
    // Lines `WINDOW..n - WINDOW` have full windows: `m` of them.
    let m = n - 2 * WINDOW;
    let WindowScratch {
        p,
        words,
        seen,
        sentence,
        keys,
        wsum,
        wwords,
        wn,
        sentences,
        same,
    } = scratch;
    p.clear();
    p.extend(lines.iter().map(|l| if l.blank { 0.0 } else { l.p }));
    words.clear();
    words.extend(
        lines
            .iter()
            .map(|l| if l.blank { 0.0 } else { l.words_log }),
    );
    seen.clear();
    seen.extend(lines.iter().map(|l| !l.blank as u8));
    sentence.clear();
    sentence.extend(lines.iter().map(|l| (!l.blank && l.sentence) as u8));
    keys.clear();
    keys.extend(lines.iter().map(|l| l.key));
    full_window_sums(p, wsum);
    full_window_sums(words, wwords);
    // Counts of at most `2 × WINDOW`: bytes.
    full_window_sums(seen, wn);
    full_window_sums(sentence, sentences);
    same.clear();
    const SPAN: usize = 2 * WINDOW + 1;
    same.extend(keys.windows(SPAN).zip(seen.windows(SPAN)).map(|(k, s)| {
        let mut a = 0u8;
        for d in WINDOW_OFFSETS {
            a += (k[d] == k[WINDOW]) as u8 & s[d];
        }
        a
    }));
    out.extend((0..WINDOW).map(|i| line_window(lines, i)));
    out.extend((0..m).map(|k| WindowSums {
        wsum: wsum[k],
        wwords: wwords[k],
        wn: wn[k] as u32,
        sentences: sentences[k] as u32,
        same: same[k] as u32,
    }));
    out.extend((n - WINDOW..n).map(|i| line_window(lines, i)));
}

/// Every line's window sum of probabilities and count of (not blank) lines into
/// `out` (cleared): the `wsum` and `wn` of [`window_table_with`], bit for bit, for
/// the page rules that ask no more.
pub(crate) fn window_means_with(
    lines: &[LineInfo],
    out: &mut Vec<(f32, u32)>,
    scratch: &mut WindowScratch,
) {
    let n = lines.len();
    out.clear();
    let pair = |s: WindowSums| (s.wsum, s.wn);
    if n <= 2 * WINDOW {
        out.extend((0..n).map(|i| pair(line_window(lines, i))));
        return;
    }
    let WindowScratch {
        p, seen, wsum, wn, ..
    } = scratch;
    p.clear();
    p.extend(lines.iter().map(|l| if l.blank { 0.0 } else { l.p }));
    seen.clear();
    seen.extend(lines.iter().map(|l| !l.blank as u8));
    full_window_sums(p, wsum);
    full_window_sums(seen, wn);
    out.extend((0..WINDOW).map(|i| pair(line_window(lines, i))));
    out.extend(wsum.iter().zip(wn.iter()).map(|(&s, &k)| (s, k as u32)));
    out.extend((n - WINDOW..n).map(|i| pair(line_window(lines, i))));
}

/// Writes line `i`'s context features into `x`, its window's sums computed here.
///
/// The window's sums add the same values in the same order as the plain loop
/// (`context_features_reference`, in the tests), so they agree bit for bit: a
/// skipped line (blank) adds `+0`, which changes no sum that starts at `+0`, and
/// the counts are integers until the end.
#[cfg(test)]
pub(crate) fn context_features(
    lines: &[LineInfo],
    page: &Page,
    runs: &[u32],
    i: usize,
    x: &mut [f32; CONTEXT],
) {
    let ln = ln1p_fifth_table(lines.len());
    context_features_with(lines, page, runs, &ln, i, &line_window(lines, i), x);
}

/// Writes line `i`'s context features into `x`, given its window's sums (from
/// [`window_table_with`]) and the page's [`ln1p_fifth_table`].
#[inline(always)]
pub(crate) fn context_features_with(
    lines: &[LineInfo],
    page: &Page,
    runs: &[u32],
    ln: &[f32],
    i: usize,
    sums: &WindowSums,
    x: &mut [f32; CONTEXT],
) {
    let n = lines.len();
    // Most lines have three lines on each side: their features from those seven
    // lines, with no test of the page's ends (the same values as below).
    if let Some(w) = i
        .checked_sub(3)
        .and_then(|lo| lines.get(lo..))
        .and_then(|s| s.first_chunk::<7>())
    {
        middle_context_features(w, (i, n), page, runs, ln, sums, x);
        return;
    }
    // Beyond the page's ends, a neighbour is as likely content as the page on average:
    // an excerpt's first and last lines are not judged as a page's header and footer.
    let at = |j: isize| -> f32 {
        if j < 0 || j as usize >= n {
            page.mean
        } else {
            lines[j as usize].p
        }
    };
    let ii = i as isize;
    let key = lines[i].key;
    let WindowSums {
        wsum,
        wwords,
        wn,
        sentences,
        same,
    } = *sums;
    let (wn, sentences, same) = (wn as f32, sentences as f32, same as f32);
    let same_near = |j: isize| -> f32 {
        (j >= 0 && (j as usize) < n && !lines[j as usize].blank && lines[j as usize].key == key)
            as u8 as f32
    };
    let wn1 = if wn > 0.0 { wn } else { 1.0 };
    let (in_main, dist) = match page.main {
        Some((s, e)) if (s..=e).contains(&i) => (1.0, 0),
        Some((s, _)) if i < s => (0.0, s - i),
        Some((_, e)) => (0.0, i - e),
        None => (0.0, n),
    };
    let words = |j: isize| -> f32 {
        if j < 0 || j as usize >= n {
            0.0
        } else {
            lines[j as usize].words_log
        }
    };
    *x = [
        lines[i].p,
        at(ii - 1),
        at(ii - 2),
        at(ii - 3),
        at(ii + 1),
        at(ii + 2),
        at(ii + 3),
        if wn > 0.0 { wsum / wn } else { 0.0 },
        in_main,
        ln[dist],
        page.main_share,
        page.mean,
        lines[i].repeated as u8 as f32,
        words(ii - 1) / 5.0,
        words(ii + 1) / 5.0,
        ln[runs[i] as usize],
        sentences / wn1,
        wwords / wn1 / 5.0,
        (same_near(ii - 2) + same_near(ii - 1) + same_near(ii + 1) + same_near(ii + 2)) / 4.0,
        same / wn1,
    ];
}

/// [`context_features_with`] of line `i` of a page of `n` lines, given `w`, the lines
/// `i - 3..=i + 3`.
#[inline(always)]
fn middle_context_features(
    w: &[LineInfo; 7],
    (i, n): (usize, usize),
    page: &Page,
    runs: &[u32],
    ln: &[f32],
    sums: &WindowSums,
    x: &mut [f32; CONTEXT],
) {
    let line = &w[3];
    let WindowSums {
        wsum,
        wwords,
        wn,
        sentences,
        same,
    } = *sums;
    let (wn, sentences, same) = (wn as f32, sentences as f32, same as f32);
    let same_near = |l: &LineInfo| (!l.blank && l.key == line.key) as u8 as f32;
    let wn1 = if wn > 0.0 { wn } else { 1.0 };
    let (in_main, dist) = match page.main {
        Some((s, e)) if (s..=e).contains(&i) => (1.0, 0),
        Some((s, _)) if i < s => (0.0, s - i),
        Some((_, e)) => (0.0, i - e),
        None => (0.0, n),
    };
    *x = [
        line.p,
        w[2].p,
        w[1].p,
        w[0].p,
        w[4].p,
        w[5].p,
        w[6].p,
        if wn > 0.0 { wsum / wn } else { 0.0 },
        in_main,
        ln[dist],
        page.main_share,
        page.mean,
        line.repeated as u8 as f32,
        w[2].words_log / 5.0,
        w[4].words_log / 5.0,
        ln[runs[i] as usize],
        sentences / wn1,
        wwords / wn1 / 5.0,
        (same_near(&w[1]) + same_near(&w[2]) + same_near(&w[4]) + same_near(&w[5])) / 4.0,
        same / wn1,
    ];
}

#[cfg(test)]
mod tests;
