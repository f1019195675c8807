//! What the JSON Schemas cannot say about a field: its labels and hints
//! (Latvian and English), the widget that fits, and the ranges and patterns
//! that the build's checks enforce. One row per property of every type the
//! editor edits (the collections' rows are in their own files:
//! `collections::editor`); `super::fields` derives everything else from
//! the schemas.

pub(crate) use crate::collections::editor::{
    FieldText, NO_HINT, SLUG_PATTERN, Translation, Widget, row, same,
};

/// The properties of the site's own files (front matter, facts.yaml) the
/// editor shows, in the order it shows them; each collection has its own
/// rows (`Collection::field_texts`).
#[rustfmt::skip]
pub(crate) const SITE_FIELD_TEXTS: &[FieldText] = &[
    // Front matter of pages and sections.
    row("FrontMatter", "title", ("Virsraksts", "Title"), NO_HINT, Widget::Auto),
    same(row("FrontMatter", "date", ("Datums", "Date"), ("Publicēšanas datums", "Date of publication"), Widget::Date)),
    same(row("FrontMatter", "updated", ("Atjaunināts", "Updated"), ("Pēdējo būtisko izmaiņu datums", "Date of the last significant change"), Widget::Date)),
    same(row("FrontMatter", "expires", ("Beidzas", "Expires"), ("Pēc šī brīža lapa vairs netiek publicēta", "After this moment the page is no longer published"), Widget::Date)),
    row("FrontMatter", "summary", ("Kopsavilkums", "Summary"), ("Īss teksts sarakstiem, plūsmām un meklēšanai", "A short text for lists, feeds and search"), Widget::Text),
    same(row("FrontMatter", "areas", ("Darbības jomas", "Areas of work"), NO_HINT, Widget::AreaIds)),
    row("FrontMatter", "slug", ("Adreses daļa", "URL slug"), ("Aizstāj adreses pēdējo daļu; mazie burti, cipari, defises", "Replaces the last part of the address; lowercase letters, digits, hyphens"), Widget::Slug),
    row("FrontMatter", "draft", ("Melnraksts", "Draft"), ("Melnraksti netiek publicēti", "Drafts are not published"), Widget::Auto),
    same(row("FrontMatter", "weight", ("Secība", "Weight"), ("Mazāks skaitlis – augstāk sarakstā, ja sadaļa kārto pēc secības", "Lighter first when the section sorts by weight"), Widget::Auto)),
    same(row("FrontMatter", "template", ("Veidne", "Template"), ("Cita tēmas veidne, piemēram, page.html", "Another template of the theme, e.g. page.html"), Widget::Auto)),
    row("FrontMatter", "aliases", ("Vecās adreses", "Old addresses"), ("Adreses, kas pārvirza uz šo lapu, piemēram, /vecais-cels/", "Addresses that redirect here, e.g. /old-path/"), Widget::Auto),
    same(row("FrontMatter", "image", ("Vāka attēls", "Cover image"), ("Rādīts lapas augšā, sarakstos un kopīgojot", "Shown at the top of the page, in lists and in shares"), Widget::File("images"))),
    row("FrontMatter", "image_alt", ("Vāka attēla apraksts", "Cover image description"), ("Kas attēlā redzams, ekrāna lasītājiem", "What the picture shows, for screen readers"), Widget::Auto),
    row("FrontMatter", "extra", ("Papildu vērtības", "Extra values"), NO_HINT, Widget::Keep),
    same(row("FrontMatter", "sort", ("Kārtošana", "Sort by"), ("date: jaunākās vispirms; title: pēc alfabēta; weight: pēc secības", "date: newest first; title: alphabetical; weight: lightest first"), Widget::Auto)),
    same(row("FrontMatter", "paginate", ("Ieraksti lapā", "Items per page"), NO_HINT, Widget::Number(1.0, f64::INFINITY, 1.0))),
    // facts.yaml
    row("Fact", "id", ("Identifikators", "Id"), ("`members` aizstāj saskaitīto biedru skaitu", "`members` replaces the counted number of members"), Widget::Slug),
    row("Fact", "value", ("Skaitlis", "Number"), NO_HINT, Widget::Auto),
    row("Fact", "approximate", ("Aptuveni", "Approximate"), ("Rāda kā „ap 70 000”", "Shown as “about 70,000”"), Widget::Auto),
    row("Fact", "label", ("Ko skaita", "What is counted"), NO_HINT, Widget::Auto),
    row("Fact", "note", ("Piezīme", "Note"), NO_HINT, Widget::Auto),
    row("Fact", "source", ("Avots", "Source"), NO_HINT, Widget::Auto),
];

/// Every row: the site's, then each collection's.
pub(crate) fn field_texts() -> impl Iterator<Item = &'static FieldText> {
    SITE_FIELD_TEXTS.iter().chain(
        crate::collections::Collection::ALL
            .iter()
            .flat_map(|c| c.field_texts().iter()),
    )
}

/// Front-matter keys that only a section's `_index.md` uses.
pub(crate) const SECTION_ONLY: [&str; 2] = ["sort", "paginate"];

/// The row of `owner.key`, if there is one.
pub(crate) fn text_for(owner: &str, key: &str) -> Option<&'static FieldText> {
    field_texts().find(|t| t.owner == owner && t.key == key)
}
