//! What one parsed template does, read from tera's syntax tree (the truth about what tera
//! will run) and placed in the source by the scan (tera's tree has no positions): the global
//! functions it calls, the templates it includes, imports and extends, the macros it calls.
//!
//! A node of the tree is matched with the tag of the scan by kind and rank: the third
//! `{% for %}` node of the tree (in source order) is the third `{% for %}` tag of the scan.
//! Inside a tag, a call is the first token sequence `name (` or `namespace :: name (`.

use std::collections::HashMap;

use tera::ast::{Expr, ExprVal, Node};

use super::scan::{Kind, Ranks, Tag};

/// A place in a template: where, and how deep (see `scan::Token::depth`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Site {
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) depth: usize,
}

/// `{% include %}`: the first of `names` that exists is rendered.
#[derive(Debug)]
pub(super) struct Include {
    pub(crate) scope: Option<String>,
    pub(crate) names: Vec<String>,
    pub(crate) site: Site,
}

/// A macro call `namespace::name(…)`.
#[derive(Debug)]
pub(super) struct Call {
    pub(crate) scope: Option<String>,
    pub(crate) namespace: String,
    pub(crate) name: String,
    pub(crate) site: Site,
}

/// `{% import "file" as namespace %}`
#[derive(Debug)]
pub(super) struct Import {
    pub(crate) file: String,
    pub(crate) namespace: String,
    pub(crate) site: Site,
}

/// What a template does; lists are in source order.
#[derive(Debug, Default)]
pub(super) struct Facts {
    /// Global function calls: name, where.
    pub(crate) functions: Vec<(String, Site)>,
    pub(crate) includes: Vec<Include>,
    pub(crate) calls: Vec<Call>,
    pub(crate) imports: Vec<Import>,
    pub(crate) extends: Option<(String, Site)>,
    pub(crate) has_blocks: bool,
    /// The deepest level of each scope: `None` for the template's own body, a macro's name
    /// for its definition.
    pub(crate) depths: HashMap<Option<String>, usize>,
}

