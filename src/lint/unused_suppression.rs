//! `unused-suppression`: a `relman-disable` comment that suppresses nothing. The check
//! does nothing: the rule looks at the suppression comments once every other rule's
//! findings are known and suppressed (`Rule::check_suppressions`).

use super::{Context, Document, Documents, Finished, Output, Place, Placed, Rule, Severity};

pub(crate) struct UnusedSuppression;

const DOCS: &str = "## What it finds

A `<!-- relman-disable-next-line ID -->` or `<!-- relman-disable ID -->` comment that
suppresses no finding.

## Why

A suppression outlives the problem it hid: once the text is fixed, the comment only hides
the next real problem on that line. Remove it.

## Example

```markdown
<!-- relman-disable-next-line placeholder -->
This line has nothing to suppress.
```

It is checked only when every rule it names ran (not with `--rule` for another rule).
";

impl Rule for UnusedSuppression {
    fn id(&self) -> &'static str {
        "unused-suppression"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &'static str {
        "a relman-disable comment that suppresses nothing"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn check(&self, _doc: &Document, _ctx: &Context, _out: &mut Output) {}

    fn check_suppressions(&self, docs: &Documents<'_>, ctx: &Context, out: &mut Finished) {
        // Raised to an error in `[lint.rules]`, its findings are errors.
        let severity = ctx.level(self.id()).unwrap_or(self.default_severity());
        for i in 0..docs.len() {
            for s in docs.suppressions(i).list.iter().filter(|s| !s.used) {
                // A rule id that does not exist is a typo that silences nothing; otherwise it
                // is reported only when every rule it names ran, so that it could have
                // suppressed something.
                let unknown = s.ids.iter().flatten().find(|id| super::rule(id).is_none());
                let message = if let Some(id) = unknown {
                    let ids: Vec<&str> = super::RULES.iter().map(|r| r.id()).collect();
                    format!(
                        "`{}` names no rule `{id}`; the rules are {}",
                        s.text,
                        ids.join(", ")
                    )
                } else if s
                    .ids
                    .as_ref()
                    .map_or(!ctx.chosen, |ids| ids.iter().all(|id| ctx.runs(id)))
                {
                    format!("`{}` suppresses nothing; remove it", s.text)
                } else {
                    continue;
                };
                let at = Place {
                    line: s.line,
                    column: s.column,
                    source_line: String::new(),
                };
                out.findings
                    .push((i, Placed::new(at, message).with_severity(severity)));
            }
        }
    }
}
