//! The `archc` binary: everything lives in the library's `cli` module.

// A large design is millions of small allocations (tokens, names, findings);
// mimalloc makes them and their frees several times cheaper than glibc's
// allocator and keeps fragmentation, and so peak memory, lower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    archc::cli::main()
}
