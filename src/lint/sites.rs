//! The documentation sites of a repository: which generator builds which folder, read from
//! the files a site has (`.vitepress/config.*`, `mkdocs.yml`, `docusaurus.config.*`,
//! `book.toml`, Hugo's and Jekyll's configs, `astro.config.*`, Sphinx's `conf.py`), and what
//! that means for the Markdown files in it: how headings become anchors, which braces are the
//! site's own syntax, which links the site resolves itself. A Markdown file belongs to the
//! site whose content folder holds it (the deepest one); files outside every site are read as
//! GitHub renders them. `[lint] generator` overrides the detection, per folder.

use std::collections::BTreeMap;

use super::slugs::{IdType, Slugger};
use super::FileSet;

/// A documentation generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Generator {
    VitePress,
    VuePress,
    MkDocs,
    Docusaurus,
    Hugo,
    Jekyll,
    MdBook,
    Starlight,
    Astro,
    Sphinx,
    /// A generator whose heading ids relman does not compute (Antora, Gatsby, Quarto, DocFX).
    Other(&'static str),
}

/// Documenter.jl's name, for the links it resolves itself (`@ref`).
pub(crate) const DOCUMENTER: &str = "Documenter";
/// Fumadocs (Next.js): `source.config.ts` from `fumadocs-mdx`; a heading's `[#id]` is its id.
pub(crate) const FUMADOCS: &str = "Fumadocs";
/// Nuxt Content (Docus, undocs): pages in `content/` (undocs: the docs folder itself), each
/// path segment's `1.` order prefix left out of its URL, `index` served at its folder.
pub(crate) const NUXT_CONTENT: &str = "Nuxt Content";
/// Zola: `config.toml` (or `zola.toml`) with `base_url`, pages in `content/`; `@/` links
/// from there, shortcodes `{{ name(…) }}` and `{% name(…) %}`, ids by the `slug` crate.
pub(crate) const ZOLA: &str = "Zola";
/// Nextra (Next.js): `next.config.*` that imports `nextra`; pages are the App Router's
/// `app/**/page.mdx` (served at their folder, route groups `(x)` left out of the URL) or
/// files of a `content/` folder; `public/` served at the root.
pub(crate) const NEXTRA: &str = "Nextra";
/// Rspress: `rspress.config.ts`; github-slugger ids (`{#id}` its own), pages in `root`
/// (`docs/` by default), one folder per locale, `public/` served at the site's root.
pub(crate) const RSPRESS: &str = "Rspress";
/// pmndrs/docs (the Poimandres libraries' docs: zustand, jotai, drei), run by its reusable
/// workflow `pmndrs/docs/.github/workflows/build.yml` on the folder its `mdx:` input names.
pub(crate) const PMNDRS_DOCS: &str = "pmndrs/docs";

impl Generator {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Generator::VitePress => "VitePress",
            Generator::VuePress => "VuePress",
            Generator::MkDocs => "MkDocs",
            Generator::Docusaurus => "Docusaurus",
            Generator::Hugo => "Hugo",
            Generator::Jekyll => "Jekyll",
            Generator::MdBook => "mdBook",
            Generator::Starlight => "Starlight",
            Generator::Astro => "Astro",
            Generator::Sphinx => "Sphinx (MyST)",
            Generator::Other(name) => name,
        }
    }

    /// The generator `[lint] generator` names (case and punctuation ignored).
    pub(crate) fn parse(name: &str) -> Option<Generator> {
        let key: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match key.as_str() {
            "vitepress" => Generator::VitePress,
            "vuepress" => Generator::VuePress,
            "mkdocs" => Generator::MkDocs,
            "docusaurus" => Generator::Docusaurus,
            "hugo" => Generator::Hugo,
            "jekyll" => Generator::Jekyll,
            "mdbook" => Generator::MdBook,
            "starlight" => Generator::Starlight,
            "astro" => Generator::Astro,
            "sphinx" | "myst" => Generator::Sphinx,
            "fumadocs" => Generator::Other(FUMADOCS),
            "nextra" => Generator::Other(NEXTRA),
            "rspress" => Generator::Other(RSPRESS),
            "zola" => Generator::Other(ZOLA),
            "nuxtcontent" | "docus" | "undocs" => Generator::Other(NUXT_CONTENT),
            "pmndrsdocs" => Generator::Other(PMNDRS_DOCS),
            // `github` included: read as GitHub renders it.
            _ => return None,
        })
    }

    /// The heading ids of this generator with its default settings.
    fn default_slugger(self) -> Slugger {
        match self {
            Generator::VitePress | Generator::VuePress => Slugger::VitePress,
            Generator::MkDocs => Slugger::PythonMarkdown { unicode: false },
            Generator::Hugo => Slugger::Goldmark(IdType::GitHub),
            Generator::Jekyll => Slugger::KramdownGfm {
                prefix: String::new(),
            },
            Generator::MdBook => Slugger::MdBook,
            Generator::Sphinx => Slugger::Myst,
            Generator::Other(ZOLA) => Slugger::Zola { exact: true },
            Generator::Other(NUXT_CONTENT) => Slugger::NuxtMdc,
            Generator::Other(PMNDRS_DOCS) => Slugger::Pmndrs,
            Generator::Docusaurus
            | Generator::Starlight
            | Generator::Astro
            | Generator::Other(_) => Slugger::GitHub,
        }
    }
}

/// One documentation site.
#[derive(Debug, Clone, PartialEq, Eq)]
// Each flag is an independent fact a site's files tell (not a state machine).
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct Site {
    pub(crate) generator: Generator,
    /// The folder its pages come from, root-relative (`""`: the whole repository).
    pub(crate) content: String,
    /// The file it was read from (or `release.toml` for `[lint] generator`).
    pub(crate) config: String,
    pub(crate) slugger: Slugger,
    /// MkDocs with the macros plugin, Jekyll, MyST substitutions: `{{ … }}` and `{% … %}`
    /// are templates.
    pub(crate) templates: bool,
    /// Links are resolved by the site, not as files: Docusaurus doc ids and routes, a Hugo
    /// link render hook, MyST references to labels. A relative link that names no file and
    /// has no extension is then the site's to check.
    pub(crate) routes: bool,
    /// MkDocs hooks, or snippets appended to every page: reference definitions may come from
    /// outside the page.
    pub(crate) outside_definitions: bool,
    /// The reference labels that pymdownx.snippets' `auto_append` files define on every
    /// page (normalized as a label is matched: blanks collapsed, lower case).
    pub(crate) appended_labels: Vec<String>,
    /// VitePress with a `markdown.anchor.slugify` of the project's: heading ids are compared
    /// without case or edge dashes (the usual variants keep the case or the dashes).
    pub(crate) custom_slugify: bool,
    /// An mdBook that runs the Rust Reference's `mdbook-spec` (`[preprocessor.spec]`): `r[id]`
    /// lines are rule anchors (`#r-id`), grammar productions are `#grammar-Name`, and a
    /// link to a rule, a production or a Rust path (`[x][items.static]`, `(std::mem)`) is
    /// the preprocessor's (and rustdoc's) to resolve.
    pub(crate) spec: bool,
    /// Folders whose files the site serves as they are at its root URL (Hugo's `static/`,
    /// VitePress' `public/`), root-relative.
    pub(crate) served: Vec<String>,
    /// MkDocs' `pymdownx.tabbed` with a `slugify`: each content tab (`=== "Title"`) has the
    /// id its title slugs to, after its heading's id and a `-` when `combine_header_slug`
    /// (Some(true)).
    pub(crate) tab_ids: Option<bool>,
    /// Path aliases of the site's `tsconfig.json` (`"@assets/*": ["src/assets/*"]`), which
    /// Vite resolves in an Astro page's links and imports: each prefix with its folder,
    /// root-relative.
    pub(crate) aliases: Vec<(String, String)>,
    /// Hugo's layout folders, root-relative (`layouts`, `themes/*/layouts`, `*` standing for
    /// one folder): Markdown there is a template of an output format (`layouts/all.md`,
    /// `layouts/_shortcodes/x.md`, Go template text), not a page.
    pub(crate) layouts: Vec<String>,
    /// Hugo: the shortcodes that write no id and no heading (the site's and its themes'
    /// templates say so, or Hugo's own `ref`, `param`, `highlight`…), sorted. A page that
    /// calls only these has the anchors its Markdown gives.
    pub(crate) quiet_shortcodes: Vec<String>,
    /// Hugo's `markup.goldmark.parser.autoDefinitionTermID`: a definition list's terms get
    /// ids as headings do, numbered with them.
    pub(crate) term_ids: bool,
    /// Jekyll with folder URLs (`permalink: pretty`, `/:path/`): a page is served as a folder
    /// (`fr/x.md` at `fr/x/`), and the browser resolves its relative URLs from there.
    pub(crate) folder_urls: bool,
    /// A layout loads AnchorJS, which gives each heading without an id one from its text,
    /// in the browser (jasmine's site).
    pub(crate) anchorjs: bool,
    /// A Docusaurus site running t-rex-ui's `processHeaderMarkers` (Software Mansion's
    /// docs): a heading's trailing `[A]`, `[I]`, `[W]` become platform badges, out of its
    /// text and its id.
    pub(crate) platform_markers: bool,
    /// Jekyll collections with `output: false` (their folders, `_faq`): their documents
    /// are rendered into another page (a loop over `site.faq`), never pages of their own.
    pub(crate) unrendered: Vec<String>,
    /// Jekyll's `permalink` for posts (`date` by default, or another built-in style, or a
    /// pattern): where a post in `_posts/` is served, whence its relative URLs are read.
    pub(crate) post_permalink: Option<String>,
    /// Jekyll collections served at the site's root (`permalink: /:path/`), as their
    /// folders (`_articles`), root-relative.
    pub(crate) root_collections: Vec<String>,
    /// Hugo's `module.mounts` into its content, root-relative: each as the path below the
    /// content it is served at (`""` for a folder mounted as the content itself, `content/en`)
    /// and the file or folder mounted there (`project/repo/README.md` ← `README.md`).
    pub(crate) mounts: Vec<(String, String)>,
    /// A multilingual Hugo site's content folder of each language (`content/en`,
    /// `content/ja`: its `contentDir`s, or its languages' folders in `content/`), sorted. A
    /// translated page bundle inherits the resources of its translations (Hugo's
    /// multilingual page bundles), and sites mount the default language's pages into the
    /// others as a fallback: a file missing from one language's folder is served from
    /// another's.
    pub(crate) translations: Vec<String>,
    /// Ids the site's page templates write around every page's content (Zola's
    /// `templates/page.html` with `<h2 id="comment-form">`): anchors of each page.
    pub(crate) template_ids: Vec<String>,
    /// Sphinx: `conf.py` writes files when the site builds (lxc/incus writes a page per CLI
    /// command, each with a `(incus_list.md)=` label): pages, and labels, that are not in
    /// the repository.
    pub(crate) build_writes: bool,
    /// MkDocs: `hooks:` that rewrite a page's Markdown (`on_page_markdown`), which may fill
    /// a page's `<!-- include: PATH -->` with another file (nextest's).
    pub(crate) page_hooks: bool,
    /// Jekyll: the pages with a permalink of their own (`jekyll_permalinks`).
    pub(crate) permalinks: Vec<(String, String)>,
}

impl Site {
    fn new(generator: Generator, content: String, config: String) -> Site {
        Site {
            generator,
            content,
            config,
            slugger: generator.default_slugger(),
            templates: matches!(generator, Generator::Jekyll | Generator::Other(ZOLA)),
            routes: generator == Generator::Docusaurus,
            outside_definitions: false,
            appended_labels: Vec::new(),
            custom_slugify: false,
            spec: false,
            served: Vec::new(),
            tab_ids: None,
            aliases: Vec::new(),
            layouts: Vec::new(),
            quiet_shortcodes: Vec::new(),
            term_ids: false,
            folder_urls: false,
            anchorjs: false,
            platform_markers: false,
            unrendered: Vec::new(),
            post_permalink: (generator == Generator::Jekyll).then(|| "date".to_string()),
            root_collections: Vec::new(),
            mounts: Vec::new(),
            translations: Vec::new(),
            template_ids: Vec::new(),
            build_writes: false,
            page_hooks: false,
            permalinks: Vec::new(),
        }
    }

    /// The source of the Jekyll page served as `served` (root-relative), if a page sets
    /// that permalink.
    pub(crate) fn page_at(&self, served: &str) -> Option<&str> {
        let i = self
            .permalinks
            .binary_search_by(|(url, _)| url.as_str().cmp(served))
            .ok()?;
        Some(self.permalinks[i].1.as_str())
    }

    /// Where a Jekyll site serves the page at `path`, as a path below its content folder,
    /// `index.html` for a URL ending in `/`: a page's own permalink written out (`/about/`,
    /// from its front matter, read by `front`), or for a post (a file of `_posts/` named
    /// `YYYY-MM-DD-title.md`) its permalink (its own, or the site's) filled in
    /// (`2012/07/30/release.html`, `blog/2012/07/30/release/index.html`); categories are the
    /// folders above `_posts/` and the front matter's. None for any other page.
    pub(crate) fn post_url(
        &self,
        path: &str,
        front: &dyn Fn(&str) -> Option<String>,
    ) -> Option<String> {
        let style = self.post_permalink.as_deref()?;
        // Any page with a permalink of its own, written out (`permalink: /`, docsy-jekyll's
        // home page): served there.
        if let Some(own) = front("permalink").and_then(|p| own_permalink(&p)) {
            return Some(served_file(&own));
        }
        let rest = if self.content.is_empty() {
            path
        } else {
            path.strip_prefix(self.content.as_str())?
                .strip_prefix('/')?
        };
        let (above, file) = if let Some(file) = rest.strip_prefix("_posts/") {
            ("", file)
        } else {
            let (above, file) = rest.split_once("/_posts/")?;
            (above, file)
        };
        let name = file.rsplit('/').next().unwrap_or(file);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let mut parts = stem.splitn(4, '-');
        let (year, month, day, title) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(year, 4..=4) || !digits(month, 1..=2) || !digits(day, 1..=2) || title.is_empty()
        {
            return None;
        }
        let mut categories: Vec<String> = above
            .split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        for key in ["category", "categories"] {
            if let Some(value) = front(key) {
                let value = value.trim().trim_start_matches('[').trim_end_matches(']');
                categories.extend(
                    value
                        .split([',', ' '])
                        .map(|c| c.trim().trim_matches(|q| q == '"' || q == '\''))
                        .filter(|c| !c.is_empty())
                        .map(str::to_string),
                );
            }
        }
        let own = front("permalink");
        let pattern = match own.as_deref().unwrap_or(style) {
            "date" => "/:categories/:year/:month/:day/:title:output_ext",
            "pretty" => "/:categories/:year/:month/:day/:title/",
            "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
            "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
            "none" => "/:categories/:title:output_ext",
            other if other.starts_with('/') => other,
            _ => return None,
        };
        let pad = |s: &str| format!("{s:0>2}");
        let slug = front("slug").unwrap_or_else(|| title.to_string());
        let mut url = String::new();
        let mut chars = pattern.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c != ':' {
                url.push(c);
                continue;
            }
            let word: String = pattern[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            for _ in 0..word.chars().count() {
                chars.next();
            }
            let value = match word.as_str() {
                "categories" => categories.join("/"),
                "year" => year.to_string(),
                "short_year" => year[2..].to_string(),
                "month" => pad(month),
                "i_month" => month.trim_start_matches('0').to_string(),
                "day" => pad(day),
                "i_day" => day.trim_start_matches('0').to_string(),
                "title" | "slug" | "name" => slug.clone(),
                "output_ext" => ".html".to_string(),
                // What only a date library knows (`:y_day`, `:week`, times): a folder all
                // the same.
                _ => "x".to_string(),
            };
            url.push_str(&value);
        }
        Some(served_file(&url))
    }

    /// Whether `{{ … }}` in its pages is the site's own syntax: Vue interpolation (VitePress,
    /// VuePress), MDX expressions, Liquid (Jekyll) or Jinja (MkDocs macros).
    pub(crate) fn owns_braces(&self) -> bool {
        // Docusaurus compiles `.md` as MDX too: `style={{ … }}` is a JSX expression.
        self.templates
            || matches!(
                self.generator,
                Generator::VitePress | Generator::VuePress | Generator::Docusaurus
            )
    }

