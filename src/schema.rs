//! JSON Schemas of the YAML files editors write, derived from the Rust types
//! that read them, so that editors get completion and checks in their editor
//! (`# yaml-language-server: $schema=…` at the top of a file).

use std::path::Path;

use crate::error::{Diagnostic, ErrorKind};

/// (file name, pretty JSON) for every schema.
pub fn schemas() -> Vec<(&'static str, String)> {
    let pretty = |s: schemars::Schema| {
        let mut text = serde_json::to_string_pretty(&s).unwrap_or_default();
        text.push('\n');
        text
    };
    let mut all = vec![
        (
            "site.schema.json",
            pretty(schemars::schema_for!(crate::config::Config)),
        ),
        (
            "front-matter.schema.json",
            pretty(schemars::schema_for!(crate::content::FrontMatter)),
        ),
    ];
    for collection in crate::collections::Collection::ALL {
        let (name, schema) = collection.schema();
        all.push((name, pretty(schema)));
    }
    all.push((
        "bands.schema.json",
        pretty(schemars::schema_for!(
            Vec<crate::collections::reports::Band>
        )),
    ));
    all.push((
        "publication-types.schema.json",
        pretty(schemars::schema_for!(
            Vec<crate::collections::publications::PublicationType>
        )),
    ));
    all.push((
        "facts.schema.json",
        pretty(schemars::schema_for!(Vec<crate::data::Fact>)),
    ));
    all
}

/// Writes every schema into `dir`, creating it; returns the files written.
pub fn write(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error(
            ErrorKind::Io,
            msg!(
                "schema.cannot-write",
                dir = dir.display(),
                error = e.to_string()
            ),
        )
        .with_help(msg!("schema.cannot-write-help"))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut written = Vec::new();
    for (name, text) in schemas() {
        crate::output::write_if_changed(&dir.join(name), text.as_bytes()).map_err(fail)?;
        written.push(name.to_string());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_describe_the_keys_editors_write() {
        let all = schemas();
        let report = &all
            .iter()
            .find(|(n, _)| *n == "report.schema.json")
            .unwrap()
            .1;
        let json: serde_json::Value = serde_json::from_str(report).unwrap();
        let props = &json["properties"];
        assert!(props["dimensions"].is_object());
        assert!(props["overall"].is_object());
        assert_eq!(json["additionalProperties"], serde_json::Value::Bool(false));
        let members = &all
            .iter()
            .find(|(n, _)| *n == "members.schema.json")
            .unwrap()
            .1;
        assert!(members.contains("\"association\""));
    }

    /// The schemas committed in schemas/ (which the bundled YAML files point
    /// at) must be the ones the code derives.
    #[test]
    fn committed_schemas_are_current() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        for (name, text) in schemas() {
            let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            assert!(
                committed == text,
                "schemas/{name} is out of date: run `cargo run -- schema`"
            );
        }
    }

    /// Every bundled YAML file names a schema that exists.
    #[test]
    fn bundled_yaml_points_at_existing_schemas() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&content).into_iter().flatten() {
            if entry.path().extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let first = text.lines().next().unwrap_or("");
            let target = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{} has no $schema line", entry.path().display()));
            let schema = entry.path().parent().unwrap().join(target);
            assert!(
                schema.is_file(),
                "{} points at missing {}",
                entry.path().display(),
                schema.display()
            );
            checked += 1;
        }
        assert!(checked >= 5);
    }
}
