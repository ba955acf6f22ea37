//! The Python module `deboiler._deboiler`: the library's cleaner for Python, loaded
//! and re-exported by the package `deboiler` (`python/deboiler/__init__.py`, with its
//! type stubs in `_deboiler.pyi`).
//!
//! - [`cleaner`]: the `Cleaner` class, its one-page and batch methods;
//! - [`functions`]: the module's functions, with the default settings;
//! - [`input`]: what the methods accept (`str` or `bytes`) and how bytes are decoded,
//!   with the errors they raise;
//! - [`lines`]: the per-line and per-block results of `classify` and `classify_html`;
//! - [`batch`]: cleaning many inputs on several threads, with the GIL released.
//!
//! Every call releases the GIL while it cleans: the inputs are borrowed from their
//! Python objects (a `str`'s UTF-8 bytes, a `bytes`' buffer), which the call holds.

#![forbid(unsafe_code)]

mod batch;
mod cleaner;
mod functions;
mod input;
mod lines;

/// Removes boilerplate from web text: labels every line of a text dump, or every
/// block of an HTML page, as content or a kind of boilerplate, and keeps the content.
#[pyo3::pymodule(name = "_deboiler")]
mod module {
    use pyo3::prelude::*;

    #[pymodule_export]
    use crate::cleaner::PyCleaner;
    #[pymodule_export]
    use crate::functions::{classify, classify_html, clean, clean_html, decode_html};
    #[pymodule_export]
    use crate::lines::{PyBlock, PyLine};

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add(
            "DEFAULT_THRESHOLD",
            crate::lines::py_float(deboiler::DEFAULT_THRESHOLD),
        )?;
        let labels: Vec<&str> = deboiler::Label::ALL.iter().map(|l| l.as_str()).collect();
        m.add("LABELS", pyo3::types::PyTuple::new(m.py(), labels)?)?;
        m.add("MAX_HTML_NODES", deboiler::MAX_HTML_NODES)?;
        m.add("MAX_HTML_BLOCKS", deboiler::MAX_HTML_BLOCKS)?;
        Ok(())
    }
}