    /// The folder its pages are in: its content folder, or for Astro the folder of its
    /// content collection (Starlight's `src/content/docs/`) or pages (`src/pages/`).
    pub(crate) fn pages(&self) -> String {
        let inner = match self.generator {
            Generator::Starlight => "src/content/docs",
            Generator::Astro => "src/pages",
            _ => return self.content.clone(),
        };
        if self.content.is_empty() {
            inner.to_string()
        } else {
            format!("{}/{inner}", self.content)
        }
    }

    /// One line: the folder, the generator and where it was read, and what that changes.
    pub(crate) fn summary(&self) -> String {
        let folder = if self.content.is_empty() {
            "./".to_string()
        } else {
            format!("{}/", self.content)
        };
        let braces = if self.owns_braces() {
            "; `{{ … }}` is the site's own syntax"
        } else {
            ""
        };
        match self.generator {
            Generator::Other(name) if self.slugger == Slugger::GitHub => format!(
                "{folder}: {name} ({}); heading ids as GitHub makes them (relman does not compute {name}'s)",
                self.config
            ),
            g => format!(
                "{folder}: {} ({}); heading ids by {}{braces}",
                g.name(),
                self.config,
                self.slugger.describe()
            ),
        }
    }

    /// Whether a page of this site has anchors besides its own headings: it includes other
    /// files, or the generator writes part of it (API references, CLI docs).
    pub(crate) fn open_page(&self, text: &str) -> bool {
        let starts = |prefix: &str| text.lines().any(|l| l.trim_start().starts_with(prefix));
        match self.generator {
            Generator::VitePress | Generator::VuePress => markdown_includes(text).next().is_some(),
            Generator::MdBook => text.contains("{{#include") || text.contains("{{#rustdoc_include"),
            // A shortcode call; `{{</* x */>}}` is one shown as written, not called.
            Generator::Hugo => ["{{%", "{{<"].iter().any(|open| {
                text.match_indices(open).any(|(at, _)| {
                    let call = text[at + open.len()..].trim_start();
                    let name: &str = call
                        .split(|c: char| c.is_whitespace() || matches!(c, '>' | '%'))
                        .next()
                        .unwrap_or("");
                    !call.starts_with("/*")
                        && !name.starts_with('/')
                        && self
                            .quiet_shortcodes
                            .binary_search_by(|q| q.as_str().cmp(name))
                            .is_err()
                })
            }),
            // (`<!-- include: PATH -->`: a page an MkDocs hook of the site's fills in, as
            // nextest's does.)
            Generator::MkDocs => {
                text.contains("--8<--")
                    || starts("::: ")
                    || text.contains("{{")
                    || text.contains("<!-- include:")
            }
            Generator::Jekyll => text.contains("{% include"),
            Generator::Docusaurus | Generator::Starlight | Generator::Astro => {
                imports_markdown(text)
            }
            Generator::Sphinx => text.contains("{include}") || text.contains("{eval-rst}"),
            // A shortcode call (`{{ name(…) }}`, `{% name(…) %}`) may write headings of its
            // own; one shown as written (`{{/* name() */}}`) is not called.
            Generator::Other(ZOLA) => {
                static CALL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                    regex::Regex::new(r"\{[{%]-?\s*[A-Za-z_][A-Za-z0-9_]*\(").expect("valid regex")
                });
                CALL.is_match(text)
            }
            Generator::Other(_) => false,
        }
    }

    /// What a finding may say of how this folder's anchors were made.
    pub(crate) fn describe(&self) -> String {
        let folder = if self.content.is_empty() {
            "the repository".to_string()
        } else {
            format!("`{}/`", self.content)
        };
        match self.generator {
            Generator::Other(name) if self.slugger == Slugger::GitHub => format!(
                "{folder} is built by {name} ({}), whose heading ids relman does not compute: checked against GitHub's",
                self.config
            ),
            g => format!(
                "{folder} is built by {} ({}): heading ids by {}",
                if self.config.ends_with("myst.yml") {
                    "MyST (mystmd)"
                } else {
                    g.name()
                },
                self.config,
                self.slugger.describe()
            ),
        }
    }
}

/// The paths of a VitePress or VuePress page's includes, as written: VitePress'
/// `processIncludes` reads `<!--\s*@include:\s*(.*?)\s*-->` (space or none after `<!--`,
/// as VuePress' docs write it).
pub(crate) fn markdown_includes(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("<!--").filter_map(move |(at, _)| {
        let rest = text[at + 4..].trim_start().strip_prefix("@include:")?;
        // On one line, as the pattern's `.` reads (and so an unclosed one costs its line).
        let rest = rest.split('\n').next().unwrap_or(rest);
        let end = rest.find("-->")?;
        Some(rest[..end].trim())
    })
}

/// The sites of a repository, deepest content folder first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sites {
    list: Vec<Site>,
    /// Markdown files outside a site that a page of it includes (MyST's `{include}`), each
    /// with the content folder of that site: they are built as its pages.
    included: BTreeMap<String, String>,
    /// Markdown files that an MkDocs hook pastes into a page (`<!-- include: PATH -->`),
    /// each with the first page that includes it: its relative links are that page's.
    included_by: BTreeMap<String, String>,
    /// What a run is told of a site's config that could not be read (the site is then
    /// not known, and its pages are read as GitHub shows them).
    pub(crate) notes: Vec<String>,
}

impl Sites {
    pub(crate) fn new(mut list: Vec<Site>) -> Sites {
        list.sort_by(|a, b| {
            depth(&b.content)
                .cmp(&depth(&a.content))
                .then_with(|| a.content.cmp(&b.content))
        });
        list.dedup_by(|a, b| a.content == b.content);
        Sites {
            list,
            included: BTreeMap::new(),
            included_by: BTreeMap::new(),
            notes: Vec::new(),
        }
    }

    /// The site whose content folder holds `path` (root-relative), or whose page includes
    /// it, if any.
    pub(crate) fn of(&self, path: &str) -> Option<&Site> {
        if let Some(content) = self.included.get(path) {
            return self.list.iter().find(|s| &s.content == content);
        }
        self.list.iter().find(|s| inside(path, &s.content))
    }

    /// The page that an MkDocs hook pastes `path` into, if one does: `path`'s relative
    /// links are read from that page's folder.
    pub(crate) fn includer(&self, path: &str) -> Option<&str> {
        self.included_by.get(path).map(String::as_str)
    }

    /// Whether `path` (root-relative) is in a Hugo site's layout folders: a template, not a
    /// page.
    pub(crate) fn in_layouts(&self, path: &str) -> bool {
        self.list.iter().flat_map(|s| &s.layouts).any(|folder| {
            let mut parts = path.split('/');
            folder
                .split('/')
                .all(|want| parts.next().is_some_and(|got| want == "*" || want == got))
                && parts.next().is_some()
        })
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Site> {
        self.list.iter()
    }

    /// The files outside every site that a site's page includes, with that site's folder.
    pub(crate) fn included(&self) -> impl Iterator<Item = (&String, &String)> {
        self.included.iter()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The heading ids of the file at `path`.
    #[cfg(test)]
    pub(crate) fn slugger(&self, path: &str) -> &Slugger {
        static GITHUB: Slugger = Slugger::GitHub;
        self.of(path).map_or(&GITHUB, |s| &s.slugger)
    }

    /// Whether `path` is a page of a site built by `generator`.
    pub(crate) fn built_by(&self, path: &str, generator: Generator) -> bool {
        self.of(path).is_some_and(|s| s.generator == generator)
    }
}

fn depth(folder: &str) -> usize {
    if folder.is_empty() {
        0
    } else {
        folder.matches('/').count() + 1
    }
}

/// MkDocs sites whose config is not in the repository (pydantic-ai's docs are built by
/// another repository's MkDocs): a page of API reference in an `api/` or `reference/`
/// folder that holds mkdocstrings' `::: package.module` alone on a line, a syntax of no
/// other tool, makes the folder above it (not the repository's root) an MkDocs site with
/// mkdocstrings (autorefs' `[title][pkg.Obj]` links, Python-Markdown's ids), whose
/// `{{ … }}` may be its macros'. A few such pages are read, outside every site found.
fn mkdocstrings_without_config(
    files: &FileSet,
    read: &dyn Fn(&str) -> Option<String>,
    found: &[Site],
    under_vendor: &dyn Fn(&str) -> bool,
) -> Vec<Site> {
    const READ_AT_MOST: usize = 16;
    let directive = |line: &str| {
        line.strip_prefix("::: ").is_some_and(|name| {
            let name = name.trim_end();
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.contains('.')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        })
    };
    let mut sites: Vec<Site> = Vec::new();
    let mut read_count = 0;
    // Searchers built once: every path of the repository is looked at.
    let folders = [
        memchr::memmem::Finder::new("/api/"),
        memchr::memmem::Finder::new("/reference/"),
    ];
    for path in files.files() {
        if read_count == READ_AT_MOST {
            break;
        }
        // The folder above the first `api/` or `reference/` (never the repository's root).
        let Some(root) = folders
            .iter()
            .find_map(|folder| folder.find(path.as_bytes()).map(|at| &path[..at]))
        else {
            continue;
        };
        if !std::path::Path::new(path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            || under_vendor(path)
            || found.iter().chain(&sites).any(|s| inside(path, &s.content))
        {
            continue;
        }
        read_count += 1;
        if read(path).is_some_and(|text| text.lines().any(directive)) {
            let mut site = Site::new(Generator::MkDocs, root.to_string(), path.clone());
            site.outside_definitions = true;
            // Its plugins and hooks are not known: `{{ video('…', 25) }}` may be a
            // macro's (pydantic-ai's are), as with the macros plugin.
            site.templates = true;
            sites.push(site);
        }
    }
    sites
}

/// Whether a layout or include of the Jekyll site at `root` loads AnchorJS (its script,
/// from the site or a CDN, or a call of `anchors.add`). A few files are read.
fn loads_anchorjs(files: &FileSet, read: &dyn Fn(&str) -> Option<String>, root: &str) -> bool {
    let folders = [join(root, "_layouts"), join(root, "_includes")];
    files
        .files()
        .iter()
        .filter(|p| {
            folders.iter().any(|f| inside(p, f))
                && std::path::Path::new(p.as_str())
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("html"))
        })
        .take(32)
        .filter_map(|p| read(p))
        .any(|text| {
            ["anchor.min.js", "anchor.js", "anchor-js", "anchors.add("]
                .iter()
                .any(|s| text.contains(s))
        })
}

fn inside(path: &str, folder: &str) -> bool {
    folder.is_empty()
        || path
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The value of a `permalink:` line (its comment and quotes left out).
/// The `permalink` that Jekyll's front matter defaults give every post (`defaults:` with a
/// `scope:` of `type: posts` and no narrower `path:`), which wins over the site's own.
fn posts_default_permalink(text: &str) -> Option<&str> {
    fn judge<'a>(item: &[&'a str]) -> Option<&'a str> {
        let value = |key: &str| {
            item.iter().find_map(|l| {
                let t = l.trim_start().trim_start_matches('-').trim_start();
                t.strip_prefix(key)
                    .map(|v| v.split(" #").next().unwrap_or("").trim())
                    .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
            })
        };
        (value("type:") == Some("posts") && value("path:").unwrap_or("").is_empty())
            .then(|| item.iter().find_map(|l| permalink_value(l.trim_start())))
            .flatten()
    }
    let lines = text
        .lines()
        .skip_while(|l| l.trim_end() != "defaults:")
        .skip(1);
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut item: Vec<&str> = Vec::new();
    let mut found = None;
    // The items' own indentation: that of the first `-` (`  - scope:`, or a bare `-`).
    let mut items_at: Option<usize> = None;
    for line in lines {
        if !line.trim().is_empty() && !line.starts_with([' ', '-', '#']) {
            break;
        }
        let t = line.trim_start();
        let starts_item = (t == "-" || t.starts_with("- "))
            && *items_at.get_or_insert(indent(line)) == indent(line);
        if starts_item {
            found = judge(&item).or(found);
            item.clear();
        }
        item.push(line);
    }
    judge(&item).or(found)
}

fn permalink_value(line: &str) -> Option<&str> {
    line.strip_prefix("permalink:")
        .map(|v| v.split(" #").next().unwrap_or("").trim())
        .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
}

/// The file a site serves at `url`: its path below the site's root (never above it), with
/// `index.html` for a folder's URL.
/// A page's own permalink written out, with the leading `/` Jekyll's `sanitize_url` adds
/// (`permalink: pmd_cli.html` is `/pmd_cli.html`); None for a pattern or a style's name.
fn own_permalink(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty()
        || value.contains(':')
        || matches!(value, "date" | "pretty" | "ordinal" | "weekdate" | "none")
    {
        return None;
    }
    Some(if value.starts_with('/') {
        value.to_string()
    } else {
        format!("/{value}")
    })
}

