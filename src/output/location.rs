//! Where a build may write: never into the site itself or its sources.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, ErrorKind};

/// Refuses outputs that would overwrite the site itself: the site root, a
/// folder that contains it, or any place inside the site's source folders
/// (`content/`, `templates/`, `themes/`), whether or not the output folder
/// exists yet.
pub fn guard_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let (Some(out), Some(root)) = (resolve_path(output), root.canonicalize().ok()) else {
        return Ok(());
    };
    let inside_sources = ["content", "templates", "themes"]
        .iter()
        .find(|folder| out.starts_with(root.join(folder)));
    if root.starts_with(&out) || inside_sources.is_some() {
        let what = match inside_sources {
            Some(folder) => msg!("output.inside-sources", folder = folder),
            None => msg!("output.holds-sources"),
        };
        return Err(Diagnostic::error(
            ErrorKind::Output,
            msg!("output.refusing", dir = output.display(), why = what),
        )
        .with_help(msg!("output.location-help")));
    }
    Ok(())
}

/// `path` made absolute with links resolved, for a path whose last parts
/// may not exist yet: each existing part is canonicalised (so `..` after a
/// link climbs from where the link leads), the rest appended.
fn resolve_path(path: &Path) -> Option<PathBuf> {
    let mut resolved = PathBuf::new();
    for part in std::path::absolute(path).ok()?.components() {
        match part {
            std::path::Component::ParentDir => {
                resolved.pop();
            }
            std::path::Component::CurDir => {}
            other => {
                resolved.push(other);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_not_made_yet_are_resolved_through_links_and_dots() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/static")).unwrap();
        let refused = |p: &str| guard_output_location(&root, &root.join(p)).is_err();
        assert!(refused("content/static/new/out"));
        assert!(refused("output/../content/x"));
        assert!(refused("missing/../../site-above/../"));
        assert!(!refused("output"));
        assert!(!refused("content-copy/out"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), root.join("via-link")).unwrap();
            assert!(refused("via-link/new"));
        }
    }
}
