//! A deterministic generator of large, valid designs for benchmarks, fuzz
//! seeds and property tests.
//!
//! [`generate`] writes a `.arch` file of `components` components with about
//! three links per component, laid out the way real designs are: clients on
//! the internet, an edge tier (DNS, CDN, load balancers, gateways) in a DMZ,
//! and domains of services and their data stores in private groups, some
//! nested. The same `(components, seed)` always gives the same bytes: the
//! random numbers come from a splitmix64 generator seeded with `seed`, and
//! nothing iterates a hash map.
//!
//! The output is valid per LANGUAGE.md: ids are unique, no link points at
//! itself, no `(from, arrow, to)` is declared twice, every attribute applies
//! to its kind and appears once per block, and `dead_letter` names a queue.
//! Synchronous service-to-service calls only go from a lower to a higher
//! index, so the `->` graph has no cycles and path analyses stay tractable.

// Every index below comes from pools this module builds itself from the
// component list; nothing here reads user input.
#![allow(clippy::indexing_slicing)]

use std::collections::HashSet;
use std::fmt::Write;

/// Links per component the generator aims at.
const LINKS_PER_COMPONENT: usize = 3;
/// Components in one domain group.
const DOMAIN_SIZE: usize = 40;

/// splitmix64: tiny, fast, and good enough to shape test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent / 100`.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum K {
    Client,
    Dns,
    Cdn,
    Lb,
    Gateway,
    External,
    Service,
    Function,
    Cache,
    Database,
    Queue,
    Topic,
    Storage,
    Search,
    Coordinator,
}

impl K {
    const COUNT: usize = 15;

    fn keyword(self) -> &'static str {
        match self {
            K::Client => "client",
            K::Dns => "dns",
            K::Cdn => "cdn",
            K::Lb => "load_balancer",
            K::Gateway => "gateway",
            K::External => "external",
            K::Service => "service",
            K::Function => "function",
            K::Cache => "cache",
            K::Database => "database",
            K::Queue => "queue",
            K::Topic => "topic",
            K::Storage => "storage",
            K::Search => "search",
            K::Coordinator => "coordinator",
        }
    }

    /// Prefix of generated ids; the global index keeps them unique.
    fn prefix(self) -> &'static str {
        match self {
            K::Client => "web",
            K::Dns => "dns",
            K::Cdn => "edge-cdn",
            K::Lb => "lb",
            K::Gateway => "api-gw",
            K::External => "ext",
            K::Service => "svc",
            K::Function => "fn",
            K::Cache => "cache",
            K::Database => "db",
            K::Queue => "q",
            K::Topic => "events",
            K::Storage => "blobs",
            K::Search => "idx",
            K::Coordinator => "zk",
        }
    }

    fn title(self) -> &'static str {
        match self {
            K::Client => "Client",
            K::Dns => "DNS",
            K::Cdn => "CDN",
            K::Lb => "Load balancer",
            K::Gateway => "API gateway",
            K::External => "Partner API",
            K::Service => "Service",
            K::Function => "Function",
            K::Cache => "Cache",
            K::Database => "Database",
            K::Queue => "Queue",
            K::Topic => "Topic",
            K::Storage => "Object store",
            K::Search => "Search index",
            K::Coordinator => "Coordinator",
        }
    }
}

/// Kinds inside a domain and their weights.
const DOMAIN_MIX: &[(K, usize)] = &[
    (K::Service, 45),
    (K::Function, 5),
    (K::Cache, 14),
    (K::Database, 14),
    (K::Queue, 7),
    (K::Topic, 4),
    (K::Storage, 4),
    (K::Search, 3),
    (K::Coordinator, 1),
];

struct Comp {
    kind: K,
    id: String,
    /// Index of its domain, `None` for clients and the edge tier.
    domain: Option<usize>,
    /// For a queue: the queue it sends failing messages to.
    dead_letter: Option<usize>,
    /// A queue that receives another queue's dead letters.
    is_dlq: bool,
}

