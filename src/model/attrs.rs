//! The attribute catalog (LANGUAGE.md §4–§5): every attribute's name, where it
//! applies, what value it takes and what it means. Resolution checks values
//! against it; the language server and `archc explain` read it for hovers and
//! completions.

use super::kind::Kind;
use crate::source::Span;

/// Where an attribute may appear: one bit per component kind, plus links,
/// groups and the `system` block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Targets(pub u32);

impl Targets {
    pub const LINK: u32 = 1 << 15;
    pub const GROUP: u32 = 1 << 16;
    pub const SYSTEM: u32 = 1 << 17;
    pub const ANY_COMPONENT: u32 = (1 << 15) - 1;

    pub fn allows_kind(self, kind: Kind) -> bool {
        self.0 & kind.bit() != 0
    }

    pub fn allows(self, bit: u32) -> bool {
        self.0 & bit != 0
    }

    /// The component kinds it applies to, for messages.
    pub fn kinds(self) -> Vec<Kind> {
        Kind::ALL.iter().copied().filter(|k| self.allows_kind(*k)).collect()
    }
}

/// The shape of value an attribute takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueType {
    /// No value: the attribute's presence is the fact.
    Flag,
    Str,
    StrOrIdent,
    List,
    /// A whole number ≥ `min`, count suffixes allowed.
    Count {
        min: u64,
    },
    /// A count ≥ 1 or a range `min..max` (autoscaling).
    Replicas,
    /// A plain number in `min..=max`.
    Number {
        min: f64,
        max: f64,
    },
    Percent,
    Duration,
    /// A rate; `positive` refuses zero (a per-instance capacity divides).
    Rate {
        positive: bool,
    },
    /// A size; `positive` refuses zero (a disk that holds nothing).
    Size {
        positive: bool,
    },
    Keyword(&'static [&'static str]),
    /// `4` or `7`.
    Layer,
    /// A rate and an optional algorithm.
    RateLimit,
    /// A topology and/or a mode, in any order.
    Replication,
    /// A strategy and an optional string key.
    Sharding,
    /// A flag, or a duration (the backup interval).
    Backup,
    /// A list of `read` / `write`.
    Ops,
    /// The id of another component.
    Reference,
    /// A rule name and an optional reason.
    Allow,
}

impl ValueType {
    /// How the expected value is described in messages and hovers.
    pub fn describe(self) -> String {
        match self {
            ValueType::Flag => "no value (it is a flag)".into(),
            ValueType::Str => "a string".into(),
            ValueType::StrOrIdent => "a string or a name".into(),
            ValueType::List => "a list such as `[a, b]`".into(),
            ValueType::Count { min } => format!("a whole number ≥ {min} (suffixes `k`, `M`, `bn` allowed)"),
            ValueType::Replicas => "a whole number ≥ 1 or a range such as `2..10`".into(),
            ValueType::Number { min, max } if max.is_infinite() => format!("a number ≥ {min}"),
            ValueType::Number { min, max } => format!("a number from {min} to {max}"),
            ValueType::Percent => "a percentage such as `99.9%`".into(),
            ValueType::Duration => "a duration such as `200ms`, `2s`, `24h` or `5y`".into(),
            ValueType::Rate { .. } => "a rate such as `2000rps` or `1.5krps`".into(),
            ValueType::Size { .. } => "a size such as `500B`, `2TB` or `4GiB`".into(),
            ValueType::Keyword(words) => format!("one of {}", backticked(words)),
            ValueType::Layer => "`4` or `7`".into(),
            ValueType::RateLimit => {
                "a rate, optionally followed by one of `token_bucket`, `leaky_bucket`, `fixed_window`, `sliding_window`"
                    .into()
            }
            ValueType::Replication => {
                "a topology (`primary_replica`, `multi_primary`) and/or a mode (`sync`, `async`, `semi_sync`)".into()
            }
            ValueType::Sharding => {
                "one of `hash`, `range`, `directory`, `consistent_hash`, optionally followed by a string key".into()
            }
            ValueType::Backup => "no value, or a backup interval such as `24h`".into(),
            ValueType::Ops => "a list of `read` and `write`".into(),
            ValueType::Reference => "the id of a component".into(),
            ValueType::Allow => "a rule name, optionally followed by a string reason".into(),
        }
    }
}

