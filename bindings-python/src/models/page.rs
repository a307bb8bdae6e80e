//! `CallPage`: one page of a call listing, with what the server said about the listing.

use super::data::model_methods;
use super::record::PyCallRecord;
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::hash::{DefaultHasher, Hash, Hasher};

/// One page of a call listing.
#[pyclass(frozen, eq, module = "talkover", name = "CallPage")]
#[derive(PartialEq)]
pub(crate) struct PyCallPage(talkover::CallPage);

impl From<talkover::CallPage> for PyCallPage {
    fn from(page: talkover::CallPage) -> Self {
        PyCallPage(page)
    }
}

// `to_dict()` is the core's page: `items`, `number`, the server's `pagination` object as it
// sent it (`current_page`, `last_page`, `per_page`, `total`), and `has_more`.
model_methods!(PyCallPage, "CallPage",
    fields: ["items", "number", "has_more", "current_page", "last_page", "per_page", "total"],
    repr: ["number", "has_more", "total", "items"],
    adds: [response],
{
    #[new]
    #[pyo3(signature = (items, number, has_more=false, current_page=None, last_page=None, per_page=None, total=None))]
    fn new(
        items: Vec<Bound<'_, PyCallRecord>>,
        number: u64,
        has_more: bool,
        current_page: Option<u64>,
        last_page: Option<u64>,
        per_page: Option<u64>,
        total: Option<u64>,
    ) -> Self {
        let mut page = talkover::CallPage::default();
        page.items = items.iter().map(|r| r.get().0.clone()).collect();
        page.number = number;
        page.has_more = has_more;
        page.pagination.current_page = current_page;
        page.pagination.last_page = last_page;
        page.pagination.per_page = per_page;
        page.pagination.total = total;
        PyCallPage(page)
    }

    /// The calls on this page, in the server's order, as a new `list`.
    #[getter]
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .0
            .items
            .iter()
            .map(|r| Py::new(py, PyCallRecord(r.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// Which page this is (1-based): the one asked for.
    #[getter]
    fn number(&self) -> u64 {
        self.0.number
    }

    /// Whether another page follows.
    #[getter]
    fn has_more(&self) -> bool {
        self.0.has_more
    }

    /// The page the server says this is.
    #[getter]
    fn current_page(&self) -> Option<u64> {
        self.0.pagination.current_page
    }

    /// The last page there is, as the server said.
    #[getter]
    fn last_page(&self) -> Option<u64> {
        self.0.pagination.last_page
    }

    /// Items per page, as the server said.
    #[getter]
    fn per_page(&self) -> Option<u64> {
        self.0.pagination.per_page
    }

    /// Items in the whole listing, as the server said.
    #[getter]
    fn total(&self) -> Option<u64> {
        self.0.pagination.total
    }

    /// The number of calls on this page.
    fn __len__(&self) -> usize {
        self.0.items.len()
    }

    fn __hash__(&self) -> u64 {
        let p = &self.0;
        let mut h = DefaultHasher::new();
        let q = &p.pagination;
        (
            p.number,
            p.has_more,
            q.current_page,
            q.last_page,
            q.per_page,
            q.total,
        )
            .hash(&mut h);
        p.items.iter().for_each(|r| r.id.hash(&mut h));
        h.finish()
    }
});