struct GenLink {
    from: usize,
    to: usize,
    /// A second hop `to ~> then`, written as a chain.
    then: Option<usize>,
    async_: bool,
    words: String,
    block: String,
}

/// A valid design of `components` components (see the module docs).
pub fn generate(components: usize, seed: u64) -> String {
    let mut rng = Rng(seed ^ 0x5EED_A4C4_0000_0000);
    let comps = plan_components(components, &mut rng);
    let domains = comps.iter().filter_map(|c| c.domain).max().map_or(0, |d| d + 1);

    // Pools: global per kind, and per domain per kind.
    let mut global: Vec<Vec<usize>> = vec![Vec::new(); K::COUNT];
    let mut local: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); K::COUNT]; domains];
    for (i, c) in comps.iter().enumerate() {
        global[c.kind as usize].push(i);
        if let Some(d) = c.domain {
            local[d][c.kind as usize].push(i);
        }
    }

    let mut g = LinkGen { comps: &comps, global, local, seen: HashSet::new(), links: Vec::new() };
    // Dead-letter queues are implied `~>` links: never declare them again.
    for (i, c) in comps.iter().enumerate() {
        if let Some(d) = c.dead_letter {
            g.seen.insert((i, true, d));
        }
    }
    // First give every callee one caller, so nothing floats unconnected...
    for to in 0..comps.len() {
        g.caller_for(to, &mut rng);
    }
    // ...then fill up to about three links per component.
    let target = components * LINKS_PER_COMPONENT;
    let callers: Vec<usize> = (0..comps.len()).filter(|&i| is_caller(comps[i].kind)).collect();
    let mut attempts = 0;
    while g.count() < target && attempts < target * 10 && !callers.is_empty() {
        attempts += 1;
        let from = callers[rng.below(callers.len())];
        g.callee_for(from, &mut rng);
    }
    let links = std::mem::take(&mut g.links);
    write_design(components, seed, &comps, domains, &links, &mut rng)
}

fn is_caller(k: K) -> bool {
    matches!(k, K::Client | K::Cdn | K::Lb | K::Gateway | K::Service | K::Function | K::Queue | K::Topic)
}

fn plan_components(n: usize, rng: &mut Rng) -> Vec<Comp> {
    let mut kinds: Vec<K> = Vec::with_capacity(n);
    if n < 12 {
        // Too small for tiers: a recognisable minimal stack.
        let small = [
            K::Client,
            K::Service,
            K::Database,
            K::Cache,
            K::Gateway,
            K::Queue,
            K::Service,
            K::Lb,
            K::Topic,
            K::Search,
            K::External,
        ];
        kinds.extend(small.iter().take(n));
    } else {
        let edge = [
            (K::Client, (n / 33).max(1)),
            (K::Dns, 1 + n / 10_000),
            (K::Cdn, (n / 300).max(1)),
            (K::Lb, (n / 50).max(1)),
            (K::Gateway, (n / 60).max(1)),
            (K::External, (n / 60).max(1)),
        ];
        for (k, count) in edge {
            kinds.extend(std::iter::repeat_n(k, count));
        }
    }
    let mut comps: Vec<Comp> = Vec::with_capacity(n);
    let tiered = n >= 12;
    for (i, &k) in kinds.iter().enumerate() {
        let domain = (!tiered && !matches!(k, K::Client | K::Gateway | K::Lb | K::External)).then_some(0);
        comps.push(Comp { kind: k, id: make_id(k, i, rng), domain, dead_letter: None, is_dlq: false });
    }
    if !tiered {
        return comps;
    }
    let total: usize = DOMAIN_MIX.iter().map(|(_, w)| w).sum();
    let mut domain = 0;
    let mut in_domain = 0;
    while comps.len() < n {
        if in_domain == DOMAIN_SIZE {
            domain += 1;
            in_domain = 0;
        }
        // Each domain starts with a service so its stores have a caller.
        let kind = if in_domain == 0 {
            K::Service
        } else {
            let mut roll = rng.below(total);
            let mut kind = K::Service;
            for &(k, w) in DOMAIN_MIX {
                if roll < w {
                    kind = k;
                    break;
                }
                roll -= w;
            }
            kind
        };
        let i = comps.len();
        let with_dlq = kind == K::Queue && comps.len() + 2 <= n && in_domain + 2 <= DOMAIN_SIZE && rng.chance(30);
        comps.push(Comp {
            kind,
            id: make_id(kind, i, rng),
            domain: Some(domain),
            dead_letter: with_dlq.then_some(i + 1),
            is_dlq: false,
        });
        in_domain += 1;
        if with_dlq {
            comps.push(Comp {
                kind: K::Queue,
                id: format!("dlq_{}", i + 1),
                domain: Some(domain),
                dead_letter: None,
                is_dlq: true,
            });
            in_domain += 1;
        }
    }
    comps
}

