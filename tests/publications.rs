//! The publications collection end to end (issue 13), in Latvian and
//! English, on the `publications` fixture: the library and each of its
//! filters, a page per publication with its document's format and size,
//! the Atom feeds, the `{{< publications >}}` embed, report pages linking
//! their publication, covers and area pictures through the image pipeline,
//! search and sitemap entries, and every bad input's error.

mod common;

use std::path::Path;

use alianse::error::Diagnostic;
use common::Site;

/// The fixture, built.
fn built() -> Site {
    let site = Site::fixture("publications");
    let result = site.build_ok();
    assert!(
        result
            .summary
            .expect("a summary")
            .to_string()
            .contains("areas: 2, reports: 1, publications: 3; ")
    );
    site
}

/// The `<section id="ID" …>…</section>` of a page (sections do not nest in
/// the library).
#[track_caller]
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section #{id}"));
    let end = html[start..].find("</section>").expect("section end") + start;
    &html[start..end]
}

/// The order in which `needles` first appear in `html` is the given one.
#[track_caller]
fn in_order(html: &str, needles: &[&str]) {
    let places: Vec<usize> = needles
        .iter()
        .map(|n| html.find(n).unwrap_or_else(|| panic!("{n:?} not found")))
        .collect();
    assert!(
        places.windows(2).all(|w| w[0] < w[1]),
        "{needles:?} out of order"
    );
}

#[test]
fn the_library_lists_every_publication_with_filters_by_type_year_and_area() {
    let site = built();
    let lv = site.page("publikacijas/index.html");
    assert!(lv.contains("<h1>Publikācijas</h1>"));
    assert!(lv.contains("Kopā 3 publikācijas."));
    assert!(lv.contains("Daļa publikāciju ir parauga dati; tās ir atzīmētas."));
    // The filter links, each with its count, in the types file's order,
    // years newest first, areas in areas.yaml's order.
    in_order(
        &lv,
        &[
            "<a href=\"#type-annual-report\"><span>Ikgadējs ziņojums</span> <span class=\"count\">1</span></a>",
            "<a href=\"#type-survey\"><span>Aptauja</span> <span class=\"count\">1</span></a>",
            "<a href=\"#type-position-paper\"><span>Nostājas dokuments</span> <span class=\"count\">1</span></a>",
            "<a href=\"#year-2020\">2020 <span class=\"count\">2</span></a>",
            "<a href=\"#year-2019\">2019 <span class=\"count\">1</span></a>",
            "<a href=\"#area-lidzdaliba\"><span>Līdzdalība</span> <span class=\"count\">2</span></a>",
            "<a href=\"#area-kapacitate\"><span>Kapacitāte</span> <span class=\"count\">2</span></a>",
        ],
    );
    // Each filter is a section the link jumps to, listing exactly its items.
    let survey = section(&lv, "type-survey");
    assert!(survey.contains("Aptauja</span>: 1 publikācija</h2>"));
    assert!(survey.contains("href=\"aptauja/\""));
    assert!(!survey.contains("href=\"viedoklis/\"") && !survey.contains("href=\"indekss-2019/\""));
    let year = section(&lv, "year-2020");
    assert!(year.contains("2020: 2 publikācijas</h2>"));
    assert!(year.contains("href=\"aptauja/\"") && year.contains("href=\"viedoklis/\""));
    assert!(!year.contains("href=\"indekss-2019/\""));
    let year = section(&lv, "year-2019");
    assert!(year.contains("href=\"indekss-2019/\"") && !year.contains("href=\"aptauja/\""));
    let area = section(&lv, "area-kapacitate");
    assert!(area.contains("href=\"indekss-2019/\"") && area.contains("href=\"aptauja/\""));
    assert!(!area.contains("href=\"viedoklis/\""));
    // The whole list, newest first; a card shows type, year and the file.
    let all = section(&lv, "all-publications");
    in_order(
        all,
        &[
            "href=\"aptauja/\"",
            "href=\"viedoklis/\"",
            "href=\"indekss-2019/\"",
        ],
    );
    assert!(all.contains("<p class=\"meta\"><span>Aptauja</span> · 2020</p>"));
    assert!(
        all.contains("<p class=\"meta\"><span>Nostājas dokuments</span> · 2020 · parauga dati</p>")
    );
    assert!(all.contains("<p class=\"meta\">PDF, 2,4\u{a0}kB</p>"));
    assert!(lv.contains("<a href=\"atom.xml\">Publikāciju plūsma (Atom)</a>"));

    let en = site.page("en/publications/index.html");
    assert!(en.contains("<h1>Publications</h1>"));
    assert!(en.contains("3 publications in all."));
    let area = section(&en, "area-lidzdaliba");
    assert!(area.contains("<span>Participation</span>: 2 publications</h2>"));
    assert!(area.contains("href=\"aptauja/\"") && area.contains("href=\"viedoklis/\""));
    assert!(!area.contains("href=\"indekss-2019/\""));
    let kind = section(&en, "type-annual-report");
    assert!(kind.contains("<span>Annual report</span>: 1 publication</h2>"));
    assert!(en.contains("<p class=\"meta\">PDF, 2.4\u{a0}kB</p>"));
    assert!(en.contains("<p class=\"meta\"><span>Position paper</span> · 2020 · sample data</p>"));
}

