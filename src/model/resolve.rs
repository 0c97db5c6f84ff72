//! Syntax trees to model: names, kinds, typed attribute values and links.
//!
//! Resolution collects every semantic error of the compilation before it
//! returns; an element with an error is left out (or kept without the bad
//! attribute) so that one mistake does not cascade into many.

use super::attrs::{self, AttrSpec, Targets};
use super::*;
use crate::diagnostic::{suggest, Diagnostic};
use crate::source::FileId;
use crate::syntax::ast::{self, Quantity, Value, ValueKind};
use crate::syntax::units::{self, Unit};
use rayon::prelude::*;

/// A link's endpoints, arrow and a hash of its label. The label is part of
/// the key: links between one pair that differ only by label are legal, and
/// a list of them compared one by one made thousands of such links quadratic.
type LinkKey = (ComponentId, Arrow, ComponentId, u64);

fn link_key(from: ComponentId, arrow: Arrow, to: ComponentId, label: &Option<String>) -> LinkKey {
    (from, arrow, to, std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), label))
}

/// The label of the `~>` link a queue's `dead_letter` draws.
const DEAD_LETTERS: &str = "dead letters";

/// Resolve the files of one compilation (the root first, then imports in load
/// order) into one model.
pub fn resolve(files: &[(FileId, &ast::File)]) -> (Model, Vec<Diagnostic>) {
    let mut components = Vec::new();
    let mut links = Vec::new();
    for (_, file) in files {
        collect_statements(&file.items, &mut components, &mut links);
    }
    // Sized once from the statements (a `dead_letter` attribute adds a
    // link too): growing by doubling copies the largest vectors of a big
    // design and, for a moment, holds them twice at the point of the run
    // where memory peaks.
    let dead_letters = components
        .iter()
        .filter_map(|c| c.body.as_ref())
        .filter(|body| body.attrs.iter().any(|a| a.name.name == "dead_letter"))
        .count();
    let hops = links.iter().map(|l| l.hops.len()).sum::<usize>() + dead_letters;
    let mut model = Model::default();
    model.components.reserve_exact(components.len());
    model.links.reserve_exact(hops);
    model.graph.reserve_exact_nodes(components.len());
    model.graph.reserve_exact_edges(hops);
    let mut names = FastMap::default();
    names.reserve(components.len());
    let mut link_keys = FastMap::default();
    link_keys.reserve(hops);
    let mut r = Resolver { model, diagnostics: Vec::new(), names, link_keys, suggestions: Suggestions::default() };
    rayon::in_place_scope(|scope| {
        let mut ahead: ComponentsAhead = Prepared::new(scope, &components, prepare_component);
        for (_, file) in files {
            r.declare_items(&file.items, None, &mut ahead);
        }
    });
    // Every name is declared now, and the link pass only reads them: so
    // links look their endpoints up ahead, on every core, with their words
    // (on a large design the lookups miss the cache more than anything).
    let names = std::mem::take(&mut r.names);
    rayon::in_place_scope(|scope| {
        let mut ahead = Prepared::new(scope, &links, |stmt: &ast::LinkStmt| prepare_link(stmt, &names));
        for (_, file) in files {
            r.links_in(&file.items, None, &names, &mut ahead);
        }
    });
    r.names = names;
    r.dead_letters();
    r.check_shares();
    // The names move into the model's indexes rather than being copied:
    // a large design has hundreds of thousands.
    let mut model = r.model;
    let component_count = model.components.len();
    model.by_id.reserve(component_count);
    for (name, meaning) in r.names {
        match meaning {
            Name::Component(c, _) => {
                model.by_id.insert(name, c);
            }
            Name::Group(g, _) => {
                model.groups_by_id.insert(name, g);
            }
            Name::Broken(_) => {}
        }
    }
    (model, r.diagnostics)
}

/// What a name in the shared namespace stands for.
#[derive(Clone, Copy)]
enum Name {
    Component(ComponentId, Span),
    Group(GroupId, Span),
    /// A declaration that had an error (unknown kind): links to it are not
    /// reported again.
    Broken(Span),
}

impl Name {
    fn span(self) -> Span {
        match self {
            Name::Component(_, s) | Name::Group(_, s) | Name::Broken(s) => s,
        }
    }
    fn group(self) -> Option<GroupId> {
        match self {
            Name::Group(g, _) => Some(g),
            _ => None,
        }
    }
}

/// Components and links in the order the passes of [`Resolver`] meet them.
fn collect_statements<'a>(
    items: &'a [ast::Item],
    components: &mut Vec<&'a ast::ComponentDecl>,
    links: &mut Vec<&'a ast::LinkStmt>,
) {
    for item in items {
        match item {
            ast::Item::Component(c) => components.push(c),
            ast::Item::Link(l) => links.push(l),
            ast::Item::Group(g) => collect_statements(&g.items, components, links),
            ast::Item::System(_) | ast::Item::Attribute(_) | ast::Item::Import(_) => {}
        }
    }
}

/// Work on a statement that needs no names (checking attribute values and
/// link words), or only reads them once all are declared (a link's
/// endpoints), and is most of the work on a large design. The passes of
/// [`Resolver`] go in declaration order and cannot be split, so they take
/// these results in that order, a chunk at a time, while the next chunk is
/// prepared on the other cores. (Preparing all of them first held the
/// results of a 100,000-component design at once and raised its peak memory
/// by 50 MB; preparing each chunk only when the passes reached it left the
/// cores idle while the passes ran: resolution was serial, a quarter of a
/// 100,000-component check.)
struct Prepared<'a, 's, S: Sync, P: Send, F: Fn(&S) -> P + Sync> {
    ready: std::collections::VecDeque<(&'a S, P)>,
    /// Statements whose preparation has not begun.
    rest: &'a [&'a S],
    /// The chunk being prepared, delivered here when done.
    in_flight: Option<std::sync::mpsc::Receiver<Vec<(&'a S, P)>>>,
    scope: &'s rayon::Scope<'a>,
    prepare: F,
}

/// Statements prepared at a time: enough for every core to share, little
/// enough to hold two (one being read, the next being prepared).
pub(super) const PREPARED_CHUNK: usize = 2048;

impl<'a, 's, S: Sync, P: Send + 'a, F: Fn(&S) -> P + Sync + Send + Copy + 'a> Prepared<'a, 's, S, P, F> {
    fn new(scope: &'s rayon::Scope<'a>, statements: &'a [&'a S], prepare: F) -> Self {
        let mut prepared = Prepared { ready: Default::default(), rest: statements, in_flight: None, scope, prepare };
        prepared.start_next();
        prepared
    }

    /// Begin preparing the next chunk on the pool.
    fn start_next(&mut self) {
        if self.rest.is_empty() {
            return;
        }
        let (chunk, rest) = self.rest.split_at(self.rest.len().min(PREPARED_CHUNK));
        self.rest = rest;
        let (done, delivered) = std::sync::mpsc::sync_channel(1);
        let prepare = self.prepare;
        self.scope.spawn(move |_| {
            // The receiver is gone only once the passes are over.
            let _ = done.send(chunk.par_iter().map(|&s| (s, prepare(s))).collect());
        });
        self.in_flight = Some(delivered);
    }

