//! The only user of tera: the built-in templates (embedded from `templates/`), a project's
//! own templates that override or add to them, the custom filters, and errors that name the
//! template, line and column.
//!
//! A project's templates are repository content, so possibly hostile, and rendering is
//! sandboxed: template files are read only when they are regular files inside the repository
//! (`files`); no template may call `get_env`; nesting is bounded before tera parses a
//! template (`scan`) and tera's parser gets a bounded number of steps; recursion through
//! includes, imports and macros, and over-long chains of them, are refused when the templates
//! load (`facts`, `graph`); loop iterations, `range`, output, time and memory are bounded
//! while one renders (`budget`). Each refusal names the template, line and column.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{anyhow, bail, Result};
use tera::{Tera, Value};

mod budget;
mod facts;
mod files;
mod graph;
mod scan;

#[cfg(test)]
mod testgen;

/// The stack of the threads that parse and render templates. tera recurses once per level
/// of nesting (blocks, parentheses, operators, includes, macro calls), up to ~16 KiB a level
/// in a debug build; the checks bound the levels (64 in a template, 256 through includes
/// and calls), and this leaves a wide margin whatever the calling thread's stack is.
const STACK_BYTES: usize = 64 << 20;

/// The built-in templates: name, source.
pub(crate) const BUILTINS: &[(&str, &str)] = &[
    (
        "changelog",
        include_str!("../../templates/changelog.md.tera"),
    ),
    ("notes", include_str!("../../templates/notes.md.tera")),
    ("plan", include_str!("../../templates/plan.md.tera")),
    (
        "checklist",
        include_str!("../../templates/checklist.md.tera"),
    ),
];

/// A set of templates ready to render.
pub(crate) struct Renderer {
    tera: Arc<Tera>,
    /// Where each template came from (for messages) and its source.
    origins: Origins,
    /// The places that rendering reports, numbered by the instrumented templates.
    places: Vec<budget::Place>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("templates", &self.names())
            .finish_non_exhaustive()
    }
}

fn key(name: &str) -> String {
    format!("{name}.md.tera")
}

impl Renderer {
    /// The built-ins, overridden by `dir/NAME.md.tera` files when `dir` exists. Template files
    /// must resolve inside `dir`.
    #[cfg(test)]
    pub(crate) fn new(dir: Option<&Path>, shown_dir: &str) -> Result<Renderer> {
        let found = match dir {
            Some(dir) => files::read_folder(dir, shown_dir, dir)?,
            None => Vec::new(),
        };
        Renderer::load(found)
    }

    /// The built-ins, overridden by the `root/dir/NAME.md.tera` files of a repository.
    /// Template files must resolve inside `root`, outside `.git/`.
    pub(crate) fn in_repository(root: &Path, dir: &str) -> Result<Renderer> {
        Renderer::load(files::read_folder(&root.join(dir), dir, root)?)
    }

    fn load(found: Vec<files::Found>) -> Result<Renderer> {
        let mut sources: Vec<(String, String, String)> = BUILTINS
            .iter()
            .map(|(name, src)| {
                (
                    (*name).to_string(),
                    format!("built-in {name}"),
                    (*src).to_string(),
                )
            })
            .collect();
        for file in found {
            sources.retain(|(n, _, _)| *n != file.name);
            sources.push((file.name, file.shown, file.text));
        }
        let (tera, origins, places) = on_big_stack(move || build(sources))??;
        Ok(Renderer {
            tera: Arc::new(tera),
            origins,
            places,
        })
    }

    /// Whether `name` is the built-in template (not overridden by the project).
    pub(crate) fn is_builtin(&self, name: &str) -> bool {
        self.origins
            .get(name)
            .is_some_and(|(shown, _)| shown.starts_with("built-in "))
    }

