use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::AttrKey;

/// Engines and the guarantee they give by default under a partition.
const ENGINES: &[(&str, &str)] = &[
    ("mongodb", "CP"),
    ("hbase", "CP"),
    ("redis", "CP"),
    ("etcd", "CP"),
    ("zookeeper", "CP"),
    ("consul", "CP"),
    ("cassandra", "AP"),
    ("dynamodb", "AP"),
    ("couchdb", "AP"),
    ("riak", "AP"),
];

crate::declare_rule! {
    /// ## What it does
    /// Reports a declared `cap` that differs from the usual guarantee of the
    /// component's `engine`: MongoDB, HBase, Redis, etcd, ZooKeeper and Consul
    /// are CP; Cassandra, DynamoDB, CouchDB and Riak are AP. The name matches
    /// case-insensitively as a whole word anywhere in `engine` ("Amazon
    /// DynamoDB" matches, "Redisson" does not). Words are runs of letters and
    /// digits, so `amazon_dynamodb` and `redis-cluster` match too. When the
    /// engine names several known engines, the first one written decides.
    ///
    /// ## Why is this bad?
    /// The CAP choice is made by the engine, not by the design document.
    /// Declaring AP for a CP engine (or the reverse) means the rest of the
    /// design — retries, fallbacks, consistency expectations, availability
    /// maths — is built on behaviour the store will not have when the network
    /// splits.
    ///
    /// ## Example
    /// ```arch
    /// database events { engine "Cassandra"; cap CP; replicas 3 }
    /// ```
    ///
    /// ## How to fix
    /// Declare the engine's guarantee, or pick an engine that gives the one
    /// the design needs. If the engine is configured unusually (Cassandra at
    /// quorum consistency, say), `allow cap-engine-mismatch "QUORUM reads and
    /// writes"` on the component.
    pub struct CapEngineMismatch {
        name: "cap-engine-mismatch",
        level: Warning,
        category: Data,
        summary: "the declared `cap` differs from the engine's usual guarantee",
    }
}

impl Rule for CapEngineMismatch {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for c in cx.model.component_ids() {
            let comp = cx.component(c);
            let (Some(cap), Some(cap_span), Some(engine), Some(engine_span)) = (
                comp.attrs.keyword(AttrKey::Cap),
                comp.attrs.span(AttrKey::Cap),
                comp.engine(),
                comp.attrs.span(AttrKey::Engine),
            ) else {
                continue;
            };
            let Some((name, usual)) = known_engine(engine) else { continue };
            if usual == cap {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Component(c),
                    cap_span,
                    format!("declared `cap {cap}`"),
                    format!("`{}` declares `cap {cap}`, but {name} is {usual}", comp.id),
                )
                .with_label(engine_span, format!("{name} is {usual}"))
                .with_help(format!("declare `cap {usual}`, or choose an engine that is {cap}")),
            );
        }
    }
}

/// The first known engine named as a whole word in `engine`, as written there.
fn known_engine(engine: &str) -> Option<(&str, &'static str)> {
    engine.split(|ch: char| !ch.is_alphanumeric()).find_map(|word| {
        let lower = word.to_lowercase();
        ENGINES.iter().find(|(name, _)| *name == lower).map(|(_, cap)| (word, *cap))
    })
}

#[cfg(test)]
mod tests {
    use super::known_engine;

    #[test]
    fn matches_whole_words_case_insensitively() {
        assert_eq!(known_engine("Amazon DynamoDB"), Some(("DynamoDB", "AP")));
        assert_eq!(known_engine("redis-cluster"), Some(("redis", "CP")));
        assert_eq!(known_engine("amazon_dynamodb"), Some(("dynamodb", "AP")));
        assert_eq!(known_engine("Redisson"), None);
        assert_eq!(known_engine("PostgreSQL"), None);
        assert_eq!(known_engine("Cassandra over Redis"), Some(("Cassandra", "AP")));
    }
}
