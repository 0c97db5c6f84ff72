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
    latency_budget_exceeded::LatencyBudgetExceeded,
    no_failure_headroom::NoFailureHeadroom,
    storage_exceeds_disk::StorageExceedsDisk,
    under_provisioned::UnderProvisioned,
    unused_allow::UnusedAllow,
}
