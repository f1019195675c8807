//! Helpers of the web editor's tests (tests/cms.rs, tests/cms_editor.rs):
//! the pinned Sveltia CMS package and node, which CI must have.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The folder of the pinned CMS package and the validator (tests/cms/), when
/// `npm ci` has run there and node is installed. In CI (`CI=true`) their
/// absence fails the test; elsewhere the test is skipped, loudly.
pub fn sveltia_tools() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cms");
    let installed = dir
        .join("node_modules/@sveltia/cms/schema/sveltia-cms.json")
        .is_file()
        && dir.join("node_modules/ajv/package.json").is_file();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if installed && node {
        return Some(dir);
    }
    let why = if node {
        "the CMS package is not installed: run `npm ci` in tests/cms"
    } else {
        "node is not installed"
    };
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI must validate the CMS configuration, but {why} (.ci/run installs both)"
    );
    eprintln!(
        "\n!!! SKIPPED: the CMS configuration was NOT validated against Sveltia CMS's schema: {why} !!!\n"
    );
    None
}

/// config.yml as JSON.
pub fn config_json(yaml: &str) -> Value {
    serde_saphyr::from_str::<Value>(yaml).expect("config.yml is YAML")
}
