//! What templates get of the site's processed images: a page's cover (its
//! `<picture>` for the page and for list cards, and the 1200×630 crop for
//! social shares with an absolute URL), members' fitted logos and areas'
//! pictures.

use serde::Serialize;

use crate::images::markup::{Attributes, picture};
use crate::images::{Op, Request};
use crate::site::page_images::{self, SHARE_BOX};
use crate::site::{Page, Site};

/// A page's cover picture.
#[derive(Serialize, Clone, Debug)]
pub struct CoverView {
    /// `<picture>` for the top of the page (loads at once).
    pub html: String,
    /// `<picture>` for a card in a list (loads lazily).
    pub card_html: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// The picture for `og:image` / `twitter:image`.
#[derive(Serialize, Clone, Debug)]
pub struct ShareImage {
    /// Absolute URL.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The width of a card's picture in the default theme's lists.
const CARD_SIZES: &str = "(min-width: 48rem) 13rem, calc(100vw - 5rem)";

pub fn cover(site: &Site, page: &Page) -> Option<CoverView> {
    let image = page_images::cover(site, page, Op::Responsive)?;
    let alt = page.source.front.image_alt.clone().unwrap_or_default();
    let html = |sizes, eager, class| {
        picture(
            &image,
            &Attributes {
                alt: &alt,
                title: "",
                class,
                sizes,
                eager,
            },
        )
    };
    Some(CoverView {
        html: html(crate::images::markup::COLUMN_SIZES, true, "cover"),
        card_html: html(CARD_SIZES, false, "card-cover"),
        width: image.width,
        height: image.height,
        alt,
    })
}

/// The share picture of a page: its cover, else the site's `images.social`.
pub fn share_image(site: &Site, page: Option<&Page>) -> Option<ShareImage> {
    let (image, alt) = match page.and_then(|p| Some((page_images::cover(site, p, SHARE_BOX)?, p))) {
        Some((image, p)) => (image, p.source.front.image_alt.clone().unwrap_or_default()),
        None => {
            let social = site.config.images.social.as_ref()?;
            let path = site.images.locate("", social).ok()?;
            let image = site
                .images
                .get(&Request {
                    path,
                    op: SHARE_BOX,
                })
                .ok()?;
            (image, String::new())
        }
    };
    let src = image.src();
    Some(ShareImage {
        url: site.config.absolute(&src.url),
        width: src.width,
        height: src.height,
        alt,
    })
}

/// A member's logo fitted in its box: (`<img>`/`<picture>` HTML, URL).
pub fn logo(site: &Site, logo: &str, alt: &str) -> Option<(String, String)> {
    let image = page_images::logo(&site.images, logo)?;
    let sizes = format!("{}px", image.width);
    let html = picture(
        &image,
        &Attributes {
            alt,
            title: "",
            class: "logo",
            sizes: &sizes,
            eager: false,
        },
    );
    Some((html, image.src().url.clone()))
}

/// The width of an area's picture in the list of areas.
const AREA_CARD_SIZES: &str = "(min-width: 48rem) 20rem, calc(100vw - 5rem)";

/// An area's picture (`image:` in areas.yaml): for its page (`page`, loads
/// at once, the column's width) or a card in the list of areas; empty when
/// it has none that works.
pub fn area_image(
    site: &Site,
    area: &crate::collections::areas::Area,
    lang: &str,
    page: bool,
) -> String {
    let Some(image) = page_images::area_image(site, area) else {
        return String::new();
    };
    let alt = area
        .image_alt
        .as_ref()
        .map(|a| a.get(lang, &site.config.default_language).to_string())
        .unwrap_or_default();
    picture(
        &image,
        &Attributes {
            alt: &alt,
            title: "",
            class: if page { "cover" } else { "card-cover" },
            sizes: if page {
                crate::images::markup::COLUMN_SIZES
            } else {
                AREA_CARD_SIZES
            },
            eager: page,
        },
    )
}
