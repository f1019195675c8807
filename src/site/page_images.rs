//! The resolve phase's part of the image pipeline: which images the site
//! uses (Markdown images of every page, page covers, member logos, area
//! pictures, publication covers), made
//! in parallel before links resolve, every problem reported at the line
//! that names the image; and the `<picture>` markup put into page bodies.

use std::sync::Arc;

use crate::collections::Collection;
use crate::error::{Diagnostic, ErrorKind, Severity};
use crate::images::markup::{self, Attributes};
use crate::images::source::{LARGE_BYTES, LARGE_SIDE};
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

/// An image the site uses, with the place that names it.
struct Wanted<'a> {
    request: Result<Request, ImageError>,
    /// An error at the naming line, filled in when something is wrong.
    place: Place<'a>,
    /// The path as written.
    written: String,
}

/// Where an image is named: an error made ready, or a line of a page's
/// file, made into an error (which quotes the line) only when one is due.
enum Place<'a> {
    Ready(Diagnostic),
    Page {
        page: &'a Page,
        line: usize,
        column: usize,
    },
}

impl Place<'_> {
    fn diagnostic(self) -> Diagnostic {
        match self {
            Place::Ready(d) => d,
            Place::Page { page, line, column } => {
                page.source.problem(ErrorKind::BrokenLink, line, column, "")
            }
        }
    }
}

/// Processes every image the site uses (in parallel) and reports the
/// problems, each at the line that names the image.
pub fn prepare(site: &Site, problems: &mut Vec<Diagnostic>) {
    let mut wanted = Vec::new();
    for page in site.pages.iter().filter(|p| !p.synthetic) {
        page_wants(site, page, &mut wanted, problems);
    }
    if let Some(social) = &site.config.images.social {
        wanted.push(Wanted {
            request: site.images.locate("", social).map(|path| Request {
                path,
                op: SHARE_BOX,
            }),
            place: Place::Ready(
                Diagnostic::error(ErrorKind::BrokenLink, "")
                    .in_file("content/site.yaml")
                    .at(
                        site.config
                            .source
                            .lines()
                            .position(|l| l.trim_start().starts_with("social:"))
                            .map_or(0, |i| i + 1),
                        0,
                    )
                    .with_source(&site.config.source),
            ),
            written: social.clone(),
        });
    }
    data_image_wants(site, &mut wanted);
    let logos = logo_wants(site);
    let requests = wanted
        .iter()
        .filter_map(|w| w.request.as_ref().ok().cloned())
        .chain(logos.iter().map(|(r, _, _)| r.clone()))
        .collect();
    site.images.prepare(requests);
    for w in wanted {
        report(&site.images, w, problems);
    }
    for (request, line, logo) in logos {
        let at_logo = |d: Diagnostic| d.in_file("content/data/members.yaml").at(line, 0);
        match site.images.get(&request) {
            Ok(image) if image.small => problems.push(at_logo(
                Diagnostic::warning(
                    ErrorKind::ImageQuality,
                    msg!(
                        "image.small-logo",
                        logo = &logo,
                        width = image.width,
                        height = image.height
                    ),
                )
                .with_help(msg!("image.small-logo-help")),
            )),
            Ok(_) => {}
            Err(e) => problems.push(at_logo(
                Diagnostic::error(ErrorKind::InvalidValue, e.message).with_help(e.help),
            )),
        }
    }
}

/// [`prepare`] for one page whose body changed (`serve`): its images are
/// made and its problems reported, the rest of the site as it was.
pub fn prepare_page(site: &Site, index: usize, problems: &mut Vec<Diagnostic>) {
    let mut wanted = Vec::new();
    page_wants(site, &site.pages[index], &mut wanted, problems);
    site.images.prepare(
        wanted
            .iter()
            .filter_map(|w| w.request.as_ref().ok().cloned())
            .collect(),
    );
    for w in wanted {
        report(&site.images, w, problems);
    }
}

