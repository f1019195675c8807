//! The language of messages through the real binary: `--lang lv`,
//! `ALIANSE_LANG=lv` and `LANG=lv_LV.UTF-8` give the same Latvian errors
//! (snapshots of three common ones), `--lang en` wins over the environment,
//! and `--help` is in Latvian.

mod common;

use std::process::Command;

use common::Site;

/// The fixture with three common mistakes: a misspelt front-matter key, a
/// link to a page that does not exist, and text where a year belongs.
fn broken_site() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/saites.md",
        "---\ntitle: Saites\nsumary: Noderīgas saites.\n---\nSkatiet [lapu](nav-tadas.md).\n",
    );
    site.write(
        "content/data/members.yaml",
        "- id: biedriba-a\n  name: Biedrība A\n  kind: association\n  joined: divtūkstoš\n  areas: [lidzdaliba]\n",
    );
    site
}

/// Runs the binary in `site` with `env` set and the locale variables cleared.
fn run_with(site: &Site, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_alianse"));
    command
        .args(args)
        .current_dir(site.path(""))
        .env_remove("ALIANSE_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("run alianse");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const LATVIAN: &str = "\
kļūda: content/data/members.yaml:4:11: `joined`: nepareizs vērtības veids — gaidīts: vesels skaitlis; atrasts: teksts
  4 |   joined: divtūkstoš
    |           ^
  padoms: rakstiet veselu skaitli bez pēdiņām, piemēram, 2012
kļūda: content/saites.md:3:1: nezināma atslēga `sumary`
  3 | sumary: Noderīgas saites.
    | ^
  padoms: vai domājāt `summary`?
kļūda: content/saites.md:5:9: saite uz `nav-tadas.md`: nav lapas content/nav-tadas.md
  5 | Skatiet [lapu](nav-tadas.md).
    |         ^
  padoms: pārbaudiet faila nosaukumu; saites ir relatīvas pret šo failu (lapa ar `draft: true` ir tikai būvējumos ar --drafts)
3 kļūdas; nekas netika ierakstīts
";

const ENGLISH: &str = "\
error: content/data/members.yaml:4:11: `joined`: expected a whole number, found text
  4 |   joined: divtūkstoš
    |           ^
  help: write a whole number without quotes, e.g. 2012
error: content/saites.md:3:1: unknown key `sumary`
  3 | sumary: Noderīgas saites.
    | ^
  help: did you mean `summary`?
error: content/saites.md:5:9: link to `nav-tadas.md`: there is no page content/nav-tadas.md
  5 | Skatiet [lapu](nav-tadas.md).
    |         ^
  help: check the file name; links are relative to this file (a page with `draft: true` exists only in builds with --drafts)
3 errors found; nothing was written
";

#[test]
fn three_common_errors_in_latvian_with_the_flag_the_variable_or_the_locale() {
    let site = broken_site();
    for (args, env) in [
        (&["build", "--lang", "lv"][..], &[][..]),
        (&["build"][..], &[("ALIANSE_LANG", "lv")][..]),
        (&["build"][..], &[("LANG", "lv_LV.UTF-8")][..]),
        (&["--lang=lv", "build"][..], &[("LANG", "en_GB.UTF-8")][..]),
    ] {
        let (code, stdout, stderr) = run_with(&site, args, env);
        assert_eq!(code, 1, "{args:?} {env:?}");
        assert_eq!(stdout, "");
        assert_eq!(stderr, LATVIAN, "{args:?} {env:?}");
    }
    assert!(!site.path("output").exists());
}

#[test]
fn the_flag_wins_over_the_environment_and_english_is_the_default() {
    let site = broken_site();
    for (args, env) in [
        (&["build"][..], &[][..]),
        (
            &["build", "--lang", "en"][..],
            &[("ALIANSE_LANG", "lv")][..],
        ),
        (
            &["build"][..],
            &[("ALIANSE_LANG", "en"), ("LANG", "lv_LV.UTF-8")][..],
        ),
        (
            &["build"][..],
            &[("LC_ALL", "C"), ("LANG", "lv_LV.UTF-8")][..],
        ),
    ] {
        let (code, _, stderr) = run_with(&site, args, env);
        assert_eq!(code, 1);
        assert_eq!(stderr, ENGLISH, "{args:?} {env:?}");
    }
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let site = Site::fixture("basic");
    let (code, _, stderr) = run_with(&site, &["build", "--lang", "de"], &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown language `de`: use lv or en"),
        "{stderr}"
    );
}

#[test]
fn the_summary_and_the_help_in_latvian() {
    let site = Site::fixture("basic");
    let (code, stdout, stderr) = run_with(&site, &["check", "--lang", "lv"], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("pārbaudīts: lapas: "), "{stdout}");
    assert!(stdout.contains("; biedri: "), "{stdout}");
    let (code, stdout, _) = run_with(&site, &["--help"], &[("ALIANSE_LANG", "lv")]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Lietojums: alianse [OPTIONS] <KOMANDA>"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  build         Būvēt vietni izvades mapē\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("      --lang <LANG>  Ziņojumu valoda: lv vai en"),
        "{stdout}"
    );
    let (_, stdout, _) = run_with(&site, &["new", "--help", "--lang", "lv"], &[]);
    assert!(
        stdout.contains("--translation <LANG>  Izveidot arī tulkojumu šajā valodā"),
        "{stdout}"
    );
    assert!(stdout.contains("[noklusējums: .]"), "{stdout}");
}

#[test]
fn a_scheduled_page_and_the_next_change_in_latvian() {
    let site = Site::fixture("basic");
    site.write(
        "content/jaunumi/nakotne.md",
        "---\ntitle: Nākotnē\ndate: 2026-12-05T09:00\n---\nDrīzumā.\n",
    );
    let (code, stdout, stderr) = run_with(
        &site,
        &["build", "--now", "2026-12-01", "--lang", "lv"],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "\nnākamās izmaiņas: 2026-12-05 09:00 Europe/Riga — tiek publicēta lapa jaunumi/nakotne.md\n"
        ),
        "{stdout}"
    );
}

#[test]
fn new_with_the_old_lang_flag_says_that_it_is_the_message_language_now() {
    let site = Site::fixture("basic");
    let (code, stdout, stderr) = run_with(
        &site,
        &[
            "new",
            "page",
            "Statūti",
            "--lang",
            "en",
            "--now",
            "2026-05-04",
        ],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), "content/statuti.md");
    assert!(
        stderr.starts_with(
            "warning: --lang chooses the language of messages; no translation file was asked for\n  help: to create the translation too, add --translation LANG"
        ),
        "{stderr}"
    );
    assert!(!site.path("content/statuti.en.md").exists());
    let (code, _, stderr) = run_with(
        &site,
        &[
            "new",
            "page",
            "Biedrošanās",
            "--translation",
            "en",
            "--lang",
            "lv",
        ],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    assert!(site.path("content/biedrosanas.en.md").exists());
}