fn make_id(k: K, i: usize, rng: &mut Rng) -> String {
    // Mix the two id spellings the language allows: `svc_12` and `svc-12`.
    if rng.chance(30) {
        format!("{}-{i}", k.prefix())
    } else {
        format!("{}_{i}", k.prefix().replace('-', "_"))
    }
}

struct LinkGen<'c> {
    comps: &'c [Comp],
    global: Vec<Vec<usize>>,
    local: Vec<Vec<Vec<usize>>>,
    /// `(from, async, to)` already declared.
    seen: HashSet<(usize, bool, usize)>,
    links: Vec<GenLink>,
}

impl LinkGen<'_> {
    /// Links declared so far (a chain counts each hop).
    fn count(&self) -> usize {
        self.seen.len()
    }

    /// A component of one of `kinds`, from `from`'s domain most of the time.
    fn pick(&self, from: usize, kinds: &[K], rng: &mut Rng) -> Option<usize> {
        let kind = *rng.pick(kinds)?;
        let domain = self.comps[from].domain;
        let pool = match domain {
            Some(d) if rng.chance(85) && !self.local[d][kind as usize].is_empty() => &self.local[d][kind as usize],
            _ => &self.global[kind as usize],
        };
        rng.pick(pool).copied()
    }

    /// A service called synchronously by `from`: higher index only, so `->` stays acyclic.
    fn later_service(&self, from: usize, rng: &mut Rng) -> Option<usize> {
        let domain = self.comps[from].domain;
        let pool = match domain {
            Some(d) if rng.chance(85) => &self.local[d][K::Service as usize],
            _ => &self.global[K::Service as usize],
        };
        let start = pool.partition_point(|&s| s <= from);
        let rest = pool.get(start..)?;
        rng.pick(rest).copied()
    }

    fn add(&mut self, from: usize, to: usize, async_: bool, rng: &mut Rng) -> bool {
        if from == to || !self.seen.insert((from, async_, to)) {
            return false;
        }
        let (words, block) = link_words(self.comps[from].kind, self.comps[to].kind, rng);
        self.links.push(GenLink { from, to, then: None, async_, words, block });
        true
    }

    /// Give `to` one caller of a fitting kind.
    fn caller_for(&mut self, to: usize, rng: &mut Rng) {
        let kind = self.comps[to].kind;
        let (from, async_) = match kind {
            K::Client => return,
            K::Dns | K::Cdn | K::Lb | K::Gateway => (self.pick(to, &[K::Client], rng), false),
            K::Service => {
                let earlier = self.comps[to].domain.and_then(|d| {
                    let pool = &self.local[d][K::Service as usize];
                    let end = pool.partition_point(|&s| s < to);
                    pool.get(..end).and_then(|p| rng.pick(p).copied())
                });
                (earlier.or_else(|| self.pick(to, &[K::Gateway, K::Lb], rng)), false)
            }
            K::Function => (self.pick(to, &[K::Gateway, K::Queue, K::Topic], rng), true),
            K::Queue | K::Topic if self.comps[to].is_dlq => return,
            K::Queue | K::Topic => (self.pick(to, &[K::Service], rng), true),
            K::Cache | K::Database | K::Storage | K::Search | K::Coordinator | K::External => {
                (self.pick(to, &[K::Service], rng), false)
            }
        };
        if let Some(from) = from {
            let async_ = async_ && self.comps[from].kind != K::Gateway;
            self.add(from, to, async_, rng);
        }
    }

    /// Give `from` one more callee of a fitting kind.
    fn callee_for(&mut self, from: usize, rng: &mut Rng) {
        let roll = rng.below(100);
        let (to, async_) = match self.comps[from].kind {
            K::Client => (self.pick(from, &[K::Cdn, K::Lb, K::Gateway, K::Gateway, K::Dns], rng), false),
            K::Cdn => (self.pick(from, &[K::Lb, K::Gateway, K::Storage], rng), false),
            K::Lb => (self.pick(from, &[K::Gateway, K::Service], rng), false),
            K::Gateway => (self.pick(from, &[K::Service, K::Service, K::Function], rng), false),
            K::Service => match roll {
                0..=39 => (self.later_service(from, rng), false),
                40..=69 => (self.pick(from, &[K::Cache, K::Database], rng), false),
                70..=79 => (self.pick(from, &[K::Search, K::Storage, K::Coordinator], rng), false),
                80..=94 => {
                    let broker = self.pick(from, &[K::Queue, K::Queue, K::Topic], rng);
                    if let Some(b) = broker.filter(|_| rng.chance(30)) {
                        if self.chain(from, b, rng) {
                            return;
                        }
                    }
                    (broker, true)
                }
                _ => (self.pick(from, &[K::External], rng), false),
            },
            K::Function => match roll {
                0..=79 => (self.pick(from, &[K::Database, K::Storage, K::Cache], rng), false),
                _ => (self.pick(from, &[K::Queue, K::Topic], rng), true),
            },
            K::Queue | K::Topic => (self.pick(from, &[K::Service, K::Service, K::Function], rng), true),
            _ => (None, false),
        };
        if let Some(to) = to {
            self.add(from, to, async_, rng);
        }
    }

    /// `from ~> broker ~> consumer` as one chained statement.
    fn chain(&mut self, from: usize, broker: usize, rng: &mut Rng) -> bool {
        let Some(consumer) = self.pick(broker, &[K::Service, K::Function], rng) else { return false };
        if consumer == from
            || from == broker
            || self.seen.contains(&(from, true, broker))
            || self.seen.contains(&(broker, true, consumer))
        {
            return false;
        }
        self.seen.insert((from, true, broker));
        self.seen.insert((broker, true, consumer));
        let proto = if self.comps[broker].kind == K::Topic { "kafka" } else { "amqp" };
        let words = if rng.chance(50) { format!("{proto} \"order events\"") } else { proto.to_string() };
        self.links.push(GenLink { from, to: broker, then: Some(consumer), async_: true, words, block: String::new() });
        true
    }
}