#[test]
fn each_publication_has_a_page_with_its_facts_and_document() {
    let site = built();
    let lv = site.page("publikacijas/indekss-2019/index.html");
    assert!(lv.contains("<h1>Ilgtspējas indekss 2019</h1>"));
    assert!(lv.contains("<p class=\"eyebrow\"><span>Ikgadējs ziņojums</span> · 2019</p>"));
    assert!(lv.contains("<p>Nozares <strong>ilgtspēja</strong> 2019. gadā.</p>"));
    // A file beside the YAML file is published next to the page in the
    // default language, and every language links that one copy.
    assert!(lv.contains(
        "<a class=\"button\" href=\"indekss-2019.pdf\">Lejupielādēt <span class=\"file-meta\">(PDF, 2,4\u{a0}kB)</span></a>"
    ));
    let pdf = site.path("output/publikacijas/indekss-2019/indekss-2019.pdf");
    assert_eq!(std::fs::metadata(pdf).unwrap().len(), 2400);
    assert!(!site.exists("en/publications/indekss-2019/indekss-2019.pdf"));
    assert!(lv.contains("<dt>Valodas</dt><dd><span>latviešu</span>, <span>angļu</span></dd>"));
    assert!(lv.contains("<dt>Autori</dt><dd><span>Publikāciju alianse</span></dd>"));
    assert!(
        lv.contains("<dt>Ziņojums</dt><dd><a href=\"../../zinojumi/2019/\">Indekss 2019</a></dd>")
    );
    assert!(
        lv.contains("<a class=\"tag\" href=\"../../darbibas-jomas/kapacitate/\">Kapacitāte</a>")
    );
    assert!(lv.contains("<meta name=\"description\" content=\"Nozares ilgtspēja 2019. gadā.\">"));

    let en = site.page("en/publications/indekss-2019/index.html");
    assert!(en.contains(
        "<a class=\"button\" href=\"../../../publikacijas/indekss-2019/indekss-2019.pdf\">Download <span class=\"file-meta\">(PDF, 2.4\u{a0}kB)</span></a>"
    ));
    assert!(en.contains("<dt>Languages</dt><dd><span>Latvian</span>, <span>English</span></dd>"));
    assert!(en.contains("<dt>Report</dt><dd><a href=\"../../reports/2019/\">Index 2019</a></dd>"));

    // A dated publication with a file under static/ and two authors.
    let lv = site.page("publikacijas/aptauja/index.html");
    assert!(lv.contains("<time datetime=\"2020-05-04\">2020. gada 4. maijs</time>"));
    assert!(lv.contains("href=\"../../faili/aptauja.odt\">Lejupielādēt <span class=\"file-meta\">(ODT, 850\u{a0}B)</span>"));
    assert!(lv.contains("<dd><span>Anna Bērziņa</span>, <span>Jānis Kalniņš</span></dd>"));
    let en = site.page("en/publications/aptauja/index.html");
    assert!(en.contains("<time datetime=\"2020-05-04\">4 May 2020</time>"));
    assert!(en.contains("(ODT, 850\u{a0}B)"));

    // A sample with a web address and no file.
    let lv = site.page("publikacijas/viedoklis/index.html");
    assert!(lv.contains("<p class=\"notice\" role=\"note\">Šis ieraksts ir parauga dati.</p>"));
    assert!(
        lv.contains("<li><a href=\"https://example.org/viedoklis\">Skatīt tiešsaistē</a></li>")
    );
    assert!(!lv.contains("Lejupielādēt"));
    assert!(lv.contains(
        "<meta name=\"description\" content=\"Nostājas dokuments: Viedoklis par līdzdalību\">"
    ));
    let en = site.page("en/publications/viedoklis/index.html");
    assert!(en.contains("This entry is sample data."));
    assert!(en.contains("hreflang=\"lv\" href=\"https://example.org/publikacijas/viedoklis/\""));
}

