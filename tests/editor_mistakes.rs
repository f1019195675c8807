//! Mistakes an editor makes that once published a wrong page without a
//! word (issue 12): each now gets an error or a warning with the file, the
//! line and what to do, or is published right.

mod common;

use std::path::Path;

use alianse::build::BuildResult;
use alianse::error::Diagnostic;
use common::Site;

/// The diagnostic at `place` (`content/a.md:3:1`); fails the test, showing
/// all of them, when there is none.
fn at<'a>(result: &'a BuildResult, place: &str) -> &'a Diagnostic {
    result
        .diagnostics
        .iter()
        .find(|d| d.place().as_deref() == Some(place))
        .unwrap_or_else(|| panic!("nothing at {place}:\n{}", result.diagnostics))
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or("")
}

/// The repository's own site, copied into a temporary folder.
fn bundled() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for (rel, bytes) in common::snapshot(&content) {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    (dir, root)
}

// ---- 12.1: a page with errors still exists for links, menus, translations

#[test]
fn deleting_the_title_of_a_bundled_page_gives_exactly_one_error() {
    let (_dir, root) = bundled();
    let path = root.join("content/kontakti.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\ntitle: Kontakti\n"));
    std::fs::write(&path, text.replacen("\ntitle: Kontakti\n", "\n", 1)).unwrap();
    let result = alianse::build::build(&alianse::build::BuildOptions::new(&root));
    let errors: Vec<String> = common::errors(&result);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: content/kontakti.md:2:1: missing required key `title`"),
        "{}",
        errors[0]
    );
}

#[test]
fn errors_are_grouped_by_file_in_file_order() {
    let site = Site::fixture("basic");
    site.edit("content/par-mums.md", "title: Par mums\n", "");
    site.write(
        "content/jaunumi/zina-1.md",
        "---\ntitle: Z\ndate: nav\n---\n[x](nekas.md)\n",
    );
    site.edit(
        "content/kontakti.md",
        "title: Kontakti\n",
        "titel: Kontakti\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let files: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "content/jaunumi/zina-1.md",
            "content/jaunumi/zina-1.md",
            "content/kontakti.md",
            "content/kontakti.md",
            "content/par-mums.md",
        ],
        "{}",
        run.stderr
    );
}

// ---- 12.3: "2010. gadā …" is a sentence, not a list starting at 2010

#[test]
fn latvian_paragraphs_that_start_with_a_year_stay_paragraphs() {
    let site = Site::fixture("basic");
    site.write(
        "content/vesture.md",
        "---\ntitle: Vēsture\n---\n2010. gadā alianse auga.\n\n> 2012. gadā arī.\n\n1999) īsts saraksts no 1999\n2000) otrais punkts\n",
    );
    site.write(
        "content/vesture.en.md",
        "---\ntitle: History\n---\n2010. in review\n",
    );
    site.build_ok();
    let lv = site.page("vesture/index.html");
    assert!(lv.contains("<p>2010. gadā alianse auga.</p>"), "{lv}");
    assert!(lv.contains("<p>2012. gadā arī.</p>"), "{lv}");
    assert!(lv.contains("<ol start=\"1999\">"), "{lv}");
    assert!(!lv.contains("<ol start=\"2010\">") && !lv.contains("<ol start=\"2012\">"));
    // English keeps CommonMark's reading unless the site asks otherwise.
    assert!(
        site.page("en/vesture/index.html")
            .contains("<ol start=\"2010\">")
    );
    site.edit(
        "content/site.yaml",
        "feeds:",
        "markdown: {year_paragraphs: true}\nfeeds:",
    );
    site.build_ok();
    let en = site.page("en/vesture/index.html");
    assert!(en.contains("<p>2010. in review</p>"), "{en}");
}

