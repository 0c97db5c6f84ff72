//! Source files, byte spans and the line index.
//!
//! Spans are byte ranges tagged with the file they belong to. Lines and columns
//! are computed only when a report is written, so every stage in between can
//! carry spans cheaply.

use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start: clamp_u32(start), end: clamp_u32(end.max(start)) }
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The smallest span covering both (which must be in the same file).
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn contains(&self, other: Span) -> bool {
        self.file == other.file && self.start <= other.start && other.end <= self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 1-based line and column (columns count Unicode scalar values) plus the byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users (the path as given, with `/` separators).
    pub name: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text));
        SourceFile { name: name.into(), text, line_starts }
    }

    /// Line and column of a byte offset; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let line_start = self.column_origin(line).min(offset);
        let column = self.text.get(line_start..offset).map_or(offset - line_start, |s| s.chars().count()) + 1;
        LineCol { line: line + 1, column, offset }
    }

    /// Where columns of a 0-based line are counted from: its start, except
    /// that a byte-order mark opening the file is not a column (the language
    /// ignores it, and editors hide it).
    fn column_origin(&self, line: usize) -> usize {
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        if start == 0 && self.text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            start
        }
    }

    /// Byte offset of a 0-based line and a column counted in UTF-16 code units
    /// (what editors speak); clamps to the line's end.
    pub fn offset_of_utf16(&self, line: usize, utf16_col: usize) -> usize {
        if line >= self.line_starts.len() {
            return self.text.len();
        }
        let start = self.column_origin(line);
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.text.len());
        let mut units = 0;
        for (i, ch) in self.text.get(start..end).unwrap_or("").char_indices() {
            if units >= utf16_col || ch == '\n' || ch == '\r' {
                return start + i;
            }
            units += ch.len_utf16();
        }
        end
    }

    /// 0-based line and UTF-16 column of a byte offset (for editors).
    pub fn utf16_position(&self, offset: usize) -> (usize, usize) {
        let lc = self.line_col(offset);
        let line_start = self.column_origin(lc.line - 1).min(lc.offset);
        let col = self.text.get(line_start..lc.offset).map_or(0, |s| s.encode_utf16().count());
        (lc.line - 1, col)
    }

    /// The 0-based line an offset is on.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The byte offset where a 0-based line starts; the text's length past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// The offset after every line break: `\n`, `\r\n`, or a `\r` alone, as
/// the grammar (and the language server protocol) end lines. memchr
/// searches many bytes at a time: this index is built once per file, before
/// anything else can start.
fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(move |&i| bytes.get(i) == Some(&b'\n') || bytes.get(i + 1) != Some(&b'\n'))
        .map(|i| i + 1)
}

/// Every file of one compilation, indexed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(clamp_u32(self.files.len() - 1))
    }

    /// Show every file under another name (the ids stay).
    pub fn rename(&mut self, mut to: impl FnMut(&str) -> String) {
        for f in &mut self.files {
            f.name = to(&f.name);
        }
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(clamp_u32(i)), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text a span covers, or "" when the span does not fit its file.
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file).and_then(|f| f.text.get(span.range())).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_scalar_values() {
        let f = SourceFile::new("a", "ab\nçé x\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1, offset: 0 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1, offset: 3 });
        // "çé " is 5 bytes and 3 characters.
        assert_eq!(f.line_col(8).column, 4);
        assert_eq!(f.line_col(100).line, 3);
    }

    #[test]
    fn a_carriage_return_alone_ends_a_line_as_in_the_grammar() {
        let f = SourceFile::new("a", "a\rb\r\nc\nd");
        assert_eq!(f.line_col(2), LineCol { line: 2, column: 1, offset: 2 });
        assert_eq!(f.line_col(5), LineCol { line: 3, column: 1, offset: 5 });
        assert_eq!(f.line_col(7).line, 4);
        assert_eq!(f.line_count(), 4);
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let f = SourceFile::new("a", "\u{FEFF}ab\ncd");
        assert_eq!(f.line_col(3), LineCol { line: 1, column: 1, offset: 3 });
        assert_eq!(f.line_col(4).column, 2);
        assert_eq!(f.line_col(7).column, 2);
        assert_eq!(f.utf16_position(4), (0, 1));
        assert_eq!(f.offset_of_utf16(0, 1), 4);
    }

    #[test]
    fn utf16_round_trip() {
        let f = SourceFile::new("a", "x\n😀b\n");
        let off = f.offset_of_utf16(1, 2);
        assert_eq!(&f.text[off..off + 1], "b");
        assert_eq!(f.utf16_position(off), (1, 2));
    }
}
