//! Broken inputs, one defect each. For every case: a good build first makes
//! output/; then the defect is put in and `alianse build` must exit 1, name
//! the file (and line where there is one), say what to do (`help:`), not
//! panic, and leave output/ byte-for-byte as it was.

mod site_fixture;

use std::path::Path;

use site_fixture::{build, site, snapshot, write};

struct Case {
    name: &'static str,
    /// Puts the defect into the site at this root.
    setup: fn(&Path),
    /// Substrings the error output must contain (place first, then message).
    expect: &'static [&'static str],
}

fn page(root: &Path, rel: &str, text: &str) {
    write(root, &format!("content/{rel}"), text.as_bytes());
}

fn data(root: &Path, rel: &str, text: &str) {
    write(root, &format!("content/data/{rel}"), text.as_bytes());
}

fn template(root: &Path, name: &str, text: &str) {
    write(root, &format!("templates/{name}"), text.as_bytes());
}

const MEMBER: &str = "- id: biedriba-a\n  name: Biedrība A\n  kind: association\n";

fn alias_bomb() -> String {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..20 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        bomb.push_str(&format!(
            "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    bomb
}

fn cases() -> Vec<Case> {
    vec![
        // ---- front matter ----
        Case {
            name: "front matter not closed",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\n\nText without the closing line.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:1",
                "unterminated front matter",
                "help: add a line with only ---",
            ],
        },
        Case {
            name: "no front matter",
            setup: |r| page(r, "jaunumi/a.md", "# Just a heading\n\nText.\n"),
            expect: &[
                "content/jaunumi/a.md:1",
                "missing front matter",
                "help: start the file with ---",
            ],
        },
        Case {
            name: "front matter is invalid YAML",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\ndate: [2024-01-01\n---\nText.\n",
                )
            },
            expect: &["content/jaunumi/a.md:", "invalid YAML", "help:"],
        },
        Case {
            name: "front matter title is a list",
            setup: |r| page(r, "jaunumi/a.md", "---\ntitle: [a, b]\n---\nText.\n"),
            expect: &["content/jaunumi/a.md:2", "help:"],
        },
        Case {
            name: "front matter draft is not a boolean",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\ndraft: maybe\n---\nText.\n",
                )
            },
            expect: &["content/jaunumi/a.md:3", "help:"],
        },
        Case {
            name: "front matter weight is text",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\nweight: heavy\n---\nText.\n",
                )
            },
            expect: &["content/jaunumi/a.md:3", "help:"],
        },
        Case {
            name: "front matter unknown key",
            setup: |r| page(r, "jaunumi/a.md", "---\ntitle: A\nsumary: x\n---\nText.\n"),
            expect: &[
                "content/jaunumi/a.md:3",
                "unknown key `sumary`",
                "help: did you mean `summary`?",
            ],
        },
        Case {
            name: "front matter impossible date",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\ndate: 2024-13-45\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:3",
                "`date` is not a valid date: `2024-13-45`",
                "help: write the date as YYYY-MM-DD",
            ],
        },
        Case {
            name: "front matter date in another format",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\nupdated: 5.03.2024\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:3",
                "`updated` is not a valid date",
                "help: write the date as YYYY-MM-DD",
            ],
        },
        Case {
            name: "front matter without title",
            setup: |r| page(r, "jaunumi/a.md", "---\ndate: 2024-01-01\n---\nText.\n"),
            expect: &[
                "content/jaunumi/a.md:",
                "missing required key `title`",
                "help: add `title:`",
            ],
        },
        Case {
            name: "front matter empty title",
            setup: |r| page(r, "jaunumi/a.md", "---\ntitle: \"  \"\n---\nText.\n"),
            expect: &[
                "content/jaunumi/a.md:2",
                "the title is empty",
                "help: give the page a title",
            ],
        },
        Case {
            name: "slug with a slash",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\nslug: ../../etc\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:3",
                "slug `../../etc` is not a single URL segment",
                "help: use lowercase letters",
            ],
        },
        Case {
            name: "slug reserved on Windows",
            setup: |r| page(r, "jaunumi/a.md", "---\ntitle: A\nslug: con\n---\nText.\n"),
            expect: &[
                "content/jaunumi/a.md:3",
                "slug `con` is a name Windows reserves",
                "help: choose another slug",
            ],
        },
        Case {
            name: "file name reserved on Windows",
            setup: |r| page(r, "jaunumi/aux.md", "---\ntitle: A\n---\nText.\n"),
            expect: &[
                "content/jaunumi/aux.md",
                "cannot be written as a file on every system",
                "help: rename the file",
            ],
        },
        Case {
            name: "sort on a page that is not a section",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\nsort: title\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:3",
                "`sort` only works in a section's _index.md",
                "help: move it",
            ],
        },
        Case {
            name: "paginate zero",
            setup: |r| {
                page(
                    r,
                    "jaunumi/_index.md",
                    "---\ntitle: Jaunumi\npaginate: 0\n---\n",
                )
            },
            expect: &[
                "content/jaunumi/_index.md:3",
                "paginate must be at least 1",
                "help:",
            ],
        },
        Case {
            name: "sort with an unknown order",
            setup: |r| {
                page(
                    r,
                    "jaunumi/_index.md",
                    "---\ntitle: Jaunumi\nsort: newest\n---\n",
                )
            },
            expect: &["content/jaunumi/_index.md:3", "help:"],
        },
        Case {
            name: "page names an unknown area",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\nareas: [lidzdalba]\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:3",
                "unknown activity area `lidzdalba`",
                "help: did you mean `lidzdaliba`?",
            ],
        },
        Case {
            name: "alias escaping the output folder",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\naliases: [\"/../../outside/\"]\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:3",
                "alias `/../../outside/` is not a safe site path",
                "help: write a path from the site root",
            ],
        },
        Case {
            name: "alias with a Windows drive",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\naliases: ['C:\\Windows\\x']\n---\nText.\n",
                )
            },
            expect: &["content/jaunumi/a.md:3", "is not a safe site path", "help:"],
        },
        Case {
            name: "alias taken by a page",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\naliases: [/par-mums/]\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:3",
                "alias /par-mums/ is already used by content/par-mums.md",
                "help: remove the alias",
            ],
        },
        Case {
            name: "alias differing from a page only by case",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\naliases: [/Par-Mums/]\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:3",
                "alias /Par-Mums/ is already used by content/par-mums.md",
                "help:",
            ],
        },
        Case {
            name: "two pages with the same URL",
            setup: |r| page(r, "jaunumi/b.md", "---\ntitle: B\nslug: a\n---\nText.\n"),
            expect: &[
                "content/jaunumi/",
                "is already used by",
                "help: set a different `slug:`",
            ],
        },
        Case {
            name: "static files differing only by case",
            setup: |r| write(r, "content/static/Logo.svg", b"<svg/>"),
            expect: &[
                "content/static/",
                "differs only in case",
                "help: on Windows and macOS",
            ],
        },
        Case {
            name: "page is an empty file",
            setup: |r| page(r, "jaunumi/a.md", ""),
            expect: &["content/jaunumi/a.md:1", "missing front matter", "help:"],
        },
        Case {
            name: "page is not UTF-8",
            setup: |r| {
                write(
                    r,
                    "content/jaunumi/a.md",
                    b"---\ntitle: Zi\xf2as\n---\nText.\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:2:10",
                "not valid UTF-8",
                "help: save it as UTF-8",
            ],
        },
        Case {
            name: "front matter alias bomb",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    &format!(
                        "---\ntitle: A\nextra:\n{}---\nText.\n",
                        alias_bomb()
                            .lines()
                            .map(|l| format!("  {l}\n"))
                            .collect::<String>()
                    ),
                )
            },
            expect: &["content/jaunumi/a.md:", "help:"],
        },
        Case {
            name: "unknown template named in front matter",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\ndate: 2024-01-01\ntemplate: nav.html\n---\nText.\n",
                )
            },
            expect: &["content/jaunumi/a.md", "nav.html", "help:"],
        },
        // ---- links and anchors ----
        Case {
            name: "link to a missing page",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\n---\nText.\n\nSee [contacts](../kontakti.md).\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:6:5",
                "link to `../kontakti.md`: there is no page content/kontakti.md",
                "help:",
            ],
        },
        Case {
            name: "link to a missing anchor",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\n---\nSee [aim](../par-mums.md#merkis).\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:4:5",
                "anchor `#merkis` does not exist in content/par-mums.md",
                "help: the headings there are: #musu-merkis",
            ],
        },
        Case {
            name: "link to a missing anchor on the same page",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\n---\n## Sākums\n\nSee [below](#beigas).\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:6:5",
                "anchor `#beigas` does not exist",
                "help:",
            ],
        },
        Case {
            name: "link to a missing site path",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\n---\nSee [members](/biedri/nav-tada/).\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:4:5",
                "link to /biedri/nav-tada/: the site has no such page or file",
                "help:",
            ],
        },
        Case {
            name: "link climbing out of content",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\n---\nSee [x](../../../etc/passwd.md).\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:4:5",
                "goes outside the content folder",
                "help: link to a page inside content/",
            ],
        },
        Case {
            name: "relative link to nothing",
            setup: |r| {
                page(
                    r,
                    "jaunumi/a.md",
                    "---\ntitle: A\n---\nThe [report](zinojums.pdf).\n",
                )
            },
            expect: &[
                "content/jaunumi/a.md:4:5",
                "link to `zinojums.pdf` (that is /jaunumi/a/zinojums.pdf) leads to nothing the site has",
                "help:",
            ],
        },
        // ---- data: members ----
        Case {
            name: "members.yaml syntax error",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: a\n  name: [Biedrība\n  kind: association\n",
                )
            },
            expect: &["content/data/members.yaml:", "invalid YAML", "help:"],
        },
        Case {
            name: "members.yaml unknown kind",
            setup: |r| data(r, "members.yaml", "- id: a\n  name: A\n  kind: company\n"),
            expect: &["content/data/members.yaml:3", "help:"],
        },
        Case {
            name: "members.yaml joined is text",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: a\n  name: A\n  kind: association\n  joined: long ago\n",
                )
            },
            expect: &["content/data/members.yaml:4", "help:"],
        },
        Case {
            name: "members.yaml is a map, not a list",
            setup: |r| data(r, "members.yaml", "id: a\nname: A\nkind: association\n"),
            expect: &["content/data/members.yaml:1", "help:"],
        },
        Case {
            name: "members.yaml unknown key",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: a\n  name: A\n  kind: association\n  webiste: https://example.org/\n",
                )
            },
            expect: &[
                "content/data/members.yaml:4",
                "unknown key `webiste`",
                "help: did you mean `website`?",
            ],
        },
        Case {
            name: "members.yaml missing name",
            setup: |r| data(r, "members.yaml", "- id: a\n  kind: association\n"),
            expect: &[
                "content/data/members.yaml:",
                "missing required key `name`",
                "help: add `name:`",
            ],
        },
        Case {
            name: "duplicate member id",
            setup: |r| data(r, "members.yaml", &format!("{MEMBER}{MEMBER}")),
            expect: &[
                "content/data/members.yaml:4:7",
                "duplicate member id `biedriba-a` (first used on line 1)",
                "help: give each entry its own id",
            ],
        },
        Case {
            name: "member id is not a slug",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: Biedrība A\n  name: A\n  kind: association\n",
                )
            },
            expect: &[
                "content/data/members.yaml:1",
                "member id `Biedrība A` is not a slug",
                "help: ids become URLs",
                "`biedriba-a`",
            ],
        },
        Case {
            name: "member id reserved on Windows",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: nul\n  name: A\n  kind: association\n",
                )
            },
            expect: &[
                "content/data/members.yaml:1",
                "member id `nul` is a name Windows reserves",
                "help:",
            ],
        },
        Case {
            name: "member names an unknown area",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: a\n  name: A\n  kind: association\n  areas: [izglitba]\n",
                )
            },
            expect: &[
                "content/data/members.yaml:4",
                "unknown activity area `izglitba`",
                "help: did you mean `izglitiba`?",
            ],
        },
        Case {
            name: "member joined out of range",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: a\n  name: A\n  kind: association\n  joined: 20100\n",
                )
            },
            expect: &[
                "content/data/members.yaml:4",
                "`joined` is 20100, which is not a year",
                "help:",
            ],
        },
        Case {
            name: "member logo missing",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: a\n  name: A\n  kind: association\n  logo: logos/nav.png\n",
                )
            },
            expect: &[
                "content/data/members.yaml:4",
                "logo `logos/nav.png` is not a file under content/static/",
                "help:",
            ],
        },
        Case {
            name: "member website is a script",
            setup: |r| {
                data(
                    r,
                    "members.yaml",
                    "- id: a\n  name: A\n  kind: association\n  website: \"javascript:alert(1)\"\n",
                )
            },
            expect: &[
                "content/data/members.yaml:4",
                "website `javascript:alert(1)` is not a web address",
                "help: write the full address",
            ],
        },
        Case {
            name: "members.yaml not UTF-8",
            setup: |r| {
                write(
                    r,
                    "content/data/members.yaml",
                    b"- id: a\n  name: Biedr\xeeba\n  kind: association\n",
                )
            },
            expect: &[
                "content/data/members.yaml:2:14",
                "not valid UTF-8",
                "help: save it as UTF-8",
            ],
        },
        Case {
            name: "members.yaml with 100,000 entries and one duplicate",
            setup: |r| {
                let mut text = String::with_capacity(4_000_000);
                for i in 0..100_000 {
                    text.push_str(&format!("- {{id: m{i}, name: M, kind: other}}\n"));
                }
                text.push_str("- {id: m5, name: M, kind: other}\n");
                data(r, "members.yaml", &text);
            },
            expect: &[
                "content/data/members.yaml:100001",
                "duplicate member id `m5` (first used on line 6)",
                "help:",
            ],
        },
        Case {
            name: "members.yaml deeply nested",
            setup: |r| {
                let depth = 10_000;
                let text = format!(
                    "- id: a\n  name: {}x{}\n",
                    "[".repeat(depth),
                    "]".repeat(depth)
                );
                data(r, "members.yaml", &text);
            },
            expect: &[
                "content/data/members.yaml:2",
                "too large or too deeply nested",
                "help: split the file",
            ],
        },
        Case {
            name: "members.yaml alias bomb",
            setup: |r| {
                let bomb: String = alias_bomb().lines().map(|l| format!("    {l}\n")).collect();
                data(
                    r,
                    "members.yaml",
                    &format!("- id: a\n  name: A\n  kind: other\n  description:\n{bomb}"),
                );
            },
            expect: &[
                "content/data/members.yaml:",
                "too large or too deeply nested",
                "help: split the file",
            ],
        },
        // ---- data: areas ----
        Case {
            name: "areas.yaml duplicate id",
            setup: |r| {
                data(
                    r,
                    "areas.yaml",
                    "- {id: lidzdaliba, name: A}\n- {id: izglitiba, name: B}\n- {id: lidzdaliba, name: C}\n",
                )
            },
            expect: &[
                "content/data/areas.yaml:3",
                "duplicate area id `lidzdaliba` (first used on line 1)",
                "help:",
            ],
        },
        Case {
            name: "areas.yaml name is a number list",
            setup: |r| {
                data(
                    r,
                    "areas.yaml",
                    "- id: lidzdaliba\n  name: [1, 2]\n- {id: izglitiba, name: B}\n",
                )
            },
            expect: &[
                "content/data/areas.yaml:2",
                "expected text, or a text per language",
                "help: write `key: Text`",
                "1 error found",
            ],
        },
        // ---- data: reports ----
        Case {
            name: "report score above 7",
            setup: |r| {
                data(
                    r,
                    "reports/2023.yaml",
                    "year: 2023\ntitle: T\ndimensions:\n  advocacy: {score: 7.5}\n",
                )
            },
            expect: &[
                "content/data/reports/2023.yaml:4",
                "advocacy score 7.5 is outside the scale 1–7",
                "help: CSOSI scores run from 1.0",
            ],
        },
        Case {
            name: "report overall below 1",
            setup: |r| data(r, "reports/2023.yaml", "year: 2023\ntitle: T\noverall: 0\n"),
            expect: &[
                "content/data/reports/2023.yaml:3",
                "overall score 0 is outside the scale 1–7",
                "help:",
            ],
        },
        Case {
            name: "report score is not a number",
            setup: |r| {
                data(
                    r,
                    "reports/2023.yaml",
                    "year: 2023\ntitle: T\noverall: .nan\n",
                )
            },
            expect: &[
                "content/data/reports/2023.yaml:3",
                "overall score NaN is outside the scale 1–7",
                "help:",
            ],
        },
        Case {
            name: "report score is text",
            setup: |r| {
                data(
                    r,
                    "reports/2023.yaml",
                    "year: 2023\ntitle: T\noverall: good\n",
                )
            },
            expect: &["content/data/reports/2023.yaml:3", "help:"],
        },
        Case {
            name: "report year does not match the file",
            setup: |r| data(r, "reports/2023.yaml", "year: 2032\ntitle: T\n"),
            expect: &[
                "content/data/reports/2023.yaml:1",
                "year 2032 does not match the file name 2023.yaml",
                "help: rename the file",
            ],
        },
        Case {
            name: "report year given twice",
            setup: |r| data(r, "reports/2023.yml", "year: 2023\ntitle: T\n"),
            expect: &[
                "content/data/reports/2023.yml:1",
                "the report for 2023 is given twice",
                "help: keep one file per year",
            ],
        },
        Case {
            name: "report unknown dimension",
            setup: |r| {
                data(
                    r,
                    "reports/2023.yaml",
                    "year: 2023\ntitle: T\ndimensions:\n  advocacy: {score: 2}\n  public_imgae: {score: 3}\n",
                )
            },
            expect: &[
                "content/data/reports/2023.yaml:5",
                "unknown key `public_imgae`",
                "help: did you mean `public_image`?",
            ],
        },
        Case {
            name: "report is an empty file",
            setup: |r| data(r, "reports/2023.yaml", ""),
            expect: &["content/data/reports/2023.yaml", "help:"],
        },
        Case {
            name: "report pdf is a script",
            setup: |r| {
                data(
                    r,
                    "reports/2023.yaml",
                    "year: 2023\ntitle: T\npdf: \"javascript:alert(1)\"\n",
                )
            },
            expect: &[
                "content/data/reports/2023.yaml:3",
                "pdf `javascript:alert(1)` is neither a web address nor a path",
                "help:",
            ],
        },
        Case {
            name: "report narrative without data",
            setup: |r| page(r, "reports/2030.md", "---\ntitle: 2030\n---\nText.\n"),
            expect: &[
                "content/reports/2030.md:1",
                "narrative for 2030, but there is no data/reports/2030.yaml",
                "help: add the report's data file",
            ],
        },
        Case {
            name: "bands syntax error",
            setup: |r| {
                data(
                    r,
                    "reports/_bands.yaml",
                    "- {min: 1.0, max: 3.0, label: A\n",
                )
            },
            expect: &["content/data/reports/_bands.yaml:", "invalid YAML", "help:"],
        },
        Case {
            name: "bands missing max",
            setup: |r| data(r, "reports/_bands.yaml", "- {min: 1.0, label: A}\n"),
            expect: &[
                "content/data/reports/_bands.yaml:1",
                "missing required key `max`",
                "help: add `max:`",
            ],
        },
        // ---- site.yaml ----
        Case {
            name: "site.yaml syntax error",
            setup: |r| {
                write(
                    r,
                    "content/site.yaml",
                    site_fixture::SITE_YAML
                        .replace(
                            "title: {lv: Alianse, en: Alliance}",
                            "title: {lv: Alianse, en: Alliance",
                        )
                        .as_bytes(),
                )
            },
            expect: &["content/site.yaml:", "invalid YAML", "help:"],
        },
        Case {
            name: "site.yaml unknown key",
            setup: |r| {
                write(
                    r,
                    "content/site.yaml",
                    format!("{}paginat: 5\n", site_fixture::SITE_YAML).as_bytes(),
                )
            },
            expect: &[
                "content/site.yaml:19",
                "unknown key `paginat`",
                "help: did you mean `paginate`?",
            ],
        },
        Case {
            name: "site.yaml default language not listed",
            setup: |r| {
                write(
                    r,
                    "content/site.yaml",
                    site_fixture::SITE_YAML
                        .replace("default_language: lv", "default_language: de")
                        .as_bytes(),
                )
            },
            expect: &[
                "content/site.yaml:4",
                "default_language `de` is not one of `languages`",
                "help:",
            ],
        },
        Case {
            name: "site.yaml base_url not absolute",
            setup: |r| {
                write(
                    r,
                    "content/site.yaml",
                    site_fixture::SITE_YAML
                        .replace("base_url: https://example.org/", "base_url: example.org")
                        .as_bytes(),
                )
            },
            expect: &[
                "content/site.yaml:3",
                "base_url `example.org/` is not an absolute http(s) URL",
                "help:",
            ],
        },
        Case {
            name: "site.yaml raw_html with an unknown value",
            setup: |r| {
                write(
                    r,
                    "content/site.yaml",
                    format!("{}markdown: {{raw_html: maybe}}\n", site_fixture::SITE_YAML)
                        .as_bytes(),
                )
            },
            expect: &["content/site.yaml:19", "help:"],
        },
        Case {
            name: "site.yaml menu links a missing page",
            setup: |r| {
                write(
                    r,
                    "content/site.yaml",
                    site_fixture::SITE_YAML
                        .replace("url: par-mums.md", "url: par-mum.md")
                        .as_bytes(),
                )
            },
            expect: &[
                "content/site.yaml",
                "menu item `Par mums` links to `par-mum.md`, which is not a page",
                "help:",
            ],
        },
        Case {
            name: "site.yaml menu links a script",
            setup: |r| {
                write(
                    r,
                    "content/site.yaml",
                    site_fixture::SITE_YAML
                        .replace("url: /biedri/", "url: \"javascript:alert(1)\"")
                        .as_bytes(),
                )
            },
            expect: &[
                "content/site.yaml:16",
                "menu item `Biedri` links to a script URL",
                "help:",
            ],
        },
        Case {
            name: "site.yaml empty",
            setup: |r| write(r, "content/site.yaml", b""),
            expect: &["content/site.yaml", "help:"],
        },
        Case {
            name: "site.yaml not UTF-8",
            setup: |r| write(r, "content/site.yaml", b"title: Alian\xe7e\n"),
            expect: &["content/site.yaml:1:13", "not valid UTF-8", "help:"],
        },
        Case {
            name: "site.yaml names a missing theme",
            setup: |r| {
                write(
                    r,
                    "content/site.yaml",
                    site_fixture::SITE_YAML
                        .replace("theme: default", "theme: zils")
                        .as_bytes(),
                )
            },
            expect: &["content/site.yaml:8", "theme `zils` not found", "help:"],
        },
        // ---- templates ----
        Case {
            name: "template syntax error",
            setup: |r| {
                template(
                    r,
                    "page.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n{% if page.title %}\n<h1>{{ page.title }}</h1>\n{% endblock content %}\n",
                )
            },
            expect: &[
                "templates/page.html:5",
                "template error",
                "help: fix the template syntax",
            ],
        },
        Case {
            name: "template unknown variable",
            setup: |r| {
                template(
                    r,
                    "page.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n<p>{{ page.nav_tada }}</p>\n{% endblock content %}\n",
                )
            },
            expect: &["templates/page.html:4", "template error", "help:"],
        },
        Case {
            name: "template unknown filter",
            setup: |r| {
                template(
                    r,
                    "page.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n\n<h1>{{ page.title | kliedz }}</h1>\n{% endblock content %}\n",
                )
            },
            expect: &["templates/page.html:4", "template error", "help:"],
        },
        Case {
            name: "template not UTF-8",
            setup: |r| {
                write(
                    r,
                    "templates/page.html",
                    b"{% extends \"base.html\" %}\n\xff\n",
                )
            },
            expect: &["templates/page.html:2:1", "not valid UTF-8", "help:"],
        },
        // ---- files ----
        Case {
            name: "symlink loop in content",
            setup: |r| symlink(&r.join("content"), &r.join("content/jaunumi/cilpa")),
            expect: &[
                "content/jaunumi/cilpa",
                "symbolic link loop",
                "help: remove or fix the symbolic link",
            ],
        },
        Case {
            name: "page linking outside the site",
            setup: |r| {
                let outside = r.parent().unwrap().join("secret.md");
                std::fs::write(&outside, "---\ntitle: Secret\n---\nkey\n").unwrap();
                symlink(&outside, &r.join("content/jaunumi/secret.md"));
            },
            expect: &[
                "content/jaunumi/secret.md",
                "outside the site",
                "help: copy the files into content/",
            ],
        },
        Case {
            name: "content folder linking outside the site",
            setup: |r| {
                let outside = r.parent().unwrap().join("other-site");
                std::fs::create_dir_all(&outside).unwrap();
                std::fs::write(outside.join("b.md"), "---\ntitle: B\n---\n").unwrap();
                symlink(&outside, &r.join("content/jaunumi/other"));
            },
            expect: &["content/jaunumi/other", "outside the site", "help:"],
        },
        Case {
            name: "data file linking outside the site",
            setup: |r| {
                let outside = r.parent().unwrap().join("members.yaml");
                std::fs::write(&outside, "- {id: x, name: X, kind: other}\n").unwrap();
                std::fs::remove_file(r.join("content/data/members.yaml")).unwrap();
                symlink(&outside, &r.join("content/data/members.yaml"));
            },
            expect: &[
                "content/data/members.yaml",
                "outside the site",
                "help: copy the file into content/data/",
            ],
        },
        Case {
            name: "static file linking outside the site",
            setup: |r| {
                let outside = r.parent().unwrap().join("secret.txt");
                std::fs::write(&outside, "secret").unwrap();
                symlink(&outside, &r.join("content/static/secret.txt"));
            },
            expect: &[
                "content/static/secret.txt",
                "outside the site",
                "help: copy the file into content/static/",
            ],
        },
        Case {
            name: "static folder linking outside the site",
            setup: |r| {
                let outside = r.parent().unwrap().join("etc");
                std::fs::create_dir_all(&outside).unwrap();
                std::fs::write(outside.join("passwd"), "root:x:0:0").unwrap();
                symlink(&outside, &r.join("content/static/etc"));
            },
            expect: &["content/static/etc/passwd", "outside the site", "help:"],
        },
        Case {
            name: "20 MB page with a broken link at the end",
            setup: |r| {
                let paragraph = "Pilsoniskā sabiedrība ir **stipra**, ja tā ir _iesaistīta_; sk. [sākumu](../_index.md).\n\n";
                let mut text = String::from("---\ntitle: Liela lapa\n---\n");
                while text.len() < 20 * 1024 * 1024 {
                    text.push_str(paragraph);
                }
                let line = text.lines().count() + 1;
                assert!(line > 200_000);
                text.push_str("[nav](nav.md)\n");
                page(r, "jaunumi/liela.md", &text);
            },
            expect: &[
                "content/jaunumi/liela.md:",
                "link to `nav.md`: there is no page content/jaunumi/nav.md",
                "help:",
            ],
        },
    ]
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn every_broken_input_gets_a_clear_error_and_output_stays() {
    let all = cases();
    assert!(all.len() >= 40, "only {} cases", all.len());
    let mut failures = Vec::new();
    for case in &all {
        let dir = site();
        let root = dir.path();
        let good = build(root);
        assert_eq!(
            good.code, 0,
            "{}: the good site must build:\n{}",
            case.name, good.stderr
        );
        let before = snapshot(&root.join("output"));
        assert!(before.len() > 10);
        (case.setup)(root);
        let run = build(root);
        let after = snapshot(&root.join("output"));
        if std::env::var_os("HARDENING_SHOW").is_some() {
            eprintln!("== {}\n{}", case.name, run.stderr);
        }
        let mut problems = Vec::new();
        if run.code != 1 {
            problems.push(format!("exit code {} instead of 1", run.code));
        }
        if run.stderr.contains("panicked") {
            problems.push("panicked".to_string());
        }
        if !run.stderr.contains("nothing was written") {
            problems.push("no `nothing was written` line".to_string());
        }
        for want in case.expect {
            if !run.stderr.contains(want) {
                problems.push(format!("missing `{want}`"));
            }
        }
        // The first error line names the file, so it starts `error: content/` or `error: templates/`.
        let first_error = run
            .stderr
            .lines()
            .find(|l| l.starts_with("error: "))
            .unwrap_or("");
        if !(first_error.starts_with("error: content/")
            || first_error.starts_with("error: templates/"))
        {
            problems.push(format!("first error names no file: `{first_error}`"));
        }
        if before != after {
            problems.push("output/ changed".to_string());
        }
        // No scratch files or folders left in the site.
        let mut top: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        top.sort();
        top.retain(|n| n != "templates");
        if top != ["content", "output"] {
            problems.push(format!("the site folder now holds {top:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "== {}: {}\n{}",
                case.name,
                problems.join("; "),
                run.stderr.chars().take(3000).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// Content that is valid but extreme must build, and not slowly: each of
/// these once took time growing with the square (or cube) of its size.
#[test]
fn pathological_content_builds() {
    let dir = site();
    let root = dir.path();
    let mut same_headings = String::from("---\ntitle: Virsraksti\n---\n");
    for _ in 0..20_000 {
        same_headings.push_str("## Sadaļa\n\n");
    }
    same_headings.push_str("[pēdējā](#sadala-19999) [pirmā](#sadala)\n");
    page(root, "virsraksti.md", &same_headings);

    let mut many_links = String::from("---\ntitle: Saites\n---\n## A\n\n");
    for i in 0..50_000 {
        many_links.push_str(&format!(
            "[{i}](#a) [x](virsraksti.md#sadala-{}) ",
            i % 19_999 + 1
        ));
    }
    page(root, "saites.md", &many_links);

    let nested = format!(
        "---\ntitle: Ligzdas\n---\n{}citāts\n\n{}\n\n{}x{}\n\n{}\n",
        "> ".repeat(10_000),
        "<div>".repeat(20_000),
        "[".repeat(50_000),
        "]".repeat(50_000),
        "*_".repeat(50_000),
    );
    page(root, "ligzdas.md", &nested);
    let mut list = String::from("---\ntitle: Saraksts\n---\n");
    for depth in 0..1_000 {
        list.push_str(&"  ".repeat(depth));
        list.push_str("- punkts\n");
    }
    page(root, "saraksts.md", &list);

    let run = build(root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    let html = std::fs::read_to_string(root.join("output/virsraksti/index.html")).unwrap();
    assert!(html.contains("id=\"sadala-19999\""));
}
