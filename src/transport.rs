//! Decoding a page that came with a charset from its transport: the `charset` of an
//! HTTP `Content-Type`, as a WARC `response` record keeps it.

use crate::html::{DecodeError, decode_html_with};
use std::borrow::Cow;

/// [`decode_html`](crate::decode_html) for a page that came with a transport-layer
/// charset (the `charset` parameter of its HTTP `Content-Type`) and from a host whose
/// rightmost DNS label is `tld` (such as `ru` or `jp`; in Punycode when
/// internationalized).
///
/// The transport charset comes between the byte-order mark and the `<meta>`, as in
/// browsers: it decides for bytes that are not valid UTF-8, unless it declares UTF-8
/// and the bytes contradict that (then the page is read as one that came without
/// it). A label that is no known charset is ignored, as browsers ignore it. The TLD
/// tips the guess for a page that declares nothing towards the encodings used under
/// it. With `None` for both, this is [`decode_html`](crate::decode_html).
///
/// ```
/// // windows-1251 bytes, declared by the HTTP header only.
/// let page = b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
/// let text = deboiler::decode_html_with_charset(page, Some(b"windows-1251"), None).unwrap();
/// assert_eq!(text, "<p>Привет</p>");
/// // Valid UTF-8 stays UTF-8 whatever the header says.
/// let text = deboiler::decode_html_with_charset("<p>café</p>".as_bytes(), Some(b"koi8-r"), None);
/// assert_eq!(text.unwrap(), "<p>café</p>");
/// ```
///
/// # Errors
///
/// [`DecodeError`] when the bytes are not UTF-8, the transport charset does not
/// decide, and the charset the page's `<meta>` declares is unknown or unsupported.
pub fn decode_html_with_charset<'a>(
    bytes: &'a [u8],
    charset: Option<&[u8]>,
    tld: Option<&[u8]>,
) -> Result<Cow<'a, str>, DecodeError> {
    decode_html_with(bytes, charset, tld)
}
