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
    let mut serializer = serde_json::Serializer::with_formatter(buf, Indented { depth, has_value: false });
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// serde_json's `PrettyFormatter` (two spaces) starting `depth` levels in,
/// so that a piece needs no second pass to indent it, and writing each
/// indentation in one go rather than two bytes at a time: the report of a
/// large design is tens of megabytes of mostly indentation.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn newline(&self, out: &mut (impl Write + ?Sized), comma: bool) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        out.write_all(if comma { b",\n" } else { b"\n" })?;
        let mut width = 2 * self.depth;
        while width > 0 {
            let run = width.min(SPACES.len());
            out.write_all(SPACES.get(..run).unwrap_or_default())?;
            width -= run;
        }
        Ok(())
    }

    fn close(&mut self, out: &mut (impl Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.newline(out, false)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.newline(out, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.newline(out, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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
