//! The `alianse` command: a thin wrapper over the library, and the choice of
//! memory allocator for the program.

/// mimalloc instead of the C library's allocator: a build allocates and frees
/// millions of small values (template values, rendered strings) on several
/// threads, and glibc's malloc spent about a fifth of all instructions of a
/// build (see docs/PERFORMANCE.md, "Session 9: full build").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    alianse::cli::main()
}
