//! Estimates checked against arithmetic done by hand (written next to each
//! expectation).

use super::{estimate, CapacityStatus, Estimates};
use crate::model::Model;

fn run(src: &str) -> (Model, Estimates) {
    let c = crate::compile_str("test.arch", src);
    assert!(
        !c.has_errors(),
        "fixture does not compile: {:?}",
        c.diagnostics.iter().map(|d| (&d.code, &d.message)).collect::<Vec<_>>()
    );
    let e = estimate(&c.model);
    (c.model, e)
}

fn close(actual: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!((actual - expected).abs() <= tolerance, "expected {expected}, got {actual}");
}

fn peak(m: &Model, e: &Estimates, id: &str) -> f64 {
    let c = m.find(id).unwrap_or_else(|| panic!("no component `{id}`"));
    e.components[c.index()].load.unwrap_or_else(|| panic!("no load on `{id}`")).peak_rps
}

fn link_peak(m: &Model, e: &Estimates, from: &str, to: &str) -> f64 {
    let l = m
        .link_ids()
        .find(|&l| m.component(m.link(l).from).id == from && m.component(m.link(l).to).id == to)
        .unwrap_or_else(|| panic!("no link {from} -> {to}"));
    e.links[l.index()].peak_rps.unwrap_or_else(|| panic!("no traffic on {from} -> {to}"))
}

fn client<'e>(e: &'e Estimates, id: &str) -> &'e super::ClientEstimate {
    e.clients.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no client `{id}`"))
}

