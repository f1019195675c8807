//! The site's generated collections, one file (or folder) each.
//! Publications live here already; the others are being moved in.

pub mod publications;