/// The pages of a Jekyll site that set their own permalink, each as the file it is served
/// as (root-relative, `docs/pmd_cli.html`) with its source, sorted by the former: a link to
/// that URL is a link to that page (pmd's docs link their pages by their flat permalinks).
fn jekyll_permalinks(
    files: &FileSet,
    read: &dyn Fn(&str) -> Option<String>,
    content: &str,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = files
        .files()
        .iter()
        .filter(|p| {
            inside(p, content)
                && std::path::Path::new(p.as_str())
                    .extension()
                    .is_some_and(|e| {
                        e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
                    })
        })
        .filter_map(|page| {
            let text = read(page)?;
            let mut lines = text.lines();
            if lines.next()?.trim_end() != "---" {
                return None;
            }
            let value = lines
                .take_while(|l| l.trim_end() != "---")
                .find_map(permalink_value)?;
            let own = own_permalink(value)?;
            Some((join(content, &served_file(&own)), page.clone()))
        })
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn served_file(url: &str) -> String {
    let path = crate::paths::normalize(url);
    if url.ends_with('/') || path.is_empty() {
        join(&path, "index.html")
    } else {
        path
    }
}

fn join(dir: &str, rel: &str) -> String {
    let rel = rel.trim_start_matches("./").trim_end_matches('/');
    if rel.split('/').any(|part| matches!(part, "." | "..")) {
        // `srcDir: '..'`, `docs_dir: ../docs`: the folders it climbs out of are left (none
        // above the repository's root).
        return crate::paths::normalize(&format!("{dir}/{rel}"));
    }
    if dir.is_empty() || rel.is_empty() {
        if rel.is_empty() {
            dir.to_string()
        } else {
            rel.to_string()
        }
    } else {
        format!("{dir}/{rel}")
    }
}

/// Find the sites of a repository. `read` gives a small file's text (None when it cannot be
/// read); `overrides` is `[lint] generator`: folder → generator name (`""` for the whole
/// repository), already validated.
pub(crate) fn detect(
    files: &FileSet,
    read: &dyn Fn(&str) -> Option<String>,
    overrides: &[(String, String)],
) -> Sites {
    let mut list: Vec<Site> = Vec::new();
    let under_vendor = |p: &str| {
        p.split('/')
            .any(|c| c == "node_modules" || c == "vendor" || c == "_site")
    };
    let named = |name: &str| -> Vec<String> {
        files
            .named(name)
            .iter()
            .filter(|p| files.is_file(p) && !under_vendor(p))
            .map(|p| (*p).clone())
            .collect()
    };
    // VitePress and VuePress: `<src>/.vitepress/config.*`.
    for (folder, generator) in [
        (".vitepress", Generator::VitePress),
        (".vuepress", Generator::VuePress),
    ] {
        for ext in ["js", "ts", "mjs", "mts", "cjs", "cts"] {
            // `.vitepress/config.ts`, or a folder of them: `.vitepress/config/index.ts`.
            let flat = named(&format!("config.{ext}"))
                .into_iter()
                .filter(|c| parent(c).rsplit('/').next() == Some(folder));
            let folded = named(&format!("index.{ext}")).into_iter().filter(|c| {
                let dir = parent(c);
                dir.rsplit('/').next() == Some("config")
                    && parent(dir).rsplit('/').next() == Some(folder)
            });
            for config in flat.chain(folded) {
                let mut dir = parent(&config);
                if !dir.ends_with(folder) {
                    dir = parent(dir);
                }
                let root = parent(dir).to_string();
                // The options may be spread over the files of the config folder.
                let mut text = read(&config).unwrap_or_default();
                if config.ends_with(&format!("config/index.{ext}")) {
                    let folder_path = parent(&config).to_string();
                    for f in files.files().iter().filter(|f| parent(f) == folder_path) {
                        text.push('\n');
                        text.push_str(&read(f).unwrap_or_default());
                    }
                }
                let content = js_string_option(&text, "srcDir")
                    .map(|src| join(&root, &src))
                    .or_else(|| src_dir_from_config(&text, parent(&config)))
                    .unwrap_or_else(|| root.clone());
                let mut site = Site::new(generator, content, config);
                if generator == Generator::VitePress {
                    site.served = vec![join(&site.content, "public")];
                }
                // `markdown: { anchor: { slugify } }`: ids of the project's own making.
                // `rewrites` serve pages at other paths (often a map computed from the
                // project's data): a link that names no file is the site's to resolve.
                site.routes = text.contains("rewrites");
                site.custom_slugify = text.contains("anchor:") && text.contains("slugify");
                if site.custom_slugify {
                    if let Some(own) = own_vitepress_slugify(&text) {
                        site.slugger = own;
                        site.custom_slugify = false;
                    }
                }
                list.push(site);
            }
        }
    }
    for config in mkdocs_configs(files, &under_vendor, read) {
        let root = parent(&config);
        let text = mkdocs_inherited(&config, read);
        let docs = yaml_scalar(&text, "docs_dir").unwrap_or_else(|| "docs".to_string());
        let mut site = Site::new(Generator::MkDocs, join(root, &docs), config.clone());
        site.slugger = mkdocs_slugger(&text);
        // The theme's `custom_dir`: its files (not its templates) are copied into the site
        // at the same paths, as the docs' are.
        if let Some(custom) =
            extension_options(&text, "theme").and_then(|theme| yaml_scalar(&theme, "custom_dir"))
        {
            site.served.push(join(root, &custom));
        }
        site.tab_ids = extension_options(&text, "pymdownx.tabbed")
            .filter(|o| o.contains("slugify:"))
            .map(|o| {
                o.lines().any(|l| {
                    l.trim()
                        .strip_prefix("combine_header_slug:")
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
                })
            });
        // Hooks that may rewrite a page's Markdown (`on_page_markdown` may fill
        // `{{ version }}` or add definitions) or its HTML; a hook that cannot be read may.
        // instructor's only hook, which hides code lines, does neither.
        let hooks = text.contains("\nhooks:") && {
            let listed = option_list(&text, "hooks");
            listed.is_empty()
                || listed.iter().any(|hook| {
                    read(&join(root, hook)).is_none_or(|code| {
                        ["on_page_markdown", "on_page_content", "on_post_page"]
                            .iter()
                            .any(|event| code.contains(event))
                    })
                })
        };
        // The macros plugin, Zensical's macros extension (it builds `mkdocs.yml` sites,
        // sqlmodel's), or hooks that rewrite pages.
        site.templates = yaml_list_has(&text, "plugins", "macros")
            || yaml_list_has(&text, "markdown_extensions", "zensical.extensions.macros")
            || hooks;
        site.page_hooks = hooks;
        // mkdocs-autorefs (mkdocstrings turns it on): `[title][pkg.mod.Obj]` and
        // `[title][heading-id]` with no definition are resolved across the site, and
        // an API page's objects have ids of their own.
        let autorefs = yaml_list_has(&text, "plugins", "autorefs")
            || yaml_list_has(&text, "plugins", "mkdocstrings");
        // pymdownx.snippets' `auto_append` files end every page: their definitions count
        // (all of them when the files cannot be found).
        let appended = text
            .contains("auto_append")
            .then(|| appended_labels(&text, root, files, read));
        site.outside_definitions = matches!(appended, Some(None)) || hooks || autorefs;
        site.appended_labels = appended.flatten().unwrap_or_default();
        let languages = mkdocs_alternates(&text);
        // mkdocs-static-i18n with a folder per language: a page a language's folder lacks
        // is the default language's (in its own folder, or at the docs' root).
        let locales: Vec<String> = mkdocs_i18n_locales(&text)
            .iter()
            .map(|locale| join(&site.content, locale))
            .filter(|folder| files.is_dir(folder))
            .collect();
        if !locales.is_empty() {
            site.translations = std::iter::once(site.content.clone())
                .chain(locales)
                .collect();
            site.translations.sort();
            site.translations.dedup();
        }
        push_mkdocs(&mut list, site.clone());
        mkdocs_translations(&mut list, &site, &languages, files);
    }
    // Zensical, MkDocs' successor: `zensical.toml` holds mkdocs.yml's settings in its
    // `[project]` table, and builds with Python-Markdown.
    let mut notes = Vec::new();
    for config in named("zensical.toml") {
        let text = read(&config).unwrap_or_default();
        let doc = match text.parse::<toml_edit::DocumentMut>() {
            Ok(doc) => doc,
            Err(e) => {
                notes.push(unread_config(&config, &text, &e));
                continue;
            }
        };
        let Some(project) = doc.get("project").and_then(|p| p.as_table_like()) else {
            continue;
        };
        let docs = project
            .get("docs_dir")
            .and_then(|d| d.as_str())
            .unwrap_or("docs")
            .to_string();
        let mut site = Site::new(
            Generator::MkDocs,
            join(parent(&config), &docs),
            config.clone(),
        );
        site.slugger = Slugger::PythonMarkdown {
            unicode: text.contains("slugify_unicode"),
        };
        let plugins = project.get("plugins").and_then(|p| p.as_table_like());
        let plugin = |name: &str| plugins.is_some_and(|p| p.contains_key(name));
        site.templates = plugin("macros") || text.contains("zensical.extensions.macros");
        // pymdownx.snippets' `auto_append` files end every page: their definitions count.
        site.outside_definitions =
            plugin("mkdocstrings") || plugin("autorefs") || text.contains("auto_append");
        push_mkdocs(&mut list, site);
    }
    for ext in ["js", "ts", "mjs", "cjs", "mts"] {
        for config in named(&format!("docusaurus.config.{ext}")) {
            let root = parent(&config).to_string();
            // The docs (and blog) plugins' `path: '../docs'`: content outside the site's
            // folder is built by it all the same.
            let text = read(&config).unwrap_or_default();
            let markers = text.contains("processHeaderMarkers");
            let site = |content: String, config: String| {
                let mut site = Site::new(Generator::Docusaurus, content, config);
                site.platform_markers = markers;
                site
            };
            for path in js_string_options(&text, "path") {
                if let Ok(content) = super::broken_link::normalize(&root, &path) {
                    if !inside(&content, &root) && files.is_dir(&content) {
                        list.push(site(content, config.clone()));
                    }
                }
            }
            list.push(site(root, config));
        }
    }
    for config in named("book.toml") {
        let root = parent(&config);
        let text = read(&config).unwrap_or_default();
        if let Err(e) = text.parse::<toml_edit::DocumentMut>() {
            notes.push(unread_config(&config, &text, &e));
        }
        let src = toml_string(&text, "book", "src").unwrap_or_else(|| "src".to_string());
        let mut site = Site::new(Generator::MdBook, join(root, &src), config);
        // A preprocessor of the book's own (`[preprocessor.x] command = …`) may fill any
        // `{{ … }}` of its pages.
        site.templates = custom_preprocessor(&text);
        site.spec = text.lines().any(|l| l.trim() == "[preprocessor.spec]");
        // mdBook 0.5 gives each definition-list term an id, numbered with the headings'
        // (`[output.html] definition-lists = false` turns the lists off).
        site.term_ids = !text.lines().any(|l| {
            let l = l.trim();
            l.starts_with("definition-lists") && l.ends_with("false")
        });
        list.push(site);
    }
    for config in hugo_configs(files, &named, read) {
        let dir = parent(&config);
        // `config/_default/hugo.toml` configures the site above `config/`.
        let root = if dir.ends_with("config/_default") || dir == "config/_default" {
            parent(parent(dir))
        } else {
            dir
        };
        let text = read(&config).unwrap_or_default();
        // One content folder, or one per language (`[languages.zh] contentDir =
        // 'content.zh'`), with `content/` for the languages that name none.
        let mut contents = config_values(&text, "contentDir");
        if contents.is_empty() || files.is_dir(&join(root, "content")) {
            contents.push("content".to_string());
        }
        contents.sort();
        contents.dedup();
        let translations = hugo_translations(root, &text, &contents, files, &|name| {
            let path = join(parent(&config), name);
            files.is_file(&path).then(|| read(&path)).flatten()
        });
        for content in contents {
            let mut site = Site::new(Generator::Hugo, join(root, &content), config.clone());
            let served = config_value(&text, "staticDir").unwrap_or_else(|| "static".to_string());
            site.served = vec![join(root, &served)];
            site.translations.clone_from(&translations);
            site.mounts = hugo_mounts(&text)
                .into_iter()
                .filter_map(|(source, target)| {
                    let at = target.strip_prefix("content")?;
                    let at = if at.is_empty() {
                        at
                    } else {
                        at.strip_prefix('/')?
                    };
                    let served = super::broken_link::normalize(root, &source).ok()?;
                    Some((at.trim_end_matches('/').to_string(), served))
                })
                .collect();
            let layouts = config_value(&text, "layoutDir").unwrap_or_else(|| "layouts".into());
            let themes = config_value(&text, "themesDir").unwrap_or_else(|| "themes".into());
            site.layouts = vec![
                join(root, &layouts),
                join(root, &format!("{themes}/*/layouts")),
            ];
            site.quiet_shortcodes = hugo_quiet_shortcodes(files, &site.layouts, read);
            site.term_ids = text.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with("autoDefinitionTermID") && l.trim_end().ends_with("true")
            });
            // A link render hook (`layouts/_markup/render-link.html`) resolves destinations
            // itself (Hugo's GetPage, glossary links); so does Hugo's embedded one.
            site.routes = [
                "layouts/_markup/render-link.html",
                "layouts/_default/_markup/render-link.html",
            ]
            .iter()
            .any(|hook| files.is_file(&join(root, hook)))
                || hugo_embedded_link_hook(&text, &|name| {
                    let path = join(parent(&config), name);
                    files.is_file(&path).then(|| read(&path)).flatten()
                });
            let mut folders = vec![join(root, &layouts)];
            if let Some(theme) = config_value(&text, "theme") {
                folders.push(join(root, &format!("{themes}/{theme}/layouts")));
            }
            site.template_ids = template_ids(
                files,
                read,
                &folders,
                &[
                    "_default/baseof.html",
                    "_default/single.html",
                    "_default/list.html",
                    "baseof.html",
                    "single.html",
                    "list.html",
                    "page.html",
                ],
            );
            site.slugger =
                Slugger::Goldmark(match config_value(&text, "autoHeadingIDType").as_deref() {
                    Some("github-ascii") => IdType::GitHubAscii,
                    Some("blackfriday") => IdType::Blackfriday,
                    _ => IdType::GitHub,
                });
            list.push(site);
        }
    }
    for name in ["zola.toml", "config.toml"] {
        for config in named(name) {
            let root = parent(&config);
            let text = read(&config).unwrap_or_default();
            if !files.is_dir(&join(root, "content"))
                || !(name == "zola.toml" || is_zola(&text))
                || list.iter().any(|s| s.content == join(root, "content"))
            {
                continue;
            }
            let mut site = Site::new(
                Generator::Other(ZOLA),
                join(root, "content"),
                config.clone(),
            );
            site.templates = true;
            site.slugger = Slugger::Zola {
                exact: zola_slugs_on(&text),
            };
            site.served = vec![join(root, "static")];
            let mut folders = vec![join(root, "templates")];
            if let Some(theme) = config_value(&text, "theme") {
                folders.push(join(root, &format!("themes/{theme}/templates")));
            }
            site.template_ids = template_ids(
                files,
                read,
                &folders,
                &["base.html", "page.html", "section.html", "index.html"],
            );
            list.push(site);
        }
    }
    for name in ["_config.yml", "_config.yaml"] {
        for config in named(name) {
            let text = read(&config).unwrap_or_default();
            let mut site = Site::new(Generator::Jekyll, parent(&config).to_string(), config);
            site.permalinks = jekyll_permalinks(files, read, &site.content);
            site.slugger = jekyll_slugger(&text);
            // `permalink:` at any depth (a collection's too) for folder URLs; the site's own,
            // at the top, for its posts.
            site.folder_urls = text.lines().any(|l| {
                permalink_value(l.trim_start())
                    .is_some_and(|v| v == "pretty" || (v.starts_with('/') && v.ends_with('/')))
            });
            site.post_permalink = Some(
                posts_default_permalink(&text)
                    .or_else(|| text.lines().find_map(permalink_value))
                    .filter(|v| !v.is_empty())
                    .unwrap_or("date")
                    .to_string(),
            );
            site.root_collections = jekyll_root_collections(&text)
                .into_iter()
                .map(|name| join(&site.content, &format!("_{name}")))
                .collect();
            site.template_ids = template_ids(
                files,
                read,
                &[join(parent(&site.config), "_layouts")],
                &["default.html", "page.html", "post.html"],
            );
            site.anchorjs = loads_anchorjs(files, read, parent(&site.config));
            site.unrendered = jekyll_collections_with(&text, "output", "false")
                .into_iter()
                .map(|name| join(&site.content, &format!("_{name}")))
                .collect();
            list.push(site);
        }
    }
    for ext in ["mjs", "ts", "js", "mts", "cjs"] {
        for config in named(&format!("astro.config.{ext}")) {
            let text = read(&config).unwrap_or_default();
            let generator = if text.contains("starlight") {
                Generator::Starlight
            } else {
                Generator::Astro
            };
            let root = parent(&config).to_string();
            let mut site = Site::new(generator, root.clone(), config);
            site.aliases = read(&join(&root, "tsconfig.json"))
                .map(|text| tsconfig_aliases(&text, &root))
                .unwrap_or_default();
            list.push(site);
        }
    }
    for config in named("conf.py") {
        let text = read(&config).unwrap_or_default();
        if text.contains("myst_parser") || text.contains("myst_nb") {
            let mut site = Site::new(Generator::Sphinx, parent(&config).to_string(), config);
            // `[text](label)` names a Sphinx target; substitutions are `{{ name }}`.
            site.routes = true;
            site.templates = text.contains("substitution");
            // (A `subprocess` call alone, as for the git version, writes no page.)
            site.build_writes = [".write(", "write_text("]
                .iter()
                .any(|call| text.contains(call));
            list.push(site);
        }
    }
    // mystmd (Jupyter Book 2): `myst.yml` with a `project:`; its labels and references are
    // MyST's, resolved across the project as Sphinx's are.
    for config in named("myst.yml") {
        if read(&config).is_some_and(|t| t.lines().any(|l| l.trim_end() == "project:")) {
            let mut site = Site::new(Generator::Sphinx, parent(&config).to_string(), config);
            site.routes = true;
            list.push(site);
        }
    }
    // Documenter.jl (every Julia package's docs): `docs/make.jl` calls `makedocs`, and the
    // pages are in `docs/src/`; `[text](@ref)` links are its cross-references.
    for config in named("make.jl") {
        if read(&config).is_some_and(|t| t.contains("makedocs")) {
            let src = match parent(&config) {
                "" => "src".to_string(),
                dir => format!("{dir}/src"),
            };
            list.push(Site::new(Generator::Other(DOCUMENTER), src, config));
        }
    }
    // Fumadocs: `source.config.ts` imports `fumadocs-mdx/config`; Next serves `public/`.
    for ext in ["ts", "mts", "js", "mjs"] {
        for config in named(&format!("source.config.{ext}")) {
            if read(&config).is_some_and(|t| t.contains("fumadocs-mdx")) {
                let root = parent(&config).to_string();
                let mut site = Site::new(Generator::Other(FUMADOCS), root.clone(), config);
                site.served = vec![join(&root, "public")];
                list.push(site);
            }
        }
    }
    // Nextra: a Next.js app whose `next.config.*` wraps its config with `nextra(…)`.
    for ext in ["ts", "mts", "js", "mjs", "cjs"] {
        for config in named(&format!("next.config.{ext}")) {
            let nextra = read(&config).is_some_and(|t| {
                t.contains("from 'nextra'")
                    || t.contains("from \"nextra\"")
                    || t.contains("require('nextra')")
                    || t.contains("require(\"nextra\")")
            });
            if nextra {
                let root = parent(&config).to_string();
                let mut site = Site::new(Generator::Other(NEXTRA), root.clone(), config);
                site.served = vec![join(&root, "public")];
                list.push(site);
            }
        }
    }
    // Nuxt Content: `content.config.*` beside the app (its pages in `content/`), or an
    // undocs docs folder (a `package.json` that depends on `undocs`, its pages beside it).
    for ext in ["ts", "mts", "js", "mjs"] {
        for config in named(&format!("content.config.{ext}")) {
            if read(&config).is_some_and(|t| t.contains("@nuxt/content")) {
                let app = parent(&config).to_string();
                let mut site = Site::new(
                    Generator::Other(NUXT_CONTENT),
                    join(&app, "content"),
                    config,
                );
                site.served = vec![join(&app, "public")];
                list.push(site);
            }
        }
    }
    // Only a folder with undocs' own config (`.config/docs.yaml`) has its manifest read: a
    // monorepo holds hundreds of package.json files.
    for config in named("package.json") {
        let docs_yaml = join(parent(&config), ".config/docs.yaml");
        if files.is_file(&docs_yaml) && read(&config).is_some_and(|t| t.contains("\"undocs\"")) {
            let app = parent(&config).to_string();
            let mut site = Site::new(Generator::Other(NUXT_CONTENT), app.clone(), config);
            site.served = vec![join(&app, "public")];
            list.push(site);
        }
    }
    // Rspress: `root` names the pages' folder (a string, or `path.join(__dirname, 'docs')`).
    for ext in ["ts", "mts", "js", "mjs"] {
        for config in named(&format!("rspress.config.{ext}")) {
            let text = read(&config).unwrap_or_default();
            let base = parent(&config).to_string();
            let root = js_string_option(&text, "root")
                .or_else(|| {
                    let at = text.find("root:")?;
                    let line = text[at..].lines().next()?;
                    let quote = line.find(['\'', '"'])?;
                    let inner = &line[quote + 1..];
                    Some(inner[..inner.find(['\'', '"'])?].to_string())
                })
                .unwrap_or_else(|| "docs".to_string());
            let content = join(&base, root.trim_start_matches("./").trim_end_matches('/'));
            let mut site = Site::new(Generator::Other(RSPRESS), content.clone(), config);
            site.slugger = Slugger::Rspress;
            site.served = vec![join(&content, "public")];
            list.push(site);
        }
    }
    for (name, generator) in [
        ("antora.yml", "Antora"),
        ("gatsby-config.js", "Gatsby"),
        ("gatsby-config.ts", "Gatsby"),
        ("_quarto.yml", "Quarto"),
        ("docfx.json", "DocFX"),
    ] {
        for config in named(name) {
            list.push(Site::new(
                Generator::Other(generator),
                parent(&config).to_string(),
                config,
            ));
        }
    }
    list.extend(mkdocstrings_without_config(
        files,
        read,
        &list,
        &under_vendor,
    ));
    // pmndrs/docs: a workflow that calls its build with the docs folder as `mdx:`.
    for workflow in files.files().iter().filter(|p| {
        p.starts_with(".github/workflows/")
            && std::path::Path::new(p)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
    }) {
        let Some(text) = read(workflow) else {
            continue;
        };
        if text.contains("pmndrs/docs/.github/workflows/build.yml") {
            let folder = yaml_scalar(&text, "mdx").unwrap_or_else(|| "docs".to_string());
            // (`join` keeps a `..` in it from leaving the repository.)
            let folder = join("", folder.trim_matches('/'));
            list.push(Site::new(
                Generator::Other(PMNDRS_DOCS),
                folder,
                workflow.clone(),
            ));
        }
    }
    for (folder, name) in overrides {
        let folder = folder.trim_matches('/').to_string();
        list.retain(|s| s.content != folder);
        if let Some(generator) = Generator::parse(name) {
            list.push(Site::new(generator, folder, "release.toml".to_string()));
        } else {
            // `github`: the folder is read as GitHub renders it, whatever it holds.
            list.push(Site {
                generator: Generator::Other("GitHub"),
                content: folder,
                config: "release.toml".to_string(),
                slugger: Slugger::GitHub,
                templates: false,
                routes: false,
                outside_definitions: false,
                appended_labels: Vec::new(),
                custom_slugify: false,
                spec: false,
                served: Vec::new(),
                tab_ids: None,
                aliases: Vec::new(),
                layouts: Vec::new(),
                quiet_shortcodes: Vec::new(),
                term_ids: false,
                folder_urls: false,
                anchorjs: false,
                platform_markers: false,
                unrendered: Vec::new(),
                post_permalink: None,
                root_collections: Vec::new(),
                mounts: Vec::new(),
                translations: Vec::new(),
                template_ids: Vec::new(),
                build_writes: false,
                page_hooks: false,
                permalinks: Vec::new(),
            });
        }
    }
    let mut sites = Sites::new(list);
    sites.included = sphinx_includes(files, read, &sites);
    sites.included_by = hook_includes(files, read, &sites);
    for (file, page) in &sites.included_by {
        if sites.of(file).is_none() {
            if let Some(content) = sites.of(page).map(|s| s.content.clone()) {
                sites.included.insert(file.clone(), content);
            }
        }
    }
    sites.notes = notes;
    sites
}

