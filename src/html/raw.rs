//! Skipping the raw text of an element whose content the walk drops (`script`,
//! `style`, `noscript`, `iframe`, `title`): [`super::parse`] finds where the element
//! ends, as html5ever's tokenizer would, and hands the tokenizer the input from its
//! end tag on. Half the bytes of a modern page are inline scripts and styles; the
//! tokenizer would read them character by character and pass every line of them to
//! the tree builder, which would put them in a text node the walk never reads.
//!
//! The element ends at the first *appropriate end tag*: `</` and the element's name
//! (ASCII case-insensitive) followed by whitespace, `/` or `>`. In `script`, an end
//! tag inside an escaped `<!-- <script> … </script> -->` part does not end it; the
//! scanner follows the tokenizer's script data states (HTML § 13.2.5.4-.30), byte by
//! byte, and jumps over plain runs with `memchr`. A byte of a multi-byte character is
//! "anything else" in every state, as the character is, and `\r` is whitespace, as
//! the `\n` it becomes.

/// Where a scan of raw text stands, between two pieces of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Script data, RAWTEXT or RCDATA.
    Data,
    /// After `<`.
    Lt,
    /// After `</`.
    EndOpen,
    /// In a possible end tag's name: `len` letters read, `ok` while they spell the
    /// element's name so far.
    EndName {
        len: usize,
        ok: bool,
    },
    /// After `<!` in script data.
    EscapeStart,
    /// After `<!-`.
    EscapeStartDash,
    /// Script data escaped (after `<!--`).
    Escaped,
    EscapedDash,
    EscapedDashDash,
    /// After `<` in escaped script data.
    EscapedLt,
    EscapedEndOpen,
    EscapedEndName {
        len: usize,
        ok: bool,
    },
    /// After `<` and a letter in escaped script data: `<script` starts the double
    /// escape.
    DoubleEscapeStart {
        len: usize,
        ok: bool,
    },
    /// Script data double escaped (after `<!--<script>`).
    DoubleEscaped,
    DoubleEscapedDash,
    DoubleEscapedDashDash,
    DoubleEscapedLt,
    /// After `</` in double escaped script data: `</script` ends the double escape.
    DoubleEscapeEnd {
        len: usize,
        ok: bool,
    },
}

/// A scan for the end of one element's raw text, fed the input piece by piece.
#[derive(Debug)]
pub(crate) struct RawText {
    /// The element's name, in lower case.
    name: Vec<u8>,
    /// Whether it is script data (with its escapes), rather than RAWTEXT or RCDATA.
    script: bool,
    state: State,
}

/// The outcome of scanning one piece of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scan {
    /// The piece is raw text to its end (and may end inside a possible end tag).
    More,
    /// The end tag starts in this piece, at this byte.
    EndAt(usize),
    /// The end tag started in an earlier piece (its first bytes are the last of
    /// those pieces); this piece starts inside it.
    EndBefore,
}

/// `script`'s name, which starts and ends the double escape.
const SCRIPT: &[u8] = b"script";

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b' ' | b'\r')
}

/// Reads the next letter of a name being matched against `want`.
fn spell(len: usize, ok: bool, b: u8, want: &[u8]) -> (usize, bool) {
    (
        len + 1,
        ok && want.get(len) == Some(&b.to_ascii_lowercase()),
    )
}

/// What one byte does to a tag name that may spell `script` in an escaped script
/// section (the double-escape start and end states share these rules).
enum ScriptName {
    /// A space, `/` or `>` ends the name (consumed): whether it spelled `script`.
    Ended(bool),
    /// A letter goes on with the name (consumed).
    Letter(usize, bool),
    /// Anything else: not a tag name after all (not consumed).
    Other,
}

/// The [`ScriptName`] step of byte `b` after `len` letters, all matching if `ok`.
fn script_name(b: u8, len: usize, ok: bool) -> ScriptName {
    if is_space(b) || b == b'/' || b == b'>' {
        ScriptName::Ended(ok && len == SCRIPT.len())
    } else if b.is_ascii_alphabetic() {
        let (len, ok) = spell(len, ok, b, SCRIPT);
        ScriptName::Letter(len, ok)
    } else {
        ScriptName::Other
    }
}

