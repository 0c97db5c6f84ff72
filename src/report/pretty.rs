//! Pretty-printed JSON for large reports: the one long array of a document
//! (the diagnostics, the SARIF results) is serialised in parallel chunks and
//! written in order, so the document is never held whole and both cores work.
//!
//! Each piece is pretty-printed on its own and indented to its depth. JSON
//! strings cannot hold a raw newline, so every newline in the text is the
//! printer's, and the bytes are exactly what one pretty-printer over the whole
//! document gives (`json.rs` has a test that holds them to it).

use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};

/// Items serialised by one task.
pub const CHUNK: usize = 256;
/// Chunks rendered before they are written: bounds the text held in memory.
pub const CHUNKS_IN_FLIGHT: usize = 32;

/// What a streaming writer prints, as a String (for tests and library
/// callers; the CLI streams). Writing into memory can only fail on a value
/// serde cannot print, which is reported in the JSON itself.
pub fn to_string(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut bytes = Vec::new();
    if let Err(e) = write(&mut bytes) {
        return format!("{{\"error\": \"{e}\"}}\n");
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Append `value` pretty-printed as if it stood `depth` levels deep.
pub fn pretty_at(buf: &mut Vec<u8>, value: &impl Serialize, depth: usize) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value)?;
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            buf.push(b'\n');
            buf.resize(buf.len() + 2 * depth, b' ');
        }
        buf.extend_from_slice(line);
    }
    Ok(())
}

/// Write `items` as a pretty JSON array standing `depth` levels deep (its
/// elements one deeper): `[]` when empty, else `[`, one element per line, and
/// `]` on a line of its own. `to_json` makes each element's serialisable form.
pub fn write_array<'a, T: Sync, J: Serialize>(
    out: &mut dyn Write,
    items: &'a [T],
    depth: usize,
    to_json: impl Fn(usize, &'a T) -> J + Sync,
) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let indent = " ".repeat(2 * (depth + 1));
    for (b, batch) in items.chunks(CHUNK * CHUNKS_IN_FLIGHT).enumerate() {
        let rendered: Vec<io::Result<Vec<u8>>> = batch
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut buf = Vec::with_capacity(chunk.len() * 1024);
                for (i, item) in chunk.iter().enumerate() {
                    let index = (b * CHUNKS_IN_FLIGHT + c) * CHUNK + i;
                    buf.extend_from_slice(if index == 0 { b"\n" } else { b",\n" });
                    buf.extend_from_slice(indent.as_bytes());
                    pretty_at(&mut buf, &to_json(index, item), depth + 1)?;
                }
                Ok(buf)
            })
            .collect();
        for chunk in rendered {
            out.write_all(&chunk?)?;
        }
    }
    out.write_all(b"\n")?;
    out.write_all(" ".repeat(2 * depth).as_bytes())?;
    out.write_all(b"]")
}
