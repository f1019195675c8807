//! The resolve phase's part of the image pipeline: which images the site
//! uses (Markdown images of every page, page covers, member logos), made
//! in parallel before links resolve, every problem reported at the line
//! that names the image; and the `<picture>` markup put into page bodies.

use std::sync::Arc;

use crate::error::{Diagnostic, ErrorKind};
use crate::images::markup::{self, Attributes};
use crate::images::{ImageError, Op, Pipeline, Processed, Request};

use super::{Page, Site};

/// The box member logos are fitted in, in CSS pixels.
pub const LOGO_BOX: Op = Op::Fit {
    width: 200,
    height: 100,
};

/// The crop of a cover for social shares (`og:image`).
pub const SHARE_BOX: Op = Op::Fill {
    width: 1200,
    height: 630,
};

/// Processes every image the site uses and reports the problems.
pub fn prepare(site: &Site, problems: &mut Vec<Diagnostic>) {
    let pipeline = &site.images;
    let mut requests = Vec::new();
    let mut located: Vec<(Result<Request, ImageError>, Diagnostic)> = Vec::new();
    for page in site.pages.iter().filter(|p| !p.synthetic) {
        let folder = page.source.folder();
        for image in &page.source.body.images {
            let line = page.source.body_line + image.line - 1;
            let place = page
                .source
                .problem(ErrorKind::BrokenLink, line, image.column, "");
            if image.alt.is_empty() && !image.decorative {
                problems.push(
                    page.source
                        .problem(
                            ErrorKind::InvalidValue,
                            line,
                            image.column,
                            format!("image `{}` has no alt text", image.src),
                        )
                        .with_help("describe what it shows: ![what it shows](path); for a decorative image write ![\"\"](path)"),
                );
            }
            let request = pipeline.locate(folder, &image.src).map(|path| Request {
                path,
                op: Op::Responsive,
            });
            located.push((request, place));
        }
        if let Some(cover) = &page.source.front.image {
            let place = page.source.problem(
                ErrorKind::BrokenLink,
                cover.referenced.line() as usize + 1,
                0,
                "",
            );
            if page.source.front.image_alt.is_none() {
                problems.push(Diagnostic {
                    kind: ErrorKind::InvalidValue,
                    message: format!("cover image `{}` has no `image_alt`", cover.value),
                    help: Some(
                        "add `image_alt: what it shows` to the front matter (or `image_alt: \"\"` for decoration)"
                            .into(),
                    ),
                    ..place.clone()
                });
            }
            for op in [Op::Responsive, SHARE_BOX] {
                let request = pipeline
                    .locate(folder, &cover.value)
                    .map(|path| Request { path, op });
                located.push((request, place.clone()));
            }
        }
    }
    let mut logos = Vec::new();
    for member in &site.data.members {
        if let Some(logo) = &member.logo {
            // A missing logo is reported by the data checks.
            if let Ok(path) =
                pipeline.locate("", &format!("/{}", logo.value.trim_start_matches('/')))
            {
                let request = Request { path, op: LOGO_BOX };
                requests.push(request.clone());
                let line = logo.referenced.line() as usize;
                logos.push((request, line, logo.value.clone()));
            }
        }
    }
    if let Some(social) = &site.config.images.social {
        let line = site.config.line_containing("social:");
        let place = Diagnostic::error(ErrorKind::BrokenLink, "")
            .in_file("content/site.yaml")
            .at(line, 0)
            .with_source(&site.config.source);
        let request = pipeline.locate("", social).map(|path| Request {
            path,
            op: SHARE_BOX,
        });
        located.push((request, place));
    }
    requests.extend(located.iter().filter_map(|(r, _)| r.as_ref().ok().cloned()));
    pipeline.prepare(requests);
    for (request, place) in located {
        match request.and_then(|r| pipeline.get(&r)) {
            Err(e) => problems.push(Diagnostic {
                message: e.message,
                help: Some(e.help),
                ..place
            }),
            Ok(image) => {
                if let Some(size) = &image.large {
                    problems.push(Diagnostic {
                        kind: ErrorKind::Warning,
                        severity: crate::error::Severity::Warning,
                        message: format!("image is large ({size}); it is published resized, but the source weighs down the site's repository"),
                        help: Some(format!("resize it to at most {} px on the long side and {} MB before adding it", crate::images::source::LARGE_SIDE, crate::images::source::LARGE_BYTES / 1_048_576)),
                        ..place
                    });
                }
            }
        }
    }
    for (request, line, logo) in logos {
        match pipeline.get(&request) {
            Ok(image) if image.small => problems.push(
                Diagnostic::warning(format!(
                    "logo `{logo}` is only {}×{} pixels: it is shown at that size, not enlarged",
                    image.width, image.height
                ))
                .in_file("content/data/members.yaml")
                .at(line, 0)
                .with_help("use a logo at least 200 pixels wide, or an SVG"),
            ),
            Ok(_) => {}
            Err(e) => problems.push(
                Diagnostic::error(ErrorKind::InvalidValue, e.message)
                    .in_file("content/data/members.yaml")
                    .at(line, 0)
                    .with_help(e.help),
            ),
        }
    }
}

/// A processed cover of a page in some operation, if it has one that works.
pub fn cover(site: &Site, page: &Page, op: Op) -> Option<Arc<Processed>> {
    let cover = page.source.front.image.as_ref()?;
    let path = site
        .images
        .locate(page.source.folder(), &cover.value)
        .ok()?;
    site.images.get(&Request { path, op }).ok()
}

/// A member's fitted logo, if it has one that works.
pub fn logo(pipeline: &Pipeline, logo: &str) -> Option<Arc<Processed>> {
    let path = pipeline
        .locate("", &format!("/{}", logo.trim_start_matches('/')))
        .ok()?;
    pipeline.get(&Request { path, op: LOGO_BOX }).ok()
}

/// The body with each Markdown image's placeholder replaced by its
/// `<picture>`. The first image loads at once unless the page shows a
/// cover above it.
pub fn fill_body(site: &Site, page: &Page, html: String) -> String {
    let images = &page.source.body.images;
    if images.is_empty() {
        return html;
    }
    let has_cover = page.source.front.image.is_some();
    markup::fill(&html, |n| {
        let image = images.get(n)?;
        let path = site.images.locate(page.source.folder(), &image.src).ok()?;
        let processed = site
            .images
            .get(&Request {
                path,
                op: Op::Responsive,
            })
            .ok()?;
        Some(markup::picture(
            &processed,
            &Attributes {
                alt: &image.alt,
                title: &image.title,
                class: "",
                sizes: markup::COLUMN_SIZES,
                eager: n == 0 && !has_cover,
            },
        ))
    })
}
