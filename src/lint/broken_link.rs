//! `broken-link`: relative links and images that do not resolve inside the repository. This
//! module owns link resolution (percent-decoding, `.`/`..`, root-relative links, exact case)
//! and the anchors of a document (GitHub heading slugs exactly as github-slugger makes them,
//! `{#custom}` heading ids, HTML `id`/`name` attributes). An anchor in another Markdown file
//! is not checked by the check: it keeps each document's anchors and its links to anchors
//! of other files (`Kept`), and the cross-file step resolves those once every file is
//! parsed, reading the Markdown files the lint does not cover when a link points into them.
//! It never fetches URLs and never looks at links inside code.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::fence::code_span;
use super::slugs::Slugger;

use super::{
    Anchors, Class, Context, Document, Documents, FileSet, Finding, Finished, FxBuild, Output,
    Place, Placed, Repository, Rule, Severity, Unreadable,
};

/// The `broken-link` rule.
pub(crate) struct BrokenLink;

const DOCS: &str = r#"## What it finds

- A relative link or image whose file or folder does not exist in the repository, checked
  with exact case: a link that only matches with another case is reported with the name that
  exists, because links are case-sensitive on Linux and on forges.
- A link whose `..` climbs above the repository root.
- An anchor (`#section`) with no heading slug, `{#custom-id}` or HTML `id`/`name` in this
  file, or in the Markdown file the link points to.
- A reference link whose reference has no definition (`[text][ref]` with no `[ref]: URL`).

External links (any scheme such as `https:` or `mailto:`, or `//host`), autolinks and
templated destinations (`{{ … }}`, `{% … %}`, `${…}`, a format string's `{name}`) are not
checked. A fragment on a file that is not Markdown (a line
of a source file) is not checked.

## Why

A release document that sends the reader to a plan, a runbook or a rollback section that is
not there fails exactly when it is needed. Renamed files and headings break links silently:
the forge renders them without complaint.

## Example

```markdown
The plan is in [the staging plan](deploy/STAGING_PLAN.md): reported when the file is missing.
See [Rollback](deploy/ROLLBACK.md#restore-the-database): reported when ROLLBACK.md has no
heading "Restore the database".
[Docs][docs] with no `[docs]: …` definition: reported.
```

## How links resolve

- A path is relative to the linking file's folder; a leading `/` is the repository root, as
  GitHub renders it. `?query` is ignored and `%20`-style escapes are decoded.
- A trailing `/` names a folder; a folder link is fine when the folder exists.
- Generated pages: a link to an HTML page is fine when the Markdown file it is rendered
  from exists (mdBook, Jekyll, Hugo), and an extension-less link (with or without a
  trailing `/`) is fine when a Markdown file of that name exists, or a folder of that name
  with an index, README or _index Markdown file.
- A root-relative link that does not resolve from the root is also tried from every folder
  above the file: a documentation site's root may be `docs/` or `content/`.
- In a repository that builds a documentation site (a generator's configuration file such
  as `book.toml`, `mkdocs.yml`, `docusaurus.config.js`, `hugo.toml` or `_config.yml`
  anywhere in it), a root-relative link that still does not resolve is a site URL and is not
  reported, and a relative link is also tried from the page's own URL (for example
  `docs/guide.md`, served as `docs/guide/`). In a Docusaurus site, a `category/…` link is
  a generated index page and is not reported; in a VitePress site with `rewrites`, a link
  that names no file is the site's to resolve.
- `../../issues`, `../../wiki` and other forge routes that climb out of the repository
  are GitHub pages, not files, and are not reported.

## Anchors

A heading's anchor is the id the page's generator gives it, computed as that generator's
own code computes it, repeats numbered its way:

- outside every documentation site, and in Docusaurus, Astro and Starlight sites: GitHub's
  (github-slugger): `What's new?` is `whats-new`, `1.2.0 - 2024-01-01` is
  `120---2024-01-01`, repeats `-1`, `-2`;
- VitePress and VuePress: `@mdit-vue`'s slugify (`server.https` is `server-https`), or the
  site's own `markdown.anchor.slugify` when it is `@mdit-vue`'s steps without lower-casing or
  trimming (pinia's: `## Suspense` is `#Suspense`); another function of the site's own is
  compared loosely (no case, no edge dashes);
- MkDocs: Python-Markdown's `toc` slugify (`` `--gpg-sign` `` is `-gpg-sign`,
  `Prerequisites & Setup` is `prerequisites-setup`, repeats `_1`), or `slugify_unicode` or
  `pymdownx.slugs.slugify` when `mkdocs.yml` sets it; a folder whose `api/` or `reference/`
  pages hold mkdocstrings' `::: package.module` is an MkDocs site whose config lives
  elsewhere (pydantic-ai's docs, built from another repository);
- Hugo: goldmark's ids (`autoHeadingIDType` `github`, `github-ascii` or `blackfriday`);
- Jekyll: kramdown's GFM ids (or kramdown's own with `input: kramdown`), with
  `auto_id_prefix`; where a layout loads AnchorJS, a heading written in HTML has the id
  AnchorJS gives it in the browser (`<h2>System requirements</h2>` is `system-requirements`);
  a document of a collection with `output: false` is rendered into another page, which
  holds the anchors its own `#fragment` links name;
- mdBook: its `normalize_id`; Sphinx with MyST: MyST's slugify;
- Fumadocs (its `source.config` file, from `fumadocs-mdx`): github-slugger, and a heading's
  trailing `[#id]` is its id;
- Nextra (a `next.config.*` that imports `nextra`): github-slugger; an App Router page
  (a `page.mdx`) is served at its folder's URL, the folder `docs/latex` of the app at
  `/docs/latex`, whence its relative links are read;
- Nuxt Content (`content.config.*` from `@nuxt/content`, Docus; a docs folder with undocs'
  own `docs.yaml` config whose package manifest depends on undocs):
  its pages are in `content/` (undocs: the docs folder), and a URL leaves out each path
  segment's `1.` order prefix (`/guide/app` is `1.guide/2.app.md`, a folder's page its
  `index`); heading ids are @nuxtjs/mdc's: github-slugger's with `-` runs made one, edge
  dashes dropped (`## Nuxt project <UIcon/>` is `nuxt-project`) and `_` before a leading
  digit;
- pmndrs/docs (a workflow that runs its reusable build workflow on the folder its
  `mdx:` names; zustand's, drei's): its slugify, which keeps punctuation
  (`I’ve updated the state` is `i’ve-updated-the-state`) and numbers no repeat;
- Astro and Starlight: github-slugger, and its id without the trailing `-` a badge after the
  title leaves (`### exportPlatform <Badge />` is `#exportplatform`) or with every extra `-`
  dropped, as Astro's releases make them;
- Rspress (`rspress.config.*`): github-slugger on the heading's text trimmed (a JSX badge
  after the title leaves no `-`: `## dev.writeToDisk <Badge />` is `#devwritetodisk`),
  `{#id}` its own; its pages are in `root` (`docs/`), a site-root
  link from a page goes under that page's language folder (`docs/en/`), and `public/` is
  served at the root;
- Zola (its config.toml or zola.toml with `base_url`, beside a content folder): the `slug` crate's
  ids (`example`, `example-1`), a page with a heading it spells in ASCII (`⚙️ Settings`) or a
  site with `[slugify] anchors` other than `on` taken as having ids relman cannot all know;
  `@/page.md` is that page of the content folder, and `{{ name(…) }}`/`{% name(…) %}` are
  shortcodes.

In an MkDocs site with `pymdownx.tabbed`'s `slugify`, each content tab (`=== "Title"`) has the
id its title slugs to (after its heading's with `combine_header_slug`). In MDX, a heading
inside a JSX element (`<Search>` then `  ## Features`) is a heading of the page. A Starlight
page's URL is its path in lower case (`./apps` is the folder `Apps/`). A page that places a
component alone on a line (`<Settings />` in a VitePress page, or in MDX) may have ids the
component writes: a link to an id relman does not find there is a warning. A link to a
file the site serves from its root (Hugo's `static/`, VitePress' and Next's `public/`, an
MkDocs theme's `custom_dir`) or
through a path alias of the site's `tsconfig.json` (`@assets/x.png`) is to that file.

A `{#custom-id}` (or `{: #id}`, or attr_list's `{ id="custom-id" }`) at the end of a heading and an HTML `id` or `name`
attribute are anchors too, and so is the slug of a heading with its emoji shortcodes
(`:rocket:`) removed, as GitHub and VitePress render them (and MkDocs' pymdownx.emoji,
whose icons are SVGs). A site's generator gives a heading
with its own id that id alone, not its text's slug. In VitePress (markdown-it-attrs) and MkDocs
(attr_list) a `{#id}` ending a paragraph, a list item or a container's title is an anchor too.
A link to `/` from a site's page is to the site's home page (the index page of its pages
folder, or a Docusaurus home page written in React, whose ids are not read), not to the
repository's README.

A file belongs to the site whose pages folder holds it: the folder of `.vitepress/`
(or its `srcDir`), MkDocs' `docs_dir`, the Docusaurus, Jekyll, Astro or Sphinx project, Hugo's
`content/`, mdBook's `src`. `[lint] generator` in `release.toml` names the generator of a
folder when the detection is wrong (`generator = "mkdocs"`, or
`generator = { "docs" = "vitepress" }`; `github` reads a folder as GitHub renders it).
`relman lint --verbose` and this page, run in a repository, say how each folder was read.

A fragment matches when it equals an anchor after decoding, as a browser matches it: no
loose matching. VitePress slugifies a link's fragment as it slugifies headings, so in its
pages the slugified fragment matches too (VuePress leaves the fragment as written). A page whose anchors are not all its own headings
is not judged: one that includes other files or has content its generator writes
(VitePress `<!--@include:-->`, mdBook `{{#include}}`, Hugo `{{% %}}` shortcodes, MkDocs
snippets and `::: ` API or CLI references, Jekyll `{% include %}`, MDX imports, MyST
`{include}`). A Jekyll fragment (a Markdown file without front matter in a `_` folder,
which Jekyll copies rather than renders) has its `#anchor` links checked against the page
that pulls it in with `{% include_relative %}` and that page's other fragments. Where a site resolves links itself (Docusaurus doc ids, a Hugo link render
hook, MyST references to labels), a relative link without an extension that names no file is
the site's to check; so are Documenter.jl's `[f](@ref)` cross-references. Docusaurus also
resolves a relative link to a Markdown file from the root of the page's content too (its
docs folder, the folder of one version of the versioned docs, or a translation's folder
under `i18n/` and then the docs folder), and so does relman. In a
translation of a multilingual Hugo site, or of an MkDocs site built per language over the
default language's pages (`extra.alternate` naming `docs/de/docs` beside `docs/en/docs`),
or of mkdocs-static-i18n with a folder per language (`docs/ja/` beside the default
language's pages), a file missing from the page's language folder is looked for at the same
place in the other languages' folders, as the build serves it from there. A Jekyll post
(a dated file of a `_posts` folder) is served at its permalink (by default a folder per
year, month and day: `../../../` is the site's root): its relative URLs that are not
Markdown sources resolve from there. A link to a path
git ignores is to a file the build writes (a generated reference page, a coverage report):
in a site's page it is not reported as missing (read on a forge, it is); elsewhere, in a
paragraph that has the reader generate, build or run something first, it is a warning. Reference definitions may come from outside a page (MkDocs hooks and
`auto_append` snippets, Liquid or Jinja that writes them): there an undefined reference is
not reported. GitHub also accepts the `user-content-` prefix, `#top` and line fragments
(`#L10`, `#L10-L20`), so these always match. In a site whose generator relman does not
compute (Antora, Gatsby, Quarto, DocFX) the anchors are GitHub's, and the finding says so.
"#;

impl Rule for BrokenLink {
    fn id(&self) -> &'static str {
        "broken-link"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "relative links and images to missing files, folders or anchors; undefined references"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Output) {
        let mut own: Option<Anchors> = None;
        let mut links: Vec<AnchorLink> = Vec::new();
        let mut site: Option<bool> = None;
        // A file an MkDocs hook pastes into a page is read from that page's folder.
        let dir = ctx.sites.includer(&doc.path).map_or(doc.dir(), |page| {
            page.rsplit_once('/').map_or("", |(d, _)| d)
        });
        // A template's source (cargo's mdman pages) links from where its output is written.
        let template = super::placeholder::template_source(doc, ctx);
        // A template to fill in (`report-template.md`) writes a destination still to be
        // given as `<report-url>`: a blank, not a path.
        let blanks = super::placeholder::is_template_file(&doc.path);
        let myst = ctx
            .sites
            .built_by(&doc.path, super::sites::Generator::Sphinx);
        // (The markers are HTML comments: only a page with HTML can hold them.)
        let contributors = if doc.html.is_empty() {
            Vec::new()
        } else {
            all_contributors_blocks(&doc.text)
        };
        // all-contributors links each emoji to `#<type>-<login>` on purpose, an anchor no
        // page has, in a table it writes and rewrites ("Do not remove or modify").
        let generated = |dest: &str, at: usize| {
            dest.starts_with('#') && contributors.iter().any(|block| block.contains(&at))
        };
        for link in &doc.links {
            if link.auto
                || generated(&link.dest, link.range.start)
                || template
                || (blanks && blank_destination(doc, link))
                || aliased_import(doc, link)
                || (myst && myst_comment(doc, link.range.start))
                || (myst && external_class(doc, link.range.end))
            {
                continue;
            }
            check_link(
                doc,
                dir,
                ctx,
                &link.dest,
                // Findings point where the destination is written (what to fix).
                link.dest_at..link.range.end.max(link.dest_at + 1),
                &mut Deferred {
                    own: &mut own,
                    links: &mut links,
                },
                &mut site,
                out,
            );
        }
        // Raw HTML: `<a href>` and `<img src>` are links like the Markdown ones. A comment
        // with a blank line in it comes in several pieces: the ones inside are skipped.
        let mut in_comment = false;
        for range in doc.html.iter().filter(|_| !template) {
            let mut text = &doc.text[range.clone()];
            let mut offset = 0;
            if in_comment {
                let Some(end) = text.find("-->") else {
                    continue;
                };
                offset = end + 3;
                text = &text[offset..];
                in_comment = false;
            }
            if let Some(open) = text.rfind("<!--") {
                if !text[open..].contains("-->") {
                    in_comment = true;
                    text = &text[..open];
                }
            }
            for (dest, at) in html_links(text) {
                let start = range.start + offset + at;
                if generated(&dest, start) {
                    continue;
                }
                check_link(
                    doc,
                    dir,
                    ctx,
                    &dest,
                    start..start + dest.len().max(1),
                    &mut Deferred {
                        own: &mut own,
                        links: &mut links,
                    },
                    &mut site,
                    out,
                );
            }
        }
        let site = ctx.sites.of(&doc.path);
        // (A template's definitions may come from what includes it.)
        let defined_elsewhere = template
            || site.is_some_and(|s| {
                s.outside_definitions
                    || (s.owns_braces() && (doc.text.contains("{{") || doc.text.contains("{%")))
            });
        // mdbook-spec defines a rule's, a production's and a Rust path's label on every page
        // (`[x][items.static]`, `[Type][grammar-Type]`, `[`Clone`][macro@Clone]`).
        let spec = site.is_some_and(|s| s.spec);
        // (Math is looked for around each reference only in a page that has some.)
        let math = if !doc.undefined_refs.is_empty()
            && ["$$", "\\[", "\\("].iter().any(|m| doc.text.contains(m))
        {
            math_spans(&doc.text)
        } else {
            Vec::new()
        };
        let shortcode_defined = if site
            .is_some_and(|s| s.generator == super::sites::Generator::Hugo)
            && !doc.undefined_refs.is_empty()
        {
            definitions_around_shortcodes(&doc.text)
        } else {
            Vec::new()
        };
        // t-rex-ui's platform markers at a heading's end (`### onHoverIn [A][W]`): badges.
        let markers = site.is_some_and(|s| s.platform_markers);
        let not_ours = |at: usize, label: &str| {
            (markers && platform_marker(doc, at, label))
                || defined_elsewhere
                || in_spans(&math, at)
                || (spec && !label.contains(char::is_whitespace))
                || shortcode_defined.contains(&normalize_label(label))
                || site.is_some_and(|s| s.appended_labels.contains(&normalize_label(label)))
        };
        for (range, label) in doc
            .undefined_refs
            .iter()
            .filter(|(range, label)| !not_ours(range.start, label))
        {
            if let Some(message) = undefined_ref(doc, range.clone(), label) {
                out.findings.push(Finding::new(range.clone(), message));
            }
        }
        // Links from other files need this document's anchors too.
        let anchors = own.unwrap_or_else(|| page_anchors(doc, ctx));
        let labels = if ctx
            .sites
            .built_by(&doc.path, super::sites::Generator::Sphinx)
        {
            myst_labels(&doc.text)
        } else {
            Vec::new()
        };
        let includes = match site.map(|s| s.generator) {
            Some(super::sites::Generator::Jekyll) => relative_includes(doc),
            Some(super::sites::Generator::VitePress | super::sites::Generator::VuePress) => {
                markdown_includes(doc, site.map_or("", |s| s.content.as_str()))
            }
            _ => Vec::new(),
        };
        if anchors.open
            || anchors.rendered
            || !anchors.is_empty()
            || !links.is_empty()
            || !labels.is_empty()
            || !includes.is_empty()
        {
            out.keep(Kept {
                anchors,
                links,
                labels,
                includes,
            });
        }
    }

    /// Resolve every document's links to anchors of other files.
    fn finish(
        &self,
        docs: &mut Documents<'_>,
        ctx: &Context,
        repository: &dyn Repository,
        out: &mut Finished,
    ) -> anyhow::Result<()> {
        let none = Kept::default();
        let kept: Vec<&Kept> = (0..docs.len())
            .map(|i| docs.kept::<Kept>(i).unwrap_or(&none))
            .collect();
        let index: HashMap<&str, usize, FxBuild> = docs
            .paths()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        // Files outside the lint that a link points into are read once each, on every core.
        let labels: HashSet<&str> = kept
            .iter()
            .flat_map(|k| k.labels.iter().map(String::as_str))
            .collect();
        let mut seen: HashSet<&str, FxBuild> = HashSet::default();
        let wanted: Vec<&str> = kept
            .iter()
            .flat_map(|k| &k.links)
            .map(|link| link.target.as_str())
            .filter(|t| {
                !t.is_empty() && !index.contains_key(t) && seen.insert(t) && ctx.files.is_file(t)
            })
            .collect();
        // How a page's anchors are made besides its content: its path and its site (64
        // bits of their SHA-1).
        let kind = |path: &str| {
            let id = crate::git::blob_id(format!("{path}\0{:?}", ctx.sites.of(path)).as_bytes());
            id.get(..16)
                .and_then(|hex| u64::from_str_radix(hex, 16).ok())
                .unwrap_or(0)
        };
        let anchors = repository.anchors(&wanted, &kind, &|d| page_anchors(d, ctx));
        let outside: HashMap<&str, Option<Anchors>, FxBuild> =
            wanted.into_iter().zip(anchors).collect();
        let paths = docs.paths().to_vec();
        // The Jekyll pages that pull each fragment in.
        let mut includers: HashMap<&str, Vec<usize>, FxBuild> = HashMap::default();
        for (j, k) in kept.iter().enumerate() {
            for path in &k.includes {
                includers.entry(path.as_str()).or_default().push(j);
            }
        }
        let placed = |at: &Place, message: &String, warning: bool| {
            let placed = Placed::new(at.clone(), message.clone());
            if warning {
                placed.with_severity(Severity::Warning)
            } else {
                placed
            }
        };
        let check = |i: usize| -> Vec<Placed> {
            let mut found = Vec::new();
            for AnchorLink {
                target,
                fragment,
                at,
                missing,
            } in &kept[i].links
            {
                if *target == paths[i] {
                    // A fragment's own anchor: the including page's, or one of the
                    // fragments it pulls in. A Jekyll fragment that no page includes is
                    // never shown; a VitePress page that none includes is a page.
                    let Some(pages) = includers.get(target.as_str()) else {
                        if let Some((message, warning)) = missing {
                            found.push(placed(at, message, *warning));
                        }
                        continue;
                    };
                    let known = pages.iter().any(|&j| {
                        has_anchor(&kept[j].anchors, fragment)
                            || kept[j]
                                .includes
                                .iter()
                                .filter_map(|p| index.get(p.as_str()))
                                .any(|&f| has_anchor(&kept[f].anchors, fragment))
                    });
                    if !known {
                        let message = format!(
                            "`#{fragment}`: no heading or HTML id of `{}`, the page that includes this file, or of the files it includes has that slug",
                            paths[pages[0]]
                        );
                        // Components the fragment or its pages place may write the id.
                        let rendered = missing.as_ref().is_some_and(|(_, warning)| *warning)
                            || pages.iter().any(|&j| kept[j].anchors.rendered);
                        if rendered {
                            let message = format!(
                                "{message}; the pages place components, whose ids relman cannot read"
                            );
                            found.push(placed(at, &message, true));
                        } else {
                            found.push(Placed::new(at.clone(), message));
                        }
                    }
                    continue;
                }
                if let Some((message, warning)) = missing {
                    if !labels.contains(fragment.to_lowercase().as_str()) {
                        found.push(placed(at, message, *warning));
                    }
                    continue;
                }
                if target.is_empty() {
                    if !labels.contains(fragment.to_lowercase().as_str()) {
                        found.push(Placed::new(
                            at.clone(),
                            format!(
                                "`#{fragment}`: no heading of this page and no `({fragment})=` label of the project has that name"
                            ),
                        ));
                    }
                    continue;
                }
                let anchors = match index.get(target.as_str()) {
                    Some(&t) => &kept[t].anchors,
                    None => match outside.get(target.as_str()) {
                        Some(Some(anchors)) => anchors,
                        _ => continue,
                    },
                };
                if !matches_anchor(anchors, fragment, ctx, &paths[i]) {
                    let mut message = anchor_message_near(target, fragment, anchors);
                    site_note(&mut message, ctx, target);
                    let placed = Placed::new(at.clone(), rendered_note(message, anchors));
                    found.push(if anchors.rendered {
                        placed.with_severity(Severity::Warning)
                    } else {
                        placed
                    });
                }
            }
            found
        };
        // Both cores when there are many: the lookups are independent.
        let links: usize = kept.iter().map(|k| k.links.len()).sum();
        let half = if links < 1024 {
            kept.len()
        } else {
            kept.len() / 2
        };
        let found: Vec<(usize, Vec<Placed>)> = std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                (half..kept.len())
                    .map(|i| (i, check(i)))
                    .collect::<Vec<_>>()
            });
            let mut first: Vec<_> = (0..half).map(|i| (i, check(i))).collect();
            // A panic there is this step's: the runner reports it.
            first.extend(
                second
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
            first
        });
        out.findings.extend(
            found
                .into_iter()
                .flat_map(|(i, placed)| placed.into_iter().map(move |p| (i, p))),
        );
        Ok(())
    }

    fn reports_unreadable(&self, why: Unreadable) -> bool {
        why == Unreadable::Link
    }
}

/// What `broken-link` keeps of a document for its cross-file step.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    /// The document's anchors, for the links of other documents.
    pub(crate) anchors: Anchors,
    /// Its links to anchors of other Markdown files (an empty target: a MyST label anywhere
    /// in the project).
    pub(crate) links: Vec<AnchorLink>,
    /// The MyST labels it defines (`(label)=`, a directive's `:name:`), lower-cased.
    pub(crate) labels: Vec<String>,
    /// The files a Jekyll page pulls in with `{% include_relative %}`, root-relative: their
    /// `#anchor` links are this page's.
    pub(crate) includes: Vec<String>,
}

/// A heading's text without the t-rex-ui platform markers ending it (`hitSlop [A][I]`
/// is `hitSlop`): its `TRAILING_MARKERS_REGEX`, `(?:\s*\[[AIW]\])+` at the end, then
/// `trimEnd()`.
fn without_platform_markers(text: &str) -> &str {
    let mut rest = text.trim_end();
    while let Some(before) = ["[A]", "[I]", "[W]"]
        .iter()
        .find_map(|m| rest.strip_suffix(m))
    {
        rest = before.trim_end();
    }
    rest
}

/// Whether the undefined reference `label` at `at` is one of t-rex-ui's platform markers
/// ending a heading's line (`[A][W]`).
fn platform_marker(doc: &Document, at: usize, label: &str) -> bool {
    matches!(label, "A" | "I" | "W")
        && doc.headings.iter().any(|h| {
            h.range.contains(&at) && {
                let line = doc.text[h.range.clone()].lines().next().unwrap_or("");
                let line = custom_id(line).map_or(line, |(rest, _)| rest);
                // Only in the run of markers that ends the heading.
                let run = h.range.start + without_platform_markers(line).len();
                run < h.range.start + line.trim_end().len() && at >= run
            }
        })
}

/// Whether a link's destination could be a MyST label (`incus_list.md`): one name ending
/// in `.md`, as a page's, with no folder and no blank.
fn myst_label_like(dest: &str) -> bool {
    dest.len() > 3
        && dest.as_bytes()[dest.len() - 3..].eq_ignore_ascii_case(b".md")
        && !dest.contains(['/', ' ', '\t'])
}

/// The labels a MyST page defines, lower case (Sphinx compares them so): `(label)=` lines,
/// directives' `:name: label`, `{figure-md} label`, and attributes' `{#label}` (on a block
/// or a span).
fn myst_labels(text: &str) -> Vec<String> {
    let mut labels: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let t = l.trim();
            if let Some(label) = t.strip_prefix('(').and_then(|r| r.strip_suffix(")=")) {
                return Some(label.trim().to_lowercase());
            }
            if let Some(at) = t.find("{figure-md}") {
                return Some(t[at + "{figure-md}".len()..].trim().to_lowercase());
            }
            // (mystmd takes `:label:` for `:name:`.)
            t.strip_prefix(":name:")
                .or_else(|| t.strip_prefix(":label:"))
                .map(|n| n.trim().to_lowercase())
        })
        .collect();
    let mut rest = text;
    while let Some(at) = rest.find("{#") {
        rest = &rest[at + 2..];
        let end = rest
            .find(|c: char| c == '}' || c.is_whitespace())
            .unwrap_or(rest.len());
        labels.push(rest[..end].to_lowercase());
    }
    labels.retain(|l| !l.is_empty());
    labels
}

