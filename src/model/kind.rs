//! Component kinds and what the language says about each by default.

use serde::Serialize;

macro_rules! kinds {
    ($($variant:ident = $name:literal, $bit:literal, $what:literal;)*) => {
        /// What a component is (LANGUAGE.md §3.3).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind { $($variant,)* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }

            pub fn parse(name: &str) -> Option<Kind> {
                match name { $($name => Some(Kind::$variant),)* _ => None }
            }

            /// One bit per kind, for attribute applicability sets.
            pub const fn bit(self) -> u32 {
                match self { $(Kind::$variant => 1 << $bit,)* }
            }

            /// A one-line description for hovers and docs.
            pub fn describe(self) -> &'static str {
                match self { $(Kind::$variant => $what,)* }
            }
        }
    };
}

kinds! {
    Client = "client", 0, "web, mobile, IoT or partner client: where requests start";
    Dns = "dns", 1, "name resolution (managed)";
    Cdn = "cdn", 2, "edge network serving cached and static content (managed)";
    LoadBalancer = "load_balancer", 3, "L4/L7 load balancer or reverse proxy";
    Gateway = "gateway", 4, "API gateway: routing, auth, rate limiting, TLS termination";
    Service = "service", 5, "application server or microservice";
    Function = "function", 6, "serverless function (managed, auto-scaled)";
    Cache = "cache", 7, "in-memory or distributed cache";
    Database = "database", 8, "SQL or NoSQL store";
    Queue = "queue", 9, "point-to-point message queue: one message, one consumer";
    Topic = "topic", 10, "publish/subscribe topic: one message, every subscriber";
    Storage = "storage", 11, "object, blob or file storage";
    Search = "search", 12, "search index";
    Coordinator = "coordinator", 13, "consensus cluster (ZooKeeper, etcd, Consul)";
    External = "external", 14, "a third-party system you do not run";
}

impl Kind {
    /// `cdn`, `dns` and `function` are operated by a provider unless said otherwise.
    pub fn managed_by_default(self) -> bool {
        matches!(self, Kind::Cdn | Kind::Dns | Kind::Function)
    }

    /// Latency one request adds at this kind when the design does not say (seconds).
    pub fn default_latency(self) -> f64 {
        match self {
            Kind::Database => 0.005,
            Kind::External => 0.100,
            _ => 0.001,
        }
    }

    pub fn is_async_broker(self) -> bool {
        matches!(self, Kind::Queue | Kind::Topic)
    }

    /// Stores of data that belong behind a service.
    pub fn is_datastore(self) -> bool {
        matches!(self, Kind::Database | Kind::Cache | Kind::Search | Kind::Coordinator | Kind::Queue | Kind::Topic)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
