//! Decoding an HTML page's bytes: a byte-order mark, else UTF-8 when they are UTF-8,
//! else the charset declared by the transport layer or the page's `<meta>`, else the
//! charset `chardetng` (Firefox's detector) guesses from the bytes.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};
use std::borrow::Cow;
use std::fmt;

/// How far into the page a `<meta>` charset declaration is looked for. The HTML
/// standard's prescan stops at 1,024 bytes; real pages put long scripts and styles
/// first, so this goes further.
const META_SCAN_BYTES: usize = 64 * 1024;

/// The longest charset name kept for an error message.
const MAX_LABEL_CHARS: usize = 64;

/// Why a page's bytes could not be decoded: the charset its `<meta>` declares is not
/// one this crate can decode. (Bytes that are valid UTF-8 never fail: they are read as
/// UTF-8 whatever the page declares.)
///
/// ```
/// let page = b"<meta charset=klingon><p>caf\xe9</p>";
/// let err = deboiler::decode_html(page).unwrap_err();
/// assert_eq!(err.charset(), "klingon");
/// assert_eq!(err.to_string(), "unknown charset 'klingon' declared in <meta>");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The declared name is no charset known to the WHATWG Encoding Standard.
    UnknownCharset(String),
    /// The declared charset is known but not decoded (ISO-2022-KR, HZ and the like,
    /// which the standard maps to its "replacement" encoding).
    UnsupportedCharset(String),
}