/// The facts of the tree `ast` parsed from the source whose scan is `tags`.
pub(super) fn facts(ast: &[Node], tags: &[Tag<'_>]) -> Facts {
    let mut depths: HashMap<Option<String>, usize> = HashMap::new();
    for tag in tags {
        let deepest = depths.entry(tag.scope.map(str::to_string)).or_default();
        *deepest = (*deepest).max(tag.depth);
    }
    let deepest = tags.iter().map(|t| t.depth).max().unwrap_or(0);
    let mut walker = Walker {
        ranks: Ranks::new(tags),
        facts: Facts {
            depths,
            ..Facts::default()
        },
        fallback: Site {
            line: 1,
            col: 1,
            depth: deepest,
        },
    };
    walker.body(ast, None);
    let mut facts = walker.facts;
    // Calls inside one tag come from hash maps: put them in source order.
    facts
        .functions
        .sort_by(|a, b| (a.1.line, a.1.col, &a.0).cmp(&(b.1.line, b.1.col, &b.0)));
    facts.calls.sort_by(|a, b| {
        (a.site.line, a.site.col, &a.namespace, &a.name).cmp(&(
            b.site.line,
            b.site.col,
            &b.namespace,
            &b.name,
        ))
    });
    facts
}

struct Walker<'t, 'a> {
    ranks: Ranks<'t, 'a>,
    facts: Facts,
    fallback: Site,
}

impl<'t, 'a> Walker<'t, 'a> {
    /// The next tag of `kind`, in source order.
    fn take(&mut self, kind: Kind) -> Option<&'t Tag<'a>> {
        self.ranks.take(kind)
    }

    fn site(&self, tag: Option<&Tag<'_>>) -> Site {
        tag.map_or(self.fallback, |t| Site {
            line: t.line,
            col: t.col,
            depth: t.depth,
        })
    }

    /// Where the first call of `namespace::name` (a function: no namespace) is in `tag`,
    /// else the tag.
    fn find(&self, tag: Option<&Tag<'_>>, namespace: &str, name: &str) -> Site {
        tag.and_then(|t| t.call(namespace, name)).map_or_else(
            || self.site(tag),
            |token| Site {
                line: token.line,
                col: token.col,
                depth: token.depth,
            },
        )
    }

    fn body(&mut self, nodes: &[Node], scope: Option<&str>) {
        for node in nodes {
            self.node(node, scope);
        }
    }

    fn node(&mut self, node: &Node, scope: Option<&str>) {
        match node {
            Node::VariableBlock(_, expr) => {
                let tag = self.take(Kind::Var);
                self.expr(expr, tag, scope);
            }
            Node::MacroDefinition(_, def, _) => {
                let tag = self.take(Kind::Macro);
                let scope = Some(def.name.as_str());
                for default in def.args.values().flatten() {
                    self.expr(default, tag, scope);
                }
                self.body(&def.body, scope);
            }
            Node::Extends(_, name) => {
                let tag = self.take(Kind::Extends);
                self.facts.extends = Some((name.clone(), self.site(tag)));
            }
            Node::Include(_, names, _) => {
                let tag = self.take(Kind::Include);
                let site = self.site(tag);
                self.facts.includes.push(Include {
                    scope: scope.map(str::to_string),
                    names: names.clone(),
                    site,
                });
            }
            Node::ImportMacro(_, file, namespace) => {
                let tag = self.take(Kind::Import);
                let site = self.site(tag);
                self.facts.imports.push(Import {
                    file: file.clone(),
                    namespace: namespace.clone(),
                    site,
                });
            }
            Node::Set(_, set) => {
                let tag = self.take(Kind::Set);
                self.expr(&set.value, tag, scope);
            }
            Node::FilterSection(_, section, _) => {
                let tag = self.take(Kind::Filter);
                for arg in section.filter.args.values() {
                    self.expr(arg, tag, scope);
                }
                self.body(&section.body, scope);
            }
            Node::Block(_, block, _) => {
                self.take(Kind::Block);
                self.facts.has_blocks = true;
                self.body(&block.body, scope);
            }
            Node::Forloop(_, forloop, _) => {
                let tag = self.take(Kind::For);
                self.expr(&forloop.container, tag, scope);
                self.body(&forloop.body, scope);
                if let Some(empty) = &forloop.empty_body {
                    self.body(empty, scope);
                }
            }
            Node::If(branches, _) => {
                for (i, (_, condition, body)) in branches.conditions.iter().enumerate() {
                    let tag = self.take(if i == 0 { Kind::If } else { Kind::Elif });
                    self.expr(condition, tag, scope);
                    self.body(body, scope);
                }
                if let Some((_, body)) = &branches.otherwise {
                    self.body(body, scope);
                }
            }
            // `{{ super() }}` is a tag of its own.
            Node::Super => {
                self.take(Kind::Var);
            }
            Node::Text(_)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }

    fn expr(&mut self, expr: &Expr, tag: Option<&Tag<'_>>, scope: Option<&str>) {
        self.val(&expr.val, tag, scope);
        for filter in &expr.filters {
            for arg in filter.args.values() {
                self.expr(arg, tag, scope);
            }
        }
    }

    fn val(&mut self, val: &ExprVal, tag: Option<&Tag<'_>>, scope: Option<&str>) {
        match val {
            ExprVal::FunctionCall(call) => {
                let site = self.find(tag, "", &call.name);
                self.facts.functions.push((call.name.clone(), site));
                for arg in call.args.values() {
                    self.expr(arg, tag, scope);
                }
            }
            ExprVal::MacroCall(call) => {
                let site = self.find(tag, &call.namespace, &call.name);
                self.facts.calls.push(Call {
                    scope: scope.map(str::to_string),
                    namespace: call.namespace.clone(),
                    name: call.name.clone(),
                    site,
                });
                for arg in call.args.values() {
                    self.expr(arg, tag, scope);
                }
            }
            ExprVal::Math(math) => {
                self.expr(&math.lhs, tag, scope);
                self.expr(&math.rhs, tag, scope);
            }
            ExprVal::Logic(logic) => {
                self.expr(&logic.lhs, tag, scope);
                self.expr(&logic.rhs, tag, scope);
            }
            ExprVal::In(within) => {
                self.expr(&within.lhs, tag, scope);
                self.expr(&within.rhs, tag, scope);
            }
            ExprVal::Test(test) => {
                for arg in &test.args {
                    self.expr(arg, tag, scope);
                }
            }
            ExprVal::Array(items) => {
                for item in items {
                    self.expr(item, tag, scope);
                }
            }
            ExprVal::StringConcat(concat) => {
                for value in &concat.values {
                    self.val(value, tag, scope);
                }
            }
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(src: &str) -> Facts {
        let tags = super::super::scan::scan(src).unwrap();
        let template = tera::Template::new("t", None, src).unwrap();
        facts(&template.ast, &tags)
    }

    #[test]
    fn calls_includes_and_imports_have_their_places() {
        let f = of("{% import \"m.md.tera\" as m %}\n{% macro a(x=2) %}{% set r = range(end=2) %}\n  {{ m::b() }}{% include \"c.md.tera\" %}\n{% endmacro a %}\n{% if x %}{% elif get_env(name='A') %}{{ self::a() }}{% endif %}");
        assert_eq!(f.imports.len(), 1);
        assert_eq!((f.imports[0].site.line, f.imports[0].site.col), (1, 1));
        let functions: Vec<(&str, usize, usize)> = f
            .functions
            .iter()
            .map(|(n, s)| (n.as_str(), s.line, s.col))
            .collect();
        assert_eq!(functions, [("range", 2, 30), ("get_env", 5, 19)]);
        let calls: Vec<(Option<&str>, &str, usize, usize, usize)> = f
            .calls
            .iter()
            .map(|c| {
                (
                    c.scope.as_deref(),
                    c.name.as_str(),
                    c.site.line,
                    c.site.col,
                    c.site.depth,
                )
            })
            .collect();
        assert_eq!(calls, [(Some("a"), "b", 3, 6, 1), (None, "a", 5, 42, 1)]);
        assert_eq!(f.includes[0].scope.as_deref(), Some("a"));
        assert_eq!((f.includes[0].site.line, f.includes[0].site.col), (3, 15));
        assert_eq!(f.depths[&None], 2);
    }

    #[test]
    fn super_is_a_tag_of_its_own() {
        let f = of(
            "{% extends \"b\" %}{% block x %}{{ super() }} {{ get_env(name='A') }}{% endblock x %}",
        );
        assert_eq!(f.functions.len(), 1);
        assert_eq!((f.functions[0].1.line, f.functions[0].1.col), (1, 48));
        assert!(f.has_blocks);
        assert_eq!(f.extends.as_ref().map(|(p, _)| p.as_str()), Some("b"));
    }

    /// How many tree nodes of each kind a template has.
    fn count(nodes: &[Node], counts: &mut HashMap<Kind, usize>) {
        for node in nodes {
            let kind = match node {
                Node::VariableBlock(..) | Node::Super => Kind::Var,
                Node::Set(..) => Kind::Set,
                Node::Include(..) => Kind::Include,
                Node::ImportMacro(..) => Kind::Import,
                Node::Extends(..) => Kind::Extends,
                Node::MacroDefinition(_, def, _) => {
                    count(&def.body, counts);
                    Kind::Macro
                }
                Node::Block(_, block, _) => {
                    count(&block.body, counts);
                    Kind::Block
                }
                Node::FilterSection(_, section, _) => {
                    count(&section.body, counts);
                    Kind::Filter
                }
                Node::Forloop(_, forloop, _) => {
                    count(&forloop.body, counts);
                    count(forloop.empty_body.as_deref().unwrap_or_default(), counts);
                    Kind::For
                }
                Node::If(branches, _) => {
                    for (i, (_, _, body)) in branches.conditions.iter().enumerate() {
                        count(body, counts);
                        if i > 0 {
                            *counts.entry(Kind::Elif).or_default() += 1;
                        }
                    }
                    if let Some((_, body)) = &branches.otherwise {
                        count(body, counts);
                    }
                    Kind::If
                }
                _ => continue,
            };
            *counts.entry(kind).or_default() += 1;
        }
    }

    #[test]
    fn the_scan_has_a_tag_for_every_node_of_the_tree() {
        let mut gen = super::super::testgen::Gen(0x9e37_79b9_7f4a_7c15);
        let mut parsed = 0;
        for _ in 0..1500 {
            let src = gen.template();
            let tags = super::super::scan::scan(&src).unwrap();
            let Ok(template) = tera::Template::new("t", None, &src) else {
                continue;
            };
            parsed += 1;
            let mut nodes = HashMap::new();
            count(&template.ast, &mut nodes);
            let mut scanned: HashMap<Kind, usize> = HashMap::new();
            for tag in &tags {
                if tag.kind != Kind::Other {
                    *scanned.entry(tag.kind).or_default() += 1;
                }
            }
            assert_eq!(nodes, scanned, "{src}");
        }
        assert!(parsed > 500, "{parsed}");
    }
}