/// The shorthand words and the optional attribute block of a link.
fn link_words(from: K, to: K, rng: &mut Rng) -> (String, String) {
    let mut words: Vec<&str> = Vec::new();
    let mut block: Vec<String> = Vec::new();
    match (from, to) {
        (K::Client, _) | (K::Cdn, _) => words.push("https"),
        (_, K::Cache) => {
            words.push("resp");
            if rng.chance(60) {
                words.push("read");
            }
            if rng.chance(30) {
                block.push("fallback".into());
            }
        }
        (_, K::Database) => {
            words.push("sql");
            if rng.chance(20) {
                words.push("tls");
            }
            match rng.below(3) {
                0 => words.push("read"),
                1 => words.push("write"),
                _ => {}
            }
            if rng.chance(20) {
                words.push("\"orders\"");
            }
        }
        (_, K::Search) => words.extend(["http", "read"]),
        (_, K::Storage) => words.push("https"),
        (_, K::Coordinator) => words.extend(["grpc", "tls"]),
        (_, K::External) => {
            words.push("https");
            block.push(format!("timeout {}s", 1 + rng.below(5)));
            block.push(format!("retries {}", rng.below(4)));
            block.push("circuit_breaker".into());
        }
        (_, K::Topic) | (K::Topic, _) => words.push("kafka"),
        (_, K::Queue) | (K::Queue, _) => words.push("amqp"),
        (K::Lb, _) => words.push(if rng.chance(50) { "http" } else { "https" }),
        _ => {
            words.push(if rng.chance(70) { "grpc" } else { "http" });
            if rng.chance(50) {
                words.push("tls");
            }
            if rng.chance(15) {
                block.push(format!("calls {}", 2 + rng.below(3)));
            }
            if rng.chance(15) {
                block.push(format!("timeout {}ms", 100 * (1 + rng.below(20))));
            }
            if rng.chance(10) {
                block.push(format!("latency {}ms", 1 + rng.below(5)));
            }
        }
    }
    let block = match block.len() {
        0 => String::new(),
        _ if rng.chance(50) => format!(" {{ {} }}", block.join("; ")),
        _ => {
            let mut s = " {\n".to_string();
            for line in &block {
                let _ = writeln!(s, "    {line}");
            }
            s.push('}');
            s
        }
    };
    (words.join(" "), block)
}

