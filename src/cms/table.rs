//! What the JSON Schemas cannot say about a field: its labels and hints
//! (Latvian and English), the widget that fits, and the ranges and patterns
//! that the build's checks enforce. One row per property of every type the
//! editor edits; `super::fields` derives everything else from the schemas.

/// How a property is edited, beyond what its schema type says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Widget {
    /// From the schema: string, number, boolean, select (enum), list, object.
    Auto,
    /// Markdown text (a localised one in data files: per language).
    Markdown,
    /// A longer plain text.
    Text,
    /// A date written as YYYY-MM-DD; `now` in new entries when `dated` is set.
    Date,
    /// Ids from areas.yaml, chosen from a list.
    AreaIds,
    /// A slug: lowercase letters, digits, hyphens.
    Slug,
    Url,
    Email,
    /// An image under content/static/`folder`, written as `folder/name`.
    Image(&'static str),
    /// A file under content/static/`folder`, written as `/folder/name`.
    File(&'static str),
    /// A number in these steps, within these bounds and the schema's
    /// `minimum`/`maximum` (the tighter of the two; infinite: none).
    Number(f64, f64, f64),
    /// Kept as written; not edited in the CMS (free-form maps).
    Keep,
}

/// Whether a page field is translated or copied from the default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translation {
    Translate,
    Duplicate,
}

/// Labels, hints and the widget of one property of one schema type.
pub struct FieldText {
    /// The type's name in the schema (`FrontMatter`, `Member` …).
    pub owner: &'static str,
    pub key: &'static str,
    pub lv: &'static str,
    pub en: &'static str,
    pub hint_lv: &'static str,
    pub hint_en: &'static str,
    pub widget: Widget,
    pub translation: Translation,
}

const fn row(
    owner: &'static str,
    key: &'static str,
    (lv, en): (&'static str, &'static str),
    (hint_lv, hint_en): (&'static str, &'static str),
    widget: Widget,
) -> FieldText {
    FieldText {
        owner,
        key,
        lv,
        en,
        hint_lv,
        hint_en,
        widget,
        translation: Translation::Translate,
    }
}

const fn same(mut text: FieldText) -> FieldText {
    text.translation = Translation::Duplicate;
    text
}

const NO_HINT: (&str, &str) = ("", "");

/// CSOSI scores: in tenths; the range 1.0 (best) to 7.0 is the schema's.
const SCORE: Widget = Widget::Number(f64::NEG_INFINITY, f64::INFINITY, 0.1);
/// Whole numbers; bounds from the schema.
const WHOLE: Widget = Widget::Number(f64::NEG_INFINITY, f64::INFINITY, 1.0);

