//! The `alianse` command: a thin wrapper over the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    alianse::cli::run(alianse::cli::Cli::parse())
}
