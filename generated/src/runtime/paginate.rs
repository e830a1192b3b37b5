//! Lazy pagination over list endpoints.

use super::client::{ApiRequest, Client};
use super::error::Result;
use futures_core::stream::BoxStream;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;

/// A list response: items plus whatever paging facts the endpoint reports
/// (`total_count`, `page`, `per_page`, `has_next_page`, `total_pages`).
pub trait Paginated {
    /// One list element.
    type Item;
    /// Takes the items of this page.
    fn into_items(self) -> Vec<Self::Item>;
    /// `total_count`, if reported.
    fn total_count(&self) -> Option<u64>;
    /// `page` (or `current_page`), if reported.
    fn page(&self) -> Option<u64>;
    /// `per_page`, if reported.
    fn per_page(&self) -> Option<u64>;
    /// `has_next_page`, if reported.
    fn has_next_page(&self) -> Option<bool> {
        None
    }
    /// `total_pages`, if reported.
    fn total_pages(&self) -> Option<u64> {
        None
    }
}

struct State<F, I> {
    client: Client,
    make: F,
    next_page: Option<u64>,
    seen: u64,
    buffer: VecDeque<I>,
}

/// Lazily fetches page 1, 2, … (`make(page)` builds each request) and yields the items.
///
/// Stops after a page that is empty, short (fewer items than its `per_page`), says
/// `has_next_page: false`, has `page >= total_pages`, or brings the item count to
/// `total_count`. An error is yielded once, then the stream ends.
pub fn paginate<P>(
    client: Client,
    make: impl FnMut(u64) -> ApiRequest + Send + 'static,
) -> BoxStream<'static, Result<P::Item>>
where
    P: Paginated + DeserializeOwned + Send + 'static,
    P::Item: Send + 'static,
{
    let state = State {
        client,
        make,
        next_page: Some(1),
        seen: 0,
        buffer: VecDeque::new(),
    };
    Box::pin(futures_util::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(item) = st.buffer.pop_front() {
                return Some((Ok(item), st));
            }
            let page = st.next_page?;
            let req = (st.make)(page);
            match st.client.send::<P>(req).await {
                Err(e) => {
                    st.next_page = None;
                    return Some((Err(e), st));
                }
                Ok(resp) => {
                    let per_page = resp.per_page();
                    let total_count = resp.total_count();
                    let has_next = resp.has_next_page();
                    let total_pages = resp.total_pages();
                    let current = resp.page().unwrap_or(page);
                    let items = resp.into_items();
                    let n = items.len() as u64;
                    st.seen = st.seen.saturating_add(n);
                    let last = n == 0
                        || per_page.is_some_and(|pp| n < pp)
                        || has_next == Some(false)
                        || total_pages.is_some_and(|tp| current >= tp)
                        || total_count.is_some_and(|tc| st.seen >= tc);
                    st.next_page = if last { None } else { page.checked_add(1) };
                    st.buffer.extend(items);
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Page {
        items: Vec<u32>,
        total_count: Option<u64>,
        per_page: Option<u64>,
        has_next: Option<bool>,
    }

    impl Paginated for Page {
        type Item = u32;
        fn into_items(self) -> Vec<u32> {
            self.items
        }
        fn total_count(&self) -> Option<u64> {
            self.total_count
        }
        fn page(&self) -> Option<u64> {
            None
        }
        fn per_page(&self) -> Option<u64> {
            self.per_page
        }
        fn has_next_page(&self) -> Option<bool> {
            self.has_next
        }
    }

    #[test]
    fn defaults_are_none() {
        let p = Page {
            items: vec![1],
            total_count: Some(1),
            per_page: None,
            has_next: None,
        };
        assert_eq!(p.total_pages(), None);
        assert_eq!(p.into_items(), vec![1]);
    }
}
