//! What can be wrong with a link, as data: the link checks
//! (`site::links`, `site::menus`) return a [`LinkProblem`] with what they
//! found, and it becomes a catalogue message (`link.*` in
//! `messages/*.yaml`) and its help only when a diagnostic is made, so the
//! text is chosen in one place and shown in the user's language.

use std::path::PathBuf;

use crate::messages::Message;

/// A link that leads nowhere, with what the message says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// A link to a Markdown file that climbs out of content/ (`../../x.md`).
    Outside { path: String },
    /// A link to a Markdown file that is no page: `file` is the path under
    /// content/ it names, `closest` the nearest page, as written from the
    /// linking page's folder.
    NoPage {
        path: String,
        file: String,
        closest: Option<String>,
    },
    /// A relative URL (`../biedri/`) that is `absolute`, which the site
    /// does not have.
    Relative { path: String, absolute: String },
    /// A site path (`/biedri/`) the site has no page or file at; `closest`
    /// is the nearest one it has.
    NoSitePath {
        path: String,
        closest: Option<String>,
    },
    /// An anchor the target page (the file `page`) has no id for.
    NoAnchor {
        anchor: String,
        page: PathBuf,
        hint: AnchorHint,
    },
}

/// What the help of a missing anchor offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorHint {
    /// The heading id nearest to the one written.
    Closest(String),
    /// The page has no headings.
    NoHeadings,
    /// The page's first heading ids; `more` when it has more than these.
    Headings { ids: Vec<String>, more: bool },
}

impl LinkProblem {
    /// What is wrong.
    pub fn message(&self) -> Message {
        match self {
            LinkProblem::Outside { path } => msg!("link.outside", path = path),
            LinkProblem::NoPage { path, file, .. } => {
                msg!("link.no-page", path = path, file = file)
            }
            LinkProblem::Relative { path, absolute } => {
                msg!("link.relative", path = path, absolute = absolute)
            }
            LinkProblem::NoSitePath { path, .. } => msg!("link.no-site-path", path = path),
            LinkProblem::NoAnchor { anchor, page, .. } => {
                msg!("link.no-anchor", anchor = anchor, page = page.display())
            }
        }
    }

    /// What to do about it.
    pub fn help(&self) -> Message {
        match self {
            LinkProblem::Outside { .. } => msg!("link.outside-help"),
            LinkProblem::NoPage {
                closest: Some(best),
                ..
            }
            | LinkProblem::NoSitePath {
                closest: Some(best),
                ..
            } => msg!("yaml.did-you-mean", best = best),
            LinkProblem::NoPage { closest: None, .. } => msg!("link.no-page-help"),
            LinkProblem::NoSitePath { closest: None, .. } => msg!("link.no-site-path-help"),
            LinkProblem::Relative { .. } => msg!("link.relative-help"),
            LinkProblem::NoAnchor { hint, .. } => match hint {
                AnchorHint::Closest(best) => msg!("checks.anchor-did-you-mean", best = best),
                AnchorHint::NoHeadings => msg!("link.no-headings"),
                AnchorHint::Headings { ids, more } => {
                    let mut list: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
                    if *more {
                        list.push("…".to_string());
                    }
                    msg!("link.headings", headings = list.join(", "))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn each_problem_reads_as_the_catalogue_says_in_each_language() {
        let anchor = LinkProblem::NoAnchor {
            anchor: "kontakti".into(),
            page: PathBuf::from("content/par-mums.md"),
            hint: AnchorHint::Headings {
                ids: vec!["vesture".into(), "valde".into()],
                more: true,
            },
        };
        assert_eq!(
            anchor.message().render(Lang::En),
            "anchor `#kontakti` does not exist in content/par-mums.md"
        );
        assert_eq!(
            anchor.help().render(Lang::En),
            "the headings there are: #vesture, #valde, …"
        );
        let page = LinkProblem::NoPage {
            path: "biedri.md".into(),
            file: "biedri.md".into(),
            closest: Some("biedrs.md".into()),
        };
        assert_eq!(
            page.message().render(Lang::En),
            "link to `biedri.md`: there is no page content/biedri.md"
        );
        assert_eq!(page.help().render(Lang::En), "did you mean `biedrs.md`?");
        let lv = page.message().render(Lang::Lv);
        assert!(lv.contains("`biedri.md`") && lv != page.message().render(Lang::En));
        let path = LinkProblem::NoSitePath {
            path: "/biedri/".into(),
            closest: None,
        };
        assert_eq!(
            path.help().render(Lang::En),
            "check the path; it is relative to the site root (e.g. /biedri/)"
        );
    }
}
