//! What the site editor shows of the reports: the rows of a report
//! year's properties and of the score bands, and the folder of year files.

use crate::collections::editor::{
    EditorFolder, EditorSlug, FieldText, NO_HINT, SCORE, WHOLE, Widget, row,
};

/// The editor's rows of a report year's properties and of the score bands.
#[rustfmt::skip]
pub const FIELD_TEXTS: &[FieldText] = &[
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
    row("Band", "min", ("No", "From"), NO_HINT, SCORE),
    row("Band", "max", ("Līdz", "To"), NO_HINT, SCORE),
    row("Band", "label", ("Nosaukums", "Label"), NO_HINT, Widget::Auto),
];

/// data/reports/YEAR.yaml, one entry per year (`_bands.yaml` left out).
pub const FOLDER: EditorFolder = EditorFolder {
    name: "reports",
    label: ("Ziņojumu dati", "Report data"),
    label_singular: ("Ziņojums", "Report"),
    icon: "monitoring",
    folder: "content/data/reports",
    schema: "report.schema.json",
    owner: "Report",
    identifier_field: Some("year"),
    slug: EditorSlug::Template("{{fields.year}}"),
    summary: Some("{{fields.year}}"),
    filter: Some(("year", "^[0-9]{4}$")),
};
