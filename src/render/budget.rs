//! The limits that only rendering can enforce: loop iterations, `range`, output size, time
//! and memory. No static check sees a loop over data that is large, a text that doubles
//! each time round a loop, or a `replace` that squares a text's length.
//!
//! - Before it renders, every template is instrumented: a call to `__relman_step` starts
//!   each loop iteration, each macro body and each template body (an include), and a call
//!   to `__relman_at` stands before each `{{ }}` and around each `{% set %}`. Each call names
//!   its place (an index into the places of the `Renderer`); `__relman_step` counts against
//!   `Limits::steps`, and both check the time and, every few milliseconds, the memory.
//! - `range` is replaced by one that refuses `step_by=0` and counts the numbers it makes
//!   against `Limits::range_items` before making them.
//! - The output goes through a writer that refuses to grow past `Limits::output_bytes`.
//! - A render runs on a worker thread; the calling thread waits, and past the time limit,
//!   or when the process has grown by more than the memory limit, returns the breach with
//!   the last place the worker passed. tera cannot be interrupted: the worker stops at its
//!   next instrumented place; one long filter call runs on until the process exits (relman
//!   exits with the error, since nothing is written before everything is rendered).

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Tera, Value};

use super::scan::{Kind, Ranks, Tag};

/// The function that counts a step: a loop iteration, a macro call, an include.
pub(super) const STEP: &str = "__relman_step";
/// The function that marks a place.
pub(super) const AT: &str = "__relman_at";
/// The argument that gives `range` its place.
const RANGE_AT: &str = "__relman_at";

// Tests lower the time limit (milliseconds) and the memory limit (MiB) with these
// variables; a value above the default is ignored, so they cannot loosen the sandbox.
use crate::test_hooks::{TEMPLATE_MEMORY_MB as MEMORY_VAR, TEMPLATE_TIMEOUT_MS as TIMEOUT_VAR};

/// How often the waiting thread looks at the worker.
const POLL: Duration = Duration::from_millis(10);
/// How often the worker reads its memory use.
const MEMORY_EVERY: Duration = Duration::from_millis(5);

/// The limits of one render.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    /// Loop iterations, macro calls and includes.
    pub(crate) steps: u64,
    /// Numbers made by `range`, all calls together.
    pub(crate) range_items: u64,
    pub(crate) output_bytes: usize,
    pub(crate) time: Duration,
    /// Growth of the process's resident memory during the render (Linux only).
    pub(crate) memory_bytes: u64,
}

impl Limits {
    pub(super) const DEFAULT: Limits = Limits {
        steps: 1_000_000,
        range_items: 100_000,
        output_bytes: 16 << 20,
        time: Duration::from_secs(10),
        memory_bytes: 1 << 30,
    };

    /// The defaults, lowered by the test variables.
    pub(super) fn from_env() -> Limits {
        let number = |name: &str| crate::test_hooks::var(name)?.trim().parse::<u64>().ok();
        let mut limits = Limits::DEFAULT;
        if let Some(ms) = number(TIMEOUT_VAR) {
            limits.time = limits.time.min(Duration::from_millis(ms));
        }
        if let Some(mb) = number(MEMORY_VAR) {
            limits.memory_bytes = limits.memory_bytes.min(mb.saturating_mul(1 << 20));
        }
        limits
    }
}

/// A place named in a runtime message.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub(crate) shown: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
}

/// Which limit stopped a render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Limit {
    Steps,
    Range { asked: u64 },
    RangeStep,
    Output,
    Time,
    Memory,
}

/// A limit, and the last place the render passed.
#[derive(Debug)]
pub(super) struct Breach {
    pub(crate) limit: Limit,
    pub(crate) place: Option<usize>,
}

