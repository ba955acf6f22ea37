//! The word lists of `seeds/`, compiled once into a trie of all phrases and an
//! index of plain ASCII words.
//!
//! Every list is `seeds/<kind>/<lang>.txt`: one phrase a line, `#` comments, an
//! optional weight after a TAB. Phrases match case-insensitively (ASCII; for other
//! scripts the list's lower-case form and a variant with the first letter upper-cased)
//! and only at word boundaries, except at an edge that is itself punctuation (`(image:`)
//! or a character of a script written without spaces (`更新`).

use once_cell::sync::Lazy;
use phrases::Phrases;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use word_index::{Class, MAX_WORD, WordIndex};

#[cfg(test)]
mod automaton;
mod phrases;
mod word_index;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
}

pub(crate) use embedded::MODEL;

/// The kinds of word list, in the order of [`Hits::weight`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Caption,
    Timestamp,
    Marketing,
    Legal,
    Navigation,
    Byline,
    Function,
}

/// The number of kinds.
pub(crate) const KINDS: usize = 7;

impl Kind {
    fn from_dir(name: &str) -> Option<Kind> {
        Some(match name {
            "caption" => Kind::Caption,
            "timestamp" => Kind::Timestamp,
            "marketing" => Kind::Marketing,
            "legal" => Kind::Legal,
            "navigation" => Kind::Navigation,
            "byline" => Kind::Byline,
            "function" => Kind::Function,
            _ => return None,
        })
    }
}

/// What the word lists found in one line.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Hits {
    /// Summed weights of the phrases found, per [`Kind`].
    pub weight: [f32; KINDS],
    /// Number of phrases found, per [`Kind`].
    pub count: [u16; KINDS],
    /// Byte offset of the first phrase of each kind (`u32::MAX` when none).
    pub first_start: [u32; KINDS],
    /// Byte offset just past the last phrase of each kind (0 when none).
    pub last_end: [u32; KINDS],
    /// Bytes covered by phrases of any kind but [`Kind::Function`].
    pub covered: u32,
}

impl Hits {
    fn empty() -> Hits {
        Hits {
            first_start: [u32::MAX; KINDS],
            ..Hits::default()
        }
    }
}

/// One phrase's weight per kind, and whether its edges need a word boundary.
#[derive(Clone, Copy, Debug)]
struct Entry {
    weight: [f32; KINDS],
    /// Bit `k` is set when `weight[k] > 0`.
    kinds: u8,
    /// Whether the phrase is of any kind but [`Kind::Function`].
    boiler: bool,
    check_start: bool,
    check_end: bool,
}

/// The compiled word lists.
pub(crate) struct Lexicon {
    /// Every phrase, for the longest one at a position.
    phrases: Phrases,
    /// What each phrase is, by its index in [`Self::phrases`] and [`Self::words`].
    entries: Vec<Entry>,
    /// The shortcut for plain ASCII words, built from the same phrases.
    words: WordIndex,
}

/// A problem in a word list, found when it is parsed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListError {
    /// The list, `<kind>/<lang>.txt`.
    pub list: String,
    /// The line of the list (1 for the first; 0 for the list as a whole).
    pub line: usize,
    /// What is wrong.
    pub problem: String,
}

impl std::fmt::Display for ListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "seeds/{} line {}: {}",
            self.list, self.line, self.problem
        )
    }
}

/// Parses one list's text into `(phrase, weight)` pairs.
pub(crate) fn parse_list<'a>(name: &str, text: &'a str) -> Result<Vec<(&'a str, f32)>, ListError> {
    let err = |line: usize, problem: String| ListError {
        list: name.to_string(),
        line,
        problem,
    };
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (phrase, weight) = match line.split_once('\t') {
            Some((p, w)) => {
                let w: f32 = w
                    .trim()
                    .parse()
                    .map_err(|_| err(i + 1, format!("weight {w:?} is not a number")))?;
                (p, w)
            }
            None => (line, 1.0),
        };
        if !(weight > 0.0 && weight <= 5.0) {
            return Err(err(i + 1, format!("weight {weight} is outside (0, 5]")));
        }
        let mut chars = phrase.chars();
        let single_symbol =
            matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_alphanumeric());
        if phrase.trim() != phrase || (phrase.chars().count() < 2 && !single_symbol) {
            return Err(err(
                i + 1,
                format!("phrase {phrase:?} is too short or has spaces at its ends"),
            ));
        }
        out.push((phrase, weight));
    }
    Ok(out)
}

