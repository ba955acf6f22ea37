//! The context features' tests, and the reference (naive) version of
//! [`context_features`] that they hold the fast one to.

use super::*;

/// The reference (naive) version of [`context_features`] that the tests hold its sums
/// to: the window summed line by line.
fn context_features_reference(
    lines: &[LineInfo],
    page: &Page,
    runs: &[u32],
    i: usize,
    x: &mut [f32; CONTEXT],
) {
    let n = lines.len();
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
    let lo = i.saturating_sub(WINDOW);
    let hi = (i + WINDOW).min(n - 1);
    let mut wsum = 0.0;
    let mut wn = 0.0;
    let (mut sentences, mut wwords, mut same) = (0.0, 0.0, 0.0);
    let key = lines[i].key;
    for (j, l) in lines.iter().enumerate().take(hi + 1).skip(lo) {
        if j != i && !l.blank {
            wsum += l.p;
            wn += 1.0;
            sentences += l.sentence as u8 as f32;
            wwords += l.words_log;
            same += (l.key == key) as u8 as f32;
        }
    }
    let same_near = |j: isize| -> f32 {
        (j >= 0 && (j as usize) < n && !lines[j as usize].blank && lines[j as usize].key == key)
            as u8 as f32
    };
    let wn1 = if wn > 0.0 { wn } else { 1.0 };
    let (in_main, dist) = match page.main {
        Some((s, e)) if (s..=e).contains(&i) => (1.0, 0.0),
        Some((s, _)) if i < s => (0.0, (s - i) as f32),
        Some((_, e)) => (0.0, (i - e) as f32),
        None => (0.0, n as f32),
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
        (1.0 + dist).ln() / 5.0,
        page.main_share,
        page.mean,
        lines[i].repeated as u8 as f32,
        words(ii - 1) / 5.0,
        words(ii + 1) / 5.0,
        (1.0 + runs[i] as f32).ln() / 5.0,
        sentences / wn1,
        wwords / wn1 / 5.0,
        (same_near(ii - 2) + same_near(ii - 1) + same_near(ii + 1) + same_near(ii + 2)) / 4.0,
        same / wn1,
    ];
}

#[test]
fn names_match_vector_sizes() {
    assert_eq!(CONTEXT_NAMES.len(), CONTEXT);
}

#[test]
fn shape_keys_bucket_the_length_and_mark_the_shape() {
    let key = |line: &str| shape_key(&crate::features::measure(line.as_bytes()));
    let words = |n: usize| vec!["word"; n].join(" ");
    // The length bucket, in the low three bits, from one word to many.
    let buckets: Vec<u16> = [1, 3, 7, 15, 39, 60]
        .iter()
        .map(|&n| key(&words(n)) & 7)
        .collect();
    assert_eq!(buckets, [0, 1, 2, 3, 4, 5]);
    // The next bucket starts just past each edge.
    let next: Vec<u16> = [2, 4, 8, 16, 40]
        .iter()
        .map(|&n| key(&words(n)) & 7)
        .collect();
    assert_eq!(next, [1, 2, 3, 4, 5]);
    // A sentence end, digits and separators each set their own bit.
    let plain = key("the council met");
    assert_eq!(key("the council met.") & !plain, 1 << 6);
    assert_eq!(key("the council met 42") & (1 << 7), 1 << 7);
    assert_ne!(key("the council | met") & (1 << 9), 0);
    assert_eq!(plain & (1 << 6 | 1 << 7 | 1 << 9), 0);
    // A link and a colon at the end set theirs; the first character's class
    // sits in bits 3 to 5.
    assert_eq!(key("see www.example.com now") & (1 << 8), 1 << 8);
    assert_eq!(key("the council:") & (1 << 10), 1 << 10);
    assert_eq!(plain & (1 << 8 | 1 << 10), 0);
    assert_ne!(key("The council met") & (7 << 3), plain & (7 << 3));
    // Two characters of an unspaced script make a word: each edge falls on
    // a half, and a line on it is in the bucket above.
    let edges: Vec<u16> = [1, 3, 7, 15]
        .iter()
        .map(|&n| key(&format!("{}\u{65e5}", words(n))) & 7)
        .collect();
    assert_eq!(edges, [1, 2, 3, 4]);
}

#[test]
fn page_facts_mean_share_and_the_gap_rule() {
    let mk = |p: f32| LineInfo {
        p,
        words_log: 1.0,
        ..LineInfo::default()
    };
    // Two runs of the same weight: the first is kept. A gap of RUN_GAP lines
    // joins, one more splits; a line exactly at CONTENT_LIKE is content-like.
    let mut lines = vec![mk(CONTENT_LIKE), mk(0.0), mk(0.0), mk(0.9)];
    lines.extend([mk(0.0), mk(0.0), mk(0.0), mk(0.9), mk(0.9)]);
    let page = page_facts(&lines);
    assert_eq!(page.main, Some((0, 3)));
    assert_eq!(page.main_share, 4.0 / 9.0);
    let sum: f32 = lines.iter().map(|l| l.p).sum();
    assert_eq!(page.mean, sum / 9.0);
    // Heavier words win over more lines.
    lines[8].words_log = 3.0;
    assert_eq!(page_facts(&lines).main, Some((7, 8)));
    // The share of a main run further down: its own lines, not its place.
    assert_eq!(page_facts(&lines).main_share, 2.0 / 9.0);
    let mut runs = Vec::new();
    run_lengths(&lines, &mut runs);
    assert_eq!(runs, [4, 4, 4, 4, 0, 0, 0, 2, 2]);
}

