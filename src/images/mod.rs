//! The image pipeline: every picture the site shows (Markdown images, page
//! covers, member logos, and any image a template asks for with `image()`)
//! is found, checked, decoded once, turned upright, converted to sRGB,
//! resized to a few widths (never larger than the source), encoded as WebP
//! plus the source's format, stripped of all metadata, and named by its
//! content hash.
//!
//! [`Pipeline`] is the one entry point: callers ask for a [`Request`] and get
//! a [`Processed`] image (or an [`ImageError`] they turn into a diagnostic
//! with their own file and line). Results are memoised per build and cached
//! on disk across builds ([`cache`]), so that a rebuild encodes nothing that
//! did not change. The submodules each own one step: [`source`] (where a
//! path points, reading and sniffing files, header sizes, limits),
//! [`process`] (decoding and encoding), [`cache`] (the disk cache),
//! [`markup`] (the `<picture>` HTML), [`template`] (the Tera function) and
//! `written` (what the Markdown walk records of an image).

pub mod cache;
pub mod index;
pub mod made;
pub mod markup;
pub mod process;
mod publish;
pub mod source;
pub mod template;
mod written;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::config::ImageOptions;
use crate::paths::{PathMap, PathSet};
use source::{Format, SourceFile};
pub use written::{ImageRef, PLACEHOLDER_PREFIX, finish, is_local, record};

/// What is made of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// The site's widths, for a picture in a text column.
    Responsive,
    /// Scaled to fit inside the box, aspect kept.
    Fit { width: u32, height: u32 },
    /// Scaled and cropped around the centre to fill the box exactly (as far
    /// as the source is large enough).
    Fill { width: u32, height: u32 },
}

/// One thing a caller wants: a source file (absolute path) and an operation.
/// Two requests are the same when their paths have the same bytes (hashed
/// as bytes: std hashes a path component by component, several times
/// slower, and each request is looked up several times per build).
#[derive(Debug, Clone)]
pub struct Request {
    pub path: PathBuf,
    pub op: Op,
}

impl PartialEq for Request {
    fn eq(&self, other: &Self) -> bool {
        self.op == other.op && self.path.as_os_str() == other.path.as_os_str()
    }
}

impl Eq for Request {}

impl std::hash::Hash for Request {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.path.as_os_str().hash(state);
        self.op.hash(state);
    }
}

/// One published file of a processed image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Site path, e.g. `/images/kopsapulce-960w.1a2b3c4d5e.webp`.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

/// An image ready for markup: its variants, smallest first per format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The size of the largest variant (the `width`/`height` attributes).
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Variant>,
    /// The format every browser can show: the source's own.
    pub fallback: Format,
    /// Smaller than the box it was asked for (logos): shown at natural size.
    pub small: bool,
    /// The source is over the size limits ([`source::LARGE_BYTES`],
    /// [`source::LARGE_SIDE`]): published, but worth a warning.
    pub large: Option<String>,
}

impl Processed {
    /// The variants in one format, smallest first.
    pub fn of(&self, format: Format) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// The largest variant in the fallback format: the `src` of `<img>`.
    pub fn src(&self) -> &Variant {
        self.of(self.fallback)
            .last()
            .or(self.variants.last())
            .expect("a processed image has at least one variant")
    }