#[test]
fn qps_from_dau_and_peak_factor() {
    let (m, e) = run(r#"
system "s" { dau 10M; requests_per_user 20; read_ratio 0.99; peak_factor 3 }
client web
service api
web -> api
"#);
    close(e.system.rps.unwrap(), 10e6 * 20.0 / 86_400.0);
    close(e.system.peak_rps.unwrap(), 10e6 * 20.0 / 86_400.0 * 3.0);
    close(peak(&m, &e, "api"), 10e6 * 20.0 / 86_400.0 * 3.0);
    let load = e.components[m.find("api").unwrap().index()].load.unwrap();
    close(load.peak_read_rps, 10e6 * 20.0 / 86_400.0 * 3.0 * 0.99);
    close(load.peak_write_rps, 10e6 * 20.0 / 86_400.0 * 3.0 * 0.01);
}

#[test]
fn traffic_attribute_and_default_peak_factor() {
    let (m, e) = run("system { traffic 1000rps }\nclient web\nservice api\nweb -> api\n");
    close(e.system.peak_rps.unwrap(), 1000.0 * 2.0);
    close(peak(&m, &e, "api"), 2000.0);
}

#[test]
fn missing_traffic_is_reported_not_invented() {
    let (m, e) = run("system { dau 1M }\nclient web\nservice api { capacity 10rps }\nweb -> api\n");
    assert!(e.system.rps.is_none());
    assert!(e.system.missing.iter().any(|s| s.contains("requests_per_user")), "{:?}", e.system.missing);
    let api = &e.components[m.find("api").unwrap().index()];
    assert!(api.load.is_none() && api.capacity.is_none());

    let (_, e) = run("client web\nservice api\nweb -> api\n");
    assert!(e.system.missing.iter().any(|s| s.contains("no `system` block")));
    assert!(e.links[0].peak_rps.is_none());
}

#[test]
fn fan_out_duplicates_and_calls_multiply() {
    let (m, e) = run(r#"
system { traffic 100rps }
client web
service a
service b
service d
web -> a
a -> b { calls 3 }
a -> d
"#);
    close(peak(&m, &e, "a"), 100.0 * 2.0);
    close(peak(&m, &e, "b"), 100.0 * 2.0 * 3.0);
    close(peak(&m, &e, "d"), 100.0 * 2.0);
}

#[test]
fn read_and_write_links_carry_their_share() {
    let src = |ratio: &str| {
        format!(
            "system {{ traffic 100rps {ratio} }}\nclient web\nservice api\ndatabase r\ndatabase w\ndatabase rw\n\
             web -> api\napi -> r : read\napi -> w : write\napi -> rw\n"
        )
    };
    let (m, e) = run(&src("; read_ratio 0.8"));
    close(peak(&m, &e, "r"), 100.0 * 2.0 * 0.8);
    close(peak(&m, &e, "w"), 100.0 * 2.0 * 0.2);
    close(peak(&m, &e, "rw"), 100.0 * 2.0);
    // Without `read_ratio` both kinds of link carry the full rate.
    let (m, e) = run(&src(""));
    close(peak(&m, &e, "r"), 200.0);
    close(peak(&m, &e, "w"), 200.0);
    close(peak(&m, &e, "rw"), 200.0);
}

#[test]
fn cdn_hit_ratio_passes_only_read_misses() {
    let (m, e) = run(r#"
system { traffic 1000rps; read_ratio 0.8 }
client web
cdn edge { hit_ratio 0.9 }
service origin
web -> edge -> origin
"#);
    // reads 1000 × 2 × 0.8 = 1600 of which 10% miss; writes 1000 × 2 × 0.2 = 400 pass.
    close(peak(&m, &e, "edge"), 2000.0);
    close(peak(&m, &e, "origin"), 1600.0 * 0.1 + 400.0);
}

#[test]
fn cache_aside_reduces_database_reads() {
    let (m, e) = run(r#"
system { traffic 1000rps; read_ratio 0.8 }
client web
service api
cache c { hit_ratio 0.75; ttl 1h }
database db
search idx
database audit
web -> api
api -> c : read
api -> db : read write
api -> idx : read
api ~> audit
"#);
    close(peak(&m, &e, "c"), 1600.0);
    // db: reads 1600 × (1 − 0.75) = 400, writes 400.
    close(peak(&m, &e, "db"), 1600.0 * 0.25 + 400.0);
    close(peak(&m, &e, "idx"), 1600.0 * 0.25);
    // Messages are not reads: the hit ratio does not apply.
    close(peak(&m, &e, "audit"), 2000.0);
}

#[test]
fn client_shares_split_what_declared_shares_leave() {
    let (m, e) = run(r#"
system { traffic 1000rps }
client web { share 0.5 }
client mobile
client partner
service api
service b2b
web -> api
mobile -> api
partner -> b2b
"#);
    close(client(&e, "mobile").share, (1.0 - 0.5) / 2.0);
    close(client(&e, "web").peak_rps.unwrap(), 1000.0 * 0.5 * 2.0);
    close(peak(&m, &e, "api"), (500.0 + 250.0) * 2.0);
    close(peak(&m, &e, "b2b"), 250.0 * 2.0);
}

/// Shares that add up to one in decimal but not in binary leave nothing.
#[test]
fn shares_that_sum_to_one_leave_nothing_for_the_rest() {
    let (_, e) = run(r#"
system { traffic 1000rps }
client a { share 0.7 }
client b { share 0.2 }
client c { share 0.1 }
client d
service api
a -> api
d -> api
"#);
    assert_eq!(client(&e, "d").share, 0.0);
}

#[test]
fn queue_divides_topic_copies() {
    let (m, e) = run(r#"
system { traffic 100rps }
client web
service api
queue jobs
service w1
service w2
topic events
service s1
service s2
web -> api
api ~> jobs
jobs ~> w1
jobs ~> w2
api ~> events
events ~> s1
events ~> s2
"#);
    close(peak(&m, &e, "jobs"), 200.0);
    close(peak(&m, &e, "w1"), 200.0 / 2.0);
    close(peak(&m, &e, "w2"), 200.0 / 2.0);
    close(peak(&m, &e, "s1"), 200.0);
    close(peak(&m, &e, "s2"), 200.0);
}

#[test]
fn dead_letter_queue_takes_nothing_from_consumers() {
    let (m, e) = run(r#"
system { traffic 100rps }
client web
service api
queue jobs { dead_letter dlq }
queue dlq
service worker
web -> api
api ~> jobs ~> worker
"#);
    close(peak(&m, &e, "worker"), 200.0);
    close(peak(&m, &e, "dlq"), 0.0);
}

#[test]
fn async_cycle_terminates_and_closing_link_carries_nothing() {
    let (m, e) = run(r#"
system { traffic 100rps }
client web
service a
queue q
service b
queue q2
web -> a
a ~> q ~> b ~> q2 ~> a
"#);
    // web → a → q → b → q2 is the only simple path; q2 ~> a would revisit a.
    for id in ["a", "q", "b", "q2"] {
        close(peak(&m, &e, id), 200.0);
    }
    close(link_peak(&m, &e, "q2", "a"), 0.0);
}

#[test]
fn sync_cycle_counts_each_simple_path() {
    let (m, e) = run(r#"
system { traffic 100rps }
client web
service a
service b
service c
web -> a
web -> b
a -> b
b -> a
b -> c
"#);
    // Paths: web→a, web→a→b, web→b, web→b→a; c via web→a→b→c and web→b→c.
    close(peak(&m, &e, "a"), 200.0 + 200.0);
    close(peak(&m, &e, "b"), 200.0 + 200.0);
    close(peak(&m, &e, "c"), 200.0 + 200.0);
    close(link_peak(&m, &e, "a", "b"), 200.0);
    close(link_peak(&m, &e, "b", "a"), 200.0);
    // Latency: web→a→b→c = 3 hops of (0.5 ms link + 1 ms service).
    close(client(&e, "web").latency_s, 3.0 * (0.0005 + 0.001));
    assert_eq!(client(&e, "web").worst_path_ids, ["web", "a", "b", "c"]);
}

#[test]
fn autoscaling_uses_max_for_capacity_and_min_for_availability() {
    let (m, e) = run(r#"
system { traffic 175rps }
client web
service api { replicas 2..4; capacity 100rps }
web -> api
"#);
    let api = &e.components[m.find("api").unwrap().index()];
    let cap = api.capacity.unwrap();
    // peak 350: ceil(350 / 100) = 4 ≤ 4 replicas, but 3 × 100 < 350.
    assert_eq!(cap.servers_needed, 4.0);
    assert_eq!(cap.status, CapacityStatus::NoHeadroom);
    close(api.availability, 1.0 - 0.001f64.powi(2));
}

#[test]
fn capacity_boundaries() {
    let src = |replicas: u32| {
        format!("system {{ traffic 2500rps }}\nclient web\nservice api {{ replicas {replicas}; capacity 1000rps }}\nweb -> api\n")
    };
    let status = |replicas| {
        let (m, e) = run(&src(replicas));
        e.components[m.find("api").unwrap().index()].capacity.unwrap()
    };
    // peak 5000 = exactly 5 × 1000: covered, no headroom; needs exactly 5.
    assert_eq!(status(5).servers_needed, 5.0);
    assert_eq!(status(5).status, CapacityStatus::NoHeadroom);
    assert_eq!(status(4).status, CapacityStatus::UnderProvisioned);
    assert_eq!(status(6).status, CapacityStatus::Ok);
}

#[test]
fn availability_skips_fallback_and_counts_managed_once() {
    let (_, e) = run(r#"
client web
cdn edge
service api { replicas 3; managed }
service rec
database db { replicas 2; availability 99.5% }
external ads
web -> edge -> api
api -> rec { fallback }
api -> db
rec -> ads
api ~> ads
"#);
    let web = client(&e, "web");
    // edge 99.99% and api 99.99% (managed: once, own default); db 1 − 0.005²; rec and ads not needed.
    close(web.availability, 0.9999 * 0.9999 * (1.0 - 0.005f64 * 0.005));
    assert_eq!(web.needs, 3);
    let costliest: Vec<&str> = web.costliest.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(costliest, ["edge", "api", "db"]);
    // Latency: web→edge→api→db = (0.5+1) + (0.5+1) + (0.5+5) ms; rec (fallback) is left out.
    close(web.latency_s, 0.0015 + 0.0015 + 0.0055);
}

#[test]
fn latency_counts_a_hop_calls_times() {
    let (_, e) = run(r#"
client web
service api { latency 10ms }
database db { latency 4ms }
external pay
web -> api { latency 20ms }
api -> db { calls 3 }
api -> pay : https { fallback; timeout 1s }
"#);
    // 20 + 10, then 3 × (0.5 + 4); `pay` is behind a fallback link.
    close(client(&e, "web").latency_s, 0.020 + 0.010 + 3.0 * (0.0005 + 0.004));
    assert_eq!(client(&e, "web").worst_path_ids, ["web", "api", "db"]);
}

#[test]
fn storage_per_disk_and_shards_needed() {
    let (m, e) = run(r#"
database db {
  replicas 3
  shards 2
  records_per_day 1M
  record_size 1KB
  retention 5y
  disk 500GB
}
"#);
    let st = e.components[m.find("db").unwrap().index()].storage.unwrap();
    let per_copy = 1e6 * 365.0 * 5.0 * 1000.0;
    close(st.total_bytes, per_copy * 3.0);
    close(st.per_disk_bytes, per_copy / 2.0);
    // 912.5 GB per shard on a 500 GB disk: ceil(1825 / 500) = 4 shards.
    assert!(st.exceeds_disk);
    assert_eq!(st.shards_needed, Some(4));
}

#[test]
fn storage_inputs_missing_are_named() {
    let (m, e) = run("database db { records_per_day 1M; disk 1TB }\n");
    let db = &e.components[m.find("db").unwrap().index()];
    assert!(db.storage.is_none());
    assert!(db.missing.iter().any(|s| s.contains("`record_size`") && s.contains("`retention`")), "{:?}", db.missing);
}

#[test]
fn large_cycles_are_approximated_and_terminate() {
    // A complete graph on 12 services has ~10⁸ simple paths: past the budget.
    let mut src = String::from("system { traffic 10rps }\nclient web\n");
    for i in 0..12 {
        src.push_str(&format!("service s{i}\n"));
    }
    src.push_str("web -> s0\n");
    for i in 0..12 {
        for j in 0..12 {
            if i != j {
                src.push_str(&format!("s{i} -> s{j}\n"));
            }
        }
    }
    let (m, e) = run(&src);
    assert!(!e.notes.is_empty());
    assert!(!client(&e, "web").exact);
    // Every service is reached; what it receives is at least the direct path's 20 rps.
    for i in 0..12 {
        assert!(peak(&m, &e, &format!("s{i}")) >= 20.0);
    }
    // The worst path found is simple.
    let path = &client(&e, "web").worst_path;
    let mut sorted = path.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), path.len());
}

#[test]
fn small_cycle_matches_brute_force() {
    // A complete graph on 4 services entered at s0: from s0, the simple paths
    // reaching s1 are s0→s1, s0→s2→s1, s0→3→s1, s0→s2→s3→s1, s0→s3→s2→s1: 5.
    let mut src = String::from("system { traffic 10rps }\nclient web\n");
    for i in 0..4 {
        src.push_str(&format!("service s{i}\n"));
    }
    src.push_str("web -> s0\n");
    for i in 0..4 {
        for j in 0..4 {
            if i != j {
                src.push_str(&format!("s{i} -> s{j}\n"));
            }
        }
    }
    let (m, e) = run(&src);
    assert!(e.notes.is_empty());
    close(peak(&m, &e, "s1"), 5.0 * 20.0);
    close(peak(&m, &e, "s0"), 20.0);
    // The longest simple path visits all four: web→s0→s1→s2→s3, 4 × 1.5 ms.
    close(client(&e, "web").latency_s, 4.0 * 0.0015);
}