    /// Every template name, sorted.
    pub(crate) fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.origins.keys().cloned().collect();
        names.sort();
        names
    }

    /// A place of the instrumented templates, else the start of `shown`.
    fn place<'s>(&'s self, place: Option<usize>, shown: &'s str) -> (&'s str, usize, usize) {
        place
            .and_then(|p| self.places.get(p))
            .map_or((shown, 1, 1), |p| (p.shown.as_str(), p.line, p.col))
    }

    /// Render `name` with a context value (anything serializable to a JSON object).
    pub(crate) fn render(&self, name: &str, context: &impl serde::Serialize) -> Result<String> {
        let Some((shown, src)) = self.origins.get(name) else {
            bail!(
                "no template {name:?}: the templates are {}; add templates/{name}.md.tera to make one",
                self.names().join(", ")
            );
        };
        let ctx = tera::Context::from_serialize(context).map_err(|e| anyhow!("{shown}: {e}"))?;
        let limits = budget::Limits::from_env();
        let outcome = budget::render(Arc::clone(&self.tera), key(name), ctx, limits)
            .map_err(|e| anyhow!("{shown}: cannot start a thread to render it: {e}"))?;
        let bytes = match outcome {
            budget::Outcome::Done(Ok(bytes)) => bytes,
            budget::Outcome::Done(Err(e)) => bail!("{}", describe(shown, src, &e)),
            budget::Outcome::Stopped(breach) => {
                let (at, line, col) = self.place(breach.place, shown);
                bail!("{at}:{line}:{col}: {}", breach.message(&limits));
            }
            budget::Outcome::Panicked { message, place } => {
                let (at, line, col) = self.place(place, shown);
                bail!("{at}:{line}:{col}: tera failed here ({message}); change the template around this place");
            }
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow!("{shown}: the output is not valid UTF-8"))?;
        // One document: no blank lines before it, exactly one line end after it.
        // A project's template is repository content too: its own control characters are
        // shown (`\u{1b}`), never written raw, like those of commits.
        // (A CRLF line end stays as it is.)
        let text: String = text
            .split("\r\n")
            .map(|line| crate::text::printable(line))
            .collect::<Vec<_>>()
            .join("\r\n");
        let mut text = text.trim_start_matches(['\n', '\r']).trim_end().to_string();
        text.push('\n');
        Ok(text)
    }
}

/// The name of the thread that loads templates.
const LOAD_THREAD: &str = "relman-templates";
/// The name of the threads that render templates.
const RENDER_THREAD: &str = "relman-render";

/// Run `work` on a thread with a `STACK_BYTES` stack, and wait for it.
fn on_big_stack<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T> {
    quiet_panics();
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name(LOAD_THREAD.to_string())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|e| anyhow!("cannot start a thread for the templates: {e}"))?;
        worker.join().map_err(|panic| {
            anyhow!(
                "templates: relman failed while loading them ({}); this is a bug in relman: please report it with the templates",
                panic_text(panic.as_ref())
            )
        })
    })
}

/// tera panics on a few inputs (`i64::MIN % -1` does): a panic on a template thread becomes
/// an error with its place, so the panic hook does not print it. Other threads keep the hook
/// they had.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let ours = std::thread::current()
                .name()
                .is_some_and(|name| name == LOAD_THREAD || name == RENDER_THREAD);
            if !ours {
                previous(info);
            }
        }));
    });
}

/// What a panic said.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

type Origins = HashMap<String, (String, String)>;