#[test]
fn the_bundled_site_has_no_list_that_starts_at_a_year() {
    let (_dir, root) = bundled();
    let result = alianse::build::build(&alianse::build::BuildOptions::new(&root));
    assert!(result.ok(), "{}", result.diagnostics);
    assert_eq!(result.diagnostics.len(), 0, "{}", result.diagnostics);
    for (file, bytes) in common::snapshot(&root.join("output")) {
        let html = String::from_utf8_lossy(&bytes);
        for start in html.split("<ol start=\"").skip(1) {
            let digits = start.bytes().take_while(u8::is_ascii_digit).count();
            assert!(digits < 3, "{file}: <ol start=\"{}", &start[..digits]);
        }
    }
}

// ---- 12.4: link and image targets that did not parse

#[test]
fn an_image_target_with_a_space_is_an_error_with_the_fix() {
    let site = Site::fixture("basic");
    site.write(
        "content/foto.md",
        "---\ntitle: Foto\n---\nMūsu foto:\n\nRedzams ![Foto](/images/Foto 1.JPG) šeit.\n",
    );
    let result = site.build();
    assert!(!result.ok());
    let d = at(&result, "content/foto.md:6:9");
    assert_eq!(
        d.message,
        "this image is not one: its target `/images/Foto 1.JPG` contains a space, so the page would show the Markdown as text"
    );
    assert_eq!(
        help(d),
        "write the target in angle brackets, ![Foto](</images/Foto 1.JPG>), or rename the file without spaces and link to it, e.g. ![Foto](/images/foto-1.jpg)"
    );
    assert_eq!(common::errors(&result).len(), 1);
}

// ---- 12.5: file and folder names

#[test]
fn a_folder_differing_only_in_case_is_an_error_and_odd_names_are_warned() {
    let site = Site::fixture("basic");
    site.write(
        "content/Jaunumi/Ziņa 1.md",
        "---\ntitle: Ziņa\ndate: 2024-02-01\n---\nTeksts.\n",
    );
    let result = site.build();
    let d = at(&result, "content/Jaunumi");
    assert!(d.is_error());
    assert_eq!(
        d.message,
        "folders content/jaunumi and content/Jaunumi both become /jaunumi/"
    );
    assert!(help(d).starts_with("move the files into one of them"));
    let d = at(&result, "content/Jaunumi/Ziņa 1.md");
    assert!(!d.is_error());
    assert_eq!(d.kind, alianse::error::ErrorKind::SiteStructure);
    assert_eq!(
        d.message,
        "the name `Ziņa 1.md` has spaces, capital letters or letters with diacritics"
    );
    assert_eq!(
        help(d),
        "rename it to `zina-1.md`: such names work the same on every system and in every URL"
    );
}

#[test]
fn names_that_differ_only_in_unicode_form_or_case_are_an_error() {
    let site = Site::fixture("basic");
    // "ziņa" written with one code point, and with n + a combining cedilla.
    site.write("content/zi\u{0146}a.md", "---\ntitle: A\n---\nx\n");
    site.write("content/zin\u{0327}a.md", "---\ntitle: B\n---\nx\n");
    site.write("content/Kontakti.md", "---\ntitle: C\n---\nx\n");
    let result = site.build();
    let errors = common::errors(&result);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("this page's URL /zina/ is already used by content/zi")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("this page's URL /kontakti/ is already used by content/")),
        "{errors:#?}"
    );
}

#[test]
fn a_folder_of_pages_without_index_is_a_warning() {
    let site = Site::fixture("basic");
    site.write("content/projekti/a.md", "---\ntitle: A\n---\nTeksts.\n");
    let result = site.build_ok();
    let d = at(&result, "content/projekti/a.md");
    assert_eq!(
        d.message,
        "folder content/projekti has pages but no _index.md, so no section lists them"
    );
    assert!(help(d).starts_with("add content/projekti/_index.md with a `title:`"));
}

// ---- 12.6: language suffixes

#[test]
fn an_unknown_language_suffix_is_an_error_with_a_suggestion() {
    let site = Site::fixture("basic");
    site.write(
        "content/par-mums.de.md",
        "---\ntitle: Über uns\n---\nText.\n",
    );
    site.write(
        "content/kontakti.eng.md",
        "---\ntitle: Contact\n---\nText.\n",
    );
    let result = site.build();
    let d = at(&result, "content/par-mums.de.md");
    assert_eq!(
        d.message,
        "`de` in the file name is not one of the site's languages (lv, en)"
    );
    assert!(
        help(d).contains("add `de` to `languages` in site.yaml"),
        "{d}"
    );
    let d = at(&result, "content/kontakti.eng.md");
    assert_eq!(help(d), "did you mean `kontakti.en.md`?");
    assert_eq!(common::errors(&result).len(), 2, "{}", result.diagnostics);
}

