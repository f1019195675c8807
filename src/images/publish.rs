//! Handing the published files of the images to the write phase: the bytes
//! of each variant, from memory (made by this build) or from its disk cache
//! entry, read only when output/ does not hold the variant already. A cache
//! entry found gone or cut short then sends its image back through the
//! pipeline, which encodes what is missing again: a variant is never
//! published empty or short.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::{ImageError, Pipeline, Request};

/// The bytes of a published file: in memory (newly made), or a file in
/// the disk cache, read only when it must be written.
#[derive(Debug, Clone)]
pub enum Published {
    Bytes(Arc<[u8]>),
    Cached {
        file: PathBuf,
        len: u64,
        /// The image it is a variant of (made again if the entry is bad).
        origin: Arc<Request>,
    },
}

/// A cache entry that is not what its image's description says.
struct Miss {
    origin: Arc<Request>,
    file: PathBuf,
    /// What reading it told (gone, or its length).
    error: std::io::Error,
}

impl Published {
    /// The bytes, or why a cache entry cannot give them.
    fn read(&self) -> Result<Arc<[u8]>, Miss> {
        match self {
            Published::Bytes(bytes) => Ok(bytes.clone()),
            Published::Cached { file, len, origin } => {
                let miss = |error| Miss {
                    origin: origin.clone(),
                    file: file.clone(),
                    error,
                };
                let bytes = std::fs::read(file).map_err(miss)?;
                if bytes.len() as u64 != *len {
                    return Err(miss(std::io::Error::other(format!(
                        "{} bytes, {len} expected",
                        bytes.len()
                    ))));
                }
                Ok(bytes.into())
            }
        }
    }
}

type Read = (String, Result<Option<Arc<[u8]>>, Miss>);

/// For cached variants (output path, size), whether output/ holds each.
pub type HoldsVariants<'a> = dyn Fn(&[(&str, u64)]) -> Vec<bool> + 'a;

/// Output paths with their bytes, or `None` for a variant output/ holds.
pub type Files = Vec<(String, Option<Arc<[u8]>>)>;

impl Pipeline {
    fn published(&self) -> Vec<(String, Published)> {
        self.outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    }

    /// Every file the images of this build publish, sorted by path, with
    /// their bytes (a cache entry that cannot give them: empty, after one
    /// attempt to make its image again).
    pub fn output_files(&self) -> Vec<(String, Arc<[u8]>)> {
        let read: Vec<Read> = self
            .published()
            .into_par_iter()
            .map(|(path, published)| {
                let bytes = published.read().map(Some);
                (path, bytes)
            })
            .collect();
        match self.repaired(read) {
            Ok(files) => files
                .into_iter()
                .map(|(p, b)| (p, b.unwrap_or_else(|| Arc::from(Vec::new()))))
                .collect(),
            Err(_) => self
                .published()
                .into_iter()
                .map(|(p, b)| (p, b.read().unwrap_or_else(|_| Arc::from(Vec::new()))))
                .collect(),
        }
    }

    /// Like [`Pipeline::output_files`] for a build into an output folder:
    /// a cached variant that output/ holds already is given with no bytes
    /// (`None`) and is not read; the write phase leaves it as it is.
    /// `holds` answers that for all cached variants at once (output path
    /// and size, in the order of their paths; the write phase knows). A
    /// variant's name holds the hash of its content, so the same name and
    /// size mean the same bytes. A cache entry gone or cut short sends its
    /// image back through the pipeline; an error only when that fails too.
    pub fn files_for(&self, holds: &HoldsVariants<'_>) -> Result<Files, ImageError> {
        let read: Vec<Read> = {
            let outputs = self.outputs.lock().unwrap_or_else(|e| e.into_inner());
            let cached: Vec<(&str, u64)> = outputs
                .iter()
                .filter_map(|(path, published)| match published {
                    Published::Cached { len, .. } => Some((path.as_str(), *len)),
                    Published::Bytes(_) => None,
                })
                .collect();
            let mut held = holds(&cached).into_iter();
            let mut read: Vec<Read> = Vec::with_capacity(outputs.len());
            let mut to_read: Vec<(&String, &Published)> = Vec::new();
            for (path, published) in outputs.iter() {
                let cached = matches!(published, Published::Cached { .. });
                match cached && held.next().unwrap_or(false) {
                    // Held: nothing to do but name it (most variants of a
                    // warm build; not worth a parallel job each).
                    true => read.push((path.clone(), Ok(None))),
                    false => to_read.push((path, published)),
                }
            }
            if !to_read.is_empty() {
                read.par_extend(
                    to_read
                        .into_par_iter()
                        .map(|(path, published)| (path.clone(), published.read().map(Some))),
                );
            }
            // In the order of their paths, as the outputs are.
            if !read.is_sorted_by(|a, b| a.0 <= b.0) {
                read.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            }
            read
        };
        self.repaired(read)
    }

    /// `read` with every miss mended: each image with a bad cache entry is
    /// made again (the bad entries encoded anew), and its files read again.
    fn repaired(&self, read: Vec<Read>) -> Result<Files, ImageError> {
        if read.iter().all(|(_, r)| r.is_ok()) {
            return Ok(read
                .into_iter()
                .map(|(p, r)| (p, r.ok().flatten()))
                .collect());
        }
        let mut again: Vec<(Arc<Request>, Vec<String>)> = Vec::new();
        for miss in read.iter().filter_map(|(_, r)| r.as_ref().err()) {
            let name = miss
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match again.iter_mut().find(|(o, _)| **o == *miss.origin) {
                Some((_, names)) => names.push(name),
                None => again.push((miss.origin.clone(), vec![name])),
            }
        }
        for (origin, names) in again {
            self.remake(&origin, names)?;
        }
        let outputs = self.outputs.lock().unwrap_or_else(|e| e.into_inner());
        read.into_iter()
            .map(|(path, result)| match result {
                Ok(bytes) => Ok((path, bytes)),
                Err(first) => {
                    let bytes = outputs
                        .get(&path)
                        .map(Published::read)
                        .unwrap_or(Err(first))
                        .map_err(|miss| {
                            super::source::cannot_read(
                                &miss.file.display().to_string(),
                                &miss.error,
                            )
                        })?;
                    Ok((path, Some(bytes)))
                }
            })
            .collect()
    }

    /// Sends the image of `request` back through the pipeline, with the
    /// cache entries `bad` (file names) encoded again rather than reused.
    fn remake(&self, request: &Request, bad: Vec<String>) -> Result<(), ImageError> {
        self.distrusted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(bad);
        // Its variants from the cache were counted once already.
        let counted = self
            .outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .filter(|p| matches!(p, Published::Cached { origin, .. } if **origin == *request))
            .count();
        let file = self.source(&request.path)?;
        self.make_from(&file, request)?;
        self.cached.fetch_sub(counted, Ordering::Relaxed);
        Ok(())
    }
}