impl ValueType {
    /// A value of this type as a user would write it, for "for example" helps.
    pub fn example(self) -> &'static str {
        match self {
            ValueType::Flag => "",
            ValueType::Str => "\"text\"",
            // Only `engine` takes a string or a name.
            ValueType::StrOrIdent => "\"PostgreSQL\"",
            ValueType::List => "[a, b]",
            ValueType::Count { .. } => "3",
            ValueType::Replicas => "3",
            ValueType::Number { max, .. } if max <= 1.0 => "0.9",
            ValueType::Number { .. } => "2",
            ValueType::Percent => "99.9%",
            ValueType::Duration => "200ms",
            ValueType::Rate { .. } => "2000rps",
            ValueType::Size { .. } => "2TB",
            ValueType::Keyword(words) => words.first().copied().unwrap_or(""),
            ValueType::Layer => "7",
            ValueType::RateLimit => "100rps token_bucket",
            ValueType::Replication => "primary_replica async",
            ValueType::Sharding => "hash \"user_id\"",
            ValueType::Backup => "24h",
            ValueType::Ops => "[read, write]",
            ValueType::Reference => "other_id",
            ValueType::Allow => "single-point-of-failure \"why it is fine\"",
        }
    }
}

pub fn backticked(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

pub const AUTH: &[&str] = &["oauth2", "oidc", "jwt", "api_key", "mtls", "saml", "session", "none"];
pub const RATE_LIMIT_ALGORITHMS: &[&str] = &["token_bucket", "leaky_bucket", "fixed_window", "sliding_window"];
pub const LB_ALGORITHMS: &[&str] =
    &["round_robin", "weighted_round_robin", "least_connections", "least_response_time", "ip_hash", "random"];
pub const CACHE_STRATEGIES: &[&str] = &["cache_aside", "read_through", "write_through", "write_behind"];
pub const EVICTIONS: &[&str] = &["lru", "lfu", "fifo", "ttl", "random"];
pub const CAP: &[&str] = &["CP", "AP", "CA"];
pub const CONSISTENCY: &[&str] = &["strong", "eventual", "causal", "read_your_writes"];
pub const REPLICATION_TOPOLOGIES: &[&str] = &["primary_replica", "multi_primary"];
pub const REPLICATION_MODES: &[&str] = &["sync", "async", "semi_sync"];
pub const SHARDING: &[&str] = &["hash", "range", "directory", "consistent_hash"];
pub const DATA_MODELS: &[&str] = &["sql", "document", "key_value", "column", "graph"];
pub const DELIVERY: &[&str] = &["at_most_once", "at_least_once", "exactly_once"];
pub const CONSENSUS: &[&str] = &["raft", "paxos", "zab"];
pub const PROTOCOLS: &[&str] =
    &["http", "https", "grpc", "websocket", "wss", "graphql", "tcp", "udp", "amqp", "kafka", "sql", "resp"];
pub const TRUST: &[&str] = &["internet", "dmz", "private"];

macro_rules! attributes {
    ($($key:ident = $name:literal, $targets:expr, $ty:expr, $doc:literal;)*) => {
        /// Every attribute the language knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum AttrKey { $($key,)* }

        pub struct AttrSpec {
            pub key: AttrKey,
            pub name: &'static str,
            pub targets: Targets,
            pub ty: ValueType,
            pub doc: &'static str,
        }

        pub static ATTRIBUTES: &[AttrSpec] = &[
            $(AttrSpec { key: AttrKey::$key, name: $name, targets: Targets($targets), ty: $ty, doc: $doc },)*
        ];

        impl AttrKey {
            pub fn name(self) -> &'static str {
                match self { $(AttrKey::$key => $name,)* }
            }
        }
    };
}