/// A link to an anchor in another file, checked once every file's anchors are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnchorLink {
    /// Root-relative path of the target Markdown file.
    pub(crate) target: String,
    /// The fragment, percent-decoded, without `#`.
    pub(crate) fragment: String,
    /// Where the link is, in the linking document.
    pub(crate) at: Place,
    /// The finding, and whether it is a warning, when the cross-file step finds nothing
    /// for the link either: a MyST label written as the destination (`[x](incus_list.md)`,
    /// no such file) that no page defines (a warning when the site's build writes pages,
    /// whose labels relman cannot see); a VitePress page's own anchor that no page
    /// including it has.
    pub(crate) missing: Option<(String, bool)>,
}

/// What a check puts off: this document's anchors (computed when first needed) and its
/// links to anchors of other files.
struct Deferred<'a> {
    own: &'a mut Option<Anchors>,
    links: &'a mut Vec<AnchorLink>,
}

/// The destinations of the `<a href="…">` and `<img src="…">` tags of a piece of HTML,
/// with where each value starts in it; comments are skipped, `&amp;`-style entities of the
/// value decoded. Only attributes named exactly `href`/`src` count (not Vue's `:href`).
pub(super) fn html_links(html: &str) -> Vec<(String, usize)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + lt;
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let name_end = html[start + 1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(html.len(), |e| start + 1 + e);
        let name = &html[start + 1..name_end];
        let end = html[name_end..]
            .find('>')
            .map_or(html.len(), |e| name_end + e);
        let wanted = if name.eq_ignore_ascii_case("a") {
            "href"
        } else if name.eq_ignore_ascii_case("img") {
            "src"
        } else {
            i = name_end.max(start + 1);
            continue;
        };
        // `src={useBaseUrl('img/x.png')}`: a JSX expression (MDX), not a URL.
        if let Some((value, at)) =
            attribute(&html[name_end..end], wanted).filter(|(v, _)| !v.starts_with('{'))
        {
            out.push((decode_entities(value), name_end + at));
        }
        i = end.max(start + 1);
    }
    out
}

/// The value of attribute `name` in a tag's attribute text, and where it starts.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<(&'a str, usize)> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // An attribute name starts after whitespace.
        if !bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let this = &attrs[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value_start, value_end) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |e| i + 1 + e);
                (i + 1, end)
            }
            Some(_) => {
                let end = attrs[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(attrs.len(), |e| i + e);
                (i, end)
            }
            None => return None,
        };
        if this.eq_ignore_ascii_case(name) {
            return Some((&attrs[value_start..value_end], value_start));
        }
        i = value_end + 1;
    }
    None
}

/// The character references of an attribute value decoded: `&amp;`, `&quot;`, `&apos;`,
/// `&lt;`, `&gt;` and numeric ones (`&#109;`, `&#x2F;`); others are kept as written.
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest[..rest.len().min(12)].find(';').and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        if let Some((c, end)) = decoded {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Check one link destination (`dir` is `doc.dir()`).
/// Whether the link ending at `end` carries MyST's `external` class
/// (`[REPL](../console.html){.external}`, attrs_inline): Sphinx writes it as a URL, as
/// written, and never looks for a file.
fn external_class(doc: &Document, end: usize) -> bool {
    let Some(attrs) = doc.text.get(end..).and_then(|t| t.strip_prefix('{')) else {
        return false;
    };
    let Some(attrs) = attrs.split_once('}').map(|(a, _)| a) else {
        return false;
    };
    attrs
        .split_whitespace()
        .any(|w| w == ".external" || w == "class=\"external\"")
}

#[allow(clippy::too_many_arguments)]
fn check_link(
    doc: &Document,
    dir: &str,
    ctx: &Context,
    dest: &str,
    range: Range<usize>,
    deferred: &mut Deferred<'_>,
    site: &mut Option<bool>,
    out: &mut Output,
) {
    let dest = dest.trim();
    if dest.is_empty()
        || is_templated(dest)
        || is_external(dest)
        || memchr::memchr(b'\\', dest.as_bytes()).is_some()
        || is_rust_path(dest)
    {
        return;
    }
    // `[rule](<[#465](https://…/issues/465)>)`: a whole link written as a destination.
    if dest.starts_with('[') && dest.contains("](") {
        out.findings.push(Finding::new(
            range,
            format!(
                "{} is a Markdown link written as a link's destination: give the link its URL",
                code_span(dest)
            ),
        ));
        return;
    }
    let (before, fragment) = match memchr::memchr(b'#', dest.as_bytes()) {
        Some(i) => (&dest[..i], Some(&dest[i + 1..])),
        None => (dest, None),
    };
    let raw_path = memchr::memchr(b'?', before.as_bytes()).map_or(before, |i| &before[..i]);
    // A text fragment's directive (`#setup:~:text=Install`) is the browser's, after the id.
    let fragment = fragment.map(|f| {
        // (Most fragments hold no `:` at all: one memchr tells.)
        let directive = memchr::memchr(b':', f.as_bytes()).and_then(|_| f.find(":~:"));
        let f = directive.filter(|&at| at > 0).map_or(f, |at| &f[..at]);
        percent_decode(f).into_owned()
    });
    if raw_path.is_empty() {
        // In a Sphinx site with MyST, `[text](#target)` is a cross-reference: a heading of
        // this page, or a `(target)=` label or document anywhere in the project.
        if ctx
            .sites
            .built_by(&doc.path, super::sites::Generator::Sphinx)
        {
            // A document (`#syntax/referencing`), a glossary term (`#my term`) or an object
            // (`#pkg.Class`, or a class by its name: `#Spawner`, which no heading's slug is)
            // is Sphinx's to resolve; a name is a heading of this page or a label anywhere,
            // checked once every page's labels are known.
            if let Some(fragment) = fragment.filter(|f| {
                !f.is_empty()
                    && !f.contains(['/', ' ', '.', ':'])
                    && !f.starts_with(|c: char| c.is_ascii_uppercase())
                    && ctx.whole_project
            }) {
                let anchors = deferred.own.get_or_insert_with(|| page_anchors(doc, ctx));
                if !matches_anchor(anchors, &fragment, ctx, &doc.path) {
                    deferred.links.push(AnchorLink {
                        target: String::new(),
                        fragment,
                        at: Place::of(doc, range.start),
                        missing: None,
                    });
                }
            }
            return;
        }
        if let Some(fragment) = fragment {
            let fragment_file = ctx.sites.of(&doc.path).is_some_and(|s| {
                s.generator == super::sites::Generator::Jekyll && jekyll_fragment(doc, &s.content)
            });
            if fragment_file && !always_valid_fragment(&fragment) {
                // A fragment a page pulls in: its anchor is that page's, or another
                // fragment's of it, known once every page was read.
                let anchors = deferred.own.get_or_insert_with(|| page_anchors(doc, ctx));
                if ctx.whole_project && !has_anchor(anchors, &fragment) {
                    deferred.links.push(AnchorLink {
                        target: doc.path.clone(),
                        fragment,
                        at: Place::of(doc, range.start),
                        missing: None,
                    });
                }
                return;
            }
            // GitHub's page around a rendered file: `<div id="readme">` holds it, and the
            // skip link's `#start-of-content` is on every page.
            let github_page = |f: &str| {
                matches!(f, "readme" | "start-of-content") && ctx.sites.of(&doc.path).is_none()
            };
            if !always_valid_fragment(&fragment) && !github_page(&fragment) {
                let anchors = deferred.own.get_or_insert_with(|| page_anchors(doc, ctx));
                if !matches_anchor(anchors, &fragment, ctx, &doc.path) {
                    let mut message = own_anchor_message(&fragment, anchors);
                    site_note(&mut message, ctx, &doc.path);
                    let finding = own_anchor_finding(range, message, anchors);
                    let included = ctx.sites.of(&doc.path).is_some_and(|s| {
                        matches!(
                            s.generator,
                            super::sites::Generator::VitePress | super::sites::Generator::VuePress
                        )
                    });
                    if included && ctx.whole_project {
                        // A fragment that pages pull in (`<!--@include: @shared/x.md-->`):
                        // its `#mutate` may be theirs, known once every page was read.
                        deferred.links.push(AnchorLink {
                            target: doc.path.clone(),
                            fragment,
                            at: Place::of(doc, finding.range.start),
                            missing: Some((
                                finding.message,
                                finding.severity == Some(Severity::Warning),
                            )),
                        });
                    } else {
                        out.findings.push(finding);
                    }
                }
            }
        }
        return;
    }
    let decoded = percent_decode(raw_path);
    let absolute = decoded.starts_with('/');
    // Zola's internal link: `@/` is its content folder.
    let zola = decoded.strip_prefix("@/").and_then(|rest| {
        let site = ctx.sites.of(&doc.path)?;
        (site.generator == super::sites::Generator::Other(super::sites::ZOLA))
            .then_some((site.content.as_str(), rest))
    });
    if zola.is_some_and(|(_, rel)| {
        !std::path::Path::new(rel)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    }) {
        // Zola stops the build: an internal link names a page's or a section's file.
        out.findings.push(Finding::new(
            range,
            format!(
                "`{raw_path}`: Zola's internal links name the Markdown file of a page or section (`@/blog/_index.md`, `@/blog/post.md`)"
            ),
        ));
        return;
    }
    let (base, rel) = match (zola, decoded.strip_prefix('/')) {
        (Some(zola), _) => zola,
        (None, Some(rest)) => ("", rest),
        (None, None) => (dir, decoded.as_ref()),
    };
    let want_dir = decoded.ends_with('/');
    if absolute && rel.is_empty() {
        // `/` in a site's page is the site's home page, not the repository's README.
        if let Some(site) = ctx.sites.of(&doc.path) {
            follow(
                doc,
                ctx,
                home_page(site, ctx),
                fragment,
                range,
                deferred,
                out,
            );
            return;
        }
    }
    if absolute && !rel.is_empty() {
        // A site-root URL is first the site's page: from its content root, for its own
        // pages (shiki's `/packages/transformers` is `docs/packages/transformers.md`, not
        // the repository's `packages/transformers/`) and for a TypeDoc template beside them
        // (it links `/reference/core-api/` as the site serves it), or for Docusaurus from
        // its `src/pages/` too (`/pricing` is `src/pages/pricing.tsx`).
        let from_content = ctx.sites.of(&doc.path).and_then(|site| {
            if site.generator == super::sites::Generator::Other(super::sites::NUXT_CONTENT) {
                if let Some(page) = nuxt_route(&site.content, rel, ctx) {
                    return Some(Resolved::File(Cow::Owned(page)));
                }
            }
            let rspress = site.generator == super::sites::Generator::Other(super::sites::RSPRESS);
            rspress_locale(site, &doc.path)
                .into_iter()
                .chain(url_roots(site))
                .filter(|root| !root.is_empty())
                .filter_map(|root| normalize(&root, rel).ok())
                .map(|target| match resolve(&target, want_dir, ctx) {
                    // Rspress drops a page's extension: `/api/x.md` is `x.mdx` too.
                    Resolved::Missing if rspress => target
                        .strip_suffix(".md")
                        .map(|stem| format!("{stem}.mdx"))
                        .filter(|mdx| ctx.files.is_file(mdx))
                        .map_or(Resolved::Missing, |mdx| Resolved::File(Cow::Owned(mdx))),
                    // A page that is code (`pricing.tsx`): its ids cannot be read.
                    Resolved::Missing if page_in_code(&target, ctx) => Resolved::Unchecked,
                    found => found.into_owned(),
                })
                .find(|found| !matches!(found, Resolved::Missing))
        });
        // Docusaurus serves only its plugins' pages: a URL none of them has is a route of
        // the site (a plugin's, a redirect), never the repository's folder of that name
        // (typescript-eslint's `/packages/parser` is `docs/packages/Parser.mdx`, not
        // `packages/parser/README.md`).
        let docusaurus = ctx
            .sites
            .of(&doc.path)
            .filter(|s| s.generator == super::sites::Generator::Docusaurus);
        if let Some(site) = docusaurus.filter(|_| from_content.is_none()) {
            let found = docusaurus_route(site, rel, want_dir, ctx).unwrap_or(Resolved::Unchecked);
            follow(doc, ctx, found, fragment, range, deferred, out);
            return;
        }
        if let Some(found) = from_content
            .or_else(|| resolve_from_ancestors(dir, rel, want_dir, ctx))
            .or_else(|| next_public(doc, rel, want_dir, ctx))
            .or_else(|| {
                // A URL the site's `_redirects` sends on (prometheus/docs' old paths).
                super::redirected(&ctx.redirects, &format!("/{rel}")).then_some(Resolved::Unchecked)
            })
        {
            follow(doc, ctx, found, fragment, range, deferred, out);
            return;
        }
    }
    // A Jekyll page served as a folder: a URL that is not a `.md` source's (those
    // jekyll-relative-links rewrites) is the browser's, from the page's folder URL.
    if let Some(found) = folder_url_target(doc, ctx, rel, absolute, zola.is_some(), want_dir) {
        follow(doc, ctx, found, fragment, range, deferred, out);
        return;
    }
    // A Jekyll post's URL that does not resolve from its file is read from where the post
    // is served.
    if let Some(target) = (!absolute)
        .then(|| post_target(doc, ctx, rel))
        .flatten()
        .filter(|_| {
            normalize(base, rel).map_or(true, |t| {
                matches!(resolve(&t, want_dir, ctx), Resolved::Missing)
            })
        })
    {
        match resolve_served(doc, ctx, &target, rel, want_dir).into_owned() {
            Resolved::Missing => out
                .findings
                .push(Finding::new(range, missing_message(ctx, raw_path, &target))),
            found => follow(doc, ctx, found, fragment, range, deferred, out),
        }
        return;
    }
    let target = match normalize(base, rel) {
        Ok(target) => target,
        Err(rest) => {
            // A site serves `docs/page.md` at `docs/page/`: one `..` more is written from
            // there (just-the-docs' `../../assets/x.jpg`), and a link that leaves the
            // repository from the file may stay in the site from its URL.
            let page = doc
                .path
                .rsplit_once('.')
                .map_or(doc.path.as_str(), |(p, _)| p);
            // Material for MkDocs' blog serves `blog/posts/x.md` at `blog/YYYY/MM/DD/slug/`
            // (its default `post_url_format`), whence a raw HTML URL is written.
            let post = ctx
                .sites
                .of(&doc.path)
                .filter(|s| s.generator == super::sites::Generator::MkDocs)
                .and_then(|_| doc.path.split_once("/posts/"))
                .map(|(blog, _)| format!("{blog}/yyyy/mm/dd/slug"));
            if let Some(found) = (*site.get_or_insert_with(|| builds_site(ctx)))
                .then(|| {
                    normalize(page, rel)
                        .ok()
                        .filter(|t| !matches!(resolve(t, want_dir, ctx), Resolved::Missing))
                        .or_else(|| post.and_then(|p| normalize(&p, rel).ok()))
                })
                .flatten()
                .map(|t| resolve(&t, want_dir, ctx).into_owned())
                .filter(|found| !matches!(found, Resolved::Missing))
            {
                follow(doc, ctx, found, fragment, range, deferred, out);
                return;
            }
            if let Some(served) = clamped_at_site_root(doc, ctx, rel)
                .filter(|t| !matches!(resolve(t, want_dir, ctx), Resolved::Missing))
            {
                out.findings
                    .push(climbs_above_root(range, raw_path, &served));
                return;
            }
            if !is_forge_route(&rest) {
                out.findings.push(Finding::new(
                    range,
                    format!("{} leaves the repository", code_span(raw_path)),
                ));
            }
            return;
        }
    };
    let found = match resolve_served(doc, ctx, &target, rel, want_dir) {
        Resolved::Missing => {
            let site = *site.get_or_insert_with(|| builds_site(ctx));
            match fallback(doc, ctx, &target, rel, want_dir, absolute, site) {
                // `../tree/HEAD/README.md` in a text a forge shows under its own URLs (a
                // pull request comment's template): a route of the forge, not a file.
                Resolved::Missing if forge_ref_route(&target) => return,
                // In a site's page, a file git ignores is one the site's build writes (uv's
                // generated `docs/reference/cli.md`): not there to check, not gone. Read on
                // a forge, the same link is broken, and is reported.
                Resolved::Missing
                    if ctx.sites.of(&doc.path).is_some() && ctx.files.generated(&target) =>
                {
                    return
                }
                // Outside a site, the same link in a paragraph that has the reader run the
                // command that writes it (starlight's CONTRIBUTING: "generate an HTML report
                // you can load … by opening [it](./packages/starlight/__coverage__/index.html)")
                // works once they did: a warning, as the forge shows it broken.
                Resolved::Missing
                    if ctx.files.generated(&target)
                        && paragraph_has_it_written(doc, range.start) =>
                {
                    out.findings.push(
                        Finding::new(
                            range,
                            format!(
                                "{} is a file git ignores, which the text has the reader write first: the link is broken until then, and on a forge",
                                code_span(raw_path)
                            ),
                        )
                        .warning(),
                    );
                    return;
                }
                Resolved::Missing => {
                    if let Some(found) = astro_case(doc, ctx, &target, want_dir) {
                        follow(doc, ctx, found, fragment, range, deferred, out);
                        return;
                    }
                    if let Some(served) = (!absolute)
                        .then(|| clamped_at_site_root(doc, ctx, rel))
                        .flatten()
                        .filter(|t| *t != target)
                        .filter(|t| !matches!(resolve(t, want_dir, ctx), Resolved::Missing))
                    {
                        out.findings
                            .push(climbs_above_root(range, raw_path, &served));
                        return;
                    }
                    let message = missing_message(ctx, raw_path, &target);
                    if let Some(site) = ctx
                        .sites
                        .of(&doc.path)
                        .filter(|s| s.generator == super::sites::Generator::Sphinx)
                        .filter(|_| !absolute && myst_label_like(raw_path))
                    {
                        // MyST reads a destination that names no file as a reference to
                        // a target (myst-parser's `render_internal_link`): a `(name.md)=`
                        // label anywhere in the project, checked once all are known.
                        let mut message = format!(
                            "{message}, and no `({raw_path})=` label of the project has that name"
                        );
                        if !ctx.whole_project {
                            // Only the pages given are read: another's label is not known.
                            out.findings.push(
                                Finding::new(
                                    range,
                                    format!("{message} among the files linted (lint the whole project to read every page's labels)"),
                                )
                                .warning(),
                            );
                            return;
                        }
                        {
                            if site.build_writes {
                                message = format!(
                                    "{message} (`{}` writes pages when it builds, whose labels relman cannot see)",
                                    site.config
                                );
                            }
                            deferred.links.push(AnchorLink {
                                target: String::new(),
                                fragment: raw_path.to_string(),
                                at: Place::of(doc, range.start),
                                missing: Some((message, site.build_writes)),
                            });
                        }
                        return;
                    }
                    out.findings.push(Finding::new(range, message));
                    return;
                }
                found => found,
            }
        }
        found => found,
    };
    follow(doc, ctx, found, fragment, range, deferred, out);
}

/// VuePress' code import through one of the site's path aliases: `@[code](@snippets/x.sh)`,
/// whose alias `importCode.handleImportPath` maps in the site's config (a relative
/// `@[code](./x.sh)` is checked as the file it is).
fn aliased_import(doc: &Document, link: &super::document::Link) -> bool {
    link.dest.starts_with('@')
        && link.range.start > 0
        && doc.text.as_bytes()[link.range.start - 1] == b'@'
        && doc.text[link.range.start..].starts_with("[code")
}

/// Whether the line holding byte `at` is a MyST comment (`% text`): nothing in it is
/// rendered.
fn myst_comment(doc: &Document, at: usize) -> bool {
    let start = doc.text[..at].rfind('\n').map_or(0, |i| i + 1);
    doc.text[start..]
        .trim_start_matches([' ', '\t'])
        .starts_with('%')
}

/// Whether a link's destination is written as a blank to fill in: `<word>`, a word in angle
/// brackets, of letters, digits, `-` and `_`.
fn blank_destination(doc: &Document, link: &super::document::Link) -> bool {
    let bytes = doc.text.as_bytes();
    link.dest_at > 0
        && bytes.get(link.dest_at - 1) == Some(&b'<')
        && bytes.get(link.dest_at + link.dest.len()) == Some(&b'>')
        && !link.dest.is_empty()
        && link.dest.bytes().any(|b| b.is_ascii_alphabetic())
        && link
            .dest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

/// Whether the paragraph up to byte `at` tells the reader to run what writes a file
/// ("run `pnpm test:coverage`", "generate an HTML report", "after building").
fn paragraph_has_it_written(doc: &Document, at: usize) -> bool {
    const WRITES: &[&str] = &[
        "generate", "build", "run ", "running", "produce", "create", "write",
    ];
    let text = &doc.text[..at];
    let start = text.rfind("\n\n").map_or(0, |i| i + 2);
    let paragraph = text[start..].to_ascii_lowercase();
    WRITES.iter().any(|w| paragraph.contains(w))
}

/// The labels (normalized) of a Hugo page's link definitions when one of them holds a
/// shortcode (`[x]: {{< relref "y" >}}`): Hugo puts a placeholder without spaces in its place
/// before Markdown reads the page, so that line and the definitions after it are
/// definitions, which CommonMark alone reads as a paragraph.
fn definitions_around_shortcodes(text: &str) -> Vec<String> {
    fn definition(line: &str) -> Option<(String, &str)> {
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 {
            return None;
        }
        let (label, after) = t.strip_prefix('[')?.split_once("]:")?;
        (!label.is_empty() && !label.contains(']')).then(|| (normalize_label(label), after))
    }
    let found: Vec<(String, &str)> = text.lines().filter_map(definition).collect();
    if !found
        .iter()
        .any(|(_, dest)| dest.contains("{{<") || dest.contains("{{%"))
    {
        return Vec::new();
    }
    found.into_iter().map(|(label, _)| label).collect()
}

/// A reference label as CommonMark matches it: case folded, inner white space collapsed.
pub(crate) fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where a relative URL of a page of a Jekyll site with folder URLs leads, read from the
/// page's URL (`_articles/fr/x.md` is served at `…/fr/x/`, so `../y/` is `fr/y.md`), when
/// that is a file of the repository.
fn folder_url_target(
    doc: &Document,
    ctx: &Context,
    rel: &str,
    absolute: bool,
    zola: bool,
    want_dir: bool,
) -> Option<Resolved<'static>> {
    if absolute || zola || rel.is_empty() {
        return None;
    }
    let site = ctx.sites.of(&doc.path)?;
    let path = rel.split(['?', '#']).next().unwrap_or(rel);
    let markdown = path.rsplit_once('.').is_some_and(|(_, ext)| {
        ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")
    });
    if !site.folder_urls || markdown {
        return None;
    }
    // The page's URL, as a path of the site: a root-served collection's pages
    // (`_articles/fr/x.md`) are at `fr/x/`.
    let (collection, path) = site
        .root_collections
        .iter()
        .find_map(|c| {
            Some((
                c.as_str(),
                doc.path.strip_prefix(c.as_str())?.strip_prefix('/')?,
            ))
        })
        .unwrap_or(("", doc.path.as_str()));
    let path = if collection.is_empty() {
        path.strip_prefix(site.content.as_str())
            .map_or(path, |p| p.trim_start_matches('/'))
    } else {
        path
    };
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    // An index page is its folder's URL.
    let url = if matches!(stem, "index" | "README") {
        dir.to_string()
    } else {
        join(dir, stem)
    };
    let target = normalize(&url, rel).ok()?;
    // That URL is a page of the site's folder, or of a collection served at the root.
    std::iter::once(site.content.as_str())
        .chain(site.root_collections.iter().map(String::as_str))
        .map(|root| join(root, &target))
        .find_map(|candidate| existing(&candidate, want_dir, ctx))
}

/// What `target` resolves to, when it is there.
fn existing(target: &str, want_dir: bool, ctx: &Context) -> Option<Resolved<'static>> {
    match resolve(target, want_dir, ctx) {
        Resolved::Missing => None,
        found => Some(found.into_owned()),
    }
}

/// A relative URL that climbs above its site's root: a browser drops the `..` it cannot
/// follow, so it works, by accident (a warning).
fn climbs_above_root(range: Range<usize>, raw_path: &str, served: &str) -> Finding {
    Finding::new(
        range,
        format!(
            "{} climbs above the site's root, which the browser stops at: it loads `{served}`; write the path from the page or from the root",
            code_span(raw_path)
        ),
    )
    .warning()
}

/// Where a relative URL that climbs above its site's root lands in a browser, which drops
/// the `..` it cannot follow (RFC 3986): the file of the site's folder, from the page's.
fn clamped_at_site_root(doc: &Document, ctx: &Context, rel: &str) -> Option<String> {
    let site = ctx.sites.of(&doc.path)?;
    let dir = doc.dir();
    let within = if site.content.is_empty() {
        dir
    } else {
        dir.strip_prefix(site.content.as_str())?
            .trim_start_matches('/')
    };
    let mut parts: Vec<&str> = within.split('/').filter(|p| !p.is_empty()).collect();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(join(&site.content, &parts.join("/")))
}