/// Scan, parse and check every template (name, shown path, source), then put them together.
/// Everything that can be refused before rendering is refused here, with its place.
fn build(sources: Vec<(String, String, String)>) -> Result<(Tera, Origins, Vec<budget::Place>)> {
    let mut parsed = Vec::with_capacity(sources.len());
    for (name, shown, src) in &sources {
        // Before tera parses it: its parser overflows the stack on deep nesting.
        let tags =
            scan::scan(src).map_err(|r| anyhow!("{shown}:{}:{}: {}", r.line, r.col, r.message))?;
        let template = parse(name, shown, src)?;
        let facts = facts::facts(&template.ast, &tags);
        if let Some((_, site)) = facts.functions.iter().find(|(f, _)| f == "get_env") {
            bail!(
                "{shown}:{}:{}: `get_env` reads relman's environment, which templates may not do; put the value under [context] in release.toml and write `{{{{ context.NAME }}}}`",
                site.line,
                site.col
            );
        }
        parsed.push((template, facts, tags));
    }
    let mut order: Vec<usize> = (0..parsed.len()).collect();
    order.sort_by(|&a, &b| parsed[a].0.name.cmp(&parsed[b].0.name));
    let units: Vec<graph::Unit<'_>> = order
        .iter()
        .map(|&i| {
            let (template, facts, _) = &parsed[i];
            let mut macros: Vec<&str> = template.macros.keys().map(String::as_str).collect();
            macros.sort_unstable();
            graph::Unit {
                key: &template.name,
                shown: &sources[i].1,
                facts,
                macros,
            }
        })
        .collect();
    graph::check(&units).map_err(|p| anyhow!("{}:{}:{}: {}", p.shown, p.line, p.col, p.message))?;
    drop(units);
    let mut tera = Tera::default();
    tera.autoescape_on(vec![]);
    tera.register_filter("indent_list", indent_list);
    // tera's `int` panics on a base outside 2..=36.
    if let Some(int) = tera.filters.get("int").cloned() {
        tera.register_filter(
            "int",
            move |value: &Value, args: &HashMap<String, Value>| match args
                .get("base")
                .and_then(Value::as_u64)
            {
                Some(base) if !(2..=36).contains(&base) => Err(tera::Error::msg(format!(
                    "Filter `int` received base={base} but `base` must be from 2 to 36"
                ))),
                _ => int.filter(value, args),
            },
        );
    }
    // Refused when a template loads; this is the second lock.
    tera.register_function("get_env", no_env);
    tera.register_function("range", budget::range);
    tera.register_function(budget::STEP, budget::step);
    tera.register_function(budget::AT, budget::at);
    let mut places = Vec::new();
    for (i, (mut template, _, tags)) in parsed.into_iter().enumerate() {
        budget::instrument(&mut template, &tags, &sources[i].1, &mut places);
        tera.templates.insert(template.name.clone(), template);
    }
    tera.build_inheritance_chains()
        .and_then(|()| tera.check_macro_files())
        .map_err(|e| anyhow!("templates: {e}"))?;
    let origins = sources
        .into_iter()
        .map(|(name, shown, src)| (name, (shown, src)))
        .collect();
    Ok((tera, origins, places))
}

/// tera's grammar backtracks: function calls nested in each other's arguments take time
/// exponential in their depth to parse (7 levels: 6.4 M steps of pest, 10 levels: minutes).
/// pest counts its steps: a template may take `PARSE_STEPS` plus `PARSE_STEPS_PER_BYTE` per
/// byte of source (the built-ins take 11 to 17 per byte; 4 M steps are about 30 ms).
const PARSE_STEPS: usize = 4_000_000;
const PARSE_STEPS_PER_BYTE: usize = 64;

/// tera's parse of one template, its work bounded.
fn parse(name: &str, shown: &str, src: &str) -> Result<tera::Template> {
    // pest's limit is one setting for the process, read when a parse starts.
    static PARSING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = PARSING.lock().unwrap_or_else(PoisonError::into_inner);
    let limit = PARSE_STEPS.saturating_add(PARSE_STEPS_PER_BYTE.saturating_mul(src.len()));
    pest::set_call_limit(NonZeroUsize::new(limit));
    let parsed = std::panic::catch_unwind(|| tera::Template::new(&key(name), None, src));
    pest::set_call_limit(None);
    let parsed = parsed.map_err(|panic| {
        anyhow!(
            "{shown}: tera failed while parsing it ({}); change the template",
            panic_text(panic.as_ref())
        )
    })?;
    parsed.map_err(|e| {
        let text = describe(shown, src, &e);
        match text.split_once(": call limit reached") {
            Some((at, _)) => anyhow!(
                "{at}: too complex for tera's parser (more than {limit} steps), e.g. function calls nested in each other's arguments; split the expression with `{{% set %}}`"
            ),
            None => anyhow!("{text}"),
        }
    })
}