    /// The result for `stmt`; computed here should the passes ever meet
    /// statements in another order than [`collect_statements`].
    fn take(&mut self, stmt: &S) -> P {
        if self.ready.is_empty() {
            if let Some(delivered) = self.in_flight.take() {
                let chunk = wait_for(&delivered);
                self.start_next();
                self.ready = chunk.into();
            }
        }
        match self.ready.pop_front() {
            Some((s, p)) if std::ptr::eq(s, stmt) => p,
            other => {
                // Not this statement's: put it back for the one it belongs to.
                if let Some(other) = other {
                    self.ready.push_front(other);
                }
                (self.prepare)(stmt)
            }
        }
    }
}

/// What a task on the pool delivers. A pool thread waiting here runs other
/// pool work meanwhile (the very task it waits for, on a pool of one):
/// blocking it could leave that task with no thread to run it.
fn wait_for<T>(delivered: &std::sync::mpsc::Receiver<Vec<T>>) -> Vec<T> {
    use std::sync::mpsc::TryRecvError;
    loop {
        match delivered.try_recv() {
            Ok(chunk) => return chunk,
            // The task panicked; the scope passes the panic on when it ends.
            Err(TryRecvError::Disconnected) => return Vec::new(),
            Err(TryRecvError::Empty) => match rayon::yield_now() {
                Some(rayon::Yield::Executed) => {}
                Some(rayon::Yield::Idle) => std::thread::yield_now(),
                // Not a pool thread: the pool runs the task.
                None => return delivered.recv().unwrap_or_default(),
            },
        }
    }
}

struct Resolver {
    model: Model,
    diagnostics: Vec<Diagnostic>,
    names: FastMap<String, Name>,
    /// Declared links by (from, arrow, to, hash of the label), for duplicate
    /// detection.
    // Nearly every key has one link: held inline, the map allocates nothing
    // per link (a large design has hundreds of thousands, alive at the
    // run's peak).
    link_keys: FastMap<LinkKey, smallvec::SmallVec<[LinkId; 1]>>,
    suggestions: Suggestions,
}

/// What a link statement says on its own, and what its endpoints' names
/// stand for.
struct PreparedLink {
    parts: LinkParts,
    diagnostics: Vec<Diagnostic>,
    /// The first endpoint's meaning, then each hop's target's.
    endpoints: smallvec::SmallVec<[Option<Name>; 2]>,
}

fn prepare_link(stmt: &ast::LinkStmt, names: &FastMap<String, Name>) -> PreparedLink {
    let (parts, diagnostics) = link_parts(stmt);
    let endpoints = std::iter::once(&stmt.first)
        .chain(stmt.hops.iter().map(|(_, _, to)| to))
        .map(|ident| names.get(ident.name.as_str()).copied())
        .collect();
    PreparedLink { parts, diagnostics, endpoints }
}

type LinksAhead<'a, 's, F> = Prepared<'a, 's, ast::LinkStmt, PreparedLink, F>;
type ComponentsAhead<'a, 's> =
    Prepared<'a, 's, ast::ComponentDecl, PreparedComponent, fn(&ast::ComponentDecl) -> PreparedComponent>;

/// "Did you mean" for names of components. Each answer compares the name
/// with every component, so a file naming thousands of missing components
/// would take time quadratic in its size (20,000 of them took 104 s): an
/// answer is kept per name, and once a compilation has made
/// [`SUGGESTION_BUDGET`] comparisons, further names get the plain help.
#[derive(Default)]
struct Suggestions {
    answers: FastMap<String, Option<String>>,
    comparisons: usize,
}

/// About a quarter of a second of comparisons: a hundred missing names in a
/// 10,000-component design, every one in a design of a few hundred.
pub(super) const SUGGESTION_BUDGET: usize = 1_000_000;

impl Suggestions {
    fn component(&mut self, name: &str, components: &[Component]) -> Option<String> {
        if let Some(answer) = self.answers.get(name) {
            return answer.clone();
        }
        let answer = if self.comparisons + components.len() <= SUGGESTION_BUDGET {
            self.comparisons += components.len();
            suggest(name, components.iter().map(|c| c.id.as_str())).map(str::to_owned)
        } else {
            None
        };
        self.answers.insert(name.to_owned(), answer.clone());
        answer
    }
}

/// What a component declaration says on its own, before names are known.
struct PreparedComponent {
    /// `Err(None)`: the kind is no kind, and the syntax stage said so.
    kind: Result<Kind, Option<Diagnostic>>,
    attrs: Attrs,
    allows: Vec<Allow>,
    /// Reported only when the component's name is its own.
    diagnostics: Vec<Diagnostic>,
}

fn prepare_component(decl: &ast::ComponentDecl) -> PreparedComponent {
    let kind = Kind::parse(&decl.kind.name).ok_or_else(|| unknown_kind(decl));
    let mut prepared = PreparedComponent { kind, attrs: Attrs::default(), allows: Vec::new(), diagnostics: Vec::new() };
    let Ok(kind) = prepared.kind else { return prepared };
    let PreparedComponent { attrs, allows, diagnostics, .. } = &mut prepared;
    if let Some(body) = &decl.body {
        for a in &body.attrs {
            attribute(a, Target::Kind(kind), attrs, allows, diagnostics);
        }
    }
    if let (Some(a), Some(b)) = (attrs.span(AttrKey::Stateless), attrs.span(AttrKey::Stateful)) {
        let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
        diagnostics.push(
            Diagnostic::semantic(
                "conflicting-attributes",
                format!("`{}` is declared both `stateless` and `stateful`", decl.id.name),
                second,
                "contradicts the earlier attribute",
            )
            .with_label(first, "declared here")
            .with_help("keep the one that is true: `stateful` if instances hold session state"),
        );
    }
    if let Some(AttrValue::Reference(target)) = attrs.get(AttrKey::DeadLetter).map(|a| &a.value) {
        if *target == decl.id.name {
            let span = attrs.get(AttrKey::DeadLetter).map_or(decl.span, |a| a.value_span);
            diagnostics.push(
                Diagnostic::semantic("self-link", "a queue cannot be its own dead letter queue", span, "names itself")
                    .with_help("declare a separate queue for messages that keep failing"),
            );
            attrs.0.retain(|a| a.key != AttrKey::DeadLetter);
        }
    }
    // These move into the model as they are: built by pushing, they would
    // keep room to spare for as long as the model lives (12 MB at 100,000
    // components). Trimmed here, on every core.
    attrs.0.shrink_to_fit();
    allows.shrink_to_fit();
    prepared
}

fn unknown_kind(decl: &ast::ComponentDecl) -> Option<Diagnostic> {
    let kinds = Kind::ALL.iter().map(|k| k.as_str());
    let (message, label, help) = match (decl.kind.name.as_str(), suggest(&decl.kind.name, kinds)) {
        // The syntax stage reported these as statements written wrong.
        ("group" | "import", _) => return None,
        (kind, Some(k)) => {
            (format!("`{kind}` is not a component kind"), "unknown kind", format!("did you mean `{k}`?"))
        }
        (kind, None) => (
            format!("`{kind}` is not a component kind"),
            "unknown kind",
            format!("the kinds are {}", attrs::backticked(&Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>())),
        ),
    };
    Some(Diagnostic::semantic("unknown-kind", message, decl.kind.span, label).with_help(help))
}