impl DecodeError {
    /// The charset name as the page declares it (shortened to 64 characters).
    ///
    /// ```
    /// let err = deboiler::decode_html(b"<meta charset='iso-2022-kr'>\xff").unwrap_err();
    /// assert_eq!(err.charset(), "iso-2022-kr");
    /// assert!(matches!(err, deboiler::DecodeError::UnsupportedCharset(_)));
    /// ```
    pub fn charset(&self) -> &str {
        match self {
            DecodeError::UnknownCharset(name) | DecodeError::UnsupportedCharset(name) => name,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnknownCharset(name) => {
                write!(f, "unknown charset '{name}' declared in <meta>")
            }
            DecodeError::UnsupportedCharset(name) => {
                write!(f, "unsupported charset '{name}' declared in <meta>")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// The fewest invalid UTF-8 sequences that overrule a declaration of UTF-8.
const MIN_INVALID_AGAINST_DECLARED: usize = 8;

/// Decodes an HTML page's bytes to text.
///
/// In order:
/// 1. a byte-order mark decides (UTF-8, UTF-16LE or UTF-16BE); without one, UTF-16
///    of mostly ASCII text is recognised by its zero bytes ([`crate::detect_utf16`]);
/// 2. bytes that are valid UTF-8 are UTF-8 (borrowed, not copied), whatever the page
///    declares: legacy text is virtually never valid UTF-8 by chance, while pages that
///    were re-encoded to UTF-8 often keep their old declaration;
/// 3. else the charset that a `<meta charset>` or `<meta http-equiv="Content-Type"
///    content="…; charset=…">` in the first 64 KiB declares — unless it declares UTF-8
///    and the bytes contradict it (at least 8 invalid UTF-8 sequences, over twice as
///    many as the valid non-ASCII characters), when the page counts as undeclared;
/// 4. else UTF-8 if the bytes are mostly UTF-8 (no more invalid sequences than valid
///    non-ASCII characters; an incomplete character at the very end, as in a
///    truncated page, does not count), else the legacy encoding that Mozilla's
///    `chardetng` guesses from the bytes, as Firefox does (windows-1252 when there is
///    nothing to go on; never UTF-8 or ISO-2022-JP).
///
/// Sequences invalid in the chosen encoding become U+FFFD. Charset names are those of
/// the WHATWG Encoding Standard (so `iso-8859-1` and `latin1` mean windows-1252,
/// `gb2312` means GBK). A page that is valid UTF-8 or declares a charset other than
/// UTF-8 is not run through the detector.
///
/// ```
/// // Valid UTF-8 is borrowed as it is.
/// let text = deboiler::decode_html("<p>café</p>".as_bytes()).unwrap();
/// assert_eq!(text, "<p>café</p>");
///
/// // No declaration: the encoding is guessed (here windows-1252: 0xE9 is é, 0x80 is €).
/// assert_eq!(deboiler::decode_html(b"<p>caf\xe9 \x80</p>").unwrap(), "<p>café €</p>");
///
/// // A declared charset.
/// let page = b"<meta charset=\"koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
/// assert!(deboiler::decode_html(page).unwrap().contains("Привет"));
///
/// // UTF-16 without a byte-order mark.
/// let page: Vec<u8> = "<p>café</p>".encode_utf16().flat_map(u16::to_le_bytes).collect();
/// assert_eq!(deboiler::decode_html(&page).unwrap(), "<p>café</p>");
/// ```
///
/// # Errors
///
/// [`DecodeError`] when the bytes are not UTF-8 and the declared charset is unknown or
/// unsupported.
pub fn decode_html(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    decode_html_with(bytes, None, None)
}

/// [`decode_html`] for a page that came with a transport-layer charset (the `charset`
/// parameter of an HTTP `Content-Type`, as a WARC record keeps it) and from a host
/// whose rightmost DNS label is `tld` (in Punycode when internationalized).
///
/// The transport charset comes between the byte-order mark and the `<meta>`, as in
/// browsers: it decides for bytes that are not valid UTF-8, unless it declares UTF-8
/// and the bytes contradict that (then the `<meta>` is read, as for a page that came
/// without one). A label that is no known charset or names the "replacement" encoding
/// is ignored, as browsers ignore it. The TLD tips the detector's guess towards the
/// encodings used under it (`ru`, `jp`, `cn`…); a label that is not ASCII letters,
/// digits and hyphens is ignored.
///
/// ```
/// // Too little text to tell windows-1251 from Greek windows-1253: the TLD decides…
/// let page = b"<p>\xca\xee\xf2</p>";
/// assert_eq!(deboiler::decode_html(page).unwrap(), "<p>Κξς</p>");
/// assert_eq!(deboiler::decode_html_with(page, None, Some(b"ru")).unwrap(), "<p>Кот</p>");
/// // …and an HTTP header's charset comes before any guess.
/// let http = deboiler::decode_html_with(page, Some(b"windows-1251"), None).unwrap();
/// assert_eq!(http, "<p>Кот</p>");
/// ```
///
/// # Errors
///
/// [`DecodeError`] as for [`decode_html`].
pub fn decode_html_with<'a>(
    bytes: &'a [u8],
    transport_charset: Option<&[u8]>,
    tld: Option<&[u8]>,
) -> Result<Cow<'a, str>, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        return Ok(encoding.decode_without_bom_handling(body).0);
    }
    if let Some(order) = crate::detect_utf16(bytes) {
        let text = order.encoding().decode_without_bom_handling(bytes).0;
        return Ok(Cow::Owned(text.into_owned()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    // How well the bytes fit UTF-8: measured only when UTF-8 is in question.
    let mut fit = None;
    let mut fits_declared_utf8 = || {
        fit.get_or_insert_with(|| Utf8Fit::of(bytes))
            .fits_declared()
    };
    let transport = transport_charset
        .and_then(Encoding::for_label)
        .filter(|&e| e != REPLACEMENT);
    if let Some(encoding) = transport
        && (encoding != UTF_8 || fits_declared_utf8())
    {
        return Ok(encoding.decode_without_bom_handling(bytes).0);
    }
    if let Some(label) = declared_charset(&bytes[..bytes.len().min(META_SCAN_BYTES)]) {
        let encoding = encoding_for(label)?;
        if encoding != UTF_8 || fits_declared_utf8() {
            return Ok(encoding.decode_without_bom_handling(bytes).0);
        }
    } else if fit.get_or_insert_with(|| Utf8Fit::of(bytes)).mostly_utf8() {
        return Ok(UTF_8.decode_without_bom_handling(bytes).0);
    }
    Ok(guess_encoding(bytes, tld)
        .decode_without_bom_handling(bytes)
        .0)
}

/// The legacy encoding `chardetng` guesses for `bytes` (neither UTF-8 nor
/// ISO-2022-JP, as a browser asks for HTML), tipped by the host's `tld` when it is a
/// well-formed label.
fn guess_encoding(bytes: &[u8], tld: Option<&[u8]>) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // `guess` wants a lower-case ASCII label without dots (it panics otherwise).
    let tld = tld
        .filter(|t| {
            !t.is_empty()
                && t.len() <= 63
                && t.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(<[u8]>::to_ascii_lowercase);
    detector.guess(tld.as_deref(), Utf8Detection::Deny)
}

/// How well bytes that are not valid UTF-8 fit it: the non-ASCII characters in their
/// valid stretches against the invalid sequences between them. A character cut off
/// by the end of the bytes counts as neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Utf8Fit {
    /// Valid non-ASCII characters.
    valid: usize,
    /// Maximal invalid sequences (as the standard's decoder counts its U+FFFD).
    invalid: usize,
}

impl Utf8Fit {
    /// Measures `bytes`.
    fn of(bytes: &[u8]) -> Utf8Fit {
        let lead_bytes = |s: &[u8]| s.iter().filter(|&&b| b >= 0xc0).count();
        let mut fit = Utf8Fit {
            valid: 0,
            invalid: 0,
        };
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(_) => {
                    fit.valid += lead_bytes(rest);
                    return fit;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    fit.valid += lead_bytes(good);
                    match e.error_len() {
                        Some(len) => {
                            fit.invalid += 1;
                            rest = &bad[len..];
                        }
                        None => return fit,
                    }
                }
            }
        }
    }

    /// Whether a declaration of UTF-8 stands: the invalid sequences are too few, or
    /// not many more than the valid characters, to say the bytes are something else.
    fn fits_declared(self) -> bool {
        self.invalid < MIN_INVALID_AGAINST_DECLARED || self.invalid <= 2 * self.valid
    }

    /// Whether undeclared bytes are taken for UTF-8: no more invalid sequences than
    /// valid non-ASCII characters.
    fn mostly_utf8(self) -> bool {
        self.invalid <= self.valid
    }
}

/// The encoding of a declared charset name, with the standard's adjustments for a
/// `<meta>` declaration: UTF-16 means UTF-8 (the page could not have declared it in
/// ASCII otherwise) and x-user-defined means windows-1252.
fn encoding_for(label: &[u8]) -> Result<&'static Encoding, DecodeError> {
    let name = || {
        String::from_utf8_lossy(label)
            .trim()
            .chars()
            .take(MAX_LABEL_CHARS)
            .collect::<String>()
    };
    match Encoding::for_label(label) {
        None => Err(DecodeError::UnknownCharset(name())),
        Some(e) if e == REPLACEMENT => Err(DecodeError::UnsupportedCharset(name())),
        Some(e) if e == UTF_16LE || e == UTF_16BE => Ok(UTF_8),
        Some(e) if e == X_USER_DEFINED => Ok(WINDOWS_1252),
        Some(e) => Ok(e),
    }
}

/// The charset name declared by the first `<meta>` element of `bytes` that declares
/// one: a simplified form of the HTML standard's prescan (comments and other tags are
/// skipped; attribute values may be quoted or not).
fn declared_charset(bytes: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        i += off;
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            // The comment ends at the first "-->" after "<!--" ("<!-->" is empty).
            match memchr::memmem::find(&rest[2..], b"-->") {
                Some(e) => i += 2 + e + 3,
                None => return None,
            }
            continue;
        }
        if starts_with_ignore_case(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_space(b) || b == b'/')
        {
            let (attrs, end) = attributes(&rest[5..]);
            if let Some(label) = meta_charset(&attrs) {
                return Some(label);
            }
            i += 5 + end;
            continue;
        }
        let is_tag = match rest.get(1) {
            Some(b) if b.is_ascii_alphabetic() => true,
            Some(b'/') => rest.get(2).is_some_and(u8::is_ascii_alphabetic),
            _ => false,
        };
        if is_tag {
            // Another tag: skip its attributes, whose values may hold '<' or '>'.
            let name_start = if rest[1] == b'/' { 2 } else { 1 };
            let name_len = rest[name_start..]
                .iter()
                .position(|&b| is_space(b) || b == b'>' || b == b'/')
                .unwrap_or(rest.len() - name_start);
            let (_, end) = attributes(&rest[name_start + name_len..]);
            i += name_start + name_len + end;
        } else if matches!(rest.get(1), Some(b'!' | b'/' | b'?')) {
            i += memchr::memchr(b'>', rest).map_or(rest.len(), |e| e + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// The charset a `<meta>` element's attributes declare: its `charset`, or the
/// charset in the `content` of an `http-equiv="content-type"`.
fn meta_charset<'a>(attrs: &[Attribute<'a>]) -> Option<&'a [u8]> {
    let get = |name: &[u8]| {
        attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, v)| v)
    };
    if let Some(charset) = get(b"charset") {
        let charset = trim(charset);
        return (!charset.is_empty()).then_some(charset);
    }
    let is_content_type =
        get(b"http-equiv").is_some_and(|v| trim(v).eq_ignore_ascii_case(b"content-type"));
    if is_content_type {
        return get(b"content").and_then(charset_in_content);
    }
    None
}