fn write_design(n: usize, seed: u64, comps: &[Comp], domains: usize, links: &[GenLink], rng: &mut Rng) -> String {
    let mut out = String::with_capacity(n * 150 + 512);
    let _ = writeln!(out, "// Generated by archc's model generator: {n} components, seed {seed}.");
    let _ = writeln!(out, "// Regenerate with `cargo run --release --example gen_model -- {n} {seed}`.\n");
    out.push_str(
        "system \"Generated platform\" {\n  description \"a synthetic design for benchmarks and tests\"\n  \
         availability 99.9%\n  latency 2s\n  dau 25M\n  requests_per_user 12.5\n  read_ratio 0.9\n  \
         peak_factor 3\n}\n\n",
    );

    let mut by_domain: Vec<Vec<usize>> = vec![Vec::new(); domains];
    let mut top: Vec<usize> = Vec::new();
    for (i, c) in comps.iter().enumerate() {
        match c.domain {
            Some(d) => by_domain[d].push(i),
            None => top.push(i),
        }
    }
    // Links whose ends share a domain are declared in that domain's body.
    let mut domain_links: Vec<Vec<&GenLink>> = vec![Vec::new(); domains];
    let mut top_links: Vec<&GenLink> = Vec::new();
    for l in links {
        let d = comps[l.from].domain;
        let same = d.is_some() && comps[l.to].domain == d && l.then.is_none_or(|t| comps[t].domain == d);
        match d {
            Some(d) if same && rng.chance(50) => domain_links[d].push(l),
            _ => top_links.push(l),
        }
    }

    let clients: Vec<usize> = top.iter().copied().filter(|&i| comps[i].kind == K::Client).collect();
    let edge: Vec<usize> = top.iter().copied().filter(|&i| comps[i].kind != K::Client).collect();
    if !clients.is_empty() {
        out.push_str("group internet \"Public internet\" {\n  trust internet\n");
        for &i in &clients {
            write_component(&mut out, comps, i, 1, rng);
        }
        out.push_str("}\n\n");
    }
    if !edge.is_empty() {
        out.push_str("group edge \"Edge\" {\n  trust dmz\n  region \"eu-west-1\"\n");
        for &i in &edge {
            write_component(&mut out, comps, i, 1, rng);
        }
        out.push_str("}\n\n");
    }
    const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "ap-south-1"];
    for (d, members) in by_domain.iter().enumerate() {
        let _ = writeln!(out, "/* Domain {d}: services first, then their data. */");
        let _ = writeln!(out, "group domain_{d} \"Domain {d}\" {{");
        if d % 7 != 3 {
            let _ = writeln!(out, "  trust private");
        }
        let _ = writeln!(out, "  region \"{}\"", REGIONS[d % REGIONS.len()]);
        let (front, data): (Vec<usize>, Vec<usize>) =
            members.iter().partition(|&&i| matches!(comps[i].kind, K::Service | K::Function));
        for &i in &front {
            write_component(&mut out, comps, i, 1, rng);
        }
        if !data.is_empty() {
            let _ = writeln!(out, "\n  group domain_{d}_data \"Domain {d} data\" {{");
            if d % 7 == 3 {
                out.push_str("    trust private\n");
            }
            let _ = writeln!(out, "    description \"stores owned by domain {d}\"");
            // Every third domain nests its brokers one level deeper.
            let (brokers, stores): (Vec<usize>, Vec<usize>) = if d % 3 == 0 {
                data.iter().partition(|&&i| matches!(comps[i].kind, K::Queue | K::Topic))
            } else {
                (Vec::new(), data)
            };
            for &i in &stores {
                write_component(&mut out, comps, i, 2, rng);
            }
            if !brokers.is_empty() {
                let _ = writeln!(out, "    group domain_{d}_messaging {{");
                for &i in &brokers {
                    write_component(&mut out, comps, i, 3, rng);
                }
                out.push_str("    }\n");
            }
            out.push_str("  }\n");
        }
        if !domain_links[d].is_empty() {
            out.push('\n');
            for l in &domain_links[d] {
                write_link(&mut out, comps, l, 1);
            }
        }
        out.push_str("}\n\n");
    }
    if !top_links.is_empty() {
        out.push_str("// Links between tiers and domains.\n");
        for l in &top_links {
            write_link(&mut out, comps, l, 0);
        }
    }
    out
}

