//! The `Cleaner` class: the library's [`Cleaner`] with its settings, one-page
//! methods and batch methods. Every method releases the GIL while it works.

use crate::batch;
use crate::input::{self, Input};
use crate::lines::{self, PyBlock, PyLine, py_float, py_repr};
use deboiler::{
    Cleaner, CleanerBuilder, HtmlClassification, InvalidThreshold, Label, PageTooLarge, Verdict,
    Workspace,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};

/// A worker's classifier buffers are let go after a page that left them holding
/// more than this (a few hundred bytes a line: a page of some 200,000 lines).
const WORKSPACE_LIMIT: usize = 64 << 20;

/// Cleans text dumps and HTML pages with set labels to keep and threshold.
///
/// `keep` names the labels whose lines are kept (default: `["content"]`; see
/// `deboiler.LABELS`); `threshold` is the content score, from 0 to 1, from which a
/// line is content (default `deboiler.DEFAULT_THRESHOLD`): higher keeps less, and is
/// surer of it. An unknown label or a threshold out of range raises `ValueError`.
///
/// A cleaner can be shared by threads and pickled (to Spark executors, say).
#[pyclass(name = "Cleaner", module = "deboiler", frozen, eq)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PyCleaner {
    pub(crate) inner: Cleaner,
    /// The same settings, naming only the kinds that decide what is kept: for the
    /// methods that give the kept text alone (see `CleanerBuilder::kinds`).
    kept_only: Cleaner,
}

impl PyCleaner {
    /// A cleaner of `builder`'s settings.
    pub(crate) fn from_builder(builder: CleanerBuilder) -> Result<PyCleaner, InvalidThreshold> {
        Ok(PyCleaner {
            inner: builder.try_build()?,
            kept_only: builder.kinds(false).build(),
        })
    }
}

/// A cleaned text dump: `str` for a `str`, `bytes` (byte for byte, invalid UTF-8
/// included) for `bytes`.
enum Cleaned {
    Str(String),
    Bytes(Vec<u8>),
}

/// What a batch gives for one input: the cleaned text and, when asked, the number of
/// lines of each label.
type Counted<T> = (T, Option<[u32; Label::ALL.len()]>);

impl PyCleaner {
    /// The kept lines of one text dump; `verdicts` and `workspace` are buffers
    /// reused from one input to the next. UTF-16 `bytes` are decoded to UTF-8 first,
    /// as the command decodes them.
    fn clean_text(
        &self,
        input: &Input,
        workspace: &mut Workspace,
        verdicts: &mut Vec<Verdict>,
        counts: bool,
    ) -> Counted<Cleaned> {
        let decoded = match input {
            Input::Bytes(b) => deboiler::decode_utf16(b),
            Input::Str(_) => None,
        };
        let bytes = decoded.as_deref().map_or(input.bytes(), str::as_bytes);
        let cleaner = if counts { self.inner } else { self.kept_only };
        cleaner.classify_reusing(bytes, workspace, verdicts);
        workspace.clear_if_over(WORKSPACE_LIMIT);
        let mut out = Vec::with_capacity(bytes.len() / 2);
        // Writing to a `Vec` cannot fail.
        let _ = deboiler::write_kept(bytes, verdicts, &mut out);
        let cleaned = match input {
            // Whole lines of a `str`, and line ends, are valid UTF-8.
            Input::Str(_) => Cleaned::Str(
                String::from_utf8(out)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
            Input::Bytes(_) => Cleaned::Bytes(out),
        };
        (cleaned, counts.then(|| lines::label_counts(verdicts)))
    }

    /// The kept blocks' text of one HTML page.
    fn clean_page(
        &self,
        input: &Input,
        url: Option<&str>,
        charset: Option<&str>,
        counts: bool,
    ) -> Result<Counted<String>, PageError> {
        let cleaner = if counts { self.inner } else { self.kept_only };
        let page = classify_page(&cleaner, input, url, charset)?;
        let counts = counts.then(|| lines::label_counts(page.verdicts()));
        Ok((page.kept_text(), counts))
    }
}

/// One HTML page decoded and classified by `cleaner`, within the library's size
/// limits.
fn classify_page(
    cleaner: &Cleaner,
    input: &Input,
    url: Option<&str>,
    charset: Option<&str>,
) -> Result<HtmlClassification, PageError> {
    let text = input::decode(input, url, charset).map_err(PageError::Decode)?;
    cleaner
        .try_classify_html(&text)
        .map_err(PageError::TooLarge)
}

/// Why an HTML page was not cleaned.
pub(crate) enum PageError {
    /// Its bytes could not be decoded.
    Decode(deboiler::DecodeError),
    /// It has more elements or blocks than the library takes.
    TooLarge(PageTooLarge),
}

impl PageError {
    /// The Python exception: `UnicodeDecodeError` for bytes that cannot be decoded,
    /// `ValueError` for a page too large; naming the batch's item `item` when given.
    pub(crate) fn to_py(&self, py: Python<'_>, input: &Input, item: Option<usize>) -> PyErr {
        match self {
            PageError::Decode(e) => input::decode_error(py, input.bytes(), e, item),
            PageError::TooLarge(e) => {
                let err = PyValueError::new_err(format!("page not cleaned: {e}"));
                match item {
                    Some(i) => input::in_item(py, err, i),
                    None => err,
                }
            }
        }
    }
}

#[pymethods]
impl PyCleaner {
    #[new]
    #[pyo3(signature = (keep = None, threshold = None))]
    fn new(keep: Option<Vec<PyBackedStr>>, threshold: Option<f64>) -> PyResult<Self> {
        let mut builder = Cleaner::builder();
        if let Some(names) = keep {
            let labels = names
                .iter()
                .map(|name| name.parse::<Label>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            builder = builder.keep(&labels);
        }
        if let Some(t) = threshold {
            // Checked as given: a value just above 1 must not round to 1 as an `f32`.
            if !(0.0..=1.0).contains(&t) {
                return Err(PyValueError::new_err(format!(
                    "invalid threshold {t}: expected a number from 0 to 1"
                )));
            }
            builder = builder.threshold(t as f32);
        }
        PyCleaner::from_builder(builder).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The labels whose lines are kept, in the order of `deboiler.LABELS`.
    #[getter]
    fn keep(&self) -> Vec<&'static str> {
        Label::ALL
            .iter()
            .filter(|&&l| self.inner.keeps(l))
            .map(|l| l.as_str())
            .collect()
    }

    /// The content score, from 0 to 1, from which a line is content.
    #[getter]
    fn threshold(&self) -> f64 {
        py_float(self.inner.threshold())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let keep: Vec<String> = self.keep().iter().map(|l| py_repr(py, l)).collect();
        format!(
            "Cleaner(keep=[{}], threshold={})",
            keep.join(", "),
            self.threshold()
        )
    }

    /// Pickling: the class and its settings (the threshold exactly).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let this = slf.get();
        let args = (this.keep(), f64::from(this.inner.threshold()));
        Ok((slf.get_type(), args.into_pyobject(slf.py())?))
    }

