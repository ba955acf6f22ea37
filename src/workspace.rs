//! The buffers of a page's pass, kept from one page to the next.

use crate::features::BASE;
use crate::revise::{PageBuffers, Row};

/// Buffers that classifying a text fills, a few hundred bytes a line, kept for the
/// next text (see [`Cleaner::classify_reusing`](crate::Cleaner::classify_reusing)):
/// a program that classifies many pages, or a long text in segments, allocates them
/// once for its longest page instead of once per page, and a long page's memory is
/// first touched (a page fault per 4 KiB) once. It also remembers up to 16,384 short
/// lines (96 bytes at most) with what they measured as, a few megabytes at most: a
/// menu, byline or footer line that comes back on a later page is copied rather than
/// measured again, with exactly the same result.
///
/// A workspace holds on to its memory until it is dropped or
/// [`Workspace::clear_if_over`] lets it go; [`Workspace::bytes_held`] tells how
/// much that is. One workspace serves one call at a time: a thread keeps its own.
#[derive(Default)]
pub struct Workspace {
    pub(crate) rows: Vec<Row>,
    pub(crate) base: Vec<[f32; BASE]>,
    pub(crate) page: PageBuffers,
}

impl Workspace {
    /// An empty workspace (it allocates nothing until it is used).
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// The bytes the workspace's buffers hold.
    ///
    /// ```
    /// let mut workspace = deboiler::Workspace::new();
    /// assert_eq!(workspace.bytes_held(), 0);
    /// let mut out = Vec::new();
    /// let text = "A line of text.\n".repeat(1000);
    /// deboiler::Cleaner::new().classify_reusing(text.as_bytes(), &mut workspace, &mut out);
    /// assert!(workspace.bytes_held() > 1000 * 100);
    /// ```
    pub fn bytes_held(&self) -> usize {
        use std::mem::size_of;
        self.rows.capacity() * size_of::<Row>()
            + self.base.capacity() * size_of::<[f32; BASE]>()
            + self.page.bytes_held()
    }

    /// Frees the buffers when they hold more than `limit` bytes (after a page much
    /// longer than the usual ones, say).
    ///
    /// ```
    /// let mut workspace = deboiler::Workspace::new();
    /// let mut out = Vec::new();
    /// let text = "A line of text.\n".repeat(1000);
    /// deboiler::Cleaner::new().classify_reusing(text.as_bytes(), &mut workspace, &mut out);
    /// workspace.clear_if_over(1 << 30);
    /// assert!(workspace.bytes_held() > 0);
    /// workspace.clear_if_over(1000);
    /// assert_eq!(workspace.bytes_held(), 0);
    /// ```
    pub fn clear_if_over(&mut self, limit: usize) {
        if self.bytes_held() > limit {
            *self = Workspace::default();
        }
    }
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("bytes_held", &self.bytes_held())
            .finish()
    }
}
