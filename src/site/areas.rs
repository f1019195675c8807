//! The pages of each area in each language, newest first: the lists of the
//! area pages and the area feeds, made in one pass over the pages.

use super::*;

/// The pages (sections too, not report narratives) tagged with each area,
/// by (area, language), newest first, then by file name.
pub(super) fn pages_by_area(site: &Site) -> HashMap<(String, String), Vec<usize>> {
    let mut index: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for i in site.rendered_pages() {
        let p = &site.pages[i].source;
        let mut areas: Vec<&str> = p.front.areas.iter().map(|a| a.value.as_str()).collect();
        areas.sort_unstable();
        areas.dedup();
        for area in areas {
            index
                .entry((area.to_string(), p.lang.clone()))
                .or_default()
                .push(i);
        }
    }
    for list in index.values_mut() {
        list.sort_by(|&a, &b| {
            let (pa, pb) = (&site.pages[a].source, &site.pages[b].source);
            pb.date.cmp(&pa.date).then_with(|| pa.path.cmp(&pb.path))
        });
    }
    index
}
