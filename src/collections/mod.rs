//! The generated collections, one module each: the items' types, loading
//! checks, URLs, views and the files made from them.

pub mod events;
