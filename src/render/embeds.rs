//! Embeds in Markdown (`{{< members area="…" >}}`, `video`, `report_chart`,
//! `trend_chart`): each placeholder the Markdown renderer left is replaced
//! by the theme component the editor named, with the language's views.

use tera::Context;

use super::context::{self, LanguageData};
use super::{Renderer, template_checks, template_error};
use crate::collections::Collection;
use crate::error::Diagnostic;

impl Renderer {
    /// Replaces `<p>alianse-embed:N</p>` with the theme component the editor named.
    /// (long because: one short arm per kind of embed; the list reads best in one place.)
    pub(super) fn expand_embeds(
        &self,
        html: &str,
        embeds: &[crate::content::markdown::Embed],
        lang_data: &LanguageData,
    ) -> Result<String, Diagnostic> {
        let mut out = html.to_string();
        let mut implicits = Context::new();
        implicits.insert("lang", &lang_data.lang);
        for (n, embed) in embeds.iter().enumerate() {
            let arg = |key: &str| {
                embed
                    .args
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("")
            };
            let mut args = Context::new();
            let own = |key: &str| arg(key).to_string();
            let component = if let Some(made) =
                Collection::embed(&embed.name, &lang_data.views, &own)
            {
                for (key, value) in made.vars {
                    args.insert_value(key, value);
                }
                if let Some(area) = made.area {
                    args.insert("area", &lang_data.areas.iter().find(|a| a.id == area));
                }
                made.component
            } else {
                match embed.name.as_str() {
                    "members" => {
                        let area = arg("area");
                        let members: Vec<&context::MemberView> = lang_data
                            .members
                            .iter()
                            .filter(|m| m.areas.iter().any(|a| a.id == area))
                            .collect();
                        args.insert("members", &members);
                        args.insert("area", &lang_data.areas.iter().find(|a| a.id == area));
                        "embed_members"
                    }
                    "video" => {
                        args.insert(
                            "video",
                            &crate::content::video::parse(arg("url"), arg("title")),
                        );
                        "embed_video"
                    }
                    "open_data" => {
                        args.insert("downloads", &lang_data.open_data);
                        "embed_open_data"
                    }
                    "report_chart" => {
                        let year: i64 = arg("year").parse().unwrap_or_default();
                        args.insert("report", &lang_data.reports.iter().find(|r| r.year == year));
                        "embed_report_chart"
                    }
                    _ => {
                        args.insert("chart", &lang_data.trend_chart);
                        args.insert("reports", &lang_data.reports);
                        "embed_trend_chart"
                    }
                }
            };
            let rendered = self
                .tera
                .render_component_with_implicits(component, &args, &implicits, None, true)
                .map_err(|e| {
                    if template_checks::is_component_recursion(&e) {
                        self.components
                            .recursion_error(&format!("the `{}` embed", embed.name))
                    } else {
                        template_error(&e, &self.template_files)
                    }
                })?;
            out = out.replacen(
                &format!("<p>{}{n}</p>", crate::content::markdown::EMBED_PREFIX),
                &rendered,
                1,
            );
        }
        Ok(out)
    }
}
