//! Wall time of each pipeline stage on one file, for finding where time goes:
//! `cargo run --release --example stages -- design.arch`.
//! The benchmarks (`cargo bench`) are the measurements we report; this is
//! the quick look.

use archc::lint::{self, LintConfig};
use archc::source::FileId;
use std::time::Instant;

// The allocator the binary uses, so the numbers match `archc`, counting the
// bytes live so that each stage's own memory shows.
#[global_allocator]
static ALLOCATOR: Counting = Counting;

static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
// The most bytes live since the last stage ended: what a stage's transient
// buffers cost, which `live` at its end hides.
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

struct Counting;

unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), std::sync::atomic::Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, std::sync::atomic::Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
}

fn live_mb() -> usize {
    LIVE.load(std::sync::atomic::Ordering::Relaxed) / (1024 * 1024)
}

/// The peak since the last call, in MB; starts the next stage's count.
fn take_peak_mb() -> usize {
    let live = LIVE.load(std::sync::atomic::Ordering::Relaxed);
    PEAK.swap(live, std::sync::atomic::Ordering::Relaxed) / (1024 * 1024)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stages FILE.arch");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let time = |name: &str, start: Instant| {
        eprintln!(
            "{name:<10} {:>8.1} ms   resident {:>6} MB   live {:>6} MB   peak {:>6} MB",
            start.elapsed().as_secs_f64() * 1e3,
            resident_mb(),
            live_mb(),
            take_peak_mb()
        )
    };

    let t = Instant::now();
    let parsed = archc::syntax::parse(FileId(0), &text);
    time("parse", t);
    // `ONLY_PARSE=1` stops here: handy under `valgrind --tool=callgrind`.
    if std::env::var_os("ONLY_PARSE").is_some() {
        eprintln!("{} items, {} syntax errors", parsed.file.items.len(), parsed.diagnostics.len());
        return;
    }
    let t = Instant::now();
    let resolved = archc::model::resolve(&[(FileId(0), &parsed.file)]);
    time("resolve", t);
    // `ONLY_RESOLVE=1` stops here.
    if std::env::var_os("ONLY_RESOLVE").is_some() {
        return;
    }
    drop(resolved);
    let t = Instant::now();
    let compiled = archc::compile_str(&path, &text);
    time("compile", t);
    let t = Instant::now();
    let findings = lint::lint(&compiled.model, &LintConfig::default());
    time("lint", t);
    let t = Instant::now();
    let estimates = archc::analysis::estimate(&compiled.model);
    time("estimate", t);
    let t = Instant::now();
    let mut all = compiled.diagnostics.clone();
    all.extend(findings);
    archc::report::sort(&mut all, &compiled.sources);
    let summary = archc::diagnostic::Summary::count(&all, compiled.sources.len());
    let json = archc::report::json::render(&all, &compiled.sources, summary);
    time("json", t);
    eprintln!("{} findings, {} bytes of JSON, {} clients", all.len(), json.len(), estimates.clients.len());
}

/// The resident set size now, from /proc (0 where there is none).
fn resident_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    kb / 1024
}