/// The `.md` files in a site's content folder.
fn markdown_pages<'f>(files: &'f FileSet, site: &'f Site) -> impl Iterator<Item = &'f String> {
    files.files().iter().filter(|p| {
        inside(p, &site.content)
            && std::path::Path::new(p.as_str())
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    })
}

/// The Markdown files an MkDocs site's hooks paste into its pages (`<!-- include: PATH -->`,
/// a project's own convention, as nextest's `shortcodes.py`), each with the first page
/// that includes it. The hook's base folder is its own: the path is tried from the
/// repository's root, the page's folder and the docs folder, in that order.
fn hook_includes(
    files: &FileSet,
    read: &dyn Fn(&str) -> Option<String>,
    sites: &Sites,
) -> BTreeMap<String, String> {
    let mut included = BTreeMap::new();
    for site in sites
        .iter()
        .filter(|s| s.generator == Generator::MkDocs && s.page_hooks)
    {
        for page in markdown_pages(files, site) {
            let Some(text) = read(page) else { continue };
            for (at, _) in text.match_indices("<!-- include:") {
                let rest = &text[at + "<!-- include:".len()..];
                // On one line, as the hooks' patterns read it.
                let rest = rest.split('\n').next().unwrap_or(rest);
                let Some(end) = rest.find("-->") else {
                    continue;
                };
                let path = rest[..end].trim();
                let found = [
                    super::broken_link::normalize("", path),
                    super::broken_link::normalize(parent(page), path),
                    super::broken_link::normalize(&site.content, path),
                ]
                .into_iter()
                .flatten()
                // A README is GitHub's page of its folder, and a site's page is its own:
                // neither is read from the page that pastes it.
                .find(|t| {
                    files.is_file(t)
                        && t != page
                        && !t
                            .rsplit('/')
                            .next()
                            .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
                        && sites.of(t).is_none()
                });
                if let Some(target) = found {
                    included.entry(target).or_insert_with(|| page.clone());
                }
            }
        }
    }
    included
}

/// The Markdown files outside a Sphinx site that its pages include with MyST's
/// ```` ```{include} PATH ```` (a root README or CHANGELOG shown in the docs), each with the
/// site's content folder. Only the pages that name `{include}` are looked at closely.
fn sphinx_includes(
    files: &FileSet,
    read: &dyn Fn(&str) -> Option<String>,
    sites: &Sites,
) -> BTreeMap<String, String> {
    let mut included = BTreeMap::new();
    for site in sites.iter().filter(|s| s.generator == Generator::Sphinx) {
        for page in markdown_pages(files, site) {
            let Some(text) = read(page) else { continue };
            if !text.contains("{include}") {
                continue;
            }
            for line in text.lines() {
                let directive = line.trim_start().trim_start_matches(['`', ':', '~']);
                let Some(arg) = directive.strip_prefix("{include}") else {
                    continue;
                };
                let Ok(target) = super::broken_link::normalize(parent(page), arg.trim()) else {
                    continue;
                };
                let markdown = std::path::Path::new(&target)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"));
                if markdown && sites.of(&target).is_none() && files.is_file(&target) {
                    included.insert(target, site.content.clone());
                }
            }
        }
    }
    included
}

/// Hugo's configuration files: `hugo.*` anywhere, `config/_default/{hugo,config}.*`, and a
/// `config.toml`/`config.yaml` next to a `content/` folder that holds Hugo keys.
fn hugo_configs(
    files: &FileSet,
    named: &dyn Fn(&str) -> Vec<String>,
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut found = Vec::new();
    for ext in ["toml", "yaml", "yml", "json"] {
        found.extend(named(&format!("hugo.{ext}")));
        // A config the build writes from a template (numpy.org's `config.yaml.in`, filled
        // by a script, the written one git-ignored) configures the site all the same.
        let configs = named(&format!("config.{ext}"))
            .into_iter()
            .chain(named(&format!("config.{ext}.in")));
        for config in configs {
            let dir = parent(&config);
            if dir.ends_with("config/_default") {
                found.push(config);
                continue;
            }
            if !files.is_dir(&join(dir, "content")) {
                continue;
            }
            let text = read(&config).unwrap_or_default();
            if !is_zola(&text)
                && ["baseURL", "baseurl", "languageCode", "[markup", "theme"]
                    .iter()
                    .any(|k| text.contains(k))
            {
                found.push(config);
            }
        }
    }
    found.sort();
    found.dedup();
    // One site per folder: `hugo.toml` and `config.toml` side by side are one site.
    found.dedup_by(|a, b| parent(a) == parent(b));
    found
}

/// The literal ids (`id="comment-form"`, not one a template computes) in the page templates
/// `names` of `folders`, sorted: the layout of every page, whose ids each page has.
fn template_ids(
    files: &FileSet,
    read: &dyn Fn(&str) -> Option<String>,
    folders: &[String],
    names: &[&str],
) -> Vec<String> {
    static ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\sid\s*=\s*["']([A-Za-z][^"'\s{}$<>%]*)["']"#).expect("valid regex")
    });
    let mut ids = Vec::new();
    for folder in folders {
        for name in names {
            let path = join(folder, name);
            if let Some(text) = files.is_file(&path).then(|| read(&path)).flatten() {
                ids.extend(ID.captures_iter(&text).map(|c| c[1].to_string()));
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// The `module.mounts` of a Hugo config, each as its `source` and `target`: YAML list items
/// (`- source: ../README.md` / `target: content/repo/README.md`) or TOML
/// `[[module.mounts]]` tables.
fn hugo_mounts(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: (Option<String>, Option<String>) = (None, None);
    let mut flush = |current: &mut (Option<String>, Option<String>)| {
        if let (Some(source), Some(target)) = std::mem::take(current) {
            out.push((source, target));
        }
    };
    // Inside the list: in YAML, the indentation of `mounts:`.
    let mut yaml: Option<usize> = None;
    let mut toml = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with('[') {
            let header = trimmed.split('#').next().unwrap_or("").trim_end();
            if header == "[[module.mounts]]" {
                flush(&mut current);
                toml = true;
            } else if !header.starts_with("[module.mounts.") {
                flush(&mut current);
                toml = false;
            }
            continue;
        }
        let mut item = trimmed;
        if let Some(at) = yaml {
            if indent < at || (indent == at && !trimmed.starts_with('-')) {
                flush(&mut current);
                yaml = None;
            } else if let Some(rest) = trimmed.strip_prefix("- ") {
                flush(&mut current);
                item = rest.trim_start();
            }
        } else if trimmed.trim_end() == "mounts:" {
            yaml = Some(indent);
            continue;
        }
        if yaml.is_none() && !toml {
            continue;
        }
        let Some((key, value)) = item.split_once([':', '=']) else {
            continue;
        };
        // (A YAML anchor before the value: `source: &img content/a.jpg`.)
        let value = value.split(" #").next().unwrap_or("").trim();
        let value = match value.strip_prefix('&') {
            Some(anchored) => anchored.split_once(' ').map_or("", |(_, v)| v).trim(),
            None => value,
        };
        let value = value.trim_matches(|c| c == '"' || c == '\'').to_string();
        match key.trim().trim_matches('"') {
            "source" if !value.is_empty() => current.0 = Some(value),
            "target" if !value.is_empty() => current.1 = Some(value),
            _ => {}
        }
    }
    flush(&mut current);
    out
}

/// Whether Hugo renders links with its embedded link render hook, which looks each
/// destination up as a page (`GetPage`): `markup.goldmark.renderHooks.link.useEmbedded` set
/// to `always` or `fallback`, or left at `auto` on a multilingual site (two languages or
/// more, in the config or a `languages.*` file beside it) that does not duplicate
/// resource files.
fn hugo_embedded_link_hook(text: &str, beside: &dyn Fn(&str) -> Option<String>) -> bool {
    match config_value(text, "useEmbedded").as_deref() {
        Some("always" | "fallback") => return true,
        Some("never") => return false,
        _ => {}
    }
    if config_value(text, "duplicateResourceFiles").is_some_and(|v| v == "true") {
        return false;
    }
    let languages = hugo_site_languages(text, beside);
    languages.len() >= 2
}

/// The content folder of each language of a multilingual Hugo site (see
/// `Site::translations`): its `contentDir`s when it has several, and `content/<key>` for
/// each language key that has such a folder; none for a site of one language.
fn hugo_translations(
    root: &str,
    text: &str,
    contents: &[String],
    files: &FileSet,
    beside: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let languages = hugo_site_languages(text, beside);
    if languages.len() < 2 {
        return Vec::new();
    }
    let mut out: Vec<String> = if contents.len() >= 2 {
        contents.iter().map(|c| join(root, c)).collect()
    } else {
        Vec::new()
    };
    for language in &languages {
        let folder = join(root, &format!("content/{language}"));
        if files.is_dir(&folder) {
            out.push(folder);
        }
    }
    out.sort();
    out.dedup();
    // `content/`, holding the languages' folders, is none of them.
    let parents: Vec<String> = out
        .iter()
        .filter(|f| {
            out.iter()
                .any(|g| g.len() > f.len() && g.starts_with(&format!("{f}/")))
        })
        .cloned()
        .collect();
    out.retain(|f| !parents.contains(f));
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// The language keys of a Hugo site: its config's, and those of a `languages.*` file
/// beside it; sorted.
fn hugo_site_languages(text: &str, beside: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut languages = hugo_languages(text, false);
    for name in ["languages.toml", "languages.yaml", "languages.yml"] {
        if let Some(text) = beside(name) {
            languages.extend(hugo_languages(&text, true));
        }
    }
    languages.sort();
    languages.dedup();
    languages
}

/// The language keys of a Hugo config: `[languages.en]` tables in TOML, the keys one level
/// below `languages:` in YAML; in a `languages.*` file of their own (`top`), its tables or
/// top-level keys.
fn hugo_languages(text: &str, top: bool) -> Vec<String> {
    let mut out = Vec::new();
    // YAML: the indentation of `languages:` and of its first key.
    let mut yaml: Option<(usize, Option<usize>)> = top.then_some((0, Some(0)));
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix('[') {
            // TOML: `[languages.en]`, `[languages.en.params]`, or `[en]` in its own file.
            let name = rest.trim_start_matches('[');
            let name = if top {
                Some(name)
            } else {
                name.strip_prefix("languages.")
            };
            if let Some(name) = name {
                let key = name
                    .split(['.', ']'])
                    .next()
                    .unwrap_or("")
                    .trim_matches('"');
                if !key.is_empty() {
                    out.push(key.to_string());
                }
            }
            continue;
        }
        match yaml {
            None => {
                if !top && indent == 0 && trimmed.trim_end() == "languages:" {
                    yaml = Some((indent, None));
                }
            }
            Some((at, mut child)) => {
                if !top && indent <= at {
                    yaml = None;
                    continue;
                }
                let child = *child.get_or_insert(indent);
                yaml = Some((at, Some(child)));
                if indent == child {
                    if let Some((key, _)) = trimmed.split_once(':') {
                        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
                        if !key.is_empty() && !key.contains(' ') {
                            out.push(key.to_string());
                        }
                    }
                }
            }
        }
    }
    out
}

/// Whether a `config.toml` is Zola's: a top-level `base_url` (before any table; Hugo's key
/// is `baseURL`, and a Hugo `[params]` table may hold a `base_url` of its own).
fn is_zola(text: &str) -> bool {
    let mut zola = false;
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with('[') {
            break;
        }
        let key = line.split('=').next().unwrap_or("").trim();
        if key.eq_ignore_ascii_case("baseurl") {
            return false;
        }
        zola |= key == "base_url" && line.contains('=');
    }
    zola
}

/// Whether a Zola site's heading ids are the `slug` crate's (`[slugify] anchors = "on"`,
/// the default); `safe` and `off` keep the text as written, which relman does not compute.
fn zola_slugs_on(text: &str) -> bool {
    let mut in_slugify = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_slugify = line == "[slugify]";
        } else if in_slugify {
            if let Some(value) = line
                .strip_prefix("anchors")
                .and_then(|rest| rest.trim_start().strip_prefix('='))
            {
                let value = value.split('#').next().unwrap_or("");
                return value.trim().trim_matches(['"', '\'']) == "on";
            }
        }
    }
    true
}

