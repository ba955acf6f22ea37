//! Splitting a text dump into lines with byte spans.

/// One line of the input: `start..end` is its text without the line terminator,
/// `end..next` the terminator itself (`\n`, `\r\n`, or nothing at the end of input).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineSpan {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// Iterates over the lines of `bytes` with `memchr`. Every byte of the input lies in
/// exactly one line's `start..next`; a final empty line after a trailing `\n` is not
/// yielded.
pub(crate) fn lines(bytes: &[u8]) -> impl Iterator<Item = LineSpan> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let (end, next) = match memchr::memchr(b'\n', &bytes[pos..]) {
            Some(i) => (pos + i, pos + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        pos = next;
        let end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some(LineSpan { start, end, next })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naive twin: split on `\n`, strip one `\r`.
    fn naive(s: &str) -> Vec<&str> {
        let mut v: Vec<&str> = s.split('\n').collect();
        if v.last() == Some(&"") {
            v.pop();
        }
        v.into_iter()
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect()
    }

    fn ours(s: &str) -> Vec<&str> {
        lines(s.as_bytes()).map(|l| &s[l.start..l.end]).collect()
    }

    #[test]
    fn splits_like_the_naive_version() {
        for s in [
            "", "\n", "a", "a\n", "a\r\nb", "a\n\nb\n", "\r\n\r\n", "x\ry\n", "\r",
        ] {
            assert_eq!(ours(s), naive(s), "input {s:?}");
        }
    }

    #[test]
    fn spans_cover_the_input() {
        let s = "one\r\ntwo\n\nthree";
        let mut pos = 0;
        for l in lines(s.as_bytes()) {
            assert_eq!(l.start, pos);
            pos = l.next;
        }
        assert_eq!(pos, s.len());
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_naive(s in "[a\r\n ]{0,40}") {
            proptest::prop_assert_eq!(ours(&s), naive(&s));
        }
    }
}