/// Whether `c` is a letter or digit of a script that separates words with spaces.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced(c)
}

/// Characters of scripts written without spaces between words (CJK, kana, Thai…).
pub(crate) fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x3040..=0x30FF    // kana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility
        | 0x20000..=0x2FFFF)
}

/// Decodes the character starting at `i` (None on invalid UTF-8 or end of input).
fn char_at(b: &[u8], i: usize) -> Option<char> {
    let end = (i + 4).min(b.len());
    let chunk = b.get(i..end)?;
    let valid = match std::str::from_utf8(chunk) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&chunk[..e.valid_up_to()]).ok()?,
    };
    valid.chars().next()
}

/// Decodes the character that ends just before `i`.
fn char_before(b: &[u8], i: usize) -> Option<char> {
    let mut s = i.checked_sub(1)?;
    while s > 0 && i - s < 4 && b[s] & 0xC0 == 0x80 {
        s -= 1;
    }
    let c = char_at(b, s)?;
    (s + c.len_utf8() == i).then_some(c)
}

/// Whether the character starting at `i` is a word character ([`is_word_char`]);
/// false at the end of input or on invalid UTF-8. ASCII is decided from the byte.
fn word_char_at(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        None => false,
        Some(&c) if c.is_ascii() => c.is_ascii_alphanumeric(),
        Some(_) => char_at(b, i).is_some_and(is_word_char),
    }
}

/// Whether the character ending just before `i` is a word character
/// ([`is_word_char`]); false at the start of input or on invalid UTF-8.
fn word_char_before(b: &[u8], i: usize) -> bool {
    match i.checked_sub(1).map(|j| b[j]) {
        None => false,
        Some(c) if c.is_ascii() => c.is_ascii_alphanumeric(),
        Some(_) => char_before(b, i).is_some_and(is_word_char),
    }
}

/// The distinct phrases of `(kind directory, language, list text)` triples, with what
/// each is: the phrases as written and their variants ([`variants`]), each once by its
/// ASCII-lower-cased form, with the highest weight any list gives it for each kind.
/// Pattern `i` of the phrase trie, the word index and the tests' automaton is phrase
/// `i` here.
fn phrase_entries<'a>(
    lists: &[(&str, &str, &'a str)],
) -> Result<Vec<(Cow<'a, str>, Entry)>, ListError> {
    let mut phrases: Vec<(Cow<str>, Entry)> = Vec::new();
    // Each phrase's slot by its ASCII-lower-cased form.
    let mut index: HashMap<Cow<str>, usize, BuildHasherDefault<FnvHasher>> = HashMap::default();
    for (dir, lang, text) in lists {
        let name = format!("{dir}/{lang}.txt");
        let Some(kind) = Kind::from_dir(dir) else {
            return Err(ListError {
                list: name,
                line: 0,
                problem: format!("unknown kind directory {dir:?}"),
            });
        };
        for (phrase, weight) in parse_list(&name, text)? {
            for variant in variants(phrase) {
                let key = if variant.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(variant.to_ascii_lowercase())
                } else {
                    variant.clone()
                };
                let slot = *index.entry(key).or_insert_with(|| {
                    let first = variant.chars().next().unwrap();
                    let last = variant.chars().next_back().unwrap();
                    phrases.push((
                        variant.clone(),
                        Entry {
                            weight: [0.0; KINDS],
                            kinds: 0,
                            boiler: false,
                            check_start: is_word_char(first),
                            check_end: is_word_char(last),
                        },
                    ));
                    phrases.len() - 1
                });
                let entry = &mut phrases[slot].1;
                let w = &mut entry.weight[kind as usize];
                *w = w.max(weight);
                if *w > 0.0 {
                    entry.kinds |= 1 << kind as usize;
                    entry.boiler |= kind != Kind::Function;
                }
            }
        }
    }
    Ok(phrases)
}