/// The `compilerOptions.paths` of a `tsconfig.json` in folder `dir` that map a prefix to
/// one folder (`"@assets/*": ["src/assets/*"]`), from its `baseUrl`: each prefix with its
/// root-relative folder. Read by pattern: a tsconfig may hold comments and trailing commas.
fn tsconfig_aliases(text: &str, dir: &str) -> Vec<(String, String)> {
    static ALIAS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""([^"*\s]+)/\*"\s*:\s*\[\s*"([^"*\s]+)/\*""#).expect("valid regex")
    });
    static BASE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""baseUrl"\s*:\s*"([^"]*)""#).expect("valid regex")
    });
    let base = BASE
        .captures(text)
        .and_then(|c| super::broken_link::normalize(dir, &c[1]).ok())
        .unwrap_or_else(|| dir.to_string());
    ALIAS
        .captures_iter(text)
        .filter_map(|c| {
            let folder = super::broken_link::normalize(&base, &c[2]).ok()?;
            Some((c[1].to_string(), folder))
        })
        .collect()
}

/// The options of `toc` in `markdown_extensions` (the lines under `- toc:` or `toc:`), not
/// another extension's: `pymdownx.tabbed` takes a `slugify` option too.
fn toc_options(text: &str) -> Option<String> {
    extension_options(text, "toc")
}

/// The options of extension `name` in `markdown_extensions`: the lines under `- NAME:` or
/// `NAME:`.
fn extension_options(text: &str, name: &str) -> Option<String> {
    let key = format!("{name}:");
    let lines: Vec<&str> = text.lines().collect();
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let item = t.strip_prefix("- ").map_or(t, str::trim_start);
        if item
            .strip_prefix(key.as_str())
            .is_some_and(|rest| rest.trim().is_empty())
        {
            let indent = indent_of(line);
            let block: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || indent_of(l) > indent)
                .copied()
                .collect();
            return Some(block.join("\n"));
        }
    }
    None
}

/// The reference labels defined by the files pymdownx.snippets appends to every page
/// (`auto_append`), found under its `base_path` entries (the config's folder by default;
/// an entry may be a file) with what their `--8<--` blocks paste; None when one cannot be
/// found or read.
fn appended_labels(
    config: &str,
    root: &str,
    files: &FileSet,
    read: &dyn Fn(&str) -> Option<String>,
) -> Option<Vec<String>> {
    static DEFINITION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^ {0,3}\[([^\]\n]+)\]:").expect("a valid pattern")
    });
    let options = extension_options(config, "pymdownx.snippets")?;
    let mut bases = option_list(&options, "base_path");
    if bases.is_empty() {
        bases.push(".".to_string());
    }
    let find = |name: &str| -> Option<String> {
        bases.iter().find_map(|base| {
            let base = join(root, if base == "." { "" } else { base });
            let inside = join(&base, name);
            if files.is_file(&inside) {
                Some(inside)
            } else {
                (files.is_file(&base) && base.rsplit('/').next() == Some(name)).then_some(base)
            }
        })
    };
    let mut todo: Vec<(String, usize)> = Vec::new();
    for name in option_list(&options, "auto_append") {
        todo.push((find(&name)?, 0));
    }
    let mut labels = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    while let Some((path, depth)) = todo.pop() {
        if seen.contains(&path) {
            continue;
        }
        let text = read(&path)?;
        seen.push(path);
        labels.extend(
            DEFINITION
                .captures_iter(&text)
                .map(|c| super::broken_link::normalize_label(&c[1])),
        );
        // What it pastes: `--8<-- "file"`, or a block of names between two marker lines
        // (any `-8<-` with dashes around the scissors). A name may end with the lines or
        // the section it takes (`file.md:3:10`, `file.md:refs`): the whole file is a safe
        // reading. One that cannot be found (a URL, a file elsewhere) leaves the labels
        // unknown.
        let mut block = false;
        for line in text.lines().map(str::trim) {
            let pasted = match snippet_marker(line) {
                Some("") => {
                    block = !block;
                    continue;
                }
                Some(rest) => rest.trim_matches(['"', '\'']),
                None if block && !line.is_empty() && !line.starts_with(';') => line,
                None => continue,
            };
            if depth < 4 {
                let name = match pasted.split_once(':') {
                    Some((name, _)) if !pasted.contains("://") => name,
                    _ => pasted,
                };
                todo.push((find(name)?, depth + 1));
            }
        }
    }
    labels.sort();
    labels.dedup();
    Some(labels)
}

/// What follows a pymdownx.snippets marker that starts `line` (`--8<--`, `-8<-`,
/// `---8<---`), trimmed; None when the line has none.
fn snippet_marker(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches('-');
    let dashes = line.len() - rest.len();
    let rest = rest.strip_prefix("8<")?;
    let after = rest.trim_start_matches('-');
    (dashes > 0 && after.len() < rest.len()).then(|| after.trim())
}

/// The items of option `key` in an extension's options: `key: [a, b]`, `key: a`, or a
/// block list under `key:`.
fn option_list(options: &str, key: &str) -> Vec<String> {
    let unquote = |v: &str| v.trim().trim_matches(['"', '\'']).to_string();
    let lines: Vec<&str> = options.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(value) = line
            .trim_start()
            .strip_prefix(key)
            .and_then(|r| r.trim_start().strip_prefix(':'))
        else {
            continue;
        };
        let value = value.trim();
        if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            return inner
                .split(',')
                .map(unquote)
                .filter(|v| !v.is_empty())
                .collect();
        }
        if !value.is_empty() {
            return vec![unquote(value)];
        }
        return lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .take_while(|l| l.starts_with("- ") || l.is_empty())
            .filter_map(|l| l.strip_prefix("- "))
            .map(unquote)
            .collect();
    }
    Vec::new()
}

/// mdBook preprocessors, well known, that leave `{{ … }}` alone: a page's `{{ VERSION }}`
/// still reaches its readers.
const PLAIN_PREPROCESSORS: &[&str] = &[
    "mermaid",
    "katex",
    "admonish",
    "toc",
    "pagetoc",
    "footnote",
    "alerts",
    "graphviz",
    "plantuml",
    "svgbob",
    "kroki-preprocessor",
    "d2",
    "tabs",
    "embedify",
    "gettext",
    "open-on-gh",
    "last-changed",
    "catppuccin",
    "callouts",
    "mathpunc",
];

/// Whether a book.toml runs a preprocessor of its own: a `[preprocessor.NAME]` table other
/// than mdBook's built-in `links` and `index`, or one with a `command`.
fn custom_preprocessor(text: &str) -> bool {
    let mut table: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(name) = line
            .strip_prefix("[preprocessor.")
            .and_then(|l| l.strip_suffix(']'))
        {
            let name = name.trim_matches('"').to_string();
            if PLAIN_PREPROCESSORS.contains(&name.as_str()) {
                // Its own syntax (a ```mermaid block, `$$`, `<!-- toc -->`), not `{{ }}`.
                table = None;
                continue;
            }
            if name != "links" && name != "index" {
                return true;
            }
            table = Some(name);
        } else if line.starts_with('[') {
            table = None;
        } else if table.is_some() && line.starts_with("command") {
            return true;
        }
    }
    false
}

/// A VitePress site's own slugify that is `@mdit-vue`'s steps, some left out: NFKD, the
/// combining marks and control characters removed, every run of its special characters
/// (the very class, written out) turned into `-`, a leading digit prefixed with `_`; then,
/// if written, the edge dashes trimmed and the text lower-cased. pinia and vue-router keep
/// both. Any other function is not known: None.
fn own_vitepress_slugify(config: &str) -> Option<Slugger> {
    const SPECIAL: &str = r#"[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+"#;
    let at = config
        .find("normalize('NFKD')")
        .or_else(|| config.find("normalize(\"NFKD\")"))?;
    // The function's steps: from NFKD to the end of its chain (a blank line, or the next
    // declaration), not the rest of the config (a sidebar helper may lower-case too).
    let rest = &config[at..];
    let end = ["\n\n", "\nexport ", "\nconst ", "\nfunction "]
        .iter()
        .filter_map(|stop| rest.find(stop))
        .min()
        .unwrap_or(rest.len());
    let body = &rest[..end];
    if !(config.contains(SPECIAL) && body.contains("rSpecial") && body.contains("_$1")) {
        return None;
    }
    Some(Slugger::VitePressOwn {
        lower: body.contains("toLowerCase()"),
        trim: body.contains("^-+|-+$"),
    })
}

/// MkDocs' heading ids: `toc`'s `slugify` option, when `mkdocs.yml` sets one.
fn mkdocs_slugger(text: &str) -> Slugger {
    let options = toc_options(text).unwrap_or_default();
    let Some(at) = options.find("slugify:") else {
        return Slugger::PythonMarkdown { unicode: false };
    };
    let rest = &options[at..];
    let line = rest.lines().next().unwrap_or("");
    if line.contains("slugify_unicode") {
        return Slugger::PythonMarkdown { unicode: true };
    }
    if line.contains("pymdownx.slugs") {
        // `kwds: {case: lower}` on the same line (a flow mapping) or the lines that follow.
        let kwds: String = rest.lines().take(4).collect::<Vec<_>>().join(" ");
        let lower =
            kwds.contains("lower") && !kwds.contains("lower-ascii") || kwds.contains("fold");
        return Slugger::Pymdownx { lower };
    }
    Slugger::PythonMarkdown { unicode: false }
}

/// Jekyll's heading ids: kramdown's GFM parser unless `kramdown: input:` says otherwise.
fn jekyll_slugger(text: &str) -> Slugger {
    let prefix = yaml_scalar(text, "auto_id_prefix").unwrap_or_default();
    match yaml_scalar(text, "input").as_deref() {
        Some(input) if input.eq_ignore_ascii_case("kramdown") => Slugger::Kramdown { prefix },
        _ => Slugger::KramdownGfm { prefix },
    }
}

/// A YAML `key: value` at any depth (the first), unquoted; None when absent or empty.
fn yaml_scalar(text: &str, key: &str) -> Option<String> {
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(key) {
            if let Some(value) = rest.trim_start().strip_prefix(':') {
                let value = value.split(" #").next().unwrap_or("").trim();
                // MkDocs' `!ENV [NAME, default]`: the default, as a build without NAME
                // set reads it (`!ENV NAME` alone has none).
                let value = match value.strip_prefix("!ENV") {
                    Some(env) => env
                        .trim()
                        .strip_prefix('[')
                        .and_then(|l| l.strip_suffix(']'))
                        .and_then(|l| l.rsplit(',').next().filter(|_| l.contains(',')))
                        .unwrap_or("")
                        .trim(),
                    None => value,
                };
                let value = value.trim_matches(|c| c == '"' || c == '\'');
                if !value.is_empty() {
                    return Some(value.to_string());
                }
            }
        }
    }
    None
}

/// The shortcodes of a Hugo site that write no id and no heading: Hugo's own that do not
/// (`ref`, `relref`, `param`, `highlight`, `figure`, embeds), and those whose every
/// template in `layouts` (the site's and its themes', `*` one folder) has no `id=`, no
/// heading tag and no partial, unless a template of the site's says otherwise.
fn hugo_quiet_shortcodes(
    files: &FileSet,
    layouts: &[String],
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    use std::collections::BTreeMap;
    let mut quiet: BTreeMap<String, bool> = [
        "ref",
        "relref",
        "param",
        "highlight",
        "figure",
        "youtube",
        "vimeo",
        "gist",
        "x",
        "twitter",
        "instagram",
        "qr",
    ]
    .iter()
    .map(|n| (n.to_string(), true))
    .collect();
    let in_layouts = |path: &str| {
        layouts.iter().any(|layout| {
            let mut want = layout.split('/');
            let mut have = path.split('/');
            want.all(|w| have.next().is_some_and(|h| w == "*" || w == h))
                && matches!(have.next(), Some("shortcodes" | "_shortcodes"))
                && have.clone().count() == 1
        })
    };
    for path in files
        .files()
        .iter()
        .filter(|p| p.rsplit_once('.').is_some_and(|(_, ext)| ext == "html") && in_layouts(p))
    {
        let file = path.rsplit('/').next().unwrap_or(path);
        let name = file.split('.').next().unwrap_or(file).to_string();
        let text = read(path)
            .unwrap_or_else(|| "id=".to_string())
            .to_ascii_lowercase();
        // (Rendering other content may write its headings: an include's `.RenderShortcodes`.)
        let writes = [
            "id=",
            "id =",
            "partial",
            "anchorize",
            "template ",
            "rendershortcodes",
            "renderstring",
            "markdownify",
            "readfile",
            "getpage",
            ".content",
        ]
        .iter()
        .any(|m| text.contains(m))
            || (1..=6).any(|n| text.contains(&format!("<h{n}")));
        let entry = quiet.entry(name).or_insert(true);
        *entry = *entry && !writes;
    }
    quiet
        .into_iter()
        .filter(|(_, q)| *q)
        .map(|(name, _)| name)
        .collect()
}

/// Add an MkDocs-family site, or, when another configuration builds the same pages
/// (`mkdocs-offline.yml` beside `mkdocs.yml`, a `zensical.toml`), what it adds to that
/// site's: a page is right when a build of it is.
fn push_mkdocs(list: &mut Vec<Site>, site: Site) {
    if let Some(same) = list
        .iter_mut()
        .find(|s| s.generator == Generator::MkDocs && s.content == site.content)
    {
        same.templates |= site.templates;
        same.outside_definitions |= site.outside_definitions;
        same.appended_labels.extend(site.appended_labels);
        same.appended_labels.sort();
        same.appended_labels.dedup();
    } else {
        list.push(site);
    }
}

/// The languages of the mkdocs-static-i18n plugin when each has a folder of the docs
/// (`docs_structure: folder`): its `- locale: ja` entries. Its other structure, a suffix per
/// page (`index.ja.md`), keeps every language in one folder.
fn mkdocs_i18n_locales(text: &str) -> Vec<String> {
    let Some(options) = extension_options(text, "i18n") else {
        return Vec::new();
    };
    let folders = options.lines().any(|l| {
        l.trim()
            .strip_prefix("docs_structure:")
            .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == "folder")
    });
    if !folders {
        return Vec::new();
    }
    options
        .lines()
        .filter_map(|l| {
            let item = l.trim_start().strip_prefix("- ").unwrap_or(l).trim();
            let locale = item.strip_prefix("locale:")?.trim();
            let locale = locale.trim_matches(['"', '\'']);
            (!locale.is_empty() && !locale.contains(['/', '.', ' '])).then(|| locale.to_string())
        })
        .collect()
}

/// The languages an MkDocs config links its pages to (Material's language selector:
/// `extra: alternate: - link: /de/`), each as the one path segment of its link.
fn mkdocs_alternates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        match inside {
            Some(at) if indent <= at && !trimmed.starts_with("- ") => inside = None,
            Some(_) => {
                let item = trimmed.trim_start_matches("- ").trim_start();
                if let Some(link) = item.strip_prefix("link:") {
                    let link = link.trim().trim_matches(|c| c == '"' || c == '\'');
                    let segment = link.trim_matches('/');
                    if link.starts_with('/')
                        && !matches!(segment, "" | "." | "..")
                        && !segment.contains('/')
                    {
                        out.push(segment.to_string());
                    }
                }
                continue;
            }
            None => {}
        }
        if trimmed.trim_end() == "alternate:" {
            inside = Some(indent);
        }
    }
    out
}