#[test]
fn each_language_has_an_atom_feed_of_publications() {
    let site = built();
    let lv = site.page("publikacijas/atom.xml");
    assert!(lv.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"lv\">"));
    assert!(lv.contains("<title>Publikāciju alianse: Publikācijas</title>"));
    assert!(lv.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/publikacijas/atom.xml\"/>"));
    assert!(lv.contains("<updated>2020-05-04T00:00:00+03:00</updated>"));
    in_order(
        &lv,
        &[
            "<id>https://example.org/publikacijas/aptauja/</id>",
            "<id>https://example.org/publikacijas/viedoklis/</id>",
            "<id>https://example.org/publikacijas/indekss-2019/</id>",
        ],
    );
    assert!(lv.contains("<link rel=\"enclosure\" type=\"application/pdf\" length=\"2400\" href=\"https://example.org/publikacijas/indekss-2019/indekss-2019.pdf\"/>"));
    assert!(lv.contains("<category term=\"survey\" label=\"Aptauja\"/>"));
    assert!(lv.contains("<summary>Nozares ilgtspēja 2019. gadā.</summary>"));
    assert!(lv.contains("<author><name>Anna Bērziņa</name></author>"));
    let en = site.page("en/publications/atom.xml");
    assert!(en.contains("<title>Publications Alliance: Publications</title>"));
    assert!(en.contains("<title>Members&#39; survey</title>"));
    assert!(en.contains("<category term=\"survey\" label=\"Survey\"/>"));
    assert!(en.contains("<published>2020-01-01T00:00:00+02:00</published>"));
    // The library names its feed for feed readers.
    assert!(site.page("en/publications/index.html").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Publications\" href=\"atom.xml\">"
    ));
}

#[test]
fn pages_embed_publications_by_type_or_area_and_reports_link_theirs() {
    let site = built();
    let lv = site.page("izdevumi/index.html");
    let embed = section_like(&lv, "embed-publications");
    assert!(embed.contains("<a href=\"../publikacijas/aptauja/\">Biedru aptauja</a> <span class=\"meta\"><span>Aptauja</span>, 2020 · ODT, 850\u{a0}B</span>"));
    assert!(!embed.contains("viedoklis") && !embed.contains("indekss-2019"));
    let en = site.page("en/izdevumi/index.html");
    let embed = section_like(&en, "embed-publications");
    assert!(embed.contains("href=\"../publications/aptauja/\""));
    assert!(
        embed.contains("<a href=\"../publications/viedoklis/\">A position on participation</a>")
    );
    assert!(!embed.contains("indekss-2019"));

    let report = site.page("zinojumi/2019/index.html");
    assert!(report.contains("<p>Publikācija: <a href=\"../../publikacijas/indekss-2019/\">Ilgtspējas indekss 2019</a></p>"));
    let report = site.page("en/reports/2019/index.html");
    assert!(report.contains("<p>Publication: <a href=\"../../publications/indekss-2019/\">Sustainability Index 2019</a></p>"));

    // An area's page lists the publications on it.
    let area = site.page("en/areas/lidzdaliba/index.html");
    let list = &area[area
        .find("id=\"area-publications\"")
        .expect("publications on the area")..];
    assert!(list.contains("Publications on this area"));
    assert!(list.contains("href=\"../../publications/aptauja/\""));
}