impl Resolver {
    fn declare_items(&mut self, items: &[ast::Item], group: Option<GroupId>, ahead: &mut ComponentsAhead<'_, '_>) {
        for item in items {
            match item {
                ast::Item::System(s) => self.system(s),
                ast::Item::Group(g) => self.group(g, group, ahead),
                ast::Item::Component(c) => self.component(c, group, ahead),
                ast::Item::Attribute(a) => {
                    // The grammar only produces attributes in group bodies.
                    // `g` was minted by `self.group` when the body was entered.
                    #[allow(clippy::indexing_slicing)]
                    if let Some(g) = group {
                        let target = Target::Group;
                        let mut existing = std::mem::take(&mut self.model.groups[g.index()].attrs);
                        let mut allows = std::mem::take(&mut self.model.groups[g.index()].allows);
                        attribute(a, target, &mut existing, &mut allows, &mut self.diagnostics);
                        self.model.groups[g.index()].attrs = existing;
                        self.model.groups[g.index()].allows = allows;
                    }
                }
                ast::Item::Import(_) | ast::Item::Link(_) => {}
            }
        }
    }

    fn claim_name(&mut self, id: &ast::Ident, name: Name) -> bool {
        if let Some(previous) = self.names.get(id.name.as_str()) {
            let what = match previous {
                Name::Group(..) => "a group",
                _ => "a component",
            };
            self.diagnostics.push(
                Diagnostic::semantic(
                    "duplicate-component",
                    format!("`{}` is declared twice", id.name),
                    id.span,
                    "declared again here",
                )
                .with_label(previous.span(), format!("first declared here as {what}"))
                .with_help("ids are shared by every component and group of the compilation; rename one of them"),
            );
            return false;
        }
        self.names.insert(id.name.to_string(), name);
        true
    }

    fn system(&mut self, decl: &ast::SystemDecl) {
        if let Some(first) = &self.model.system {
            let first_span = first.span;
            self.diagnostics.push(
                Diagnostic::semantic(
                    "duplicate-system",
                    "a second `system` block",
                    decl.keyword,
                    "second `system` here",
                )
                .with_label(first_span, "the first one")
                .with_help("a compilation has at most one `system` block; merge their attributes"),
            );
            return;
        }
        let mut attrs = Attrs::default();
        let mut allows = Vec::new();
        if let Some(body) = &decl.body {
            for a in &body.attrs {
                attribute(a, Target::System, &mut attrs, &mut allows, &mut self.diagnostics);
            }
        }
        if let (Some(traffic), Some(dau)) = (attrs.span(AttrKey::Traffic), attrs.span(AttrKey::Dau)) {
            self.diagnostics.push(
                Diagnostic::semantic(
                    "conflicting-attributes",
                    "`traffic` and `dau` both give the request rate",
                    traffic,
                    "`traffic` here",
                )
                .with_label(dau, "`dau` here")
                .with_help("give either `traffic`, or `dau` with `requests_per_user`"),
            );
        }
        self.model.system =
            Some(System { name: decl.name.as_ref().map(|n| n.value.clone()), span: decl.span, attrs, allows });
    }

    fn group(&mut self, decl: &ast::GroupDecl, parent: Option<GroupId>, ahead: &mut ComponentsAhead<'_, '_>) {
        let id = GroupId(self.model.groups.len() as u32);
        if !self.claim_name(&decl.id, Name::Group(id, decl.id.span)) {
            // Still resolve the body so its own errors are reported, under the parent.
            self.declare_items(&decl.items, parent, ahead);
            return;
        }
        self.model.groups.push(Group {
            id: decl.id.name.to_string(),
            id_span: decl.id.span,
            label: decl.label.as_ref().map(|l| l.value.clone()),
            span: decl.span,
            parent,
            attrs: Attrs::default(),
            allows: Vec::new(),
        });
        self.declare_items(&decl.items, Some(id), ahead);
    }

    fn component(&mut self, decl: &ast::ComponentDecl, group: Option<GroupId>, ahead: &mut ComponentsAhead<'_, '_>) {
        let prepared = ahead.take(decl);
        let kind = match prepared.kind {
            Ok(kind) => kind,
            Err(d) => {
                self.diagnostics.extend(d);
                self.claim_name(&decl.id, Name::Broken(decl.id.span));
                return;
            }
        };
        let id = ComponentId(self.model.components.len() as u32);
        if !self.claim_name(&decl.id, Name::Component(id, decl.id.span)) {
            return;
        }
        let PreparedComponent { attrs, allows, diagnostics, .. } = prepared;
        self.diagnostics.extend(diagnostics);
        self.model.graph.add_node(id);
        self.model.components.push(Component {
            id: decl.id.name.to_string(),
            id_span: decl.id.span,
            kind,
            label: decl.label.as_ref().map(|l| l.value.clone()),
            span: decl.span,
            group,
            attrs,
            allows,
        });
    }

    fn links_in<'a, F: Fn(&ast::LinkStmt) -> PreparedLink + Sync + Send + Copy + 'a>(
        &mut self,
        items: &[ast::Item],
        group: Option<GroupId>,
        names: &FastMap<String, Name>,
        ahead: &mut LinksAhead<'a, '_, F>,
    ) {
        for item in items {
            match item {
                ast::Item::Link(l) => self.link(l, group, ahead.take(l)),
                ast::Item::Group(g) => {
                    let gid = names.get(g.id.name.as_str()).and_then(|n| n.group()).or(group);
                    self.links_in(&g.items, gid, names, ahead);
                }
                _ => {}
            }
        }
    }

