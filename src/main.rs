//! The `alianse` command: a thin wrapper over the library.

fn main() -> std::process::ExitCode {
    alianse::cli::main()
}
