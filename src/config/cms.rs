//! The `cms:` block of site.yaml: where the web editor (Sveltia CMS) saves
//! (backend, repository, branch and the backend's sign-in settings) and where
//! its script comes from. Read strictly like the rest of site.yaml; checked
//! here so that a mistake is reported with its line before anything is built.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, ErrorKind};

/// The pinned Sveltia CMS release whose script the admin page loads.
pub const CMS_VERSION: &str = "0.221.1";

/// The public CDN copy of the pinned release's `dist/sveltia-cms.js`.
pub const CMS_CDN_URL: &str = "https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js";

/// Subresource-integrity hash of that file, computed from the npm tarball of
/// the pinned release (`openssl dgst -sha384 -binary package/dist/sveltia-cms.js
/// | openssl base64 -A`); a browser refuses the script if the CDN serves other bytes.
pub const CMS_SRI: &str = "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6";

/// The git host the editor commits to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Github,
    Gitlab,
    /// Gitea and Forgejo.
    Gitea,
}

impl Backend {
    pub fn key(self) -> &'static str {
        match self {
            Backend::Github => "github",
            Backend::Gitlab => "gitlab",
            Backend::Gitea => "gitea",
        }
    }
}

/// `cms:` in site.yaml. Without it no editor is generated.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CmsSettings {
    /// github | gitlab | gitea (Gitea and Forgejo).
    pub backend: Backend,
    /// The repository, `owner/name` (GitLab: `group/subgroup/name`).
    pub repo: String,
    /// The branch the editor commits to.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// OAuth application id (GitLab: sign-in with PKCE from the browser;
    /// Gitea/Forgejo: the OAuth2 application's client id).
    #[serde(default)]
    pub app_id: Option<String>,
    /// The address of the git host or of the OAuth helper for GitHub
    /// (`https://gitlab.example.org`, `https://auth.example.org`).
    #[serde(default)]
    pub base_url: Option<String>,
    /// The path of the authorisation endpoint on `base_url` (`oauth/authorize`).
    #[serde(default)]
    pub auth_endpoint: Option<String>,
    /// The host's API address, for self-hosted GitLab or Gitea/Forgejo
    /// (`https://git.example.org/api/v1`).
    #[serde(default)]
    pub api_root: Option<String>,
    /// Where the CMS script comes from: `cdn` (the default: the pinned
    /// release from unpkg.com, with a subresource-integrity hash) or a site
    /// path of a copy under content/static/ (`/admin/sveltia-cms.js`), for
    /// offline use.
    #[serde(default = "default_script")]
    pub script: String,
    /// A site path of a folder under content/static/ holding the CMS's two
    /// web fonts ([`FONT_FILES`]), for offline use (`/admin/fonts/`); without
    /// it the CMS loads them from cdn.jsdelivr.net.
    #[serde(default)]
    pub fonts: Option<String>,
}

/// One of the CMS's web fonts, as a file of a self-hosted `fonts:` folder.
pub struct FontFile {
    pub file: &'static str,
    pub family: &'static str,
    /// The weight axis of the variable font (the `@font-face` says exactly
    /// this range, so that the browser picks this face for the family).
    pub weights: &'static str,
    /// The npm package file it comes from.
    pub package: &'static str,
}

/// The web fonts the CMS uses.
pub const FONT_FILES: [FontFile; 2] = [
    FontFile {
        file: "material-symbols-outlined.woff2",
        family: "Material Symbols Outlined",
        weights: "100 700",
        package: "@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2",
    },
    FontFile {
        file: "source-sans-3.woff2",
        family: "Source Sans 3",
        weights: "200 900",
        package: "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
    },
];

fn default_branch() -> String {
    "main".into()
}

fn default_script() -> String {
    "cdn".into()
}