#[test]
fn a_line_alone_in_its_window_has_means_of_zero() {
    // Line 7 of 15, every other line blank: its window holds no other line, so
    // the window's mean and shares are 0, not 0 / 0.
    let lines: Vec<LineInfo> = (0..15)
        .map(|i| LineInfo {
            p: 0.8,
            blank: i != 7,
            sentence: true,
            words_log: 2.0,
            ..LineInfo::default()
        })
        .collect();
    let page = page_facts(&lines);
    let mut runs = Vec::new();
    run_lengths(&lines, &mut runs);
    let mut x = [f32::NAN; CONTEXT];
    context_features(&lines, &page, &runs, 7, &mut x);
    assert!(x.iter().all(|v| v.is_finite()), "{x:?}");
    // The window's mean, its sentences', words' and repeats' shares.
    assert_eq!([x[7], x[16], x[17], x[19]], [0.0; 4]);
}

#[test]
fn window_scratch_counts_the_bytes_its_columns_hold() {
    let mut scratch = WindowScratch::default();
    assert_eq!(scratch.bytes_held(), 0);
    let lines: Vec<LineInfo> = (0..100)
        .map(|i| LineInfo {
            p: i as f32 / 100.0,
            ..LineInfo::default()
        })
        .collect();
    window_table_with(&lines, &mut Vec::new(), &mut scratch);
    let held = scratch.bytes_held();
    // Four columns of f32 a line each at least, and less than four times all
    // the columns' bytes a line.
    assert!(held >= 100 * 4 * 4, "{held}");
    assert!(held <= 4 * 100 * (4 * 4 + 2 + 5), "{held}");
}

#[test]
fn main_run_prefers_the_heaviest_run() {
    let mk = |p: f32, w: f32| LineInfo {
        p,
        words_log: w,
        ..LineInfo::default()
    };
    let lines = [
        mk(0.9, 1.0),
        mk(0.1, 1.0),
        mk(0.1, 1.0),
        mk(0.1, 1.0),
        mk(0.9, 3.0),
        mk(0.2, 1.0),
        mk(0.9, 3.0),
        mk(0.1, 1.0),
    ];
    let page = page_facts(&lines);
    assert_eq!(page.main, Some((4, 6)));
    let mut runs = Vec::new();
    run_lengths(&lines, &mut runs);
    assert_eq!(runs, vec![1, 0, 0, 0, 3, 3, 3, 0]);
    let mut x = [0.0; CONTEXT];
    context_features(&lines, &page, &runs, 5, &mut x);
    assert_eq!(x[8], 1.0, "line 5 is inside the main run");
    assert_eq!(x[1], 0.9);
}

#[test]
fn context_features_agree_with_the_reference_bit_for_bit() {
    let mut next = crate::test_rng::xorshift32(0x2545_f491);
    // Probabilities up to 1 (a main run), and all under 0.5 (none).
    for (n, top) in [1, 2, 7, 10, 11, 12, 40, 300]
        .into_iter()
        .flat_map(|n| [(n, 1.0), (n, 0.49)])
    {
        let lines: Vec<LineInfo> = (0..n)
            .map(|_| LineInfo {
                p: (next() % 10_000) as f32 / 9_999.0 * top,
                words_log: (1.0 + (next() % 60) as f32).ln(),
                repeated: next().is_multiple_of(5),
                blank: next().is_multiple_of(4),
                sentence: next().is_multiple_of(3),
                key: (next() % 4) as u16,
            })
            .collect();
        let page = page_facts(&lines);
        let mut runs = Vec::new();
        run_lengths(&lines, &mut runs);
        let mut table = Vec::new();
        window_table(&lines, &mut table);
        assert_eq!(table.len(), n);
        let mut means = Vec::new();
        window_means_with(&lines, &mut means, &mut WindowScratch::default());
        let from_table: Vec<(u32, u32)> = table.iter().map(|s| (s.wsum.to_bits(), s.wn)).collect();
        let got: Vec<(u32, u32)> = means.iter().map(|&(s, k)| (s.to_bits(), k)).collect();
        assert_eq!(got, from_table, "n {n}");
        for (i, sums) in table.iter().enumerate() {
            let (mut a, mut b, mut c) = ([0.0; CONTEXT], [0.0; CONTEXT], [0.0; CONTEXT]);
            context_features(&lines, &page, &runs, i, &mut a);
            context_features_reference(&lines, &page, &runs, i, &mut b);
            let ln = ln1p_fifth_table(n);
            context_features_with(&lines, &page, &runs, &ln, i, sums, &mut c);
            assert_eq!(a.map(f32::to_bits), b.map(f32::to_bits), "n {n}, line {i}");
            assert_eq!(c.map(f32::to_bits), b.map(f32::to_bits), "n {n}, line {i}");
        }
    }
    for k in [0, 1, 5, 1023, 1024, 5000] {
        assert_eq!(ln1p_fifth(k), (1.0 + k as f32).ln() / 5.0);
    }
}