/// The `<div class="CLASS">…</div>` of an embed.
#[track_caller]
fn section_like<'a>(html: &'a str, class: &str) -> &'a str {
    let start = html
        .find(&format!("class=\"embed {class}\""))
        .unwrap_or_else(|| panic!("no {class}"));
    let end = html[start..].find("</div>").unwrap() + start;
    &html[start..end]
}

#[test]
fn covers_and_area_pictures_come_from_the_image_pipeline() {
    let site = built();
    let page = site.page("publikacijas/aptauja/index.html");
    let cover = &page[page.find("<picture>").expect("a cover")..];
    let cover = &cover[..cover.find("</picture>").unwrap()];
    assert!(cover.contains("<source type=\"image/webp\" srcset=\"../../images/aptauja-240x340."));
    assert!(cover.contains(" 240w, ../../images/aptauja-480x680."));
    assert!(cover.contains("sizes=\"15rem\" width=\"240\" height=\"340\" alt=\"Aptaujas vāks\" class=\"publication-cover\" decoding=\"async\">"));
    // In lists the cover loads lazily, at the list's width.
    let library = site.page("en/publications/index.html");
    assert!(library.contains("sizes=\"6rem\" width=\"240\" height=\"340\" alt=\"The survey&#39;s cover\" class=\"publication-cover\" loading=\"lazy\" decoding=\"async\">"));
    let published = std::fs::read_dir(site.path("output/images"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("aptauja-"))
        .count();
    assert_eq!(published, 4, "two widths in WebP and PNG");

    let area = site.page("darbibas-jomas/lidzdaliba/index.html");
    assert!(area.contains(
        "width=\"1200\" height=\"600\" alt=\"Trīs apļi\" class=\"cover\" decoding=\"async\">"
    ));
    assert!(area.contains("../../images/apli-480x240."));
    let areas = site.page("en/areas/index.html");
    assert!(areas.contains(
        "alt=\"Three circles\" class=\"card-cover\" loading=\"lazy\" decoding=\"async\">"
    ));
    // The source under static/ is published as variants, not copied.
    assert!(!site.exists("bildes/apli.png"));
}

#[test]
fn publications_are_searchable_and_in_the_sitemap() {
    let site = built();
    let lv = site.search_index("search-index.json");
    assert!(lv.contains("{\"t\":\"Biedru aptauja\",\"u\":\"publikacijas/aptauja/\",\"s\":\"Ko domā biedri.\",\"h\":\"Anna Bērziņa Jānis Kalniņš\",\"b\":\"\",\"k\":\"publication\"}"));
    let en = site.search_index("en/search-index.json");
    assert!(
        en.contains("\"t\":\"Sustainability Index 2019\",\"u\":\"publications/indekss-2019/\"")
    );
    let search = site.page("meklet/index.html");
    assert!(search.contains("data-kind-publication=\"Publikācija\""));
    assert!(search.contains("<a href=\"../publikacijas/viedoklis/\">Viedoklis par līdzdalību</a>"));
    let sitemap = site.page("sitemap.xml");
    for path in [
        "publikacijas/",
        "en/publications/",
        "publikacijas/aptauja/",
        "en/publications/indekss-2019/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{path}</loc>")),
            "{path}"
        );
    }
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/publications/aptauja/\"/>"));
}

/// The one error at `file:line`, with exactly this message and help.
#[track_caller]
fn expect(all: &[Diagnostic], file: &str, line: Option<usize>, message: &str, help: &str) {
    let found = all.iter().any(|d| {
        d.file.as_deref() == Some(Path::new(file))
            && d.line == line
            && d.message == message
            && d.help.as_deref() == Some(help)
    });
    assert!(
        found,
        "no {file}:{line:?} {message:?} / {help:?} among {all:#?}"
    );
}

