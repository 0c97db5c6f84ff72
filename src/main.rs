//! The `archc` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    archc::cli::main()
}