impl RawText {
    /// A scan of the content of an element named `name` (lower case), in script data
    /// mode if `script`.
    pub(crate) fn new(name: &str, script: bool) -> RawText {
        RawText {
            name: name.as_bytes().to_vec(),
            script,
            state: State::Data,
        }
    }

    /// Whether the scan stands inside a possible end tag (whose start is in the input
    /// already scanned).
    pub(crate) fn in_end_tag(&self) -> bool {
        matches!(
            self.state,
            State::Lt
                | State::EndOpen
                | State::EndName { .. }
                | State::EscapedLt
                | State::EscapedEndOpen
                | State::EscapedEndName { .. }
        )
    }

    /// Scans the next piece of input.
    pub(crate) fn scan(&mut self, bytes: &[u8]) -> Scan {
        use State::*;
        // Where the possible end tag in progress starts in this piece.
        let mut tag: Option<usize> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Each arm either consumes `b` (`i += 1`) or leaves it to the next state.
            self.state = match self.state {
                Data => match memchr::memchr(b'<', &bytes[i..]) {
                    Some(at) => {
                        tag = Some(i + at);
                        i += at + 1;
                        Lt
                    }
                    None => {
                        i = bytes.len();
                        Data
                    }
                },
                Lt => match b {
                    b'/' => {
                        i += 1;
                        EndOpen
                    }
                    b'!' if self.script => {
                        i += 1;
                        EscapeStart
                    }
                    _ => Data,
                },
                EndOpen | EscapedEndOpen => {
                    let name = matches!(self.state, EndOpen);
                    match (b.is_ascii_alphabetic(), name) {
                        (true, true) => EndName { len: 0, ok: true },
                        (true, false) => EscapedEndName { len: 0, ok: true },
                        (false, true) => Data,
                        (false, false) => Escaped,
                    }
                }
                EndName { len, ok } | EscapedEndName { len, ok } => {
                    let plain = matches!(self.state, EndName { .. });
                    if (is_space(b) || b == b'/' || b == b'>') && ok && len == self.name.len() {
                        return match tag {
                            Some(at) => Scan::EndAt(at),
                            None => Scan::EndBefore,
                        };
                    }
                    if b.is_ascii_alphabetic() {
                        i += 1;
                        let (len, ok) = spell(len, ok, b, &self.name);
                        if plain {
                            EndName { len, ok }
                        } else {
                            EscapedEndName { len, ok }
                        }
                    } else if plain {
                        Data
                    } else {
                        Escaped
                    }
                }
                EscapeStart => match b {
                    b'-' => {
                        i += 1;
                        EscapeStartDash
                    }
                    _ => Data,
                },
                EscapeStartDash => match b {
                    b'-' => {
                        i += 1;
                        EscapedDashDash
                    }
                    _ => Data,
                },
                Escaped => match memchr::memchr2(b'-', b'<', &bytes[i..]) {
                    Some(at) => {
                        i += at + 1;
                        if bytes[i - 1] == b'-' {
                            EscapedDash
                        } else {
                            tag = Some(i - 1);
                            EscapedLt
                        }
                    }
                    None => {
                        i = bytes.len();
                        Escaped
                    }
                },
                EscapedDash | EscapedDashDash => {
                    i += 1;
                    match b {
                        b'-' => EscapedDashDash,
                        b'<' => {
                            tag = Some(i - 1);
                            EscapedLt
                        }
                        b'>' if self.state == EscapedDashDash => Data,
                        _ => Escaped,
                    }
                }
                EscapedLt => match b {
                    b'/' => {
                        i += 1;
                        EscapedEndOpen
                    }
                    _ if b.is_ascii_alphabetic() => {
                        i += 1;
                        let (len, ok) = spell(0, true, b, SCRIPT);
                        DoubleEscapeStart { len, ok }
                    }
                    _ => Escaped,
                },
                DoubleEscapeStart { len, ok } => match script_name(b, len, ok) {
                    ScriptName::Ended(script) => {
                        i += 1;
                        if script { DoubleEscaped } else { Escaped }
                    }
                    ScriptName::Letter(len, ok) => {
                        i += 1;
                        DoubleEscapeStart { len, ok }
                    }
                    ScriptName::Other => Escaped,
                },
                DoubleEscaped => match memchr::memchr2(b'-', b'<', &bytes[i..]) {
                    Some(at) => {
                        i += at + 1;
                        if bytes[i - 1] == b'-' {
                            DoubleEscapedDash
                        } else {
                            DoubleEscapedLt
                        }
                    }
                    None => {
                        i = bytes.len();
                        DoubleEscaped
                    }
                },
                DoubleEscapedDash | DoubleEscapedDashDash => {
                    i += 1;
                    match b {
                        b'-' => DoubleEscapedDashDash,
                        b'<' => DoubleEscapedLt,
                        b'>' if self.state == DoubleEscapedDashDash => Data,
                        _ => DoubleEscaped,
                    }
                }
                DoubleEscapedLt => match b {
                    b'/' => {
                        i += 1;
                        DoubleEscapeEnd { len: 0, ok: true }
                    }
                    _ => DoubleEscaped,
                },
                DoubleEscapeEnd { len, ok } => match script_name(b, len, ok) {
                    ScriptName::Ended(script) => {
                        i += 1;
                        if script { Escaped } else { DoubleEscaped }
                    }
                    ScriptName::Letter(len, ok) => {
                        i += 1;
                        DoubleEscapeEnd { len, ok }
                    }
                    ScriptName::Other => DoubleEscaped,
                },
            };
            if !self.in_end_tag() {
                tag = None;
            }
        }
        Scan::More
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the raw text of `name` ends in `text`, scanned in pieces of `piece`
    /// bytes: the offset of its end tag.
    fn end(name: &str, text: &str, piece: usize) -> Option<usize> {
        let mut scan = RawText::new(name, name == "script");
        let mut tag_start = None;
        let mut at = 0;
        for chunk in text.as_bytes().chunks(piece) {
            match scan.scan(chunk) {
                Scan::More => {}
                Scan::EndAt(i) => return Some(at + i),
                Scan::EndBefore => return tag_start,
            }
            at += chunk.len();
            // A possible end tag starts at the last `<`.
            tag_start = match chunk.iter().rposition(|&b| b == b'<') {
                _ if !scan.in_end_tag() => None,
                Some(i) => Some(at - chunk.len() + i),
                None => tag_start,
            };
        }
        None
    }