/// The ids of a page's headings and definition terms together, numbered in the order they
/// come (Hugo's `autoDefinitionTermID`: `` `name` `` over `: text` is `#name`, and a
/// heading `## Name` after it `#name-1`).
fn with_term_ids(doc: &Document, slugger: &Slugger) -> Vec<String> {
    let in_code = |at: usize| doc.code_blocks.iter().any(|b| b.range.contains(&at));
    let mut items: Vec<(usize, String)> = doc
        .headings
        .iter()
        .map(|h| (h.range.start, h.text.clone()))
        .collect();
    let mut offset = 0;
    let mut previous: Option<(usize, &str)> = None;
    for line in doc.text.split_inclusive('\n') {
        let text = line.trim_end();
        // `: definition`, indented up to three spaces (pyo3's glossary writes `  : …`).
        let lead = text.trim_start_matches(' ');
        if (lead.starts_with(": ") || lead.starts_with(":\t"))
            && text.len() - lead.len() <= 3
            && !in_code(offset)
        {
            if let Some((at, term)) = previous {
                let term = term.replace(['`', '*'], "");
                if !term.trim().is_empty() {
                    items.push((at, term.trim().to_string()));
                }
            }
        }
        let plain = !text.is_empty()
            && !text.starts_with([' ', '\t', '#', '-', '*', '+', '>', '|', ':', '<', '{'])
            && !text.starts_with("```")
            && !in_code(offset);
        previous = plain.then_some((offset, text));
        offset += line.len();
    }
    if items.len() == doc.headings.len() {
        return Vec::new();
    }
    items.sort_by_key(|(at, _)| *at);
    slugger.ids_with(items.iter().map(|(_, text)| (text.as_str(), None)))
}

/// The ids mdbook-spec gives a page: `r-ID` for each rule line `r[ID]`, `grammar-Name` for
/// each production `Name ->` of a ```` ```grammar ```` block.
fn spec_ids(doc: &Document) -> Vec<String> {
    let mut ids: Vec<String> = doc
        .text
        .lines()
        .filter_map(|l| l.strip_prefix("r[")?.strip_suffix(']'))
        .filter(|id| !id.is_empty() && !id.contains(']'))
        .map(|id| format!("r-{id}"))
        .collect();
    for block in doc
        .code_blocks
        .iter()
        .filter(|b| b.language().starts_with("grammar"))
    {
        ids.extend(doc.text[block.content.clone()].lines().filter_map(|l| {
            let (name, _) = l.split_once(" ->")?;
            (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
                .then(|| format!("grammar-{name}"))
        }));
    }
    ids
}

/// Whether a link's destination in an mdbook-spec book is the preprocessor's: a rule id, a
/// production or a Rust path (`items.static.mut`, `std::mem`, `mod@test`,
/// `pointer#method.offset`). As mdbook-spec tells them (`std_links.rs`): no `/`, no `.md`,
/// no `.html`; and not an image.
fn spec_destination(rel: &str) -> bool {
    const IMAGES: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];
    !rel.is_empty()
        && !rel.contains('/')
        && !rel.contains(".md")
        && !rel.contains(".html")
        && !rel
            .rsplit_once('.')
            .is_some_and(|(_, ext)| IMAGES.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Extensions of the files a documentation links to.
const FILE_EXTENSIONS: &[&str] = &[
    "md", "mdx", "rst", "ipynb", "txt", "html", "htm", "py", "pyi", "pyx", "png", "jpg", "jpeg",
    "gif", "svg", "pdf", "yml", "yaml", "toml", "json", "csv", "tsv", "zip", "gz", "tar", "mp4",
    "webm", "css", "js", "mjs", "cjs", "ts", "tsx", "jsx", "cfg", "ini", "sh", "bat", "ps1", "in",
    "xml", "webp", "c", "h", "cc", "cpp", "hpp", "cxx", "rs", "go", "java", "kt", "swift", "rb",
    "php", "lua", "r", "jl", "sql", "tex", "bib", "lock", "log", "dat", "npy", "npz", "h5", "nc",
    "parquet", "pkl", "env", "conf", "cmake", "mk", "vue", "svelte", "wasm", "ico",
];

/// Whether a link's destination is a dotted Python name (`pkg.mod.Class`, `os.path`), not a
/// file: identifiers joined by dots, the last not a file's extension.
fn python_object(dest: &str) -> bool {
    let parts: Vec<&str> = dest.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            p.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
        && !parts
            .last()
            .is_some_and(|ext| FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Where else a link that does not resolve may point, or `Unchecked` when it is not ours.
#[allow(clippy::too_many_arguments)]
fn fallback(
    doc: &Document,
    ctx: &Context,
    target: &str,
    rel: &str,
    want_dir: bool,
    absolute: bool,
    site: bool,
) -> Resolved<'static> {
    if inside_file(target, &ctx.files) {
        // Below a submodule (a tracked path that is a file): not ours to check.
        return Resolved::Unchecked;
    }
    if !site {
        return Resolved::Missing;
    }
    if absolute {
        // A URL of the site, which need not mirror the repository.
        return Resolved::Unchecked;
    }
    let site = ctx.sites.of(&doc.path);
    // A path alias of the site's tsconfig (tauri-docs: `@assets/develop/x.png` is
    // `src/assets/develop/x.png`), as Vite resolves it.
    if let Some(site) = site {
        for (prefix, folder) in &site.aliases {
            if let Some(rest) = rel
                .strip_prefix(prefix.as_str())
                .and_then(|r| r.strip_prefix('/'))
            {
                let found = resolve(&join(folder, rest), want_dir, ctx).into_owned();
                if !matches!(found, Resolved::Missing) {
                    return found;
                }
            }
        }
    }
    // Hugo's mounts: a file or folder served in the content from elsewhere (docsy's
    // `../README.md` at `content/project/repo/README.md`).
    if let Some(found) = site.and_then(|s| through_mounts(s, target, want_dir, ctx)) {
        return found;
    }
    // A link render hook that resolves pages (a multilingual site's embedded one, Hugo's
    // GetPage): a path is tried from the page, then from the content root of its language
    // (kueue's `docs/tasks/run/x.md` from `content/en/docs/concepts/`).
    let page_link = std::path::Path::new(rel)
        .extension()
        .is_none_or(|e| e.eq_ignore_ascii_case("md"));
    if let Some(s) = site
        .filter(|s| s.generator == super::sites::Generator::Hugo && s.routes)
        .filter(|_| page_link)
    {
        let root = s
            .translations
            .iter()
            .find(|t| doc.path.starts_with(t.as_str()) && doc.path[t.len()..].starts_with('/'))
            .map_or(s.content.as_str(), String::as_str);
        if let Ok(from_root) = normalize(root, rel) {
            let found = resolve(&from_root, want_dir, ctx).into_owned();
            if !matches!(found, Resolved::Missing) {
                return found;
            }
        }
    }
    if let Some(found) = site.and_then(|s| from_mounted_page(s, &doc.path, rel, want_dir, ctx)) {
        return found;
    }
    if site.is_some_and(|s| s.generator == super::sites::Generator::Other(super::sites::DOCUMENTER))
        && ["@ref", "@id", "@extref", "@cite"].iter().any(|k| {
            rel == *k || rel.starts_with(&format!("{k} ")) || rel.starts_with(&format!("{k}%20"))
        })
    {
        // Documenter's cross-references (`[`f`](@ref)`, `[text](@ref label)`): resolved,
        // and checked, when it builds the docs.
        return Resolved::Unchecked;
    }
    if site.is_some_and(|s| s.spec) && spec_destination(rel) {
        // mdbook-spec's rule and production links, and rustdoc's intra-doc links.
        return Resolved::Unchecked;
    }
    if site.is_some_and(|s| s.generator == super::sites::Generator::Sphinx) && python_object(rel) {
        // `[Layers](napari.layers)`: MyST resolves it as a cross-reference to an object
        // (autodoc's, or an inventory's); Sphinx checks it when it builds.
        return Resolved::Unchecked;
    }
    let last = target.rsplit('/').next().unwrap_or(target);
    // What follows a last dot that is all digits is no extension (a MyST label
    // `changelog-4.0`, a route `/releases/v1.2`).
    let extension = last
        .rsplit_once('.')
        .is_some_and(|(_, ext)| !ext.bytes().all(|b| b.is_ascii_digit()));
    if site.is_some_and(|s| s.routes) && !extension {
        // A doc id, a route or a label the site resolves (and checks) itself.
        return Resolved::Unchecked;
    }
    // A source file (`../../../cmd/main.go`), not a page: the repository's, and missing.
    let page = last
        .rsplit_once('.')
        .is_none_or(|(_, ext)| matches!(ext.to_ascii_lowercase().as_str(), "html" | "htm" | "md"));
    if page
        && site.is_some_and(|s| {
            s.generator == super::sites::Generator::MdBook
                && !target.starts_with(&format!("{}/", s.content))
                && !s.content.is_empty()
        })
    {
        // Out of the book: a sibling book on the same host (`../../rustc/…` from the cargo
        // book on doc.rust-lang.org), not a file of this one.
        return Resolved::Unchecked;
    }
    if let Some(s) = site.filter(|s| s.generator == super::sites::Generator::Docusaurus) {
        // Content the config's plugins take from outside its folder (`path: '../docs'`) is
        // a content root itself.
        let (config_dir, config_name) = s.config.rsplit_once('/').unwrap_or(("", &s.config));
        let outside = config_name.starts_with("docusaurus.config") && config_dir != s.content;
        if let Some(found) =
            docusaurus_content_root(&doc.path, (&s.content, outside), rel, want_dir, ctx)
        {
            return found;
        }
        // Then from the site's own folder (its `siteDir`), for a link that starts with
        // neither `./` nor `../` (Detox's versioned pages link
        // `versioned_docs/version-19.x/APIRef.LaunchArgs.md`), as docusaurus-utils'
        // `resolveMarkdownLinkPathname` tries it.
        if is_markdown(rel) && !rel.starts_with("./") && !rel.starts_with("../") {
            let site_dir = if config_name.starts_with("docusaurus.config") {
                config_dir
            } else {
                s.content.as_str()
            };
            if let Some(found) = normalize(site_dir, rel)
                .ok()
                .and_then(|target| existing(&target, want_dir, ctx))
            {
                return found;
            }
        }
    }
    if site.is_some_and(|s| s.generator == super::sites::Generator::Docusaurus)
        && target.split('/').any(|c| c == "category")
    {
        // A generated index page (`_category_.json` `"type": "generated-index"`), served at
        // `category/<label>`: no file of the repository.
        return Resolved::Unchecked;
    }
    // Next's App Router (Nextra) serves `app/docs/latex/page.mdx` at `/docs/latex`, no
    // slash after it: its relative links are read from the folder above its own
    // (`../guide/markdown` is `app/docs/guide/markdown/`).
    if site.is_some_and(|s| s.generator == super::sites::Generator::Other(super::sites::NEXTRA))
        && doc
            .path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.starts_with("page."))
    {
        let above = doc.dir().rsplit_once('/').map_or("", |(d, _)| d);
        if let Some(found) = normalize(above, rel)
            .ok()
            .map(|t| resolve(&t, want_dir, ctx).into_owned())
            .filter(|found| !matches!(found, Resolved::Missing))
        {
            return found;
        }
    }
    // Pretty URLs: `docs/guide.md` is served as `docs/guide/`, and its relative links may be
    // written from there.
    let page = doc
        .path
        .rsplit_once('.')
        .map_or(doc.path.as_str(), |(p, _)| p);
    let pretty = normalize(page, rel).ok();
    if let Some(found) = pretty
        .as_deref()
        .map(|t| resolve(t, want_dir, ctx).into_owned())
        .filter(|found| !matches!(found, Resolved::Missing))
    {
        return found;
    }
    // A file the site serves at the URL the link reaches (kind's home page
    // `content/_index.md` → `./logo/logo.png`, Hugo's `static/logo/logo.png`).
    let Some(site) = site else {
        return Resolved::Missing;
    };
    // A multilingual Hugo site: what one language's folder lacks, another's serves (a
    // translated bundle's inherited image, a page mounted as a fallback).
    for url in std::iter::once(target).chain(pretty.as_deref()) {
        if let Some(found) = in_translations(site, url, want_dir, ctx) {
            return found;
        }
    }
    for url in std::iter::once(target).chain(pretty.as_deref()) {
        let Some(rest) = strip_folder(url, &site.content) else {
            continue;
        };
        for folder in &site.served {
            let served = join(folder, rest);
            // Below a submodule of the served folder (privacyguides' `theme/assets/brand`):
            // not ours to check.
            if !matches!(resolve(&served, want_dir, ctx), Resolved::Missing)
                || inside_file(&served, &ctx.files)
            {
                return Resolved::Unchecked;
            }
        }
    }
    Resolved::Missing
}

/// The folders a site's URLs start from: its content folder, or for Astro the folder its
/// pages are in (Starlight's `src/content/docs/`, Astro's `src/pages/`); Docusaurus and
/// Starlight also serve the pages of `src/pages/` from the root.
fn url_roots(site: &super::sites::Site) -> Vec<String> {
    use super::sites::Generator;
    match site.generator {
        Generator::Starlight | Generator::Docusaurus => {
            vec![site.pages(), join(&site.content, "src/pages")]
        }
        _ => vec![site.pages()],
    }
}

/// The page of a Docusaurus site at URL `/rel`, from the content folder of each of its
/// plugins (its docs at `/` when `routeBasePath` is `/`, or under `/docs/`); a doc's URL
/// is found whatever its case (`/packages/parser` is `Parser.mdx`, with `id: parser`).
fn docusaurus_route(
    site: &super::sites::Site,
    rel: &str,
    want_dir: bool,
    ctx: &Context,
) -> Option<Resolved<'static>> {
    let rel = rel.trim_end_matches('/');
    let tails = [Some(rel), rel.strip_prefix("docs/")];
    ctx.sites
        .iter()
        .filter(|s| s.generator == super::sites::Generator::Docusaurus && s.config == site.config)
        .flat_map(|s| tails.iter().flatten().map(move |tail| (s, *tail)))
        .filter_map(|(s, tail)| normalize(&s.content, tail).ok())
        .find_map(|target| match resolve(&target, want_dir, ctx) {
            Resolved::Missing => {
                let (folder, name) = target.rsplit_once('/').unwrap_or(("", &target));
                // The doc's file in another case (`Parser.mdx`, an `id: parser`): the few
                // spellings a file name takes, each looked up.
                let mut capital = name.to_string();
                if let Some(first) = capital.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                let spellings = [
                    name.to_ascii_lowercase(),
                    capital,
                    name.to_ascii_uppercase(),
                ];
                ["md", "mdx"].iter().find_map(|ext| {
                    spellings
                        .iter()
                        .map(|n| join(folder, &format!("{n}.{ext}")))
                        .find(|f| ctx.files.is_file(f))
                        .map(|f| Resolved::File(Cow::Owned(f)))
                })
            }
            found => Some(found.into_owned()),
        })
}

/// A Next.js app serves its `public/` folder at the site's root (prometheus/docs'
/// `/assets/x.png` is `public/assets/x.png`): a site-root link to a file there is served,
/// from any page of the repository.
fn next_public(
    doc: &Document,
    rel: &str,
    want_dir: bool,
    ctx: &Context,
) -> Option<Resolved<'static>> {
    // A README is read on the forge, which serves no `public/` at the root.
    let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    if name.to_ascii_lowercase().starts_with("readme.") {
        return None;
    }
    [
        "next.config.js",
        "next.config.mjs",
        "next.config.ts",
        "next.config.cjs",
    ]
    .iter()
    .flat_map(|name| ctx.files.named(name))
    .filter(|config| ctx.files.is_file(config))
    .filter_map(|config| {
        let app = config.rsplit_once('/').map_or("", |(dir, _)| dir);
        normalize(&join(app, "public"), rel).ok()
    })
    .map(|target| resolve(&target, want_dir, ctx).into_owned())
    .find(|found| !matches!(found, Resolved::Missing))
    .map(|_| Resolved::Unchecked)
}

/// The page of a Nuxt Content site (pages in `content`) at the URL path `rel`: each
/// segment is a folder or page whose name, its `1.` order prefix and extension left out, is
/// that segment; a folder's page is its `index` (`0.index.md`). h3's `/guide/app` is
/// `docs/1.guide/2.app.md`.
fn nuxt_route(content: &str, rel: &str, ctx: &Context) -> Option<String> {
    let bare = |name: &str| -> String {
        let name = name
            .split_once('.')
            .filter(|(n, rest)| {
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty()
            })
            .map_or(name, |(_, rest)| rest);
        name.strip_suffix(".md")
            .or_else(|| name.strip_suffix(".mdx"))
            .unwrap_or(name)
            .to_string()
    };
    let children = |folder: &str, set: &[String]| -> Vec<String> {
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let from = set.partition_point(|p| p.as_str() < prefix.as_str());
        set[from..]
            .iter()
            .take_while(|p| p.starts_with(&prefix))
            .filter(|p| !p[prefix.len()..].contains('/'))
            .cloned()
            .collect()
    };
    let segments: Vec<&str> = rel
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let mut folder = content.to_string();
    for (k, segment) in segments.iter().enumerate() {
        let name_of = |p: &String| bare(p.rsplit('/').next().unwrap_or(p));
        if k + 1 == segments.len() {
            if let Some(page) = children(&folder, ctx.files.files())
                .into_iter()
                .find(|p| is_markdown(p) && name_of(p) == *segment)
            {
                return Some(page);
            }
        }
        folder = children(&folder, ctx.files.dirs())
            .into_iter()
            .find(|d| name_of(d) == *segment)?;
    }
    children(&folder, ctx.files.files())
        .into_iter()
        .find(|p| is_markdown(p) && bare(p.rsplit('/').next().unwrap_or(p)) == "index")
}

/// In an Rspress site whose pages are in one folder per language (`docs/en/`, `docs/zh/`),
/// the folder of the language of the page at `path`: Rspress puts a site-root link of that
/// page under its language. None for any other site.
fn rspress_locale(site: &super::sites::Site, path: &str) -> Option<String> {
    if site.generator != super::sites::Generator::Other(super::sites::RSPRESS) {
        return None;
    }
    let inner = strip_folder(path, &site.content)?;
    let (first, _) = inner.split_once('/')?;
    let locale = first.len() == 2 && first.bytes().all(|b| b.is_ascii_lowercase())
        || first.len() == 5
            && first.as_bytes()[2] == b'-'
            && first[..2].bytes().all(|b| b.is_ascii_lowercase());
    locale.then(|| join(&site.content, first))
}

/// The extensions of a page written as code (a React, Astro or Vue component, or HTML).
const CODE_PAGES: &[&str] = &["js", "jsx", "ts", "tsx", "astro", "vue", "html"];

/// Whether `target` (a URL's path under a site's root) is a page written as code.
fn page_in_code(target: &str, ctx: &Context) -> bool {
    let target = target.trim_end_matches('/');
    CODE_PAGES.iter().any(|ext| {
        ctx.files.is_file(&format!("{target}.{ext}"))
            || ctx.files.is_file(&join(target, &format!("index.{ext}")))
    })
}

/// The page a site serves at `/`: its root's `index.md` (Hugo's `_index.md`, mdBook's
/// `README.md`), or a page
/// written as code, whose ids cannot be read. A site whose theme makes its home page, or
/// whose home is elsewhere, has one all the same: never missing.
fn home_page(site: &super::sites::Site, ctx: &Context) -> Resolved<'static> {
    // mdBook's README chapter is its index; GitHub Pages' Jekyll serves a README as the
    // folder's index when there is none.
    let readme = matches!(
        site.generator,
        super::sites::Generator::MdBook | super::sites::Generator::Jekyll
    );
    for root in url_roots(site) {
        let names: &[&str] = if readme {
            &["index.md", "README.md"]
        } else {
            &["index.md", "index.mdx", "_index.md"]
        };
        for name in names {
            let page = join(&root, name);
            if ctx.files.is_file(&page) {
                return Resolved::File(Cow::Owned(page));
            }
        }
    }
    Resolved::Unchecked
}

/// `path` below `folder` (root-relative, `""` the root), without it.
fn strip_folder<'a>(path: &'a str, folder: &str) -> Option<&'a str> {
    if folder.is_empty() {
        return Some(path);
    }
    path.strip_prefix(folder)?.strip_prefix('/')
}

/// What a Hugo site's mounts serve at `target` (a path below its content folder, or below a
/// folder mounted as its content), if it exists.
fn through_mounts(
    site: &super::sites::Site,
    target: &str,
    want_dir: bool,
    ctx: &Context,
) -> Option<Resolved<'static>> {
    let contents = std::iter::once(site.content.as_str()).chain(
        site.mounts
            .iter()
            .filter(|(at, _)| at.is_empty())
            .map(|(_, real)| real.as_str()),
    );
    for content in contents {
        let Some(below) = strip_folder(target, content) else {
            continue;
        };
        for (at, real) in site.mounts.iter().filter(|(at, _)| !at.is_empty()) {
            let path = if below == at {
                real.clone()
            } else if let Some(rest) = below
                .strip_prefix(at.as_str())
                .and_then(|r| r.strip_prefix('/'))
            {
                join(real, rest)
            } else {
                continue;
            };
            let found = resolve(&path, want_dir, ctx).into_owned();
            if !matches!(found, Resolved::Missing) {
                return Some(found);
            }
        }
    }
    None
}

/// A relative link of a Hugo page that a mount serves elsewhere in the content
/// (`content/docs/v2/2.0/x/_index.md` mounted at `content/docs` is the page
/// `docs/2.0/x/`), resolved from where the site serves it: from its folder, and from its
/// URL, one folder deeper.
fn from_mounted_page(
    site: &super::sites::Site,
    path: &str,
    rel: &str,
    want_dir: bool,
    ctx: &Context,
) -> Option<Resolved<'static>> {
    // The most particular mount that holds the page.
    let (at, rest) = site
        .mounts
        .iter()
        .filter_map(|(at, real)| Some((at, strip_folder(path, real)?)))
        .max_by_key(|(_, rest)| std::cmp::Reverse(rest.len()))?;
    let served = join(&join(&site.content, at), rest);
    if served == path {
        return None;
    }
    let folder = served.rsplit_once('/').map_or("", |(dir, _)| dir);
    // A page is served one folder deeper than its file; an index page at its folder.
    let page = served.rsplit_once('.').map_or(served.as_str(), |(p, _)| p);
    let index = matches!(page.rsplit('/').next(), Some("index" | "_index"));
    let bases: &[&str] = if index { &[folder] } else { &[folder, page] };
    let found = bases.iter().find_map(|base| {
        let target = normalize(base, rel).ok()?;
        let found = resolve(&target, want_dir, ctx).into_owned();
        if matches!(found, Resolved::Missing) {
            through_mounts(site, &target, want_dir, ctx)
        } else {
            Some(found)
        }
    });
    found
}

/// Where a relative URL of a Jekyll post leads from the URL the post is served at
/// (`_posts/2012-07-30-release.md` at `2012/07/30/release.html`, so `../../../x.html` is the
/// site's `x.html`); None for a link to a Markdown source (jekyll-relative-links rewrites
/// those from the file), for any other page, or a URL that climbs above the site.
fn post_target(doc: &Document, ctx: &Context, rel: &str) -> Option<String> {
    // Only a Jekyll site has a permalink style for its posts.
    let site = ctx.sites.of(&doc.path)?;
    site.post_permalink.as_ref()?;
    let path = rel.split(['?', '#']).next().unwrap_or(rel);
    let markdown = path.rsplit_once('.').is_some_and(|(_, ext)| {
        ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")
    });
    if markdown || path.is_empty() {
        return None;
    }
    let target = normalize(&served_folder(doc, site)?, rel).ok()?;
    strip_folder(&target, &site.content)
        .is_some()
        .then_some(target)
}

/// The folder a Jekyll page is served in (a post's, or a page's with a permalink of its own),
/// root-relative; None for a page served where its file is.
fn served_folder(doc: &Document, site: &super::sites::Site) -> Option<String> {
    let served = join(
        &site.content,
        &site.post_url(&doc.path, &|key| doc.front_value(key))?,
    );
    Some(
        served
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .to_string(),
    )
}

/// `resolve`, or else the Jekyll page whose own permalink the link names (`permalink_page`).
fn resolve_served<'a>(
    doc: &Document,
    ctx: &Context,
    target: &'a str,
    rel: &str,
    want_dir: bool,
) -> Resolved<'a> {
    match resolve(target, want_dir, ctx) {
        Resolved::Missing => permalink_page(doc, ctx, target, rel)
            .map_or(Resolved::Missing, |page| Resolved::File(Cow::Owned(page))),
        found => found,
    }
}

/// The Jekyll page a link names by its permalink (`pmd_cli.html`, which `pages/user/cli.md`
/// declares), as written from the file's folder or from the folder the page is served in.
fn permalink_page(doc: &Document, ctx: &Context, target: &str, rel: &str) -> Option<String> {
    let site = ctx.sites.of(&doc.path)?;
    if site.permalinks.is_empty() {
        return None;
    }
    let path = rel.split(['?', '#']).next().unwrap_or(rel);
    if let Some(page) = site.page_at(target) {
        return Some(page.to_string());
    }
    let from_url = normalize(&served_folder(doc, site)?, path).ok()?;
    site.page_at(&from_url).map(str::to_string)
}

/// `target`, below the folder of one language of a multilingual site, found at the same
/// place in another language's folder. The deepest folder holding it is its language's: a
/// default language at the docs' root holds the others' folders.
fn in_translations(
    site: &super::sites::Site,
    target: &str,
    want_dir: bool,
    ctx: &Context,
) -> Option<Resolved<'static>> {
    let (own, rest) = site
        .translations
        .iter()
        .filter_map(|folder| Some((folder, strip_folder(target, folder)?)))
        .max_by_key(|(folder, _)| folder.len())?;
    // The languages' folders inside the default one's are not where its pages are.
    site.translations
        .iter()
        .filter(|folder| *folder != own && strip_folder(folder, own).is_none())
        .map(|folder| resolve(&join(folder, rest), want_dir, ctx).into_owned())
        .find(|found| !matches!(found, Resolved::Missing))
}

