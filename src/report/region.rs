//! Line/column regions for the formats GitHub reads (SARIF and workflow commands).
//!
//! Columns here count UTF-16 code units, which is SARIF's default `columnKind`
//! and what GitHub's web views index by; the JSON report counts Unicode scalar
//! values instead, as CLI.md asks. For ASCII text the two agree.

use crate::source::{SourceMap, Span};

/// A 1-based region; `end_column` is exclusive (the column just past the last
/// character), as SARIF defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Region {
    /// The region a span covers, or `None` when the span's file is unknown.
    pub fn of(sources: &SourceMap, span: Span) -> Option<Region> {
        let file = sources.get(span.file)?;
        let (start_line, start_column) = file.utf16_position(span.start as usize);
        let (end_line, end_column) = file.utf16_position(span.end as usize);
        Some(Region {
            start_line: start_line + 1,
            start_column: start_column + 1,
            end_line: end_line + 1,
            end_column: end_column + 1,
        })
    }

    pub fn is_single_line(&self) -> bool {
        self.start_line == self.end_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn columns_count_utf16_units_and_end_is_exclusive() {
        let mut m = SourceMap::new();
        let f = m.add(SourceFile::new("a", "x\n😀 api\n"));
        // "api" starts after a 4-byte emoji (2 UTF-16 units) and a space.
        let r = Region::of(&m, Span::new(f, 7, 10)).expect("known file");
        assert_eq!(r, Region { start_line: 2, start_column: 4, end_line: 2, end_column: 7 });
    }
}
