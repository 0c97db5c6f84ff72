//! The `archc` binary: everything lives in the library's `cli` module.

// A large design is millions of small allocations (tokens, names, findings);
// mimalloc makes them and their frees several times cheaper than glibc's
// allocator and keeps fragmentation, and so peak memory, lower. Its v2 line:
// v3 left a third more memory resident (116 against 77 MB checking 10,000
// components), and every resident page is one the kernel had to zero.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    archc::cli::main()
}