/// In a Starlight site, the page a URL in lower case names: Astro slugs each folder and
/// file name of a content collection into the URL (github-slugger, lower case), so `./apps`
/// is the folder `Apps/` of `src/content/docs/` (ratatui's website).
fn astro_case(
    doc: &Document,
    ctx: &Context,
    target: &str,
    want_dir: bool,
) -> Option<Resolved<'static>> {
    let site = ctx
        .sites
        .of(&doc.path)
        .filter(|s| s.generator == super::sites::Generator::Starlight)?;
    if target.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let pages = site.pages();
    ["", ".md", ".mdx"].iter().find_map(|ext| {
        let variant = case_variant(&ctx.files, &format!("{target}{ext}"))?;
        strip_folder(&variant, &pages)?;
        existing(&variant, want_dir, ctx)
    })
}

/// The message for a link to nothing, naming the path that exists with another case.
fn missing_message(ctx: &Context, raw_path: &str, target: &str) -> String {
    let shown = if target == raw_path.trim_end_matches('/') {
        format!("{} does not exist", code_span(raw_path))
    } else {
        format!(
            "{} does not exist (resolved to {})",
            code_span(raw_path),
            code_span(target)
        )
    };
    match case_variant(&ctx.files, target) {
        Some(other) => format!(
            "{shown}; it exists as `{other}`: links are case-sensitive on Linux and on forges"
        ),
        None => shown,
    }
}

/// A link that resolved: check its fragment when it points into Markdown (a folder shows its
/// README on a forge, so an anchor on a folder points into the README).
fn follow(
    doc: &Document,
    ctx: &Context,
    found: Resolved<'_>,
    fragment: Option<String>,
    range: Range<usize>,
    deferred: &mut Deferred<'_>,
    out: &mut Output,
) {
    let Some(fragment) = fragment.filter(|f| !always_valid_fragment(f)) else {
        return;
    };
    let target = match found {
        Resolved::File(file) if is_markdown(&file) => file.into_owned(),
        // A folder's page: on GitHub its README; in a site, the index page it serves there
        // (MkDocs' `index.md`, else `README.md`; MDX's `index.mdx`).
        Resolved::Dir(dir) => {
            // (Not a Hugo section's `_index.md`: its list template writes the page, ids of
            // its own included, as fluxcd's adopters page from its data files.)
            let pages: &[&str] = if ctx.sites.of(&doc.path).is_some() {
                &["index.md", "index.mdx", "README.md"]
            } else {
                &["README.md"]
            };
            let Some(page) = pages
                .iter()
                .map(|name| join(&dir, name))
                .find(|page| ctx.files.is_file(page))
            else {
                return;
            };
            page
        }
        _ => return,
    };
    defer_anchor(doc, ctx, target, &fragment, range, deferred, out);
}

/// Defer an anchor check for another file, or check it now when the target is this file.
fn defer_anchor(
    doc: &Document,
    ctx: &Context,
    target: String,
    fragment: &str,
    range: Range<usize>,
    deferred: &mut Deferred<'_>,
    out: &mut Output,
) {
    let fragment = fragment.strip_prefix("user-content-").unwrap_or(fragment);
    if target == doc.path {
        let anchors = deferred.own.get_or_insert_with(|| page_anchors(doc, ctx));
        if !matches_anchor(anchors, fragment, ctx, &doc.path) {
            let mut message = own_anchor_message(fragment, anchors);
            site_note(&mut message, ctx, &doc.path);
            out.findings
                .push(own_anchor_finding(range, message, anchors));
        }
        return;
    }
    deferred.links.push(AnchorLink {
        target,
        fragment: fragment.to_string(),
        at: Place::of(doc, range.start),
        missing: None,
    });
}

/// What a destination resolved to.
enum Resolved<'a> {
    File(Cow<'a, str>),
    Dir(Cow<'a, str>),
    /// Something that is not a repository path (a generated page, a site URL, a submodule).
    Unchecked,
    Missing,
}

impl Resolved<'_> {
    fn into_owned(self) -> Resolved<'static> {
        match self {
            Resolved::File(f) => Resolved::File(Cow::Owned(f.into_owned())),
            Resolved::Dir(d) => Resolved::Dir(Cow::Owned(d.into_owned())),
            Resolved::Unchecked => Resolved::Unchecked,
            Resolved::Missing => Resolved::Missing,
        }
    }
}

/// Find the file or folder a normalised target names, with the site-generator fallbacks.
fn resolve<'a>(target: &'a str, want_dir: bool, ctx: &Context) -> Resolved<'a> {
    let files = &ctx.files;
    if target.is_empty() || files.is_dir(target) {
        return Resolved::Dir(Cow::Borrowed(target));
    }
    if files.is_file(target) {
        return Resolved::File(Cow::Borrowed(target));
    }
    let (dir, name) = target.rsplit_once('/').unwrap_or(("", target));
    let stem_ext = name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty());
    if let Some((stem, ext)) = stem_ext {
        if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") {
            // Generators render `page.md` as `page.html`, and a folder's README as index.
            let mut sources = vec![join(dir, &format!("{stem}.md"))];
            sources.push(join(dir, &format!("{stem}.markdown")));
            sources.push(join(dir, &format!("{stem}.mdx")));
            if stem == "index" {
                sources.push(join(dir, "README.md"));
            }
            if let Some(found) = sources.into_iter().find(|s| files.is_file(s)) {
                return Resolved::File(Cow::Owned(found));
            }
            if matches!(stem, "print" | "404" | "toc" | "searchindex")
                && ctx.sites.built_by(target, super::sites::Generator::MdBook)
            {
                return Resolved::Unchecked;
            }
        }
    }
    // mdBook makes every `README.md` chapter its folder's `index.md` (then `index.html`), so
    // a link to `index.md` reaches it (clippy's book).
    if name == "index.md" && ctx.sites.built_by(target, super::sites::Generator::MdBook) {
        let readme = join(dir, "README.md");
        if files.is_file(&readme) {
            return Resolved::File(Cow::Owned(readme));
        }
    }
    // A page whose name holds a dot, linked without its extension (react-router's
    // `entry.client.tsx` is `entry.client.tsx.md`).
    if stem_ext.is_some() && !want_dir {
        for candidate in [format!("{target}.md"), format!("{target}.mdx")] {
            if files.is_file(&candidate) {
                return Resolved::File(Cow::Owned(candidate));
            }
        }
    }
    if stem_ext.is_none() || want_dir {
        for candidate in [
            format!("{target}.md"),
            format!("{target}.mdx"),
            format!("{target}/index.md"),
            format!("{target}/README.md"),
            format!("{target}/_index.md"),
        ] {
            if files.is_file(&candidate) {
                return Resolved::File(Cow::Owned(candidate));
            }
        }
    }
    Resolved::Missing
}

/// Docusaurus resolves a relative link to a Markdown file from the page's folder, then from
/// the root of the content the page belongs to (`docs/`, `blog/`, a version's
/// `versioned_docs/version-10.x/`): pnpm's `docs/cli/add.md` links to `catalogs.md`, which
/// is `docs/catalogs.md`. The content roots are the site's first-level folders, and a
/// version folder under a `versioned_docs…` one; a folder of content outside the site's
/// (`outside`: redux's `website/` builds `path: '../docs'`) is one root.
fn docusaurus_content_root(
    path: &str,
    (site, outside): (&str, bool),
    rel: &str,
    want_dir: bool,
    ctx: &Context,
) -> Option<Resolved<'static>> {
    let markdown = std::path::Path::new(rel)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("mdx"));
    if !markdown {
        return None;
    }
    let inner = if site.is_empty() {
        path
    } else {
        path.strip_prefix(site)?.strip_prefix('/')?
    };
    if outside {
        return existing(&normalize(site, rel).ok()?, want_dir, ctx);
    }
    let mut parts = inner.split('/');
    let first = parts.next()?;
    let mut root = if site.is_empty() {
        first.to_string()
    } else {
        format!("{site}/{first}")
    };
    if first.starts_with("versioned_docs") {
        root = format!("{root}/{}", parts.next()?);
    }
    // A translation (`i18n/es/docusaurus-plugin-content-docs/current/`): its localized
    // content path first, then the docs' own (socket.io's Spanish pages).
    let mut also = None;
    if first == "i18n" {
        let (locale, plugin) = (parts.next()?, parts.next()?);
        root = format!("{root}/{locale}/{plugin}");
        if plugin.starts_with("docusaurus-plugin-content-docs") {
            root = format!("{root}/{}", parts.next()?);
            also = Some(join(site, "docs"));
        }
    }
    // The page itself must lie below the root (not be a file at the site's top).
    if !path.starts_with(&format!("{root}/")) {
        return None;
    }
    std::iter::once(root)
        .chain(also)
        .find_map(|root| existing(&normalize(&root, rel).ok()?, want_dir, ctx))
}

/// A root-relative link in a documentation site names a page from the site's root, which
/// may be any folder above the document (`content/`, `docs/`, `src/`): try each, the
/// repository root first.
fn resolve_from_ancestors(
    dir: &str,
    rel: &str,
    want_dir: bool,
    ctx: &Context,
) -> Option<Resolved<'static>> {
    let ancestors = dir.match_indices('/').map(|(i, _)| &dir[..i]);
    let below_root = (!dir.is_empty()).then_some(dir);
    std::iter::once("")
        .chain(ancestors)
        .chain(below_root)
        .filter_map(|base| normalize(base, rel).ok())
        .map(|target| resolve(&target, want_dir, ctx).into_owned())
        .find(|found| !matches!(found, Resolved::Missing))
}

/// Rustdoc intra-doc links in a crate's README: `crate::x`, `super`, `Option`.
fn is_rust_path(dest: &str) -> bool {
    // rustdoc takes a fragment on any item: `crate#sharing-state`, `Vec#method.push`.
    let dest = memchr::memchr(b'#', dest.as_bytes()).map_or(dest, |at| &dest[..at]);
    let b = dest.as_bytes();
    if memchr::memchr_iter(b':', b).any(|i| b.get(i + 1) == Some(&b':'))
        || matches!(dest, "crate" | "super" | "self" | "Self")
    {
        return true;
    }
    // A CamelCase identifier with no extension: a type, not a file.
    dest.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && dest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && dest.chars().any(|c| c.is_ascii_lowercase())
        && !matches!(
            dest,
            "Makefile"
                | "Dockerfile"
                | "Containerfile"
                | "Gemfile"
                | "Rakefile"
                | "Procfile"
                | "Justfile"
                | "Brewfile"
                | "Vagrantfile"
                | "Jenkinsfile"
                | "Pipfile"
                | "Taskfile"
        )
}

/// `a` joined with `b` by `/` (no separator when `a` is the root).
fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (false, true) => a.to_string(),
        (false, false) => format!("{a}/{b}"),
    }
}

/// Whether a tracked file is an ancestor of `path` (a submodule).
fn inside_file(path: &str, files: &FileSet) -> bool {
    let mut p = path;
    while let Some(i) = p.rfind('/') {
        p = &p[..i];
        if files.is_file(p) {
            return true;
        }
    }
    false
}

/// Resolve `rel` against the folder `base` ("" is the root), removing `.` and `..`.
/// `Err` holds the segments left when `..` climbs above the root.
pub(crate) fn normalize(base: &str, rel: &str) -> Result<String, String> {
    // Most links are `name.md`, `sub/name.md` or `../../sub/name.md` from a folder path as
    // `Document::dir` gives it: climb, then join, without reading segment by segment.
    let b = base.as_bytes();
    // Whether a `/` is followed by one of `next`.
    // (Paths are short: a plain loop beats a search per `/`.)
    let slash_then =
        |s: &[u8], next: &[u8]| s.windows(2).any(|w| w[0] == b'/' && next.contains(&w[1]));
    if b.first() != Some(&b'/') && b.last() != Some(&b'/') && !slash_then(b, b"/") {
        let (mut up, mut rest) = (base, rel);
        loop {
            if let Some(r) = rest.strip_prefix("../") {
                if up.is_empty() {
                    break;
                }
                up = &up[..up.bytes().rposition(|b| b == b'/').unwrap_or(0)];
                rest = r;
            } else if let Some(r) = rest.strip_prefix("./") {
                rest = r;
            } else {
                let r = rest.as_bytes();
                let plain = !matches!(rest, "" | "." | "..")
                    && !rest.starts_with("./")
                    && !rest.starts_with("../")
                    && r.first() != Some(&b'/')
                    && r.last() != Some(&b'/')
                    && !slash_then(r, b"/.");
                if plain {
                    return Ok(if up.is_empty() {
                        rest.to_string()
                    } else {
                        let mut out = String::with_capacity(up.len() + 1 + rest.len());
                        out.push_str(up);
                        out.push('/');
                        out.push_str(rest);
                        out
                    });
                }
                break;
            }
        }
    }
    normalize_segments(base, rel)
}

/// `normalize`, segment by segment.
fn normalize_segments(base: &str, rel: &str) -> Result<String, String> {
    // The segments kept, joined by `/` as they are pushed (each is non-empty, so popping
    // one is cutting at the last `/`).
    let mut out = String::with_capacity(base.len() + rel.len() + 1);
    let push = |out: &mut String, seg: &str| {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(seg);
    };
    let b = base.as_bytes();
    if b.first() != Some(&b'/') && b.last() != Some(&b'/') && !b.windows(2).any(|w| w == b"//") {
        // A folder path as `Document::dir` gives it: every segment is one to keep.
        out.push_str(base);
    } else {
        for seg in Segments::new(base) {
            if !seg.is_empty() {
                push(&mut out, seg);
            }
        }
    }
    let mut segments = Segments::new(rel);
    while let Some(seg) = segments.next() {
        match seg {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    let mut rest = String::new();
                    for s in segments.filter(|s| !matches!(*s, "" | "." | "..")) {
                        push(&mut rest, s);
                    }
                    return Err(rest);
                }
                let cut = memchr::memrchr(b'/', out.as_bytes()).unwrap_or(0);
                out.truncate(cut);
            }
            s => push(&mut out, s),
        }
    }
    Ok(out)
}

/// `s.split('/')`, by bytes.
struct Segments<'a> {
    s: &'a str,
    pos: usize,
    done: bool,
}

impl<'a> Segments<'a> {
    fn new(s: &'a str) -> Segments<'a> {
        Segments {
            s,
            pos: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        let rest = &self.s.as_bytes()[self.pos..];
        if let Some(i) = rest.iter().position(|&b| b == b'/') {
            let seg = &self.s[self.pos..self.pos + i];
            self.pos += i + 1;
            Some(seg)
        } else {
            self.done = true;
            Some(&self.s[self.pos..])
        }
    }
}

/// `../../issues` and friends: GitHub pages of the repository, reached by climbing out of it.
/// A path through a forge's `tree/REF/` or `blob/REF/` (REF `HEAD`, `main`, `master` or a
/// commit id): no folder of a repository is named so.
fn forge_ref_route(target: &str) -> bool {
    let parts: Vec<&str> = target.split('/').collect();
    parts.windows(2).any(|w| {
        matches!(w[0], "tree" | "blob")
            && (matches!(w[1], "HEAD" | "main" | "master")
                || (7..=40).contains(&w[1].len()) && w[1].bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

fn is_forge_route(rest: &str) -> bool {
    let first = rest.split('/').next().unwrap_or("");
    matches!(
        first,
        "issues"
            | "pulls"
            | "pull"
            | "wiki"
            | "releases"
            | "actions"
            | "discussions"
            | "security"
            | "compare"
            | "tree"
            | "blob"
            | "raw"
            | "commit"
            | "commits"
            | "tags"
            | "branches"
            | "projects"
            | "milestones"
            | "labels"
            | "graphs"
            | "network"
            | "pulse"
            | "settings"
            | "packages"
            | "stargazers"
            | "forks"
            | "contributors"
            | "-"
    )
}

/// Whether `dest` starts with a URI scheme (`https:`, `mailto:`, …) or is protocol-relative.
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let mut chars = dest.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    for (_, c) in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return false,
        }
    }
    false
}

/// Destinations built by a template engine: the placeholder rule reports unrendered ones.
fn is_templated(dest: &str) -> bool {
    // `{{`, `{%`, `{name}` (a format string's), `${`, `$NAME`, `%7B%7B` or `%7b%7b`, in one
    // pass.
    let b = dest.as_bytes();
    let format_field = |i: usize| {
        let name = b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        name > 0 && b.get(i + 1 + name) == Some(&b'}')
    };
    memchr::memchr3_iter(b'{', b'$', b'%', b).any(|i| match b[i] {
        b'{' => matches!(b.get(i + 1), Some(b'{' | b'%')) || format_field(i),
        // `${NAME}`, and a shell variable `$BRANCH_URL` (upper case, as templates write them).
        b'$' => {
            b.get(i + 1) == Some(&b'{')
                || (b.get(i + 1).is_some_and(u8::is_ascii_uppercase)
                    && b[i + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .all(|c| !c.is_ascii_lowercase()))
        }
        _ => b[i..].starts_with(b"%7B%7B") || b[i..].starts_with(b"%7b%7b"),
    })
}

/// Whether a path names a Markdown file.
fn is_markdown(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    ["md", "markdown", "mdx", "mdown", "mkd"]
        .iter()
        .any(|m| ext.eq_ignore_ascii_case(m))
}

/// Fragments every page has: empty, `#top`, line fragments, text fragments, footnotes.
fn always_valid_fragment(fragment: &str) -> bool {
    let f = fragment.strip_prefix("user-content-").unwrap_or(fragment);
    f.is_empty()
        || f.eq_ignore_ascii_case("top")
        || f.starts_with(":~:")
        || is_line_fragment(f)
        || ["fn-", "fnref-", "fn:", "fnref:"]
            .iter()
            .any(|p| f.starts_with(p))
}

/// `L10`, `L10-L20`, `L10C2-L12C5`.
fn is_line_fragment(f: &str) -> bool {
    static LINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^L\d+(C\d+)?(-L?\d+(C\d+)?)?$").expect("valid regex"));
    f.starts_with('L') && LINE.is_match(f)
}

/// Decode `%XX` escapes. Invalid escapes are kept; a result that is not UTF-8 gives the input.
pub(crate) fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(s),
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `[text][ref]` with no definition, unless it reads as code written in prose
/// (`matrix[i][j]`, `[a-z][0-9]`) or as a template.
fn undefined_ref(doc: &Document, range: Range<usize>, label: &str) -> Option<String> {
    if is_templated(label) || label.trim().is_empty() || is_rust_path(label) {
        return None;
    }
    // Rustdoc: [`Type`][crate::Type], [`f`][f()], [`m!`][m!].
    if label.contains('`') || label.ends_with("()") || label.ends_with('!') {
        return None;
    }
    // A signature's optional arguments (socket.io's `io([url][, options])`): no label
    // starts with a comma.
    if label.trim_start().starts_with(',') {
        return None;
    }
    let source = doc.text.get(range.clone())?;
    let before = doc.text.get(..range.start)?.chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ']' | ')' | '\\' | '`')) {
        return None;
    }
    // Inside the text of a link (`[[umkdir][tests] get umask](…/pull/14113)`, a pull
    // request's title): a link holds no link, so CommonMark shows the brackets as written.
    if doc
        .links
        .iter()
        .any(|l| l.range.start < range.start && range.end < l.range.end)
    {
        return None;
    }
    let text = source
        .strip_prefix('[')
        .and_then(|s| s.split_once(']'))
        .map_or("", |(t, _)| t);
    if text.trim().is_empty() {
        return None;
    }
    if looks_like_char_class(text) || looks_like_char_class(label) {
        return None;
    }
    // `- [win][arm64ec] Fix …`: tags in front of a commit subject, rendered as written
    // (two of them: `[cargo-install][]`, a collapsed reference, is one name).
    let line_start = doc
        .line_range(doc.line_col(range.start).0)
        .start
        .min(range.start);
    let lead = doc.text[line_start..range.start]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '+' | '>'));
    let tag = |s: &str| !s.is_empty() && s.len() <= 20 && !s.contains(char::is_whitespace);
    if lead
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .is_empty()
        && tag(text)
        && tag(label)
        && !label.bytes().all(|b| b.is_ascii_digit())
        && !(source.ends_with("[]") || doc.text[range.end..].starts_with("[]"))
    {
        return None;
    }
    // `- **eslint-plugin:** [no-unsafe-call][no-unsafe-member-access] improve …`: a
    // generated changelog's entry, its subject led by the names of the rules it changes.
    let scoped = || {
        let item = doc.text[line_start..range.start].trim_start();
        item.strip_prefix(['-', '*', '+'])
            .unwrap_or(item)
            .trim_start()
            .strip_prefix("**")
            .and_then(|l| l.split_once("**"))
            .is_some_and(|(scope, rest)| {
                (scope.ends_with(':') && rest.trim().is_empty()) || rest.trim() == ":"
            })
    };
    let name = |s: &str| {
        s.len() <= 40
            && s.bytes().any(|b| b.is_ascii_lowercase())
            && s.bytes().all(|b| {
                b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || matches!(b, b'-' | b'_' | b'/' | b'@')
            })
    };
    let changelog = doc
        .path
        .rsplit('/')
        .next()
        .is_some_and(|n| n.to_ascii_lowercase().contains("changelog"));
    if changelog && name(text) && name(label) && text != label && scoped() {
        return None;
    }
    // `[RESULT][VOTE]`, `[ANNOUNCE][DISCUSS]`: a mail subject's tags, in capitals, anywhere
    // in a line (rocketmq-site's release manual).
    let capitals = |s: &str| {
        (2..=16).contains(&s.len())
            && s.bytes().any(|b| b.is_ascii_uppercase())
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_'))
    };
    let after = doc.text[range.end..].chars().next();
    let mail_tag = |s: &str| {
        matches!(
            s,
            "VOTE" | "RESULT" | "DISCUSS" | "ANNOUNCE" | "ANN" | "RFC" | "PATCH" | "WIP" | "DRAFT"
        )
    };
    if capitals(text)
        && capitals(label)
        && (after == Some(':') || mail_tag(label) || mail_tag(text))
    {
        return None;
    }
    let shown = if source.chars().count() > 60 || source.contains('\n') {
        format!("[…][{label}]")
    } else {
        source.to_string()
    };
    Some(format!(
        "{}: no link definition for {}; add {}",
        code_span(&shown),
        code_span(label),
        code_span(&format!("[{label}]: URL"))
    ))
}

/// `a-z`, `^0-9`, `A-Za-z0-9_`: a regex character class, not a link.
fn looks_like_char_class(s: &str) -> bool {
    let s = s.strip_prefix('^').unwrap_or(s);
    let chars: Vec<char> = s.chars().collect();
    if chars.len() >= 3
        && chars
            .windows(3)
            .any(|w| w[1] == '-' && w[0] != ' ' && w[2] != ' ')
    {
        let ranges = chars.windows(3).filter(|w| w[1] == '-').count();
        // Every char is part of a short range or a lone char: `a-z`, `A-Za-z0-9_`.
        return chars.len() <= 4 * ranges.max(1) + 2;
    }
    false
}

// ---------------------------------------------------------------------------------------
// Anchors

/// The characters github-slugger keeps besides ` ` and `-`: letters, marks, decimal and
/// letter numbers, connector punctuation (`_`), and anything Alphabetic (circled letters).
/// It removes other numbers (`²`), all other punctuation, symbols (emoji included),
/// controls, format characters, private use, unassigned code points and separators.
static REMOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\p{Alphabetic} \-]").expect("valid regex")
});

/// An emoji shortcode such as `:rocket:`.
/// An attr_list id: `{#id}`, `{: #id .class}`, `{ #id }`.
static ATTR_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{:?[ \t]*#((?:\\[_*]|[A-Za-z0-9_])(?:\\[_*]|[\w.:+-])*)[^}\n]*\}")
        .expect("valid regex")
});

/// The line after the one that holds byte `end - 1` of `text` (a block's last byte).
fn line_after(text: &str, end: usize) -> Option<&str> {
    let from = if text[..end].ends_with('\n') {
        end
    } else {
        end + text.get(end..)?.find('\n')? + 1
    };
    let rest = text.get(from..)?;
    Some(rest.split_inclusive('\n').next().unwrap_or(rest))
}

/// The id a kramdown block IAL sets, when `line` is one: `{: #id}`, `{: .class #id}`,
/// alone on its line (kramdown's `ALD_ID_NAME`: a letter, then word characters, `-`, `:`).
fn block_ial_id(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let indent = line.len() - line.trim_start().len();
    let inner = line.trim_start().strip_prefix("{:")?.strip_suffix('}')?;
    // `{:name: …}` is an attribute list definition, which gives no block anything.
    let ald = inner.split_once(':').is_some_and(|(name, _)| {
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
    });
    if indent > 3 || ald || inner.contains(['{', '}']) {
        return None;
    }
    inner.split_whitespace().find_map(|part| {
        let id = part.strip_prefix('#')?;
        (id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':')))
        .then_some(id)
    })
}

static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r":[a-z0-9_+\-]+:").expect("valid regex"));

/// The GitHub slug of a heading's text, before duplicates are numbered: lower-cased, every
/// character github-slugger removes removed, each space turned into `-` (no collapsing, no
/// trimming).
pub(crate) fn slug(text: &str) -> String {
    if text.is_ascii() {
        let mut bytes = text.as_bytes().to_vec();
        bytes.retain_mut(|b| {
            *b = match b.to_ascii_lowercase() {
                c @ (b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-') => c,
                b' ' => b'-',
                _ => return false,
            };
            true
        });
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut out = String::with_capacity(text.len());
    let mut buf = [0u8; 4];
    // `str::to_lowercase` knows the final sigma; ASCII needs no allocation.
    let lower: std::borrow::Cow<'_, str> = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.to_lowercase())
    };
    for c in lower.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii() {
            match c {
                'a'..='z' | '0'..='9' | '_' | '-' => out.push(c),
                ' ' => out.push('-'),
                _ => {}
            }
        } else if c.is_alphabetic() || !REMOVED.is_match(c.encode_utf8(&mut buf)) {
            // Letters are kept; anything else as github-slugger's character classes say.
            out.push(c);
        }
    }
    out
}