#[test]
fn the_default_language_suffix_is_accepted_and_a_clash_is_an_error() {
    let site = Site::fixture("basic");
    std::fs::rename(
        site.path("content/kontakti.md"),
        site.path("content/kontakti.lv.md"),
    )
    .unwrap();
    site.build_ok();
    assert!(
        site.page("kontakti/index.html")
            .contains("Rīgā, Brīvības ielā 1.")
    );
    site.write("content/kontakti.md", "---\ntitle: Vēl\n---\nx\n");
    let result = site.build();
    let errors = common::errors(&result);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = at(&result, "content/kontakti.md");
    assert_eq!(
        d.message,
        "content/kontakti.lv.md and content/kontakti.md are both the `lv` version of one page"
    );
}

// ---- 12.7 and 11.5: what the sanitiser removes is said; videos

#[test]
fn removed_raw_html_is_a_warning_with_the_line_and_what_to_do() {
    let site = Site::fixture("basic");
    site.write(
        "content/video.md",
        "---\ntitle: Video\n---\nTeksts.\n\n<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe>\n\n| a | b |\n|---|--:|\n| <span style=\"position:fixed;inset:0\">x</span> | 2 |\n",
    );
    let result = site.build_ok();
    let d = at(&result, "content/video.md:6:1");
    assert_eq!(
        d.message,
        "raw HTML `<iframe>` is removed when the page is published"
    );
    assert_eq!(
        help(d),
        "for a YouTube or Vimeo video write {{< video url=\"…\" title=\"…\" >}} on a line of its own; for anything else link to it"
    );
    let d = at(&result, "content/video.md:10:3");
    assert_eq!(
        d.message,
        "the inline style on `<span>` is removed when the page is published"
    );
    let html = site.page("video/index.html");
    assert!(!html.contains("<iframe") && !html.contains("position:fixed"));
    // The alignment Markdown tables write stays.
    assert!(html.contains("style=\"text-align: right\""), "{html}");
}

#[test]
fn thousands_of_the_same_mistake_give_the_first_ones_and_a_note() {
    let site = Site::fixture("basic");
    let mut text = String::from("---\ntitle: Daudz\n---\n");
    for _ in 0..5000 {
        text.push_str("<b onclick=\"x()\">a</b> ![a](b c) ");
    }
    site.write("content/daudz.md", text);
    let started = std::time::Instant::now();
    let result = site.build();
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let in_file: Vec<&Diagnostic> = result
        .diagnostics
        .iter()
        .filter(|d| d.file.as_deref() == Some(Path::new("content/daudz.md")))
        .collect();
    assert_eq!(in_file.len(), 42, "{}", result.diagnostics);
    assert!(in_file.iter().any(|d| d.message
        == "more problems like the ones above in this file (only the first 20 are shown)"));
}

