//! The rule catalog. Each rule lives in its own file; registering one is one
//! line in the list below (kept sorted by file name).

use super::Rule;

macro_rules! register_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every rule, sorted by name.
        pub(crate) static RULES: &[&dyn Rule] = &[$(&$module::$rule),*];
    };
}

register_rules! {
    availability_below_slo::AvailabilityBelowSlo,
    cache_without_eviction::CacheWithoutEviction,
    cap_conflict::CapConflict,
    cap_engine_mismatch::CapEngineMismatch,
    dangling_queue::DanglingQueue,
    even_quorum::EvenQuorum,
    exposed_datastore::ExposedDatastore,
    external_without_resilience::ExternalWithoutResilience,
    l4_content_routing::L4ContentRouting,
    latency_budget_exceeded::LatencyBudgetExceeded,
    long_lived_connection_balancing::LongLivedConnectionBalancing,
    missing_auth::MissingAuth,
    missing_cache::MissingCache,
    missing_dead_letter::MissingDeadLetter,
    missing_load_balancer::MissingLoadBalancer,
    missing_rate_limit::MissingRateLimit,
    modulo_hash_sharding::ModuloHashSharding,
    no_backup::NoBackup,
    no_failure_headroom::NoFailureHeadroom,
    orphan_component::OrphanComponent,
    retry_amplification::RetryAmplification,
    shared_database::SharedDatabase,
    single_point_of_failure::SinglePointOfFailure,
    stale_cache_read::StaleCacheRead,
    stateful_without_affinity::StatefulWithoutAffinity,
    storage_exceeds_disk::StorageExceedsDisk,
    sync_cycle::SyncCycle,
    under_provisioned::UnderProvisioned,
    unencrypted_link::UnencryptedLink,
    unreachable_component::UnreachableComponent,
    unused_allow::UnusedAllow,
    write_behind_data_loss::WriteBehindDataLoss,
}