impl Breach {
    /// What happened and what to do.
    pub(super) fn message(&self, limits: &Limits) -> String {
        match self.limit {
            Limit::Steps => format!(
                "loops, macro calls and includes ran more than {} times in one render (stopped here); make the loops shorter",
                limits.steps
            ),
            Limit::Range { asked } => format!(
                "`range` would make {asked} more numbers, past the {} that one render may make; make the range smaller",
                limits.range_items
            ),
            Limit::RangeStep => {
                "`range` with `step_by=0` never ends; give a step of 1 or more".to_string()
            }
            Limit::Output => format!(
                "the output grew past {} MiB (stopped here); render less",
                limits.output_bytes >> 20
            ),
            Limit::Time => format!(
                "rendering took longer than {} (stopped here); the template does too much work: make its loops shorter",
                seconds(limits.time)
            ),
            Limit::Memory => format!(
                "rendering used more than {} MiB of memory (stopped here), e.g. a text that doubles in a loop; make the template build less",
                limits.memory_bytes >> 20
            ),
        }
    }
}

fn seconds(time: Duration) -> String {
    if time.subsec_millis() == 0 {
        format!("{} s", time.as_secs())
    } else {
        format!("{} ms", time.as_millis())
    }
}

/// How a render ended.
#[derive(Debug)]
pub(super) enum Outcome {
    /// tera's own result: the output, or its error.
    Done(tera::Result<Vec<u8>>),
    Stopped(Breach),
    /// tera panicked: what it said, and the last place the render passed.
    Panicked {
        message: String,
        place: Option<usize>,
    },
}

/// Render `key` on a worker thread, within `limits`.
pub(super) fn render(
    tera: Arc<Tera>,
    key: String,
    context: tera::Context,
    limits: Limits,
) -> std::io::Result<Outcome> {
    let shared = Arc::new(Shared::default());
    let memory_base = memory::resident();
    let (send, receive) = mpsc::channel();
    let worker_shared = Arc::clone(&shared);
    super::quiet_panics();
    std::thread::Builder::new()
        .name(super::RENDER_THREAD.to_string())
        .stack_size(super::STACK_BYTES)
        .spawn(move || {
            SANDBOX.with(|cell| {
                *cell.borrow_mut() = Some(Sandbox::new(
                    limits,
                    Arc::clone(&worker_shared),
                    memory_base,
                ));
            });
            let mut out = Capped {
                bytes: Vec::new(),
                cap: limits.output_bytes,
            };
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                tera.render_to(&key, &context, &mut out)
            }));
            let sandbox = SANDBOX.with(|cell| cell.borrow_mut().take());
            let outcome = match (result, sandbox.and_then(|s| s.breach)) {
                (_, Some(breach)) => Outcome::Stopped(breach),
                (Ok(result), None) => Outcome::Done(result.map(|()| out.bytes)),
                (Err(panic), None) => Outcome::Panicked {
                    message: super::panic_text(panic.as_ref()),
                    place: worker_shared.place(),
                },
            };
            // The caller may have given up on this render.
            let _ = send.send(outcome);
        })?;
    let started = Instant::now();
    loop {
        match receive.recv_timeout(POLL) {
            Ok(outcome) => return Ok(outcome),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Ok(Outcome::Panicked {
                    message: "the render ended without an answer".to_string(),
                    place: shared.place(),
                })
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let limit = if started.elapsed() > limits.time {
                    Limit::Time
                } else if memory::grew(memory_base, limits.memory_bytes) {
                    Limit::Memory
                } else {
                    continue;
                };
                // The worker stops at its next instrumented place.
                shared.cancel.store(true, Ordering::Relaxed);
                return Ok(Outcome::Stopped(Breach {
                    limit,
                    place: shared.place(),
                }));
            }
        }
    }
}

/// What the worker and the waiting thread share.
#[derive(Debug)]
struct Shared {
    cancel: AtomicBool,
    /// The last place the worker passed, `usize::MAX` for none.
    place: AtomicUsize,
}

impl Default for Shared {
    fn default() -> Shared {
        Shared {
            cancel: AtomicBool::new(false),
            place: AtomicUsize::new(usize::MAX),
        }
    }
}

impl Shared {
    fn place(&self) -> Option<usize> {
        Some(self.place.load(Ordering::Relaxed)).filter(|p| *p != usize::MAX)
    }
}

thread_local! {
    /// The budget of the render on this thread.
    static SANDBOX: RefCell<Option<Sandbox>> = const { RefCell::new(None) };
}