#[test]
fn the_video_component_loads_nothing_from_the_host_until_asked() {
    let site = Site::fixture("basic");
    site.write(
        "content/video.md",
        "---\ntitle: Video\n---\nTeksts.\n\n{{< video url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" title=\"Alianses gada pārskats\" >}}\n\n{{< video url=\"https://vimeo.com/76979871\" title=\"Konference\" >}}\n",
    );
    let result = site.build_ok();
    assert_eq!(result.diagnostics.len(), 0, "{}", result.diagnostics);
    let html = site.page("video/index.html");
    let main = common::main_of(&html);
    assert!(!main.contains("<iframe"), "{main}");
    assert!(
        main.contains(
            "data-video=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""
        ),
        "{main}"
    );
    assert!(
        main.contains(
            "data-video=\"https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1\""
        )
    );
    let link = common::link_to(main, "Skatīties vietnē YouTube: Alianses gada pārskats");
    assert_eq!(link, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    assert!(main.contains("<button type=\"button\" class=\"video-play\" hidden>"));
    // Nothing on the page is fetched from a video host.
    for attr in ["src", "href"] {
        for value in common::attrs(&html, attr) {
            assert!(
                !value.contains("youtube-nocookie") && !value.contains("player.vimeo"),
                "{attr}={value}"
            );
        }
    }
}

#[test]
fn a_video_address_that_is_not_youtube_or_vimeo_is_an_error() {
    let site = Site::fixture("basic");
    site.write(
        "content/video.md",
        "---\ntitle: Video\n---\n{{< video url=\"https://example.org/a.mp4\" title=\"A\" >}}\n",
    );
    let result = site.build();
    let d = at(&result, "content/video.md:4:1");
    assert_eq!(
        d.message,
        "`https://example.org/a.mp4` is not a YouTube or Vimeo video address"
    );
}

// ---- 12.8: dates and heading levels

#[test]
fn a_page_without_date_in_a_dated_section_is_an_error() {
    let site = Site::fixture("basic");
    site.write("content/jaunumi/bez-datuma.md", "---\ntitle: Bez\n---\nx\n");
    let result = site.build();
    let d = at(&result, "content/jaunumi/bez-datuma.md:1");
    assert!(d.is_error());
    assert_eq!(
        d.message,
        "this page has no `date`, but content/jaunumi/_index.md lists its pages by date"
    );
    assert_eq!(
        help(d),
        "add `date: YYYY-MM-DD` to the front matter, or set `sort: title` or `sort: weight` in content/jaunumi/_index.md"
    );
    // A section none of whose pages has a date is in title order: no error.
    site.remove("content/jaunumi/bez-datuma.md");
    site.write("content/projekti/_index.md", "---\ntitle: Projekti\n---\n");
    site.write("content/projekti/b.md", "---\ntitle: B\n---\nx\n");
    site.write("content/projekti/a.md", "---\ntitle: A\n---\nx\n");
    site.build_ok();
    let list = site.page("projekti/index.html");
    assert!(list.find(">A<").unwrap() < list.find(">B<").unwrap());
}

#[test]
fn a_heading_that_skips_a_level_is_a_warning() {
    let site = Site::fixture("basic");
    site.write(
        "content/limeni.md",
        "---\ntitle: Līmeņi\n---\nIevads.\n\n### Par agri\n\n## Labi\n\n### Labi\n\n##### Par tālu\n",
    );
    let result = site.build_ok();
    let d = at(&result, "content/limeni.md:6:1");
    assert_eq!(
        d.message,
        "heading level 3 (`###`) follows the page's title: level 2 is skipped"
    );
    assert_eq!(
        help(d),
        "write `##` here (screen reader users move by heading levels), or add a `##` heading above it"
    );
    let d = at(&result, "content/limeni.md:12:1");
    assert_eq!(
        d.message,
        "heading level 5 (`#####`) follows a level 3 heading: level 4 is skipped"
    );
    assert_eq!(result.diagnostics.len(), 2, "{}", result.diagnostics);
}

// ---- 12.9: footnotes

#[test]
fn footnotes_have_their_own_ids_and_links_back() {
    let site = Site::fixture("basic");
    site.write(
        "content/piezimes.md",
        "---\ntitle: Piezīmes\n---\nTeksts.[^vesture]\n\n## Vēsture\n\nSk. [piezīmi](#fn-vesture) un [nav](#fn-nav).\n\n[^vesture]: Dibināta 2005. gadā.\n",
    );
    let result = site.build();
    assert_eq!(common::errors(&result).len(), 1, "{}", result.diagnostics);
    let d = at(&result, "content/piezimes.md:8:32");
    assert_eq!(
        d.message,
        "anchor `#fn-nav` does not exist in content/piezimes.md"
    );
    site.edit("content/piezimes.md", " un [nav](#fn-nav)", "");
    site.build_ok();
    let html = site.page("piezimes/index.html");
    assert!(html.contains("<h2 id=\"vesture\">Vēsture</h2>"), "{html}");
    assert!(
        html.contains("<sup class=\"footnote-reference\" id=\"fnref-vesture\"><a href=\"#fn-vesture\">1</a></sup>"),
        "{html}"
    );
    assert!(html.contains("<div class=\"footnote-definition\" id=\"fn-vesture\">"));
    assert!(
        html.contains("<a href=\"#fnref-vesture\" class=\"footnote-backref\" aria-label=\"Atpakaļ uz atsauci 1\">↩</a></div>"),
        "{html}"
    );
    let ids = common::attrs(&html, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
}

// ---- 12.10: icons, menu typos, anchors into generated pages

#[test]
fn an_unknown_area_icon_is_a_warning_listing_the_themes_icons() {
    let site = Site::fixture("basic");
    site.edit(
        "content/data/areas.yaml",
        "- id: lidzdaliba\n",
        "- id: lidzdaliba\n  icon: megafon\n",
    );
    let result = site.build_ok();
    let d = at(&result, "content/data/areas.yaml:1");
    assert_eq!(
        d.message,
        "area `lidzdaliba` has the icon `megafon`, which the theme does not have; a generic icon is shown"
    );
    assert_eq!(
        help(d),
        "did you mean `megaphone`? The theme's icons are: megaphone, ballot, coins, toolbox, lightbulb, search"
    );
}

#[test]
fn a_menu_link_with_a_typo_gets_a_suggestion() {
    let site = Site::fixture("basic");
    site.edit(
        "content/site.yaml",
        "url: \"par-mums.md\"",
        "url: \"par-mum.md\"",
    );
    site.edit(
        "content/site.yaml",
        "url: \"/biedri/\"",
        "url: \"/biedrii/\"",
    );
    let result = site.build();
    let d = at(&result, "content/site.yaml:15");
    assert_eq!(
        d.message,
        "menu item `Par mums` links to `par-mum.md`, which is not a page"
    );
    assert_eq!(help(d), "did you mean `par-mums.md`?");
    let d = at(&result, "content/site.yaml:16");
    assert_eq!(
        d.message,
        "menu item `Biedri`: link to /biedrii/: the site has no such page or file"
    );
    assert_eq!(help(d), "did you mean `/biedri/`?");
}

#[test]
fn anchors_into_generated_pages_are_checked() {
    let site = Site::fixture("basic");
    site.edit(
        "content/kontakti.md",
        "Rakstiet mums.",
        "Rakstiet mums. Sk. [biedrus](/biedri/#main) un [filtrus](/biedri/#filtri).",
    );
    site.edit(
        "content/site.yaml",
        "url: \"/biedri/\"",
        "url: \"/biedri/#nav\"",
    );
    let result = site.build();
    let errors = common::errors(&result);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let d = at(&result, "content/kontakti.md:4:48");
    assert_eq!(
        d.message,
        "anchor `#filtri` does not exist in /biedri/ (a page alianse generates)"
    );
    assert!(help(d).starts_with("the ids on that page are: "), "{d}");
    assert!(help(d).contains("main"), "{d}");
    let d = at(&result, "content/site.yaml:16");
    assert_eq!(
        d.message,
        "menu item `Biedri`: anchor `#nav` does not exist in /biedri/ (a page alianse generates)"
    );
}

// ---- 11.15: explicit heading ids win

#[test]
fn explicit_heading_ids_win_and_twice_is_an_error() {
    let site = Site::fixture("basic");
    site.write(
        "content/id.md",
        "---\ntitle: Id\n---\n## A\n\n## A\n\n## B {#a-1}\n\n[uz B](#a-1)\n",
    );
    site.build_ok();
    let html = site.page("id/index.html");
    assert!(html.contains("<h2 id=\"a\">A</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"a-2\">A</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"a-1\">B</h2>"), "{html}");
    site.write(
        "content/id.md",
        "---\ntitle: Id\n---\n## A {#x}\n\n## B {#x}\n",
    );
    let result = site.build();
    let d = at(&result, "content/id.md:6:1");
    assert_eq!(d.message, "two headings of this page have the id `x`");
    assert_eq!(common::errors(&result).len(), 1);
}