/// An MkDocs site in a language's folder (`docs/en/mkdocs.yml`, its pages in
/// `docs/en/docs`) whose language selector names others with folders beside it
/// (`docs/de/docs`): those are built with its config over a copy of its pages, as
/// FastAPI's are, so they are sites of that config, and a page a translation lacks is the
/// default language's.
fn mkdocs_translations(list: &mut Vec<Site>, site: &Site, languages: &[String], files: &FileSet) {
    let root = parent(&site.config);
    let Some(docs) = site
        .content
        .strip_prefix(root)
        .map(|d| d.trim_start_matches('/'))
    else {
        return;
    };
    if root.is_empty() || docs.is_empty() {
        return;
    }
    let mut contents = vec![site.content.clone()];
    // A language folder with a config of its own is its own site (it may INHERIT this one):
    // it is a translation all the same, but read with its config.
    let mut own_config = Vec::new();
    for language in languages {
        let folder = join(parent(root), language);
        let content = join(&folder, docs);
        if content != site.content && files.is_dir(&content) {
            if MKDOCS_CONFIGS
                .iter()
                .any(|name| files.is_file(&join(&folder, name)))
            {
                own_config.push(content.clone());
            }
            contents.push(content);
        }
    }
    // Another language's config that named this folder already: its folders too (hi's
    // config names no `link: /` folder, en's does).
    for other in list
        .iter()
        .filter(|s| s.translations.contains(&site.content))
    {
        contents.extend(other.translations.iter().cloned());
    }
    contents.sort();
    contents.dedup();
    if contents.len() < 2 {
        return;
    }
    for content in &contents {
        match list
            .iter_mut()
            .find(|s| s.generator == Generator::MkDocs && s.content == *content)
        {
            Some(same) => {
                // Another language's config may name the same folders, but not its own
                // default language's (`link: /`): the lists are joined.
                same.translations.extend(contents.iter().cloned());
                same.translations.sort();
                same.translations.dedup();
            }
            None if own_config.contains(content) => {}
            None => list.push(Site {
                content: content.clone(),
                translations: contents.clone(),
                ..site.clone()
            }),
        }
    }
}

/// The settings of each collection of a Jekyll `_config.yml`: (collection, key, value),
/// the value without quotes or a trailing comment.
fn jekyll_collection_settings(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent == 0 {
            inside = line.trim_end() == "collections:";
            current = None;
            continue;
        }
        if !inside {
            continue;
        }
        let t = line.trim();
        if indent == 2 && t.ends_with(':') {
            current = Some(t.trim_end_matches(':').to_string());
        } else if let (Some(name), Some((key, value))) = (&current, t.split_once(':')) {
            let value = value.split(" #").next().unwrap_or("").trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            out.push((name.clone(), key.trim().to_string(), value.to_string()));
        }
    }
    out
}

/// The collections of a Jekyll `_config.yml` whose `key` is `value` (`output: false`).
fn jekyll_collections_with(text: &str, key: &str, value: &str) -> Vec<String> {
    jekyll_collection_settings(text)
        .into_iter()
        .filter(|(_, k, v)| k == key && v == value)
        .map(|(name, _, _)| name)
        .collect()
}

/// The Jekyll collections a `_config.yml` serves at the site's root: those whose
/// `permalink` starts with `/:path` (opensource.guide's `_articles`).
fn jekyll_root_collections(text: &str) -> Vec<String> {
    jekyll_collection_settings(text)
        .into_iter()
        .filter(|(_, k, v)| k == "permalink" && v.starts_with("/:path"))
        .map(|(name, _, _)| name)
        .collect()
}

/// The names of an MkDocs config that need no other sign (ProperDocs, MkDocs' fork, reads
/// the same file as `properdocs.yml`).
const MKDOCS_CONFIGS: &[&str] = &[
    "mkdocs.yml",
    "mkdocs.yaml",
    "properdocs.yml",
    "properdocs.yaml",
];

/// The MkDocs configurations of the repository: every `mkdocs.yml` (`.yaml`), then the
/// other `mkdocs*.yml` (and `zensical*.yml`) files that configure a site
/// (`mkdocs-online.yml`, built with `mkdocs build -f`: a `site_name`, `docs_dir`, `nav`,
/// `theme` or `INHERIT` key).
fn mkdocs_configs(
    files: &FileSet,
    under_vendor: &dyn Fn(&str) -> bool,
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut configs: Vec<(bool, String)> = files
        .files()
        .iter()
        .filter(|p| {
            let name = p.rsplit('/').next().unwrap_or(p);
            // ProperDocs, MkDocs' fork, reads the same config as `properdocs.yml`; Zensical,
            // its successor, reads it too, as `zensical.yml` (`zensical build -f`).
            ["mkdocs", "properdocs", "zensical"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
                && name
                    .rsplit_once('.')
                    .is_some_and(|(_, ext)| ext == "yml" || ext == "yaml")
                && !under_vendor(p)
        })
        .filter_map(|p| {
            let name = p.rsplit('/').next().unwrap_or(p);
            let usual = MKDOCS_CONFIGS.contains(&name);
            let configures = usual
                || read(p).is_some_and(|text| {
                    text.lines().any(|l| {
                        ["site_name:", "docs_dir:", "nav:", "theme:", "INHERIT:"]
                            .iter()
                            .any(|k| l.starts_with(k))
                    })
                });
            configures.then(|| (!usual, p.clone()))
        })
        .collect();
    configs.sort();
    configs.into_iter().map(|(_, p)| p).collect()
}

/// An MkDocs configuration's text followed by those of the files it inherits from
/// (`INHERIT: base.yml`, relative to it), nearest first: a key's first value is the one
/// MkDocs uses, and a list's items are every file's.
fn mkdocs_inherited(config: &str, read: &dyn Fn(&str) -> Option<String>) -> String {
    let mut text = read(config).unwrap_or_default();
    let mut at = config.to_string();
    let mut seen = vec![at.clone()];
    // The file read last: only its own `INHERIT` names the next.
    let mut last = text.clone();
    for _ in 0..8 {
        let Some(parent_name) = last
            .lines()
            .find_map(|l| l.strip_prefix("INHERIT:"))
            .map(|v| v.split(" #").next().unwrap_or("").trim())
            .map(|v| v.trim_matches(|c| c == '"' || c == '\'').to_string())
        else {
            break;
        };
        let Ok(next) = super::broken_link::normalize(parent(&at), &parent_name) else {
            break;
        };
        if seen.contains(&next) {
            break;
        }
        let Some(more) = read(&next) else {
            break;
        };
        text.push('\n');
        text.push_str(&more);
        last = more;
        seen.push(next.clone());
        at = next;
    }
    text
}

/// Whether the YAML list `key:` (top level) names `item` (`- item`, `- item:`).
fn yaml_list_has(text: &str, key: &str, item: &str) -> bool {
    let mut inside = false;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.starts_with('-') && !line.trim().is_empty() {
            inside = line.trim_end().strip_suffix(':') == Some(key);
            continue;
        }
        if inside {
            let entry = line.trim_start().trim_start_matches('-').trim_start();
            if entry
                .strip_prefix(item)
                .is_some_and(|r| r.is_empty() || r.starts_with(':') || r.starts_with(' '))
            {
                return true;
            }
        }
    }
    false
}

/// The note for a site's TOML config that does not parse: where, and what that means.
fn unread_config(config: &str, text: &str, e: &toml_edit::TomlError) -> String {
    let at = e.span().map_or(String::new(), |span| {
        let pos = crate::textpos::line_col(text, span.start);
        format!(":{}:{}", pos.0, pos.1)
    });
    let what = e
        .message()
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    let then = if config.ends_with("book.toml") {
        "the book's settings are not known: its pages are read from `src/`"
    } else {
        "its site is not known: its pages are checked as GitHub shows them"
    };
    format!("{config}{at}: not TOML ({what}), so {then}")
}

/// A string value in a TOML table, as `book.toml` writes `[book] src = "…"`.
fn toml_string(text: &str, table: &str, key: &str) -> Option<String> {
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    Some(doc.get(table)?.get(key)?.as_str()?.to_string())
}

/// A value of a Hugo config in TOML (`key = "v"`), YAML (`key: v`) or JSON (`"key": "v"`),
/// at any depth, case-insensitive on the key as Hugo is.
fn config_value(text: &str, key: &str) -> Option<String> {
    config_values(text, key).into_iter().next()
}

/// Every value of `key` in a config (a key each language table may repeat: Hugo's
/// `contentDir`).
fn config_values(text: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start().trim_start_matches('"');
        // `get`: a line that starts with a character wider than one byte (`title: 🇬🇧 EN`)
        // may have no boundary where the key would end.
        if trimmed.len() <= key.len()
            || !trimmed
                .get(..key.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(key))
        {
            continue;
        }
        let rest = trimmed[key.len()..].trim_start_matches('"').trim_start();
        if let Some(value) = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':')) {
            let value = value
                .trim()
                .trim_end_matches(',')
                .trim_matches(|c| c == '"' || c == '\'');
            if !value.is_empty() {
                out.push(value.to_string());
            }
        }
    }
    out
}

/// A string option of a JavaScript config (`srcDir: './docs'`), when written literally.
/// Whether an MDX page imports another Markdown file (`import Intro from './_intro.mdx'`),
/// whose headings become its own. Imports in code blocks are examples, and components
/// (`@theme/TOCInline`, a package) add no headings of the page's.
fn imports_markdown(text: &str) -> bool {
    let mut fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let t = line.trim_start();
        let marker = t.chars().next().filter(|c| matches!(c, '`' | '~'));
        if let Some(c) = marker {
            let run = t.chars().take_while(|&x| x == c).count();
            if run >= 3 {
                match fence {
                    None => fence = Some((c, run)),
                    Some((open, len)) if open == c && run >= len && t[run..].trim().is_empty() => {
                        fence = None;
                    }
                    Some(_) => {}
                }
                continue;
            }
        }
        if fence.is_none() && t.starts_with("import ") {
            let source = t.rsplit(['\'', '"']).nth(1).unwrap_or("");
            let ext = std::path::Path::new(source).extension();
            if ext.is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("mdx")) {
                return true;
            }
        }
    }
    false
}

/// Every string value of `key:` in a JavaScript configuration (`path: '../docs'`).
fn js_string_options(text: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    let needle = format!("{key}:");
    while let Some(at) = rest.find(&needle) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at..];
        // A whole key, not the end of another (`basePath:`).
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            if let Some(value) = js_string_option(after, key) {
                out.push(value);
            }
        }
        rest = &rest[at + needle.len()..];
    }
    out
}

/// A VitePress `srcDir` given as a path from the config file's own folder:
/// `fileURLToPath(new URL('../..', import.meta.url))` or `resolve(__dirname, '..')`.
fn src_dir_from_config(text: &str, config_dir: &str) -> Option<String> {
    let at = text.find("srcDir:")?;
    let line = text[at..].lines().next()?;
    if !line.contains("import.meta.url") && !line.contains("__dirname") {
        return None;
    }
    let start = line.find(['\'', '"'])?;
    let quote = line[start..].chars().next()?;
    let inner = &line[start + 1..];
    let path = &inner[..inner.find(quote)?];
    Some(join(config_dir, path))
}

