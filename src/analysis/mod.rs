//! Back-of-the-envelope estimates computed from the model (LANGUAGE.md §5–§6):
//! traffic and peak load per component, servers needed, storage per disk,
//! request availability and the slowest synchronous path per client.
//!
//! This stage reads only the [`Model`]. The quantitative lint rules read its
//! result through `LintContext::estimates()`, and `archc estimate` prints it
//! (as text with [`text::render`], or as JSON through `serde`). Estimates carry
//! ids, not spans, so that they print without the model.
//!
//! An estimate whose inputs are missing is `None` and the reason is in a
//! `missing` list: nothing is invented.

mod graph;
mod reach;
mod storage;
pub mod text;
mod traffic;
pub mod units;

use crate::model::{AttrKey, ComponentId, Kind, Model};
use serde::Serialize;

/// Everything `archc estimate` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Estimates {
    pub system: SystemEstimate,
    /// One per component, in declaration order (indexed by `ComponentId`).
    pub components: Vec<ComponentEstimate>,
    /// One per link, in declaration order (indexed by `LinkId`); empty in
    /// the estimates the rules read (see [`for_rules`]).
    pub links: Vec<LinkEstimate>,
    /// What each link carries at peak, for [`Estimates::with_links`].
    #[serde(skip)]
    link_peaks: Vec<Option<f64>>,
    /// One per `client`, in declaration order.
    pub clients: Vec<ClientEstimate>,
    /// Where an estimate had to approximate (very large cycles), in words.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SystemEstimate {
    pub name: Option<String>,
    /// Average requests per second entering at the clients.
    pub rps: Option<f64>,
    pub peak_rps: Option<f64>,
    pub peak_factor: f64,
    pub read_ratio: Option<f64>,
    /// The `availability` SLO (fraction).
    pub availability_slo: Option<f64>,
    /// The `latency` budget (seconds).
    pub latency_budget_s: Option<f64>,
    /// Inputs the system-wide estimates lack, in words.
    pub missing: Vec<String>,
}