#[test]
fn every_bad_publication_value_is_an_error_at_its_line_in_one_build() {
    let site = Site::fixture("publications");
    let p = "content/data/publications";
    site.edit(
        &format!("{p}/indekss-2019.yaml"),
        "type: annual-report",
        "type: anual-report",
    );
    site.edit(
        &format!("{p}/indekss-2019.yaml"),
        "languages: [lv, en]",
        "languages: [lv, English]",
    );
    site.edit(
        &format!("{p}/indekss-2019.yaml"),
        "file: indekss-2019.pdf",
        "file: indekss-2019.pfd",
    );
    site.edit(
        &format!("{p}/indekss-2019.yaml"),
        "report: 2019",
        "report: 2018",
    );
    site.edit(
        &format!("{p}/aptauja.yaml"),
        "date: 2020-05-04",
        "date: 2020-05-04\nyear: 2021",
    );
    site.edit(
        &format!("{p}/aptauja.yaml"),
        "[lidzdaliba, kapacitate]",
        "[lidzdalba, kapacitate]",
    );
    site.edit(
        &format!("{p}/aptauja.yaml"),
        "file: /faili/aptauja.odt",
        "file: ../site.yaml",
    );
    site.edit(
        &format!("{p}/aptauja.yaml"),
        "image: aptauja.png",
        "image: vaks.png",
    );
    site.edit(
        &format!("{p}/viedoklis.yaml"),
        "year: 2020\n",
        "date: 2020-13-01\n",
    );
    site.edit(
        &format!("{p}/viedoklis.yaml"),
        "url: https://example.org/viedoklis",
        "url: example.org/viedoklis",
    );
    site.edit(
        "content/data/areas.yaml",
        "  image_alt: {lv: \"Trīs apļi\", en: \"Three circles\"}\n",
        "",
    );
    site.edit("content/izdevumi.md", "type=\"survey\"", "type=\"surveys\"");
    site.edit(
        &format!("{p}/_types.yaml"),
        "- id: position-paper",
        "- id: survey\n  name: Again\n- id: position-paper",
    );
    site.write(
        &format!("{p}/Jauna Publikacija.yaml"),
        "title: X\ntype: survey\nsummry: x\n",
    );
    site.write(
        &format!("{p}/bez-gada.yaml"),
        "title: X\ntype: survey\nfile: /nav.pdf\nimage: /nav.png\n",
    );
    let result = site.build();
    assert!(!result.ok());
    assert!(
        !site.path("output").exists(),
        "a failed build wrote output/"
    );
    let all: Vec<Diagnostic> = result.diagnostics.errors().cloned().collect();
    let f = |name: &str| format!("{p}/{name}");
    expect(
        &all,
        &f("indekss-2019.yaml"),
        Some(4),
        "unknown publication type `anual-report`",
        "did you mean `annual-report`?",
    );
    expect(
        &all,
        &f("indekss-2019.yaml"),
        Some(9),
        "`English` is not a language code",
        "write the languages the publication is in as codes: lv, en, ru …",
    );
    expect(
        &all,
        &f("indekss-2019.yaml"),
        Some(10),
        "file `indekss-2019.pfd` not found: there is no file content/data/publications/indekss-2019.pfd",
        "put the file beside this YAML file, or under content/static/ and write /its/path",
    );
    expect(
        &all,
        &f("indekss-2019.yaml"),
        Some(11),
        "there is no report for 2018",
        "give a year that has a file in data/reports/, or remove `report:`",
    );
    expect(
        &all,
        &f("aptauja.yaml"),
        Some(3),
        "`date` 2020-05-04 is not in `year` 2021 (line 4)",
        "correct one of them, or leave `year` out: the date says it",
    );
    expect(
        &all,
        &f("aptauja.yaml"),
        Some(8),
        "unknown activity area `lidzdalba`",
        "did you mean `lidzdaliba`?",
    );
    expect(
        &all,
        &f("aptauja.yaml"),
        Some(10),
        "file `../site.yaml` is not a plain path",
        "write the file's name beside this YAML file (csosi-2019.pdf), or /its/path under content/static/, without spaces, `..` or `\\`",
    );
    expect(
        &all,
        &f("aptauja.yaml"),
        Some(11),
        "image `vaks.png` not found: there is no file content/data/publications/vaks.png",
        "put the image beside this file, or under content/static/ and write /its/path",
    );
    expect(
        &all,
        &f("viedoklis.yaml"),
        Some(3),
        "`date` is `2020-13-01`, which is not a date",
        "write the day of publication as YYYY-MM-DD, e.g. 2020-06-15",
    );
    expect(
        &all,
        &f("viedoklis.yaml"),
        Some(5),
        "url `example.org/viedoklis` is not a web address",
        "write the full address, starting with https:// (or http://)",
    );
    expect(
        &all,
        &f("_types.yaml"),
        Some(5),
        "duplicate publication type id `survey` (first used on line 3)",
        "give each type its own id",
    );
    expect(
        &all,
        &f("Jauna Publikacija.yaml"),
        None,
        "publication file name `Jauna Publikacija.yaml` is not a slug",
        "the file name becomes the address: rename it to `jauna-publikacija.yaml` (lowercase letters, digits and hyphens; not a name Windows reserves)",
    );
    expect(
        &all,
        &f("Jauna Publikacija.yaml"),
        Some(3),
        "unknown key `summry`",
        "did you mean `summary`?",
    );
    expect(
        &all,
        &f("bez-gada.yaml"),
        Some(2),
        "this publication has neither `year` nor `date`",
        "add `year: 2020` (or `date: 2020-06-15`) so it can be listed by year",
    );
    expect(
        &all,
        &f("bez-gada.yaml"),
        Some(3),
        "file `/nav.pdf` not found: there is no file content/static/nav.pdf",
        "put the file under content/static/, or drop the leading / and keep it beside this YAML file",
    );
    expect(
        &all,
        &f("bez-gada.yaml"),
        Some(4),
        "cover image `/nav.png` has no `image_alt`",
        "add `image_alt: what it shows` (or `image_alt: \"\"` for decoration)",
    );
    expect(
        &all,
        &f("bez-gada.yaml"),
        Some(4),
        "image `/nav.png` not found: there is no file content/static/nav.png",
        "a path starting with / is under content/static/; without it, the path is relative to this file",
    );
    expect(
        &all,
        "content/data/areas.yaml",
        Some(4),
        "area image `/bildes/apli.png` has no `image_alt`",
        "add `image_alt: what it shows` to the area (or `image_alt: \"\"` for decoration)",
    );
    expect(
        &all,
        "content/izdevumi.md",
        Some(6),
        "unknown publication type `surveys`",
        "did you mean `survey`?",
    );
    assert_eq!(all.len(), 19, "{all:#?}");
}