fn js_string_option(text: &str, key: &str) -> Option<String> {
    let at = text.find(&format!("{key}:"))?;
    let rest = text[at + key.len() + 1..].trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let inner = &rest[1..];
    let end = inner.find(quote)?;
    Some(inner[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_links_go_through_its_embedded_hook_on_a_multilingual_site() {
        let files = FileSet::from_files([
            "site/hugo.yaml".to_string(),
            "site/content/docs/a.md".to_string(),
            "site/config/_default/hugo.toml".to_string(),
            "site/config/_default/languages.toml".to_string(),
        ]);
        let routes = |config: &str, languages: &str| {
            let sites = detect(
                &FileSet::from_files(["hugo.yaml".to_string(), "content/a.md".to_string()]),
                &|_| Some(config.to_string()),
                &[],
            );
            let single = sites.of("content/a.md").expect("a site").routes;
            // The same in `config/_default/`, with the languages in a file of their own.
            let sites = detect(
                &files,
                &|path| {
                    Some(if path.ends_with("languages.toml") {
                        languages.to_string()
                    } else {
                        config.to_string()
                    })
                },
                &[],
            );
            (
                single,
                sites.of("site/content/docs/a.md").expect("a site").routes,
            )
        };
        // docsy.dev's YAML (flow and block values, a comment after a key).
        let docsy = "title: x\nlanguages:\n  en:\n    label: English\n    params:\n      a: b\n  fr: # cSpell\n    label: F\nparams:\n  x: 1\n";
        assert!(routes(docsy, "").0);
        assert!(routes("languages:\n  en: {}\n  fr: {}\n", "").0);
        // One language, or nested keys of one: not multilingual.
        assert!(!routes("languages:\n  en:\n    weight: 1\n    fr: x\n", "").0);
        assert!(!routes("params:\n  languages:\n    en: 1\n    fr: 2\n", "").0);
        // TOML tables, and the hook turned off or duplicated resources.
        let toml = "[languages.en]\nweight = 1\n[languages.en.params]\nx = 1\n[languages.de]\n";
        assert!(routes(toml, "").0);
        let never = format!("{toml}[markup.goldmark.renderHooks.link]\nuseEmbedded = 'never'\n");
        assert!(!routes(&never, "").0);
        assert!(!routes(&format!("duplicateResourceFiles = true\n{toml}"), "").0);
        let always = "[markup.goldmark.renderHooks.link]\nuseEmbedded = 'always'\n";
        assert!(routes(always, "").0);
        // `config/_default/languages.toml`.
        assert_eq!(
            routes("baseURL = 'x'\n", "[en]\nweight = 1\n[fr]\nweight = 2\n"),
            (false, true)
        );
        assert_eq!(
            routes("baseURL = 'x'\n", "[en]\nweight = 1\n"),
            (false, false)
        );
    }

    #[test]
    fn the_ids_a_sites_page_templates_write_are_every_pages() {
        // rust-osdev/homepage: `templates/page.html` ends every page with the comment form.
        let files = FileSet::from_files([
            "config.toml".to_string(),
            "content/a.md".to_string(),
            "templates/page.html".to_string(),
            "templates/shortcodes/x.html".to_string(),
            "themes/t/templates/base.html".to_string(),
        ]);
        let read = |path: &str| {
            Some(match path {
                "config.toml" => "base_url = 'https://x'\ntheme = \"t\"\n".to_string(),
                "templates/page.html" => "<article>{{ page.content | safe }}</article>\n<h2 id=\"comment-form\">C</h2><div id=\"{{ page.slug }}\" class=x id='x-{{ y }}'>".to_string(),
                "themes/t/templates/base.html" => "<main  id = 'main'>".to_string(),
                _ => "<p id=\"shortcode\">".to_string(),
            })
        };
        let sites = detect(&files, &read, &[]);
        assert_eq!(
            sites.of("content/a.md").expect("a site").template_ids,
            ["comment-form", "main"]
        );
    }

    #[test]
    fn a_mystmd_project_is_read_as_myst() {
        let files = FileSet::from_files([
            "docs/myst.yml".to_string(),
            "docs/faq.md".to_string(),
            "other/myst.yml".to_string(),
            "other/a.md".to_string(),
        ]);
        let read = |path: &str| {
            Some(if path == "docs/myst.yml" {
                "version: 1\nproject:\n  toc:\n    - file: faq.md\nsite:\n  template: book-theme\n"
                    .to_string()
            } else {
                "version: 1\nsite:\n  title: x\n".to_string()
            })
        };
        let sites = detect(&files, &read, &[]);
        let site = sites.of("docs/faq.md").expect("a site");
        assert_eq!((site.generator, site.routes), (Generator::Sphinx, true));
        assert!(
            site.describe().contains("MyST (mystmd) (docs/myst.yml)"),
            "{}",
            site.describe()
        );
        // A `myst.yml` with no project is no site's.
        assert!(sites.of("other/a.md").is_none());
    }

    #[test]
    fn a_pmndrs_docs_workflow_makes_its_folder_a_site() {
        let files = FileSet::from_files([
            ".github/workflows/docs.yml".to_string(),
            ".github/workflows/test.yml".to_string(),
            "docs/guide.md".to_string(),
            "README.md".to_string(),
        ]);
        let read = |path: &str| {
            Some(
                match path {
                    ".github/workflows/docs.yml" => {
                        "jobs:\n  build:\n    uses: pmndrs/docs/.github/workflows/build.yml@v4\n    with:\n      mdx: 'docs'\n"
                    }
                    _ => "jobs: {}\n",
                }
                .to_string(),
            )
        };
        let sites = detect(&files, &read, &[]);
        let docs = sites.of("docs/guide.md").expect("a site");
        assert_eq!(docs.generator, Generator::Other(PMNDRS_DOCS));
        assert_eq!(docs.slugger, Slugger::Pmndrs);
        assert!(sites.of("README.md").is_none());
    }

    #[test]
    fn mkdocstrings_pages_make_an_mkdocs_site_without_its_config() {
        // pydantic-ai: `docs/api/agent.md` holds `::: pydantic_ai.agent`; MkDocs runs in
        // another repository.
        let files = FileSet::from_files([
            "README.md".to_string(),
            "docs/api/agent.md".to_string(),
            "docs/index.md".to_string(),
            "notes/api/plain.md".to_string(),
            "api/root.md".to_string(),
        ]);
        let read = |path: &str| {
            Some(
                match path {
                    "docs/api/agent.md" => "# `pkg.agent`\n\n::: pkg.agent\n    options:\n",
                    "api/root.md" => "::: pkg.root\n",
                    _ => "# Plain\n\nA ::: in prose, and\n::: not a name\n",
                }
                .to_string(),
            )
        };
        let sites = detect(&files, &read, &[]);
        let docs = sites.of("docs/index.md").expect("a site");
        assert_eq!(docs.generator, Generator::MkDocs);
        assert_eq!(docs.content, "docs");
        assert!(docs.outside_definitions);
        assert!(docs.templates);
        assert_eq!(docs.slugger, Slugger::PythonMarkdown { unicode: false });
        // No directive, or at the repository's root: no site.
        assert!(sites.of("notes/api/plain.md").is_none());
        assert!(sites.of("README.md").is_none());
    }

    #[test]
    fn an_mkdocs_config_of_another_name_is_read_with_what_it_inherits() {
        let files = FileSet::from_files([
            "mkdocs-common.yml".to_string(),
            "mkdocs-online.yml".to_string(),
            "mkdocs-nav.yml".to_string(),
            "mkdocs-data.yml".to_string(),
            "docs/a.md".to_string(),
            "site/a.md".to_string(),
        ]);
        let read = |path: &str| {
            Some(
                match path {
                    "mkdocs-common.yml" => "site_name: t\nplugins:\n  - mkdocstrings\n",
                    "mkdocs-online.yml" => "INHERIT: mkdocs-common.yml\n",
                    "mkdocs-nav.yml" => "INHERIT: ./mkdocs-online.yml\ndocs_dir: site\n",
                    // Not a configuration: data of another tool.
                    _ => "entries:\n  - a\n",
                }
                .to_string(),
            )
        };
        let text = mkdocs_inherited("mkdocs-nav.yml", &read);
        assert!(text.starts_with("INHERIT: ./mkdocs-online.yml\ndocs_dir: site\n"));
        assert!(text.contains("plugins:\n  - mkdocstrings"), "{text}");
        let sites = detect(&files, &read, &[]);
        let docs = sites.of("docs/a.md").expect("a site");
        assert_eq!(docs.generator, Generator::MkDocs);
        assert!(docs.outside_definitions, "mkdocstrings turns autorefs on");
        // The nav variant builds `site/`, inheriting the plugins.
        let site = sites.of("site/a.md").expect("a site");
        assert_eq!(site.config, "mkdocs-nav.yml");
        assert!(site.outside_definitions);
        assert_eq!(
            sites
                .iter()
                .filter(|s| s.generator == Generator::MkDocs)
                .count(),
            2,
            "one site per pages folder"
        );
    }

    #[test]
    fn well_known_mdbook_preprocessors_leave_braces_alone() {
        // rustc-dev-guide runs mdbook-mermaid only: `{{ VERSION }}` reaches its readers.
        assert!(!custom_preprocessor(
            "[book]\ntitle = 'x'\n[preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\n"
        ));
        assert!(!custom_preprocessor(
            "[preprocessor.links]\n[preprocessor.katex]\n"
        ));
        // One of the book's own, or a built-in given a command, may fill them.
        assert!(custom_preprocessor(
            "[preprocessor.mermaid]\n[preprocessor.vars]\n"
        ));
        assert!(custom_preprocessor(
            "[preprocessor.links]\ncommand = \"./x.py\"\n"
        ));
    }

    #[test]
    fn a_vitepress_src_dir_may_be_written_from_the_config_folder() {
        let expr = "  srcDir: fileURLToPath(new URL('../..', import.meta.url)),\n";
        assert_eq!(
            src_dir_from_config(expr, "docs/.vitepress").as_deref(),
            Some("")
        );
        let dirname = "  srcDir: path.resolve(__dirname, \"../src\"),\n";
        assert_eq!(
            src_dir_from_config(dirname, "site/.vitepress").as_deref(),
            Some("site/src")
        );
        assert_eq!(
            src_dir_from_config("  srcDir: 'src',\n", "docs/.vitepress"),
            None
        );
    }

    #[test]
    fn mkdocs_hooks_template_pages_only_when_they_rewrite_them() {
        let files = FileSet::from_files(
            ["mkdocs.yml", "docs/index.md", "docs/hooks/hide_lines.py"].map(String::from),
        );
        let site = |hook: Option<&str>| {
            let sites = detect(
                &files,
                &|p| match p {
                    "mkdocs.yml" => {
                        Some("site_name: x\nhooks:\n  - docs/hooks/hide_lines.py\n".into())
                    }
                    _ => hook.map(str::to_string),
                },
                &[],
            );
            let site = sites.of("docs/index.md").expect("a site");
            (site.templates, site.outside_definitions)
        };
        // instructor's hook only changes how code is highlighted.
        assert_eq!(
            site(Some("def on_config(config):\n    return config\n")),
            (false, false)
        );
        let markdown = "def on_page_markdown(markdown, **kwargs):\n    return markdown.replace('{{ v }}', '1')\n";
        assert_eq!(site(Some(markdown)), (true, true));
        // A hook that cannot be read may do anything.
        assert_eq!(site(None), (true, true));
    }

    #[test]
    fn yaml_scalars_take_an_env_tags_default() {
        let value = |text: &str| yaml_scalar(text, "docs_dir");
        assert_eq!(
            value("docs_dir: !ENV [BUILD_DOCS_DIR, \"src\"]\n").as_deref(),
            Some("src")
        );
        assert_eq!(
            value("docs_dir: !ENV [A, B, 'pages']\n").as_deref(),
            Some("pages")
        );
        assert_eq!(value("docs_dir: !ENV BUILD_DOCS_DIR\n"), None);
        assert_eq!(value("docs_dir: 'site'\n").as_deref(), Some("site"));
    }

    #[test]
    fn jekyll_front_matter_defaults_give_posts_their_permalink() {
        let two_space = "permalink: none\ndefaults:\n  - scope:\n      path: \"\"\n      type: posts\n    values:\n      permalink: /blog/:year/:title/\n";
        assert_eq!(
            posts_default_permalink(two_space),
            Some("/blog/:year/:title/")
        );
        // A bare `-` per item (as Jekyll's docs write them), four spaces deep; another
        // scope's permalink is not the posts'.
        let bare = "defaults:\n    -\n      scope:\n        path: \"\"\n        type: pages\n      values:\n        permalink: /:path/\n    -\n      scope:\n        type: posts\n      values:\n        layout: post\ntitle: x\n";
        assert_eq!(posts_default_permalink(bare), None);
        let narrow = "defaults:\n  - scope:\n      path: \"_posts/old\"\n      type: posts\n    values:\n      permalink: /old/:title/\n";
        assert_eq!(posts_default_permalink(narrow), None);
    }

    #[test]
    fn jekyll_posts_are_served_at_their_permalink() {
        // Jekyll's built-in styles (jekyllrb.com/docs/permalinks/#built-in-formats), `date`
        // by default; categories from the folders above `_posts/` and the front matter.
        let site = |permalink: Option<&str>| {
            let mut site = Site::new(Generator::Jekyll, "docs".into(), "docs/_config.yml".into());
            if let Some(p) = permalink {
                site.post_permalink = Some(p.to_string());
            }
            site
        };
        let none = |_: &str| None;
        let post = "docs/_posts/2012-07-30-leaflet-0-4-released.md";
        assert_eq!(
            site(None).post_url(post, &none).as_deref(),
            Some("2012/07/30/leaflet-0-4-released.html")
        );
        assert_eq!(
            site(Some("pretty")).post_url(post, &none).as_deref(),
            Some("2012/07/30/leaflet-0-4-released/index.html")
        );
        assert_eq!(
            site(Some("none"))
                .post_url("docs/news/_posts/2020-1-2-x.markdown", &none)
                .as_deref(),
            Some("news/x.html")
        );
        assert_eq!(
            site(Some("/blog/:year/:i_month/:title/"))
                .post_url("docs/_posts/2020-01-02-x.md", &none)
                .as_deref(),
            Some("blog/2020/1/x/index.html")
        );
        let front = |key: &str| match key {
            "categories" => Some("[release, web]".to_string()),
            "slug" => Some("out".to_string()),
            _ => None,
        };
        assert_eq!(
            site(None)
                .post_url("docs/_posts/2020-01-02-x.md", &front)
                .as_deref(),
            Some("release/web/2020/01/02/out.html")
        );
        let own = |key: &str| (key == "permalink").then(|| "/about/".to_string());
        assert_eq!(
            site(None)
                .post_url("docs/_posts/2020-01-02-x.md", &own)
                .as_deref(),
            Some("about/index.html")
        );
        // A permalink never leads above the site.
        let climbing = |key: &str| (key == "permalink").then(|| "/../../x/".to_string());
        assert_eq!(
            site(None).post_url("docs/a.md", &climbing).as_deref(),
            Some("x/index.html")
        );
        // A page with a permalink of its own is served there.
        let home = |key: &str| (key == "permalink").then(|| "/".to_string());
        assert_eq!(
            site(None).post_url("docs/pages/home.md", &home).as_deref(),
            Some("index.html")
        );
        // Not a post: no date in its name, not in `_posts/`, another site.
        assert_eq!(site(None).post_url("docs/_posts/notes.md", &none), None);
        assert_eq!(site(None).post_url("docs/2020-01-02-x.md", &none), None);
        let hugo = Site::new(Generator::Hugo, "docs".into(), "hugo.toml".into());
        assert_eq!(hugo.post_url(post, &none), None);
    }

    #[test]
    fn mkdocs_language_selectors_name_translation_folders() {
        let config = "extra:\n  alternate:\n  - link: /\n    name: en\n  - link: /de/\n    name: de\n  - name: fr\n    link: /fr/\n  social: []\nnav:\n  - link: /x/\n";
        assert_eq!(mkdocs_alternates(config), ["de", "fr"]);
    }

    #[test]
    fn hugo_mounts_are_read_from_yaml_and_toml() {
        let yaml = "module:\n  hugoVersion:\n    min: 1\n  mounts:\n    # French\n    - source: content/fr\n      target: content\n      sites: { matrix: { languages: [fr] } }\n    - target: \"content/r.md\" # after\n      source: &x ../R.md\nparams:\n  source: no\n";
        assert_eq!(
            hugo_mounts(yaml),
            [
                ("content/fr".to_string(), "content".to_string()),
                ("../R.md".to_string(), "content/r.md".to_string())
            ]
        );
        let toml = "[module]\n  [[module.mounts]]\n    source = 'content/en'\n    target = 'content'\n    [module.mounts.sites.matrix]\n      languages = ['en']\n  [[module.mounts]]\n    source = \"assets\"\n    target = \"assets\"\n[params]\nsource = 'x'\ntarget = 'y'\n";
        assert_eq!(
            hugo_mounts(toml),
            [
                ("content/en".to_string(), "content".to_string()),
                ("assets".to_string(), "assets".to_string())
            ]
        );
        // A list at the key's own indentation.
        assert_eq!(
            hugo_mounts("mounts:\n- source: a\n  target: content\nx: 1\n").len(),
            1
        );
    }

    #[test]
    fn markdown_in_a_hugo_sites_layouts_is_a_template_not_a_page() {
        let files = FileSet::from_files([
            "docsy.dev/config/_default/hugo.yaml".to_string(),
            "docsy.dev/content/en/_index.md".to_string(),
            "theme/hugo.yaml".to_string(),
        ]);
        let sites = detect(
            &files,
            &|path| {
                Some(if path.starts_with("theme/") {
                    "layoutDir: tpl\n".into()
                } else {
                    String::new()
                })
            },
            &[],
        );
        assert!(sites.in_layouts("docsy.dev/layouts/_shortcodes/release-summary.md"));
        assert!(sites.in_layouts("docsy.dev/themes/docsy/layouts/all.md"));
        assert!(sites.in_layouts("theme/tpl/all.md"));
        assert!(!sites.in_layouts("theme/layouts/all.md"));
        assert!(!sites.in_layouts("docsy.dev/layouts"));
        assert!(!sites.in_layouts("docsy.dev/content/en/layouts.md"));
        assert!(!sites.in_layouts("layouts/all.md"));
    }

    #[test]
    fn a_vitepress_slugify_of_the_projects_own_is_read_when_it_is_mdit_vues_steps() {
        // pinia's `packages/docs/.vitepress/config/shared.ts`.
        let pinia = r#"
const rControl = /[\u0000-\u001f]/g
const rSpecial = /[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g
const rCombining = /[\u0300-\u036F]/g
export const slugify = (str: string): string =>
  str
    .normalize('NFKD')
    .replace(rCombining, '')
    .replace(rControl, '')
    .replace(rSpecial, '-')
    .replace(/^(\d)/, '_$1')
export const sharedConfig = defineConfig({ markdown: { anchor: { slugify } } })
"#;
        let files = FileSet::from_files([
            "docs/.vitepress/config.ts".to_string(),
            "docs/a.md".to_string(),
        ]);
        let sites = detect(&files, &|_| Some(pinia.to_string()), &[]);
        let site = sites.of("docs/a.md").expect("a site");
        assert_eq!(
            site.slugger,
            Slugger::VitePressOwn {
                lower: false,
                trim: false
            }
        );
        assert!(!site.custom_slugify);
        // A `toLowerCase()` elsewhere in the config is not the function's.
        let more = format!("{pinia}\nconst sidebar = (s: string) => s.toLowerCase()\n");
        let sites = detect(&files, &|_| Some(more.clone()), &[]);
        assert_eq!(
            sites.of("docs/a.md").expect("a site").slugger,
            Slugger::VitePressOwn {
                lower: false,
                trim: false
            }
        );
        // A function of other characters is not known: compared loosely, as before.
        let other = pinia.replace("const rSpecial = /[\\s~", "const rSpecial = /[\\s");
        let sites = detect(&files, &|_| Some(other.clone()), &[]);
        let site = sites.of("docs/a.md").expect("a site");
        assert_eq!(site.slugger, Slugger::VitePress);
        assert!(site.custom_slugify);
    }

    #[test]
    fn no_config_text_makes_detection_panic() {
        // Pieces of every config relman reads, with characters of 2 to 4 bytes between
        // them, cut and joined at random (deterministic), as every config file at once.
        let pieces = [
            "contentDir",
            "autoHeadingIDType",
            "slugify:",
            "srcDir:",
            "base:",
            "toc:",
            "markdown_extensions:",
            "use_directory_urls",
            "routeBasePath:",
            "path:",
            "[markup.goldmark.parser]",
            "auto_ids",
            "auto_id_prefix",
            "myst_parser",
            "makedocs",
            "title:",
            " = ",
            ": ",
            "'",
            "\"",
            "`",
            "\n",
            "  ",
            "🇬🇧",
            "é",
            "€",
            "日本",
            "{",
            "}",
            "[",
            "]",
            "#",
            "-",
            "substitution",
            "pymdownx.slugs",
            "kwds: {case: lower}",
            "docs",
            "./",
            "../",
        ];
        let names = [
            "mkdocs.yml",
            "hugo.toml",
            "config.toml",
            "_config.yml",
            "book.toml",
            "docusaurus.config.js",
            "docs/.vitepress/config.ts",
            "astro.config.mjs",
            "conf.py",
            "docs/make.jl",
            "config.yml",
        ];
        let mut state: u64 = 7;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap() % n
        };
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..next(40) {
                text.push_str(pieces[next(pieces.len())]);
            }
            let files: Vec<(&str, &str)> = names
                .iter()
                .map(|n| (*n, text.as_str()))
                .chain([("docs/a.md", "# A\n"), ("content/b.md", "# B\n")])
                .collect();
            let found = sites(&files, &[]);
            for site in found.iter() {
                let _ = (site.summary(), site.describe(), site.open_page(&text));
            }
        }
    }

    #[test]
    fn a_config_line_of_wide_characters_is_read_without_a_panic() {
        // gobuffalo/docs' config.yml: `title: 🇬🇧 EN`, where no character boundary falls
        // at the length of `contentDir`.
        let text = "languages:\n  en:\n    title: 🇬🇧 EN\ncontentDir: pages\n";
        assert_eq!(config_value(text, "contentDir").as_deref(), Some("pages"));
        assert_eq!(config_value("🇬🇧🇬🇧🇬🇧: x\n", "contentDir"), None);
    }

    #[test]
    fn a_hugo_page_is_open_when_it_calls_a_shortcode_not_when_it_shows_one() {
        let hugo = Site::new(Generator::Hugo, "content".into(), "hugo.toml".into());
        assert!(hugo.open_page("# A\n\n{{% readFile \"x.md\" %}}\n"));
        assert!(hugo.open_page("# A\n\n{{< tabs >}}\n"));
        // kind's contributing guide shows its shortcodes: `{{</* absURL "x" */>}}`.
        assert!(!hugo.open_page(
            "# A\n\nUsage: `{{</* absURL \"x\" */>}}` and `{{%/* readFile \"y\" */%}}`\n"
        ));
    }

    #[test]
    fn an_mdx_page_is_open_when_it_imports_markdown_outside_code() {
        assert!(imports_markdown(
            "# A\n\nimport Intro from './_intro.mdx';\n\n<Intro />\n"
        ));
        assert!(imports_markdown(
            "import Shared from \"@site/docs/_shared.md\";\n"
        ));
        assert!(!imports_markdown(
            "import TOCInline from '@theme/TOCInline';\n"
        ));
        assert!(!imports_markdown(
            "```js\nimport x from './x.md';\n```\n\n~~~~\nimport y from 'y.mdx'\n~~~~\n"
        ));
    }

    fn sites(files: &[(&str, &str)], overrides: &[(&str, &str)]) -> Sites {
        let set = FileSet::from_files(files.iter().map(|(p, _)| (*p).to_string()));
        let read = |p: &str| {
            files
                .iter()
                .find(|(f, _)| *f == p)
                .map(|(_, t)| (*t).to_string())
        };
        let overrides: Vec<(String, String)> = overrides
            .iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect();
        detect(&set, &read, &overrides)
    }

    #[test]
    fn every_name_the_configuration_accepts_is_a_generator() {
        for name in crate::settings::GENERATOR_NAMES {
            assert_eq!(
                Generator::parse(name).is_some(),
                *name != "github",
                "{name}"
            );
        }
        assert_eq!(
            Generator::parse("nuxt-content"),
            Some(Generator::Other(NUXT_CONTENT))
        );
        assert_eq!(Generator::parse("Zola"), Some(Generator::Other(ZOLA)));
    }

    #[test]
    fn a_properdocs_config_is_an_mkdocs_site() {
        // cibuildwheel builds its docs with ProperDocs, MkDocs' fork, from `properdocs.yml`.
        let s = sites(
            &[
                ("properdocs.yml", "site_name: x\n"),
                ("docs/options.md", ""),
            ],
            &[],
        );
        assert_eq!(
            s.of("docs/options.md").map(|s| s.generator),
            Some(Generator::MkDocs)
        );
    }

    #[test]
    fn a_zensical_yml_is_an_mkdocs_site_and_its_appended_snippets_count() {
        // facelessuser/pymdown-extensions: `zensical build -f zensical.yml`.
        let s = sites(
            &[
                (
                    "zensical.yml",
                    "site_name: x\ndocs_dir: docs/src/markdown\nmarkdown_extensions:\n  - pymdownx.snippets:\n      auto_append:\n        - refs.md\n",
                ),
                ("docs/src/markdown/index.md", ""),
                ("zensical-notes.yml", "- a list, no site\n"),
            ],
            &[],
        );
        let site = s.of("docs/src/markdown/index.md").expect("a site");
        assert_eq!(site.generator, Generator::MkDocs);
        assert!(site.outside_definitions);
        assert_eq!(s.iter().count(), 1);
        // The same in `zensical.toml`.
        let s = sites(
            &[
                (
                    "zensical.toml",
                    "[project]\nsite_name = 'x'\n[project.markdown_extensions.'pymdownx.snippets']\nauto_append = ['refs.md']\n",
                ),
                ("docs/index.md", ""),
            ],
            &[],
        );
        assert!(s.of("docs/index.md").expect("a site").outside_definitions);
        // TOML 1.1, as Zensical's parser reads it (prefix-dev/pixi): an inline table over
        // several lines, with a trailing comma.
        let s = sites(
            &[
                (
                    "zensical.toml",
                    "[project]\nsite_name = 'x'\nnav = [\n  {\n    'Guide' = [\n      { 'Setup' = 'setup.md' },\n    ]\n  },\n]\n",
                ),
                ("docs/index.md", ""),
            ],
            &[],
        );
        assert_eq!(
            s.of("docs/index.md").map(|s| s.generator),
            Some(Generator::MkDocs)
        );
    }

    #[test]
    fn the_labels_that_appended_snippets_define_are_known() {
        // pymdown-extensions: `auto_append: [refs.md]` under `base_path`, refs.md pasting
        // links.md and abbr.md.
        let s = sites(
            &[
                (
                    "mkdocs.yml",
                    "site_name: x\ndocs_dir: docs/src/markdown\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path:\n      - docs/src/markdown/.snippets\n      - LICENSE.md\n      auto_append:\n      - refs.md\n      check_paths: true\n",
                ),
                ("docs/src/markdown/index.md", ""),
                (
                    "docs/src/markdown/.snippets/refs.md",
                    "--8<--\nlinks.md\nLICENSE.md\n--8<--\n",
                ),
                (
                    "docs/src/markdown/.snippets/links.md",
                    "[MkDocs]: https://www.mkdocs.org\n[attr  List]: https://x\n",
                ),
                ("LICENSE.md", "[spdx]: https://spdx.org\n"),
            ],
            &[],
        );
        let site = s.of("docs/src/markdown/index.md").expect("a site");
        assert!(!site.outside_definitions);
        assert_eq!(site.appended_labels, ["attr list", "mkdocs", "spdx"]);
        // pymdownx's own markers and a section suffix; a URL leaves the labels unknown.
        assert_eq!(snippet_marker("-8<-"), Some(""));
        assert_eq!(
            snippet_marker("---8<--- \"a.md:refs\""),
            Some("\"a.md:refs\"")
        );
        assert_eq!(snippet_marker("8<"), None);
        let s = sites(
            &[
                (
                    "mkdocs.yml",
                    "site_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n      auto_append: [refs.md]\n",
                ),
                ("docs/index.md", ""),
                ("refs.md", "-8<-\nlinks.md:refs\n-8<-\n"),
                ("links.md", "[mkdocs]:\n  https://www.mkdocs.org\n"),
            ],
            &[],
        );
        assert_eq!(
            s.of("docs/index.md").expect("a site").appended_labels,
            ["mkdocs"]
        );
        let s = sites(
            &[
                (
                    "mkdocs.yml",
                    "site_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n      auto_append: [refs.md]\n",
                ),
                ("docs/index.md", ""),
                ("refs.md", "--8<-- \"https://example.com/links.md\"\n"),
            ],
            &[],
        );
        assert!(s.of("docs/index.md").expect("a site").outside_definitions);
        // A file that cannot be found: any label may be defined.
        let s = sites(
            &[
                (
                    "mkdocs.yml",
                    "site_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n      auto_append: [gone.md]\n",
                ),
                ("docs/index.md", ""),
            ],
            &[],
        );
        assert!(s.of("docs/index.md").expect("a site").outside_definitions);
    }

    #[test]
    fn a_hugo_config_the_build_writes_from_a_template_counts() {
        // numpy.org: `config.yaml.in`, filled by gen_config.py; `config.yaml` git-ignored.
        let s = sites(
            &[
                (
                    "config.yaml.in",
                    "baseURL: https://numpy.org/\ntheme: scientific\n",
                ),
                ("content/en/news.md", ""),
            ],
            &[],
        );
        assert_eq!(
            s.of("content/en/news.md").map(|s| s.generator),
            Some(Generator::Hugo)
        );
    }

    #[test]
    fn a_hugo_site_has_a_content_folder_per_language() {
        // hugo-book's exampleSite: `contentDir` in each `[languages.*]` table.
        let s = sites(
            &[
                (
                    "exampleSite/hugo.toml",
                    "baseURL = 'https://example.com/'\n[languages.en]\ncontentDir = 'content.en'\n[languages.zh]\ncontentDir = 'content.zh'\n",
                ),
                ("exampleSite/content.en/a.md", ""),
                ("exampleSite/content.zh/a.md", ""),
            ],
            &[],
        );
        for page in ["exampleSite/content.en/a.md", "exampleSite/content.zh/a.md"] {
            assert_eq!(
                s.of(page).map(|s| s.generator),
                Some(Generator::Hugo),
                "{page}"
            );
        }
        assert_eq!(
            s.of("exampleSite/content.zh/a.md")
                .map(|s| s.content.as_str()),
            Some("exampleSite/content.zh")
        );
    }

    #[test]
    fn each_generator_is_found_from_its_files() {
        let s = sites(
            &[
                (
                    "docs/.vitepress/config.ts",
                    "export default { base: '/x/' }",
                ),
                ("docs/guide.md", ""),
                (
                    "site/mkdocs.yml",
                    "site_name: x\ndocs_dir: pages\nplugins:\n  - search\n  - macros\n",
                ),
                ("site/pages/index.md", ""),
                (
                    "website/docusaurus.config.js",
                    "presets: [['classic', { docs: { path: '../guides', basePath: 'x' }, blog: { path: 'blog' } }]]",
                ),
                ("website/docs/intro.md", ""),
                ("guides/outside.md", ""),
                ("book/book.toml", "[book]\nsrc = \"chapters\"\n"),
                ("book/chapters/a.md", ""),
                (
                    "hugo/hugo.toml",
                    "[markup.goldmark.parser]\nautoHeadingIDType = 'blackfriday'\n",
                ),
                ("hugo/content/a.md", ""),
                (
                    "blog/_config.yml",
                    "kramdown:\n  input: kramdown\n  auto_id_prefix: id-\n",
                ),
                ("blog/a.md", ""),
                (
                    "star/astro.config.mjs",
                    "import starlight from '@astrojs/starlight'",
                ),
                ("star/src/content/docs/a.md", ""),
                ("py/conf.py", "extensions = ['myst_parser']"),
                ("py/a.md", ""),
                ("README.md", ""),
            ],
            &[],
        );
        let g = |p: &str| s.of(p).map(|s| s.generator);
        assert_eq!(g("docs/guide.md"), Some(Generator::VitePress));
        assert_eq!(g("site/pages/index.md"), Some(Generator::MkDocs));
        assert!(s.of("site/README.md").is_none(), "outside docs_dir");
        assert!(s.of("site/pages/index.md").is_some_and(|s| s.templates));
        assert_eq!(g("website/docs/intro.md"), Some(Generator::Docusaurus));
        assert_eq!(
            g("guides/outside.md"),
            Some(Generator::Docusaurus),
            "its docs path"
        );
        assert_eq!(g("book/chapters/a.md"), Some(Generator::MdBook));
        assert!(s.of("book/README.md").is_none(), "outside src");
        assert_eq!(g("hugo/content/a.md"), Some(Generator::Hugo));
        assert_eq!(
            s.slugger("hugo/content/a.md"),
            &Slugger::Goldmark(IdType::Blackfriday)
        );
        assert_eq!(g("blog/a.md"), Some(Generator::Jekyll));
        assert_eq!(
            s.slugger("blog/a.md"),
            &Slugger::Kramdown {
                prefix: "id-".to_string()
            }
        );
        assert_eq!(g("star/src/content/docs/a.md"), Some(Generator::Starlight));
        assert_eq!(g("py/a.md"), Some(Generator::Sphinx));
        assert_eq!(g("README.md"), None);
        assert_eq!(s.slugger("README.md"), &Slugger::GitHub);
    }

    #[test]
    fn a_file_a_myst_page_includes_is_read_as_a_page_of_its_site() {
        let s = sites(
            &[
                ("docs/conf.py", "extensions = [\"myst_parser\"]\n"),
                (
                    "docs/develop/_changelog.md",
                    "```{include} ../../CHANGELOG.md\n```\n",
                ),
                (
                    "docs/readme.md",
                    "```{include} ../README.md\n:relative-docs: docs/\n```\n",
                ),
                ("CHANGELOG.md", "# Changelog\n"),
                ("README.md", "# R\n"),
                ("CONTRIBUTING.md", "# C\n"),
            ],
            &[],
        );
        assert_eq!(
            s.of("CHANGELOG.md").map(|s| s.generator),
            Some(Generator::Sphinx)
        );
        assert_eq!(
            s.of("README.md").map(|s| s.generator),
            Some(Generator::Sphinx)
        );
        assert_eq!(s.of("CONTRIBUTING.md").map(|s| s.generator), None);
    }

    #[test]
    fn options_that_change_anchors_are_read() {
        let s = sites(
            &[(
                "mkdocs.yml",
                "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n",
            )],
            &[],
        );
        assert_eq!(s.slugger("docs/a.md"), &Slugger::Pymdownx { lower: true });
        // The same as a flow mapping (pymdown-extensions' own config).
        let s = sites(
            &[(
                "mkdocs.yml",
                "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n      permalink: true\n",
            )],
            &[],
        );
        assert_eq!(s.slugger("docs/a.md"), &Slugger::Pymdownx { lower: true });
        let s = sites(
            &[(
                "mkdocs.yml",
                "markdown_extensions:\n  - toc:\n      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n",
            )],
            &[],
        );
        assert_eq!(
            s.slugger("docs/a.md"),
            &Slugger::PythonMarkdown { unicode: true }
        );
        assert!(custom_preprocessor(
            "[book]\ntitle = \"x\"\n\n[preprocessor.guide-helper]\ncommand = \"cargo run\"\n"
        ));
        assert!(!custom_preprocessor(
            "[preprocessor.links]\n\n[output.html]\ncommand = \"x\"\n"
        ));
        // Another extension's `slugify` is not toc's (mkdocs-material's own mkdocs.yml).
        let s = sites(
            &[(
                "mkdocs.yml",
                "markdown_extensions:\n  - toc:\n      permalink: true\n  - pymdownx.tabbed:\n      alternate_style: true\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n",
            )],
            &[],
        );
        assert_eq!(
            s.slugger("docs/a.md"),
            &Slugger::PythonMarkdown { unicode: false }
        );
        // Its tabs have slugged ids, not combined with their heading's.
        assert_eq!(s.of("docs/a.md").and_then(|s| s.tab_ids), Some(false));
        let combined = sites(
            &[(
                "mkdocs.yml",
                "markdown_extensions:\n  - pymdownx.tabbed:\n      combine_header_slug: true\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n",
            )],
            &[],
        );
        assert_eq!(combined.of("docs/a.md").and_then(|s| s.tab_ids), Some(true));
        let plain = sites(
            &[("mkdocs.yml", "markdown_extensions:\n  - pymdownx.tabbed\n")],
            &[],
        );
        assert_eq!(plain.of("docs/a.md").and_then(|s| s.tab_ids), None);
        let s = sites(
            &[(
                "docs/.vitepress/config.mts",
                "export default defineConfig({ srcDir: './src' })",
            )],
            &[],
        );
        assert_eq!(
            s.of("docs/src/a.md").map(|s| s.generator),
            Some(Generator::VitePress)
        );
        assert!(s.of("docs/a.md").is_none());
    }

    #[test]
    fn a_config_toml_is_hugos_only_with_hugo_keys_and_content() {
        let s = sites(
            &[
                ("config.toml", "baseURL = 'https://x'\n"),
                ("content/a.md", ""),
            ],
            &[],
        );
        assert_eq!(
            s.of("content/a.md").map(|s| s.generator),
            Some(Generator::Hugo)
        );
        let s = sites(
            &[("config.toml", "[tool]\nname = 1\n"), ("content/a.md", "")],
            &[],
        );
        assert!(s.is_empty());
    }

    #[test]
    fn the_deepest_site_wins_and_the_configuration_overrides() {
        let s = sites(
            &[
                ("_config.yml", ""),
                ("docs/.vitepress/config.js", ""),
                ("docs/a.md", ""),
                ("a.md", ""),
            ],
            &[("guide", "mkdocs"), ("docs", "github")],
        );
        assert_eq!(s.of("a.md").map(|s| s.generator), Some(Generator::Jekyll));
        assert_eq!(s.slugger("docs/a.md"), &Slugger::GitHub);
        assert_eq!(
            s.of("guide/a.md").map(|s| s.generator),
            Some(Generator::MkDocs)
        );
    }

    #[test]
    fn vendored_sites_are_not_sites() {
        let s = sites(&[("node_modules/x/docusaurus.config.js", "")], &[]);
        assert!(s.is_empty());
    }
}