impl CmsSettings {
    /// The self-hosted fonts' folder under content/static/ (`admin/fonts/`), if set.
    pub fn fonts_folder(&self) -> Option<String> {
        let folder = self.fonts.as_deref()?.trim_matches('/');
        Some(if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        })
    }

    /// The self-hosted script's path under content/static/, if one is set.
    pub fn self_hosted_script(&self) -> Option<&str> {
        (self.script != "cdn").then(|| self.script.trim_start_matches('/'))
    }

    /// Problems with the values; `line_of(key)` gives the line of a key in site.yaml.
    pub fn validate(
        &self,
        file: &Path,
        text: &str,
        line_of: &dyn Fn(&str) -> usize,
    ) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut problem = |key: &str, message: String, help: &str| {
            problems.push(
                Diagnostic::error(ErrorKind::Config, message)
                    .in_file(file)
                    .at(line_of(key), 0)
                    .with_source(text)
                    .with_help(help),
            );
        };
        let parts: Vec<&str> = self.repo.split('/').collect();
        if parts.len() < 2 || parts.iter().any(|p| !is_repo_part(p)) {
            problem(
                "repo",
                format!("cms.repo `{}` is not a repository name", self.repo),
                "write the repository as owner/name, e.g. repo: latvijas-alianse/site",
            );
        }
        if self.branch.trim().is_empty() || self.branch.contains(char::is_whitespace) {
            problem(
                "branch",
                format!("cms.branch `{}` is not a branch name", self.branch),
                "write the branch the site is built from, e.g. branch: main",
            );
        }
        for (key, value) in [("base_url", &self.base_url), ("api_root", &self.api_root)] {
            if let Some(url) = value
                && !url.starts_with("https://")
                && !url.starts_with("http://127.0.0.1")
                && !url.starts_with("http://localhost")
            {
                problem(
                    key,
                    format!("cms.{key} `{url}` is not an https address"),
                    "sign-in goes through this address; write it in full, e.g. https://gitlab.example.org",
                );
            }
        }
        if let Some(endpoint) = &self.auth_endpoint
            && (endpoint.contains("://") || endpoint.contains(char::is_whitespace))
        {
            problem(
                "auth_endpoint",
                format!("cms.auth_endpoint `{endpoint}` is not a path"),
                "give the path on base_url, e.g. auth_endpoint: oauth/authorize",
            );
        }
        if self.backend == Backend::Gitlab && self.app_id.is_none() {
            problem(
                "backend",
                "cms.backend gitlab needs an app_id".into(),
                "create an OAuth application in GitLab (scope `api`, not confidential, redirect URL: the site's /admin/) and write its id as app_id",
            );
        }
        if let Some(path) = self.self_hosted_script() {
            let safe = self.script.starts_with('/')
                && path.ends_with(".js")
                && path
                    .split('/')
                    .all(|s| !s.is_empty() && s != "." && s != "..");
            if !safe {
                problem(
                    "script",
                    format!(
                        "cms.script `{}` is neither `cdn` nor a site path of a .js file",
                        self.script
                    ),
                    "write `script: cdn`, or copy sveltia-cms.js under content/static/ and give its path, e.g. script: /admin/sveltia-cms.js",
                );
            }
        }
        if let Some(fonts) = &self.fonts {
            let inner = fonts.trim_matches('/');
            let safe = fonts.starts_with('/')
                && (inner.is_empty()
                    || inner
                        .split('/')
                        .all(|s| !s.is_empty() && s != "." && s != ".."));
            if !safe {
                problem(
                    "fonts",
                    format!("cms.fonts `{fonts}` is not a site path of a folder"),
                    "give the folder under content/static/ that holds the fonts, e.g. fonts: /admin/fonts/",
                );
            }
        }
        problems
    }
}

fn is_repo_part(part: &str) -> bool {
    !part.is_empty()
        && part != "."
        && part != ".."
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The 1-based line of `key:` inside the top-level `block:` of a YAML text
/// (the block's own line when the key is not written there, 0 without the block).
pub fn line_in_block(text: &str, block: &str, key: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.starts_with(&format!("{block}:")))
    else {
        return 0;
    };
    let inline = lines[start].contains(&format!("{key}:"));
    if inline {
        return start + 1;
    }
    lines[start + 1..]
        .iter()
        .take_while(|l| l.is_empty() || l.starts_with([' ', '#']))
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .map_or(start + 1, |i| start + i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        let text = format!("title: T\ncms:\n{yaml}");
        // The block alone, indented as in site.yaml, is a YAML mapping too.
        let settings: CmsSettings = crate::yaml::parse(yaml, Path::new("site.yaml"), 0).unwrap();
        settings
            .validate(Path::new("site.yaml"), &text, &|key| {
                line_in_block(&text, "cms", key)
            })
            .into_iter()
            .map(|d| format!("{}: {}", d.line.unwrap_or(0), d.message))
            .collect()
    }

    #[test]
    fn good_settings_have_no_problems_and_get_defaults() {
        assert!(problems("  backend: github\n  repo: owner/site\n").is_empty());
        let s: CmsSettings =
            crate::yaml::parse("backend: gitea\nrepo: a/b\n", Path::new("x"), 0).unwrap();
        assert_eq!((s.branch.as_str(), s.script.as_str()), ("main", "cdn"));
        assert_eq!(s.self_hosted_script(), None);
    }

    #[test]
    fn each_bad_value_is_reported_at_its_own_line() {
        let found = problems(
            "  backend: gitlab\n  repo: owner/../x\n  branch: my branch\n  base_url: http://gitlab.example.org\n  auth_endpoint: https://x/oauth\n  script: ../sveltia.js\n",
        );
        assert_eq!(
            found,
            [
                "4: cms.repo `owner/../x` is not a repository name",
                "5: cms.branch `my branch` is not a branch name",
                "6: cms.base_url `http://gitlab.example.org` is not an https address",
                "7: cms.auth_endpoint `https://x/oauth` is not a path",
                "3: cms.backend gitlab needs an app_id",
                "8: cms.script `../sveltia.js` is neither `cdn` nor a site path of a .js file",
            ]
        );
    }

    #[test]
    fn lines_are_found_inside_the_block_only() {
        let text = "base_url: https://example.org/\ncms:\n  backend: github\n  base_url: https://auth.example.org\nother: 1\n";
        assert_eq!(line_in_block(text, "cms", "base_url"), 4);
        assert_eq!(line_in_block(text, "cms", "repo"), 2);
        assert_eq!(line_in_block("cms: {repo: x}\n", "cms", "repo"), 1);
        assert_eq!(line_in_block("title: T\n", "cms", "repo"), 0);
    }
}
