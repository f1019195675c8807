//! The render phase of a build: every page, the site-wide files, the
//! image variants and the static files, each handed on as soon as it is
//! made — staged in the output folder by a build ([`Staging`]), or only
//! counted by `check` — so that the whole rendered site is never held in
//! memory. Then the output paths are checked before anything is placed.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::content::markdown::MarkdownSettings;
use crate::error::Diagnostics;
use crate::output::stage::{Staged, Staging};
use crate::output::{self};
use crate::paths::{ForPath, OutputFile};
use crate::render::Renderer;
use crate::site::Site;

/// Renders the site. With `staging` (a build), every file is staged as it
/// is made and only its path and length are kept; without (`check`),
/// nothing is written. Either way the pages named by generated `#anchor`
/// links keep their bytes until those anchors are checked, at the end.
pub fn render(
    site: &Site,
    renderer: &Renderer,
    markdown: MarkdownSettings,
    (root, output_dir): (&Path, &Path),
    static_files: &[String],
    staging: Option<&Staging<'_>>,
    diagnostics: &mut Diagnostics,
) -> Vec<Staged> {
    let keep: HashSet<String> = site
        .generated_anchors
        .iter()
        .map(|link| crate::paths::output_path(&link.url))
        .collect();
    let sink = |file: OutputFile| {
        let kept = keep.contains(&file.path);
        match staging {
            Some(staging) => staging.put(file, kept),
            None => Staged::in_memory(file, kept),
        }
    };
    // Pages, the site-wide files and the static files do not depend on each
    // other: on two cores the feeds, sitemap and search index are made while
    // the pages render.
    let ((rendered, generated), statics) = rayon::join(
        || {
            rayon::join(
                || renderer.render_site_into(site, markdown, static_files, &sink),
                || {
                    let mut search = crate::site_files::search::SearchCache::default();
                    crate::site_files::site_files(
                        site,
                        renderer.strings(),
                        &mut search,
                        crate::site_files::Changed::All,
                    )
                    .into_par_iter()
                    .map(sink)
                    .collect::<Vec<_>>()
                },
            )
        },
        || {
            // Images published as processed variants are not copied as they are.
            let copied = site.images.static_to_copy(static_files);
            output::read_static(&root.join("content/static"), &copied)
                .map(|files| files.into_par_iter().map(sink).collect::<Vec<_>>())
        },
    );
    let (mut files, problems) = rendered;
    diagnostics.extend(problems);
    files.extend(generated);
    files.extend(variant_files(
        site,
        (output_dir, staging),
        &sink,
        diagnostics,
    ));
    match statics {
        Ok(statics) => files.extend(statics),
        Err(d) => diagnostics.push(d),
    }
    sort_and_check(&mut files, site, static_files, output_dir, diagnostics);
    let pages = kept_pages(&mut files);
    diagnostics.extend(crate::site::checks::generated_anchors(site, &pages));
    files
}

/// The image variants, each staged by `sink` unless output/ holds it
/// already (the staging's record says so; without one, a file of the
/// variant's size): those are not read (see `Pipeline::files_for`) and are
/// left as they are.
fn variant_files(
    site: &Site,
    (output_dir, staging): (&Path, Option<&Staging<'_>>),
    sink: &(impl Fn(OutputFile) -> Staged + Sync),
    diagnostics: &mut Diagnostics,
) -> Vec<Staged> {
    let holds = |variants: &[(&str, u64)]| match staging {
        Some(staging) => staging.holds_variants(variants),
        None => output::held::holds_sizes(output_dir, variants),
    };
    let variants = site.images.files_for(&holds).unwrap_or_else(|e| {
        diagnostics.push(
            crate::error::Diagnostic::error(crate::error::ErrorKind::Io, e.message)
                .with_help(e.help),
        );
        Vec::new()
    });
    // The variants output/ holds need nothing but their names (most of a
    // warm build's: not worth a parallel job each); the rest are staged in
    // parallel.
    let (held, new): (Vec<_>, Vec<_>) = variants.into_iter().partition(|(_, b)| b.is_none());
    let mut staged: Vec<Staged> = held
        .into_iter()
        .map(|(path, _)| Staged::held_variant(path))
        .collect();
    if !new.is_empty() {
        staged.par_extend(new.into_par_iter().filter_map(|(path, bytes)| {
            bytes.map(|bytes| {
                sink(OutputFile {
                    bytes: bytes.to_vec(),
                    path,
                })
            })
        }));
    }
    staged
}

/// Sorts the outputs by path and checks every path before anything is
/// placed ([`output::paths::check`]): each claimed once (exactly, by case,
/// or as a file where another needs a folder), within the file system's
/// limits under `output_dir`, each problem naming its source.
pub fn sort_and_check<F: ForPath>(
    files: &mut [F],
    site: &Site,
    static_files: &[String],
    output_dir: &Path,
    diagnostics: &mut Diagnostics,
) {
    files.sort_by(|a, b| a.for_path().cmp(b.for_path()));
    let origins = output::origin::Origins::new(site, static_files);
    diagnostics.extend(output::paths::check(files, output_dir, &|p| origins.of(p)));
}

/// The pages whose bytes were kept (for the check of generated anchors),
/// sorted by path as `files` is; their bytes are moved out.
fn kept_pages(files: &mut [Staged]) -> Vec<OutputFile> {
    files
        .iter_mut()
        .filter_map(|f| {
            f.bytes.take().map(|bytes| OutputFile {
                path: f.path.clone(),
                bytes,
            })
        })
        .collect()
}
