//! `analysis::estimate` on a generated design of 10,000 components and 30,000
//! links, with sync and async cycles (target: < 300 ms).
//!
//! The generator here is local and tiny; `archc::gen` (the pipeline benches'
//! generator) can replace it once it is on main.

use criterion::{criterion_group, criterion_main, Criterion};
use std::collections::HashSet;
use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

/// xorshift64: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Layers of clients, load balancers, services, caches, databases, queues and
/// topics; services call later services (a DAG) plus some earlier ones (sync
/// cycles), and consumers publish back into brokers (async cycles).
/// Declare a link once; `seen` counts the links written so far.
fn link(
    seen: &mut HashSet<(String, &'static str, String)>,
    out: &mut String,
    from: String,
    arrow: &'static str,
    to: String,
    words: &str,
) {
    let line = format!("{from} {arrow} {to}{words}");
    if seen.insert((from, arrow, to)) {
        let _ = writeln!(out, "{line}");
    }
}

pub fn generate(links_wanted: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let layers: [(&str, &str, usize); 7] = [
        ("client", "c", 20),
        ("load_balancer", "lb", 200),
        ("service", "s", 5000),
        ("cache", "k", 1500),
        ("database", "d", 2000),
        ("queue", "q", 640),
        ("topic", "t", 640),
    ];
    let mut out = String::from(
        "system \"generated\" {\n  dau 50M\n  requests_per_user 40\n  read_ratio 0.9\n  availability 99.9%\n  latency 500ms\n}\n",
    );
    for (kind, prefix, n) in layers {
        for i in 0..n {
            let attrs = match kind {
                "client" => String::new(),
                "cache" => " { replicas 2; hit_ratio 0.8; ttl 1h }".into(),
                "database" => {
                    " { replicas 3; records_per_day 1M; record_size 1KB; retention 1y; disk 1TB; backup }".into()
                }
                _ => format!(" {{ replicas {}..{}; capacity 2krps }}", 2 + i % 3, 4 + i % 7),
            };
            let _ = writeln!(out, "{kind} {prefix}{i}{attrs}");
        }
    }
    let mut seen: HashSet<(String, &'static str, String)> = HashSet::new();
    for i in 0..20 {
        for _ in 0..5 {
            link(&mut seen, &mut out, format!("c{i}"), "->", format!("lb{}", rng.below(200)), " : https");
        }
    }
    for i in 0..200 {
        for _ in 0..5 {
            link(&mut seen, &mut out, format!("lb{i}"), "->", format!("s{}", rng.below(5000)), " : http");
        }
    }
    for i in 0..5000usize {
        for _ in 0..2 {
            let j = i + 1 + rng.below(5000 - i.min(4999));
            if j < 5000 {
                link(&mut seen, &mut out, format!("s{i}"), "->", format!("s{j}"), " : grpc");
            }
        }
        link(&mut seen, &mut out, format!("s{i}"), "->", format!("k{}", rng.below(1500)), " : resp read");
        link(&mut seen, &mut out, format!("s{i}"), "->", format!("d{}", rng.below(2000)), " : sql");
        if i % 5 < 3 {
            let broker = if rng.below(2) == 0 { "q" } else { "t" };
            link(&mut seen, &mut out, format!("s{i}"), "~>", format!("{broker}{}", rng.below(640)), "");
        }
    }
    for broker in ["q", "t"] {
        for i in 0..640 {
            for _ in 0..3 {
                link(&mut seen, &mut out, format!("{broker}{i}"), "~>", format!("s{}", rng.below(5000)), "");
            }
        }
    }
    // Calls back to earlier services close sync cycles.
    for _ in 0..2000 {
        let i = 1 + rng.below(4999);
        link(&mut seen, &mut out, format!("s{i}"), "->", format!("s{}", rng.below(i)), " : grpc");
    }
    let mut guard = 0;
    while seen.len() < links_wanted && guard < 1_000_000 {
        let i = rng.below(4999);
        link(&mut seen, &mut out, format!("s{i}"), "->", format!("s{}", i + 1 + rng.below(4999 - i)), " : grpc");
        guard += 1;
    }
    out
}

fn estimate(c: &mut Criterion) {
    let text = generate(30_000);
    let compiled = archc::compile_str("bench.arch", &text);
    assert!(!compiled.has_errors(), "the generated model must compile: {:?}", compiled.diagnostics.first());
    let model = &compiled.model;
    assert_eq!(model.components.len(), 10_000);
    assert_eq!(model.links.len(), 30_000);
    let mut group = c.benchmark_group("estimate");
    group.sample_size(20).measurement_time(Duration::from_secs(10));
    group.bench_function("10k-components-30k-links", |b| b.iter(|| archc::analysis::estimate(black_box(model))));
    group.finish();
}

criterion_group!(benches, estimate);
criterion_main!(benches);
