//! `alianse new DIR`: a minimal site that builds with the built-in theme.

use std::path::Path;

use crate::error::{Diagnostic, ErrorKind};

const FILES: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        "title: {lv: Mana alianse, en: My alliance}\ndescription: {lv: \"Nevalstisko organizāciju apvienība\", en: \"An alliance of non-governmental organisations\"}\nbase_url: https://example.org/\ndefault_language: lv\nlanguages:\n  lv: {name: Latviešu, locale: lv-LV}\n  en: {name: English, locale: en-GB}\ntheme: default\ncollections:\n  members: {lv: biedri, en: members}\n  areas: {lv: darbibas-jomas, en: areas}\n  reports: {lv: zinojumi, en: reports}\nmenu:\n  lv:\n    - {name: Par mums, url: par-mums.md}\n    - {name: Jaunumi, url: jaunumi/_index.md}\n    - {name: Biedri, url: /biedri/}\n  en:\n    - {name: About, url: par-mums.en.md}\n    - {name: News, url: jaunumi/_index.en.md}\n    - {name: Members, url: /en/members/}\nfeeds: {section: jaunumi}\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Mana alianse\n---\nLaipni lūdzam! Šo tekstu var mainīt failā `content/_index.md`.\n",
    ),
    (
        "content/_index.en.md",
        "---\ntitle: My alliance\n---\nWelcome! Change this text in `content/_index.en.md`.\n",
    ),
    (
        "content/par-mums.md",
        "---\ntitle: Par mums\n---\n## Mūsu mērķis\n\nPastāstiet par savu organizāciju.\n",
    ),
    (
        "content/par-mums.en.md",
        "---\ntitle: About us\nslug: about\n---\n## Our aim\n\nTell readers about your organisation.\n",
    ),
    (
        "content/data/areas.yaml",
        "- id: lidzdaliba\n  name: {lv: Līdzdalība, en: Participation}\n  summary: {lv: Sabiedrības līdzdalība lēmumu pieņemšanā., en: Public participation in decision making.}\n",
    ),
    (
        "content/jaunumi/_index.md",
        "---\ntitle: Jaunumi\nsort: date\n---\n",
    ),
    (
        "content/jaunumi/_index.en.md",
        "---\ntitle: News\nsort: date\n---\n",
    ),
    ("content/data/members.yaml", "[]\n"),
    ("content/static/.gitkeep", ""),
    (".github/workflows/publish.yml", GITHUB_PAGES),
    (".gitlab-ci.yml", GITLAB_PAGES),
];

/// GitHub Pages: build on every push to `main` (a save in the web editor is
/// a push) and publish output/. Settings → Pages → Source: GitHub Actions.
const GITHUB_PAGES: &str = concat!(
    "# Builds the site on every push to main (a save in the web editor at /admin/\n",
    "# is a push) and publishes it with GitHub Pages.\n",
    "# Once: Settings -> Pages -> Build and deployment -> Source: GitHub Actions.\n",
    "name: Publish\n",
    "on:\n",
    "  push:\n",
    "    branches: [main]\n",
    "  workflow_dispatch:\n",
    "permissions:\n",
    "  contents: read\n",
    "  pages: write\n",
    "  id-token: write\n",
    "concurrency:\n",
    "  group: pages\n",
    "  cancel-in-progress: true\n",
    "env:\n",
    "  # Where alianse's source lives, and the release to install.\n",
    "  ALIANSE_SOURCE: https://github.com/OWNER/alianse.git\n",
    "  ALIANSE_TAG: v",
    env!("CARGO_PKG_VERSION"),
    "\n",
    "jobs:\n",
    "  build:\n",
    "    runs-on: ubuntu-latest\n",
    "    steps:\n",
    "      - uses: actions/checkout@v4\n",
    "      - id: pages\n",
    "        uses: actions/configure-pages@v5\n",
    "      - name: Cache alianse\n",
    "        id: cache\n",
    "        uses: actions/cache@v4\n",
    "        with:\n",
    "          path: ~/.cargo/bin/alianse\n",
    "          key: alianse-${{ runner.os }}-${{ env.ALIANSE_TAG }}\n",
    "      - name: Install alianse\n",
    "        if: steps.cache.outputs.cache-hit != 'true'\n",
    "        run: cargo install --locked --git \"$ALIANSE_SOURCE\" --tag \"$ALIANSE_TAG\" alianse\n",
    "      - name: Build\n",
    "        run: ~/.cargo/bin/alianse build --base-url \"${{ steps.pages.outputs.base_url }}/\"\n",
    "      - uses: actions/upload-pages-artifact@v3\n",
    "        with:\n",
    "          path: output\n",
    "  deploy:\n",
    "    needs: build\n",
    "    runs-on: ubuntu-latest\n",
    "    environment:\n",
    "      name: github-pages\n",
    "      url: ${{ steps.deployment.outputs.page_url }}\n",
    "    steps:\n",
    "      - id: deployment\n",
    "        uses: actions/deploy-pages@v4\n",
);