    /// The kept lines of a text dump (one block of a page per line), in order, each
    /// exactly as in the input with its line end; a `str` gives a `str`, `bytes` give
    /// `bytes`, byte for byte (invalid UTF-8 kept as it is). UTF-16 `bytes` (with a
    /// byte-order mark, or mostly ASCII text without one) are decoded to UTF-8 first,
    /// as the `deboiler` command decodes them.
    pub(crate) fn clean<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let input = Input::extract(text)?;
        let (cleaned, _) =
            py.detach(|| self.clean_text(&input, &mut Workspace::new(), &mut Vec::new(), false));
        Ok(cleaned_to_py(py, &cleaned))
    }

    /// The kept blocks' text of an HTML page, one block per line. `bytes` are decoded
    /// as the `deboiler` command decodes them (byte-order mark, UTF-16 without one,
    /// valid UTF-8, `<meta>` charset, mostly UTF-8, else the legacy encoding
    /// detected); `charset`, an HTTP header's, comes before the `<meta>`, and the
    /// top-level domain of `url` tips the detection. Bytes that declare an unknown charset raise `UnicodeDecodeError`,
    /// a page over the library's limits (`MAX_HTML_NODES`, `MAX_HTML_BLOCKS`)
    /// `ValueError`.
    #[pyo3(signature = (html, url = None, *, charset = None))]
    pub(crate) fn clean_html(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        url: Option<&str>,
        charset: Option<&str>,
    ) -> PyResult<String> {
        let input = Input::extract(html)?;
        match py.detach(|| self.clean_page(&input, url, charset, false)) {
            Ok((text, _)) => Ok(text),
            Err(e) => Err(e.to_py(py, &input, None)),
        }
    }

    /// Every line of a text dump with its verdict: a list of `Line`s, in order.
    pub(crate) fn classify(&self, py: Python<'_>, text: PyBackedStr) -> Vec<PyLine> {
        py.detach(|| lines::lines(&text, &self.inner.classify(&text)))
    }

    /// Every block of an HTML page with its verdict: a list of `Block`s, in document
    /// order. `html`, `url` and `charset` are as for `clean_html`.
    #[pyo3(signature = (html, url = None, *, charset = None))]
    pub(crate) fn classify_html(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        url: Option<&str>,
        charset: Option<&str>,
    ) -> PyResult<Vec<PyBlock>> {
        let input = Input::extract(html)?;
        py.detach(|| {
            Ok(lines::blocks(&classify_page(
                &self.inner,
                &input,
                url,
                charset,
            )?))
        })
        .map_err(|e: PageError| e.to_py(py, &input, None))
    }

