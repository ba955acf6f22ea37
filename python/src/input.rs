//! What the methods accept — a `str`, or `bytes` (also `bytearray`) — and how the
//! bytes of an HTML page are decoded, with the Python exceptions of bad input.

use pyo3::exceptions::{PyTypeError, PyUnicodeDecodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyString};
use std::borrow::Cow;
use std::ffi::CString;

/// A text dump or an HTML page as given from Python, held (so that the GIL can be
/// released while it is read): a `str`'s UTF-8 bytes, or a `bytes`' buffer (a
/// `bytearray` is copied).
pub(crate) enum Input {
    /// A `str`.
    Str(PyBackedStr),
    /// `bytes` or `bytearray`.
    Bytes(PyBackedBytes),
}

impl Input {
    /// The input's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Input::Str(s) => s.as_bytes(),
            Input::Bytes(b) => b,
        }
    }

    /// `obj` as an input: `str`, `bytes` or `bytearray`, else `TypeError`. A `str`
    /// that is not valid Unicode (a lone surrogate) raises `UnicodeEncodeError`.
    pub(crate) fn extract(obj: &Bound<'_, PyAny>) -> PyResult<Input> {
        if let Ok(s) = obj.cast::<PyString>() {
            Ok(Input::Str(PyBackedStr::try_from(s.clone())?))
        } else if let Ok(b) = obj.cast::<PyBytes>() {
            Ok(Input::Bytes(PyBackedBytes::from(b.clone())))
        } else if let Ok(b) = obj.cast::<PyByteArray>() {
            Ok(Input::Bytes(PyBackedBytes::from(b.clone())))
        } else {
            Err(PyTypeError::new_err(format!(
                "expected str or bytes, got {}",
                type_name(obj)
            )))
        }
    }

    /// Every item of the iterable `items` as an input; an error names the item.
    pub(crate) fn extract_all(items: &Bound<'_, PyAny>) -> PyResult<Vec<Input>> {
        if items.is_instance_of::<PyString>() || items.is_instance_of::<PyBytes>() {
            return Err(PyTypeError::new_err(format!(
                "expected an iterable of str or bytes, got one {}",
                type_name(items)
            )));
        }
        let mut inputs = Vec::new();
        for (i, item) in items.try_iter()?.enumerate() {
            let item = item?;
            inputs.push(Input::extract(&item).map_err(|e| in_item(items.py(), e, i))?);
        }
        Ok(inputs)
    }
}

/// The name of `obj`'s type, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".to_string())
}

/// `err` with a note naming the batch's item `i` (from 0). The note needs Python
/// 3.11 (`BaseException.add_note`); on 3.10 the error goes as it is.
pub(crate) fn in_item(py: Python<'_>, err: PyErr, i: usize) -> PyErr {
    let _ = err
        .value(py)
        .call_method1("add_note", (format!("in item {i} of the batch"),));
    err
}

/// The text of an HTML page: a `str` as it is; `bytes` decoded as the `deboiler`
/// command decodes a page (byte-order mark, UTF-16 without one, valid UTF-8,
/// `<meta>` charset, mostly UTF-8, else the detected legacy encoding), with
/// `charset` (an HTTP header's) and `url` (whose host's top-level domain tips the
/// detector) when given.
pub(crate) fn decode<'a>(
    input: &'a Input,
    url: Option<&str>,
    charset: Option<&str>,
) -> Result<Cow<'a, str>, deboiler::DecodeError> {
    match input {
        Input::Str(s) => Ok(Cow::Borrowed(s)),
        Input::Bytes(b) => deboiler::decode_html_with(
            b,
            charset.map(str::as_bytes),
            url.and_then(tld).map(str::as_bytes),
        ),
    }
}

/// The `UnicodeDecodeError` of a page whose bytes could not be decoded: its
/// `encoding` is the charset the page declares, its `reason` the library's message
/// (naming the batch's item `item` when given).
pub(crate) fn decode_error(
    py: Python<'_>,
    bytes: &[u8],
    err: &deboiler::DecodeError,
    item: Option<usize>,
) -> PyErr {
    let reason = match item {
        Some(i) => format!("{err} (item {i} of the batch)"),
        None => err.to_string(),
    };
    let no_nul = |s: &str| CString::new(s.replace('\0', " ")).unwrap_or_default();
    match PyUnicodeDecodeError::new(
        py,
        &no_nul(err.charset()),
        bytes,
        0..bytes.len(),
        &no_nul(&reason),
    ) {
        Ok(e) => PyErr::from_value(e.into_any()),
        Err(_) => PyValueError::new_err(reason),
    }
}

/// The top-level domain of `url`'s host (`ru` for `https://www.example.ru/a`), if it
/// has a host name that is not an IP address.
pub(crate) fn tld(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host.starts_with('[') {
        return None; // an IPv6 address
    }
    let host = host.split(':').next()?.trim_end_matches('.');
    let tld = host.rsplit('.').next()?;
    let is_number = tld.bytes().all(|b| b.is_ascii_digit());
    (!tld.is_empty() && !is_number && host.contains('.')).then_some(tld)
}