/// The text of an ATX heading's source (`## Tom &amp; Jerry`) when it holds an entity
/// reference and no other markup, entities as written.
fn entities_as_written(source: &str) -> Option<String> {
    let line = source.lines().next()?.trim();
    let text = line
        .trim_start_matches('#')
        .trim()
        .trim_end_matches('#')
        .trim_end();
    let entity = text.find('&').is_some_and(|at| {
        let rest = &text[at + 1..];
        rest.find(';').is_some_and(|end| {
            let name = rest[..end].strip_prefix('#').unwrap_or(&rest[..end]);
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric())
        })
    });
    (entity && !text.contains(['`', '[', '<', '*', '_', '\\', '{'])).then(|| text.to_string())
}

/// The anchors of a document: the id its site's generator gives every heading (GitHub's
/// slugs outside every site; repeats numbered the generator's way), `{#custom-id}` heading
/// attributes, and the `id` and `name` attributes of its HTML.
pub(crate) fn anchors(doc: &Document, slugger: &Slugger) -> Anchors {
    anchors_of(doc, slugger, &|text| text)
}

/// `anchors`, with each heading's text first passed through `title` (what a site's plugin
/// leaves of it before the generator slugs it).
fn anchors_of(doc: &Document, slugger: &Slugger, title: &dyn Fn(&str) -> &str) -> Anchors {
    let github = *slugger == Slugger::GitHub;
    let kramdown = matches!(
        slugger,
        Slugger::Kramdown { .. } | Slugger::KramdownGfm { .. }
    );
    let mut extra: Vec<String> = Vec::new();
    // GitHub slugs the whole text, `{#id}` included; the generators that read the attribute
    // give the heading that id alone.
    let headings: Vec<(&str, Option<&str>)> = doc
        .headings
        .iter()
        .map(|heading| {
            let text = title(heading.text.as_str());
            // kramdown: `{: #id}` on the line under a heading gives it that id instead.
            if kramdown {
                if let Some(id) = line_after(&doc.text, heading.range.end).and_then(block_ial_id) {
                    return (text, Some(id));
                }
            }
            match custom_id(text) {
                Some((rest, id)) if github => {
                    extra.push(id.to_string());
                    extra.push(slug(rest.trim_end()));
                    (text, None)
                }
                Some((rest, id)) => (rest.trim_end(), Some(id)),
                // Python-Markdown's attr_list takes any trailing `{…}` after a space, bare
                // words too (`## Android {: android}` is `#android`).
                None if matches!(
                    slugger,
                    Slugger::PythonMarkdown { .. } | Slugger::Pymdownx { .. }
                ) =>
                {
                    (attr_list_block(text).map_or(text, str::trim_end), None)
                }
                // `## Foo {.note}`: the generators that read a heading's attributes take
                // them out of its text (MyST, kramdown, which reads only `{#id}` there, and
                // github-slugger's do not).
                None if !github
                    && !matches!(
                        slugger,
                        Slugger::Myst
                            | Slugger::Kramdown { .. }
                            | Slugger::KramdownGfm { .. }
                            | Slugger::Rspress
                    ) =>
                {
                    (attributes_only(text).map_or(text, str::trim_end), None)
                }
                None => (text, None),
            }
        })
        .collect();
    let ids = slugger.ids_with(headings.iter().copied());
    let texts: Vec<&str> = headings
        .iter()
        .filter(|(_, own)| own.is_none())
        .map(|(text, _)| *text)
        .collect();
    if matches!(
        slugger,
        Slugger::GitHub
            | Slugger::Rspress
            | Slugger::VitePress
            | Slugger::VitePressOwn { .. }
            | Slugger::PythonMarkdown { .. }
            | Slugger::Pymdownx { .. }
    ) {
        // `:rocket:` is an emoji on GitHub and in VitePress, which their slugs drop; so is
        // an icon or emoji of MkDocs' pymdownx.emoji (`## :material-email: Contact`), an
        // SVG whose text the toc leaves out.
        for text in &texts {
            if memchr::memchr(b':', text.as_bytes()).is_some() {
                let rendered = SHORTCODE.replace_all(text, "");
                if rendered != *text {
                    extra.push(slugger.slug(&rendered));
                }
            }
        }
    }
    if matches!(slugger, Slugger::VitePress | Slugger::VitePressOwn { .. }) {
        // VitePress puts an entity reference back as written before it slugs
        // (`restoreEntities`): `## v0.18.5 &rarr; v0.19.0` is `#v0-18-5-rarr-v0-19-0`. The
        // heading's source gives it, when it holds no other markup.
        for heading in &doc.headings {
            if let Some(raw) = entities_as_written(&doc.text[heading.range.clone()]) {
                extra.push(slugger.slug(&raw));
            }
        }
    }
    if matches!(
        slugger,
        Slugger::PythonMarkdown { .. } | Slugger::Pymdownx { .. }
    ) && doc.text.contains('{')
    {
        // MkDocs' attr_list gives any block or inline element an id: `{#id}` after a
        // paragraph, `[](){#id}` (an autorefs anchor).
        // An escape is undone (`{#\_fn_1}` is `_fn_1`), as in the rest of the text.
        for c in ATTR_ID.captures_iter(&doc.text) {
            extra.push(c[1].replace('\\', ""));
        }
        // pymdownx.superfences' attributes on a fence, classes first
        // (```` ``` { .sh .no-copy #example } ````): the code block's id.
        for block in &doc.code_blocks {
            let Some(attrs) = block
                .info
                .split_once('{')
                .and_then(|(_, rest)| rest.split_once('}'))
                .map(|(inner, _)| inner)
            else {
                continue;
            };
            extra.extend(
                attrs
                    .split_whitespace()
                    .filter_map(|t| t.strip_prefix('#'))
                    .filter(|id| !id.is_empty())
                    .map(str::to_string),
            );
        }
    }
    if matches!(slugger, Slugger::VitePress | Slugger::VitePressOwn { .. })
        && doc.text.contains("{#")
    {
        // VitePress reads attributes with markdown-it-attrs: `{#id}` ending a paragraph, a
        // list item or a container's title (`::: warning Title {#id}`), or a paragraph of its
        // own, gives that element the id. Not in code, and not kramdown's `{: #id}`.
        for c in ATTR_ID.captures_iter(&doc.text) {
            let (Some(all), Some(id)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if !all.as_str().starts_with("{:")
                && !matches!(
                    doc.class_at(all.start()),
                    Class::CodeBlock | Class::InlineCode
                )
            {
                extra.push(id.as_str().to_string());
            }
        }
    }
    if kramdown && doc.text.contains("{:") {
        // kramdown's block IAL: a line `{: #id}` right under (or over) a paragraph, a list
        // or any other block gives it the id.
        let mut at = 0;
        for line in doc.text.split_inclusive('\n') {
            if let Some(id) = block_ial_id(line) {
                if !matches!(doc.class_at(at), Class::CodeBlock | Class::InlineCode) {
                    extra.push(id.to_string());
                }
            }
            at += line.len();
        }
    }
    if super::placeholder::is_mdx(&doc.path) {
        // In MDX, Markdown inside a JSX element is Markdown (`<Search>\n  ## Features`),
        // though CommonMark reads the element as an HTML block: its headings have ids too.
        let inner: Vec<&str> = doc
            .html
            .iter()
            .filter_map(|r| doc.text.get(r.clone()))
            .filter(|block| {
                let start = block.trim_start();
                !(start.starts_with("<pre") || start.starts_with("<code"))
            })
            .flat_map(str::lines)
            .filter_map(|line| {
                let t = line.trim_start();
                let hashes = t.bytes().take_while(|&b| b == b'#').count();
                (1..=6)
                    .contains(&hashes)
                    .then(|| t[hashes..].strip_prefix(' '))
                    .flatten()
                    .map(str::trim)
            })
            .collect();
        extra.extend(slugger.ids(inner.iter().copied()));
    }
    let mut set =
        AnchorSet::with_capacity_and_hasher(ids.len() + extra.len() + 4, FxBuild::default());
    set.extend(ids);
    set.extend(extra);
    // An HTML block comes a line at a time; a start tag may span lines (`<div` then
    // `  id="calc"`), so each run of touching pieces is read as one.
    let mut runs: Vec<Range<usize>> = Vec::with_capacity(doc.html.len());
    for range in &doc.html {
        match runs.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => runs.push(range.clone()),
        }
    }
    for range in &runs {
        if let Some(html) = doc.text.get(range.clone()) {
            html_ids(html, &mut set);
            // GitHub gives a heading written in HTML (`<h1 align="center">just</h1>`, a
            // README's title) an id from its text, as it does a Markdown one.
            if github {
                set.extend(html_heading_texts(html).iter().map(|text| slug(text)));
            }
        }
    }
    Anchors::from_names(set)
}

/// The spans of `text` that are math written for MathJax or KaTeX, each within one
/// paragraph: between `$$` and `$$`, `\[` and `\]`, or `\(` and `\)`, sorted. GitHub renders
/// `$$` math, and Hugo's passthrough, MkDocs' arithmatex and the math plugins of the others
/// hand such text to the math renderer: `\ce{A <=>[+ 2OH-][+ 2H+] B}` is chemistry, not a
/// reference link. One pass over the text; each span as its start and the furthest end of
/// it and the spans before it (see `in_spans`).
fn math_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find("\n\n").map_or(text.len(), |i| start + i);
        let paragraph = &text[start..end];
        // `$$`: the first and second, the third and fourth…
        let dollars: Vec<usize> = paragraph.match_indices("$$").map(|(i, _)| i).collect();
        for pair in dollars.chunks_exact(2) {
            spans.push(start + pair[0]..start + pair[1]);
        }
        for (open, close) in [("\\[", "\\]"), ("\\(", "\\)")] {
            let mut from = 0;
            while let Some(o) = paragraph[from..].find(open).map(|i| from + i) {
                let Some(c) = paragraph[o..].find(close).map(|i| o + i) else {
                    break;
                };
                spans.push(start + o..start + c);
                from = c + close.len();
            }
        }
        start = end + 2;
    }
    spans.sort_by_key(|r| r.start);
    let mut reach = 0;
    spans
        .into_iter()
        .map(|r| {
            reach = reach.max(r.end);
            (r.start, reach)
        })
        .collect()
}

/// Whether byte `at` lies in one of the spans `math_spans` found: a span that starts before
/// it reaches past it.
fn in_spans(spans: &[(usize, usize)], at: usize) -> bool {
    let before = spans.partition_point(|&(start, _)| start < at);
    before > 0 && spans[before - 1].1 > at
}

/// The text of each HTML heading element (`<h1>` to `<h6>`) in `html`: its tags left out,
/// the common character references read.
fn html_heading_texts(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<h").map(|i| from + i) {
        from = at + 2;
        let level = lower.as_bytes().get(at + 2).copied();
        let after = lower.as_bytes().get(at + 3).copied();
        if !level.is_some_and(|b| (b'1'..=b'6').contains(&b))
            || !after.is_some_and(|b| b == b'>' || b.is_ascii_whitespace())
        {
            continue;
        }
        let Some(open_end) = lower[at..].find('>').map(|i| at + i + 1) else {
            break;
        };
        let close = format!("</h{}", char::from(level.unwrap_or(b'1')));
        let Some(end) = lower[open_end..].find(&close).map(|i| open_end + i) else {
            break;
        };
        let mut text = String::new();
        let mut in_tag = false;
        for c in html[open_end..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&");
        out.push(text.trim().to_string());
        from = end;
    }
    out
}

/// The ids `pymdownx.tabbed` gives a page's content tabs (`=== "Title"`, `===! "…"`,
/// `===+ "…"`): the title slugged (icon shortcodes such as `:octicons-image-16:` render as
/// images, which the slug leaves out), after the id of the heading above and a `-` when
/// `combine`.
fn tab_ids(doc: &Document, slugger: &Slugger, combine: bool) -> Vec<String> {
    static TAB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^[ \t]*===[!+]?[ \t]+"([^"\n]*)""#).expect("valid regex")
    });
    if !doc.text.contains("===") {
        return Vec::new();
    }
    let heading_ids = slugger.ids(doc.headings.iter().map(|h| h.text.as_str()));
    TAB.captures_iter(&doc.text)
        .filter_map(|c| {
            let at = c.get(0)?.start();
            let title = SHORTCODE.replace_all(&c[1], "");
            let id = slugger.slug(title.trim());
            if !combine {
                return Some(id);
            }
            let heading = doc.headings.iter().rposition(|h| h.range.start < at)?;
            Some(format!("{}-{id}", heading_ids.get(heading)?))
        })
        .collect()
}

/// AnchorJS's `urlify`: apostrophes dropped, each unsafe character a `-`, runs of `-` one,
/// 64 characters at most, no `-` at either end, lower case.
fn anchorjs_id(text: &str) -> String {
    const UNSAFE: &str = "& +$,:;=?@\"#{}|^~[`%!'<>]./()*\\";
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().filter(|&c| c != '\'') {
        let c = if UNSAFE.contains(c) { '-' } else { c };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    let cut: String = out.chars().take(64).collect();
    cut.trim_matches('-').to_lowercase()
}

/// The note a missing anchor gets on a page that components render in part.
fn rendered_note(message: String, anchors: &Anchors) -> String {
    if anchors.rendered {
        format!("{message}; the page places components, whose ids relman cannot read")
    } else {
        message
    }
}

/// A missing anchor of the linking page itself: a warning where components render part of
/// the page.
fn own_anchor_finding(range: Range<usize>, message: String, anchors: &Anchors) -> Finding {
    let finding = Finding::new(range, rendered_note(message, anchors));
    if anchors.rendered {
        finding.warning()
    } else {
        finding
    }
}

/// Whether a page places a component of its own on a line alone, at its top level
/// (`<Settings :level="2" />` in mise's VitePress page, `<AnchorAliases intro />` in
/// arktype's MDX): what it renders, headings and ids included, is the component's, which
/// relman cannot read. In a Vue site's Markdown or in MDX.
fn renders_components(doc: &Document, site: Option<&super::sites::Site>) -> bool {
    let vue = site.is_some_and(|s| {
        matches!(
            s.generator,
            super::sites::Generator::VitePress | super::sites::Generator::VuePress
        )
    });
    if !(vue || super::placeholder::is_mdx(&doc.path)) || !doc.text.contains("/>") {
        return false;
    }
    let mut at = 0;
    doc.text.split_inclusive('\n').any(|line| {
        let start = at;
        at += line.len();
        // At the page's top level, not inside another element.
        let t = line.trim_end();
        t.starts_with('<')
            && t.ends_with("/>")
            && t[1..].starts_with(|c: char| c.is_ascii_uppercase())
            && !t[1..t.len() - 2].contains(['<', '>'])
            && doc.class_at(start + line.find('<').unwrap_or(0)) != Class::CodeBlock
    })
}

/// `[text][label]`, as a heading's text holds a reference without a definition.
static REFERENCE_IN_TEXT: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\[([^\[\]]*)\]\[[^\[\]]+\]").expect("valid regex"));

/// A document's anchors as its site makes them; open when the page includes other files or
/// has generated content.
fn page_anchors(doc: &Document, ctx: &Context) -> Anchors {
    let site = ctx.sites.of(&doc.path);
    let slugger = site.map_or(&Slugger::GitHub, |s| &s.slugger);
    // t-rex-ui's `processHeaderMarkers` cuts `### hitSlop [A][I]`'s markers out before
    // Docusaurus slugs the heading: its id is `hitslop` (numbered as any other).
    let mut anchors = if site.is_some_and(|s| s.platform_markers) {
        anchors_of(doc, slugger, &|text| match custom_id(text) {
            Some(_) => text,
            None => without_platform_markers(text),
        })
    } else {
        anchors(doc, slugger)
    };
    // Ids the site gives besides its headings' slugs.
    let mut more: Vec<String> = Vec::new();
    if site.is_some_and(|s| s.generator == super::sites::Generator::Other(super::sites::FUMADOCS)) {
        // `## Disable Automatic Revalidations [#disable-automatic-revalidations]`: Fumadocs'
        // remark-heading takes the trailing `[#id]` for the heading's id.
        more.extend(doc.headings.iter().filter_map(|h| {
            let t = h.text.trim_end().strip_suffix(']')?;
            let at = t.rfind("[#")?;
            Some(t[at + 2..].to_string())
                .filter(|id| !id.is_empty() && !id.contains(char::is_whitespace))
        }));
    }
    if site.is_some_and(|s| s.generator == super::sites::Generator::Sphinx) {
        // A MyST label is a target of the page that defines it (`file.md#code-config`).
        more.extend(myst_labels(&doc.text));
    }
    if site.is_some_and(|s| {
        matches!(
            s.generator,
            super::sites::Generator::Starlight | super::sites::Generator::Astro
        )
    }) {
        // Astro's `rehypeHeadingIds` takes github-slugger's id, then drops the `-` a trailing
        // badge leaves (`### exportPlatform <Badge />` is `#exportplatform`); its newest
        // releases also drop every extra `-` (`a -- b` is `a-b`). Both are its ids.
        more.extend(doc.headings.iter().flat_map(|h| {
            let github = slug(&h.text);
            let trimmed = github.strip_suffix('-').map(str::to_string);
            let single = github
                .split('-')
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            trimmed
                .into_iter()
                .chain((single != github).then_some(single))
        }));
    }
    if site.is_some_and(|s| s.spec) {
        more.extend(spec_ids(doc));
    }
    if site.is_some_and(|s| {
        matches!(
            s.generator,
            super::sites::Generator::VitePress | super::sites::Generator::VuePress
        )
    }) {
        more.extend(component_tag_ids(doc));
    }
    if site.is_some_and(|s| s.anchorjs) {
        // AnchorJS gives a heading written in HTML without an id one from its text.
        for range in &doc.html {
            if let Some(html) = doc.text.get(range.clone()) {
                more.extend(html_heading_texts(html).iter().map(|t| anchorjs_id(t)));
            }
        }
    }
    if site.is_some_and(|s| s.outside_definitions) {
        // A reference the site resolves (autorefs' `[`Obj`][pkg.Obj]`) is a link in a
        // heading too: its text alone is in the heading's id.
        more.extend(doc.headings.iter().filter_map(|h| {
            let text = REFERENCE_IN_TEXT.replace_all(&h.text, "$1");
            (text != h.text).then(|| slugger.slug(&text))
        }));
    }
    if site.is_some_and(|s| s.term_ids) {
        more.extend(with_term_ids(doc, slugger));
    }
    if let Some(combine) = site.and_then(|s| s.tab_ids) {
        more.extend(tab_ids(doc, slugger, combine));
    }
    if !more.is_empty() {
        more.sort_unstable();
        more.dedup();
        more.retain(|id| !anchors.contains(id));
        anchors = Anchors::from_names(anchors.iter().chain(more.iter().map(String::as_str)));
    }
    // A heading with no text of its own (`#### <!-- md:setting config.x -->`) is written
    // by a hook of the site, with an id relman cannot know; so is a Zola heading's with
    // letters its slugify spells in ASCII, or any when the site keeps text as written.
    // A fence whose info string says `include` (`` ````yml include `` in expressive-code's
    // TypeDoc templates) is replaced by what a script writes, headings included.
    let includes = doc
        .code_blocks
        .iter()
        .any(|b| b.info.split_whitespace().skip(1).any(|w| w == "include"));
    anchors.rendered = renders_components(doc, site);
    anchors.open = includes
        || site.is_some_and(|s| {
            // A document of a collection rendered into another page: its fragments are
            // that page's.
            s.unrendered
                .iter()
                .any(|folder| strip_folder(&doc.path, folder).is_some())
        })
        || site.is_some_and(|s| {
            s.open_page(&doc.text)
                || (s.outside_definitions && doc.headings.iter().any(|h| h.text.trim().is_empty()))
                || (s.generator == super::sites::Generator::Jekyll
                    && jekyll_fragment(doc, &s.content))
                || match s.slugger {
                    Slugger::Zola { exact } => {
                        !exact || doc.headings.iter().any(|h| !h.text.is_ascii())
                    }
                    _ => false,
                }
        });
    anchors
}

/// The spans between all-contributors' `<!-- ALL-CONTRIBUTORS-LIST:START … -->` and
/// `<!-- ALL-CONTRIBUTORS-LIST:END -->` markers (an unclosed one runs to the end).
fn all_contributors_blocks(text: &str) -> Vec<Range<usize>> {
    const START: &str = "<!-- ALL-CONTRIBUTORS-LIST:START";
    const END: &str = "<!-- ALL-CONTRIBUTORS-LIST:END";
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&text.as_bytes()[from..], START.as_bytes()) {
        let start = from + at;
        let end = memchr::memmem::find(&text.as_bytes()[start..], END.as_bytes())
            .map_or(text.len(), |e| start + e);
        blocks.push(start..end);
        from = end.max(start + START.len()).min(text.len());
    }
    blocks
}

/// The files a Jekyll page pulls in with `{% include_relative PATH %}`, root-relative.
fn relative_includes(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = doc.text.as_str();
    while let Some(at) = rest.find("include_relative") {
        let after = &rest[at + "include_relative".len()..];
        let end = after.find("%}").unwrap_or(after.len());
        if let Some(path) = after[..end].split_whitespace().next() {
            if let Ok(target) = normalize(doc.dir(), path) {
                out.push(target);
            }
        }
        rest = &after[end..];
    }
    out.sort();
    out.dedup();
    out
}

/// The Markdown files a VitePress or VuePress page pulls in (`<!--@include: ./x.md-->`,
/// `<!-- @include: @/shared/x.md{3,} -->`), root-relative: VitePress' `processIncludes`
/// reads `<!--\s*@include:\s*(.*?)\s*-->`, a path starting with `@` from the site's
/// source folder, any other from the page's folder, and cuts a `#region` or `{lines}`.
fn markdown_includes(doc: &Document, content: &str) -> Vec<String> {
    let mut out: Vec<String> = super::sites::markdown_includes(&doc.text)
        .filter_map(|path| {
            let path = path.split(['#', '{']).next().unwrap_or(path).trim();
            match path.strip_prefix('@') {
                Some(rest) => normalize(content, rest.strip_prefix('/').unwrap_or(rest)).ok(),
                None => normalize(doc.dir(), path).ok(),
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a Markdown file of a Jekyll site is a fragment, not a page: without front matter
/// in a folder Jekyll does not render as pages (`_specifications/lsp/types/location.md`, a
/// collection's or an `_includes` one). Jekyll copies it as a static file; a page pulls it in
/// (`{% include_relative types/location.md %}`), and its `#location` links are that page's.
fn jekyll_fragment(doc: &Document, content: &str) -> bool {
    let below = strip_folder(&doc.path, content).unwrap_or(&doc.path);
    let front = doc.text.starts_with("---\n") || doc.text.starts_with("---\r\n");
    !front
        && below
            .rsplit_once('/')
            .is_some_and(|(dirs, _)| dirs.split('/').any(|d| d.starts_with('_')))
}

/// Whether a link's fragment names one of `anchors`: exactly, or (on a page whose anchors
/// are not all known) by default; VitePress slugifies the fragment of a link as it slugifies
/// headings (`normalizeHash`), so in its pages the slugified fragment counts too.
fn matches_anchor(anchors: &Anchors, fragment: &str, ctx: &Context, from: &str) -> bool {
    if anchors.open || has_anchor(anchors, fragment) {
        return true;
    }
    let site = ctx.sites.of(from);
    // An id the site's page template writes around the page's content.
    if site.is_some_and(|s| {
        s.template_ids
            .binary_search_by(|id| id.as_str().cmp(fragment))
            .is_ok()
    }) {
        return true;
    }
    if site.is_none() && fragment.bytes().any(|b| b.is_ascii_uppercase()) {
        // GitHub finds a heading whatever the case of the fragment (`#breakParent` reaches
        // `## breakParent`, whose id is `breakparent`).
        return has_anchor(anchors, &fragment.to_lowercase());
    }
    site.is_some_and(|s| {
        // (With a slugify of the project's own, the fragment is slugified by that one.)
        // (VuePress leaves a link's fragment as written.)
        s.generator == super::sites::Generator::VitePress
            && !s.custom_slugify
            && anchors.contains(&s.slugger.slug(fragment))
            || s.custom_slugify && anchors.contains(fragment.to_lowercase().trim_matches('-'))
            // MkDocs hooks may give ids of their own (`{ #+type:note }`): a fragment the
            // site's slugify cannot make is one of those, the site's to check.
            || s.generator == super::sites::Generator::MkDocs
                && s.outside_definitions
                && s.slugger.slug(fragment) != fragment
    })
}

/// Say how the anchors of the file at `path` were made, when a site's generator made them.
fn site_note(message: &mut String, ctx: &Context, path: &str) {
    if let Some(site) = ctx.sites.of(path) {
        message.push_str(" (");
        message.push_str(&site.describe());
        message.push(')');
    }
}

/// Anchors while they are collected.
type AnchorSet = HashSet<String, FxBuild>;

/// `Title {#id}`, `Title {: #id .class}`: the text before the braces and the id.
fn custom_id(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    // markdown-it-attrs with the delimiters `%{` `}%` (a VitePress `markdown.attrs` option).
    let (inner_end, open_len) = match trimmed.strip_suffix("}%") {
        Some(rest) => (rest, 2),
        None => (trimmed.strip_suffix('}')?, 1),
    };
    let open = inner_end.rfind('{')?;
    let open = if open_len == 2 {
        open.checked_sub(1)
            .filter(|o| inner_end[*o..].starts_with("%{"))?
    } else {
        open
    };
    let inner = &inner_end[open + open_len..];
    // Docusaurus' MDX comment, however spaced (`{/* #id */}`, `{ /*#id*/ }`): the first
    // word of the comment's trimmed text, when it starts with `#`.
    // (`{/*#id*/}` reaches here as `{/#id/}`: CommonMark reads `*#id*` as emphasis.)
    let comment = inner.trim();
    if let Some(comment) = comment
        .strip_prefix("/*")
        .and_then(|c| c.strip_suffix("*/"))
        .or_else(|| {
            comment
                .strip_prefix('/')
                .and_then(|c| c.strip_suffix('/'))
                .filter(|c| c.starts_with('#'))
        })
    {
        let id = comment.trim().split(' ').next()?.strip_prefix('#')?;
        return (!id.is_empty()).then_some((&trimmed[..open], id));
    }
    // `#id`, `{: #id }`, and attr_list's key form `id=x` / `id="x"`.
    let id = inner.split_whitespace().find_map(|w| {
        let w = w.strip_prefix(':').unwrap_or(w);
        w.strip_prefix('#').or_else(|| {
            w.strip_prefix("id=")
                .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
        })
    })?;
    (!id.is_empty()).then_some((&trimmed[..open], id))
}

/// The text before a trailing attribute block with no id (`{.note}`, `{: .wide data-x=1 }`):
/// every item a class, an id or a `key=value`.
fn attributes_only(text: &str) -> Option<&str> {
    let trimmed = text.trim_end();
    let inner_end = trimmed.strip_suffix('}')?;
    let open = inner_end.rfind('{')?;
    let inner = inner_end[open + 1..].trim();
    let inner = inner.strip_prefix(':').unwrap_or(inner);
    let mut items = inner.split_whitespace().peekable();
    items.peek()?;
    items
        .all(|w| (w.len() > 1 && (w.starts_with('.') || w.starts_with('#'))) || w.contains('='))
        .then_some(&trimmed[..open])
}

/// The text before a trailing attribute list as Python-Markdown's attr_list reads one on a
/// heading: a space, `{`, an optional `:`, anything but `}` (a bare word is an attribute
/// too), `}`.
fn attr_list_block(text: &str) -> Option<&str> {
    let trimmed = text.trim_end();
    let inner_end = trimmed.strip_suffix('}')?;
    let open = inner_end.rfind('{')?;
    let inner = inner_end[open + 1..]
        .strip_prefix(':')
        .unwrap_or(&inner_end[open + 1..]);
    (trimmed[..open].ends_with(' ') && !inner.trim().is_empty()).then_some(&trimmed[..open])
}

/// Add the `id` and `name` attribute values of every tag in `html` (comments skipped).
fn html_ids(html: &str, set: &mut AnchorSet) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off;
        if bytes[i..].starts_with(b"<!--") {
            i = html[i + 4..]
                .find("-->")
                .map_or(bytes.len(), |e| i + 4 + e + 3);
            continue;
        }
        if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = read_tag(html, i + 1, set);
        } else {
            i += 1;
        }
    }
}

/// The ids on Vue components' start tags written over several lines at a line's start
/// (`<EaSection` then `  id="calculator"`): @mdit-vue's component plugin makes such a tag
/// an HTML block, where CommonMark reads a paragraph (and its `>` line a block quote).
fn component_tag_ids(doc: &Document) -> Vec<String> {
    let mut set = AnchorSet::default();
    let mut at = 0;
    for line in doc.text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let t = line.trim_end();
        if t.starts_with('<')
            && t[1..].starts_with(|c: char| c.is_ascii_uppercase())
            && !t.contains('>')
            && doc.class_at(start) != Class::CodeBlock
        {
            read_tag(&doc.text, start + 1, &mut set);
        }
    }
    set.into_iter().collect()
}

