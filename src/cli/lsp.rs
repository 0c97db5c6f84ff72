//! `archc lsp`: the language server of [`crate::lsp`] over standard input and output.

use super::output::tool_error;
use super::Outcome;
use crate::driver::FsLoader;
use clap::Args;

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Accepted for editors that pass it; standard input and output are the only transport
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: LspArgs) -> Outcome {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let served = crate::lsp::run(&connection, &FsLoader);
    // Closing the connection lets the writer thread finish.
    drop(connection);
    let joined = io_threads.join();
    match (served, joined) {
        (Ok(crate::lsp::Ended::Cleanly), Ok(())) => Outcome::Success,
        // The protocol's exit code 1 for an `exit` that no `shutdown` preceded.
        (Ok(crate::lsp::Ended::WithoutShutdown), Ok(())) => Outcome::InputError,
        (Err(e), _) => {
            tool_error(&format!("language server: {e}"), None);
            Outcome::Failure
        }
        (_, Err(e)) => {
            tool_error(&format!("language server: {e}"), None);
            Outcome::Failure
        }
    }
}
