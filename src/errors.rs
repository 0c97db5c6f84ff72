//! The catalog of syntax and semantic error codes: what `archc rules` lists
//! after the rules and what `archc explain CODE` prints. Unlike rules, these
//! cannot be configured or suppressed.

use crate::diagnostic::DiagnosticKind;

pub struct ErrorCode {
    pub code: &'static str,
    pub kind: DiagnosticKind,
    pub summary: &'static str,
    pub docs: &'static str,
}

macro_rules! error_codes {
    ($($code:literal, $kind:ident, $summary:literal, $docs:literal;)*) => {
        pub static ERROR_CODES: &[ErrorCode] = &[
            $(ErrorCode { code: $code, kind: DiagnosticKind::$kind, summary: $summary, docs: $docs },)*
        ];
    };
}

error_codes! {
    "syntax-error", Syntax, "the text does not fit the grammar",
    "A statement could not be parsed. The message says what the grammar expected at that point, in the language's terms.\n\nEach statement ends at a newline, at `;`, or at the `}` that closes its block; the parser skips to the next statement and goes on, so every broken line of a file is reported in one run.\n\n```arch\nservice api \"API\" replicas 3   // error: expected `{` or the end of the statement\n```\n\nFix: put attributes inside a `{ … }` block, one per line or separated by `;`.";
    "unclosed-brace", Syntax, "a `{` is never closed",
    "A block opened with `{` has no matching `}` before the end of the file. The error points at the opening brace, which is where the fix usually belongs.\n\n```arch\ngroup edge {\n  service api\n// missing `}`\n```";
    "invalid-string", Syntax, "a string is not closed or has an unknown escape",
    "Strings are written in double quotes on one line. The escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{1F600}`.";
    "invalid-number", Syntax, "a number has an unknown unit",
    "A unit follows a number with no space. The units are: counts `k`/`K`, `M`, `bn`; `%`; durations `ns us ms s m h d y`; rates `rps` (or `qps`, with an optional count prefix such as `1.5krps`); sizes `B KB MB GB TB PB` (powers of 1000) and `KiB MiB GiB TiB PiB` (powers of 1024).";
    "nesting-too-deep", Syntax, "blocks are nested too deeply",
    "Groups may nest, but not without limit: a file whose braces nest more than 64 levels deep is refused before it is parsed, so no input can exhaust the stack.";
    "identifier-too-long", Syntax, "an identifier is longer than the limit",
    "Identifiers may be at most 1,024 bytes long. The file is refused before it is parsed: ids are compared with each other for \"did you mean\" hints, and names that long would make that slow. Put a long name in the label string instead.";
    "string-too-long", Syntax, "a string is longer than the limit",
    "String literals may be at most 64 KiB long, quotes included. The file is refused before it is parsed.";
    "invalid-utf8", Syntax, "the file is not UTF-8 text",
    "`.arch` files are UTF-8. The error gives the byte offset of the first invalid byte; a binary file given by mistake is the usual cause.";
    "file-too-large", Syntax, "the file is larger than the limit",
    "Files over 64 MiB are refused. Split a design that large into files joined with `import`.";
    "format-failed", Syntax, "the formatter could not lay out a file safely",
    "`archc fmt` checks its own output: the formatted text must parse and keep every comment. If it would not, the file is left unchanged and this error is reported. It is a bug in `archc`; please report the file.";
    "file-unreadable", Semantic, "a file of the compilation cannot be read",
    "The root file of a compilation could not be read.";
    "unknown-kind", Semantic, "a declaration names no known component kind",
    "A top-level declaration is `KIND id [\"Label\"] [{ … }]`, and the kind must be one of: client, dns, cdn, load_balancer, gateway, service, function, cache, database, queue, topic, storage, search, coordinator, external.\n\n```arch\nservise api   // error: did you mean `service`?\n```";
    "unknown-attribute", Semantic, "an attribute the language does not know",
    "Every attribute of a component, link, group or the `system` block comes from a fixed catalog; `archc explain NAME` documents each one, and the README lists them all. A close name is suggested.\n\n```arch\nservice api { replica 3 }   // error: did you mean `replicas`?\n```";
    "attribute-not-allowed", Semantic, "an attribute that does not apply to this kind",
    "Some attributes only mean something on some kinds: `strategy` on a cache, `algorithm` on a load balancer, `dead_letter` on a queue or topic. The help lists where the attribute applies.";
    "invalid-value", Semantic, "a value of the wrong type or unit",
    "Each attribute takes one kind of value: a count, a percentage, a duration, a rate, a size, a keyword from a fixed list, a string. A value of another kind is an error, never a silent conversion.\n\n```arch\nservice api { latency 5GB }   // error: `latency` expects a duration\n```";
    "value-out-of-range", Semantic, "a value outside the range its attribute allows",
    "`replicas 0`, `availability 120%`, `read_ratio 1.5` or a range whose minimum is above its maximum (`replicas 10..2`) cannot describe a real system.";
    "duplicate-attribute", Semantic, "the same attribute twice in one block",
    "An attribute may be given once per block (`allow` may repeat). Both places are shown; keep one.";
    "duplicate-component", Semantic, "two declarations with the same id",
    "Component and group ids share one namespace across every file of the compilation. Both declarations are shown.";
    "undefined-component", Semantic, "a link names no declared component",
    "Every endpoint of a link must be a component declared somewhere in the compilation (in any order, in any imported file). Groups cannot be endpoints. A close id is suggested.";
    "self-link", Semantic, "a component links to itself",
    "A link from a component to itself says nothing a design review can use; a queue cannot be its own dead letter queue either.";
    "duplicate-link", Semantic, "the same link declared twice",
    "The same `from`, arrow and `to` may appear twice only when the two links carry different labels (two distinct flows).";
    "conflicting-attributes", Semantic, "attributes that contradict each other",
    "`stateless` with `stateful` on one component, or `traffic` with `dau` in the `system` block.";
    "duplicate-system", Semantic, "a second `system` block",
    "A compilation has at most one `system` block, across all its files.";
    "unknown-link-word", Semantic, "a word after `:` on a link that is not a protocol, operation or flag",
    "After `:` a link takes one protocol (`http`, `https`, `grpc`, `websocket`, `wss`, `graphql`, `tcp`, `udp`, `amqp`, `kafka`, `sql`, `resp`), the operations `read` and `write`, the flag `tls`, and at most one string label.";
    "import-not-found", Semantic, "an imported file cannot be read",
    "`import \"path.arch\"` is relative to the importing file. The error points at the import.";
    "import-cycle", Semantic, "files import each other in a cycle",
    "The message shows the chain of imports. Move what the files share into a third file they both import.";
    "import-outside-root", Semantic, "an import reaches outside the root directory",
    "Imports may not leave the compilation's root directory (the directory of the file given on the command line, the directory given, or `--root`): not with `..`, an absolute path or a symbolic link pointing outside.";
    "too-many-imports", Semantic, "a compilation has too many files",
    "A compilation may have at most 10,000 files.";
    "unknown-rule", Semantic, "`allow` names no rule",
    "`allow RULE \"reason\"` must name a review rule (`archc rules` lists them). Syntax and semantic errors cannot be suppressed.";
    "invalid-config", Semantic, "archc.toml is not valid",
    "`archc.toml` has one table, `[rules]`, mapping rule names to `\"error\"`, `\"warning\"`, `\"note\"` or `\"off\"`. The error points into the file.";
}

pub fn find(code: &str) -> Option<&'static ErrorCode> {
    ERROR_CODES.iter().find(|e| e.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_never_rule_names() {
        let mut seen = std::collections::HashSet::new();
        for e in ERROR_CODES {
            assert!(seen.insert(e.code), "duplicate {}", e.code);
            assert!(crate::lint::find_rule(e.code).is_none(), "{} is also a rule", e.code);
        }
    }

    /// Every code a diagnostic constructor names in the source is documented.
    #[test]
    fn every_emitted_code_is_documented() {
        let sources = [
            include_str!("syntax/mod.rs"),
            include_str!("driver.rs"),
            include_str!("model/resolve.rs"),
            include_str!("lint/mod.rs"),
            include_str!("lint/config.rs"),
            include_str!("fmt/mod.rs"),
        ];
        for text in sources {
            for part in text.split("Diagnostic::").skip(1) {
                let Some(rest) = part.strip_prefix("syntax(").or_else(|| part.strip_prefix("semantic(")) else {
                    continue;
                };
                let rest = rest.trim_start();
                let Some(code) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) else { continue };
                assert!(find(code).is_some(), "`{code}` is emitted but not in ERROR_CODES");
            }
        }
    }
}
