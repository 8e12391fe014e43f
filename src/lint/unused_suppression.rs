//! `unused-suppression`: a `relman-disable` comment that suppresses nothing. The runner
//! reports these once every other rule has run; this module holds the rule's documentation
//! and its place in the registry (so it can be re-levelled or turned off like any rule).

use super::{Context, Document, Output, Rule, Severity};

pub struct UnusedSuppression;

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
}