    /// `clean` on every text of an iterable, on `threads` threads (default: every
    /// core this process may use) with the GIL released: a list in input order, each
    /// item what `clean` gives for it. With `counts=True`, each item is a pair
    /// `(text, {label: lines})`, the lines of each label found in the input.
    #[pyo3(signature = (texts, *, threads = None, counts = false))]
    fn clean_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
        counts: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let inputs = Input::extract_all(texts)?;
        let threads = thread_count(threads)?;
        let results = py.detach(|| {
            batch::map_ordered(
                &inputs,
                threads,
                || (Workspace::new(), Vec::new()),
                |(workspace, verdicts), input| self.clean_text(input, workspace, verdicts, counts),
            )
        });
        let items = results
            .iter()
            .map(|(cleaned, n)| with_counts(py, cleaned_to_py(py, cleaned), n.as_ref()))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// `clean_html` on every page of an iterable, on `threads` threads (default: every
    /// core this process may use) with the GIL released: a list in input order.
    /// `urls` and `charsets`, when given, hold one `str` or `None` per page. A page
    /// whose bytes cannot be decoded raises `UnicodeDecodeError` naming it, a page over
    /// the library's limits `ValueError`; with `errors="skip"` either gives `None`. With `counts=True`, each item is a pair
    /// `(text, {label: blocks})`.
    #[pyo3(signature = (pages, urls = None, *, charsets = None, threads = None, errors = "raise", counts = false))]
    #[allow(clippy::too_many_arguments)]
    fn clean_html_many<'py>(
        &self,
        py: Python<'py>,
        pages: &Bound<'py, PyAny>,
        urls: Option<Vec<Option<PyBackedStr>>>,
        charsets: Option<Vec<Option<PyBackedStr>>>,
        threads: Option<usize>,
        errors: &str,
        counts: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let skip = match errors {
            "raise" => false,
            "skip" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors must be \"raise\" or \"skip\", not {other:?}"
                )));
            }
        };
        let inputs = Input::extract_all(pages)?;
        let per_page = |name: &str, given: &Option<Vec<Option<PyBackedStr>>>| match given {
            Some(v) if v.len() != inputs.len() => Err(PyValueError::new_err(format!(
                "{name} has {} items for {} pages",
                v.len(),
                inputs.len()
            ))),
            _ => Ok(()),
        };
        per_page("urls", &urls)?;
        per_page("charsets", &charsets)?;
        let threads = thread_count(threads)?;
        let indexed: Vec<(usize, &Input)> = inputs.iter().enumerate().collect();
        let results = py.detach(|| {
            batch::map_ordered(
                &indexed,
                threads,
                || (),
                |(), &(i, input)| self.clean_page(input, nth(&urls, i), nth(&charsets, i), counts),
            )
        });
        let mut items = Vec::with_capacity(results.len());
        for (i, result) in results.iter().enumerate() {
            items.push(match result {
                Ok((text, n)) => with_counts(py, PyString::new(py, text).into_any(), n.as_ref())?,
                Err(_) if skip => py.None().into_bound(py),
                Err(e) => return Err(e.to_py(py, &inputs[i], Some(i))),
            });
        }
        PyList::new(py, items)
    }
}

/// The threads a batch may use: `threads` when given (at least 1), else every core.
fn thread_count(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(batch::default_threads()),
    }
}

fn cleaned_to_py<'py>(py: Python<'py>, cleaned: &Cleaned) -> Bound<'py, PyAny> {
    match cleaned {
        Cleaned::Str(s) => PyString::new(py, s).into_any(),
        Cleaned::Bytes(b) => PyBytes::new(py, b).into_any(),
    }
}

/// `text` alone, or with counts the pair `(text, {label: count})` (labels with no
/// line left out).
fn with_counts<'py>(
    py: Python<'py>,
    text: Bound<'py, PyAny>,
    counts: Option<&[u32; Label::ALL.len()]>,
) -> PyResult<Bound<'py, PyAny>> {
    let Some(counts) = counts else {
        return Ok(text);
    };
    let dict = PyDict::new(py);
    for (label, &n) in Label::ALL.iter().zip(counts) {
        if n > 0 {
            dict.set_item(label.as_str(), n)?;
        }
    }
    Ok(PyTuple::new(py, [text, dict.into_any()])?.into_any())
}

/// The `i`th of the per-page values `given`, if any.
fn nth(given: &Option<Vec<Option<PyBackedStr>>>, i: usize) -> Option<&str> {
    given.as_ref()?.get(i)?.as_deref()
}
