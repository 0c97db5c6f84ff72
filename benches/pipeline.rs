//! Pipeline benchmarks over generated designs (`archc::gen`): parse, resolve
//! and lint at 100, 1,000 and 10,000 components, and the three together at
//! 100,000 in a separate group with few samples; rendering to SVG (layout
//! and writer) at 100 and 1,000 components.
//!
//! `cargo bench --bench pipeline` runs everything; `cargo bench --bench
//! pipeline -- parse/` one stage. End-to-end timings of the binary are in
//! `benches/check.sh`.

use archc::lint::{self, LintConfig};
use archc::source::FileId;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 42;

fn stages(c: &mut Criterion) {
    for &n in &[100usize, 1_000, 10_000] {
        let text = archc::gen::generate(n, SEED);
        let compiled = archc::compile_str("bench.arch", &text);
        assert!(!compiled.has_errors(), "the generated model of {n} components must compile cleanly");
        let config = LintConfig::default();

        let mut group = c.benchmark_group("parse");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| archc::syntax::parse(FileId(0), black_box(text)));
        });
        group.finish();

        let parsed = archc::syntax::parse(FileId(0), &text);
        let mut group = c.benchmark_group("resolve");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &parsed.file, |b, file| {
            b.iter(|| archc::model::resolve(&[(FileId(0), black_box(file))]));
        });
        group.finish();

        let mut group = c.benchmark_group("lint");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &compiled.model, |b, model| {
            b.iter(|| lint::lint(black_box(model), &config));
        });
        group.finish();

        let mut group = c.benchmark_group("compile+lint");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                let c = archc::compile_str("bench.arch", black_box(text));
                lint::lint(&c.model, &config)
            });
        });
        group.finish();
    }
}

/// 100,000 components (about 14 MB): parse, resolve and lint in one go.
fn huge(c: &mut Criterion) {
    let n = 100_000;
    let text = archc::gen::generate(n, SEED);
    let config = LintConfig::default();
    let mut group = c.benchmark_group("huge-100k");
    group.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse+resolve+lint", |b| {
        b.iter(|| {
            let c = archc::compile_str("bench.arch", black_box(&text));
            lint::lint(&c.model, &config)
        });
    });
    group.finish();
}

/// Layout and SVG of generated designs. These are dense (a 1,000-component
/// design has 40,000 layout items, most of them the dummies of long edges),
/// so each size gets few samples. `benches/compare.sh` times the binary
/// against Graphviz.
fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render-svg");
    group.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(1));
    for &n in &[100usize, 1_000] {
        let text = archc::gen::generate(n, SEED);
        let compiled = archc::compile_str("bench.arch", &text);
        assert!(!compiled.has_errors(), "the generated model of {n} components must compile cleanly");
        let opts = archc::render::Options::default();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &compiled.model, |b, model| {
            b.iter(|| archc::render::render(black_box(model), &[], archc::render::Format::Svg, &opts));
        });
    }
    group.finish();
}

criterion_group!(benches, stages, huge, render);
criterion_main!(benches);
