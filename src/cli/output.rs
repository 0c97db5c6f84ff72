//! Writing to the terminal: colour decisions, broken pipes, tool errors.

use super::ColorChoice;
use std::io::{IsTerminal, Write};

/// Whether to colour what goes to standard error.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
        }
    }
}

/// Terminal width for reports on a terminal; 80 otherwise, so pipes and CI logs are stable.
pub fn report_width() -> usize {
    if std::io::stderr().is_terminal() {
        std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100).clamp(60, 200)
    } else {
        80
    }
}

/// Write to standard output; a closed pipe (`archc … | head`) is not an error.
pub fn stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Standard output written by `write` through a buffer; a closed pipe (`| head`)
/// is not an error.
pub fn stdout_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

pub fn stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// A tool failure (exit 2): `error: …` and an optional hint, on standard error.
pub fn tool_error(message: &str, help: Option<&str>) {
    let mut text = format!("error: {message}\n");
    if let Some(h) = help {
        text.push_str(&format!("  help: {h}\n"));
    }
    stderr(&text);
}