impl Lexicon {
    /// Compiles `(kind directory, language, list text)` triples.
    pub(crate) fn build(lists: &[(&str, &str, &str)]) -> Result<Lexicon, ListError> {
        let phrases = phrase_entries(lists)?;
        Ok(Lexicon {
            phrases: Phrases::new(phrases.iter().map(|(p, _)| p.as_ref())),
            words: WordIndex::new(phrases.iter().map(|(p, _)| p.as_ref())),
            entries: phrases.into_iter().map(|(_, e)| e).collect(),
        })
    }

    /// The number of distinct phrases.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Finds every phrase in `line`: the leftmost-longest matches (as an Aho-Corasick
    /// automaton would find them) that have word boundaries where the phrase needs
    /// them. Plain ASCII words are judged by [`WordIndex`] with the same result (see
    /// its module for why), the rest by the longest phrase at a position
    /// ([`Phrases`]).
    pub(crate) fn scan(&self, line: &[u8]) -> Hits {
        let mut hits = Hits::empty();
        let n = line.len();
        // Where the automaton's search would resume.
        let mut pos = 0;
        while pos < n {
            match self.words.class(line[pos]) {
                Class::Inert => {
                    pos += 1;
                    continue;
                }
                Class::Alnum => {
                    // Inside or at the start of a run of ASCII letters and digits: let
                    // the word index judge it when the bytes on both sides are ASCII.
                    let before = if pos == 0 { b' ' } else { line[pos - 1] };
                    let limit = n.min(pos + MAX_WORD + 1);
                    // The run's end, and its key if it is short.
                    let (u, key) = self.words.run(line, pos, limit);
                    if before.is_ascii()
                        && u - pos <= MAX_WORD
                        && line.get(u).is_none_or(u8::is_ascii)
                        && !self.words.runs_past(line, pos, u)
                    {
                        // Only a whole word has boundaries on both sides.
                        let word_start = !before.is_ascii_alphanumeric();
                        if word_start && let Some(i) = self.words.whole_word(line, pos, u, key) {
                            self.record(&mut hits, i as usize, pos, u);
                        }
                        // Past the space after the word too, when no phrase begins
                        // with one (as the loop would go past it).
                        let space =
                            line.get(u) == Some(&b' ') && self.words.class(b' ') == Class::Inert;
                        pos = u + space as usize;
                        continue;
                    }
                    // After a non-ASCII character (`’s`), next to one (`caf|é`), or
                    // where a phrase may run past the run: one position at a time,
                    // back to the word index after it.
                }
                // ASCII punctuation that begins a phrase (`(image:`, `-`), or a
                // character of another script that does: most often none begins here.
                Class::Starts => {}
            }
            // The leftmost-longest match from `pos` is the longest one starting at
            // `pos` if there is one, else the leftmost-longest one from `pos + 1`: so
            // when no phrase starts at `pos`, the scan goes on at `pos + 1`.
            let Some((i, e)) = self.phrases.longest_at(line, pos) else {
                pos += 1;
                continue;
            };
            let s = pos;
            pos = e;
            let entry = &self.entries[i as usize];
            if entry.check_start && word_char_before(line, s) {
                continue;
            }
            if entry.check_end && word_char_at(line, e) {
                continue;
            }
            self.record(&mut hits, i as usize, s, e);
        }
        hits
    }

    /// Adds phrase `i`, found at `s..e`, to `hits`.
    fn record(&self, hits: &mut Hits, i: usize, s: usize, e: usize) {
        let entry = &self.entries[i];
        let mut kinds = entry.kinds;
        while kinds != 0 {
            let k = kinds.trailing_zeros() as usize;
            kinds &= kinds - 1;
            hits.weight[k] += entry.weight[k];
            hits.count[k] = hits.count[k].saturating_add(1);
            hits.first_start[k] = hits.first_start[k].min(s as u32);
            hits.last_end[k] = hits.last_end[k].max(e as u32);
        }
        if entry.boiler {
            hits.covered += (e - s) as u32;
        }
    }
}

