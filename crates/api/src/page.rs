//! Server-side pagination envelope.

use serde::{Deserialize, Serialize};

/// One page of a longer list, with the total count of matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Number of rows matching the query across all pages.
    pub total: i64,
    /// 1-based page number.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
}

impl<T> Page<T> {
    /// Number of pages needed to show `total` rows (at least 1).
    #[must_use]
    pub fn page_count(&self) -> u32 {
        if self.per_page == 0 {
            return 1;
        }
        let pages = (self.total.max(0) as u64).div_ceil(u64::from(self.per_page));
        u32::try_from(pages.max(1)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: i64, per_page: u32) -> Page<()> {
        Page {
            items: vec![],
            total,
            page: 1,
            per_page,
        }
    }

    #[test]
    fn page_count_rounds_up_and_is_at_least_one() {
        assert_eq!(page(0, 20).page_count(), 1);
        assert_eq!(page(20, 20).page_count(), 1);
        assert_eq!(page(21, 20).page_count(), 2);
        assert_eq!(page(10_000, 25).page_count(), 400);
    }
}
