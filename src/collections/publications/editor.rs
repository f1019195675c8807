//! What the site editor shows of the publications: the rows of a
//! publication's properties and of the types, and the folder of files.

use crate::collections::editor::{
    EditorFolder, EditorSlug, FieldText, NO_HINT, WHOLE, Widget, row,
};

/// The editor's rows of a publication's properties and of the publication types.
#[rustfmt::skip]
pub const FIELD_TEXTS: &[FieldText] = &[
    row("Publication", "title", ("Virsraksts", "Title"), NO_HINT, Widget::Auto),
    row("Publication", "type", ("Veids", "Type"), ("Identifikators no publications/_types.yaml, piemēram, study", "An id from publications/_types.yaml, e.g. study"), Widget::Slug),
    row("Publication", "year", ("Gads", "Year"), ("Izdošanas gads; var neaizpildīt, ja ir datums", "Year of publication; may be left out when there is a date"), WHOLE),
    row("Publication", "date", ("Datums", "Date"), ("Izdošanas datums", "Date of publication"), Widget::Date),
    row("Publication", "authors", ("Autori", "Authors"), NO_HINT, Widget::Auto),
    row("Publication", "areas", ("Darbības jomas", "Areas of work"), NO_HINT, Widget::AreaIds),
    row("Publication", "summary", ("Kopsavilkums", "Summary"), NO_HINT, Widget::Markdown),
    row("Publication", "languages", ("Valodas", "Languages"), ("Valodu kodi, piemēram, lv, en", "Language codes, e.g. lv, en"), Widget::Auto),
    row("Publication", "file", ("Fails", "File"), ("Dokuments (PDF u. c.); lapā rāda formātu un izmēru", "The document (PDF etc.); its format and size are shown"), Widget::File("files")),
    row("Publication", "image", ("Vāka attēls", "Cover image"), NO_HINT, Widget::File("images")),
    row("Publication", "image_alt", ("Vāka attēla apraksts", "Cover image description"), ("Kas attēlā redzams, ekrāna lasītājiem", "What the picture shows, for screen readers"), Widget::Auto),
    row("Publication", "url", ("Tīmekļa adrese", "Web address"), ("Kur publikāciju var lasīt tiešsaistē", "Where the publication can be read online"), Widget::Url),
    row("Publication", "report", ("Ziņojuma gads", "Report year"), ("Ja šī publikācija ir ilgtspējas ziņojums: tā gads", "When this publication is a sustainability report: its year"), WHOLE),
    row("Publication", "sample", ("Parauga dati", "Sample data"), ("Izdomāti dati, lapā atzīmēti kā paraugs", "Illustrative data, marked as such on the page"), Widget::Auto),
    row("PublicationType", "id", ("Identifikators", "Id"), ("Mazie burti, cipari, defises", "Lowercase letters, digits, hyphens"), Widget::Slug),
    row("PublicationType", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
];

/// data/publications/<id>.yaml, one file per publication (the file name is
/// its id; `_types.yaml` is edited with the data files).
pub const FOLDER: EditorFolder = EditorFolder {
    name: "publications",
    label: ("Publikācijas", "Publications"),
    label_singular: ("Publikācija", "Publication"),
    icon: "menu_book",
    folder: "content/data/publications",
    schema: "publication.schema.json",
    owner: "Publication",
    identifier_field: None,
    slug: EditorSlug::Editable(
        "Faila nosaukums kļūst par adresi: mazie burti, cipari, defises",
        "The file name becomes the address: lowercase letters, digits, hyphens",
    ),
    summary: None,
    // Leaves out `_types.yaml`, a list without a `type`. Sveltia tests
    // the pattern against `null` when the field is missing, and
    // JavaScript's RegExp reads that as the text "null", so ".+" alone
    // lets the list through; the pattern must refuse "null".
    filter: Some(("type", "^(?!null$).+")),
};
