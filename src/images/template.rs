//! The `image()` function for themes: any image of the site, processed to
//! the size a template asks for.
//!
//! `image(path="/logos/a.png", width=160, height=80, op="fit")` returns
//! `{url, width, height, srcset, webp_srcset, webp_url}`: `path` starts
//! with `/` for a file under content/static/, else it is relative to
//! content/; `op` is `fit` (inside the box, the default) or `fill` (cropped
//! to the box); without width and height the site's responsive widths are
//! made.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use tera::{Kwargs, State, Tera, Value};

use super::source::Format;
use super::{Op, Pipeline, Processed, Request};

/// Where the renderer keeps the current build's pipeline for `image()`.
pub type Slot = Arc<RwLock<Option<Arc<Pipeline>>>>;

/// Registers `image()`, reading the pipeline from `slot` at each call.
pub fn register(tera: &mut Tera, slot: Slot) {
    tera.register_function(
        "image",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: String = kwargs.must_get("path")?;
            let width: Option<u32> = kwargs.get("width")?;
            let height: Option<u32> = kwargs.get("height")?;
            let op: String = kwargs.get("op")?.unwrap_or_else(|| "fit".to_string());
            let op = operation(&op, width, height).map_err(tera::Error::message)?;
            let pipeline = slot
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
                .ok_or_else(|| tera::Error::message(msg!("image.fn-unavailable").to_string()))?;
            let file = pipeline
                .locate("", &path)
                .map_err(|e| tera::Error::message(format!("{} ({})", e.message, e.help)))?;
            let image = pipeline
                .get(&Request { path: file, op })
                .map_err(|e| tera::Error::message(format!("{} ({})", e.message, e.help)))?;
            Ok(value(&image))
        },
    );
}

fn operation(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Op, String> {
    let box_size = |w: Option<u32>, h: Option<u32>| (w.unwrap_or(u32::MAX), h.unwrap_or(u32::MAX));
    match (op, width, height) {
        (_, Some(0), _) | (_, _, Some(0)) => Err(msg!("image.fn-size").to_string()),
        (_, None, None) => Ok(Op::Responsive),
        ("fit", w, h) => {
            let (width, height) = box_size(w, h);
            Ok(Op::Fit { width, height })
        }
        ("fill", Some(width), Some(height)) => Ok(Op::Fill { width, height }),
        ("fill", _, _) => Err("image(op=\"fill\") needs both width and height".into()),
        (other, _, _) => Err(msg!("image.fn-op", op = other).to_string()),
    }
}

/// What templates get for an image.
pub fn value(image: &Processed) -> Value {
    let mut map: BTreeMap<&'static str, Value> = BTreeMap::new();
    map.insert("url", Value::from(image.src().url.as_str()));
    map.insert("width", Value::from(image.width));
    map.insert("height", Value::from(image.height));
    map.insert("srcset", Value::from(image.srcset(image.fallback)));
    map.insert("type", Value::from(image.fallback.mime()));
    let webp = image.of(Format::Webp).last().map(|v| v.url.clone());
    map.insert(
        "webp_srcset",
        Value::from(if image.fallback == Format::Webp {
            String::new()
        } else {
            image.srcset(Format::Webp)
        }),
    );
    map.insert("webp_url", Value::from(webp.unwrap_or_default()));
    map.insert("small", Value::from(image.small));
    Value::from(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_read_from_the_arguments() {
        assert_eq!(operation("fit", None, None), Ok(Op::Responsive));
        assert_eq!(
            operation("fill", Some(1200), Some(630)),
            Ok(Op::Fill {
                width: 1200,
                height: 630
            })
        );
        assert_eq!(
            operation("fit", Some(160), None),
            Ok(Op::Fit {
                width: 160,
                height: u32::MAX
            })
        );
        assert!(operation("fill", Some(10), None).is_err());
        assert!(
            operation("crop", Some(10), Some(10))
                .unwrap_err()
                .contains("unknown op")
        );
    }
}