/// The charset in a `Content-Type` value such as `text/html; charset="utf-8"`.
fn charset_in_content(content: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    while i + 7 <= content.len() {
        if !content[i..i + 7].eq_ignore_ascii_case(b"charset") {
            i += 1;
            continue;
        }
        let mut j = i + 7;
        while content.get(j).is_some_and(|&b| is_space(b)) {
            j += 1;
        }
        if content.get(j) != Some(&b'=') {
            i += 7;
            continue;
        }
        j += 1;
        while content.get(j).is_some_and(|&b| is_space(b)) {
            j += 1;
        }
        let value = &content[j.min(content.len())..];
        let value = match value.first() {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr::memchr(q, &value[1..])?;
                &value[1..1 + end]
            }
            _ => {
                let end = value
                    .iter()
                    .position(|&b| is_space(b) || b == b';')
                    .unwrap_or(value.len());
                &value[..end]
            }
        };
        let value = trim(value);
        return (!value.is_empty()).then_some(value);
    }
    None
}

/// An attribute's name and value, as bytes.
type Attribute<'a> = (&'a [u8], &'a [u8]);

/// The attributes of a tag whose name has been read, up to its `>`, and the offset
/// just after that `>` (or the end of `bytes`).
fn attributes(bytes: &[u8]) -> (Vec<Attribute<'_>>, usize) {
    let mut attrs = Vec::new();
    let mut i = 0;
    loop {
        while bytes.get(i).is_some_and(|&b| is_space(b) || b == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return (attrs, bytes.len()),
            Some(b'>') => return (attrs, i + 1),
            Some(_) => {}
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|&b| !is_space(b) && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        // A name may start with '=' (`<meta =x>`): take it as one character.
        if i == name_start {
            i += 1;
        }
        let name = &bytes[name_start..i];
        let mut j = i;
        while bytes.get(j).is_some_and(|&b| is_space(b)) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            attrs.push((name, &b""[..]));
            continue;
        }
        j += 1;
        while bytes.get(j).is_some_and(|&b| is_space(b)) {
            j += 1;
        }
        let value = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let start = j + 1;
                let end = memchr::memchr(q, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                i = (end + 1).min(bytes.len());
                &bytes[start..end]
            }
            _ => {
                let start = j.min(bytes.len());
                let end = bytes[start..]
                    .iter()
                    .position(|&b| is_space(b) || b == b'>')
                    .map_or(bytes.len(), |e| start + e);
                i = end;
                &bytes[start..end]
            }
        };
        attrs.push((name, value));
    }
}