const ANY: u32 = Targets::ANY_COMPONENT;
const fn k(kinds: &[Kind]) -> u32 {
    let mut bits = 0;
    let mut rest = kinds;
    while let [first, tail @ ..] = rest {
        bits |= first.bit();
        rest = tail;
    }
    bits
}
use Kind::*;
const STORES: u32 = k(&[Database, Search, Storage, Cache]);
const DATA: u32 = k(&[Database, Storage]);
const BROKERS: u32 = k(&[Queue, Topic]);
const LINK: u32 = Targets::LINK;
const GROUP: u32 = Targets::GROUP;
const SYSTEM: u32 = Targets::SYSTEM;

attributes! {
    Description = "description", ANY | GROUP | SYSTEM, ValueType::Str, "Free text describing it.";
    Engine = "engine", ANY, ValueType::StrOrIdent, "The technology behind it (`\"PostgreSQL\"`, `redis`). Some rules compare it with the declared `cap`.";
    Owner = "owner", ANY, ValueType::Str, "The team that owns it.";
    Tags = "tags", ANY, ValueType::List, "Free labels.";
    Replicas = "replicas", ANY, ValueType::Replicas, "Running instances (default 1). A range `min..max` means autoscaling: redundancy and availability use `min`, capacity uses `max`.";
    Zones = "zones", ANY, ValueType::Count { min: 1 }, "Availability zones the replicas are spread over.";
    Managed = "managed", ANY, ValueType::Flag, "Operated by a provider with its own redundancy (DynamoDB, S3, SQS): counts as redundant.";
    Entry = "entry", ANY, ValueType::Flag, "Starts work on its own (a scheduler, a batch job): an entry point like a client.";
    Availability = "availability", ANY | SYSTEM, ValueType::Percent, "On a component: availability of one instance (default 99.9%, managed 99.99%). In `system`: the SLO of every client request path.";
    Latency = "latency", ANY | LINK | SYSTEM, ValueType::Duration, "On a component: time it adds to a request (default 1ms; database 5ms; external 100ms). On a link: network time of the hop (default 0.5ms for `->`). In `system`: the end-to-end budget of a synchronous request.";
    Capacity = "capacity", ANY, ValueType::Rate { positive: true }, "Requests per second one instance handles.";
    Stateless = "stateless", ANY, ValueType::Flag, "Instances keep no session state.";
    Stateful = "stateful", ANY, ValueType::Flag, "Instances keep session state: a balancer must send a user back to the same one.";
    Auth = "auth", ANY, ValueType::Keyword(AUTH), "Authentication enforced here; `none` says it is public on purpose.";
    RateLimit = "rate_limit", ANY, ValueType::RateLimit, "A request rate limit, optionally with its algorithm.";
    Algorithm = "algorithm", k(&[LoadBalancer]), ValueType::Keyword(LB_ALGORITHMS), "How the balancer picks a backend (default `round_robin`).";
    Layer = "layer", k(&[LoadBalancer]), ValueType::Layer, "OSI layer the balancer works at: 4 (TCP) or 7 (HTTP).";
    HealthCheck = "health_check", k(&[LoadBalancer]), ValueType::Flag, "The balancer takes failed backends out of rotation.";
    Strategy = "strategy", k(&[Cache]), ValueType::Keyword(CACHE_STRATEGIES), "How the cache is filled and written.";
    Eviction = "eviction", k(&[Cache, Cdn]), ValueType::Keyword(EVICTIONS), "What is dropped when the cache is full.";
    Ttl = "ttl", k(&[Cache, Cdn]), ValueType::Duration, "How long an entry lives.";
    HitRatio = "hit_ratio", k(&[Cache, Cdn]), ValueType::Number { min: 0.0, max: 1.0 }, "Share of reads answered without going further (0..1).";
    Cap = "cap", STORES | BROKERS | k(&[Coordinator]), ValueType::Keyword(CAP), "The CAP choice: what it gives up under a network partition.";
    Consistency = "consistency", STORES, ValueType::Keyword(CONSISTENCY), "The consistency model readers see.";
    Replication = "replication", STORES | BROKERS, ValueType::Replication, "Replication topology and/or mode.";
    Sharding = "sharding", STORES, ValueType::Sharding, "How data is partitioned across nodes, with an optional key.";
    Shards = "shards", STORES, ValueType::Count { min: 1 }, "Number of shards (sharded even without a `sharding` strategy).";
    Model = "model", k(&[Database]), ValueType::Keyword(DATA_MODELS), "The data model.";
    Acid = "acid", k(&[Database]), ValueType::Flag, "Transactions with durability are required.";
    Backup = "backup", k(&[Database, Storage, Search]), ValueType::Backup, "Backups are taken (optionally: how often).";
    RecordsPerDay = "records_per_day", DATA, ValueType::Count { min: 0 }, "New records a day.";
    RecordSize = "record_size", DATA, ValueType::Size { positive: false }, "Size of one record.";
    Retention = "retention", DATA, ValueType::Duration, "How long records are kept.";
    Disk = "disk", DATA, ValueType::Size { positive: true }, "Disk per replica.";
    Delivery = "delivery", BROKERS, ValueType::Keyword(DELIVERY), "Delivery guarantee.";
    Partitions = "partitions", BROKERS, ValueType::Count { min: 1 }, "Number of partitions.";
    DeadLetter = "dead_letter", BROKERS, ValueType::Reference, "The queue that receives messages that keep failing; counts as a `~>` link to it.";
    Consensus = "consensus", k(&[Coordinator, Database]), ValueType::Keyword(CONSENSUS), "Consensus protocol: needs an odd number of replicas, at least 3.";
    Share = "share", k(&[Client]), ValueType::Number { min: 0.0, max: 1.0 }, "This client's share of the system's requests (0..1).";
    Label = "label", LINK, ValueType::Str, "Text shown on the link.";
    Protocol = "protocol", LINK, ValueType::Keyword(PROTOCOLS), "The protocol the link speaks.";
    Ops = "ops", LINK, ValueType::Ops, "Whether the link reads, writes or both (default both).";
    Tls = "tls", LINK, ValueType::Flag, "The link is encrypted.";
    Timeout = "timeout", LINK, ValueType::Duration, "How long the caller waits.";
    Retries = "retries", LINK, ValueType::Count { min: 0 }, "How often the caller retries a failed call.";
    CircuitBreaker = "circuit_breaker", LINK, ValueType::Flag, "The caller stops calling a failing callee for a while.";
    Fallback = "fallback", LINK, ValueType::Flag, "The caller degrades gracefully when the callee is down: it is not needed for the request to succeed.";
    Calls = "calls", LINK, ValueType::Count { min: 1 }, "Calls per incoming request (default 1).";
    Trust = "trust", GROUP, ValueType::Keyword(TRUST), "A trust boundary: links crossing between trust levels are checked for encryption.";
    Region = "region", GROUP, ValueType::Str, "The region the group runs in.";
    Dau = "dau", SYSTEM, ValueType::Count { min: 0 }, "Daily active users.";
    RequestsPerUser = "requests_per_user", SYSTEM, ValueType::Number { min: 0.0, max: f64::INFINITY }, "Requests per user per day.";
    Traffic = "traffic", SYSTEM, ValueType::Rate { positive: false }, "Average request rate, instead of `dau` × `requests_per_user`.";
    ReadRatio = "read_ratio", SYSTEM, ValueType::Number { min: 0.0, max: 1.0 }, "Share of requests that are reads (0..1).";
    PeakFactor = "peak_factor", SYSTEM, ValueType::Number { min: 1.0, max: f64::INFINITY }, "Peak over average traffic (default 2).";
    Allow = "allow", ANY | LINK | GROUP | SYSTEM, ValueType::Allow, "Suppress a rule's findings here (in `system`: everywhere), with a reason.";
}