fn write_link(out: &mut String, comps: &[Comp], l: &GenLink, depth: usize) {
    let pad = "  ".repeat(depth);
    let arrow = if l.async_ { "~>" } else { "->" };
    let _ = write!(out, "{pad}{} {arrow} {}", comps[l.from].id, comps[l.to].id);
    if let Some(t) = l.then {
        let _ = write!(out, " ~> {}", comps[t].id);
    }
    if !l.words.is_empty() {
        let _ = write!(out, " : {}", l.words);
    }
    // Multi-line blocks are written at column 0 by `link_words`; indent them.
    out.push_str(&l.block.replace('\n', &format!("\n{pad}")));
    out.push('\n');
}

fn write_component(out: &mut String, comps: &[Comp], i: usize, depth: usize, rng: &mut Rng) {
    let c = &comps[i];
    let pad = "  ".repeat(depth);
    let label = match rng.below(10) {
        0 => String::new(),
        1 => format!(" \"{} {i} \\\"beta\\\"\"", c.kind.title()),
        2 => format!(" \"{} {i} \\u{{2013}} café\"", c.kind.title()),
        _ => format!(" \"{} {i}\"", c.kind.title()),
    };
    let attrs = component_attrs(c, comps, rng);
    let _ = write!(out, "{pad}{} {}{label}", c.kind.keyword(), c.id);
    if attrs.is_empty() {
        out.push('\n');
    } else if attrs.len() <= 2 && rng.chance(50) {
        let _ = writeln!(out, " {{ {} }}", attrs.join("; "));
    } else {
        out.push_str(" {\n");
        for (j, a) in attrs.iter().enumerate() {
            if j == 0 && rng.chance(10) {
                let _ = writeln!(out, "{pad}  // tuned after the last load test");
            }
            let _ = writeln!(out, "{pad}  {a}");
        }
        let _ = writeln!(out, "{pad}}}");
    }
}