/// Whether `b` is ASCII whitespace as HTML counts it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

/// `bytes` without leading and trailing ASCII whitespace.
fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |e| e + 1);
    &bytes[start..end]
}

/// Whether `bytes` starts with `prefix`, ASCII case-insensitively.
fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(page: &str) -> Option<String> {
        declared_charset(page.as_bytes()).map(|l| String::from_utf8_lossy(l).into_owned())
    }

    #[test]
    fn finds_meta_declarations() {
        for (page, want) in [
            ("<meta charset=utf-8>", Some("utf-8")),
            ("<META CHARSET='ISO-8859-2'/>", Some("ISO-8859-2")),
            ("<meta charset = \" koi8-r \">", Some("koi8-r")),
            (
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
                Some("windows-1251"),
            ),
            (
                "<meta content='text/html;charset=\"Shift_JIS\"' http-equiv=content-type>",
                Some("Shift_JIS"),
            ),
            ("<meta content=\"text/html; charset=gbk\">", None),
            (
                "<meta name=description content='charset=x'><meta charset=big5>",
                Some("big5"),
            ),
            (
                "<!-- <meta charset=koi8-r> --><meta charset=euc-kr>",
                Some("euc-kr"),
            ),
            (
                "<div title='<meta charset=koi8-r>'></div><meta charset=gbk>",
                Some("gbk"),
            ),
            ("<metadata charset=x>", None),
            ("<meta charset=>", None),
            ("<meta charset", None),
            ("<meta", None),
            ("<", None),
            ("<!--", None),
            ("", None),
            ("<p>no meta here</p>", None),
        ] {
            assert_eq!(declared(page).as_deref(), want, "{page}");
        }
    }

    #[test]
    fn charset_in_content_values() {
        let c = |s: &str| charset_in_content(s.as_bytes()).map(|v| v.to_vec());
        assert_eq!(c("text/html; charset=utf-8"), Some(b"utf-8".to_vec()));
        assert_eq!(c("charset = 'a b'"), Some(b"a b".to_vec()));
        assert_eq!(c("charset"), None);
        assert_eq!(c("charsetx=1; charset=2"), Some(b"2".to_vec()));
        assert_eq!(c("charset=\"unterminated"), None);
    }

    #[test]
    fn decodes() {
        assert!(matches!(decode_html(b"plain"), Ok(Cow::Borrowed("plain"))));
        assert_eq!(decode_html(b"\xef\xbb\xbfBOM").unwrap(), "BOM");
        assert_eq!(decode_html(b"\xff\xfeh\0i\0").unwrap(), "hi");
        assert_eq!(decode_html(b"\xfe\xff\0h\0i").unwrap(), "hi");
        assert_eq!(
            decode_html(b"\x93quoted\x94").unwrap(),
            "\u{201c}quoted\u{201d}"
        );
        // A declared charset that is wrong for valid UTF-8 bytes does not matter.
        assert_eq!(
            decode_html("<meta charset=koi8-r>é".as_bytes()).unwrap(),
            "<meta charset=koi8-r>é"
        );
        // Declared UTF-8 on invalid bytes: replacement characters.
        assert_eq!(
            decode_html(b"<meta charset=utf-8>\xff").unwrap(),
            "<meta charset=utf-8>\u{fffd}"
        );
        // UTF-16 in <meta> means UTF-8; x-user-defined means windows-1252.
        assert_eq!(
            decode_html(b"<meta charset=utf-16>\xff").unwrap(),
            "<meta charset=utf-16>\u{fffd}"
        );
        assert_eq!(
            decode_html(b"<meta charset=x-user-defined>\xe9").unwrap(),
            "<meta charset=x-user-defined>é"
        );
        let long = format!("<meta charset={}>\u{ff}", "x".repeat(500));
        let mut bytes = long.into_bytes();
        bytes.push(0xff);
        let err = decode_html(&bytes).unwrap_err();
        assert_eq!(err.charset().len(), MAX_LABEL_CHARS);
    }

    #[test]
    fn measures_the_fit_to_utf8() {
        let fit = |b: &[u8]| {
            let f = Utf8Fit::of(b);
            (f.valid, f.invalid)
        };
        assert_eq!(fit("é東京".as_bytes()), (3, 0));
        assert_eq!(fit(b"caf\xe9 \xe9t\xe9!"), (0, 3));
        // A maximal invalid sequence counts once; a character cut off at the end not
        // at all.
        assert_eq!(fit(b"\xe6\x9d\xb1"), (1, 0));
        assert_eq!(fit(b"a\xe6\x9dz\xe6\x9d"), (0, 1));
        assert_eq!(fit(b"\xff\xfe\xc3\xa9"), (1, 2));
        assert!(
            Utf8Fit {
                valid: 0,
                invalid: 7
            }
            .fits_declared()
        );
        assert!(
            !Utf8Fit {
                valid: 0,
                invalid: 8
            }
            .fits_declared()
        );
        assert!(
            Utf8Fit {
                valid: 50,
                invalid: 100
            }
            .fits_declared()
        );
        assert!(
            !Utf8Fit {
                valid: 49,
                invalid: 100
            }
            .fits_declared()
        );
        assert!(
            Utf8Fit {
                valid: 0,
                invalid: 0
            }
            .mostly_utf8()
        );
        assert!(
            Utf8Fit {
                valid: 5,
                invalid: 5
            }
            .mostly_utf8()
        );
        assert!(
            !Utf8Fit {
                valid: 5,
                invalid: 6
            }
            .mostly_utf8()
        );
    }

    /// A paragraph of Russian in windows-1251 and in KOI8-R.
    fn russian() -> (String, Vec<u8>, Vec<u8>) {
        let text = "<p>Городской совет одобрил бюджет на следующий год, в котором \
                    значительная часть средств направлена на ремонт дорог.</p>"
            .to_string();
        let cp1251 = encoding_rs::WINDOWS_1251.encode(&text).0.into_owned();
        let koi8 = encoding_rs::KOI8_R.encode(&text).0.into_owned();
        (text, cp1251, koi8)
    }

    #[test]
    fn a_transport_charset_comes_before_the_meta() {
        let (text, cp1251, _) = russian();
        let mut page = b"<meta charset=koi8-r>".to_vec();
        page.extend_from_slice(&cp1251);
        let want = format!("<meta charset=koi8-r>{text}");
        let http = |label: &[u8]| decode_html_with(&page, Some(label), None).unwrap();
        assert_eq!(http(b"windows-1251"), want);
        assert_eq!(http(b" CP1251 "), want);
        // Without one, or with an unknown or "replacement" one, the meta decides.
        let koi8 = encoding_rs::KOI8_R.decode_without_bom_handling(&page).0;
        assert_eq!(decode_html(&page).unwrap(), koi8);
        assert_eq!(http(b"klingon"), koi8);
        assert_eq!(http(b"iso-2022-kr"), koi8);
        // A transport UTF-8 that the bytes contradict gives way to the meta.
        assert_eq!(http(b"utf-8"), koi8);
        // The byte-order mark comes first, and valid UTF-8 is UTF-8.
        assert_eq!(
            decode_html_with(b"\xef\xbb\xbf\xc3\xa9", Some(b"koi8-r"), None).unwrap(),
            "é"
        );
        assert_eq!(
            decode_html_with("é".as_bytes(), Some(b"koi8-r"), None).unwrap(),
            "é"
        );
        // A transport UTF-8 that the bytes fit: stray bytes become U+FFFD.
        assert_eq!(
            decode_html_with(b"caf\xe9", Some(b"utf-8"), None).unwrap(),
            "caf\u{fffd}"
        );
        // UTF-16 from the transport layer is UTF-16 (from a <meta> it means UTF-8).
        assert_eq!(
            decode_html_with(b"h\0\xe9\0", Some(b"utf-16le"), None).unwrap(),
            "hé"
        );
    }

    #[test]
    fn the_tld_tips_the_guess() {
        let (text, cp1251, koi8) = russian();
        assert_eq!(decode_html(&cp1251).unwrap(), text);
        assert_eq!(decode_html(&koi8).unwrap(), text);
        for tld in [
            &b"ru"[..],
            b"RU",
            b"xn--p1ai",
            b"",
            b"co.uk",
            "рф".as_bytes(),
        ] {
            assert_eq!(decode_html_with(&cp1251, None, Some(tld)).unwrap(), text);
        }
        // Too little text to tell windows-1251 from Greek windows-1253: the TLD
        // decides.
        let bytes = b"<p>\xca\xee\xf2</p>";
        assert_eq!(decode_html(bytes).unwrap(), "<p>Κξς</p>");
        assert_eq!(
            decode_html_with(bytes, None, Some(b"ru")).unwrap(),
            "<p>Кот</p>"
        );
    }
}
