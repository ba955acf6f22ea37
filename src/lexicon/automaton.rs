//! The reference (naive) version of [`Lexicon::scan`] that the tests hold it to:
//! every phrase in one Aho-Corasick automaton, searched leftmost-longest, each match
//! kept where it has the word boundaries its phrase needs.

use super::{Hits, Lexicon, phrase_entries, word_char_at, word_char_before};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// The phrases of some lists in one automaton: pattern `i` is phrase `i` of the
/// [`Lexicon`] built from the same lists.
pub(super) struct Automaton {
    automaton: AhoCorasick,
}

impl Automaton {
    /// The automaton of the phrases of `(kind directory, language, list text)` triples.
    pub(super) fn new(lists: &[(&str, &str, &str)]) -> Automaton {
        let phrases = phrase_entries(lists).expect("valid word lists");
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(phrases.iter().map(|(p, _)| p.as_ref()))
            .expect("an automaton of the phrases");
        Automaton { automaton }
    }

    /// [`Lexicon::scan`] of `line` by the automaton, `lexicon` built from the same
    /// lists as it.
    pub(super) fn scan(&self, lexicon: &Lexicon, line: &[u8]) -> Hits {
        let mut hits = Hits::empty();
        for m in self.automaton.find_iter(line) {
            let entry = &lexicon.entries[m.pattern().as_usize()];
            let (s, e) = (m.start(), m.end());
            if entry.check_start && word_char_before(line, s) {
                continue;
            }
            if entry.check_end && word_char_at(line, e) {
                continue;
            }
            lexicon.record(&mut hits, m.pattern().as_usize(), s, e);
        }
        hits
    }
}