/// The phrase as written, plus a variant with its first letter upper-cased when that
/// letter is not ASCII (ASCII is matched case-insensitively by [`Phrases`] and
/// [`WordIndex`]).
fn variants(phrase: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let mut chars = phrase.chars();
    let upper = match chars.next() {
        Some(first) if !first.is_ascii() => {
            let upper: String = first.to_uppercase().chain(chars).collect();
            (upper != phrase).then_some(Cow::Owned(upper))
        }
        _ => None,
    };
    std::iter::once(Cow::Borrowed(phrase)).chain(upper)
}

/// The FNV-1a hash, for the phrases' index while the lexicon is built: the phrases
/// are short, and SipHash's defence against chosen keys is not needed for lists
/// compiled into the program.
#[derive(Default)]
struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The lexicon built from the lists embedded at compile time.
pub(crate) static LEXICON: Lazy<Lexicon> = Lazy::new(|| {
    Lexicon::build(embedded::LISTS).unwrap_or_else(|e| panic!("embedded word list is invalid: {e}"))
});

/// The embedded lists, for tests: `(kind, language, text)`.
#[cfg(test)]
pub(crate) fn embedded_lists() -> &'static [(&'static str, &'static str, &'static str)] {
    embedded::LISTS
}

#[cfg(test)]
mod tests {
    use super::automaton::Automaton;
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::build(&[
            ("caption", "en", "(image:\ngetty\n"),
            ("marketing", "en", "invalid email\t3\nsign up\n"),
            ("navigation", "en", "email\nshare\n"),
            ("function", "en", "the\nof\n"),
            ("timestamp", "ru", "назад\n"),
            ("timestamp", "ja", "更新\n"),
        ])
        .unwrap()
    }

    /// The embedded lists' patterns, as [`Lexicon::build`] gives them to the word
    /// index and the phrase trie (variants, duplicates by ASCII case dropped).
    pub(super) fn embedded_patterns() -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (kind, lang, text) in embedded_lists() {
            for (phrase, _) in parse_list(&format!("{kind}/{lang}"), text).unwrap() {
                for v in variants(phrase) {
                    if seen.insert(v.to_ascii_lowercase()) {
                        out.push(v.into_owned());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_embedded_lists_build_sorted_and_deduplicated() {
        assert!(!embedded_lists().is_empty(), "seeds/ holds no word list");
        assert!(LEXICON.len() > 100);
        for (kind, lang, text) in embedded_lists() {
            let name = format!("{kind}/{lang}.txt");
            assert!(Kind::from_dir(kind).is_some(), "{name}: unknown kind");
            let list = parse_list(&name, text).unwrap();
            for pair in list.windows(2) {
                assert!(
                    pair[0].0 < pair[1].0,
                    "{name}: {:?} and {:?} are not sorted and distinct",
                    pair[0].0,
                    pair[1].0
                );
            }
        }
    }

    #[test]
    fn matches_at_word_boundaries_only() {
        let l = lex();
        let h = l.scan(b"Theory of the case");
        assert_eq!(
            h.count[Kind::Function as usize],
            2,
            "'The' in 'Theory' must not count"
        );
        let h = l.scan(b"Sharepoint");
        assert_eq!(h.count[Kind::Navigation as usize], 0);
        let h = l.scan(b"A mayor. (Image: Getty)");
        assert_eq!(h.count[Kind::Caption as usize], 2);
        assert_eq!(h.last_end[Kind::Caption as usize], 22);
    }

    #[test]
    fn longest_phrase_wins_and_weights_apply() {
        let h = lex().scan(b"Invalid email");
        assert_eq!(h.weight[Kind::Marketing as usize], 3.0);
        assert_eq!(h.count[Kind::Navigation as usize], 0);
        assert_eq!(h.covered, 13);
    }

    #[test]
    fn non_ascii_scripts() {
        let l = lex();
        assert_eq!(l.scan("2 часа назад".as_bytes()).count[1], 1);
        assert_eq!(l.scan("Назад".as_bytes()).count[1], 1);
        assert_eq!(l.scan("назадный".as_bytes()).count[1], 0);
        assert_eq!(l.scan("2025年3月17日更新".as_bytes()).count[1], 1);
    }

    /// [`LEXICON`]'s scan of `line` by the automaton of the same lists.
    fn scan_with_automaton(line: &[u8]) -> Hits {
        static AUTOMATON: Lazy<Automaton> = Lazy::new(|| Automaton::new(embedded_lists()));
        AUTOMATON.scan(&LEXICON, line)
    }

    /// Whether two scans found the same (weights compared bit for bit).
    fn same(a: &Hits, b: &Hits) -> bool {
        a.weight.map(f32::to_bits) == b.weight.map(f32::to_bits)
            && a.count == b.count
            && a.first_start == b.first_start
            && a.last_end == b.last_end
            && a.covered == b.covered
    }

    #[test]
    fn the_word_shortcut_agrees_with_the_automaton_on_the_corpus() {
        let mut lines = 0;
        for line in &crate::corpus_lines() {
            let (fast, slow) = (LEXICON.scan(line), scan_with_automaton(line));
            assert!(same(&fast, &slow), "{:?}", String::from_utf8_lossy(line));
            lines += 1;
        }
        assert!(lines > 1000, "corpus/ holds too few lines: {lines}");
    }

    #[test]
    fn the_word_shortcut_agrees_with_the_automaton_on_tricky_lines() {
        for line in [
            "Sign in to the design of it",
            "within the terms of use, don't",
            "The bestseller (Image: Getty) café au lait",
            "Theory of the case | Share on Facebook",
            "2 часа назад the of",
            "Back to top, back to topics; Contact Us, contact usage",
            "in this in the social media social mediator Social Me",
            "Sign in. Sign ins sign-in etc. etc",
            "x".repeat(60).as_str(),
            "",
            "Добавить в корзину, в избранное; версия для печати",
            "вконтакте в корзинуx (Bild: dpa) (Foto: privat) Archivbild",
            "2025年3月17日(土)更新 (日)(月) 고객센터 공유하기",
            "caf\u{e9} na\u{ef}ve Été été ÉTÉ über Über",
            "\u{feff}The of — the – of “the” ‘of’",
        ] {
            let l = line.as_bytes();
            assert!(same(&LEXICON.scan(l), &scan_with_automaton(l)), "{line}");
        }
    }

    #[test]
    fn the_phrase_trie_agrees_with_the_automaton_on_invalid_utf8() {
        for line in [
            &b"the \xff of \xd0 \xd0\xb2 \xe6\x9b (image:\xc3"[..],
            b"\xc3\xa9t\xc3\xa9\xc3",
            b"\x80\x80the\x80of",
            b"(\xe5\x9c\x9f)\xe6\x9b\xb4\xe6\x96",
        ] {
            assert!(
                same(&LEXICON.scan(line), &scan_with_automaton(line)),
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_phrase_trie_agrees_with_the_automaton_across_scripts(
            words in proptest::collection::vec(
                "(в|корзину|избранное|в корзину|версия|\\(土\\)|更新|土|\\(|\\)|고객센터|été|Été|über|bild|\\(bild:|the|of|[a-zé]{1,3}|[а-я]{1,3}|[\\x{3040}-\\x{30ff}]{1,2})",
                0..12,
            ),
            sep in "[ ,'(]|",
        ) {
            let line = words.join(&sep);
            let l = line.as_bytes();
            proptest::prop_assert!(same(&LEXICON.scan(l), &scan_with_automaton(l)), "{}", line);
        }

        #[test]
        fn the_word_shortcut_agrees_with_the_automaton(
            words in proptest::collection::vec(
                "(the|of|in|sign|design|terms|use|don|t|'|,|\\.| |\\(|image|:|é|назад|[a-z]{1,3})",
                0..12,
            ),
            sep in "[ ,'(]",
        ) {
            let line = words.join(&sep);
            let l = line.as_bytes();
            proptest::prop_assert!(same(&LEXICON.scan(l), &scan_with_automaton(l)), "{}", line);
        }
    }

    #[test]
    fn bad_lists_are_reported() {
        assert!(parse_list("x", "ok\nbad\tw\n").unwrap_err().line == 2);
        assert!(parse_list("x", " padded\n").is_err());
        assert!(parse_list("x", "a\n").is_err());
        assert!(parse_list("x", "©\n").is_ok(), "a lone symbol is a phrase");
        assert!(parse_list("x", "fine\t9\n").is_err());
        assert!(Lexicon::build(&[("nonsense", "en", "x")]).is_err());
    }
}
