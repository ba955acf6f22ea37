//! A fast path past html5ever's tokenizer for the commonest markup: plain start
//! tags, end tags and comments, read in the data state.
//!
//! The tokenizer reads tag and attribute names and comments character by character,
//! each one popped from its input queue and pushed onto a growing string: most of its
//! time on a page goes there. [`scan`] reads a piece of markup whole with a few byte
//! loops and `memchr`, and makes the token the tokenizer would have made, for the tree
//! builder; or gives up (`None`) wherever the tokenizer would do anything more than
//! the simple cases below, and the tokenizer then reads the markup itself. It follows
//! the tokenizer states of HTML § 13.2.5.6-.45 as html5ever implements them:
//!
//! * a start tag: `<`, a letter, more name characters (ASCII letters, digits, `-`,
//!   `_`, `:`, `.`), then attributes separated by whitespace (tab, LF, FF, space, and
//!   CR, which the tokenizer reads as LF), each a name (any characters but
//!   whitespace, `/`, `>`, `=`, NUL, quotes and `<`) with an optional value, quoted or
//!   not, with no `&` (a character reference), NUL or CR (which the tokenizer would
//!   rewrite) in it; a `/` before `>` makes the tag self-closing. Names are
//!   lowercased (ASCII) as by the tokenizer, and of two attributes with the same name
//!   the first is kept.
//! * an end tag: `</`, a name as above, `>`.
//! * a comment: `<!--`, up to the first `-->` or `--!>` (the only ways the comment
//!   states end a comment that does not open with `>` or `->`); its text is left out,
//!   as the tree keeps none.
//!
//! Start tags on which the tree builder switches the tokenizer to a raw text state
//! whose text is kept (`textarea`, `xmp`, …) are left to the tokenizer, which must
//! see them: it remembers the last start tag's name to know where the raw text ends.
//! The raw text of the others (`script`, `style`, …) is skipped
//! ([`super::skip_raw_text`]), and the tokenizer reads on in its data state.
//!
//! Attributes are built only where someone reads them: the walk ([`ElementInfo`],
//! `datetime` among them, and [`ElementInfo::reads_later`]) and the tree builder
//! (`type` of `input`, `color`, `face` and `size` of `font`, `encoding` of
//! `annotation-xml`, `form`, the `shadowroot…` of `template`). The others are not
//! made at all: no atom for the name, no string for the value. Elements whose
//! attributes the tree builder copies or compares as a whole keep all of theirs: the
//! formatting elements (`a`, `b`, …, cloned when reopened, and compared by the
//! "Noah's Ark" clause), and `html` and `body` (to which a later tag may add
//! attributes), as do `input`, `template`, `annotation-xml` and `meta` (read by the
//! tree builder).
//!
//! [`ElementInfo`]: super::super::elements::ElementInfo
//! [`ElementInfo::reads_later`]: super::super::elements::ElementInfo::reads_later

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, TagKind, Token};
use html5ever::{Attribute, LocalName, QualName, ns};

/// The token made of the markup at the start of `piece[at..]` (which starts with
/// `<`), and the markup's length in bytes; `None` where the tokenizer must read it.
pub(crate) fn scan(piece: &StrTendril, at: usize) -> Option<(Token, usize)> {
    let s = &piece[at..];
    let b = s.as_bytes();
    debug_assert_eq!(b.first(), Some(&b'<'));
    match *b.get(1)? {
        b'/' => end_tag(s),
        b'!' => comment(b),
        c if c.is_ascii_alphabetic() => start_tag(piece, at, s),
        _ => None,
    }
}

/// Whitespace between attributes: the tokenizer's, and CR, which it reads as LF.
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Characters of the tag names read here (the tokenizer takes more).
fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.')
}

/// The end of the tag name starting at `b[from]`.
fn name_end(b: &[u8], from: usize) -> usize {
    from + b[from..].iter().take_while(|&&c| is_name_byte(c)).count()
}

/// A name lowercased (ASCII) as the tokenizer appends it; into `buf`, for names with
/// capitals only.
fn lowercase<'a>(name: &'a str, buf: &'a mut String) -> &'a str {
    if name.bytes().any(|c| c.is_ascii_uppercase()) {
        buf.clear();
        buf.push_str(name);
        buf.make_ascii_lowercase();
        buf
    } else {
        name
    }
}

fn end_tag(s: &str) -> Option<(Token, usize)> {
    let b = s.as_bytes();
    if !b.get(2)?.is_ascii_alphabetic() {
        return None;
    }
    let end = name_end(b, 2);
    if *b.get(end)? != b'>' {
        return None;
    }
    let mut buf = String::new();
    let tag = Tag {
        kind: TagKind::EndTag,
        // Cut after ASCII bytes: at character boundaries.
        name: LocalName::from(lowercase(&s[2..end], &mut buf)),
        self_closing: false,
        attrs: Vec::new(),
        had_duplicate_attributes: false,
    };
    Some((Token::TagToken(tag), end + 1))
}

