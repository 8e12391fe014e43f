//! Checks across templates, before any is rendered. tera has no limit on recursion: a
//! template that includes itself, two that include each other, a recursive macro (directly,
//! mutually, through an imported file or an include) and a file that imports itself all
//! overflow the stack. So do long enough chains of includes and calls without a cycle.
//!
//! Two graphs, each refused when it has a cycle or a path deeper than `MAX_CHAIN_DEPTH`:
//! - loading: a template imports or extends another (tera loads macros and parents
//!   recursively);
//! - rendering: the body of a template or a macro includes a template, calls a macro or
//!   renders its parent; a step weighs the deepest level of the body it is in plus one, so
//!   that the depth of a path bounds tera's recursion along it.
//!
//! Which macro `namespace::name` means depends on where tera is when it renders the call
//! (the template being rendered, an enclosing block's template, an extended root): every
//! macro that it can mean is a step, so the graph has every path that tera can take.

use std::collections::{BTreeSet, HashMap};

use super::facts::{Facts, Site};

/// The deepest path through includes, macro calls, imports and parents.
pub(super) const MAX_CHAIN_DEPTH: usize = 256;

/// One parsed template.
pub(super) struct Unit<'a> {
    /// Its tera name, `notes.md.tera`.
    pub(crate) key: &'a str,
    /// Its path in messages.
    pub(crate) shown: &'a str,
    pub(crate) facts: &'a Facts,
    /// The macros it defines, sorted.
    pub(crate) macros: Vec<&'a str>,
}

/// Why the templates are refused, and where.
#[derive(Debug)]
pub(super) struct Problem {
    pub(crate) shown: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Include,
    Call,
    Extends,
    Import,
}

struct Edge {
    to: usize,
    weight: usize,
    /// The unit whose source holds the step.
    unit: usize,
    site: Site,
    step: Step,
}

struct Graph {
    edges: Vec<Vec<Edge>>,
    own: Vec<usize>,
    labels: Vec<(usize, Option<String>)>,
}