    #[test]
    fn ends() {
        for piece in [1, 2, 3, 7, 1000] {
            let e = |name: &str, text: &str| end(name, text, piece);
            assert_eq!(e("style", "p{}</style>"), Some(3));
            assert_eq!(e("style", "p{}</STYLE\n>"), Some(3));
            assert_eq!(e("style", "a</styles></style/>"), Some(10));
            assert_eq!(e("style", "a</style"), None);
            assert_eq!(e("title", "a<</title x>"), Some(2));
            assert_eq!(e("script", "if (a</b) {}</script>"), Some(12));
            assert_eq!(e("script", "<!-- </script> -->"), Some(5));
            assert_eq!(e("script", "<!--<script>x</script>y--></script>"), Some(26));
            assert_eq!(e("script", "<!--<script>--></script>"), Some(15));
            assert_eq!(e("script", "<!--<scripty></script>"), Some(13));
            assert_eq!(e("script", "<!-<script></script>"), Some(11));
            assert_eq!(e("script", "<!--x--></script\t"), Some(8));
            assert_eq!(e("script", "<!--<script></script\r--></script>"), Some(24));
            assert_eq!(e("script", "\u{e9}</script>"), Some(2));
            assert_eq!(e("script", "<!--<script>"), None);
        }
    }
}
