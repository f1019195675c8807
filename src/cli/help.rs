//! The command line's help texts in the language of messages: every
//! command's description and every flag's help come from the message
//! catalogues (`cli-help.<command path>.about` and
//! `cli-help.<command path>.<flag>`, else `cli-help.common.<flag>` for a
//! flag several commands share, such as `--root`; the global flags
//! `--quiet`, `--lang`, `--help` under `cli-help.global.<flag>`), and in
//! Latvian clap's own headings ("Usage:", "Options:" …) are replaced too.
//! The doc comments on the clap structs stay as the developers' notes; a
//! test makes sure that every command and flag has a catalogue text.

use clap::{Arg, Command};

use crate::messages::{Lang, catalogue};

/// The key of a command's description: `cli-help.alianse.build.about`.
fn about_key(path: &str) -> String {
    format!("cli-help.{path}.about")
}

/// The keys a flag's or argument's help may have, the first found wins:
/// global flags have one key for every command; a flag shared by several
/// commands may have one text for all.
fn arg_keys(path: &str, arg: &Arg) -> Vec<String> {
    let id = arg.get_id().as_str();
    if arg.is_global_set() || matches!(id, "help" | "version") {
        vec![format!("cli-help.global.{id}")]
    } else {
        vec![
            format!("cli-help.{path}.{id}"),
            format!("cli-help.common.{id}"),
        ]
    }
}

/// The catalogue text of `key` in `lang` (English when Latvian lacks it),
/// or `None` when no catalogue has it (the doc comment is shown then).
fn text(lang: Lang, key: &str) -> Option<String> {
    let has = |l| catalogue::catalogue(l).contains_key(key);
    (has(lang) || has(Lang::En)).then(|| catalogue::render(lang, key, &[]))
}

/// `command` (built, so that clap's own `--help`, `--version` and `help`
/// exist) with its help texts in `lang`.
pub fn localise(mut command: Command, lang: Lang) -> Command {
    command.build();
    localise_command(command, "alianse", lang)
}

fn localise_command(mut command: Command, path: &str, lang: Lang) -> Command {
    if let Some(about) = text(lang, &about_key(path)) {
        command = command.about(about).long_about(None);
    }
    if lang == Lang::Lv {
        command = command
            .help_template(LATVIAN_TEMPLATE)
            .subcommand_help_heading("Komandas")
            .subcommand_value_name("KOMANDA");
    }
    command = command.mut_args(|arg| localise_arg(arg, path, lang));
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = format!("{path}.{name}");
        command = command.mut_subcommand(&name, |sub| {
            if name == "help" {
                // clap's `help` command: only its description; its own
                // subcommands mirror the real ones and are never listed.
                let about = text(lang, "cli-help.global.help-command");
                return match about {
                    Some(about) => sub.about(about),
                    None => sub,
                };
            }
            localise_command(sub, &sub_path, lang)
        });
    }
    command
}

fn localise_arg(mut arg: Arg, path: &str, lang: Lang) -> Arg {
    if let Some(help) = arg_keys(path, &arg).iter().find_map(|k| text(lang, k)) {
        arg = arg.help(help).long_help(None);
    }
    if lang == Lang::Lv {
        let heading = if arg.is_positional() {
            "Argumenti"
        } else {
            "Opcijas"
        };
        arg = arg.help_heading(heading);
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty()
            && arg.get_action().takes_values()
            && !arg.is_hide_default_value_set()
        {
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            arg = arg
                .help(format!("{help} [noklusējums: {}]", defaults.join(", ")))
                .hide_default_value(true);
        }
    }
    arg
}

/// clap's layout with "Lietojums:" for "Usage:".
const LATVIAN_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Lietojums: {usage}

{all-args}{after-help}";

/// The help texts the command tree asks for (for the tests): each as the
/// keys that may give it, the first found wins.
pub fn keys(command: &Command) -> Vec<Vec<String>> {
    fn walk(command: &Command, path: &str, out: &mut Vec<Vec<String>>) {
        out.push(vec![about_key(path)]);
        for arg in command.get_arguments() {
            out.push(arg_keys(path, arg));
        }
        for sub in command.get_subcommands() {
            if sub.get_name() == "help" {
                out.push(vec!["cli-help.global.help-command".to_string()]);
            } else {
                walk(sub, &format!("{path}.{}", sub.get_name()), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(command, "alianse", &mut out);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_and_flag_has_a_help_text_in_the_catalogues() {
        let mut command = crate::cli::Cli::command();
        command.build();
        let keys = keys(&command);
        assert!(keys.len() > 30, "{keys:?}");
        let en = catalogue::catalogue(Lang::En);
        let missing: Vec<&Vec<String>> = keys
            .iter()
            .filter(|ks| !ks.iter().any(|k| en.contains_key(k)))
            .collect();
        assert!(missing.is_empty(), "no help text for: {missing:?}");
    }

    #[test]
    fn latvian_help_has_latvian_headings_and_texts() {
        let mut command = localise(crate::cli::Cli::command(), Lang::Lv);
        let help = command.render_help().to_string();
        assert!(help.contains("Lietojums: alianse"), "{help}");
        assert!(help.contains("Komandas:"), "{help}");
        assert!(help.contains("Opcijas:"), "{help}");
        assert!(
            !help.contains("Usage:") && !help.contains("Options:"),
            "{help}"
        );
        let build = command.find_subcommand_mut("build").unwrap();
        let help = build.render_help().to_string();
        assert!(help.contains("[noklusējums: .]"), "{help}");
        assert!(!help.contains("[default"), "{help}");
    }
}