/// `get_env`, disabled.
fn no_env(_: &HashMap<String, Value>) -> tera::Result<Value> {
    Err(tera::Error::msg(
        "`get_env` is not available to relman's templates",
    ))
}

/// A template error as `FILE:LINE:COLUMN: what; what to do`.
fn describe(shown: &str, src: &str, error: &tera::Error) -> String {
    let mut chain = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = cur {
        chain.push(e.to_string());
        cur = e.source();
    }
    let text = chain.join("\n");
    // Syntax errors carry " --> LINE:COL".
    if let Some(caps) = regex::Regex::new(r"--> (\d+):(\d+)")
        .ok()
        .and_then(|r| r.captures(&text))
    {
        let reason = text
            .lines()
            .find(|l| l.trim_start().starts_with("= "))
            .map_or("syntax error", |l| l.trim_start().trim_start_matches("= "));
        return format!(
            "{shown}:{}:{}: {reason}; fix the template syntax",
            &caps[1], &caps[2]
        );
    }
    // Runtime errors name the variable or filter but not the place: find it in the source.
    let last = chain.last().cloned().unwrap_or_default();
    let needle = regex::Regex::new(
        r"(?:Variable|Filter|Function|Test) `([^`]+)`|(?:filter|Filter) '([^']+)'",
    )
    .ok()
    .and_then(|r| r.captures(&last))
    .and_then(|c| c.get(1).or_else(|| c.get(2)))
    .map(|m| m.as_str().split('.').next().unwrap_or("").to_string());
    let (line, column) = needle
        .filter(|n| !n.is_empty())
        .and_then(|n| locate(src, &n))
        .unwrap_or((1, 1));
    let hint = if last.contains("not found in context") {
        "; see `relman changelog --format json` for the fields every template gets"
    } else {
        ""
    };
    format!("{shown}:{line}:{column}: {}{hint}", last.trim())
}

/// The first place `name` appears inside a `{{ }}` or `{% %}` tag.
fn locate(src: &str, name: &str) -> Option<(usize, usize)> {
    for (i, line) in src.lines().enumerate() {
        let mut from = 0;
        while let Some(pos) = line[from..].find(name) {
            let at = from + pos;
            let before = &line[..at];
            let open = before.rfind("{{").max(before.rfind("{%"));
            let close = before.rfind("}}").max(before.rfind("%}"));
            let word_start =
                at == 0 || !line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
            if open.is_some() && open > close && word_start {
                return Some((i + 1, line[..at].chars().count() + 1));
            }
            from = at + name.len();
        }
    }
    None
}

/// `indent_list`: indent every line after the first by two spaces, so that a multi-line
/// text stays inside its Markdown list item.
fn indent_list(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("indent_list needs a string"))?;
    Ok(Value::String(indent_text(text)))
}

/// The text of `indent_list`.
pub(crate) fn indent_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.trim().is_empty() {
                out.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
    }
    out
}

