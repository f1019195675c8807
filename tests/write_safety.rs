//! The write phase under attack and under failure: symbolic links planted
//! in output/, output folders inside the site's sources, paths beyond the
//! file system's limits, clashing outputs, a second build at the same time,
//! a full disk while staging, a build killed while renaming, and edits that
//! keep a file's size and modification time.
//!
//! Every failure is checked for its exit code, its message (with file and
//! line where the input has one), an output/ that is byte-identical to
//! before, and a "victim" folder next to the site that nothing touched.

mod site_fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use site_fixture::{Entry, Run, site, snapshot, write};

/// Runs the binary on `root` with extra environment variables; the
/// no-change record goes to a folder of the test's own.
fn alianse_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_alianse"));
    command
        .args(args)
        .arg("--root")
        .arg(root)
        .env("ALIANSE_CACHE_DIR", root.with_file_name("cache"))
        // An aborted run may leave a core file: in the temporary folder.
        .current_dir(root.parent().unwrap());
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run alianse");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn build(root: &Path) -> Run {
    alianse_env(root, &["build"], &[])
}

fn build_ok(root: &Path) -> Run {
    let run = build(root);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    run
}

/// A victim folder outside the site with a file in it.
fn victim(site: &site_fixture::Site) -> PathBuf {
    let outside = site.outside();
    write(&outside, "index.html", b"the victim's own file");
    write(&outside, "keep/me.txt", b"keep me");
    outside
}

/// Files and folders of alianse's temporary names left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    snapshot(dir)
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| {
            p.contains("alianse-tmp")
                || p.contains(".alianse-staging")
                || p.contains(".alianse-journal")
        })
        .collect()
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// Asserts that a failed build left output/ and the victim as they were.
fn assert_untouched(
    run: &Run,
    output: &Path,
    before: &BTreeMap<PathBuf, Entry>,
    victim: &Path,
    victim_before: &BTreeMap<PathBuf, Entry>,
) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(
        &snapshot(output),
        before,
        "output/ changed:\n{}",
        run.stderr
    );
    assert_eq!(
        &snapshot(victim),
        victim_before,
        "the victim folder changed"
    );
}

#[cfg(unix)]
#[test]
fn links_in_output_are_replaced_never_written_through() {
    let site = site();
    let root = site.path();
    let victim = victim(&site);
    build_ok(root);
    let out = root.join("output");
    let victim_before = snapshot(&victim);
    // A folder of the site, a file of the site, and a stale name, each
    // turned into a link to the victim.
    std::fs::remove_dir_all(out.join("jaunumi")).unwrap();
    link(&victim, &out.join("jaunumi"));
    std::fs::remove_file(out.join("index.html")).unwrap();
    link(&victim.join("index.html"), &out.join("index.html"));
    link(&victim, &out.join("stale-link"));
    write(
        root,
        "content/jaunumi/a.md",
        "---\ntitle: Pirmā ziņa\ndate: 2024-03-05\n---\nJauns teksts.\n".as_bytes(),
    );
    let run = build_ok(root);
    assert_eq!(
        snapshot(&victim),
        victim_before,
        "the victim folder changed"
    );
    for rel in ["jaunumi", "index.html"] {
        let meta = std::fs::symlink_metadata(out.join(rel)).unwrap();
        assert!(!meta.file_type().is_symlink(), "{rel} is still a link");
    }
    assert!(std::fs::symlink_metadata(out.join("stale-link")).is_err());
    let news = std::fs::read_to_string(out.join("jaunumi/a/index.html")).unwrap();
    assert!(news.contains("Jauns teksts."));
    assert!(
        run.stderr.contains(
            "output/jaunumi was a symbolic link; alianse replaced the link with a folder"
        ),
        "{}",
        run.stderr
    );
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let site = site();
    let root = site.path();
    let victim = victim(&site);
    let victim_before = snapshot(&victim);
    link(&victim, &root.join("output"));
    let run = build(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("it is a symbolic link, and alianse never writes through links"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&victim), victim_before);
}