struct Sandbox {
    limits: Limits,
    started: Instant,
    steps: u64,
    range_items: u64,
    memory_base: Option<u64>,
    memory_checked: Instant,
    shared: Arc<Shared>,
    breach: Option<Breach>,
}

impl Sandbox {
    fn new(limits: Limits, shared: Arc<Shared>, memory_base: Option<u64>) -> Sandbox {
        let now = Instant::now();
        Sandbox {
            limits,
            started: now,
            steps: 0,
            range_items: 0,
            memory_base,
            memory_checked: now,
            shared,
            breach: None,
        }
    }

    /// Record `limit` (the first one counts) and the error that stops tera.
    fn stop(&mut self, limit: Limit) -> tera::Error {
        if self.breach.is_none() {
            self.breach = Some(Breach {
                limit,
                place: self.shared.place(),
            });
        }
        tera::Error::msg("stopped by relman's template limits")
    }

    fn pass(&mut self, args: &HashMap<String, Value>, name: &str) {
        if let Some(place) = args
            .get(name)
            .and_then(Value::as_u64)
            .and_then(|p| usize::try_from(p).ok())
        {
            self.shared.place.store(place, Ordering::Relaxed);
        }
    }

    /// Time, memory, and whether the waiting thread gave up.
    fn check(&mut self) -> tera::Result<()> {
        if self.shared.cancel.load(Ordering::Relaxed) {
            return Err(tera::Error::msg("stopped by relman's template limits"));
        }
        if self.started.elapsed() > self.limits.time {
            return Err(self.stop(Limit::Time));
        }
        if self.memory_checked.elapsed() >= MEMORY_EVERY {
            self.memory_checked = Instant::now();
            if memory::grew(self.memory_base, self.limits.memory_bytes) {
                return Err(self.stop(Limit::Memory));
            }
        }
        Ok(())
    }
}

/// Run `work` with this thread's sandbox (a fresh one outside a worker).
fn sandbox<T>(work: impl FnOnce(&mut Sandbox) -> T) -> T {
    SANDBOX.with(|cell| {
        let mut slot = cell.borrow_mut();
        let sandbox = slot.get_or_insert_with(|| {
            Sandbox::new(Limits::from_env(), Arc::default(), memory::resident())
        });
        work(sandbox)
    })
}

/// `__relman_step(at=PLACE)`
pub(super) fn step(args: &HashMap<String, Value>) -> tera::Result<Value> {
    sandbox(|s| {
        s.pass(args, "at");
        s.steps += 1;
        if s.steps > s.limits.steps {
            return Err(s.stop(Limit::Steps));
        }
        s.check()?;
        Ok(Value::String(String::new()))
    })
}

/// `__relman_at(at=PLACE)`
pub(super) fn at(args: &HashMap<String, Value>) -> tera::Result<Value> {
    sandbox(|s| {
        s.pass(args, "at");
        s.check()?;
        Ok(Value::String(String::new()))
    })
}