/// Requests a component receives (average and peak, requests per second).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Load {
    pub rps: f64,
    pub peak_rps: f64,
    /// Peak requests known to be reads (after a `read` link, or split by `read_ratio`).
    pub peak_read_rps: f64,
    /// Peak requests known to be writes.
    pub peak_write_rps: f64,
    /// Peak requests not split into reads and writes (no `read_ratio`; messages).
    pub peak_unsplit_rps: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityStatus {
    /// Covers the peak even with one replica lost.
    Ok,
    /// Covers the peak, but not after losing one replica.
    NoHeadroom,
    /// Does not cover the peak at maximum replicas.
    UnderProvisioned,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CapacityEstimate {
    /// Requests per second one replica handles.
    pub capacity_rps: f64,
    /// Maximum replicas (the top of an autoscaling range).
    pub max_replicas: u64,
    /// `ceil(peak ÷ capacity)`: a whole number, kept as `f64` because
    /// fan-out through a cyclic design can need more servers than `u64`
    /// counts. JSON shows it as an integer whenever it is exactly one.
    #[serde(serialize_with = "whole_number")]
    pub servers_needed: f64,
    pub status: CapacityStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StorageEstimate {
    pub records_per_day: f64,
    pub record_size_bytes: f64,
    pub retention_s: f64,
    /// Minimum replicas (every replica holds a full copy).
    pub replicas: u64,
    pub shards: u64,
    /// `records_per_day × 365 × retention_years × record_size × replicas`.
    pub total_bytes: f64,
    /// What one replica of one shard holds: total ÷ (replicas × shards).
    pub per_disk_bytes: f64,
    pub disk_bytes: Option<f64>,
    /// Shards needed for one shard to fit on `disk`.
    pub shards_needed: Option<u64>,
    pub exceeds_disk: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ComponentEstimate {
    pub id: String,
    pub kind: Kind,
    pub min_replicas: u64,
    pub max_replicas: u64,
    /// `None` when the system's traffic is unknown.
    pub load: Option<Load>,
    /// `None` without `capacity` or without traffic.
    pub capacity: Option<CapacityEstimate>,
    /// Availability of the component as a whole: `1 − (1 − a)^n`, or `a` when managed.
    pub availability: f64,
    pub latency_s: f64,
    /// For `database` and `storage` with every storage input.
    pub storage: Option<StorageEstimate>,
    /// Inputs this component's estimates lack, in words.
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkEstimate {
    pub from: String,
    pub to: String,
    pub arrow: &'static str,
    /// Peak requests (or messages) per second it carries; `None` without traffic.
    pub peak_rps: Option<f64>,
}

/// A component that costs a client's request availability.
#[derive(Clone, Debug, Serialize)]
pub struct Cost {
    #[serde(skip)]
    pub component: ComponentId,
    pub id: String,
    pub availability: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ClientEstimate {
    #[serde(skip)]
    pub component: ComponentId,
    pub id: String,
    /// Share of the system's requests: declared, or what declared shares leave.
    pub share: f64,
    pub rps: Option<f64>,
    pub peak_rps: Option<f64>,
    /// Product of the availabilities of every component a request needs.
    pub availability: f64,
    /// How many components a request needs (over `->` links, not through `fallback`).
    pub needs: usize,
    /// The components that cost the most, worst first (at most 3).
    pub costliest: Vec<Cost>,
    /// The slowest synchronous path (seconds).
    pub latency_s: f64,
    /// Its components, the client first.
    #[serde(skip)]
    pub worst_path: Vec<ComponentId>,
    #[serde(rename = "worst_path")]
    pub worst_path_ids: Vec<String>,
    /// What each hop of the worst path adds (seconds; the client's entry is 0):
    /// `calls × (link latency + component latency)`.
    pub hop_latency_s: Vec<f64>,
    /// `false` when the path search had to approximate (see `notes`).
    pub exact: bool,
}

impl Estimates {
    pub fn component(&self, id: ComponentId) -> Option<&ComponentEstimate> {
        self.components.get(id.index())
    }

    /// The JSON of `archc estimate --format json` (fields in README.md, "Estimates").
    pub fn to_json(&self, file: &str) -> String {
        #[derive(Serialize)]
        struct Document<'a> {
            version: u32,
            file: &'a str,
            #[serde(flatten)]
            estimates: &'a Estimates,
        }
        serde_json::to_string_pretty(&Document { version: 1, file, estimates: self }).unwrap_or_default()
    }

    /// The per-link rows of the printout, from what [`for_rules`] kept.
    pub fn with_links(mut self, model: &Model) -> Estimates {
        if self.links.len() == self.link_peaks.len() {
            return self;
        }
        self.links = model
            .link_ids()
            .zip(&self.link_peaks)
            .map(|(l, &peak_rps)| {
                let link = model.link(l);
                LinkEstimate {
                    from: model.component(link.from).id.clone(),
                    to: model.component(link.to).id.clone(),
                    arrow: link.arrow.as_str(),
                    peak_rps,
                }
            })
            .collect();
        self
    }
}

/// Compute every estimate of the model.
pub fn estimate(model: &Model) -> Estimates {
    for_rules(model).with_links(model)
}

/// Every estimate but the per-link rows, which no rule reads: they copy
/// two names a link, on the path every capacity rule waits on.
pub fn for_rules(model: &Model) -> Estimates {
    let system = system_estimate(model);
    // Independent walks of the same graph, and together most of the cost.
    let (flows, reach) = rayon::join(|| traffic::propagate(model, &system), || reach::per_client(model));
    let mut notes = Vec::new();
    for (what, d) in
        flows.dissolved.iter().map(|d| ("traffic", d)).chain(reach.dissolved.iter().map(|d| ("latency", d)))
    {
        notes.push(format!(
            "{what}: a cycle of {} components (with `{}`) has too many simple paths to enumerate; \
             paths through it follow a depth-first spanning order, so some simple paths are not counted",
            d.nodes,
            model.component(d.first).id
        ));
    }

    let components = model
        .component_ids()
        .map(|c| {
            let comp = model.component(c);
            let mut missing = Vec::new();
            let load = flows.load(c, &system);
            let capacity = match (comp.capacity(), load) {
                (Some(cap), Some(load)) if cap > 0.0 => {
                    Some(capacity_estimate(cap, comp.max_replicas(), load.peak_rps))
                }
                // Only for what the design runs itself: nobody provisions
                // servers for a client, a provider's service or a DNS.
                (None, Some(load))
                    if !matches!(comp.kind, Kind::Client | Kind::External)
                        && !comp.is_managed()
                        && load.peak_rps > 0.0 =>
                {
                    missing.push("servers needed: no `capacity` (requests per second one replica handles)".into());
                    None
                }
                _ => None,
            };
            let storage = storage::estimate(comp, &mut missing);
            ComponentEstimate {
                id: comp.id.clone(),
                kind: comp.kind,
                min_replicas: comp.min_replicas(),
                max_replicas: comp.max_replicas(),
                load,
                capacity,
                availability: reach::component_availability(comp),
                latency_s: comp.latency(),
                storage,
                missing,
            }
        })
        .collect();

    let link_peaks = model.link_ids().map(|l| system.peak_rps.map(|_| flows.link_peak(l, &system))).collect();

    let clients = reach
        .clients
        .into_iter()
        .map(|r| {
            let share = flows.shares.get(&r.client).copied().unwrap_or(0.0);
            ClientEstimate {
                component: r.client,
                id: model.component(r.client).id.clone(),
                share,
                rps: system.rps.map(|q| q * share),
                peak_rps: system.peak_rps.map(|q| q * share),
                availability: r.availability,
                needs: r.needs,
                costliest: r
                    .costliest
                    .iter()
                    .map(|&(c, a)| Cost { component: c, id: model.component(c).id.clone(), availability: a })
                    .collect(),
                latency_s: r.latency,
                worst_path_ids: r.worst_path.iter().map(|&c| model.component(c).id.clone()).collect(),
                worst_path: r.worst_path,
                hop_latency_s: r.hops,
                exact: r.exact,
            }
        })
        .collect();

    Estimates { system, components, links: Vec::new(), link_peaks, clients, notes }
}

/// A small tolerance so that `5000 / 1000` needs 5 servers, not 6.
const EPS: f64 = 1e-9;

/// Whether `availability` misses `slo`. Compared as downtime with the
/// usual tolerance: `99.9%` as written and the default 0.999 differ in the
/// last bit, and a design exactly at its SLO meets it.
pub fn misses_slo(availability: f64, slo: f64) -> bool {
    1.0 - availability > (1.0 - slo) * (1.0 + EPS)
}

/// Whether a path of `latency_s` seconds goes over `budget_s`; exactly at
/// the budget is within it.
pub fn over_budget(latency_s: f64, budget_s: f64) -> bool {
    latency_s > budget_s * (1.0 + EPS)
}

/// Writes an integral `f64` as a JSON integer while `u64` holds it exactly.
fn whole_number<S: serde::Serializer>(x: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if x.fract() == 0.0 && (0.0..=EXACT).contains(x) {
        serializer.serialize_u64(*x as u64)
    } else {
        serializer.serialize_f64(*x)
    }
}

fn capacity_estimate(capacity: f64, max_replicas: u64, peak: f64) -> CapacityEstimate {
    let servers_needed = ((peak / capacity) * (1.0 - EPS)).ceil().max(0.0);
    let covered = |replicas: u64| peak <= capacity * replicas as f64 * (1.0 + EPS);
    let status = if !covered(max_replicas) {
        CapacityStatus::UnderProvisioned
    } else if max_replicas >= 2 && !covered(max_replicas - 1) {
        CapacityStatus::NoHeadroom
    } else {
        CapacityStatus::Ok
    };
    CapacityEstimate { capacity_rps: capacity, max_replicas, servers_needed, status }
}

fn system_estimate(model: &Model) -> SystemEstimate {
    let Some(sys) = &model.system else {
        return SystemEstimate {
            name: None,
            rps: None,
            peak_rps: None,
            peak_factor: 2.0,
            read_ratio: None,
            availability_slo: None,
            latency_budget_s: None,
            missing: vec![
                "traffic: no `system` block (declare `dau` and `requests_per_user`, or `traffic`)".into(),
                "availability SLO: no `system` block with `availability`".into(),
                "latency budget: no `system` block with `latency`".into(),
            ],
        };
    };
    let a = &sys.attrs;
    let mut missing = Vec::new();
    let rps = match (a.number(AttrKey::Traffic), a.number(AttrKey::Dau), a.number(AttrKey::RequestsPerUser)) {
        (Some(t), _, _) => Some(t),
        (None, Some(dau), Some(rpu)) => Some(dau * rpu / 86_400.0),
        (None, Some(_), None) => {
            missing.push("traffic: `dau` is declared but `requests_per_user` is not".into());
            None
        }
        (None, None, Some(_)) => {
            missing.push("traffic: `requests_per_user` is declared but `dau` is not".into());
            None
        }
        (None, None, None) => {
            missing.push(
                "traffic: the `system` block declares neither `dau` and `requests_per_user` nor `traffic`".into(),
            );
            None
        }
    };
    if rps.is_some() && !model.components.iter().any(|c| c.kind == Kind::Client) {
        missing.push("traffic per component: traffic enters at clients, and the model has no `client`".into());
    }
    let availability_slo = a.number(AttrKey::Availability);
    if availability_slo.is_none() {
        missing.push("availability SLO: the `system` block declares no `availability`".into());
    }
    let latency_budget_s = a.number(AttrKey::Latency);
    if latency_budget_s.is_none() {
        missing.push("latency budget: the `system` block declares no `latency`".into());
    }
    let peak_factor = sys.peak_factor();
    SystemEstimate {
        name: sys.name.clone(),
        rps,
        peak_rps: rps.map(|q| q * peak_factor),
        peak_factor,
        read_ratio: sys.read_ratio(),
        availability_slo,
        latency_budget_s,
        missing,
    }
}

#[cfg(test)]
mod tests;