/// Read the attributes of the tag whose name starts at `start`; return where the tag ends.
fn read_tag(html: &str, start: usize, set: &mut AnchorSet) -> usize {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut i = start;
    while i < len && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    loop {
        while i < len && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= len || bytes[i] == b'>' || bytes[i] == b'<' {
            return (i + 1).min(len);
        }
        let name_start = i;
        while i < len && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = &html[name_start..i];
        let mut j = i;
        while j < len && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= len || bytes[j] != b'=' {
            if i == name_start {
                i += 1;
            }
            continue;
        }
        j += 1;
        while j < len && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (value, end) = if let Some(&q @ (b'"' | b'\'')) = bytes.get(j) {
            let close = html[j + 1..].find(char::from(q)).map_or(len, |e| j + 1 + e);
            (&html[j + 1..close], (close + 1).min(len))
        } else {
            let mut e = j;
            while e < len && !bytes[e].is_ascii_whitespace() && bytes[e] != b'>' {
                e += 1;
            }
            (&html[j..e], e)
        };
        if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("name") {
            // The browser decodes an attribute's character references (`actual&#39;s`).
            let value = decode_entities(value.trim());
            if !value.is_empty() {
                set.insert(value);
            }
        }
        i = end.max(i + 1);
    }
}

/// Whether `fragment` (decoded, without `#`) names one of `anchors`, exactly: browsers
/// match ids exactly, and the anchors are the generator's own. GitHub's `user-content-`
/// prefix, `#top` and line fragments always match.
pub(crate) fn has_anchor(anchors: &Anchors, fragment: &str) -> bool {
    if always_valid_fragment(fragment) {
        return true;
    }
    let f = fragment.strip_prefix("user-content-").unwrap_or(fragment);
    anchors.contains(f)
}

/// The chars of `loose(s)`, without allocating.
fn loose_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut dash = false;
    let mut started = false;
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '_' { '-' } else { c })
        .flat_map(move |c| {
            if c == '-' {
                // Held back: a run of dashes is one, and none leads or trails.
                dash = started;
                return [None, None];
            }
            let pending = std::mem::take(&mut dash).then_some('-');
            started = true;
            [pending, Some(c)]
        })
        .flatten()
}

/// Lower-case, `_` read as `-`, runs of `-` collapsed, `-` trimmed at both ends.
/// `loose(s)` into `out` (cleared first); ASCII without decoding chars.
fn loose_into(out: &mut String, s: &str) {
    out.clear();
    if !s.is_ascii() {
        out.extend(loose_chars(s));
        return;
    }
    for b in s.bytes() {
        let c = if b == b'_' {
            b'-'
        } else {
            b.to_ascii_lowercase()
        };
        if c == b'-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(char::from(c));
    }
    while out.ends_with('-') {
        out.pop();
    }
}

fn loose(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    loose_into(&mut out, s);
    out
}

/// The message for an anchor missing from another Markdown file.
pub(crate) fn anchor_message(target: &str, fragment: &str) -> String {
    format!("`#{fragment}`: no heading or HTML id in `{target}` has that slug")
}

/// `anchor_message` with up to three similar anchors of the target, when there are some.
pub(crate) fn anchor_message_near(target: &str, fragment: &str, anchors: &Anchors) -> String {
    let mut message = anchor_message(target, fragment);
    append_similar(&mut message, fragment, anchors);
    message
}

fn own_anchor_message(fragment: &str, anchors: &Anchors) -> String {
    let mut message = format!("`#{fragment}`: no heading or HTML id in this file has that slug");
    append_similar(&mut message, fragment, anchors);
    message
}

fn append_similar(message: &mut String, fragment: &str, anchors: &Anchors) {
    let similar = similar_anchors(fragment, anchors);
    if !similar.is_empty() {
        message.push_str("; similar anchors here: ");
        let list: Vec<String> = similar.iter().map(|a| format!("`#{a}`")).collect();
        message.push_str(&list.join(", "));
    }
}

