//! The `fence` rule: a code fence "closed" by a fence with an info string (which CommonMark
//! reads as content, so the block runs on), and a code fence never closed. It only reports
//! what `Document` found while parsing (`doc.fences`): the document repairs bad closers before
//! it is parsed, so every other rule already reads the rest of the file as the author meant.

use super::document::FenceIssue;
use super::{Context, Document, Finding, Output, Rule, Severity};

pub(crate) struct Fence;

const DOCS: &str = r#"## What it finds

- A closing fence that carries an info string. CommonMark only lets an *opening* fence have
  one, so a second ```` ```text ```` inside a block is read as a line of code and the block
  goes on, to the next plain fence or to the end of the file.
- A code block that is never closed: everything after its opening fence renders as code.
  One that runs to the end of the file (or of its list item or quote) is reported only when
  something in it shows it was meant to end: a fence line, a heading, or a sentence.

A fence inside a longer fence (```` ``` ```` lines inside a ````` ```` ````` block), or of the
other kind (```` ``` ```` inside `~~~`), is content, as it should be, and is not reported. A
block that only shows an opening fence as an example is not reported either: a repair is
proposed only when it leaves every block in the file closed.

## Why

GitHub and every CommonMark renderer agree: after such a fence the rest of the page is one
code block, with its headings, links and lists shown as raw text. It is easy to miss in a
diff and obvious to every reader.

relman reports the fence, and then lints the rest of the file as the author meant it (the bad
closer closes), so the other rules still check the lines that follow.

## Example

````markdown
```text
9f3c2a1 feat(api): add bulk export endpoint
```text

## Smoke tests
````

is reported as "a closing fence cannot carry an info string: ```` ```text ```` is read as
content, so the code block opened on line 1 never closes". `relman lint --fix` removes the
info string from the closing fence:

````markdown
```text
9f3c2a1 feat(api): add bulk export endpoint
```

## Smoke tests
````

An unclosed block has no automatic fix: only the author knows where it ends.
"#;

impl Rule for Fence {
    fn id(&self) -> &'static str {
        "fence"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "a code fence never closed, or \"closed\" by a fence with an info string, which CommonMark reads as content"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn check(&self, doc: &Document, _ctx: &Context, out: &mut Output) {
        let text = doc.text.as_str();
        for issue in &doc.fences {
            match issue {
                FenceIssue::InfoOnCloser {
                    line_range,
                    info,
                    opened,
                    closes_at,
                } => {
                    let line_start = line_range.start;
                    let before = &text[line_start..info.start];
                    let fence_end = line_start + before.trim_end_matches([' ', '\t']).len();
                    let fence_char = text[..fence_end].chars().next_back().unwrap_or('`');
                    let fence_start = line_start
                        + text[line_start..fence_end]
                            .trim_end_matches(fence_char)
                            .len();
                    let written = &text[fence_start..info.end];
                    let fence = &text[fence_start..fence_end];
                    let (opened_line, _) = doc.line_col(*opened);
                    let (closer_line, _) = doc.line_col(line_start);
                    let consequence = match closes_at.map(|c| doc.line_col(c).0) {
                        None => {
                            format!(", so the code block opened on line {opened_line} never closes")
                        }
                        Some(end) if end > closer_line => format!(
                            ", so the code block opened on line {opened_line} runs on to line {end}"
                        ),
                        Some(_) => format!(" of the code block opened on line {opened_line}"),
                    };
                    out.findings.push(
                        Finding::new(
                            line_range.clone(),
                            format!(
                                "a closing fence cannot carry an info string: {} is read as content{consequence}; write {}",
                                code_span(written),
                                code_span(fence),
                            ),
                        )
                        .with_fix(fence_end..info.end, ""),
                    );
                }
                FenceIssue::Unclosed { opened } => {
                    let rest = &text[*opened..];
                    if !meant_to_end(rest) {
                        // CommonMark ends the block with the file: when nothing after the
                        // opener reads as a fence, a heading or a sentence, the page renders
                        // as written.
                        continue;
                    }
                    let ch = rest.chars().next().unwrap_or('`');
                    let fence = &rest[..rest.len() - rest.trim_start_matches(ch).len()];
                    out.findings.push(Finding::new(
                        *opened..*opened + fence.len(),
                        format!(
                            "this code block is never closed: everything after it renders as code; add a closing {}",
                            code_span(fence)
                        ),
                    ));
                }
            }
        }
    }
}

/// Whether the text after an unclosed fence's opener shows the block was meant to end
/// before the end of the file: a fence line (a shorter one, or one of the other character),
/// a heading of level 2 or more, or a sentence (a capital, three words or more, a full stop).
fn meant_to_end(rest: &str) -> bool {
    let body = rest.split_once('\n').map_or("", |(_, b)| b);
    body.lines().any(|line| {
        // Inside a quote, its markers are not the line's.
        let t = line.trim().trim_start_matches(['>', ' ', '\t']);
        let hashes = t.len() - t.trim_start_matches('#').len();
        t.starts_with("```")
            || t.starts_with("~~~")
            || (2..=6).contains(&hashes) && t[hashes..].starts_with(' ')
            || t.starts_with(|c: char| c.is_ascii_uppercase())
                && t.ends_with('.')
                && t.split_whitespace().count() >= 3
                && !t.contains(['{', '}', '(', ')', ';', '=', '<', '>'])
    })
}

/// `s` as an inline code span, with a backtick fence longer than any run of backticks in it
/// (and the spaces CommonMark then needs): `x`, ```` ```text ````.
pub(crate) fn code_span(s: &str) -> String {
    let mut longest = 0;
    let mut current = 0;
    for c in s.chars() {
        if c == '`' {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    if longest == 0 {
        return format!("`{s}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {s} {fence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::check_text;

    fn lint(text: &str) -> String {
        check_text(&Fence, "a.md", text, &Context::default())
    }

    const WORKED: &str = include_str!("../../fixtures/lint/worked-example/RELEASE_READINESS.md");

    #[test]
    fn worked_example() {
        assert_eq!(
            lint(WORKED),
            "18:1 error fence: a closing fence cannot carry an info string: ```` ```text ```` is read as content, so the code block opened on line 15 never closes; write ```` ``` ````\n"
        );
    }

    #[test]
    fn fixtures() {
        let ctx = Context::default();
        let ok = include_str!("../../fixtures/lint/fence/ok.md");
        assert_eq!(check_text(&Fence, "ok.md", ok, &ctx), "");
        let bad = include_str!("../../fixtures/lint/fence/bad.md");
        let expected = include_str!("../../fixtures/lint/fence/bad.expected");
        assert_eq!(check_text(&Fence, "bad.md", bad, &ctx), expected);
    }

    #[test]
    fn fix_removes_the_info_string_and_the_spaces_before_it() {
        let text = "~~~~ sh\nx\n~~~~  sh\n";
        let doc = Document::parse("a.md", text.to_string());
        let mut out = Output::default();
        Fence.check(&doc, &Context::default(), &mut out);
        let fix = out.findings[0].fix.clone().unwrap();
        let mut fixed = text.to_string();
        fixed.replace_range(fix.range, &fix.replacement);
        assert_eq!(fixed, "~~~~ sh\nx\n~~~~\n");
        assert!(
            out.findings[0].message.contains("`~~~~  sh` is read"),
            "{}",
            out.findings[0].message
        );
    }

    #[test]
    fn runs_on_to_the_next_plain_fence() {
        let text = "```text\na\n```text\n\nProse.\n\n```sh\nb\n```\n";
        assert!(
            lint(text).contains("opened on line 1 runs on to line 9; write"),
            "{}",
            lint(text)
        );
    }

    #[test]
    fn unclosed_block() {
        assert_eq!(
            lint("Intro.\n\n> ~~~\n> code\n>\n> Then run the server.\n"),
            "3:3 error fence: this code block is never closed: everything after it renders as code; add a closing `~~~`\n"
        );
        // A heading, or a fence of another length, under it: meant to end.
        assert_ne!(lint("```sh\nmake\n\n## Next\n"), "");
        assert_ne!(lint("````go\n{{ x }}\n```\n"), "");
    }

    #[test]
    fn a_block_that_runs_to_the_end_of_the_file_as_code_renders_as_written() {
        // CommonMark closes it with the file (or its container): nothing reads as prose.
        assert_eq!(
            lint("Intro.\n\n```go-html-template\n{{ $t.Weekday | int }} → 5"),
            ""
        );
        assert_eq!(lint("> ~~~\n> code\n"), "");
        assert_eq!(lint("```sh\n# install it\nmake install\n"), "");
    }

    #[test]
    fn legitimate_fences_are_clean() {
        let text = "````markdown\n```text\na\n```text\n````\n\n~~~\n```sh\n~~~\n\n```markdown\n```python\n```\n";
        assert_eq!(lint(text), "");
    }

    #[test]
    fn code_span_picks_a_longer_fence() {
        assert_eq!(code_span("~~~"), "`~~~`");
        assert_eq!(code_span("```"), "```` ``` ````");
    }

    #[test]
    fn docs_are_clean() {
        let ctx = Context::default();
        for rule in crate::lint::RULES {
            assert_eq!(
                check_text(*rule, "docs.md", DOCS, &ctx),
                "",
                "{}",
                rule.id()
            );
        }
    }
}