/// Every property the editor shows, in the order it shows them.
#[rustfmt::skip]
pub const FIELD_TEXTS: &[FieldText] = &[
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
    // members.yaml
    row("Member", "id", ("Identifikators", "Id"), ("Kļūst par adresi; mazie burti, cipari, defises", "Becomes the address; lowercase letters, digits, hyphens"), Widget::Slug),
    row("Member", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
    row("Member", "kind", ("Veids", "Kind"), NO_HINT, Widget::Auto),
    row("Member", "joined", ("Iestāšanās gads", "Year joined"), NO_HINT, WHOLE),
    row("Member", "region", ("Reģions", "Region"), NO_HINT, Widget::Auto),
    row("Member", "website", ("Tīmekļa vietne", "Website"), NO_HINT, Widget::Url),
    row("Member", "email", ("E-pasts", "E-mail"), NO_HINT, Widget::Email),
    row("Member", "areas", ("Darbības jomas", "Areas of work"), NO_HINT, Widget::AreaIds),
    row("Member", "description", ("Apraksts", "Description"), NO_HINT, Widget::Markdown),
    row("Member", "logo", ("Logotips", "Logo"), ("Attēls mapē content/static/logos/", "An image in content/static/logos/"), Widget::Image("logos")),
    row("Member", "sample", ("Parauga dati", "Sample data"), ("Izdomāti dati, lapā atzīmēti kā paraugs", "Illustrative data, marked as such on the page"), Widget::Auto),
    // areas.yaml
    row("Area", "id", ("Identifikators", "Id"), ("Kļūst par adresi; mazie burti, cipari, defises", "Becomes the address; lowercase letters, digits, hyphens"), Widget::Slug),
    row("Area", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
    row("Area", "summary", ("Kopsavilkums", "Summary"), NO_HINT, Widget::Markdown),
    row("Area", "description", ("Apraksts", "Description"), NO_HINT, Widget::Markdown),
    row("Area", "icon", ("Ikona", "Icon"), ("Nosaukums, ko tēma var izmantot", "A name the theme may use"), Widget::Auto),
    row("Area", "image", ("Attēls", "Picture"), ("Rādīts jomas lapā un jomu sarakstā", "Shown on the area's page and in the list of areas"), Widget::File("images")),
    row("Area", "image_alt", ("Attēla apraksts", "Picture description"), ("Kas attēlā redzams, ekrāna lasītājiem", "What the picture shows, for screen readers"), Widget::Auto),
    // data/reports/YEAR.yaml
    row("Report", "year", ("Gads", "Year"), ("Jāsakrīt ar faila nosaukumu", "Must match the file name"), WHOLE),
    row("Report", "title", ("Virsraksts", "Title"), NO_HINT, Widget::Auto),
    row("Report", "summary", ("Kopsavilkums", "Summary"), NO_HINT, Widget::Markdown),
    row("Report", "source", ("Avots", "Source"), NO_HINT, Widget::Auto),
    row("Report", "overall", ("Kopējais vērtējums", "Overall score"), ("1,0–7,0; mazāks ir labāks; atstāj tukšu, ja nav zināms", "1.0–7.0; lower is better; leave empty when unknown"), SCORE),
    row("Report", "overall_trend", ("Kopējā tendence", "Overall trend"), ("Tikai tad, ja vērtējums nav zināms", "Only when the score is not known"), Widget::Auto),
    row("Report", "dimensions", ("Dimensijas", "Dimensions"), NO_HINT, Widget::Auto),
    row("Report", "figures", ("Galvenie skaitļi", "Key figures"), NO_HINT, Widget::Keep),
    row("Report", "pdf", ("PDF fails", "PDF file"), NO_HINT, Widget::File("files")),
    row("Report", "sample", ("Parauga dati", "Sample data"), ("Izdomāti dati, lapā atzīmēti kā paraugs", "Illustrative data, marked as such on the page"), Widget::Auto),
    // data/publications/<id>.yaml
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
    // data/publications/_types.yaml
    row("PublicationType", "id", ("Identifikators", "Id"), ("Mazie burti, cipari, defises", "Lowercase letters, digits, hyphens"), Widget::Slug),
    row("PublicationType", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
    // data/events/ID.yaml
    row("EventFile", "title", ("Nosaukums", "Title"), NO_HINT, Widget::Auto),
    row("EventFile", "start", ("Sākums", "Start"), ("Datums (2026-03-05) visas dienas pasākumam vai datums un laiks (2026-03-05T10:00) vietnes laika joslā", "A date (2026-03-05) for an all-day event, or a date and time (2026-03-05T10:00) in the site's time zone"), Widget::Auto),
    row("EventFile", "end", ("Beigas", "End"), ("Pēdējā diena vai beigu laiks, tādā pašā formā kā sākums", "The last day, or the time it ends, in the same form as the start"), Widget::Auto),
    row("EventFile", "place", ("Vieta", "Place"), ("Tiešsaistes pasākumam atstāj tukšu un norāda saiti", "Leave empty for an online event and give its link"), Widget::Auto),
    row("EventFile", "online", ("Tiešsaistes saite", "Online link"), NO_HINT, Widget::Url),
    row("EventFile", "areas", ("Darbības jomas", "Areas of work"), NO_HINT, Widget::AreaIds),
    row("EventFile", "registration", ("Reģistrācijas saite", "Registration link"), NO_HINT, Widget::Url),
    row("EventFile", "summary", ("Kopsavilkums", "Summary"), ("Rādīts sarakstos un kalendārā", "Shown in lists and in calendars"), Widget::Markdown),
    row("EventFile", "body", ("Apraksts", "Description"), ("Programma, kam paredzēts", "The programme, who it is for"), Widget::Markdown),
    row("EventFile", "updated", ("Atjaunināts", "Updated"), ("Pēdējo izmaiņu datums; kalendāri pēc tā atpazīst jaunāko versiju", "The date of the last change; calendars use it to recognise the newest version"), Widget::Date),
    row("EventFile", "sample", ("Parauga dati", "Sample data"), ("Izdomāts pasākums, lapā atzīmēts kā paraugs", "An illustrative event, marked as such on the page"), Widget::Auto),
    row("Place", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
    row("Place", "address", ("Adrese", "Address"), NO_HINT, Widget::Auto),
    // data/reports/_bands.yaml
    row("Band", "min", ("No", "From"), NO_HINT, SCORE),
    row("Band", "max", ("Līdz", "To"), NO_HINT, SCORE),
    row("Band", "label", ("Nosaukums", "Label"), NO_HINT, Widget::Auto),
    // facts.yaml
    row("Fact", "id", ("Identifikators", "Id"), ("`members` aizstāj saskaitīto biedru skaitu", "`members` replaces the counted number of members"), Widget::Slug),
    row("Fact", "value", ("Skaitlis", "Number"), NO_HINT, Widget::Auto),
    row("Fact", "approximate", ("Aptuveni", "Approximate"), ("Rāda kā „ap 70 000”", "Shown as “about 70,000”"), Widget::Auto),
    row("Fact", "label", ("Ko skaita", "What is counted"), NO_HINT, Widget::Auto),
    row("Fact", "note", ("Piezīme", "Note"), NO_HINT, Widget::Auto),
    row("Fact", "source", ("Avots", "Source"), NO_HINT, Widget::Auto),
    row("ReportSource", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
    row("ReportSource", "url", ("Adrese", "Address"), NO_HINT, Widget::Url),
    row("Dimensions", "legal_environment", ("Tiesiskā vide", "Legal environment"), NO_HINT, Widget::Auto),
    row("Dimensions", "organizational_capacity", ("Organizatoriskā kapacitāte", "Organizational capacity"), NO_HINT, Widget::Auto),
    row("Dimensions", "financial_viability", ("Finansiālā dzīvotspēja", "Financial viability"), NO_HINT, Widget::Auto),
    row("Dimensions", "advocacy", ("Interešu aizstāvība", "Advocacy"), NO_HINT, Widget::Auto),
    row("Dimensions", "service_provision", ("Pakalpojumu sniegšana", "Service provision"), NO_HINT, Widget::Auto),
    row("Dimensions", "sectoral_infrastructure", ("Sektora infrastruktūra", "Sectoral infrastructure"), NO_HINT, Widget::Auto),
    row("Dimensions", "public_image", ("Sabiedriskais tēls", "Public image"), NO_HINT, Widget::Auto),
    row("Dimension", "score", ("Vērtējums", "Score"), ("1,0–7,0; atstāj tukšu, ja nav zināms", "1.0–7.0; leave empty when unknown"), SCORE),
    row("Dimension", "summary", ("Kopsavilkums", "Summary"), NO_HINT, Widget::Markdown),
    row("Dimension", "trend", ("Tendence", "Trend"), ("Tikai tad, ja vērtējums nav zināms", "Only when the score is not known"), Widget::Auto),
];

/// Front-matter keys that only a section's `_index.md` uses.
pub const SECTION_ONLY: [&str; 2] = ["sort", "paginate"];

/// The pattern of ids and slugs, as `crate::i18n::is_slug` checks them.
pub const SLUG_PATTERN: &str = "^[a-z0-9_][a-z0-9_-]*$";

/// The row of `owner.key`, if there is one.
pub fn text_for(owner: &str, key: &str) -> Option<&'static FieldText> {
    FIELD_TEXTS
        .iter()
        .find(|t| t.owner == owner && t.key == key)
}