#[cfg(unix)]
#[test]
fn links_planted_at_temporary_names_are_never_opened() {
    let site = site();
    let root = site.path();
    let victim = victim(&site);
    build_ok(root);
    let out = root.join("output");
    let victim_before = snapshot(&victim);
    // The temporary names of earlier versions, the journal and a staging
    // folder: links to the victim at each.
    link(
        &victim.join("index.html"),
        &out.join(".index.html.alianse-tmp"),
    );
    link(&victim.join("index.html"), &out.join(".alianse-journal"));
    link(&victim, &out.join(".alianse-staging-planted"));
    link(
        &victim.join("keep/me.txt"),
        &out.join(".alianse-tmp-planted"),
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Sākums\n---\nCits teksts.\n".as_bytes(),
    );
    let run = build_ok(root);
    assert_eq!(
        snapshot(&victim),
        victim_before,
        "the victim folder changed"
    );
    let home = std::fs::symlink_metadata(out.join("index.html")).unwrap();
    assert!(home.is_file(), "index.html must be a file of its own");
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("Cits teksts.")
    );
    assert!(
        leftovers(&out).is_empty(),
        "{:?}\n{}",
        leftovers(&out),
        run.stderr
    );
}

#[test]
fn output_inside_the_sites_sources_is_refused_even_before_it_exists() {
    let site = site();
    let root = site.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::create_dir_all(root.join("themes/mine")).unwrap();
    let before = snapshot(root);
    for (output, folder) in [
        ("content/static/out", "content"),
        ("content/new/deeper/out", "content"),
        ("templates/out", "templates"),
        ("themes/mine/out", "themes"),
        ("output/../content/static/x", "content"),
    ] {
        let run = alianse_env(
            root,
            &["build", "--output", &root.join(output).to_string_lossy()],
            &[],
        );
        assert_eq!(run.code, 1, "{output}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("it is inside the site's {folder}/ folder")),
            "{output}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("help: choose an output folder outside content/")
        );
        assert_eq!(snapshot(root), before, "{output}: the site changed");
    }
    // A relative --output from inside the site is resolved the same way.
    let mut command = Command::new(env!("CARGO_BIN_EXE_alianse"));
    let out = command
        .args(["build", "--output", "content/static/out"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!root.join("content/static/out").exists());
}

#[test]
fn output_paths_beyond_file_system_limits_name_their_source() {
    let site = site();
    let root = site.path();
    let victim = victim(&site);
    build_ok(root);
    let out = root.join("output");
    let before = snapshot(&out);
    let victim_before = snapshot(&victim);
    let deep = vec!["a".repeat(200); 21].join("/");
    let cases = [
        (
            format!("---\ntitle: A\naliases: [/{}/]\n---\nx\n", "s".repeat(300)),
            "content/alias.md:3",
            "has a name of 300 bytes; file systems hold at most 255",
        ),
        (
            format!("---\ntitle: A\naliases:\n  - /ok/\n  - /{deep}/\n---\nx\n"),
            "content/alias.md:5",
            "file systems open at most 4096",
        ),
        (
            format!(
                "---\ntitle: A\naliases: [/x/{}.html]\n---\nx\n",
                "h".repeat(252)
            ),
            "content/alias.md:3",
            "has a name of 257 bytes",
        ),
    ];
    for (page, place, message) in cases {
        write(root, "content/alias.md", page.as_bytes());
        let run = build(root);
        assert!(
            run.stderr.contains(&format!("error: {place}: output path")),
            "{place}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(message), "{}", run.stderr);
        assert!(run.stderr.contains("help: shorten"), "{}", run.stderr);
        assert_untouched(&run, &out, &before, &victim, &victim_before);
    }
    std::fs::remove_file(root.join("content/alias.md")).unwrap();
    // A legal 250-byte static name builds: temporary names stay short.
    let name = format!("{}.txt", "n".repeat(246));
    write(root, &format!("content/static/{name}"), b"long name");
    build_ok(root);
    assert_eq!(std::fs::read(out.join(&name)).unwrap(), b"long name");
    assert!(leftovers(&out).is_empty());
}

#[test]
fn outputs_claiming_one_path_as_file_and_folder_name_both_sources() {
    let site = site();
    let root = site.path();
    let victim = victim(&site);
    write(
        root,
        "content/kontakti.md",
        b"---\ntitle: Kontakti\n---\nx\n",
    );
    build_ok(root);
    let out = root.join("output");
    let before = snapshot(&out);
    let victim_before = snapshot(&victim);
    let cases: [(&str, &[u8], &[&str]); 7] = [
        (
            "content/old.md",
            b"---\ntitle: Old\naliases: [/atom.xml]\n---\nx\n",
            &[
                "error: content/old.md:3: output atom.xml is a file, but atom.xml/index.html needs a folder",
                "alias /atom.xml/ (content/old.md:3) and the Atom feed /atom.xml",
            ],
        ),
        (
            "content/static/robots.txt/x.txt",
            b"x",
            &[
                "error: content/static/robots.txt/x.txt: output robots.txt is a file, but robots.txt/x.txt needs a folder",
                "static file robots.txt/x.txt (content/static/robots.txt/x.txt) and the robots file /robots.txt",
            ],
        ),
        (
            "content/static/kontakti",
            b"x",
            &[
                "error: content/static/kontakti: output kontakti is a file, but kontakti/index.html needs a folder",
                "static file kontakti (content/static/kontakti) and the page /kontakti/ (content/kontakti.md)",
            ],
        ),
        (
            "content/static/sitemap.xml/index.html",
            b"x",
            &["output sitemap.xml is a file, but sitemap.xml/index.html needs a folder"],
        ),
        (
            "content/static/en/atom.xml",
            b"x",
            &[
                "error: content/static/en/atom.xml: static file /en/atom.xml is already used by a page alianse generates (/en/atom.xml)",
                "help: rename or remove the static file",
            ],
        ),
        (
            "content/static/404.html",
            b"x",
            &["error: content/static/404.html: static file /404.html is already used by"],
        ),
        ("content/static/lv/x.txt", b"x", &[]),
    ];
    for (file, bytes, expected) in cases {
        write(root, file, bytes);
        let run = build(root);
        if expected.is_empty() {
            // A folder no output claims as a file is fine.
            assert_eq!(run.code, 0, "{file}: {}", run.stderr);
            assert_eq!(std::fs::read(out.join("lv/x.txt")).unwrap(), b"x");
            continue;
        }
        for e in expected {
            assert!(run.stderr.contains(e), "{file}: wanted {e}\n{}", run.stderr);
        }
        assert_untouched(&run, &out, &before, &victim, &victim_before);
        std::fs::remove_file(root.join(file)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_second_build_into_the_same_folder_stops_with_a_clear_error() {
    let site = site();
    let root = site.path();
    let victim = victim(&site);
    build_ok(root);
    let out = root.join("output");
    write(
        root,
        "content/_index.md",
        "---\ntitle: Sākums\n---\nCits.\n".as_bytes(),
    );
    let before = snapshot(&out);
    let victim_before = snapshot(&victim);
    // Another build holds the lock (the same `flock` alianse takes).
    let held = std::fs::File::open(&out).unwrap();
    held.try_lock().unwrap();
    let run = build(root);
    assert!(
        run.stderr
            .contains(&format!("another build is writing {}", out.display())),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: wait for the other"));
    assert_untouched(&run, &out, &before, &victim, &victim_before);
    drop(held);
    build_ok(root);
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("Cits.")
    );
}

#[test]
fn a_full_disk_while_staging_leaves_output_byte_identical() {
    let site = site();
    let root = site.path();
    let victim = victim(&site);
    build_ok(root);
    let out = root.join("output");
    let before = snapshot(&out);
    let victim_before = snapshot(&victim);
    // Every page changes: the site's title is on each.
    retitle(root, "Alianse X");
    for after in ["0", "1", "5"] {
        let fault = format!("stage:{after}");
        let run = alianse_env(root, &["build"], &[("ALIANSE_WRITE_FAULT", &fault)]);
        assert!(run.stderr.contains("injected failure"), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("no file in the output folder was changed"),
            "{}",
            run.stderr
        );
        assert_untouched(&run, &out, &before, &victim, &victim_before);
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    }
    build_ok(root);
    assert!(
        std::fs::read_to_string(out.join("par-mums/index.html"))
            .unwrap()
            .contains("Alianse X")
    );
}

/// Gives the site another title in Latvian, which every Latvian page shows.
fn retitle(root: &Path, title: &str) {
    let yaml = site_fixture::SITE_YAML.replacen("{lv: Alianse,", &format!("{{lv: {title},"), 1);
    assert_ne!(yaml, site_fixture::SITE_YAML);
    write(root, "content/site.yaml", yaml.as_bytes());
}

/// Builds `root`'s content into a fresh folder, for comparison.
fn reference(root: &Path) -> BTreeMap<PathBuf, Entry> {
    let other = root.with_file_name("reference");
    let _ = std::fs::remove_dir_all(&other);
    let run = alianse_env(
        root,
        &["build", "--no-cache", "--output", &other.to_string_lossy()],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot(&other)
}

#[test]
fn an_apply_aborted_half_way_is_finished_by_the_next_build() {
    let site = site();
    let root = site.path();
    build_ok(root);
    let out = root.join("output");
    let old = snapshot(&out);
    retitle(root, "Alianse X");
    let new = reference(root);
    // The process dies (abort, as kill -9) after 3 files were moved.
    let run = alianse_env(root, &["build"], &[("ALIANSE_WRITE_FAULT", "rename:3")]);
    assert_eq!(
        run.code, -1,
        "the build should have been aborted: {}",
        run.stderr
    );
    assert!(out.join(".alianse-journal").is_file());
    let mixed = snapshot(&out);
    // Each file is whole: the old or the new one, never a torn one.
    for (path, entry) in &mixed {
        let name = path.to_string_lossy();
        if name.starts_with(".alianse") || matches!(entry, Entry::Dir) {
            continue;
        }
        assert!(
            old.get(path) == Some(entry) || new.get(path) == Some(entry),
            "{name} is neither old nor new"
        );
    }
    // The next build fails on content, yet finishes the interrupted one.
    write(root, "content/broken.md", b"no front matter\n");
    let run = build(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("an earlier build was interrupted while updating"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("moved into place"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("nothing was written after finishing the interrupted earlier build"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&out), new, "output/ is not the new site");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    std::fs::remove_file(root.join("content/broken.md")).unwrap();
    let run = build_ok(root);
    assert!(!run.stderr.contains("interrupted"), "{}", run.stderr);
    assert_eq!(snapshot(&out), new);
}

#[test]
fn a_failed_rename_says_output_is_partly_updated() {
    let site = site();
    let root = site.path();
    build_ok(root);
    let out = root.join("output");
    retitle(root, "Alianse X");
    let new = reference(root);
    let run = alianse_env(
        root,
        &["build"],
        &[("ALIANSE_WRITE_FAULT", "rename-error:2")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("2 of ")
            && run
                .stderr
                .contains("new files were already in place, so output/ is partly updated"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: fix the cause and build again: the next build finishes this one")
    );
    assert!(
        run.stderr
            .contains("1 error found; output/ was partly updated"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
    let run = build_ok(root);
    assert!(run.stderr.contains("finished it: "), "{}", run.stderr);
    assert_eq!(snapshot(&out), new);
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

/// A site with enough pages that the rename phase takes a while.
fn big_site(root: &Path, title: &str) {
    for i in 0..1500 {
        write(
            root,
            &format!("content/jaunumi/zina-{i:04}.md"),
            format!("---\ntitle: {title} {i}\ndate: 2024-03-05\n---\nTeksts {i}.\n").as_bytes(),
        );
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_during_apply_is_finished_by_the_next_build() {
    let site = site();
    let root = site.path();
    let out = root.join("output");
    big_site(root, "Ziņa");
    build_ok(root);
    let mut hit = 0;
    for attempt in 0..4 {
        let title = format!("Jaunā ziņa {attempt}");
        big_site(root, &title);
        let new = reference(root);
        let mut child = Command::new(env!("CARGO_BIN_EXE_alianse"))
            .args(["build", "--quiet", "--root"])
            .arg(root)
            .env("ALIANSE_CACHE_DIR", root.with_file_name("cache"))
            .spawn()
            .unwrap();
        // Wait for the rename phase (the journal), then kill -9.
        loop {
            if out.join(".alianse-journal").exists() {
                child.kill().unwrap();
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        let status = child.wait().unwrap();
        // Killed with its journal still there: in the middle of renaming.
        let interrupted = status.code().is_none() && out.join(".alianse-journal").exists();
        if interrupted {
            hit += 1;
        }
        let run = build_ok(root);
        if interrupted {
            assert!(
                run.stderr.contains("an earlier build was interrupted"),
                "{}",
                run.stderr
            );
        }
        assert_eq!(
            snapshot(&out),
            new,
            "after attempt {attempt}: output/ is not the new site"
        );
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
        if hit > 0 {
            break;
        }
    }
    assert!(hit > 0, "no attempt was killed during the rename phase");
}

#[test]
fn an_edit_keeping_size_and_modification_time_is_built() {
    let site = site();
    let root = site.path();
    let page = root.join("content/jaunumi/a.md");
    write(
        root,
        "content/jaunumi/a.md",
        "---\ntitle: Pirmā ziņa\ndate: 2024-03-05\n---\nVecs teksts.\n".as_bytes(),
    );
    build_ok(root);
    let run = build_ok(root);
    assert!(
        run.stdout.contains("nothing changed since the last build"),
        "{}",
        run.stdout
    );
    let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
    write(
        root,
        "content/jaunumi/a.md",
        "---\ntitle: Pirmā ziņa\ndate: 2024-03-05\n---\nJauns teksts\n".as_bytes(),
    );
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let run = build_ok(root);
    assert!(!run.stdout.contains("nothing changed"), "{}", run.stdout);
    let html = std::fs::read_to_string(root.join("output/jaunumi/a/index.html")).unwrap();
    assert!(html.contains("Jauns teksts"), "stale output");
}

#[test]
fn no_cache_skips_and_forgets_the_record() {
    let site = site();
    let root = site.path();
    let cache = root.with_file_name("cache");
    build_ok(root);
    let records = || {
        std::fs::read_dir(&cache)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "record"))
                    .count()
            })
            .unwrap_or(0)
    };
    assert_eq!(records(), 1, "a build keeps a record in ALIANSE_CACHE_DIR");
    let run = alianse_env(root, &["build", "--no-cache"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("nothing changed"), "{}", run.stdout);
    assert!(run.stdout.contains("0 written"), "{}", run.stdout);
    assert_eq!(records(), 0, "--no-cache forgets the record");
    let run = build_ok(root);
    assert!(
        !run.stdout.contains("nothing changed"),
        "without a record the build runs: {}",
        run.stdout
    );
    let run = build_ok(root);
    assert!(run.stdout.contains("nothing changed"), "{}", run.stdout);
}

/// Every file of output/ is as readable as a file the user makes
/// (0666 less the umask): a web server running as another user, or a
/// copy made with `rsync -a`, must be able to read the site. Temporary
/// files are created owner-only unless told otherwise.
#[cfg(unix)]
#[test]
fn output_files_get_the_permissions_of_files_the_user_makes() {
    use std::os::unix::fs::PermissionsExt;
    let site = site();
    let root = site.path();
    build_ok(root);
    let reference = root.join("made-by-the-user.txt");
    std::fs::write(&reference, "x").unwrap();
    let want = std::fs::metadata(&reference).unwrap().permissions().mode() & 0o777;
    let mut files = 0;
    for entry in walkdir::WalkDir::new(root.join("output")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, want, "{}: mode {mode:o}", entry.path().display());
            files += 1;
        }
    }
    assert!(files > 5, "only {files} files in output/");
}
