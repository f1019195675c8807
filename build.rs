//! Embeds the default theme (themes/default/) into the binary, so that a site
//! without a themes/ folder still builds.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Files of the built-in default theme: (path in the theme, contents).\npub(crate) static DEFAULT_THEME: &[(&str, &[u8])] = &[\n",
    );
    for rel in &files {
        let abs = root.join(rel);
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(out, code).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    // A theme folder that cannot be read would embed an empty theme and fail
    // only at run time: stop the compilation here instead, saying why.
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read the default theme at {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !rel.split('/').any(|s| s.starts_with('.')) {
                files.push(rel);
            }
        }
    }
}