/// A page's Markdown images and cover; missing alt text is reported here.
fn page_wants<'a>(
    site: &Site,
    page: &'a Page,
    wanted: &mut Vec<Wanted<'a>>,
    problems: &mut Vec<Diagnostic>,
) {
    let folder = page.source.folder();
    for image in &page.source.body.images {
        let line = page.source.body_line + image.line - 1;
        let column = image.column;
        if image.alt.is_empty() && !image.decorative {
            problems.push(Diagnostic {
                kind: ErrorKind::InvalidValue,
                message: msg!("image.no-alt", src = &image.src),
                help: Some(msg!("image.no-alt-help")),
                ..Place::Page { page, line, column }.diagnostic()
            });
        }
        wanted.push(Wanted {
            request: site.images.locate(folder, &image.src).map(|path| Request {
                path,
                op: Op::Responsive,
            }),
            place: Place::Page { page, line, column },
            written: image.src.clone(),
        });
    }
    if let Some(cover) = &page.source.front.image {
        let line = cover.referenced.line() as usize + 1;
        let place = || Place::Page {
            page,
            line,
            column: 0,
        };
        if page.source.front.image_alt.is_none() {
            problems.push(Diagnostic {
                kind: ErrorKind::InvalidValue,
                message: msg!("image.no-cover-alt", src = &cover.value),
                help: Some(msg!("image.no-cover-alt-help")),
                ..place().diagnostic()
            });
        }
        for op in [Op::Responsive, SHARE_BOX] {
            wanted.push(Wanted {
                request: site
                    .images
                    .locate(folder, &cover.value)
                    .map(|path| Request { path, op }),
                place: place(),
                written: cover.value.clone(),
            });
        }
    }
}

/// The pictures the collections' data names (areas' pictures,
/// publications' covers), each reported at the line of its `image:` key.
fn data_image_wants(site: &Site, wanted: &mut Vec<Wanted<'_>>) {
    for collection in Collection::ALL {
        for image in collection.images(&site.data) {
            wanted.push(Wanted {
                request: site
                    .images
                    .locate(image.folder, &image.written.value)
                    .map(|path| Request { path, op: image.op }),
                place: Place::Ready(
                    Diagnostic::error(ErrorKind::BrokenLink, "")
                        .in_file(image.file)
                        .at(image.written.referenced.line() as usize, 0),
                ),
                written: image.written.value.clone(),
            });
        }
    }
}

/// An area's processed picture, if it has one that works.
pub fn area_image(site: &Site, area: &crate::collections::areas::Area) -> Option<Arc<Processed>> {
    let image = area.image.as_ref()?;
    let path = site
        .images
        .locate(crate::collections::areas::FOLDER, &image.value)
        .ok()?;
    site.images
        .get(&Request {
            path,
            op: Op::Responsive,
        })
        .ok()
}

/// Members' logos: (request, line in members.yaml, path as written). A
/// missing logo file is reported by the data checks.
fn logo_wants(site: &Site) -> Vec<(Request, usize, String)> {
    site.data
        .members
        .iter()
        .filter_map(|member| {
            let logo = member.logo.as_ref()?;
            let path = site
                .images
                .locate("", &format!("/{}", logo.value.trim_start_matches('/')))
                .ok()?;
            let request = Request { path, op: LOGO_BOX };
            Some((request, logo.referenced.line() as usize, logo.value.clone()))
        })
        .collect()
}

/// The error of an image that could not be made, or the warning of a
/// large source.
fn report(pipeline: &Pipeline, wanted: Wanted<'_>, problems: &mut Vec<Diagnostic>) {
    match wanted.request.and_then(|r| pipeline.get(&r)) {
        Err(e) => problems.push(Diagnostic {
            message: e.message,
            help: Some(e.help),
            ..wanted.place.diagnostic()
        }),
        Ok(image) => {
            if let Some(size) = &image.large {
                problems.push(Diagnostic {
                    kind: ErrorKind::ImageQuality,
                    severity: Severity::Warning,
                    message: msg!("image.large", src = &wanted.written, size = size),
                    help: Some(msg!(
                        "image.large-help",
                        side = LARGE_SIDE,
                        mb = LARGE_BYTES / 1_048_576
                    )),
                    ..wanted.place.diagnostic()
                });
            }
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