fn component_attrs(c: &Comp, comps: &[Comp], rng: &mut Rng) -> Vec<String> {
    let mut a: Vec<String> = Vec::new();
    // Push an attribute with the given probability (in percent).
    macro_rules! maybe {
        ($percent:expr, $attr:expr $(,)?) => {
            if rng.chance($percent) {
                a.push($attr);
            }
        };
    }
    let r = rng.next();
    let pick = |list: &[&'static str], salt: u64| -> &'static str {
        list.get(((r >> (salt * 5)) % list.len() as u64) as usize).copied().unwrap_or("")
    };
    match c.kind {
        K::Client => {
            maybe!(40, format!("description \"{} users\"", pick(&["web", "mobile", "partner"], 0)));
            maybe!(30, "tags [web, \"public\"]".into());
        }
        K::Dns => a.push("engine \"Route 53\"".into()),
        K::Cdn => {
            a.push("engine \"CloudFront\"".into());
            maybe!(70, format!("hit_ratio 0.{}", 5 + r % 5));
            maybe!(50, format!("ttl {}h", 1 + r % 24));
            maybe!(30, "eviction lru".into());
        }
        K::Lb => {
            a.push(format!("replicas {}", 2 + r % 2));
            a.push(format!("algorithm {}", pick(&["round_robin", "least_connections", "ip_hash"], 1)));
            maybe!(60, format!("layer {}", pick(&["4", "7"], 2)));
            maybe!(60, "health_check".into());
            maybe!(40, "zones 2".into());
        }
        K::Gateway => {
            a.push(format!("replicas {}..{}", 2 + r % 2, 6 + r % 6));
            a.push(format!("auth {}", pick(&["oauth2", "jwt", "oidc", "api_key"], 1)));
            maybe!(70, format!("rate_limit {}rps {}", 500 * (1 + r % 8), pick(&["token_bucket", "sliding_window"], 2)));
            maybe!(50, format!("capacity {}krps", 2 + r % 8));
            maybe!(40, "latency 2ms".into());
            maybe!(50, "stateless".into());
        }
        K::External => {
            a.push(format!("engine \"{}\"", pick(&["Stripe", "Twilio", "Auth0", "SendGrid"], 0)));
            maybe!(60, format!("availability 99.{}%", 5 + r % 5));
            maybe!(40, format!("latency {}ms", 80 + r % 150));
        }
        K::Service | K::Function => {
            if c.kind == K::Service {
                if rng.chance(50) {
                    a.push(format!("replicas {}", 1 + r % 4));
                } else {
                    a.push(format!("replicas {}..{}", 2 + r % 3, 5 + r % 20));
                }
                a.push(if rng.chance(85) { "stateless".into() } else { "stateful".into() });
                maybe!(40, format!("zones {}", 2 + r % 2));
                maybe!(50, format!("auth {}", pick(&["jwt", "mtls", "oauth2", "none"], 1)));
            } else {
                maybe!(20, "entry".into());
            }
            maybe!(70, format!("capacity {}", pick(&["800rps", "1.5krps", "2_000rps", "5krps", "300qps"], 2)));
            maybe!(60, format!("latency {}ms", 2 + r % 40));
            maybe!(40, format!("owner \"team-{}\"", r % 17));
            maybe!(20, "tags [core, \"tier-1\"]".into());
            maybe!(20, format!("engine {}", pick(&["rust", "go", "jvm", "python"], 3)));
            maybe!(15, "availability 99.95%".into());
        }
        K::Cache => {
            a.push(format!("engine \"{}\"", pick(&["Redis", "Memcached"], 0)));
            a.push(format!("strategy {}", pick(&["cache_aside", "read_through", "write_through", "write_behind"], 1)));
            maybe!(70, format!("eviction {}", pick(&["lru", "lfu", "ttl"], 2)));
            maybe!(70, format!("ttl {}m", 5 + r % 55));
            maybe!(60, format!("hit_ratio 0.{}", 6 + r % 4));
            maybe!(60, format!("replicas {}", 2 + r % 2));
            maybe!(30, "cap AP".into());
            maybe!(30, "consistency eventual".into());
        }
        K::Database => {
            a.push(format!("engine \"{}\"", pick(&["PostgreSQL", "MySQL", "Cassandra", "MongoDB"], 0)));
            a.push(format!("model {}", pick(&["sql", "document", "key_value", "column"], 1)));
            a.push(format!("replicas {}", pick(&["1", "2", "3", "5"], 2)));
            maybe!(40, "acid".into());
            maybe!(50, format!("cap {}", pick(&["CP", "AP"], 3)));
            maybe!(50, format!("consistency {}", pick(&["strong", "eventual", "read_your_writes"], 4)));
            maybe!(
                50,
                format!(
                    "replication {} {}",
                    pick(&["primary_replica", "multi_primary"], 5),
                    pick(&["sync", "async", "semi_sync"], 6)
                ),
            );
            maybe!(30, format!("sharding {} \"tenant_id\"", pick(&["hash", "range", "consistent_hash"], 7)));
            maybe!(30, format!("shards {}", 2 + r % 14));
            maybe!(50, format!("backup {}", pick(&["24h", "6h", "1d"], 8)));
            maybe!(40, format!("records_per_day {}", pick(&["1M", "2.5k", "100_000", "3bn"], 9)));
            maybe!(40, format!("record_size {}", pick(&["1KB", "500B", "4KiB", "2MB"], 10)));
            maybe!(40, format!("retention {}", pick(&["5y", "90d", "1y"], 11)));
            maybe!(20, "disk 2TB".into());
        }
        K::Queue | K::Topic => {
            maybe!(70, format!("delivery {}", pick(&["at_least_once", "at_most_once", "exactly_once"], 0)));
            maybe!(50, format!("partitions {}", 1 + r % 64));
            maybe!(40, "replicas 3".into());
            maybe!(30, "managed".into());
            if let Some(d) = c.dead_letter.and_then(|d| comps.get(d)) {
                a.push(format!("dead_letter {}", d.id));
            }
        }
        K::Storage => {
            a.push("engine \"S3\"".into());
            maybe!(60, "managed".into());
            maybe!(50, "records_per_day 10k".into());
            maybe!(50, "record_size 2MB".into());
            maybe!(50, "retention 1y".into());
            maybe!(30, "backup".into());
        }
        K::Search => {
            a.push("engine \"Elasticsearch\"".into());
            a.push("replicas 3".into());
            maybe!(50, format!("shards {}", 1 + r % 10));
            maybe!(50, "consistency eventual".into());
        }
        K::Coordinator => {
            a.push(format!("engine {}", pick(&["etcd", "zookeeper", "consul"], 0)));
            a.push(format!("replicas {}", pick(&["3", "5"], 1)));
            a.push(format!("consensus {}", pick(&["raft", "zab"], 2)));
            maybe!(50, "cap CP".into());
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(generate(500, 7), generate(500, 7));
        assert_ne!(generate(500, 7), generate(500, 8));
    }

    #[test]
    fn sizes_and_link_counts() {
        for n in [0, 1, 2, 5, 11, 12, 100, 1000] {
            let text = generate(n, 1);
            let decls = text
                .lines()
                .filter(|l| {
                    let w = l.split_whitespace().next().unwrap_or("");
                    crate::syntax::KIND_KEYWORDS.contains(&w)
                })
                .count();
            assert_eq!(decls, n, "components for n = {n}");
        }
        let text = generate(1000, 3);
        let links: usize = text.lines().map(|l| l.matches("->").count() + l.matches("~>").count()).sum();
        assert!((2700..=3000).contains(&links), "{links} links for 1000 components");
    }
}