impl AttrSpec {
    pub fn find(name: &str) -> Option<&'static AttrSpec> {
        ATTRIBUTES.iter().find(|a| a.name == name)
    }

    /// Where it may be written, in words: "any component", then kinds,
    /// links, groups and the `system` block as they apply.
    pub fn where_allowed(&self) -> String {
        let mut places = Vec::new();
        let kinds = self.targets.kinds();
        if kinds.len() == Kind::ALL.len() {
            places.push("any component".to_string());
        } else {
            places.extend(kinds.iter().map(|k| format!("`{k}`")));
        }
        for (bit, name) in [(Targets::LINK, "links"), (Targets::GROUP, "groups"), (Targets::SYSTEM, "`system`")] {
            if self.targets.allows(bit) {
                places.push(name.to_string());
            }
        }
        places.join(", ")
    }

    /// Its documentation in Markdown, for hovers and `archc explain`.
    pub fn docs_markdown(&self) -> String {
        let example = match self.ty {
            ValueType::Flag => self.name.to_string(),
            ty => format!("{} {}", self.name, ty.example()),
        };
        format!(
            "**{}**: {}\n\nValue: {}.\n\nApplies to {}.\n\nFor example: `{example}`",
            self.name,
            self.doc,
            self.ty.describe(),
            self.where_allowed()
        )
    }

    // The table is generated from the same list as the enum, in the same
    // order, so every key has its row.
    #[allow(clippy::indexing_slicing)]
    pub fn of(key: AttrKey) -> &'static AttrSpec {
        &ATTRIBUTES[key as usize]
    }
}