fn comment(b: &[u8]) -> Option<(Token, usize)> {
    if !b.starts_with(b"<!--") {
        return None;
    }
    // `<!-->` and `<!--->` end at once (an error): left to the tokenizer.
    match (*b.get(4)?, *b.get(5)?) {
        (b'>', _) | (b'-', b'>') => return None,
        _ => {}
    }
    let mut from = 4;
    loop {
        let dashes = from + memchr::memmem::find(&b[from..], b"--")?;
        match *b.get(dashes + 2)? {
            b'>' => return Some((Token::CommentToken(StrTendril::new()), dashes + 3)),
            b'!' if *b.get(dashes + 3)? == b'>' => {
                return Some((Token::CommentToken(StrTendril::new()), dashes + 4));
            }
            _ => from = dashes + 1,
        }
    }
}

fn start_tag(piece: &StrTendril, at: usize, s: &str) -> Option<(Token, usize)> {
    let b = s.as_bytes();
    let end = name_end(b, 1);
    if !matches!(*b.get(end)?, b'>' | b'/') && !is_space(b[end]) {
        return None;
    }
    let mut buf = String::new();
    // Names and values are cut after ASCII bytes, at character boundaries.
    let name = lowercase(&s[1..end], &mut buf);
    if switches_tokenizer(name) {
        return None;
    }
    let keep_all = keeps_all_attrs(name);
    let name = LocalName::from(name);
    let mut attrs: Vec<Attribute> = Vec::new();
    let mut had_duplicate_attributes = false;
    let mut i = end;
    loop {
        // Before an attribute name.
        while is_space(*b.get(i)?) {
            i += 1;
        }
        match b[i] {
            b'>' => {
                let tag = Tag {
                    kind: TagKind::StartTag,
                    name,
                    self_closing: false,
                    attrs,
                    had_duplicate_attributes,
                };
                return Some((Token::TagToken(tag), i + 1));
            }
            b'/' => {
                if *b.get(i + 1)? == b'>' {
                    let tag = Tag {
                        kind: TagKind::StartTag,
                        name,
                        self_closing: true,
                        attrs,
                        had_duplicate_attributes,
                    };
                    return Some((Token::TagToken(tag), i + 2));
                }
                // A stray `/`: an error; the next character starts over.
                i += 1;
                continue;
            }
            b'=' | b'"' | b'\'' | b'<' | 0 => return None,
            _ => {}
        }
        // The attribute's name.
        let name_start = i;
        loop {
            match *b.get(i)? {
                c if is_space(c) => break,
                b'/' | b'>' | b'=' => break,
                0 | b'"' | b'\'' | b'<' => return None,
                _ => i += 1,
            }
        }
        let name_end = i;
        while is_space(*b.get(i)?) {
            i += 1;
        }
        // Its value, if any.
        let (value_start, value_end) = if b[i] == b'=' {
            i += 1;
            while is_space(*b.get(i)?) {
                i += 1;
            }
            match b[i] {
                quote @ (b'"' | b'\'') => {
                    let start = i + 1;
                    let end = start + memchr::memchr(quote, &b[start..])?;
                    i = end + 1;
                    (start, end)
                }
                // `a=>`: an empty value (an error).
                b'>' => (i, i),
                _ => {
                    let start = i;
                    while !is_space(*b.get(i)?) && b[i] != b'>' {
                        i += 1;
                    }
                    (start, i)
                }
            }
        } else {
            (i, i)
        };
        let attr_name = lowercase(&s[name_start..name_end], &mut buf);
        if !keep_all && !is_read(attr_name) {
            // Left out. Character references and NUL or CR in its value would change
            // the value only: none of them can end it (a reference takes letters,
            // digits, `#` and `;` only, and gives back the rest).
            continue;
        }
        let value = &b[value_start..value_end];
        if memchr::memchr3(b'&', 0, b'\r', value).is_some() {
            return None;
        }
        let attr_name = LocalName::from(attr_name);
        if attrs.iter().any(|a| a.name.local == attr_name) {
            had_duplicate_attributes = true;
            continue;
        }
        let value = if value.is_empty() {
            StrTendril::new()
        } else {
            piece.subtendril((at + value_start) as u32, value.len() as u32)
        };
        attrs.push(Attribute {
            name: QualName::new(None, ns!(), attr_name),
            value,
        });
    }
}

/// Start tags on which the tree builder may switch the tokenizer to a raw text state
/// (RCDATA, RAWTEXT, PLAINTEXT) whose text is kept. (It also does on `script`,
/// `style`, `noscript`, `title` and `iframe`, but their text is skipped, by
/// [`super::skip_raw_text`], and the tokenizer stays in its data state.)
fn switches_tokenizer(name: &str) -> bool {
    matches!(
        name,
        "textarea" | "xmp" | "noembed" | "noframes" | "plaintext"
    )
}

/// Elements that keep all their attributes (see the module's documentation).
fn keeps_all_attrs(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
            | "html"
            | "body"
            | "input"
            | "template"
            | "annotation-xml"
            | "meta"
    )
}

/// Attributes someone reads: the walk (`xlink:role` becomes `role` in foreign
/// content, which [`super::super::elements::ElementInfo::reads_later`] keeps) and the tree
/// builder.
fn is_read(name: &str) -> bool {
    matches!(
        name,
        "class"
            | "id"
            | "itemprop"
            | "role"
            | "xlink:role"
            | "hidden"
            | "aria-hidden"
            | "style"
            | "type"
            | "form"
            | "color"
            | "face"
            | "size"
            | "encoding"
            | "datetime"
    ) || name.starts_with("shadowroot")
}