/// GitLab Pages: the same on every push to the default branch.
const GITLAB_PAGES: &str = concat!(
    "# Builds the site on every push to the default branch (a save in the web\n",
    "# editor at /admin/ is a push) and publishes it with GitLab Pages.\n",
    "variables:\n",
    "  # Where alianse's source lives, and the release to install.\n",
    "  ALIANSE_SOURCE: https://github.com/OWNER/alianse.git\n",
    "  ALIANSE_TAG: v",
    env!("CARGO_PKG_VERSION"),
    "\n",
    "  CARGO_HOME: $CI_PROJECT_DIR/.cargo\n",
    "pages:\n",
    "  image: rust:1.89-slim\n",
    "  cache:\n",
    "    key: alianse-$ALIANSE_TAG\n",
    "    paths:\n",
    "      - .cargo/bin/\n",
    "  script:\n",
    "    - test -x .cargo/bin/alianse || cargo install --locked --git \"$ALIANSE_SOURCE\" --tag \"$ALIANSE_TAG\" alianse\n",
    "    - .cargo/bin/alianse build --base-url \"$CI_PAGES_URL/\" --output public\n",
    "  artifacts:\n",
    "    paths:\n",
    "      - public\n",
    "  rules:\n",
    "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n",
);

/// Writes a new site into `dir`, which must not exist or be empty.
pub(crate) fn create(dir: &Path) -> Result<(), Diagnostic> {
    use crate::messages::Message;
    let fail = |message: Message, help: Message| {
        Diagnostic::error(ErrorKind::Output, message).with_help(help)
    };
    let cannot_write = |path: &dyn std::fmt::Display, e: std::io::Error| {
        fail(
            msg!(
                "io.cannot-write-path",
                path = path.to_string(),
                error = e.to_string()
            ),
            msg!("io.permissions-help"),
        )
    };
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut e| e.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(fail(
                msg!("new.site-not-empty", dir = dir.display()),
                msg!("new.site-not-empty-help"),
            ));
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                fail(
                    msg!(
                        "io.cannot-create",
                        path = parent.display(),
                        error = e.to_string()
                    ),
                    msg!("io.permissions-help"),
                )
            })?;
        }
        std::fs::write(&path, text).map_err(|e| cannot_write(&path.display(), e))?;
    }
    let today = today();
    let news = [
        (
            "content/jaunumi/vietne-izveidota.md",
            format!(
                "---\ntitle: Vietne ir izveidota\ndate: {today}\nsummary: Pirmā ziņa. To var mainīt vai izdzēst.\n---\nŠī ir pirmā ziņa. Jaunas ziņas liek mapē `content/jaunumi/`.\n"
            ),
        ),
        (
            "content/jaunumi/vietne-izveidota.en.md",
            format!(
                "---\ntitle: The site is up\ndate: {today}\nslug: site-is-up\nsummary: The first news item. Change or delete it.\n---\nThis is the first news item. New items go in `content/jaunumi/`.\n"
            ),
        ),
    ];
    for (rel, text) in &news {
        std::fs::write(dir.join(rel), text).map_err(|e| cannot_write(rel, e))?;
    }
    std::fs::write(dir.join(".gitignore"), "/output\n")
        .map_err(|e| cannot_write(&".gitignore", e))?;
    Ok(())
}

/// `path` as one word for a POSIX shell: unchanged when it has only safe
/// characters, otherwise in single quotes (a `'` inside becomes `'\''`).
pub(crate) fn shell_quote(path: &str) -> String {
    let safe = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:,=@%".contains(c));
    if safe {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

/// Today's date (UTC) as YYYY-MM-DD, for the first news item.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar date of a day counted from 1970-01-01 (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote("site"), "site");
        assert_eq!(shell_quote("/tmp/a-b_c.1"), "/tmp/a-b_c.1");
        assert_eq!(shell_quote("Mana vietne"), "'Mana vietne'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