/// A checked attribute value with units normalised: durations in seconds,
/// sizes in bytes, rates in requests per second, percentages as fractions.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Flag,
    Text(String),
    List(Vec<String>),
    Count(u64),
    Replicas { min: u64, max: u64 },
    Number(f64),
    Percent(f64),
    Duration(f64),
    Rate(f64),
    Size(f64),
    Keyword(&'static str),
    RateLimit { rps: f64, algorithm: Option<&'static str> },
    Replication { topology: Option<&'static str>, mode: Option<&'static str> },
    Sharding { strategy: &'static str, key: Option<String> },
    Backup { interval: Option<f64> },
    Ops { read: bool, write: bool },
    Reference(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    pub key: AttrKey,
    pub value: AttrValue,
    /// The whole attribute, name and values.
    pub span: Span,
    /// Its values alone (the name's span when it has none): where an error
    /// about what the attribute says points.
    pub value_span: Span,
}

/// `allow RULE "reason"`: the rule name is checked by the lint stage, which
/// knows the rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Allow {
    pub rule: String,
    pub rule_span: Span,
    pub reason: Option<String>,
    pub span: Span,
}

/// The attributes of one element, in source order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs(pub Vec<Attr>);

impl Attrs {
    pub fn get(&self, key: AttrKey) -> Option<&Attr> {
        self.0.iter().find(|a| a.key == key)
    }

    pub fn has(&self, key: AttrKey) -> bool {
        self.get(key).is_some()
    }

    pub fn span(&self, key: AttrKey) -> Option<Span> {
        self.get(key).map(|a| a.span)
    }

    pub fn keyword(&self, key: AttrKey) -> Option<&'static str> {
        match self.get(key)?.value {
            AttrValue::Keyword(k) => Some(k),
            _ => None,
        }
    }

    pub fn text(&self, key: AttrKey) -> Option<&str> {
        match &self.get(key)?.value {
            AttrValue::Text(s) | AttrValue::Reference(s) => Some(s),
            _ => None,
        }
    }

    pub fn count(&self, key: AttrKey) -> Option<u64> {
        match self.get(key)?.value {
            AttrValue::Count(n) => Some(n),
            _ => None,
        }
    }

    /// Numbers of every unit as an `f64` in SI units (seconds, bytes, rps, fraction).
    pub fn number(&self, key: AttrKey) -> Option<f64> {
        match self.get(key)?.value {
            AttrValue::Number(n)
            | AttrValue::Percent(n)
            | AttrValue::Duration(n)
            | AttrValue::Rate(n)
            | AttrValue::Size(n) => Some(n),
            AttrValue::Count(n) => Some(n as f64),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_enum_agree() {
        for (i, spec) in ATTRIBUTES.iter().enumerate() {
            assert_eq!(spec.key as usize, i);
            assert_eq!(spec.key.name(), spec.name);
            assert!(std::ptr::eq(AttrSpec::of(spec.key), spec));
        }
    }
}