/// tera's `range(start=0, end, step_by=1)`, with the same errors, that refuses `step_by=0`
/// (tera's never ends) and counts what it makes before making it.
pub(super) fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |name: &str, shown: &str| -> tera::Result<Option<usize>> {
        match args.get(name) {
            None => Ok(None),
            Some(value) => tera::from_value::<usize>(value.clone())
                .map(Some)
                .map_err(|_| {
                    tera::Error::msg(format!(
                        "Function `range` received {name}={value} but `{shown}` can only be a number"
                    ))
                }),
        }
    };
    let start = number("start", "start")?.unwrap_or(0);
    let step_by = number("step_by", "step")?.unwrap_or(1);
    let end = number("end", "end")?
        .ok_or_else(|| tera::Error::msg("Function `range` was called without a `end` argument"))?;
    if start > end {
        return Err(tera::Error::msg(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    sandbox(|s| {
        s.pass(args, RANGE_AT);
        if step_by == 0 {
            return Err(s.stop(Limit::RangeStep));
        }
        let count = u64::try_from((end - start).div_ceil(step_by)).unwrap_or(u64::MAX);
        if s.range_items.saturating_add(count) > s.limits.range_items {
            return Err(s.stop(Limit::Range { asked: count }));
        }
        s.range_items += count;
        s.check()?;
        Ok(Value::Array(
            (start..end).step_by(step_by).map(Value::from).collect(),
        ))
    })
}

/// The output, refused past its cap.
struct Capped {
    bytes: Vec<u8>,
    cap: usize,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len().saturating_add(data.len()) > self.cap {
            sandbox(|s| s.stop(Limit::Output));
            return Err(std::io::Error::other("the output is too large"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

mod memory {
    /// The resident memory of this process in bytes, where the system says (Linux).
    pub(super) fn resident() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        let kib: u64 = line
            .trim_start_matches("VmRSS:")
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib.saturating_mul(1024))
    }

    /// Whether the process grew by more than `limit` bytes since `base`.
    pub(super) fn grew(base: Option<u64>, limit: u64) -> bool {
        match (base, resident()) {
            (Some(base), Some(now)) => now.saturating_sub(base) > limit,
            _ => false,
        }
    }
}

/// Instrument a parsed template (see the module's documentation), its places pushed onto
/// `places`; `tags` is its scan.
pub(super) fn instrument(
    template: &mut tera::Template,
    tags: &[Tag<'_>],
    shown: &str,
    places: &mut Vec<Place>,
) {
    let mut walker = Instrument {
        ranks: Ranks::new(tags),
        shown,
        places,
    };
    let mut ast = std::mem::take(&mut template.ast);
    walker.body(&mut ast);
    // A template that extends another is never rendered itself: its root is.
    if template.parent.is_none() {
        let start = walker.place(1, 1);
        ast.insert(0, probe(STEP, start));
    }
    template.ast = ast;
    // tera renders macros and blocks from the copies it took when it parsed: take them again.
    template.macros = template
        .ast
        .iter()
        .filter_map(|node| match node {
            Node::MacroDefinition(_, def, _) => Some((def.name.clone(), def.clone())),
            _ => None,
        })
        .collect();
    template.blocks.clear();
    find_blocks(&template.ast, &mut template.blocks);
}

/// tera's `find_blocks`: the blocks at the top level and inside blocks.
fn find_blocks(ast: &[Node], blocks: &mut HashMap<String, tera::ast::Block>) {
    for node in ast {
        if let Node::Block(_, block, _) = node {
            blocks.insert(block.name.clone(), block.clone());
            find_blocks(&block.body, blocks);
        }
    }
}

/// `{{ function(at=PLACE) }}`, which renders nothing.
fn probe(function: &str, place: usize) -> Node {
    let mut args = HashMap::new();
    args.insert("at".to_string(), place_arg(place));
    Node::VariableBlock(
        WS::default(),
        Expr::new(ExprVal::FunctionCall(FunctionCall {
            name: function.to_string(),
            args,
        })),
    )
}

fn place_arg(place: usize) -> Expr {
    Expr::new(ExprVal::Int(i64::try_from(place).unwrap_or(i64::MAX)))
}

struct Instrument<'t, 'a, 'p> {
    ranks: Ranks<'t, 'a>,
    shown: &'p str,
    places: &'p mut Vec<Place>,
}

impl Instrument<'_, '_, '_> {
    fn place(&mut self, line: usize, col: usize) -> usize {
        self.places.push(Place {
            shown: self.shown.to_string(),
            line,
            col,
        });
        self.places.len() - 1
    }

    fn tag_place(&mut self, tag: Option<&Tag<'_>>) -> usize {
        let (line, col) = tag.map_or((1, 1), |t| (t.line, t.col));
        self.place(line, col)
    }

    /// Give every `range` call in `expr` the place of the first `range (` of `tag`.
    fn ranges(&mut self, expr: &mut Expr, tag: Option<&Tag<'_>>) {
        if let Some(token) = tag.and_then(|t| t.call("", "range")) {
            let place = self.place(token.line, token.col);
            mark_ranges(expr, place);
        }
    }

    fn body(&mut self, nodes: &mut Vec<Node>) {
        let old = std::mem::take(nodes);
        nodes.reserve(old.len());
        for mut node in old {
            // A `{% set %}` is checked after too: it is where a text doubles.
            let (mut before, mut after) = (None, None);
            match &mut node {
                Node::VariableBlock(_, expr) => {
                    let tag = self.ranks.take(Kind::Var);
                    self.ranges(expr, tag);
                    before = Some(self.tag_place(tag));
                }
                Node::Set(_, set) => {
                    let tag = self.ranks.take(Kind::Set);
                    self.ranges(&mut set.value, tag);
                    let place = self.tag_place(tag);
                    (before, after) = (Some(place), Some(place));
                }
                Node::MacroDefinition(_, def, _) => {
                    let tag = self.ranks.take(Kind::Macro);
                    let place = self.tag_place(tag);
                    self.body(&mut def.body);
                    def.body.insert(0, probe(STEP, place));
                }
                Node::Forloop(_, forloop, _) => {
                    let tag = self.ranks.take(Kind::For);
                    self.ranges(&mut forloop.container, tag);
                    let place = self.tag_place(tag);
                    self.body(&mut forloop.body);
                    forloop.body.insert(0, probe(STEP, place));
                    if let Some(empty) = &mut forloop.empty_body {
                        self.body(empty);
                    }
                }
                Node::If(branches, _) => {
                    for (i, (_, condition, body)) in branches.conditions.iter_mut().enumerate() {
                        let tag = self.ranks.take(if i == 0 { Kind::If } else { Kind::Elif });
                        self.ranges(condition, tag);
                        self.body(body);
                    }
                    if let Some((_, body)) = &mut branches.otherwise {
                        self.body(body);
                    }
                }
                Node::FilterSection(_, section, _) => {
                    let tag = self.ranks.take(Kind::Filter);
                    for arg in section.filter.args.values_mut() {
                        self.ranges(arg, tag);
                    }
                    self.body(&mut section.body);
                }
                Node::Block(_, block, _) => {
                    self.ranks.take(Kind::Block);
                    self.body(&mut block.body);
                }
                Node::Include(..) => {
                    self.ranks.take(Kind::Include);
                }
                Node::ImportMacro(..) => {
                    self.ranks.take(Kind::Import);
                }
                Node::Extends(..) => {
                    self.ranks.take(Kind::Extends);
                }
                // `{{ super() }}` is a tag of its own.
                Node::Super => {
                    self.ranks.take(Kind::Var);
                }
                Node::Text(_)
                | Node::Raw(..)
                | Node::Break(_)
                | Node::Continue(_)
                | Node::Comment(..) => {}
            }
            nodes.extend(before.map(|place| probe(AT, place)));
            nodes.push(node);
            nodes.extend(after.map(|place| probe(AT, place)));
        }
    }
}

fn mark_ranges(expr: &mut Expr, place: usize) {
    mark_ranges_val(&mut expr.val, place);
    for filter in &mut expr.filters {
        for arg in filter.args.values_mut() {
            mark_ranges(arg, place);
        }
    }
}

fn mark_ranges_val(val: &mut ExprVal, place: usize) {
    match val {
        ExprVal::FunctionCall(call) => {
            for arg in call.args.values_mut() {
                mark_ranges(arg, place);
            }
            if call.name == "range" {
                call.args.insert(RANGE_AT.to_string(), place_arg(place));
            }
        }
        ExprVal::MacroCall(call) => {
            for arg in call.args.values_mut() {
                mark_ranges(arg, place);
            }
        }
        ExprVal::Math(math) => {
            mark_ranges(&mut math.lhs, place);
            mark_ranges(&mut math.rhs, place);
        }
        ExprVal::Logic(logic) => {
            mark_ranges(&mut logic.lhs, place);
            mark_ranges(&mut logic.rhs, place);
        }
        ExprVal::In(within) => {
            mark_ranges(&mut within.lhs, place);
            mark_ranges(&mut within.rhs, place);
        }
        ExprVal::Test(test) => {
            for arg in &mut test.args {
                mark_ranges(arg, place);
            }
        }
        ExprVal::Array(items) => {
            for item in items {
                mark_ranges(item, place);
            }
        }
        ExprVal::StringConcat(concat) => {
            for value in &mut concat.values {
                mark_ranges_val(value, place);
            }
        }
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}
