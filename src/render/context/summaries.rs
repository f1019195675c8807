//! Pages' list entries ([`Summary`]) as template values. A build makes
//! each one where a list shows it; `serve` keeps them between rebuilds
//! ([`SummaryValues::keep`]), so that after an edit the long lists (an
//! area page's ~800 entries, the search page's every page) reuse the
//! entries of the pages that did not change instead of making and
//! serialising them again.

use std::sync::OnceLock;

use tera::Value;

use super::ViewBuilder;

/// The list entries of one language's pages, by index into `Site::pages`.
/// An entry is made of its page, the areas' names and URLs and the
/// images: whoever changes one of those forgets the entry
/// ([`SummaryValues::forget`]) or makes the views anew.
#[derive(Default)]
pub struct SummaryValues {
    /// `None`: nothing is kept (a build, where each list is made once).
    /// Each entry is kept with the URL of the page it was made for.
    kept: Option<Vec<OnceLock<(String, Value)>>>,
    /// The search page's pieces made of these entries (kept only with them).
    pub search: crate::render::search_split::SearchKeep,
    /// The area pages' entries made of these entries (likewise).
    pub areas: crate::render::area_split::AreaKeep,
}

impl SummaryValues {
    /// Keeps the entries of a site of `pages` pages once made.
    pub fn keep(&mut self, pages: usize) {
        self.kept = Some((0..pages).map(|_| OnceLock::new()).collect());
    }

    /// Forgets the entry of page `i` (its summary changed).
    pub fn forget(&mut self, i: usize) {
        if let Some(entry) = self.kept.as_mut().and_then(|k| k.get_mut(i)) {
            *entry = OnceLock::new();
        }
    }

    /// A page was put in at `i` (the pages after it moved up one).
    pub fn insert_page(&mut self, i: usize) {
        if let Some(kept) = self.kept.as_mut().filter(|k| i <= k.len()) {
            kept.insert(i, OnceLock::new());
        }
    }

    /// Page `i` was removed (the pages after it moved down one).
    pub fn remove_page(&mut self, i: usize) {
        if let Some(kept) = self.kept.as_mut().filter(|k| i < k.len()) {
            kept.remove(i);
        }
    }

    /// The entry of page `i`, made by `views`.
    pub fn value(&self, views: &ViewBuilder, i: usize) -> Value {
        let page = &views.site.pages[i];
        let make = || Value::from_serializable(&views.summary(page));
        let Some(cell) = self.kept.as_ref().and_then(|k| k.get(i)) else {
            return make();
        };
        let (url, value) = cell.get_or_init(|| (page.url.clone(), make()));
        // Kept for another page (the pages moved since): made anew.
        if *url == page.url {
            value.clone()
        } else {
            make()
        }
    }

    /// Forgets the search page's pieces (its template changed).
    pub fn forget_search_pieces(&self) {
        *self.search.kept.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether entries are kept (in `serve`).
    pub fn keeps(&self) -> bool {
        self.kept.is_some()
    }

    /// The entries of `pages`, in their order, as one list.
    pub fn list(&self, views: &ViewBuilder, pages: impl Iterator<Item = usize>) -> Value {
        Value::from(pages.map(|i| self.value(views, i)).collect::<Vec<Value>>())
    }
}