#[test]
fn a_missing_area_picture_and_a_bad_embed_argument_are_errors() {
    let site = Site::fixture("publications");
    site.edit(
        "content/data/areas.yaml",
        "image: /bildes/apli.png",
        "image: /bildes/apalsi.png",
    );
    site.edit(
        "content/izdevumi.md",
        "type=\"survey\"",
        "type=\"survey\" year=\"2020\"",
    );
    let result = site.build();
    assert!(!result.ok());
    let all: Vec<Diagnostic> = result.diagnostics.errors().cloned().collect();
    expect(
        &all,
        "content/data/areas.yaml",
        Some(4),
        "image `/bildes/apalsi.png` not found: there is no file content/static/bildes/apalsi.png",
        "did you mean `apli.png`?",
    );
    expect(
        &all,
        "content/izdevumi.md",
        Some(6),
        "`publications` takes no argument `year`",
        "its arguments are: area, type",
    );
    assert_eq!(all.len(), 2, "{all:#?}");
}

#[test]
fn a_site_without_publications_has_an_empty_library() {
    let site = Site::fixture("publications");
    for name in ["indekss-2019", "aptauja", "viedoklis"] {
        site.remove(&format!("content/data/publications/{name}.yaml"));
    }
    site.edit(
        "content/izdevumi.md",
        "{{< publications type=\"survey\" >}}",
        "",
    );
    site.build_ok();
    let lv = site.page("publikacijas/index.html");
    assert!(lv.contains("<p class=\"notice\">Publikācijas vēl nav pievienotas.</p>"));
    assert!(!lv.contains("class=\"filters\""));
    let en = site.page("en/publications/atom.xml");
    assert!(!en.contains("<entry>"));
    assert!(!site.path("output/publikacijas/indekss-2019").exists());
}

#[test]
fn check_publish_lists_sample_publications() {
    let site = Site::fixture("publications");
    let run = site.run(&["check", "--publish"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains(
        "content/data/publications/viedoklis.yaml: publication `viedoklis` is sample data"
    ));
    assert!(!run.stderr.contains("publication `aptauja`"));
}