/// Check `units` (sorted by key).
pub(super) fn check(units: &[Unit<'_>]) -> Result<(), Problem> {
    let index: HashMap<&str, usize> = units.iter().enumerate().map(|(i, u)| (u.key, i)).collect();
    let names = || units.iter().map(|u| u.key).collect::<Vec<_>>().join(", ");
    // Loading: imports and parents.
    let mut load = Graph {
        edges: (0..units.len()).map(|_| Vec::new()).collect(),
        own: vec![0; units.len()],
        labels: (0..units.len()).map(|i| (i, None)).collect(),
    };
    for (i, unit) in units.iter().enumerate() {
        let parent = unit
            .facts
            .extends
            .as_ref()
            .map(|(name, site)| (name, site, Step::Extends));
        let imports = unit
            .facts
            .imports
            .iter()
            .map(|import| (&import.file, &import.site, Step::Import));
        for (name, site, step) in imports.chain(parent) {
            let Some(&to) = index.get(name.as_str()) else {
                let what = if step == Step::Import {
                    "imports"
                } else {
                    "extends"
                };
                return Err(Problem {
                    shown: unit.shown.to_string(),
                    line: site.line,
                    col: site.col,
                    message: format!("{what} `{name}`, which is not a template here (the templates are {}); add it or fix the name", names()),
                });
            };
            load.edges[i].push(Edge {
                to,
                weight: 1,
                unit: i,
                site: *site,
                step,
            });
        }
    }
    load.check(units)?;

    // What each template loads: itself, what it imports and extends, and so on.
    let closures: Vec<Vec<usize>> = (0..units.len()).map(|i| load.reach(i)).collect();
    // Templates that rendering may stand in (blocks, extended roots) for any call.
    let mut anywhere = BTreeSet::new();
    for (i, unit) in units.iter().enumerate() {
        if unit.facts.has_blocks || unit.facts.extends.is_some() {
            anywhere.insert(i);
            if let Some((parent, _)) = &unit.facts.extends {
                anywhere.extend(index.get(parent.as_str()));
            }
        }
    }
    let anywhere: BTreeSet<usize> = anywhere
        .iter()
        .flat_map(|&i| closures[i].iter().copied())
        .collect();

    // Rendering: a node per template body and per macro.
    let mut render = Graph {
        edges: Vec::new(),
        own: Vec::new(),
        labels: Vec::new(),
    };
    let mut bodies = Vec::with_capacity(units.len());
    let mut macros: HashMap<(usize, &str), usize> = HashMap::new();
    for (i, unit) in units.iter().enumerate() {
        bodies.push(render.labels.len());
        render.labels.push((i, None));
        render
            .own
            .push(unit.facts.depths.get(&None).copied().unwrap_or(0));
        for name in &unit.macros {
            macros.insert((i, name), render.labels.len());
            render.labels.push((i, Some((*name).to_string())));
            render.own.push(
                unit.facts
                    .depths
                    .get(&Some((*name).to_string()))
                    .copied()
                    .unwrap_or(0),
            );
        }
    }
    render.edges = (0..render.labels.len()).map(|_| Vec::new()).collect();
    let node = |i: usize, scope: &Option<String>| match scope {
        Some(name) => macros
            .get(&(i, name.as_str()))
            .copied()
            .unwrap_or(bodies[i]),
        None => bodies[i],
    };
    let mut cache: HashMap<(usize, &str, &str), Vec<usize>> = HashMap::new();
    for (i, unit) in units.iter().enumerate() {
        for include in &unit.facts.includes {
            if let Some(&to) = include.names.iter().find_map(|n| index.get(n.as_str())) {
                let from = node(i, &include.scope);
                render.edges[from].push(Edge {
                    to: bodies[to],
                    // The deepest level of the caller bounds the place's depth, whatever
                    // the matching of the tree with the scan found.
                    weight: include.site.depth.max(render.own[from]) + 1,
                    unit: i,
                    site: include.site,
                    step: Step::Include,
                });
            }
        }
        for call in &unit.facts.calls {
            let targets = cache
                .entry((i, &call.namespace, &call.name))
                .or_insert_with(|| {
                    let places = closures[i].iter().chain(anywhere.iter());
                    let mut found = BTreeSet::new();
                    for &place in places {
                        let here = &units[place];
                        if call.namespace == "self" && here.macros.contains(&call.name.as_str()) {
                            found.insert(place);
                        }
                        for import in &here.facts.imports {
                            if import.namespace != call.namespace {
                                continue;
                            }
                            if let Some(&file) = index.get(import.file.as_str()) {
                                if units[file].macros.contains(&call.name.as_str()) {
                                    found.insert(file);
                                }
                            }
                        }
                    }
                    found
                        .into_iter()
                        .filter_map(|t| macros.get(&(t, call.name.as_str())).copied())
                        .collect()
                });
            for &to in targets.iter() {
                let from = node(i, &call.scope);
                render.edges[from].push(Edge {
                    to,
                    weight: call.site.depth.max(render.own[from]) + 1,
                    unit: i,
                    site: call.site,
                    step: Step::Call,
                });
            }
        }
        if let Some((parent, site)) = &unit.facts.extends {
            if let Some(&to) = index.get(parent.as_str()) {
                let own = render.own[bodies[i]];
                render.edges[bodies[i]].push(Edge {
                    to: bodies[to],
                    weight: own + 1,
                    unit: i,
                    site: *site,
                    step: Step::Extends,
                });
            }
        }
    }
    render.check(units)
}

impl Graph {
    /// Refuse a cycle, then a path deeper than `MAX_CHAIN_DEPTH`.
    fn check(&self, units: &[Unit<'_>]) -> Result<(), Problem> {
        if let Some(cycle) = self.cycle() {
            return Err(self.describe_cycle(units, &cycle));
        }
        let (depths, best) = self.depths();
        let worst = (0..depths.len())
            .filter(|&n| depths[n] > MAX_CHAIN_DEPTH)
            .min_by_key(|&n| (depths[n], n));
        if let Some(n) = worst {
            let (unit, line, col) = match best[n] {
                Some(e) => {
                    let edge = &self.edges[n][e];
                    (edge.unit, edge.site.line, edge.site.col)
                }
                None => (self.labels[n].0, 1, 1),
            };
            return Err(Problem {
                shown: units[unit].shown.to_string(),
                line,
                col,
                message: format!(
                    "includes, imports and macro calls nest {} levels deep from here, counting the blocks around each (more than {MAX_CHAIN_DEPTH}); make the chain shorter",
                    depths[n]
                ),
            });
        }
        Ok(())
    }

    /// Every node reachable from `start`, itself included, sorted.
    fn reach(&self, start: usize) -> Vec<usize> {
        let mut seen = vec![false; self.edges.len()];
        let mut todo = vec![start];
        seen[start] = true;
        while let Some(n) = todo.pop() {
            for edge in &self.edges[n] {
                if !seen[edge.to] {
                    seen[edge.to] = true;
                    todo.push(edge.to);
                }
            }
        }
        (0..seen.len()).filter(|&n| seen[n]).collect()
    }

    /// A cycle as (node, index of its edge to the next) pairs, starting at its smallest
    /// node; found by a depth-first search without recursion.
    fn cycle(&self) -> Option<Vec<(usize, usize)>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut mark = vec![Mark::New; self.edges.len()];
        for start in 0..self.edges.len() {
            if mark[start] != Mark::New {
                continue;
            }
            mark[start] = Mark::Open;
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            while let Some(top) = stack.last_mut() {
                let (n, next) = *top;
                let Some(edge) = self.edges[n].get(next) else {
                    mark[n] = Mark::Done;
                    stack.pop();
                    continue;
                };
                top.1 += 1;
                match mark[edge.to] {
                    Mark::New => {
                        mark[edge.to] = Mark::Open;
                        stack.push((edge.to, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|(m, _)| *m == edge.to)?;
                        let mut cycle: Vec<(usize, usize)> =
                            stack[from..].iter().map(|&(m, e)| (m, e - 1)).collect();
                        let first = (0..cycle.len()).min_by_key(|&k| cycle[k].0)?;
                        cycle.rotate_left(first);
                        return Some(cycle);
                    }
                    Mark::Done => {}
                }
            }
        }
        None
    }

    fn describe_cycle(&self, units: &[Unit<'_>], cycle: &[(usize, usize)]) -> Problem {
        let (n, e) = cycle[0];
        let edge = &self.edges[n][e];
        let home = self.labels[n].0;
        let label = |m: usize| match &self.labels[m] {
            (unit, None) => units[*unit].key.to_string(),
            (unit, Some(name)) if *unit == home => name.clone(),
            (unit, Some(name)) => format!("{}::{name}", units[*unit].key),
        };
        let mut path: Vec<String> = cycle.iter().map(|&(m, _)| label(m)).collect();
        path.push(label(cycle[0].0));
        let path = path.join(" → ");
        let steps: Vec<Step> = cycle.iter().map(|&(m, k)| self.edges[m][k].step).collect();
        let message = if steps.iter().all(|s| *s == Step::Include) {
            if cycle.len() == 1 {
                "this template includes itself; an include cannot repeat itself: remove it"
                    .to_string()
            } else {
                format!("include cycle {path}; templates cannot include each other in a circle: remove one of the includes")
            }
        } else if steps
            .iter()
            .all(|s| matches!(s, Step::Import | Step::Extends))
        {
            if cycle.len() == 1 {
                let what = if edge.step == Step::Import {
                    "imports"
                } else {
                    "extends"
                };
                format!("this template {what} itself; remove that tag")
            } else {
                format!("import cycle {path}; templates cannot import or extend each other in a circle: move the shared macros into a template of their own")
            }
        } else {
            format!("recursion {path}; tera has no limit on recursion, so templates may not recurse: repeat with a `{{% for %}}` loop instead")
        };
        Problem {
            shown: units[edge.unit].shown.to_string(),
            line: edge.site.line,
            col: edge.site.col,
            message,
        }
    }

    /// The depth of every node (the heaviest path from it) and the edge that path takes;
    /// the graph has no cycle.
    fn depths(&self) -> (Vec<usize>, Vec<Option<usize>>) {
        let n = self.edges.len();
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut best: Vec<Option<usize>> = vec![None; n];
        for start in 0..n {
            if depth[start].is_some() {
                continue;
            }
            let mut stack = vec![(start, 0usize)];
            while let Some(top) = stack.last_mut() {
                let (node, next) = *top;
                if let Some(edge) = self.edges[node].get(next) {
                    top.1 += 1;
                    if depth[edge.to].is_none() {
                        stack.push((edge.to, 0));
                    }
                    continue;
                }
                let mut d = self.own[node];
                for (k, edge) in self.edges[node].iter().enumerate() {
                    let via = edge.weight + depth[edge.to].unwrap_or(0);
                    if via > d {
                        d = via;
                        best[node] = Some(k);
                    }
                }
                depth[node] = Some(d);
                stack.pop();
            }
        }
        (
            depth.into_iter().map(Option::unwrap_or_default).collect(),
            best,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_sources(sources: &[(&str, &str)]) -> Result<(), Problem> {
        let mut sorted = sources.to_vec();
        sorted.sort_unstable();
        let parsed: Vec<(tera::Template, Facts)> = sorted
            .iter()
            .map(|(key, src)| {
                let tags = super::super::scan::scan(src).unwrap();
                let template = tera::Template::new(key, None, src).unwrap();
                let facts = super::super::facts::facts(&template.ast, &tags);
                (template, facts)
            })
            .collect();
        let units: Vec<Unit<'_>> = sorted
            .iter()
            .zip(&parsed)
            .map(|((key, _), (template, facts))| {
                let mut macros: Vec<&str> = template.macros.keys().map(String::as_str).collect();
                macros.sort_unstable();
                Unit {
                    key,
                    shown: key,
                    facts,
                    macros,
                }
            })
            .collect();
        check(&units)
    }

    fn problem(sources: &[(&str, &str)]) -> String {
        let p = check_sources(sources).unwrap_err();
        format!("{}:{}:{}: {}", p.shown, p.line, p.col, p.message)
    }

    #[test]
    fn cycles_are_found_where_they_start() {
        assert!(problem(&[("a", "x {% include \"a\" %}")])
            .starts_with("a:1:3: this template includes itself"));
        assert!(
            problem(&[("a", "{% include \"b\" %}"), ("b", "{% include \"a\" %}")])
                .starts_with("a:1:1: include cycle a → b → a")
        );
        assert!(
            problem(&[("a", "{% macro m() %}{{ self::m() }}{% endmacro m %}")])
                .starts_with("a:1:19: recursion m → m")
        );
        assert!(problem(&[(
            "a",
            "{% import \"a\" as me %}{% macro m() %}{% endmacro m %}"
        )])
        .starts_with("a:1:1: this template imports itself"));
        assert!(problem(&[
            ("a", "{% import \"b\" as b %}"),
            ("b", "{% import \"a\" as a %}")
        ])
        .starts_with("a:1:1: import cycle a → b → a"));
        assert!(problem(&[
            ("a", "{% extends \"b\" %}"),
            ("b", "{% extends \"c\" %}"),
            ("c", "{% extends \"b\" %}")
        ])
        .starts_with("b:1:1: import cycle b → c → b"));
        assert!(problem(&[("a", "{% import \"nope\" as n %}")])
            .starts_with("a:1:1: imports `nope`, which is not a template here"));
    }

    #[test]
    fn calls_that_end_are_fine() {
        check_sources(&[
            (
                "page",
                "{% import \"m\" as m %}{{ m::a() }}{{ m::b() }}{% include \"part\" %}",
            ),
            (
                "m",
                "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}b{% endmacro b %}",
            ),
            ("part", "{% import \"m\" as m %}{{ m::b() }}"),
        ])
        .unwrap();
        // The same macro name in two files, one wrapping the other.
        check_sources(&[
            ("page", "{% import \"outer\" as o %}{{ o::item() }}"),
            (
                "outer",
                "{% import \"inner\" as i %}{% macro item() %}[{{ i::item() }}]{% endmacro item %}",
            ),
            ("inner", "{% macro item() %}x{% endmacro item %}"),
        ])
        .unwrap();
    }

    #[test]
    fn deep_chains_are_refused() {
        let sources: Vec<(String, String)> = (0..300)
            .map(|i| {
                (
                    format!("t{i:03}"),
                    format!("{{% include \"t{:03}\" %}}", i + 1),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = sources
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let p = problem(&refs);
        // t299 includes a missing t300: depth 1; t042 is the first deeper than 256.
        assert!(
            p.starts_with("t042:1:1: includes, imports and macro calls nest 257 levels"),
            "{p}"
        );
        // Depth counts the blocks around each include.
        let mut nested = Vec::new();
        for i in 0..5 {
            let deep = format!(
                "{}{{% include \"n{}\" %}}{}",
                "{% if a %}".repeat(60),
                i + 1,
                "{% endif %}".repeat(60)
            );
            nested.push((format!("n{i}"), deep));
        }
        nested.push(("n5".to_string(), "end".to_string()));
        let refs: Vec<(&str, &str)> = nested
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let p = problem(&refs);
        assert!(
            p.starts_with("n0:1:601: includes, imports and macro calls nest 305 levels"),
            "{p}"
        );
    }
}