/// Up to three anchors close to `fragment`: a small edit distance or a shared long word.
fn similar_anchors<'a>(fragment: &str, anchors: &'a Anchors) -> Vec<&'a str> {
    let f = loose(fragment);
    if f.is_empty() || f.len() > 80 {
        return Vec::new();
    }
    let words: Vec<&str> = f.split('-').filter(|w| w.chars().count() >= 4).collect();
    let f_chars = f.chars().count();
    let limit = (f_chars / 3).max(2);
    let pattern = Pattern::new(&f);
    let mut la = String::new();
    let mut scored: Vec<(usize, &str)> = anchors
        .iter()
        .take(2000)
        .filter(|a| a.len() <= 80)
        .filter_map(|a| {
            loose_into(&mut la, a);
            let shared = la.split('-').any(|w| words.contains(&w));
            // The distance is at least the difference in length: skip the ones too far.
            if !shared && la.chars().count().abs_diff(f_chars) > limit {
                return None;
            }
            let d = pattern.distance(&f, &la);
            (d <= limit || shared).then_some((d, a))
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(3).map(|(_, a)| a).collect()
}

/// A pattern for `edit_distance`, prepared once for many texts: when it is ASCII and at most
/// 64 bytes, Myers' bit-parallel algorithm (Hyyrö's form for the whole-string distance).
struct Pattern {
    /// For each ASCII byte, the positions of the pattern that hold it; None: not usable.
    peq: Option<Box<[u64; 128]>>,
    len: usize,
}

impl Pattern {
    fn new(pattern: &str) -> Pattern {
        let len = pattern.len();
        if !pattern.is_ascii() || len == 0 || len > 64 {
            return Pattern { peq: None, len };
        }
        let mut peq = Box::new([0u64; 128]);
        for (i, b) in pattern.bytes().enumerate() {
            peq[usize::from(b)] |= 1 << i;
        }
        Pattern {
            peq: Some(peq),
            len,
        }
    }

    /// `edit_distance(pattern, text)`; `pattern` is the text it was made from.
    fn distance(&self, pattern: &str, text: &str) -> usize {
        let Some(peq) = self.peq.as_ref().filter(|_| text.is_ascii()) else {
            return edit_distance(pattern, text);
        };
        let high = 1u64 << (self.len - 1);
        let mut pv = u64::MAX;
        let mut mv = 0u64;
        let mut score = self.len;
        for b in text.bytes() {
            let eq = peq[usize::from(b & 0x7f)];
            let xv = eq | mv;
            let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & high != 0 {
                score += 1;
            } else if mh & high != 0 {
                score -= 1;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        score
    }
}

/// Levenshtein distance over chars (inputs are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

// ---------------------------------------------------------------------------------------
// Looking up names in the file set (shared with `missing-path`)

/// The path that matches `path` ignoring case, when there is one.
pub(crate) fn case_variant(files: &FileSet, path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = path.to_lowercase();
    files
        .named(name)
        .iter()
        .find(|p| p.to_lowercase() == lower && p.as_str() != path)
        .map(|p| (*p).clone())
}

/// Whether the repository builds a documentation site (where `/path` is a site URL).
fn builds_site(ctx: &Context) -> bool {
    if !ctx.sites.is_empty() {
        return true;
    }
    [
        "book.toml",
        "mkdocs.yml",
        "mkdocs.yaml",
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "docusaurus.config.mjs",
        "hugo.toml",
        "hugo.yaml",
        "_config.yml",
        "conf.py",
        "antora.yml",
        "astro.config.mjs",
        "astro.config.ts",
        "gatsby-config.js",
        "gatsby-config.ts",
        ".vitepress",
        ".vuepress",
        "_quarto.yml",
        "docfx.json",
    ]
    .iter()
    .any(|n| !ctx.files.named(n).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escape_in_an_attr_list_id_is_undone() {
        // pymdown-extensions' magiclink.md: `^†^{#\_fn_1}` is `<sup id="_fn_1">`.
        let doc = Document::parse("a.md", "A note.^†^{#\\_fn_1}\n".to_string());
        let found = anchors(&doc, &Slugger::PythonMarkdown { unicode: false });
        assert!(found.contains("_fn_1"), "{found:?}");
    }

    #[test]
    fn a_text_fragment_s_directive_is_the_browser_s() {
        let c = ctx(&["README.md"]);
        let text = "# Doc\n\n## Export formats\n\n[a](#export-formats:~:text=Export%20formats) [b](#:~:text=x) [c](#gone:~:text=x)\n";
        let doc = Document::parse("README.md", text.to_string());
        let mut out = Output::default();
        BrokenLink.check(&doc, &c, &mut out);
        let messages: Vec<&str> = out.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("#gone"), "{messages:?}");
    }

    #[test]
    fn github_s_page_ids_are_anchors_of_a_file_it_renders() {
        // difftastic's logo `<a href="#readme">`; electric's "top of the page" link.
        let mut c = ctx(&["README.md", "mkdocs.yml", "docs/a.md"]);
        let text =
            "# Doc\n\n<a href=\"#readme\">logo</a> [top](#start-of-content) [x](#readme-x)\n";
        let found = check_text(&BrokenLink, "README.md", text, &c);
        assert!(
            !found.contains("`#readme`") && !found.contains("#start-of-content"),
            "{found}"
        );
        assert!(found.contains("#readme-x"), "{found}");
        // A site's page has no such ids.
        c.sites = crate::lint::sites::detect(
            &c.files,
            &|p| (p == "mkdocs.yml").then(|| "site_name: x\n".to_string()),
            &[],
        );
        assert!(check_text(
            &BrokenLink,
            "docs/a.md",
            "# A\n\n[t](#start-of-content)\n",
            &c
        )
        .contains("#start-of-content"));
    }

    #[test]
    fn a_superfence_s_attributes_give_its_code_block_an_id() {
        // mkdocs-material's ensuring-data-privacy.md: ```` ``` { .sh .no-copy #example } ````.
        let text =
            "# Privacy\n\n``` { .sh .no-copy #example }\nls\n```\n\n```{.py #other}\nx\n```\n";
        let doc = Document::parse("docs/a.md", text.to_string());
        let found = anchors(&doc, &Slugger::PythonMarkdown { unicode: false });
        assert!(
            found.contains("example") && found.contains("other"),
            "{found:?}"
        );
        // Python-Markdown's attributes only: GitHub gives a code block no id.
        assert!(!anchors(&doc, &Slugger::GitHub).contains("example"));
    }

    #[test]
    fn a_kramdown_block_ial_under_a_heading_or_a_paragraph_gives_it_the_id() {
        // As kramdown 2.4 with kramdown-parser-gfm renders it (ruby/www.ruby-lang.org's
        // translated installation pages): `<h2 id="package-management-systems">`,
        // `<h3 id="apt">`, `<p id="fn1">`.
        let text = "## Пакетни мениджъри\n{: #package-management-systems}\n\n### apt (Debian)\n{: .x #apt}\n\nA quote.\n{: #fn1}\n\n```\n{: #in-code}\n```\n\n## Plain\n\n{: #not-an-id\n";
        let doc = Document::parse("a.md", text.to_string());
        for slugger in [
            Slugger::KramdownGfm {
                prefix: String::new(),
            },
            Slugger::Kramdown {
                prefix: String::new(),
            },
        ] {
            let found = anchors(&doc, &slugger);
            for id in ["package-management-systems", "apt", "fn1", "plain"] {
                assert!(found.contains(id), "{id}: {found:?}");
            }
            // The heading's own id gives way to the IAL's; code is code.
            for id in ["apt-debian", "in-code", "not-an-id"] {
                assert!(!found.contains(id), "{id}: {found:?}");
            }
        }
        // Elsewhere the line is text.
        assert!(!anchors(&doc, &Slugger::GitHub).contains("apt"));
        assert_eq!(block_ial_id("{:#a}"), Some("a"));
        assert_eq!(block_ial_id("    {: #a}"), None, "indented code");
        assert_eq!(block_ial_id("{: #9a}"), None);
        assert_eq!(block_ial_id("{:refdef: #foo .c}"), None, "an ALD");
        let doc = Document::parse("a.md", "## H\n{:ref: #foo}\n".to_string());
        let found = anchors(
            &doc,
            &Slugger::Kramdown {
                prefix: String::new(),
            },
        );
        assert!(found.contains("h") && !found.contains("foo"), "{found:?}");
    }

    #[test]
    fn a_trailing_attribute_block_with_no_id_is_out_of_the_heading_text() {
        assert_eq!(attributes_only("Foo {.note}"), Some("Foo "));
        assert_eq!(attributes_only("Foo {: .wide data-x=1 }"), Some("Foo "));
        assert_eq!(attributes_only("Using {x}"), None, "text in braces");
        assert_eq!(attributes_only("Empty {}"), None);
        assert_eq!(attributes_only("No block"), None);
        let zola = Slugger::Zola { exact: true };
        let doc = Document::parse("a.md", "## Foo {.note}\n\n## Using {x}\n".to_string());
        let found = anchors(&doc, &zola);
        assert!(
            found.contains("foo") && found.contains("using-x"),
            "{found:?}"
        );
        // GitHub and kramdown keep the braces' text in the slug.
        assert!(anchors(&doc, &Slugger::GitHub).contains("foo-note"));
        let kramdown = Slugger::KramdownGfm {
            prefix: String::new(),
        };
        assert!(anchors(&doc, &kramdown).contains("foo-note"));
    }
    use crate::lint::{check_text, FileSet};

    fn files(list: &[&str]) -> FileSet {
        FileSet::from_files(list.iter().map(|s| (*s).to_string()))
    }

    fn ctx(list: &[&str]) -> Context {
        Context {
            version: Some(semver::Version::new(2, 4, 0)),
            version_source: "VERSION".to_string(),
            files: files(list),
            ..Context::default()
        }
    }

    /// A context for the files of `list`, their sites read from `config` (every config file
    /// holds it).
    fn site_ctx(list: &[&str], config: &str) -> Context {
        let mut c = ctx(list);
        c.sites = crate::lint::sites::detect(&c.files, &|_| Some(config.to_string()), &[]);
        c
    }

    /// The links to anchors of other files that a check deferred to the cross-file step.
    fn deferred(out: &Output) -> &[AnchorLink] {
        out.kept::<Kept>().map_or(&[], |k| k.links.as_slice())
    }

    fn slugs(markdown: &str) -> Vec<String> {
        let doc = Document::parse("a.md", markdown.to_string());
        let mut set = anchors(&doc, &Slugger::GitHub)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>();
        set.sort();
        set
    }

    #[test]
    fn slugs_follow_github_slugger() {
        let cases = [
            ("Basic usage", "basic-usage"),
            ("bravoCharlieDelta", "bravocharliedelta"),
            ("heading with a - dash", "heading-with-a---dash"),
            (
                "heading with an _ underscore",
                "heading-with-an-_-underscore",
            ),
            ("heading with a period.txt", "heading-with-a-periodtxt"),
            (
                "exchange.bind_headers(exchange, routing [, bindCallback])",
                "exchangebind_headersexchange-routing--bindcallback",
            ),
            ("a  b", "a--b"),
            (" a ", "-a-"),
            ("-a-", "-a-"),
            (
                "apostrophe’s should be trimmed",
                "apostrophes-should-be-trimmed",
            ),
            ("I ♥ unicode", "i--unicode"),
            ("en–dash", "endash"),
            ("😄 unicode emoji", "-unicode-emoji"),
            ("😄-😄 unicode emoji", "--unicode-emoji"),
            ("😄_😄 unicode emoji", "_-unicode-emoji"),
            (":smile: - a gemoji", "smile---a-gemoji"),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            ("Профили пользователей", "профили-пользователей"),
            ("C++", "c"),
            ("What's new?", "whats-new"),
            ("1.2.0 - 2024-01-01", "120---2024-01-01"),
            ("Über", "über"),
            ("ÜBER ÄRGER", "über-ärger"),
            ("!!!", ""),
            ("x² and ½", "x-and-"),
            ("Ⅻ roman", "ⅻ-roman"),
            ("Ⓐ circled", "ⓐ-circled"),
            ("a\u{2028}b", "ab"),
            ("a\tb", "ab"),
            ("cafe\u{301}", "cafe\u{301}"),
            ("$ cost € £", "-cost--"),
            ("v2.4.0 (2024-01-01)", "v240-2024-01-01"),
            ("🚀 Launch 🚀", "-launch-"),
            ("`relman lint`", "relman-lint"),
            ("Σ ΣΑΣ", "σ-σας"),
        ];
        for (input, want) in cases {
            assert_eq!(slug(input), want, "{input:?}");
        }
    }

    #[test]
    fn duplicates_are_numbered_like_github_slugger() {
        let got = slugs("# Foo\n# Foo\n# Foo 1\n# Foo-1\n# Foo\n");
        assert_eq!(got, ["foo", "foo-1", "foo-1-1", "foo-1-2", "foo-2"]);
        let got = slugs("# foxtrot-1\n# foxtrot\n# foxtrot\n");
        assert_eq!(got, ["foxtrot", "foxtrot-1", "foxtrot-2"]);
        let got = slugs("# !!!\n# ???\n");
        assert_eq!(got, ["", "-1"]);
    }

    #[test]
    fn heading_text_is_rendered_text() {
        let got = slugs(
            "# The `relman` [tool](x.md) *now*\n## Install <img src=\"x.png\"> it\n### ![logo](l.png) Logo\n",
        );
        assert_eq!(got, ["-logo", "install--it", "the-relman-tool-now"]);
    }

    #[test]
    fn github_gives_a_heading_written_in_html_an_id_from_its_text() {
        let text = "<h1 align=center><code>just</code></h1>\n\n<p align=\"center\">\n<H2 class=\"x\">Fast &amp; <em>Small</em></H2>\n</p>\n\n<h7>no</h7> <hr>\n";
        assert_eq!(slugs(text), ["fast--small", "just"]);
        // The generators give such headings no id.
        let doc = Document::parse("a.md", text.to_string());
        assert!(anchors(&doc, &Slugger::VitePress).is_empty());
    }

    #[test]
    fn an_id_on_a_start_tag_s_second_line_is_an_anchor() {
        // electric's pricing page: `<EaSection` then `  id="calculator"`.
        let got = slugs("# P\n\n<div\n  id=\"calc\"\n  class=\"box\"\n>\nx\n</div>\n");
        assert!(got.contains(&"calc".to_string()), "{got:?}");
    }

    #[test]
    fn html_ids_and_names_are_anchors() {
        let text = "<a name=\"old-name\"></a>\n\n<tr id=\"it&#39;s\"></tr><div id='box' class=x>\n<span ID=unquoted>t</span>\n<!-- <a id=\"commented\"> -->\n</div>\n\nText <a id=\"inline\">here</a>, a = b name = c.\n\n## Setup {#install}\n";
        let got = slugs(text);
        assert_eq!(
            got,
            [
                "box",
                "inline",
                "install",
                "it's",
                "old-name",
                "setup",
                "setup-install",
                "unquoted"
            ]
        );
    }

    #[test]
    fn fragments_match_exactly_or_by_the_documented_leniencies() {
        let set = Anchors::from_names(["foo---bar", "install", "Box"]);
        assert_eq!(set.len(), 3);
        assert!(set.contains("Box") && !set.contains("box") && !set.contains("Bo"));
        for ok in [
            "install",
            "user-content-install",
            "top",
            "L10",
            "L10-L20",
            "",
        ] {
            assert!(has_anchor(&set, ok), "{ok}");
        }
        // No loose matching: a browser matches an id exactly.
        for bad in [
            "instal",
            "foo-baz",
            "installation",
            "foo-bar",
            "Install",
            "box",
        ] {
            assert!(!has_anchor(&set, bad), "{bad}");
        }
    }

    #[test]
    fn paths_normalise_and_decode() {
        assert_eq!(
            normalize("docs", "./a/../b.md"),
            Ok("docs/b.md".to_string())
        );
        assert_eq!(
            normalize("docs", "../README.md"),
            Ok("README.md".to_string())
        );
        assert_eq!(normalize("", "../../issues"), Err("issues".to_string()));
        // The quick way and the segment by segment way agree.
        for base in ["", "docs", "docs/guide", "a/b/c"] {
            for rel in [
                "x.md",
                "sub/x.md",
                "../x.md",
                "../../x.md",
                "../../../../x",
                "./x.md",
                "./../x.md",
                "a//b.md",
                "a/./b.md",
                "a/../b.md",
                "dir/",
                "..",
                ".",
                "",
                "../",
                ".hidden/x",
                "a/.b",
                "/abs.md",
                "../a/../../b",
            ] {
                assert_eq!(
                    normalize(base, rel),
                    normalize_segments(base, rel),
                    "{base} {rel}"
                );
            }
        }
        assert!(is_templated("struct.{struct_name}.html") && is_templated("{{ x }}.md"));
        assert!(!is_templated("a{b.md") && !is_templated("{}.md") && !is_templated("a-b}.md"));
        assert!(is_templated("$BRANCH_URL") && is_templated("${x}/a.md"));
        assert!(!is_templated("$price.md") && !is_templated("a$.md"));
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%zz%"), "%zz%");
        assert_eq!(percent_decode("%C3%BCber"), "über");
        assert_eq!(percent_decode("%FF"), "%FF");
        assert!(is_external("https://x"));
        assert!(is_external("mailto:a@b"));
        assert!(is_external("//cdn.example.com/x.js"));
        assert!(!is_external("docs/a.md"));
        assert!(!is_external("a.md#b:c"));
    }

    const FILES: &[&str] = &[
        "README.md",
        "ok.md",
        "bad.md",
        "docs/guide.md",
        "docs/Deploy.md",
        "docs/My Notes.md",
        "docs/deploy/ROLLBACK.md",
        "assets/logo.png",
        "src/main.rs",
        "vendor/lib",
    ];

    #[test]
    fn ok_fixture_is_clean_and_defers_its_cross_file_anchor() {
        let text = include_str!("../../fixtures/lint/broken-link/ok.md");
        assert_eq!(check_text(&BrokenLink, "ok.md", text, &ctx(FILES)), "");
        let doc = Document::parse("ok.md", text.to_string());
        let mut out = Output::default();
        BrokenLink.check(&doc, &ctx(FILES), &mut out);
        let deferred: Vec<(&str, &str)> = deferred(&out)
            .iter()
            .map(|a| (a.target.as_str(), a.fragment.as_str()))
            .collect();
        assert_eq!(deferred, [("docs/deploy/ROLLBACK.md", "verify")]);
    }

    #[test]
    fn bad_fixture() {
        let text = include_str!("../../fixtures/lint/broken-link/bad.md");
        let expected = include_str!("../../fixtures/lint/broken-link/bad.expected");
        assert_eq!(
            check_text(&BrokenLink, "bad.md", text, &ctx(FILES)),
            expected
        );
    }

    #[test]
    fn worked_example() {
        let files = [
            "VERSION",
            "EXPECTED.md",
            "docs/RELEASE_READINESS.md",
            "docs/deploy/ROLLBACK.md",
        ];
        let ctx = ctx(&files);
        let text = include_str!("../../fixtures/lint/release-readiness/docs/RELEASE_READINESS.md");
        let doc = Document::parse("docs/RELEASE_READINESS.md", text.to_string());
        let mut out = Output::default();
        BrokenLink.check(&doc, &ctx, &mut out);
        let lines: Vec<(usize, &str)> = out
            .findings
            .iter()
            .map(|f| (doc.line_col(f.range.start).0, f.message.as_str()))
            .collect();
        assert_eq!(
            lines,
            [(
                10,
                "`deploy/STAGING_PLAN_2.4.0.md` does not exist (resolved to `docs/deploy/STAGING_PLAN_2.4.0.md`)"
            )]
        );
        let rollback = Document::parse(
            "docs/deploy/ROLLBACK.md",
            include_str!("../../fixtures/lint/release-readiness/docs/deploy/ROLLBACK.md")
                .to_string(),
        );
        let targets = anchors(&rollback, &Slugger::GitHub);
        let resolved: Vec<(usize, &str, bool)> = deferred(&out)
            .iter()
            .map(|a| {
                assert_eq!(a.target, "docs/deploy/ROLLBACK.md");
                (
                    a.at.line,
                    a.fragment.as_str(),
                    has_anchor(&targets, &a.fragment),
                )
            })
            .collect();
        assert_eq!(
            resolved,
            [(11, "restore-the-database", false), (22, "verify", true)]
        );
        assert_eq!(
            anchor_message("docs/deploy/ROLLBACK.md", "restore-the-database"),
            "`#restore-the-database`: no heading or HTML id in `docs/deploy/ROLLBACK.md` has that slug"
        );
        assert_eq!(
            anchor_message_near("docs/deploy/ROLLBACK.md", "restore-the-database", &targets),
            "`#restore-the-database`: no heading or HTML id in `docs/deploy/ROLLBACK.md` has that slug; similar anchors here: `#restore-the-previous-image`"
        );
    }

    #[test]
    fn site_generators() {
        let mut ctx = ctx(&["book.toml", "src/intro.md", "src/SUMMARY.md"]);
        ctx.sites = crate::lint::sites::detect(&ctx.files, &|_| None, &[]);
        let text = "[a](intro.html) [b](print.html) [c](/anywhere/x.html) [d](missing.html)\n";
        assert_eq!(
            check_text(&BrokenLink, "src/SUMMARY.md", text, &ctx),
            "1:59 error broken-link: `missing.html` does not exist (resolved to `src/missing.html`)\n"
        );
        let ctx = super::tests::ctx(&["docs/a.md"]);
        assert_eq!(
            check_text(&BrokenLink, "docs/b.md", "[x](/img/x.png)\n", &ctx),
            "1:5 error broken-link: `/img/x.png` does not exist (resolved to `img/x.png`)\n"
        );
    }

    #[test]
    fn vitepress_slugifies_a_links_fragment_and_vuepress_does_not() {
        let text = "## NU_LIB_DIRS\n\nSee [dirs](#NU_LIB_DIRS).\n";
        for (config, found) in [
            ("docs/.vitepress/config.ts", 0),
            ("docs/.vuepress/config.js", 1),
        ] {
            let mut c = ctx(&[config, "docs/a.md"]);
            c.sites = crate::lint::sites::detect(&c.files, &|_| None, &[]);
            let out = check_text(&BrokenLink, "docs/a.md", text, &c);
            assert_eq!(out.lines().count(), found, "{config}: {out}");
        }
    }

    #[test]
    fn a_site_root_url_in_a_sites_page_is_the_sites_first() {
        // shiki: `docs/packages/transformers.md` beside the repository's package folder.
        let mut c = ctx(&[
            "docs/.vitepress/config.ts",
            "docs/blog/v2.md",
            "docs/packages/transformers.md",
            "packages/transformers/README.md",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| None, &[]);
        let doc = Document::parse(
            "docs/blog/v2.md",
            "[more](/packages/transformers#matching-algorithm)\n".to_string(),
        );
        let mut out = Output::default();
        BrokenLink.check(&doc, &c, &mut out);
        assert_eq!(deferred(&out)[0].target, "docs/packages/transformers.md");
    }

    #[test]
    fn vuepress_code_imports_through_an_alias_are_the_sites() {
        let c = ctx(&["README.md", "snippets/x.sh"]);
        let text = "@[code](@snippets/x.sh)\n\n@[code{1-2} sh](@src/y.sh)\n\n@[code](./gone.sh)\n\n[code](@nowhere/z.sh)\n";
        let found = check_text(&BrokenLink, "book/a.md", text, &c);
        assert_eq!(found.lines().count(), 2, "{found}");
        assert!(
            found.contains("gone.sh") && found.contains("@nowhere"),
            "{found}"
        );
    }

    #[test]
    fn a_template_to_fill_in_has_blank_destinations() {
        let c = ctx(&["README.md"]);
        let text = "- [<project>](<project-url>)\n- [report](<report_url>)\n- [x](<missing.md>)\n- [y](nope.md)\n";
        let found = check_text(&BrokenLink, "assets/report-template.md", text, &c);
        assert_eq!(found.lines().count(), 2, "{found}");
        assert!(
            found.contains("missing.md") && found.contains("nope.md"),
            "{found}"
        );
        // In a page that is no template, a blank left in is a broken link.
        let found = check_text(&BrokenLink, "docs/report.md", text, &c);
        assert_eq!(found.lines().count(), 4, "{found}");
    }

    #[test]
    fn the_root_of_a_site_is_its_home_page() {
        // trpc: `/` in a Docusaurus page is `src/pages/index.tsx`, whose ids are code.
        let mut c = ctx(&[
            "README.md",
            "www/docusaurus.config.ts",
            "www/docs/a.md",
            "www/src/pages/index.tsx",
            "www/src/pages/pricing.tsx",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| None, &[]);
        let text = "[try](/?try=minimal#try-it-out) [p](/pricing#plans) [n](/nope)
";
        let doc = Document::parse("www/docs/a.md", text.to_string());
        let mut out = Output::default();
        BrokenLink.check(&doc, &c, &mut out);
        assert!(deferred(&out).is_empty());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        // Outside the site `/` is still the repository's README.
        let doc = Document::parse("NOTES.md", "[home](/#usage)\n".to_string());
        let mut out = Output::default();
        BrokenLink.check(&doc, &c, &mut out);
        assert_eq!(deferred(&out)[0].target, "README.md");
        // A VitePress home page is its `index.md`, whose anchors are checked.
        let mut c = ctx(&[
            "README.md",
            "docs/.vitepress/config.ts",
            "docs/index.md",
            "docs/g.md",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| None, &[]);
        let doc = Document::parse("docs/g.md", "[home](/#features)\n".to_string());
        let mut out = Output::default();
        BrokenLink.check(&doc, &c, &mut out);
        assert_eq!(deferred(&out)[0].target, "docs/index.md");
    }

    #[test]
    fn rspress_sites_put_a_site_root_link_under_the_pages_language() {
        let mut c = ctx(&[
            "website/rspress.config.ts",
            "website/docs/en/guide/a.mdx",
            "website/docs/en/api/config-build.mdx",
            "website/docs/public/og-image.png",
        ]);
        c.sites = crate::lint::sites::detect(
            &c.files,
            &|p| {
                (p == "website/rspress.config.ts").then(|| "export default defineConfig({ root: path.join(__dirname, 'docs'), llms: true });".to_string())
            },
            &[],
        );
        let doc = Document::parse(
            "website/docs/en/guide/a.mdx",
            "[shiki](/api/config-build.md#markdownshiki) [og](/og-image.png)\n".to_string(),
        );
        let mut out = Output::default();
        BrokenLink.check(&doc, &c, &mut out);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(
            deferred(&out)[0].target,
            "website/docs/en/api/config-build.mdx"
        );
    }

    #[test]
    fn rspress_ids_are_github_slugger_s_on_the_trimmed_text() {
        // @rspress/core's `collectHeadingIds`: the heading's text (a JSX element adds none)
        // trimmed, then github-slugger; `{#id}` is the heading's own.
        let text = "## dev.writeToDisk <Badge text=\"rsbuild\" />\n\n## Setup {#custom}\n\n## Use `x` twice\n\n## Use `x` twice\n";
        let doc = Document::parse("docs/a.mdx", text.to_string());
        let ids = anchors(&doc, &Slugger::Rspress);
        for id in ["devwritetodisk", "custom", "use-x-twice", "use-x-twice-1"] {
            assert!(ids.contains(id), "{id}");
        }
        assert!(!ids.contains("devwritetodisk-"));
        assert!(!ids.contains("setup"));
        // github-slugger alone keeps the space the badge leaves.
        assert!(anchors(&doc, &Slugger::GitHub).contains("devwritetodisk-"));
    }

    #[test]
    fn a_page_whose_name_holds_a_dot_is_linked_without_its_extension() {
        let c = ctx(&["docs/api/entry.client.tsx.md", "docs/guide.md"]);
        let text = "[entry](api/entry.client.tsx) [gone](api/entry.server.tsx)\n";
        let found = check_text(&BrokenLink, "docs/guide.md", text, &c);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("entry.server.tsx"), "{found}");
    }

    #[test]
    fn nuxt_content_leaves_the_order_prefixes_out_of_its_urls() {
        let mut c = ctx(&[
            "docs/package.json",
            "docs/.config/docs.yaml",
            "docs/1.guide/2.app.md",
            "docs/1.guide/3.handler.md",
            "docs/2.utils/0.index.md",
            "docs/2.utils/cookies.md",
        ]);
        c.sites = crate::lint::sites::detect(
            &c.files,
            &|p| {
                (p == "docs/package.json")
                    .then(|| "{ \"devDependencies\": { \"undocs\": \"^0.4\" } }".to_string())
            },
            &[],
        );
        let text =
            "[app](/guide/app#events) [utils](/utils) [c](/utils/cookies) [n](/guide/nowhere)\n";
        let doc = Document::parse("docs/1.guide/3.handler.md", text.to_string());
        let mut out = Output::default();
        BrokenLink.check(&doc, &c, &mut out);
        // The anchor is checked in the page the URL reaches.
        assert_eq!(deferred(&out)[0].target, "docs/1.guide/2.app.md");
        assert!(out.findings.len() <= 1, "{:?}", out.findings);
        assert_eq!(
            nuxt_route("docs", "utils", &c).as_deref(),
            Some("docs/2.utils/0.index.md")
        );
        assert_eq!(
            nuxt_route("docs", "utils/cookies", &c).as_deref(),
            Some("docs/2.utils/cookies.md")
        );
        assert_eq!(nuxt_route("docs", "guide/nowhere", &c), None);
    }

    #[test]
    fn brackets_inside_a_links_text_are_text() {
        let c = ctx(&["README.md"]);
        let text = "- [[umkdir][tests] get umask](https://github.com/n/n/pull/14113)\n- [umkdir][tests] alone\n- see [the guide][guide]\n";
        let found = check_text(&BrokenLink, "blog/a.md", text, &c);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("`guide`"), "{found}");
    }

    #[test]
    fn a_netlify_redirect_is_a_url_that_exists() {
        let sources = crate::lint::redirect_sources(
            "# old paths\n/docs/operating/configuration  /docs/prometheus/latest/configuration/  301\n\n/blog/*  /posts/:splat\nhttps://x.example/a /b\n/*  /index.html  200\n/gone  /404.html  404\n",
        );
        assert_eq!(sources, ["/docs/operating/configuration", "/blog/*"]);
        let mut c = ctx(&["public/_redirects", "docs/a.md"]);
        c.redirects = sources;
        let text = "[c](/docs/operating/configuration) [b](/blog/2015/post/) [n](/docs/nowhere)\n";
        let found = check_text(&BrokenLink, "docs/a.md", text, &c);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("/docs/nowhere"), "{found}");
    }

    #[test]
    fn a_nextjs_apps_public_folder_is_served_at_the_root() {
        let c = ctx(&["next.config.ts", "public/assets/grafana.png", "docs/viz.md"]);
        let text = "![g](/assets/grafana.png) ![x](/assets/none.png)\n";
        let found = check_text(&BrokenLink, "docs/viz.md", text, &c);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("none.png"), "{found}");
        // A README is read on the forge.
        let found = check_text(&BrokenLink, "README.md", text, &c);
        assert_eq!(found.lines().count(), 2, "{found}");
        // Without a Next.js app, `public/` is a folder like any other.
        let c = ctx(&["public/assets/grafana.png", "docs/viz.md"]);
        let found = check_text(&BrokenLink, "docs/viz.md", text, &c);
        assert_eq!(found.lines().count(), 2, "{found}");
    }

    #[test]
    fn an_mdbook_readme_chapter_is_its_folders_index() {
        let mut c = ctx(&[
            "book/book.toml",
            "book/src/lints.md",
            "book/src/README.md",
            "book/src/ci/README.md",
            "README.md",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| None, &[]);
        let text = "[intro](index.md) [ci](ci/index.md) [gone](other/index.md)\n";
        let found = check_text(&BrokenLink, "book/src/lints.md", text, &c);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("other/index.md"), "{found}");
        // Out of the book, a page may be a sibling book's; a source file is the repository's.
        let text =
            "[rustc](../../rustc/index.html) [main](../../cmd/main.go) [ok](../../README.md)\n";
        let found = check_text(&BrokenLink, "book/src/lints.md", text, &c);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("cmd/main.go"), "{found}");
        // Outside a book, GitHub shows no index.md for a README.
        let found = check_text(&BrokenLink, "docs/a.md", "[r](../index.md)\n", &c);
        assert_eq!(found.lines().count(), 1, "{found}");
    }

    #[test]
    fn sites_use_pretty_urls_and_site_roots() {
        let ctx = ctx(&[
            "_config.yml",
            "docs/guide.md",
            "docs/about.md",
            "content/cli/run.md",
        ]);
        let text = "[a](../about/) [b](/search/) [c](/cli/run) [d](../nope/)\n";
        assert_eq!(
            check_text(&BrokenLink, "docs/guide.md", text, &ctx),
            "1:48 error broken-link: `../nope/` does not exist (resolved to `nope`)\n"
        );
        // From the page's URL `docs/guide/`, one `..` more: in the site, not out of the
        // repository (just-the-docs' `../../assets/images/small-image.jpg`).
        let ctx = super::tests::ctx(&["_config.yml", "docs/guide.md", "assets/a.jpg"]);
        let text = "![a](../../assets/a.jpg) ![b](../../assets/b.jpg) ![c](../../../a.jpg)\n";
        assert_eq!(
            check_text(&BrokenLink, "docs/guide.md", text, &ctx),
            "1:31 error broken-link: `../../assets/b.jpg` leaves the repository\n\
             1:56 error broken-link: `../../../a.jpg` leaves the repository\n"
        );
        let text = "[c](/cli/run) [e](/cli/walk)\n";
        let plain = super::tests::ctx(&["content/cli/run.md", "content/cli/x.md"]);
        assert_eq!(
            check_text(&BrokenLink, "content/cli/x.md", text, &plain),
            "1:19 error broken-link: `/cli/walk` does not exist (resolved to `cli/walk`)\n"
        );
    }

    #[test]
    fn content_tabs_have_the_ids_pymdownx_tabbed_gives_them() {
        // mkdocs-material's plugins/social.md links `#logo-image` for the tab "Image" under
        // `### Logo` (`combine_header_slug: true`).
        let doc = Document::parse(
            "docs/a.md",
            "# Page\n\n### Logo\n\n=== \":octicons-image-16: Image\"\n\n    x\n\n===! \"Icon, bundled\"\n\n    y\n".to_string(),
        );
        let slugger = Slugger::Pymdownx { lower: true };
        assert_eq!(
            tab_ids(&doc, &slugger, true),
            ["logo-image", "logo-icon-bundled"]
        );
        assert_eq!(tab_ids(&doc, &slugger, false), ["image", "icon-bundled"]);
    }

    #[test]
    fn a_page_a_hugo_mount_serves_elsewhere_links_from_there() {
        // jaegertracing/documentation: `content/docs/v2` mounted at `content/docs`, so
        // `v2/2.0/deployment/_index.md` is `/docs/2.0/deployment/`, whence
        // `../../../download/` is `content/download.md`.
        let config = "module:\n  mounts:\n    - files: ['! docs/v?']\n      source: content\n      target: content\n    - source: content/docs/v2\n      target: content/docs\n";
        let mut c = ctx(&[
            "hugo.yaml",
            "content/download.md",
            "content/docs/v2/2.0/deployment/_index.md",
            // Where `../gone/` would lead from the page as a file one folder deeper.
            "content/docs/2.0/deployment/gone.md",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| Some(config.to_string()), &[]);
        let text = "[d](../../../download/) [x](../../../gone/) [g](../gone/)\n";
        assert_eq!(
            check_text(
                &BrokenLink,
                "content/docs/v2/2.0/deployment/_index.md",
                text,
                &c
            ),
            "1:29 error broken-link: `../../../gone/` does not exist (resolved to `content/docs/gone`)\n\
             1:49 error broken-link: `../gone/` does not exist (resolved to `content/docs/v2/2.0/gone`)\n"
        );
    }

    #[test]
    fn a_hugo_sites_mounts_serve_files_in_its_content() {
        // docsy.dev: the content of each language mounted as the content, the repository's
        // README mounted into it.
        let config = "module:\n  mounts:\n    - source: content/en\n      target: content\n    - source: ../README.md\n      target: content/project/README.md\n      sites: { matrix: { languages: [en] } }\n    - source: &img ../art\n      target: content/art\n";
        let mut c = ctx(&[
            "site/hugo.yaml",
            "site/content/en/project/_index.md",
            "README.md",
            "art/logo.png",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| Some(config.to_string()), &[]);
        let text = "[r](README.md) [l](../art/logo.png) [x](CHANGELOG.md) [y](../art/x.png)\n";
        assert_eq!(
            check_text(&BrokenLink, "site/content/en/project/_index.md", text, &c),
            "1:41 error broken-link: `CHANGELOG.md` does not exist (resolved to `site/content/en/project/CHANGELOG.md`)\n\
             1:59 error broken-link: `../art/x.png` does not exist (resolved to `site/content/en/art/x.png`)\n"
        );
    }

    #[test]
    fn a_translation_is_served_what_its_language_folder_lacks() {
        // opentelemetry.io: a Japanese bundle inherits the English bundle's images, and the
        // English docs are mounted into each language as a fallback.
        let config =
            "defaultContentLanguage: en\nlanguages:\n  en:\n    weight: 1\n  ja:\n    weight: 2\n";
        let mut c = ctx(&[
            "hugo.yaml",
            "content/en/blog/post/index.md",
            "content/en/blog/post/diagram.png",
            "content/ja/blog/post/index.md",
            "content/en/docs/concepts/sdk/x.svg",
            "content/ja/docs/concepts/sdk/libraries.md",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| Some(config.to_string()), &[]);
        let text = "![a](diagram.png) ![b](missing.png)\n";
        assert_eq!(
            check_text(&BrokenLink, "content/ja/blog/post/index.md", text, &c),
            "1:24 error broken-link: `missing.png` does not exist (resolved to `content/ja/blog/post/missing.png`)\n"
        );
        let page = "content/ja/docs/concepts/sdk/libraries.md";
        assert_eq!(check_text(&BrokenLink, page, "![x](../x.svg)\n", &c), "");
        // A site of one language has no other folder to serve it.
        let one = "languages:\n  en:\n    weight: 1\n";
        c.sites = crate::lint::sites::detect(&c.files, &|_| Some(one.to_string()), &[]);
        let text = "![a](diagram.png)\n";
        assert_ne!(
            check_text(&BrokenLink, "content/ja/blog/post/index.md", text, &c),
            ""
        );
    }

    #[test]
    fn a_jekyll_posts_relative_urls_are_read_from_where_it_is_served() {
        // Leaflet's posts: `_posts/2012-07-30-x.md` is served at `/2012/07/30/x.html`, so
        // three `..` reach the site's root, not above it.
        let files = [
            "docs/_config.yml",
            "docs/download.md",
            "docs/examples/geojson.html",
            "docs/_posts/2012-07-30-release.md",
        ];
        let c = site_ctx(&files, "title: x\n");
        let text = "---\nlayout: post\n---\n[d](../../../download.html) [g](../../../examples/geojson.html)\n[x](../../../gone.html) [y](../../../../download.html)\n";
        let out = check_text(&BrokenLink, "docs/_posts/2012-07-30-release.md", text, &c);
        assert!(
            !out.contains("download.html` does not") && !out.contains("geojson"),
            "{out}"
        );
        assert!(out.contains("5:5 error broken-link: `../../../gone.html` does not exist (resolved to `docs/gone.html`)"), "{out}");
        // One `..` too many climbs above the root even from the post's URL.
        assert!(
            out.contains("`../../../../download.html` climbs above the site's root"),
            "{out}"
        );
        // With `permalink: pretty` the post is a folder one deeper.
        let c = site_ctx(&files, "permalink: pretty\n");
        let out = check_text(&BrokenLink, "docs/_posts/2012-07-30-release.md", text, &c);
        assert!(!out.contains("`../../../../download.html`"), "{out}");
    }

    #[test]
    fn a_vitepress_sites_rewrites_leave_routes_to_it() {
        // eslint-stylistic: `rewrites` computed from the packages' metadata serve each
        // rule's README at `/rules/<name>`; an extension-less link is the site's to resolve.
        let files = ["docs/.vitepress/config.ts", "docs/guide/upgrade.md"];
        let text = "[l](../rules/list-style) [g](./gone.md)\n";
        let with = "export default defineConfig({ rewrites: rewrites(), srcDir: '..' })\n";
        let out = check_text(
            &BrokenLink,
            "docs/guide/upgrade.md",
            text,
            &site_ctx(&files, with),
        );
        assert!(
            !out.contains("list-style") && out.contains("`./gone.md` does not exist"),
            "{out}"
        );
        let without = "export default defineConfig({ title: 'x' })\n";
        let out = check_text(
            &BrokenLink,
            "docs/guide/upgrade.md",
            text,
            &site_ctx(&files, without),
        );
        assert!(
            out.contains("`../rules/list-style` does not exist"),
            "{out}"
        );
    }

    #[test]
    fn an_mkdocs_sites_theme_files_env_docs_dir_and_icon_headings() {
        // privacyguides.org: `docs_dir: !ENV [BUILD_DOCS_DIR, "docs"]` is `docs` when the
        // variable is unset; `theme: custom_dir: theme` copies `theme/assets/…` into the
        // site; `## :material-email: Contact us` is `#contact-us` (the icon is an SVG).
        let config = "site_name: x\ndocs_dir: !ENV [BUILD_DOCS_DIR, \"docs\"]\ntheme:\n  name: material\n  custom_dir: theme\nmarkdown_extensions:\n  - pymdownx.emoji\n";
        let files = [
            "mkdocs.yml",
            "docs/about.md",
            "docs/tools.md",
            "theme/assets/img/logo.svg",
            // A submodule, not checked out.
            "theme/assets/brand",
        ];
        let c = site_ctx(&files, config);
        let site = c.sites.of("docs/tools.md").expect("a site");
        assert_eq!(site.content, "docs");
        let text = "![l](assets/img/logo.svg) ![m](assets/img/gone.svg) ![b](assets/brand/x.png)\n";
        assert_eq!(
            check_text(&BrokenLink, "docs/tools.md", text, &c),
            "1:32 error broken-link: `assets/img/gone.svg` does not exist (resolved to `docs/assets/img/gone.svg`)\n"
        );
        let about = Document::parse(
            "docs/about.md",
            "# About\n\n## :material-email-edit: Contact us\n\n### KeePassium (iOS & macOS)\n"
                .to_string(),
        );
        let anchors = page_anchors(&about, &c);
        for id in ["contact-us", "keepassium-ios-macos"] {
            assert!(anchors.contains(id), "{id}");
        }
        assert!(!anchors.contains("keepassium-ios--macos"), "GitHub's id");
    }

    #[test]
    fn an_mkdocs_i18n_language_folder_falls_back_to_the_default_languages_pages() {
        // mkdocs-static-i18n, `docs_structure: folder`, English at the docs' root (openai's
        // agents SDK): a Japanese page links a page and an image only English has.
        let config = "site_name: x\nplugins:\n  - search\n  - i18n:\n      docs_structure: folder\n      languages:\n        - locale: en\n          default: true\n          name: English\n        - locale: ja\n          name: 日本語\n";
        let files = [
            "mkdocs.yml",
            "docs/index.md",
            "docs/ref/lifecycle.md",
            "docs/assets/pic.png",
            "docs/ja/index.md",
            "docs/ja/guide/page.md",
        ];
        let c = site_ctx(&files, config);
        let text = "[a](../ref/lifecycle.md) ![p](../assets/pic.png) [b](../ref/gone.md)\n";
        assert_eq!(
            check_text(&BrokenLink, "docs/ja/guide/page.md", text, &c),
            "1:54 error broken-link: `../ref/gone.md` does not exist (resolved to `docs/ja/ref/gone.md`)\n"
        );
        // English pages are not filled in from the translations.
        assert_eq!(
            check_text(&BrokenLink, "docs/index.md", "[j](guide/page.md)\n", &c),
            "1:5 error broken-link: `guide/page.md` does not exist (resolved to `docs/guide/page.md`)\n"
        );
        // With a suffix per page (the plugin's default structure) nothing falls back.
        let c = site_ctx(&files, &config.replace("folder", "suffix"));
        let out = check_text(&BrokenLink, "docs/ja/guide/page.md", text, &c);
        assert!(
            out.contains("`../ref/lifecycle.md` does not exist"),
            "{out}"
        );
    }

    #[test]
    fn an_mkdocs_translation_built_over_the_default_languages_pages() {
        // fastapi: docs/de/docs is built with docs/en/mkdocs.yml over a copy of docs/en/docs.
        let config = "site_name: x\nmarkdown_extensions:\n  zensical.extensions.macros: null\nextra:\n  alternate:\n  - link: /\n    name: en\n  - link: /de/\n    name: de\n";
        let mut c = ctx(&[
            "docs/en/mkdocs.yml",
            "docs/en/docs/index.md",
            "docs/en/docs/release-notes.md",
            "docs/de/docs/index.md",
            "docs/de/docs/deployment/versions.md",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| Some(config.to_string()), &[]);
        let de = c.sites.of("docs/de/docs/index.md").expect("a site");
        assert_eq!(de.config, "docs/en/mkdocs.yml");
        assert!(de.templates, "the English config's macros");
        let text = "[n](../release-notes.md) [m](../gone.md)\n";
        assert_eq!(
            check_text(&BrokenLink, "docs/de/docs/deployment/versions.md", text, &c),
            "1:30 error broken-link: `../gone.md` does not exist (resolved to `docs/de/docs/gone.md`)\n"
        );
        // A language with a config of its own (`INHERIT: ../en/mkdocs.yml`) is read with it,
        // and is a translation all the same.
        let mut c = ctx(&[
            "docs/en/mkdocs.yml",
            "docs/en/docs/release-notes.md",
            "docs/hi/mkdocs.yml",
            "docs/hi/docs/deployment/versions.md",
        ]);
        let en = config.replace("/de/", "/hi/");
        c.sites = crate::lint::sites::detect(
            &c.files,
            &|p| {
                Some(if p == "docs/hi/mkdocs.yml" {
                    "INHERIT: ../en/mkdocs.yml\n".to_string()
                } else {
                    en.clone()
                })
            },
            &[],
        );
        let hi = c
            .sites
            .of("docs/hi/docs/deployment/versions.md")
            .expect("a site");
        assert_eq!(hi.config, "docs/hi/mkdocs.yml");
        assert_eq!(
            check_text(
                &BrokenLink,
                "docs/hi/docs/deployment/versions.md",
                "[n](../release-notes.md)\n",
                &c
            ),
            ""
        );
    }

    #[test]
    fn a_jekyll_fragment_without_front_matter_has_its_includers_anchors() {
        // microsoft/language-server-protocol: `{% include_relative language/definition.md %}`
        // in specification.md; the fragment's `#location` is that page's anchor.
        let mut c = ctx(&[
            "_config.yml",
            "_specifications/lsp/specification.md",
            "_specifications/lsp/language/definition.md",
            "docs/page.md",
        ]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| Some("title: x\n".to_string()), &[]);
        let link = "See [`Location`](#location).\n";
        let fragment = "_specifications/lsp/language/definition.md";
        assert_eq!(check_text(&BrokenLink, fragment, link, &c), "");
        // With front matter it is a page of its own, and so is a page outside `_` folders.
        let page = format!("---\ntitle: x\n---\n{link}");
        assert_ne!(check_text(&BrokenLink, fragment, &page, &c), "");
        assert_ne!(check_text(&BrokenLink, "docs/page.md", link, &c), "");
    }

    #[test]
    fn a_nextra_app_router_page_links_from_its_url() {
        // nextra's docs: app/docs/advanced/latex/page.mdx is served at /docs/advanced/latex.
        let mut c = ctx(&[
            "docs/next.config.ts",
            "docs/app/docs/advanced/latex/page.mdx",
            "docs/app/docs/guide/markdown/page.mdx",
            "docs/app/docs/built-ins/[name]/page.tsx",
        ]);
        c.sites = crate::lint::sites::detect(
            &c.files,
            &|p| (p == "docs/next.config.ts").then(|| "import nextra from 'nextra'\n".to_string()),
            &[],
        );
        let page = "docs/app/docs/advanced/latex/page.mdx";
        let text = "[m](../guide/markdown) [t](/docs/built-ins/tabs) [x](../guide/gone)\n";
        assert_eq!(
            check_text(&BrokenLink, page, text, &c),
            "1:54 error broken-link: `../guide/gone` does not exist (resolved to `docs/app/docs/advanced/guide/gone`)\n"
        );
    }

    #[test]
    fn mdbook_definition_terms_are_anchors() {
        // pyo3's glossary, built with mdBook 0.5.
        let mut c = ctx(&["book.toml", "src/glossary.md"]);
        let book = |text: &'static str| move |p: &str| (p == "book.toml").then(|| text.to_string());
        c.sites = crate::lint::sites::detect(&c.files, &book("[book]\ntitle = 'x'\n"), &[]);
        let page =
            "# Glossary\n\nattached\n  : A value. See [attached](#attached) and [gone](#gone).\n";
        let found = check_text(&BrokenLink, "src/glossary.md", page, &c);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("#gone"), "{found}");
        // With the lists turned off there is no such id.
        let off = "[output.html]\ndefinition-lists = false\n";
        c.sites = crate::lint::sites::detect(&c.files, &book(off), &[]);
        assert_eq!(
            check_text(&BrokenLink, "src/glossary.md", page, &c)
                .lines()
                .count(),
            2
        );
    }

    #[test]
    fn a_myst_link_of_the_external_class_is_a_url() {
        let mut c = ctx(&["docs/conf.py", "docs/usage/quickstart.md"]);
        c.sites = crate::lint::sites::detect(
            &c.files,
            &|p| (p == "docs/conf.py").then(|| "extensions = ['myst_parser']".to_string()),
            &[],
        );
        let text = "Try a [REPL](../console.html){.external} or [x](../gone.html).\n";
        assert_eq!(
            check_text(&BrokenLink, "docs/usage/quickstart.md", text, &c),
            "1:49 error broken-link: `../gone.html` does not exist (resolved to `docs/gone.html`)\n"
        );
    }

    #[test]
    fn math_spans_are_found_in_one_pass_and_nested_ones_count() {
        let text = "$$ a \\( b \\) c $$ d\n\n\\[ e\n\nf \\]";
        let spans = math_spans(text);
        let at = |s: &str| text.find(s).unwrap();
        assert!(
            in_spans(&spans, at("a")) && in_spans(&spans, at("b")) && in_spans(&spans, at("c"))
        );
        // After the closing `$$`, and across a blank line (a paragraph ends the span).
        assert!(
            !in_spans(&spans, at("d")) && !in_spans(&spans, at("e")) && !in_spans(&spans, at("f"))
        );
    }

    #[test]
    fn brackets_in_math_are_not_references() {
        let ctx = ctx(&["README.md"]);
        let text = "Chemistry:\n\\[\n\\ce{A <=>[+ 2OH-][+ 2H+] B}\n\\]\n\n$$\nx [a][b]\n$$\n\nInline \\( [c][d] \\) too.\n\nBut \\] [e][f] \\[ is not.\n";
        assert_eq!(
            check_text(&BrokenLink, "README.md", text, &ctx),
            "12:8 error broken-link: `[e][f]`: no link definition for `f`; add `[f]: URL`\n"
        );
    }

    #[test]
    fn rustdoc_links_and_commit_tags_are_not_references() {
        let ctx = ctx(&["README.md"]);
        let text = "Wraps an [`Option<T>`](Option), see [`Error`][std::error::Error], \
                    [the crate](crate) and [`m!`][m!].\n\n- [win][arm64ec] Fix the build \
                    ([state](crate#sharing-state), [push](Vec#method.push))\n\n\
                    ## io([url][, options])\n\n\
                    * [cargo-install][] like normal\n\n\
                    [Docs][1] and [the guide][guide].\n\n\
                    Subject: **[RESULT][VOTE]: Release 1.2.0** and [API][DOCS-V2] [Docs][API]\n";
        assert_eq!(
            check_text(&BrokenLink, "README.md", text, &ctx),
            "7:3 error broken-link: `[cargo-install]`: no link definition for `cargo-install`; add `[cargo-install]: URL`\n\
             9:1 error broken-link: `[Docs][1]`: no link definition for `1`; add `[1]: URL`\n\
             9:15 error broken-link: `[the guide][guide]`: no link definition for `guide`; add `[guide]: URL`\n\
             11:48 error broken-link: `[API][DOCS-V2]`: no link definition for `DOCS-V2`; add `[DOCS-V2]: URL`\n\
             11:63 error broken-link: `[Docs][API]`: no link definition for `API`; add `[API]: URL`\n"
        );
    }

    #[test]
    fn bit_parallel_distance_is_levenshtein() {
        let words = [
            "",
            "a",
            "ab",
            "restore-the-database",
            "restore-the-previous-image",
            "configuring-legacy-storage",
            "validating-experimental-registry",
            "kitten",
            "sitting",
            "über-ärger",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-0123456789x",
        ];
        for a in words {
            let pattern = Pattern::new(a);
            for b in words {
                assert_eq!(pattern.distance(a, b), edit_distance(a, b), "{a:?} {b:?}");
            }
        }
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            seed >> 33
        };
        for _ in 0..2000 {
            let mut word = |n: u64| -> String {
                (0..next() % n)
                    .map(|_| char::from(b'a' + u8::try_from(next() % 4).unwrap()))
                    .collect()
            };
            let (a, b) = (word(70), word(70));
            assert_eq!(
                Pattern::new(&a).distance(&a, &b),
                edit_distance(&a, &b),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn loose_chars_is_loose() {
        for s in [
            "",
            "-",
            "--a--b--",
            "A_B",
            "foo---bar",
            "_x_",
            "ÜBER-straße",
            "a-",
            "-a",
        ] {
            assert_eq!(loose_chars(s).collect::<String>(), loose(s), "{s:?}");
            let mut into = String::from("left over");
            loose_into(&mut into, s);
            assert_eq!(into, loose(s), "{s:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let ctx = ctx(&["a.md"]);
        for text in [
            "",
            "[",
            "[x](%)",
            "[x](%E2%82)",
            "[x](#%)",
            "[x](..)",
            "[x](/)",
            "[x](?q)",
            "[x](#)",
            "<a id=",
            "<a id='x",
            "<div\nid = \"y\"\n>",
            "# \u{0}\u{feff}",
            "[é][ü]",
            "ü[x][y]",
        ] {
            let _ = check_text(&BrokenLink, "d/a.md", text, &ctx);
            let doc = Document::parse("a.md", text.to_string());
            let _ = anchors(&doc, &Slugger::GitHub);
        }
    }

    #[test]
    fn html_links_are_read_from_a_href_and_img_src_only() {
        let html = r#"<a class="x" href="a.md#b">A</a> <img alt='i' src='p.png'/> <a :href="v">
<!-- <a href="commented.md"> --> <link href="style.css"> <A HREF=up.md>u</A> <a data-href="no.md">"#;
        let found: Vec<String> = html_links(html).into_iter().map(|(d, _)| d).collect();
        assert!(html_links(
            "<div>\n  <img src={useBaseUrl('img/x.png')} /> <a href={hit.url}>x</a>"
        )
        .is_empty());
        assert_eq!(found, vec!["a.md#b", "p.png", "up.md"]);
        let (dest, at) = &html_links(html)[0];
        assert_eq!(&html[*at..*at + dest.len()], "a.md#b");
        assert_eq!(
            html_links(r#"<a href="a.md?x=1&amp;y=2">"#)[0].0,
            "a.md?x=1&y=2"
        );
    }

    #[test]
    fn html_links_and_images_are_checked_like_markdown_ones() {
        let ctx = ctx(&["docs/a.md", "docs/img/p.png"]);
        let text = "# A\n\n<a href=\"missing.md\">x</a> and <img src=\"img/p.png\"> and <img src=\"img/gone.png\">\n\n<p align=\"center\">\n  <a href=\"a.md#a\">top</a> <a href=\"#nope\">n</a>\n</p>\n";
        let out = check_text(&BrokenLink, "docs/a.md", text, &ctx);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(
            lines[0].starts_with("3:10 error broken-link: `missing.md` does not exist"),
            "{out}"
        );
        assert!(
            lines[1].starts_with("3:68 error broken-link:") && lines[1].contains("img/gone.png"),
            "{out}"
        );
        assert!(
            lines[2].starts_with("6:37 error broken-link:") && lines[2].contains("#nope"),
            "{out}"
        );
    }

    #[test]
    fn vitepress_attributes_give_ids_and_a_heading_its_own_id_alone() {
        let text = "## coverage.instrumenter <Version>4.1.5</Version> {#coverage-instrumenter}\n\n## coverage-instrumenter\n\n{#automocking-algorithm}\n\n- item\n\n::: warning In-Source Testing {#in-source-testing}\nx\n:::\n\nA paragraph. {#para-id}\n\n`{#in-code}`\n\n```\n{#in-block}\n```\n\nkramdown {: #kramdown-form}\n";
        let doc = Document::parse("docs/a.md", text.to_string());
        let vitepress = anchors(&doc, &Slugger::VitePress);
        for id in [
            "coverage-instrumenter",
            // The second heading slugs to the taken id: numbered.
            "coverage-instrumenter-1",
            "automocking-algorithm",
            "in-source-testing",
            "para-id",
        ] {
            assert!(vitepress.contains(id), "{id}");
        }
        for id in [
            "coverage-instrumenter-4-1-5",
            "in-code",
            "in-block",
            "kramdown-form",
        ] {
            assert!(!vitepress.contains(id), "{id}");
        }
        // Outside a site nothing reads the attributes but a heading's.
        let github = anchors(&doc, &Slugger::GitHub);
        assert!(!github.contains("automocking-algorithm"));
        assert!(github.contains("coverage-instrumenter"));
    }

    #[test]
    fn attr_list_ids_in_key_form_are_anchors() {
        assert_eq!(
            custom_id("Path { id=navigation-path }"),
            Some(("Path ", "navigation-path"))
        );
        assert_eq!(
            custom_id("9.7.6 { id=\"9.7.6\" }"),
            Some(("9.7.6 ", "9.7.6"))
        );
        assert_eq!(custom_id("A {: #a .cls }"), Some(("A ", "a")));
        assert_eq!(custom_id("A { data-x=1 }"), None);
    }

    #[test]
    fn vitepress_slugs_entities_as_written() {
        // Ids from VitePress 1.6.4's own renderer (restoreEntities, then @mdit-vue slugify).
        let page = "## v0.18.5 &rarr; v0.19.0\n\n## Tom &amp; Jerry\n\n## x &#8594; y\n";
        let doc = Document::parse("docs/a.md", page.to_string());
        let ids = anchors(&doc, &Slugger::VitePress);
        for id in ["v0-18-5-rarr-v0-19-0", "tom-amp-jerry", "x-8594-y"] {
            assert!(ids.contains(id), "{id}");
        }
        assert_eq!(entities_as_written("## Fish & chips"), None);
        assert_eq!(entities_as_written("## `a` &amp; b"), None);
    }

    #[test]
    fn python_markdown_takes_any_trailing_attribute_list_off_a_heading() {
        // cibuildwheel: `## Android {: android}`, checked with Markdown 3.11's attr_list.
        let page = "## Android {: android}\n\n## iOS { ios }\n\n## Use {braces}\n";
        let doc = Document::parse("docs/a.md", page.to_string());
        let ids = anchors(&doc, &Slugger::PythonMarkdown { unicode: false });
        for id in ["android", "ios"] {
            assert!(ids.contains(id), "{id}");
        }
        // Any word in braces after a space is an attribute to Python-Markdown.
        assert!(ids.contains("use"), "{ids:?}");
        assert_eq!(attr_list_block("Use {braces}"), Some("Use "));
        assert_eq!(attr_list_block("Use{braces}"), None);
    }

    #[test]
    fn docusaurus_comment_ids_are_read_however_spaced() {
        // As @docusaurus/mdx-loader 3.10's headings plugin reads them: the comment's
        // trimmed text, its first word, starting with `#`.
        let t = "Stage 0: Class Properties ";
        for heading in [
            "Stage 0: Class Properties { /*#stage-0:-class-properties*/ }",
            "Stage 0: Class Properties {/* #stage-0:-class-properties */}",
            "Stage 0: Class Properties {/*#stage-0:-class-properties*/}",
            "Stage 0: Class Properties {/* #stage-0:-class-properties*/}",
            "Stage 0: Class Properties {/*  #stage-0:-class-properties extra words */}",
        ] {
            assert_eq!(
                custom_id(heading),
                Some((t, "stage-0:-class-properties")),
                "{heading}"
            );
        }
        // `{/*#id*/}` as the heading's text gives it: the asterisks read as emphasis.
        assert_eq!(custom_id("A { /#a:-b/ }"), Some(("A ", "a:-b")));
        assert_eq!(custom_id("A {/* not an id */}"), None);
        assert_eq!(custom_id("A {/* # */}"), None);
    }

    #[test]
    fn a_fragment_in_a_myst_page_is_a_cross_reference() {
        let mut c = ctx(&["docs/conf.py", "docs/a.md", "b.md"]);
        c.sites = crate::lint::sites::detect(
            &c.files,
            &|p| (p == "docs/conf.py").then(|| "extensions = ['myst_parser']".to_string()),
            &[],
        );
        let text = "# A\n\nSee [labels](#syntax/referencing) and [x](#my-label).\n";
        assert_eq!(check_text(&BrokenLink, "docs/a.md", text, &c), "");
        // Outside the site, GitHub's rules.
        assert!(check_text(&BrokenLink, "b.md", text, &c).contains("#my-label"));
        // A class by its name (jupyterhub's `[Spawner](#Spawner)`) is Sphinx's object; a
        // name is looked for among every page's labels.
        c.whole_project = true;
        let doc = Document::parse("docs/a.md", "# A\n\n[s](#Spawner) [m](#my-label)\n".into());
        let mut out = Output::default();
        BrokenLink.check(&doc, &c, &mut out);
        let fragments: Vec<&str> = deferred(&out).iter().map(|l| l.fragment.as_str()).collect();
        assert_eq!(fragments, ["my-label"]);
    }

    #[test]
    fn a_dotted_python_name_is_an_object_and_a_file_name_is_a_file() {
        for object in ["napari.layers", "os.path", "pkg.mod.Class.attr", "_x.y"] {
            assert!(python_object(object), "{object}");
        }
        for file in [
            "conf.py", "a.md", "logo.PNG", "notes", "a/b.c", "1.2", "x..y",
        ] {
            assert!(!python_object(file), "{file}");
        }
    }

    #[test]
    fn myst_labels_of_every_kind() {
        let text = "(shared-label)=\n# A\n\n```{figure} x.png\n:name: fig-one\n```\n\n:::{figure} y.png\n:label: fig-two\n:::\n\n{#para}\nText with [a span]{#span-x}.\n\n:::{figure-md} fig-md\nx\n:::\n";
        let mut labels = myst_labels(text);
        labels.sort();
        assert_eq!(
            labels,
            [
                "fig-md",
                "fig-one",
                "fig-two",
                "para",
                "shared-label",
                "span-x"
            ]
        );
    }

    #[test]
    fn a_comment_with_a_blank_line_hides_its_links() {
        let c = ctx(&["a.md"]);
        let text = "# A\n\n<!--\n<img src=\"gone.png\">\n\nmore <a href=\"gone.md\">x</a>\n-->\n\n<img src=\"after.png\">\n";
        let out = check_text(&BrokenLink, "a.md", text, &c);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.contains("after.png"), "{out}");
    }

    #[test]
    fn a_collection_without_output_is_rendered_into_another_page() {
        // jasmine: `_faq/` (`output: false`) entries link each other's `#slug` on the FAQ page.
        let list = ["_config.yml", "_faq/a.md", "_tutorials/b.md"];
        let config = "collections:\n  faq:\n    output: false\n  tutorials:\n    output: true\n";
        let c = site_ctx(&list, config);
        let text = "---\ntitle: A\n---\n# A\n\nSee [the other](#preferred-style).\n";
        assert_eq!(check_text(&BrokenLink, "_faq/a.md", text, &c), "");
        assert!(check_text(&BrokenLink, "_tutorials/b.md", text, &c).contains("#preferred-style"));
    }

    #[test]
    fn anchorjs_ids() {
        // anchor.js `urlify`, with its own example.
        assert_eq!(
            anchorjs_id(" ⚡⚡ Don't forget: URL fragments should be i18n-friendly, hyphenated, short, and clean."),
            "⚡⚡-dont-forget-url-fragments-should-be-i18n-friendly-hyphenated"
        );
        assert_eq!(anchorjs_id("System requirements"), "system-requirements");
        // A Jekyll site whose layout loads it: a heading in HTML has that id.
        let list = ["_config.yml", "_layouts/default.html", "guide.md"];
        let both = "title: x\n<script src=\"/scripts/anchor.min.js\"></script>\n";
        let text = "<h2>System requirements</h2>\n\n[req](#system-requirements) [no](#nothing)\n";
        let out = check_text(&BrokenLink, "guide.md", text, &site_ctx(&list, both));
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.contains("#nothing"), "{out}");
        // Without it, the heading has no id.
        let out = check_text(
            &BrokenLink,
            "guide.md",
            text,
            &site_ctx(&list, "title: x\n"),
        );
        assert_eq!(out.lines().count(), 2, "{out}");
    }

    #[test]
    fn a_component_on_its_own_line_may_render_any_id() {
        // mise: settings.md is a title and `<Settings />`, which renders the settings'
        // headings; a component inline, or one in code, writes no heading.
        let list = ["docs/.vitepress/config.ts", "docs/settings.md", "docs/a.md"];
        let c = site_ctx(&list, "export default {}\n");
        let settings = "# Settings\n\n<Settings :level=\"2\" />\n";
        let doc = Document::parse("docs/settings.md", settings.to_string());
        assert!(page_anchors(&doc, &c).rendered);
        // A link to an id it lacks is a warning.
        let own = format!("{settings}\n[x](#auto_install)\n");
        let out = check_text(&BrokenLink, "docs/settings.md", &own, &c);
        assert!(
            out.contains("warning broken-link") && out.contains("places components"),
            "{out}"
        );
        for text in [
            "# Settings\n\nSee <Badge text=\"new\" /> here.\n",
            "# Settings\n\n```vue\n<Settings />\n```\n",
            "# Settings\n\n<Search>\n  <FeaturesList />\n</Search>\n",
        ] {
            let doc = Document::parse("docs/settings.md", text.to_string());
            assert!(!page_anchors(&doc, &c).rendered, "{text}");
        }
        // Outside a Vue site or MDX, a tag is HTML.
        let doc = Document::parse("README.md", settings.to_string());
        assert!(!page_anchors(&doc, &ctx(&["README.md"])).rendered);
    }

    #[test]
    fn an_autorefs_link_in_a_heading_is_its_text() {
        // pydantic-ai: `### [`ModelProfile`][pydantic_ai.profiles.ModelProfile] is now a
        // TypedDict` is `#modelprofile-is-now-a-typeddict` where autorefs resolves it.
        let list = ["mkdocs.yml", "docs/changelog.md"];
        let c = site_ctx(&list, "site_name: x\nplugins:\n  - mkdocstrings\n");
        let text =
            "# Changes\n\n## [`ModelProfile`][pkg.profiles.ModelProfile] is now a TypedDict\n\n\
                    See [it](#modelprofile-is-now-a-typeddict) and [not](#is-now-a-typeddict).\n";
        let out = check_text(&BrokenLink, "docs/changelog.md", text, &c);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.contains("`#is-now-a-typeddict`"), "{out}");
    }

    #[test]
    fn astro_urls_are_lower_case() {
        // ratatui's website: `[Apps](./apps)` is the folder `Apps/`, served at `/apps/`.
        let list = [
            "astro.config.mjs",
            "src/content/docs/examples/index.mdx",
            "src/content/docs/examples/Apps/index.mdx",
            "src/content/docs/examples/Widgets.md",
            "README.md",
            "Docs/Guide.md",
        ];
        let c = site_ctx(&list, "import starlight from '@astrojs/starlight';\n");
        let text = "# Examples\n\n[Apps](./apps) and [widgets](./widgets/) and [gone](./gone)\n";
        let out = check_text(&BrokenLink, "src/content/docs/examples/index.mdx", text, &c);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.contains("./gone"), "{out}");
        // Outside its pages, case still matters.
        let out = check_text(&BrokenLink, "README.md", "[g](docs/guide.md)\n", &c);
        assert!(out.contains("it exists as `Docs/Guide.md`"), "{out}");
    }

    #[test]
    fn all_contributors_anchors_are_the_tables_own() {
        let c = ctx(&["a.md"]);
        let row = "<td><a href=\"#ideas-ann\">🤔</a> [🎨](#design-ann \"Design\") \
                   <a href=\"gone.md\">x</a></td>\n";
        let text = format!(
            "# A\n\n<!-- ALL-CONTRIBUTORS-LIST:START - Do not remove or modify this section -->\n\
             <table><tr>\n{row}</tr></table>\n\n<!-- ALL-CONTRIBUTORS-LIST:END -->\n\n\
             [after](#ideas-bob)\n"
        );
        let out = check_text(&BrokenLink, "a.md", &text, &c);
        // A file link in the table is checked; so is an anchor after it.
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(
            out.contains("gone.md") && out.contains("#ideas-bob"),
            "{out}"
        );
    }

    #[test]
    fn forge_ref_routes_are_not_files() {
        assert!(forge_ref_route(".github/actions/tree/HEAD/README.md"));
        assert!(forge_ref_route("x/blob/0123abcd/y.md"));
        assert!(!forge_ref_route("docs/tree/README.md"));
        assert!(!forge_ref_route("docs/blob/storage.md"));
    }
}