/// The project's templates (the `[templates] dir`, default `templates/`).
pub(crate) fn for_project(project: &crate::workspace::Workspace) -> Result<Renderer> {
    let dir = &project.settings.templates_dir;
    // The templates are repository content: their folder stays inside the work tree, and
    // each template in it is read as a regular file inside it (render/files.rs).
    crate::paths::RepoPath::folder(&project.fs_root, dir)?;
    Renderer::in_repository(&project.root, dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        let r = Renderer::new(None, "templates").unwrap();
        assert_eq!(r.names(), ["changelog", "checklist", "notes", "plan"]);
    }

    #[test]
    fn project_templates_override_and_add() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("notes.md.tera"),
            "Notes for {{ version }}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("email.md.tera"), "Hi {{ version }}\n").unwrap();
        let r = Renderer::new(Some(dir.path()), "templates").unwrap();
        let ctx = serde_json::json!({"version": "1.0.0"});
        assert_eq!(r.render("notes", &ctx).unwrap(), "Notes for 1.0.0\n");
        assert_eq!(r.render("email", &ctx).unwrap(), "Hi 1.0.0\n");
        let err = r.render("nope", &ctx).unwrap_err().to_string();
        assert!(err.contains("no template \"nope\""), "{err}");
    }

    #[test]
    fn syntax_error_names_file_line_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("bad.md.tera"),
            "line one\n\nx {{ version }\n",
        )
        .unwrap();
        let err = Renderer::new(Some(dir.path()), "templates")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("templates/bad.md.tera:3:"), "{err}");
    }

    #[test]
    fn unknown_variable_and_filter_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("v.md.tera"), "# T\n\nBy {{ owner }}\n").unwrap();
        std::fs::write(dir.path().join("f.md.tera"), "# T\n{{ version | shout }}\n").unwrap();
        let r = Renderer::new(Some(dir.path()), "templates");
        // Unknown filters are found when the template is added or rendered, depending on tera.
        let err = match r {
            Err(e) => e.to_string(),
            Ok(r) => {
                let ctx = serde_json::json!({"version": "1.0.0"});
                let v = r.render("v", &ctx).unwrap_err().to_string();
                assert!(v.starts_with("templates/v.md.tera:3:7:"), "{v}");
                r.render("f", &ctx).unwrap_err().to_string()
            }
        };
        assert!(err.starts_with("templates/f.md.tera:2:"), "{err}");
    }

    #[test]
    fn indent_list_keeps_text_in_the_item() {
        let v = indent_list(&Value::String("one\ntwo\n\nthree".into()), &HashMap::new()).unwrap();
        assert_eq!(v, Value::String("one\n  two\n\n  three".into()));
    }

    /// Templates that use every kind of node, for the instrumented renderer and plain tera.
    const EVERY_NODE: &[(&str, &str)] = &[
        (
            "base",
            "<{% block head %}H{% endblock head %}|{% block body %}{% endblock body %}>\n{% for x in xs %}{{ loop.index }}{% endfor %}",
        ),
        (
            "page",
            "{% extends \"base.md.tera\" %}{% import \"macros.md.tera\" as m %}{% block head %}[{{ super() }}]{% endblock head %}{% block body %}{% for x in xs %}{{ m::item(x=x) }}{% endfor %}{% endblock body %}",
        ),
        (
            "macros",
            "{% macro item(x, sep=\",\") %}{% for c in [1, 2] %}{% if c == 2 %}{% break %}{% endif %}{{ x }}{{ sep }}{% endfor %}{% endmacro item %}",
        ),
        (
            "flat",
            "{% set_global n = 0 %}{% for i in range(start=1, end=8, step_by=2) %}{% if i == 3 %}{% continue %}{% endif %}{% set_global n = n + i %}{{ i }} {% else %}none{% endfor %}\n{% for k, v in map %}{{ k }}={{ v }};{% endfor %}{% for x in [] %}x{% else %}empty{% endfor %}\n{% filter upper %}{% include \"part.md.tera\" %}{% endfilter %} {{ n }} {% raw %}{{ raw }}{% endraw %}\n{% set word = \"ab\" %}{% for c in word %}{{ c }}{% endfor %}{# note #}",
        ),
        ("part", "part {{ xs | length }}"),
    ];

    #[test]
    fn instrumented_templates_render_what_tera_renders() {
        let dir = tempfile::tempdir().unwrap();
        let mut plain = Tera::default();
        plain.autoescape_on(vec![]);
        for (name, src) in EVERY_NODE {
            std::fs::write(dir.path().join(key(name)), src).unwrap();
        }
        plain
            .add_raw_templates(EVERY_NODE.iter().map(|(n, s)| (key(n), *s)))
            .unwrap();
        let r = Renderer::new(Some(dir.path()), "templates").unwrap();
        let ctx = serde_json::json!({"xs": ["a", "b", "c"], "map": {"k": 1}});
        let tera_ctx = tera::Context::from_serialize(&ctx).unwrap();
        for (name, _) in EVERY_NODE {
            let expected = plain.render(&key(name), &tera_ctx).unwrap();
            let expected = format!("{}\n", expected.trim_start_matches('\n').trim_end());
            assert_eq!(r.render(name, &ctx).unwrap(), expected, "{name}");
        }
        assert_eq!(
            r.render("flat", &ctx).unwrap(),
            "1 5 7 \nk=1;empty\nPART 3 13 {{ raw }}\nab\n"
        );
    }

    #[test]
    fn range_is_teras_range_within_the_budget() {
        let call = |args: serde_json::Value| {
            let args: HashMap<String, Value> = serde_json::from_value(args).unwrap();
            let ours = budget::range(&args).map_err(|e| e.to_string());
            let theirs = Tera::default()
                .get_function("range")
                .unwrap()
                .call(&args)
                .map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{args:?}");
        };
        call(serde_json::json!({"end": 5}));
        call(serde_json::json!({"start": 2, "end": 11, "step_by": 3}));
        call(serde_json::json!({"start": 5, "end": 5}));
        call(serde_json::json!({"start": 6, "end": 5}));
        call(serde_json::json!({"start": "a", "end": 5}));
        call(serde_json::json!({"end": -1}));
        call(serde_json::json!({"end": 5, "step_by": 1.5}));
        call(serde_json::json!({"start": 1}));
        let zero: HashMap<String, Value> =
            serde_json::from_value(serde_json::json!({"end": 5, "step_by": 0})).unwrap();
        assert!(budget::range(&zero).is_err());
    }

    #[test]
    fn limits_stop_a_render_in_process() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("big.md.tera"),
            "{% set_global s = \"x\" %}{% for i in range(end=12) %}{% set_global s = s ~ s %}{% endfor %}\n{% for i in range(end=9000) %}\n  {{ s }}{% endfor %}",
        )
        .unwrap();
        // Each render has its own budget of `range` numbers.
        std::fs::write(
            dir.path().join("ok.md.tera"),
            "{% set xs = range(end=60000) %}ok",
        )
        .unwrap();
        let r = Renderer::new(Some(dir.path()), "templates").unwrap();
        let ctx = serde_json::json!({});
        let err = r.render("big", &ctx).unwrap_err().to_string();
        assert!(
            err.starts_with("templates/big.md.tera:3:3: the output grew past 16 MiB"),
            "{err}"
        );
        for _ in 0..3 {
            assert_eq!(r.render("ok", &ctx).unwrap(), "ok\n");
        }
    }

    #[test]
    fn random_templates_render_what_tera_renders_or_are_refused() {
        let mut gen = testgen::Gen(0x2545_f491_4f6c_dd1d);
        let ctx = serde_json::json!({"x": 1, "xs": [1, 2]});
        let tera_ctx = tera::Context::from_serialize(&ctx).unwrap();
        let (mut same, mut refused) = (0, 0);
        for _ in 0..400 {
            let src = gen.template();
            let sources = vec![(
                "t".to_string(),
                "templates/t.md.tera".to_string(),
                src.clone(),
            )];
            let Ok((tera, origins, places)) = build(sources) else {
                // Refused (recursion) or not tera: plain tera must not be asked (it would
                // overflow its stack on recursion).
                refused += 1;
                continue;
            };
            let ours = Renderer {
                tera: Arc::new(tera),
                origins,
                places,
            }
            .render("t", &ctx);
            let mut plain = Tera::default();
            plain.autoescape_on(vec![]);
            plain.add_raw_template("t.md.tera", &src).unwrap();
            // tera panics on some (a macro call in arithmetic is "unreachable"): ours says so.
            let theirs = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                plain.render("t.md.tera", &tera_ctx)
            }))
            .unwrap_or_else(|_| Err(tera::Error::msg("panic")));
            match (ours, theirs) {
                (Ok(ours), Ok(theirs)) => {
                    let theirs =
                        format!("{}\n", theirs.trim_start_matches(['\n', '\r']).trim_end());
                    assert_eq!(ours, theirs, "{src}");
                    same += 1;
                }
                (Err(_), Err(_)) => {}
                (ours, theirs) => panic!("{src}\nours: {ours:?}\ntera: {theirs:?}"),
            }
        }
        assert!(same > 50 && refused > 10, "{same} {refused}");
    }
}