    /// The component an endpoint names (`meaning`, looked up ahead); `None`
    /// (with a diagnostic unless the name's own declaration was already
    /// reported) otherwise.
    fn endpoint(&mut self, ident: &ast::Ident, meaning: Option<Name>) -> Option<ComponentId> {
        match meaning {
            Some(Name::Component(c, _)) => Some(c),
            Some(Name::Broken(_)) => None,
            Some(Name::Group(_, span)) => {
                self.diagnostics.push(
                    Diagnostic::semantic(
                        "undefined-component",
                        format!("`{}` is a group, and groups cannot be link endpoints", ident.name),
                        ident.span,
                        "a group",
                    )
                    .with_label(span, "the group is declared here")
                    .with_help("link to a component inside the group instead"),
                );
                None
            }
            None => {
                let help = match self.suggestions.component(&ident.name, &self.model.components) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "declare it, e.g. `service name`, or import the file that does".to_string(),
                };
                self.diagnostics.push(
                    Diagnostic::semantic(
                        "undefined-component",
                        format!("no component named `{}`", ident.name),
                        ident.span,
                        "not declared anywhere",
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    fn link(&mut self, stmt: &ast::LinkStmt, group: Option<GroupId>, prepared: PreparedLink) {
        let PreparedLink { parts: shared, diagnostics, endpoints } = prepared;
        self.diagnostics.extend(diagnostics);
        let mut meanings = endpoints.into_iter();
        let mut from_ident = &stmt.first;
        let mut from = self.endpoint(from_ident, meanings.next().flatten());
        for (arrow, _, to_ident) in &stmt.hops {
            let to = self.endpoint(to_ident, meanings.next().flatten());
            let span = from_ident.span.to(to_ident.span);
            if let (Some(f), Some(t)) = (from, to) {
                if f == t {
                    self.diagnostics.push(
                        Diagnostic::semantic(
                            "self-link",
                            format!("`{}` links to itself", from_ident.name),
                            span,
                            "a link to itself",
                        )
                        .with_help("a component's internal calls are not links; remove it"),
                    );
                } else {
                    self.add_link(f, *arrow, t, span, stmt.span, &shared, group);
                }
            }
            from_ident = to_ident;
            from = to;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_link(
        &mut self,
        from: ComponentId,
        arrow: Arrow,
        to: ComponentId,
        span: Span,
        stmt_span: Span,
        shared: &LinkParts,
        group: Option<GroupId>,
    ) {
        let id = LinkId(self.model.links.len() as u32);
        let key = link_key(from, arrow, to, &shared.label);
        if let Some(p) = self.declared_link(key, &shared.label) {
            let first = self.model.link(p).span;
            self.diagnostics.push(
                Diagnostic::semantic(
                    "duplicate-link",
                    format!(
                        "`{} {} {}` is declared twice",
                        self.model.component(from).id,
                        arrow.as_str(),
                        self.model.component(to).id
                    ),
                    span,
                    "declared again here",
                )
                .with_label(first, "first declared here")
                .with_help("merge the two, or give each a different label if they are different flows"),
            );
            return;
        }
        self.link_keys.entry(key).or_default().push(id);
        self.model.graph.add_edge(from.node(), to.node(), id);
        self.model.links.push(Link {
            from,
            to,
            arrow,
            span,
            stmt_span,
            protocol: shared.protocol,
            read: shared.read,
            write: shared.write,
            tls: shared.tls,
            // Copies, even for the last hop: a copy is sized to what it
            // holds, while the vectors built by pushing have room to spare
            // (moving them raised the peak at 100,000 components by 15 MB).
            label: shared.label.clone(),
            attrs: shared.attrs.clone(),
            allows: shared.allows.clone(),
            origin: LinkOrigin::Declared,
            group,
        });
    }

    /// The link already declared with this key and exactly this label.
    fn declared_link(&self, key: LinkKey, label: &Option<String>) -> Option<LinkId> {
        self.link_keys.get(&key)?.iter().copied().find(|&l| self.model.link(l).label == *label)
    }

    /// The links `dead_letter` draws, each labelled [`DEAD_LETTERS`].
    fn dead_letters(&mut self) {
        for c in 0..self.model.components.len() {
            let Some(comp) = self.model.components.get(c) else { continue };
            let Some(attr) = comp.attrs.get(AttrKey::DeadLetter) else { continue };
            let AttrValue::Reference(target) = &attr.value else { continue };
            // The link is the whole attribute; what is wrong with it is its value.
            let (span, at, target) = (attr.span, attr.value_span, target.clone());
            let from = ComponentId(c as u32);
            let to = match self.names.get(&target) {
                Some(Name::Component(t, _)) => *t,
                Some(Name::Broken(_)) => continue,
                Some(Name::Group(_, group)) => {
                    let group = *group;
                    self.diagnostics.push(
                        Diagnostic::semantic(
                            "invalid-value",
                            format!("`dead_letter` must name a queue, but `{target}` is a group"),
                            at,
                            "a group",
                        )
                        .with_label(group, "the group is declared here")
                        .with_help("name a queue, inside the group or elsewhere"),
                    );
                    continue;
                }
                None => {
                    let help = match self.suggestions.component(&target, &self.model.components) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "declare the queue, e.g. `queue orders-dlq`".to_string(),
                    };
                    self.diagnostics.push(
                        Diagnostic::semantic(
                            "undefined-component",
                            format!("no component named `{target}`"),
                            at,
                            "the dead letter queue is not declared",
                        )
                        .with_help(help),
                    );
                    continue;
                }
            };
            if self.model.component(to).kind != Kind::Queue {
                let kind = self.model.component(to).kind;
                self.diagnostics.push(
                    Diagnostic::semantic(
                        "invalid-value",
                        format!("`dead_letter` must name a queue, but `{target}` is a {kind}"),
                        at,
                        "not a queue",
                    )
                    .with_label(self.model.component(to).id_span, format!("`{target}` is declared here"))
                    .with_help("point it at a `queue` that collects messages that keep failing"),
                );
                continue;
            }
            // An explicit `q ~> dlq : "dead letters"` is this link written twice.
            let label = Some(DEAD_LETTERS.to_string());
            if let Some(explicit) = self.declared_link(link_key(from, Arrow::Async, to, &label), &label) {
                let (from_id, to_id) = (&self.model.component(from).id, &self.model.component(to).id);
                self.diagnostics.push(
                    Diagnostic::semantic(
                        "duplicate-link",
                        format!("`{from_id} ~> {to_id}` is declared twice: `dead_letter {to_id}` draws it already"),
                        self.model.link(explicit).span,
                        "declared again here",
                    )
                    .with_label(span, "this draws the link")
                    .with_help("remove the explicit link, or give it another label if it is a different flow"),
                );
                continue;
            }
            let id = LinkId(self.model.links.len() as u32);
            self.model.graph.add_edge(from.node(), to.node(), id);
            let group = self.model.component(from).group;
            self.model.links.push(Link {
                from,
                to,
                arrow: Arrow::Async,
                span,
                stmt_span: span,
                protocol: None,
                read: true,
                write: true,
                tls: false,
                label,
                attrs: Attrs::default(),
                allows: Vec::new(),
                origin: LinkOrigin::DeadLetter,
                group,
            });
        }
    }

    /// Declared client shares may not add up to more than 1.
    fn check_shares(&mut self) {
        let shares: Vec<(f64, Span)> = self
            .model
            .components
            .iter()
            .filter(|c| c.kind == Kind::Client)
            .filter_map(|c| Some((c.attrs.number(AttrKey::Share)?, c.attrs.get(AttrKey::Share)?.value_span)))
            .collect();
        let total: f64 = shares.iter().map(|(s, _)| s).sum();
        if total > 1.0 + 1e-9 {
            if let Some(((_, last), earlier)) = shares.split_last() {
                let mut d = Diagnostic::semantic(
                    "invalid-value",
                    format!("client shares add up to {}, more than 1", trim_float(total)),
                    *last,
                    "this share makes the total exceed 1",
                );
                for (s, span) in earlier {
                    d = d.with_label(*span, format!("share {}", trim_float(*s)));
                }
                self.diagnostics
                    .push(d.with_help("shares are fractions of the system's requests; make them sum to at most 1"));
            }
        }
    }
}

/// Check one attribute against the catalog and add it to `into`.
fn attribute(
    a: &ast::Attribute,
    target: Target,
    into: &mut Attrs,
    allows: &mut Vec<Allow>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let name = a.name.name.as_str();
    let Some(spec) = AttrSpec::find(name) else {
        diagnostics.push(unknown_attribute(a, target));
        return;
    };
    if !target.allows(spec) {
        diagnostics.push(not_allowed(a, spec, target));
        return;
    }
    if spec.key != AttrKey::Allow {
        if let Some(previous) = into.get(spec.key) {
            diagnostics.push(given_twice(
                format!("`{name}` is given twice"),
                (a.name.span, "given again here"),
                (previous.span, "first given here"),
                "keep one of them",
            ));
            return;
        }
    }
    match check_value(spec, a) {
        Ok(Checked::Value(value)) => {
            let value_span = match (a.values.first(), a.values.last()) {
                (Some(first), Some(last)) => first.span.to(last.span),
                _ => a.name.span,
            };
            into.0.push(Attr { key: spec.key, value, span: a.span, value_span })
        }
        Ok(Checked::Allow(allow)) => allows.push(allow),
        Err(d) => diagnostics.push(*d),
    }
}

/// The `: words` and `{ attributes }` every hop of a chain shares.
fn link_parts(stmt: &ast::LinkStmt) -> (LinkParts, Vec<Diagnostic>) {
    let mut parts = LinkParts::default();
    let mut diagnostics = Vec::new();
    let mut protocol_span: Option<Span> = None;
    let mut label_span: Option<Span> = None;
    let (mut read, mut write) = (false, false);
    // Where `read`, `write` and `tls` were first written: a second is a slip.
    let mut flag_spans: [(&str, Option<Span>); 3] = [("read", None), ("write", None), ("tls", None)];
    for word in &stmt.words {
        if let ast::LinkWord::Ident(w) = word {
            if let Some((name, first)) = flag_spans.iter_mut().find(|(name, _)| *name == w.name.as_str()) {
                match first {
                    Some(first) => diagnostics.push(given_twice(
                        format!("`{name}` is written twice after `:`"),
                        (w.span, "again here"),
                        (*first, "first here"),
                        "write it once",
                    )),
                    None => *first = Some(w.span),
                }
            }
        }
    }
    for word in &stmt.words {
        match word {
            ast::LinkWord::Str(s) => {
                if let Some(first) = label_span {
                    diagnostics.push(given_twice(
                        "a link has at most one label",
                        (s.span, "second label"),
                        (first, "first label"),
                        "join them into one string",
                    ));
                } else {
                    label_span = Some(s.span);
                    parts.label = Some(s.value.clone());
                }
            }
            ast::LinkWord::Ident(w) => match w.name.as_str() {
                "read" => read = true,
                "write" => write = true,
                "tls" => parts.tls = true,
                name => {
                    if let Some(&p) = attrs::PROTOCOLS.iter().find(|&&p| p == name) {
                        if let Some(first) = protocol_span {
                            diagnostics.push(given_twice(
                                "a link speaks one protocol",
                                (w.span, "second protocol"),
                                (first, "first protocol"),
                                "keep the protocol the link really uses; add `tls` for encryption",
                            ));
                        } else {
                            protocol_span = Some(w.span);
                            parts.protocol = Some(p);
                        }
                    } else {
                        let words = attrs::PROTOCOLS.iter().copied().chain(["read", "write", "tls"]);
                        let help = match protocol_alias(name).or_else(|| suggest(name, words)) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "after `:` come a protocol ({}), `read`, `write`, `tls` and at most one string label",
                                attrs::backticked(attrs::PROTOCOLS)
                            ),
                        };
                        diagnostics.push(
                            Diagnostic::semantic(
                                "unknown-link-word",
                                format!("`{name}` is not a protocol, operation or flag"),
                                w.span,
                                "unknown word",
                            )
                            .with_help(help),
                        );
                    }
                }
            },
        }
    }
    if let Some(body) = &stmt.body {
        for a in &body.attrs {
            attribute(a, Target::Link, &mut parts.attrs, &mut parts.allows, &mut diagnostics);
        }
    }
    let conflicts = [(AttrKey::Protocol, protocol_span, "protocol"), (AttrKey::Label, label_span, "label")];
    for (key, word_span, what) in conflicts {
        if let (Some(attr_span), Some(word_span)) = (parts.attrs.span(key), word_span) {
            diagnostics.push(given_twice(
                format!("the link's {what} is given twice"),
                (attr_span, "given again here"),
                (word_span, "first given after `:`"),
                "keep one of them",
            ));
        }
    }
    if let Some(p) = parts.attrs.keyword(AttrKey::Protocol) {
        parts.protocol.get_or_insert(p);
    }
    if parts.label.is_none() {
        parts.label = parts.attrs.text(AttrKey::Label).map(str::to_string);
    }
    if parts.attrs.has(AttrKey::Tls) {
        parts.tls = true;
    }
    if let Some(AttrValue::Ops { read: r, write: w }) = parts.attrs.get(AttrKey::Ops).map(|a| &a.value) {
        read |= *r;
        write |= *w;
    }
    // A link with neither `read` nor `write` carries both.
    if !read && !write {
        read = true;
        write = true;
    }
    parts.read = read;
    parts.write = write;
    (parts, diagnostics)
}

#[derive(Default)]
struct LinkParts {
    protocol: Option<&'static str>,
    read: bool,
    write: bool,
    tls: bool,
    label: Option<String>,
    attrs: Attrs,
    allows: Vec<Allow>,
}

/// Where an attribute stands.
#[derive(Clone, Copy)]
enum Target {
    Kind(Kind),
    Link,
    Group,
    System,
}

impl Target {
    fn allows(self, spec: &AttrSpec) -> bool {
        match self {
            Target::Kind(k) => spec.targets.allows_kind(k),
            Target::Link => spec.targets.allows(Targets::LINK),
            Target::Group => spec.targets.allows(Targets::GROUP),
            Target::System => spec.targets.allows(Targets::SYSTEM),
        }
    }

    fn describe(self) -> String {
        match self {
            Target::Kind(k) => format!("a `{k}`"),
            Target::Link => "a link".into(),
            Target::Group => "a group".into(),
            Target::System => "the `system` block".into(),
        }
    }
}

/// `duplicate-attribute`: one fact given twice, shown at the second with the
/// first labelled.
fn given_twice(message: impl Into<String>, again: (Span, &str), first: (Span, &str), help: &str) -> Diagnostic {
    Diagnostic::semantic("duplicate-attribute", message, again.0, again.1).with_label(first.0, first.1).with_help(help)
}

fn unknown_attribute(a: &ast::Attribute, target: Target) -> Diagnostic {
    let name = a.name.name.as_str();
    let mut d = Diagnostic::semantic(
        "unknown-attribute",
        format!("unknown attribute `{name}` on {}", target.describe()),
        a.name.span,
        "unknown attribute",
    );
    let applicable = attrs::ATTRIBUTES.iter().filter(|s| target.allows(s)).map(|s| s.name);
    if let Some(s) = suggest(name, applicable) {
        return d.with_help(format!("did you mean `{s}`?"));
    }
    if let Some(s) = suggest(name, attrs::ATTRIBUTES.iter().map(|s| s.name)) {
        return d.with_help(format!("did you mean `{s}`? (it does not apply to {} though)", target.describe()));
    }
    if matches!(target, Target::Group) {
        if let Some(k) = suggest(name, Kind::ALL.iter().map(|k| k.as_str())) {
            return d.with_help(format!("did you mean the component kind `{k}`?"));
        }
    }
    let names: Vec<&str> = attrs::ATTRIBUTES.iter().filter(|s| target.allows(s)).map(|s| s.name).collect();
    d = d.with_help(format!("{} takes {}", target.describe(), attrs::backticked(&names)));
    d
}

fn not_allowed(a: &ast::Attribute, spec: &AttrSpec, target: Target) -> Diagnostic {
    let mut places: Vec<String> = spec.targets.kinds().iter().map(|k| format!("`{k}`")).collect();
    if spec.targets.kinds().len() == Kind::ALL.len() {
        places = vec!["any component".into()];
    }
    if spec.targets.allows(Targets::LINK) {
        places.push("links".into());
    }
    if spec.targets.allows(Targets::GROUP) {
        places.push("groups".into());
    }
    if spec.targets.allows(Targets::SYSTEM) {
        places.push("the `system` block".into());
    }
    Diagnostic::semantic(
        "attribute-not-allowed",
        format!("`{}` does not apply to {}", spec.name, target.describe()),
        a.name.span,
        "not allowed here",
    )
    .with_help(format!("`{}` applies to {}", spec.name, places.join(", ")))
}

enum Checked {
    Value(AttrValue),
    Allow(Allow),
}

/// A value of the wrong type; its help shows one of the right type, unless
/// the caller knows better.
fn invalid(spec: &AttrSpec, span: Span, found: &str) -> Diagnostic {
    let help = match spec.ty {
        ValueType::Flag => format!("write `{}` alone: it takes no value", spec.name),
        ty => format!("for example `{} {}`", spec.name, ty.example()),
    };
    Diagnostic::semantic(
        "invalid-value",
        format!("`{}` expects {}, found {found}", spec.name, spec.ty.describe()),
        span,
        format!("expected {}", spec.ty.describe()),
    )
    .with_help(help)
}

fn out_of_range(spec: &AttrSpec, span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::semantic("value-out-of-range", format!("`{}` {message}", spec.name), span, "out of range")
        .with_help(help)
}

fn above_zero(spec: &AttrSpec, q: &Quantity, span: Span, help: &str) -> Diagnostic {
    out_of_range(spec, span, format!("must be more than zero, found `{}`", q.text), help)
}

/// The value checks stop at their first error; it is boxed because a
/// diagnostic is large and the happy path should not carry its size.
fn reject<T>(d: Diagnostic) -> Result<T, Box<Diagnostic>> {
    Err(Box::new(d))
}

fn check_value(spec: &'static AttrSpec, a: &ast::Attribute) -> Result<Checked, Box<Diagnostic>> {
    let values = &a.values;
    let first = values.first();
    let value_span = || match (values.first(), values.last()) {
        (Some(f), Some(l)) => f.span.to(l.span),
        _ => a.name.span,
    };
    // A malformed number is one whatever the attribute wanted: the same
    // `invalid-number` on `hit_ratio 5xs` as on `latency 5xs`.
    if let Some(d) = values.iter().find_map(units::unknown_unit_in) {
        return reject(d);
    }
    // Attributes that take exactly one value: reject extra ones up front.
    let single = !matches!(
        spec.ty,
        ValueType::Flag
            | ValueType::RateLimit
            | ValueType::Replication
            | ValueType::Sharding
            | ValueType::Allow
            | ValueType::Backup
    );
    if single {
        match values.len() {
            0 => {
                return reject(
                    Diagnostic::semantic(
                        "invalid-value",
                        format!("`{}` needs a value: {}", spec.name, spec.ty.describe()),
                        a.name.span,
                        "no value",
                    )
                    .with_help(format!("for example `{} {}`", spec.name, spec.ty.example())),
                )
            }
            1 => {}
            _ => {
                let extra = match values.as_slice() {
                    [_, second, rest @ ..] => second.span.to(rest.last().unwrap_or(second).span),
                    _ => value_span(),
                };
                // `latency 5 ms`: a unit written apart from its number.
                let split_unit = match values.as_slice() {
                    [ast::Value { kind: ValueKind::Quantity(q), .. }, ast::Value { kind: ValueKind::Ident(unit), .. }]
                        if q.unit().is_empty() && units::classify(unit).is_some() =>
                    {
                        Some(format!("write the unit right after the number, with no space: `{}{unit}`", q.text))
                    }
                    _ => None,
                };
                return reject(
                    Diagnostic::semantic(
                        "invalid-value",
                        format!("`{}` takes one value", spec.name),
                        extra,
                        "unexpected value",
                    )
                    .with_help(
                        split_unit.unwrap_or_else(|| "put each attribute on its own line or end it with `;`".into()),
                    ),
                );
            }
        }
    }
    let v = match spec.ty {
        ValueType::Flag => {
            if let Some(v) = first {
                return reject(
                    Diagnostic::semantic(
                        "invalid-value",
                        format!("`{}` is a flag and takes no value", spec.name),
                        v.span.to(value_span()),
                        "unexpected value",
                    )
                    .with_help(format!("write just `{}`", spec.name)),
                );
            }
            AttrValue::Flag
        }
        ValueType::Str => match first.map(|v| &v.kind) {
            Some(ValueKind::Str(s)) => AttrValue::Text(s.clone()),
            _ => {
                return reject(invalid(spec, value_span(), &describe(first)).with_help("put the text in double quotes"))
            }
        },
        ValueType::StrOrIdent => match first.map(|v| &v.kind) {
            Some(ValueKind::Str(s)) => AttrValue::Text(s.clone()),
            Some(ValueKind::Ident(s)) => AttrValue::Text(s.to_string()),
            _ => return reject(invalid(spec, value_span(), &describe(first))),
        },
        ValueType::List => match first.map(|v| &v.kind) {
            Some(ValueKind::List(items)) => AttrValue::List(list_words(items)),
            _ => {
                return reject(
                    invalid(spec, value_span(), &describe(first)).with_help("write a list like `[web, public]`"),
                )
            }
        },
        ValueType::Count { min } => {
            let v = one_quantity(spec, first, value_span())?;
            AttrValue::Count(count(spec, v, min)?)
        }
        ValueType::Replicas => match first.map(|v| &v.kind) {
            Some(ValueKind::Range(lo, hi)) => {
                let span = value_span();
                let lo_n = count(spec, (lo, span), 1)?;
                let hi_n = count(spec, (hi, span), 1)?;
                if lo_n > hi_n {
                    return reject(out_of_range(
                        spec,
                        span,
                        format!("range `{}..{}` has its minimum above its maximum", lo.text, hi.text),
                        "write the smaller bound first, e.g. `2..10`",
                    ));
                }
                AttrValue::Replicas { min: lo_n, max: hi_n }
            }
            _ => {
                let v = one_quantity(spec, first, value_span())?;
                let n = count(spec, v, 1)?;
                AttrValue::Replicas { min: n, max: n }
            }
        },
        ValueType::Number { min, max } => {
            let (q, span) = one_quantity(spec, first, value_span())?;
            if !q.unit().is_empty() {
                let help = if q.unit() == "%" {
                    format!("write a fraction: `{}` instead of `{}`", trim_float(q.number / 100.0), q.text)
                } else {
                    "write a plain number without a unit".to_string()
                };
                return reject(invalid(spec, span, &format!("`{}`", q.text)).with_help(help));
            }
            if !q.number.is_finite() {
                return reject(too_large(spec, q, span));
            }
            if q.number < min || q.number > max {
                let range = if max.is_infinite() { format!("at least {min}") } else { format!("from {min} to {max}") };
                // `80` is a percentage; `1.5` may be anything, so it gets no number.
                let help = if max == 1.0 && (2.0..=100.0).contains(&q.number) {
                    format!("ratios are fractions of 1, not percentages: `{}`", trim_float(q.number / 100.0))
                } else if max == 1.0 && q.number > max {
                    "ratios are fractions of 1, not percentages".to_string()
                } else {
                    format!(
                        "use a number {}",
                        if max.is_infinite() { format!("of at least {min}") } else { range.clone() }
                    )
                };
                return reject(out_of_range(spec, span, format!("must be {range}, found `{}`", q.text), &help));
            }
            AttrValue::Number(q.number)
        }
        ValueType::Percent => {
            let (q, span) = one_quantity(spec, first, value_span())?;
            if q.unit() != "%" {
                let help = if q.unit().is_empty() && q.number > 0.0 && q.number <= 1.0 {
                    // `0.999` is most likely a fraction meant as 99.9%.
                    format!("write it as a percentage: `{}%`", trim_float(q.number * 100.0))
                } else if q.unit().is_empty() {
                    format!("write `{}%`", q.text)
                } else {
                    "write a percentage such as `99.9%`".into()
                };
                return reject(invalid(spec, span, &format!("`{}`", q.text)).with_help(help));
            }
            if q.number <= 0.0 || q.number > 100.0 {
                return reject(out_of_range(
                    spec,
                    span,
                    format!("must be above 0% and at most 100%, found `{}`", q.text),
                    "availability is a percentage of time, e.g. `99.95%`",
                ));
            }
            AttrValue::Percent(q.number / 100.0)
        }
        ValueType::Duration => {
            let (q, span) = one_quantity(spec, first, value_span())?;
            AttrValue::Duration(unit_value(spec, q, span, UnitClass::Duration)?)
        }
        ValueType::Rate { positive } => {
            let (q, span) = one_quantity(spec, first, value_span())?;
            let rate = unit_value(spec, q, span, UnitClass::Rate)?;
            if positive && rate <= 0.0 {
                return reject(above_zero(spec, q, span, "what one instance serves, e.g. `2000rps`"));
            }
            AttrValue::Rate(rate)
        }
        ValueType::Size { positive } => {
            let (q, span) = one_quantity(spec, first, value_span())?;
            let size = unit_value(spec, q, span, UnitClass::Size)?;
            if positive && size <= 0.0 {
                return reject(above_zero(spec, q, span, "the disk of one replica, e.g. `2TB`"));
            }
            AttrValue::Size(size)
        }
        ValueType::Keyword(words) => AttrValue::Keyword(keyword(spec, first, words, value_span())?),
        ValueType::Layer => {
            let (q, span) = one_quantity(spec, first, value_span())?;
            if !q.unit().is_empty() || !(q.number == 4.0 || q.number == 7.0) {
                return reject(out_of_range(
                    spec,
                    span,
                    format!("must be `4` or `7`, found `{}`", q.text),
                    "layer 4 balances TCP connections; layer 7 balances HTTP requests",
                ));
            }
            AttrValue::Count(q.number as u64)
        }
        ValueType::RateLimit => {
            let Some(v) = first else {
                return reject(
                    invalid(spec, a.name.span, "nothing").with_help("for example `rate_limit 100rps token_bucket`"),
                );
            };
            let ValueKind::Quantity(q) = &v.kind else { return reject(invalid(spec, v.span, &v.kind.describe())) };
            let rps = unit_value(spec, q, v.span, UnitClass::Rate)?;
            let algorithm = match values.get(1) {
                None => None,
                Some(alg) => Some(keyword(spec, Some(alg), attrs::RATE_LIMIT_ALGORITHMS, alg.span)?),
            };
            if let Some(extra) = values.get(2) {
                return reject(invalid(spec, extra.span, &extra.kind.describe()));
            }
            AttrValue::RateLimit { rps, algorithm }
        }
        ValueType::Replication => {
            let (mut topology, mut mode) = (None, None);
            if values.is_empty() {
                return reject(
                    invalid(spec, a.name.span, "nothing").with_help("for example `replication primary_replica async`"),
                );
            }
            for v in values {
                let all: Vec<&str> =
                    attrs::REPLICATION_TOPOLOGIES.iter().chain(attrs::REPLICATION_MODES).copied().collect();
                let word = keyword(spec, Some(v), &all, v.span)?;
                let slot = if attrs::REPLICATION_TOPOLOGIES.contains(&word) { &mut topology } else { &mut mode };
                if slot.is_some() {
                    return reject(
                        Diagnostic::semantic(
                            "invalid-value",
                            "`replication` takes at most one topology and one mode",
                            v.span,
                            "a second one",
                        )
                        .with_help("for example `replication primary_replica semi_sync`"),
                    );
                }
                *slot = Some(word);
            }
            AttrValue::Replication { topology, mode }
        }
        ValueType::Sharding => {
            let strategy = keyword(spec, first, attrs::SHARDING, value_span())?;
            let key = match values.get(1).map(|v| (&v.kind, v.span)) {
                None => None,
                Some((ValueKind::Str(s), _)) => Some(s.clone()),
                Some((other, span)) => {
                    return reject(
                        invalid(spec, span, &other.describe())
                            .with_help("the shard key is a string, e.g. `\"user_id\"`"),
                    )
                }
            };
            if let Some(extra) = values.get(2) {
                return reject(invalid(spec, extra.span, &extra.kind.describe()));
            }
            AttrValue::Sharding { strategy, key }
        }
        ValueType::Backup => match values.as_slice() {
            [] => AttrValue::Backup { interval: None },
            [v] => match &v.kind {
                ValueKind::Quantity(q) => {
                    AttrValue::Backup { interval: Some(unit_value(spec, q, v.span, UnitClass::Duration)?) }
                }
                other => return reject(invalid(spec, v.span, &other.describe())),
            },
            [_, extra, ..] => return reject(invalid(spec, extra.span, &extra.kind.describe())),
        },
        ValueType::Ops => match first.map(|v| &v.kind) {
            Some(ValueKind::List(items)) if !items.is_empty() => {
                let (mut read, mut write) = (false, false);
                for item in items {
                    match keyword(spec, Some(item), &["read", "write"], item.span)? {
                        "read" => read = true,
                        _ => write = true,
                    }
                }
                AttrValue::Ops { read, write }
            }
            _ => {
                return reject(
                    invalid(spec, value_span(), &describe(first))
                        .with_help("write `ops [read]`, `ops [write]` or `ops [read, write]`"),
                )
            }
        },
        ValueType::Reference => match first.map(|v| &v.kind) {
            Some(ValueKind::Ident(id)) => AttrValue::Reference(id.to_string()),
            _ => return reject(invalid(spec, value_span(), &describe(first))),
        },
        ValueType::Allow => {
            let rule =
                match first {
                    Some(Value { kind: ValueKind::Ident(r), span }) => (r.clone(), *span),
                    _ => {
                        return reject(invalid(spec, value_span(), &describe(first)).with_help(
                            "for example `allow single-point-of-failure \"one box is fine for a prototype\"`",
                        ))
                    }
                };
            let reason = match values.get(1).map(|v| (&v.kind, v.span)) {
                None => None,
                Some((ValueKind::Str(s), _)) => Some(s.clone()),
                Some((other, span)) => {
                    return reject(
                        invalid(spec, span, &other.describe()).with_help("the reason is a string in double quotes"),
                    )
                }
            };
            if let Some(extra) = values.get(2) {
                return reject(invalid(spec, extra.span, &extra.kind.describe()));
            }
            return Ok(Checked::Allow(Allow { rule: rule.0.to_string(), rule_span: rule.1, reason, span: a.span }));
        }
    };
    Ok(Checked::Value(v))
}

fn describe(v: Option<&Value>) -> String {
    v.map_or("nothing".to_string(), |v| v.kind.describe())
}

fn list_words(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match &i.kind {
            ValueKind::Ident(s) => Some(s.to_string()),
            ValueKind::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn one_quantity<'v>(
    spec: &AttrSpec,
    v: Option<&'v Value>,
    span: Span,
) -> Result<(&'v Quantity, Span), Box<Diagnostic>> {
    match v {
        Some(Value { kind: ValueKind::Quantity(q), span }) => Ok((q, *span)),
        other => reject(invalid(spec, span, &describe(other))),
    }
}

fn keyword(
    spec: &AttrSpec,
    v: Option<&Value>,
    words: &[&'static str],
    span: Span,
) -> Result<&'static str, Box<Diagnostic>> {
    let found = match v.map(|v| &v.kind) {
        Some(ValueKind::Ident(w)) => w,
        Some(ValueKind::Str(w)) => {
            let mut d = invalid(spec, span, &format!("the string \"{w}\""));
            if words.contains(&w.as_str()) {
                d = d.with_help(format!("write `{w}` without quotes"));
            }
            return reject(d);
        }
        _ => return reject(invalid(spec, span, &describe(v))),
    };
    if let Some(&w) = words.iter().find(|&&w| w == found) {
        return Ok(w);
    }
    let d = Diagnostic::semantic(
        "invalid-value",
        format!("`{found}` is not a valid `{}`", spec.name),
        span,
        format!("expected one of {}", attrs::backticked(words)),
    );
    reject(match suggest(found, words.iter().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!("`{}` takes {}", spec.name, attrs::backticked(words))),
    })
}

/// A whole count with an optional `k`/`K`/`M`/`bn` suffix.
fn count(spec: &AttrSpec, (q, span): (&Quantity, Span), min: u64) -> Result<u64, Box<Diagnostic>> {
    let n = match units::classify(q.unit()) {
        Some(Unit::Count(mult)) => q.number * mult,
        Some(other) => {
            // `10m` is ten minutes; a count of ten million is `10M`.
            let help = if q.unit() == "m" {
                format!("`m` is minutes; millions are `M`: `{}M`", q.text.trim_end_matches('m'))
            } else {
                format!("write a plain count, e.g. `{} {}`", spec.name, spec.ty.example())
            };
            return reject(
                invalid(spec, span, &format!("{} (`{}`)", class_of(&other).describe(), q.text)).with_help(help),
            );
        }
        None => return reject(units::unknown_unit(q, span)),
    };
    if !n.is_finite() {
        return reject(too_large(spec, q, span));
    }
    if n.fract() != 0.0 {
        return reject(invalid(spec, span, &format!("`{}`", q.text)).with_help("counts are whole numbers"));
    }
    if n < min as f64 {
        return reject(out_of_range(
            spec,
            span,
            format!("must be at least {min}, found `{}`", q.text),
            if spec.key == AttrKey::Replicas { "a component runs at least one instance" } else { "use a larger value" },
        ));
    }
    if n > 1e15 {
        return reject(out_of_range(spec, span, format!("is too large: `{}`", q.text), "use a realistic count"));
    }
    Ok(n as u64)
}

fn unit_value(spec: &AttrSpec, q: &Quantity, span: Span, want: UnitClass) -> Result<f64, Box<Diagnostic>> {
    let Some(unit) = units::classify(q.unit()) else { return reject(units::unknown_unit(q, span)) };
    let (class, mult) = match unit {
        Unit::Count(m) => (UnitClass::Count, m),
        Unit::Percent => (UnitClass::Percent, 0.01),
        Unit::Duration(m) => (UnitClass::Duration, m),
        Unit::Rate(m) => (UnitClass::Rate, m),
        Unit::Size(m) => (UnitClass::Size, m),
    };
    if class != want {
        let found = if q.unit().is_empty() {
            format!("the plain number `{}`", q.text)
        } else {
            format!("{} (`{}`)", class.describe(), q.text)
        };
        // A count where a rate belongs is most likely a rate without its unit.
        let help = if class == UnitClass::Count && want == UnitClass::Rate {
            format!("rates end in `rps`: `{}rps`", q.text)
        } else {
            format!("write {}", want.example())
        };
        return reject(invalid(spec, span, &found).with_help(help));
    }
    let value = q.number * mult;
    if !value.is_finite() {
        return reject(too_large(spec, q, span));
    }
    Ok(value)
}

/// A number so long that it does not fit a double: it would compute as infinity.
fn too_large(spec: &AttrSpec, q: &Quantity, span: Span) -> Diagnostic {
    let digits = q.text.len().saturating_sub(q.unit().len());
    out_of_range(spec, span, format!("is too large: a number of {digits} digits"), "use a realistic value")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum UnitClass {
    Count,
    Percent,
    Duration,
    Rate,
    Size,
}

impl UnitClass {
    fn describe(self) -> &'static str {
        match self {
            UnitClass::Count => "a count",
            UnitClass::Percent => "a percentage",
            UnitClass::Duration => "a duration",
            UnitClass::Rate => "a rate",
            UnitClass::Size => "a size",
        }
    }
    fn example(self) -> &'static str {
        match self {
            UnitClass::Count => "a count such as `3` or `10M`",
            UnitClass::Percent => "a percentage such as `99.9%`",
            UnitClass::Duration => "a duration such as `200ms` or `24h`",
            UnitClass::Rate => "a rate such as `2000rps` or `1.5krps`",
            UnitClass::Size => "a size such as `500B` or `2TB`",
        }
    }
}

/// What a unit measures, as the checks of attribute values name it.
fn class_of(unit: &Unit) -> UnitClass {
    match unit {
        Unit::Count(_) => UnitClass::Count,
        Unit::Percent => UnitClass::Percent,
        Unit::Duration(_) => UnitClass::Duration,
        Unit::Rate(_) => UnitClass::Rate,
        Unit::Size(_) => UnitClass::Size,
    }
}

/// Names people give a protocol that the language spells otherwise, which
/// an edit distance would match wrongly (`rest` is not `resp`).
fn protocol_alias(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "rest" | "json" | "http2" | "h2" | "soap" => "https",
        "postgres" | "postgresql" | "mysql" | "jdbc" | "odbc" => "sql",
        "redis" => "resp",
        "rabbitmq" | "rabbit" => "amqp",
        "ws" => "websocket",
        "ssl" => "tls",
        _ => return None,
    })
}

/// `1.5`, `2`, `0.25`: a float without noise.
pub(crate) fn trim_float(x: f64) -> String {
    let s = format!("{:.4}", x);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
