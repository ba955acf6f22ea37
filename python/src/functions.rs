//! The module's functions: the `Cleaner` methods with the default settings (content
//! kept, the default threshold), and decoding a page's bytes.

use crate::cleaner::PyCleaner;
use crate::input::{self, Input};
use crate::lines::{PyBlock, PyLine};
use deboiler::Cleaner;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;

fn default_cleaner() -> PyCleaner {
    PyCleaner::from_builder(Cleaner::builder()).expect("the default settings are valid")
}

/// The content lines of a text dump (one block of a page per line), in order, each
/// exactly as in the input with its line end: `str` for a `str`, `bytes` for `bytes`.
/// The same as `Cleaner().clean(text)`.
#[pyfunction]
pub fn clean<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    default_cleaner().clean(py, text)
}

/// The content blocks' text of an HTML page (`str`, or `bytes` decoded as the
/// `deboiler` command decodes them), one block per line. The same as
/// `Cleaner().clean_html(html, url, charset=charset)`.
#[pyfunction]
#[pyo3(signature = (html, url = None, *, charset = None))]
pub fn clean_html(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<&str>,
    charset: Option<&str>,
) -> PyResult<String> {
    default_cleaner().clean_html(py, html, url, charset)
}

/// Every line of a text dump with its verdict, as `Cleaner().classify(text)`.
#[pyfunction]
pub fn classify(py: Python<'_>, text: PyBackedStr) -> Vec<PyLine> {
    default_cleaner().classify(py, text)
}

/// Every block of an HTML page with its verdict, as
/// `Cleaner().classify_html(html, url, charset=charset)`.
#[pyfunction]
#[pyo3(signature = (html, url = None, *, charset = None))]
pub fn classify_html(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<&str>,
    charset: Option<&str>,
) -> PyResult<Vec<PyBlock>> {
    default_cleaner().classify_html(py, html, url, charset)
}

/// The text of an HTML page's bytes, decoded as `clean_html` decodes them: a
/// byte-order mark, else UTF-16 of mostly ASCII text (found by its zero bytes), else
/// UTF-8 when the bytes are valid UTF-8, else `charset` (an
/// HTTP header's), else the page's `<meta>` charset, else UTF-8 when they are mostly
/// UTF-8, else the legacy encoding Mozilla's chardetng detects (tipped by the
/// top-level domain of `url`). An unknown declared charset raises
/// `UnicodeDecodeError`.
#[pyfunction]
#[pyo3(signature = (data, url = None, *, charset = None))]
pub fn decode_html(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    url: Option<&str>,
    charset: Option<&str>,
) -> PyResult<String> {
    let input = Input::extract(data)?;
    py.detach(|| input::decode(&input, url, charset).map(|text| text.into_owned()))
        .map_err(|e| input::decode_error(py, input.bytes(), &e, None))
}