    /// `url 480w, url 960w` for one format.
    pub fn srcset(&self, format: Format) -> String {
        self.of(format)
            .map(|v| format!("{} {}w", v.url, v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why an image could not be used; the caller adds file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageError {
    pub message: crate::messages::Message,
    pub help: crate::messages::Message,
}

impl ImageError {
    pub fn new(
        message: impl Into<crate::messages::Message>,
        help: impl Into<crate::messages::Message>,
    ) -> Self {
        ImageError {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// Counts for the build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageStats {
    /// Distinct images (source and operation) the site uses.
    pub images: usize,
    /// Variants encoded by this build.
    pub encoded: usize,
    /// Variants taken from the cache.
    pub cached: usize,
    /// Source files read (the others were known, unchanged, from the
    /// source index).
    pub sources_read: usize,
}

pub use publish::{Files, HoldsVariants, Published};

type Slot = Arc<OnceLock<Result<Arc<Processed>, ImageError>>>;

/// The images of one build: settings, memo, disk cache and the files made.
pub struct Pipeline {
    content_dir: PathBuf,
    settings: ImageOptions,
    cache: Option<cache::Cache>,
    index: index::SourceIndex,
    /// What the last builds made of each image.
    made: made::Descriptions,
    /// Cache entries found gone or cut short: not reused (file names).
    distrusted: Mutex<HashSet<String>>,
    /// Where each image written in a content folder was found (folder →
    /// path as written → file): an image is located when the site's images
    /// are prepared and again when a page's body is filled, a template
    /// asks for it, or a page's cover is shown.
    located: Mutex<PathMap<String, PathMap<String, PathBuf>>>,
    /// One lock per source path, so that a source asked for twice at once
    /// (a cover and its share image) is read once.
    reading: Mutex<HashMap<PathBuf, Arc<Mutex<()>>>>,
    memo: Mutex<PathMap<Request, Slot>>,
    /// Output path (without the leading `/`) → its bytes.
    outputs: Mutex<BTreeMap<String, Published>>,
    /// Files under static/ that were processed, so not copied as they are.
    consumed: Mutex<PathSet<String>>,
    encoded: AtomicUsize,
    cached: AtomicUsize,
    sources_read: AtomicUsize,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("content_dir", &self.content_dir)
            .finish_non_exhaustive()
    }
}

impl Pipeline {
    /// A pipeline for the site at `root`, with the disk cache in the user's
    /// cache folder (see [`cache::Cache::open`]).
    pub fn new(root: &Path, settings: &ImageOptions) -> Pipeline {
        let cache = cache::Cache::open(root);
        let made_with = made::settings_hash(process::RECIPE, settings);
        Pipeline {
            content_dir: root.join("content"),
            settings: settings.clone(),
            index: cache
                .as_ref()
                .map(|c| index::SourceIndex::load(c.dir()))
                .unwrap_or_default(),
            made: cache
                .as_ref()
                .map(|c| made::Descriptions::load(c.dir(), made_with))
                .unwrap_or_default(),
            distrusted: Mutex::new(HashSet::new()),
            located: Mutex::new(PathMap::default()),
            cache,
            reading: Mutex::new(HashMap::new()),
            memo: Mutex::new(PathMap::default()),
            outputs: Mutex::new(BTreeMap::new()),
            consumed: Mutex::new(PathSet::default()),
            encoded: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
            sources_read: AtomicUsize::new(0),
        }
    }

    pub fn content_dir(&self) -> &Path {
        &self.content_dir
    }

    pub fn settings(&self) -> &ImageOptions {
        &self.settings
    }

    /// Where `src`, written in a file in content folder `folder`, points.
    /// A file found is remembered for the rest of the build (a `serve`
    /// session makes a new pipeline when image files come or go); a
    /// problem is looked for again each time.
    pub fn locate(&self, folder: &str, src: &str) -> Result<PathBuf, ImageError> {
        let lock = || self.located.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(path) = lock().get(folder).and_then(|f| f.get(src)) {
            return Ok(path.clone());
        }
        let path = source::locate(&self.content_dir, folder, src)?;
        lock()
            .entry(folder.to_string())
            .or_default()
            .insert(src.to_string(), path.clone());
        Ok(path)
    }

    /// The processed image for a request, made at most once per build.
    pub fn get(&self, request: &Request) -> Result<Arc<Processed>, ImageError> {
        self.slot(request)
            .get_or_init(|| self.make(request).map(Arc::new))
            .clone()
    }

    /// Processes many requests in parallel (each worker holds at most one
    /// decoded image), so that later [`Pipeline::get`] calls find them done.
    /// An unchanged image an earlier build described is published at once,
    /// in this thread (most of a warm build's: a stat and two look-ups
    /// each, less than handing it to another thread costs).
    pub fn prepare(&self, requests: Vec<Request>) {
        use rayon::prelude::*;
        let unique: PathSet<Request> = requests.into_iter().collect();
        let mut unique: Vec<Request> = unique.into_iter().collect();
        // By the paths' bytes: `Path`'s own order compares component by
        // component, several times slower (any fixed order will do).
        unique.sort_unstable_by(|a, b| {
            (a.path.as_os_str().as_encoded_bytes(), a.op)
                .cmp(&(b.path.as_os_str().as_encoded_bytes(), b.op))
        });
        unique.retain(|r| {
            let slot = self.slot(r);
            if slot.get().is_some() {
                return false;
            }
            match self.described(r) {
                Some((file, made)) => {
                    // Published by whichever thread fills the slot first.
                    slot.get_or_init(|| {
                        self.consume(&file);
                        Ok(Arc::new(self.publish_made(&made, &file, r)))
                    });
                    false
                }
                None => true,
            }
        });
        unique.par_iter().with_max_len(1).for_each(|r| {
            let _ = self.get(r);
        });
    }

    /// The memo's slot of `request`.
    fn slot(&self, request: &Request) -> Slot {
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        // Looked up before `entry`, which would copy the request's path
        // even when the image is in the memo already (most calls).
        match memo.get(request) {
            Some(slot) => slot.clone(),
            None => memo.entry(request.clone()).or_default().clone(),
        }
    }

    fn make(&self, request: &Request) -> Result<Processed, ImageError> {
        let file = self.source(&request.path)?;
        self.consume(&file);
        // An unchanged image made by an earlier build: its description.
        if let Some(made) = self.description(&file, request) {
            return Ok(self.publish_made(&made, &file, request));
        }
        self.make_from(&file, request)
    }

    /// GIF and SVG keep their address in static/; photos are published as
    /// variants only (their originals are not copied).
    fn consume(&self, file: &SourceFile) {
        if file.format.is_processed()
            && let Some(rel) = file.static_path(&self.content_dir)
        {
            self.consumed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(rel);
        }
    }

    /// What an earlier build made of `file` for `request`, if described.
    fn description(&self, file: &SourceFile, request: &Request) -> Option<Arc<made::Made>> {
        if !file.format.is_processed() {
            return None;
        }
        self.made.find(
            &made::Key::new(file.hash, request.op, &file.slug),
            &file.slug,
        )
    }

    /// The source and description of an image whose source the index
    /// knows unchanged and that an earlier build described (what
    /// [`Pipeline::make`] would publish); `None` for any other.
    fn described(&self, request: &Request) -> Option<(SourceFile, Arc<made::Made>)> {
        let stamp = index::Stamp::of(&request.path)?;
        let facts = self.index.facts(&request.path, &stamp)?;
        let file = SourceFile::known(&request.path, stamp.len, &facts);
        let made = self.description(&file, request)?;
        Some((file, made))
    }

    /// Makes (or finds in the disk cache) the variants of `file` for
    /// `request`, and keeps the description of what was made.
    fn make_from(&self, file: &SourceFile, request: &Request) -> Result<Processed, ImageError> {
        let origin = Arc::new(request.clone());
        let (made, entries) = process::make(file, &origin, &self.settings, self)?;
        if let Some(entries) = entries.filter(|_| self.cache.is_some()) {
            let description = made::Made {
                slug: file.slug.clone(),
                width: made.width,
                height: made.height,
                small: made.small,
                fallback: made.fallback,
                entries: made
                    .variants
                    .iter()
                    .zip(entries)
                    .map(|(v, (name, len))| made::Entry {
                        url: v.url.clone(),
                        width: v.width,
                        height: v.height,
                        format: v.format,
                        name,
                        len,
                    })
                    .collect(),
            };
            let key = made::Key::new(file.hash, request.op, &file.slug);
            self.made.record(key, description);
        }
        Ok(made)
    }

    /// Publishes the variants an earlier build described, from the cache
    /// entries it names (not looked at: see [`made`]).
    fn publish_made(&self, made: &made::Made, file: &SourceFile, request: &Request) -> Processed {
        let origin = Arc::new(request.clone());
        let dir = self.cache.as_ref().map_or(Path::new(""), |c| c.dir());
        let mut outputs = self.outputs.lock().unwrap_or_else(|e| e.into_inner());
        let variants = made
            .entries
            .iter()
            .map(|e| {
                // `dir.join` would copy `dir` and then grow the copy.
                let mut file = PathBuf::with_capacity(dir.as_os_str().len() + 1 + e.name.len());
                file.push(dir);
                file.push(&e.name);
                let published = Published::Cached {
                    file,
                    len: e.len,
                    origin: origin.clone(),
                };
                outputs.insert(e.url[1..].to_string(), published);
                Variant {
                    url: e.url.clone(),
                    width: e.width,
                    height: e.height,
                    format: e.format,
                }
            })
            .collect();
        self.cached.fetch_add(made.entries.len(), Ordering::Relaxed);
        Processed {
            width: made.width,
            height: made.height,
            variants,
            fallback: made.fallback,
            small: made.small,
            large: file.large(),
        }
    }

    /// A source file: known from the index when its metadata says it is
    /// unchanged (not read), else read, checked and recorded.
    fn source(&self, path: &Path) -> Result<SourceFile, ImageError> {
        let stamp = index::Stamp::of(path);
        if let Some(stamp) = &stamp
            && let Some(facts) = self.index.facts(path, stamp)
        {
            return Ok(SourceFile::known(path, stamp.len, &facts));
        }
        let slot = self
            .reading
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(path.to_path_buf())
            .or_default()
            .clone();
        let _reading = slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(stamp) = &stamp
            && let Some(facts) = self.index.seen(path, stamp)
        {
            return Ok(SourceFile::known(path, stamp.len, &facts));
        }
        let checked = index::now_ns();
        self.sources_read.fetch_add(1, Ordering::Relaxed);
        let mut file = SourceFile::read(path, &self.content_dir)?;
        if file.format.is_processed() {
            let bytes = file.bytes(&self.content_dir)?;
            let orientation = process::read_orientation(&bytes)
                .map_err(|e| process::damaged(&file.shown(&self.content_dir), &e))?;
            file.orientation = orientation.to_exif();
        }
        // The stamp taken before reading: a change while reading shows as
        // a different stamp next time.
        if let Some(stamp) = stamp.filter(|s| s.len == file.len) {
            let facts = index::Facts {
                hash: file.hash,
                format: file.format,
                width: file.width,
                height: file.height,
                orientation: file.orientation,
            };
            self.index.record(path, stamp, checked, facts);
        }
        Ok(file)
    }

    /// Records a published file; returns its site path.
    fn publish(&self, path: String, bytes: Published) -> String {
        let url = format!("/{path}");
        self.outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
        url
    }

    /// An encoded variant from the disk cache, if there (not read yet)
    /// and not found gone or cut short earlier in this build.
    fn cached_variant(
        &self,
        key: &str,
        format: Format,
        origin: &Arc<Request>,
    ) -> Option<Published> {
        let (file, len) = self.cache.as_ref()?.find(key, format.extension())?;
        let distrusted = self.distrusted.lock().unwrap_or_else(|e| e.into_inner());
        if !distrusted.is_empty()
            && file
                .file_name()
                .is_some_and(|n| distrusted.contains(n.to_string_lossy().as_ref()))
        {
            return None;
        }
        drop(distrusted);
        self.cached.fetch_add(1, Ordering::Relaxed);
        Some(Published::Cached {
            file,
            len,
            origin: origin.clone(),
        })
    }

    /// Keeps a newly encoded variant in the disk cache.
    fn store_variant(&self, key: &str, format: Format, bytes: Vec<u8>) -> Published {
        self.encoded.fetch_add(1, Ordering::Relaxed);
        if let Some(cache) = &self.cache {
            cache.put(key, format.extension(), &bytes);
        }
        Published::Bytes(bytes.into())
    }

    /// The static files to copy as they are: all but the images published
    /// as processed variants (their originals may carry GPS positions).
    pub fn static_to_copy(&self, static_files: &[String]) -> Vec<String> {
        let consumed = self.consumed.lock().unwrap_or_else(|e| e.into_inner());
        static_files
            .iter()
            .filter(|f| !consumed.contains(f.as_str()))
            .cloned()
            .collect()
    }

    pub fn stats(&self) -> ImageStats {
        let memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        ImageStats {
            images: memo
                .values()
                .filter(|s| matches!(s.get(), Some(Ok(_))))
                .count(),
            encoded: self.encoded.load(Ordering::Relaxed),
            cached: self.cached.load(Ordering::Relaxed),
            sources_read: self.sources_read.load(Ordering::Relaxed),
        }
    }

    /// Removes cache entries this build did not use and saves the source
    /// index; returns how many entries were removed.
    pub fn prune_cache(&self) -> usize {
        self.index.save();
        let Some(cache) = &self.cache else { return 0 };
        // A warm build that used exactly the descriptions kept, and so no
        // entry but the ones they name: the cache is as the last build
        // left it.
        if !cache.touched() && self.made.used_as_kept() {
            return 0;
        }
        for (name, len) in self.made.entries() {
            cache.mark(name, len);
        }
        self.made.save();
        cache.prune()
    }
}
