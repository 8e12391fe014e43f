//! Translated pages and the pages they translate. A documentation site in several languages
//! keeps one page per language at a mirrored path: a locale folder (`docs/es-ES/config/…` for
//! `docs/config/…`, Starlight's `src/content/docs/fr/…`), a locale suffix (`README.zh-CN.md`
//! for `README.md`, Hugo's and mkdocs-static-i18n's `page.fr.md`) or Docusaurus's
//! `i18n/<locale>/docusaurus-plugin-content-docs/current/…` for `docs/…`. A rule that reads
//! words (which version a table row or a sentence speaks of) cannot read every language; it
//! can compare a translation with its original, whose words it reads. No I/O: the paths come
//! from the file set.

use super::files::FileSet;

/// ISO 639-1 language codes (and the three-letter codes sites use for languages without
/// one), the bare names of locale folders and suffixes.
const LANGUAGES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs \
    ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl \
    gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl \
    km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb \
    nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg \
    si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur \
    uz ve vi vo wa wo xh yi yo za zh zu ckb fil haw yue";

/// The languages a site's original pages are written in when they have a folder of their
/// own (`docs/en/…` beside `docs/fr/…`).
const ORIGINALS: &[&str] = &["en", "en-US", "en-us", "en_US", "en-GB", "en-gb"];

/// The page `path` translates, when `path` is a translated page and that page exists.
pub(crate) fn original(path: &str, files: &FileSet) -> Option<String> {
    docusaurus(path, files)
        .or_else(|| by_folder(path, files))
        .or_else(|| by_suffix(path, files))
}

/// Whether `name` has the shape of a locale that cannot be anything else: a language with a
/// region or script in their usual case (`es-ES`, `pt_BR`, `zh-Hans`, `es-419`, `ckb-IR`).
fn is_regional_locale(name: &str) -> bool {
    let Some((language, rest)) = name.split_once(['-', '_']) else {
        return false;
    };
    let language_ok = (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && is_language(language);
    let region_ok = (rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_uppercase()))
        || (rest.len() == 3 && rest.bytes().all(|b| b.is_ascii_digit()))
        || (rest.len() == 4
            && rest.as_bytes()[0].is_ascii_uppercase()
            && rest.bytes().skip(1).all(|b| b.is_ascii_lowercase()));
    language_ok && region_ok
}

fn is_language(code: &str) -> bool {
    LANGUAGES.split_ascii_whitespace().any(|c| c == code)
}

/// Whether `name` may be a locale: a regional one, a bare language code (`fr`) or one with a
/// lower-case region (`pt-br`, `zh-cn`).
fn maybe_locale(name: &str) -> bool {
    if is_regional_locale(name) {
        return true;
    }
    let (language, region) = match name.split_once(['-', '_']) {
        Some((l, r)) => (l, Some(r)),
        None => (name, None),
    };
    is_language(language)
        && region
            .is_none_or(|r| (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_lowercase()))
}

fn is_original_language(name: &str) -> bool {
    ORIGINALS.contains(&name)
}

/// `docs/es-ES/config/README.md` → `docs/config/README.md`; `docs/fr/x.md` → `docs/x.md` or
/// `docs/en/x.md`. A bare code (`fr`, `pt-br`) is a locale only beside another folder that
/// may be one, so that a `docs/it/` of integration tests is not taken for Italian.
fn by_folder(path: &str, files: &FileSet) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate().take(parts.len().saturating_sub(1)) {
        if is_original_language(part) || !maybe_locale(part) {
            continue;
        }
        let parent = parts[..i].join("/");
        if !is_regional_locale(part) && !has_other_locale(files, &parent, part) {
            continue;
        }
        let rest = parts[i + 1..].join("/");
        let join = |middle: &str| {
            [parent.as_str(), middle, rest.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("/")
        };
        let candidates =
            std::iter::once(join("")).chain(ORIGINALS.iter().map(|language| join(language)));
        for candidate in candidates {
            if candidate != path && files.is_file(&candidate) {
                return Some(candidate);
            }
        }
    }
    None
}

/// Whether folder `parent` holds a folder named by a language code besides `except` (looked
/// up by name: the listing of a lint of changed files is not read whole).
fn has_other_locale(files: &FileSet, parent: &str, except: &str) -> bool {
    LANGUAGES
        .split_ascii_whitespace()
        .filter(|code| *code != except)
        .any(|code| {
            if parent.is_empty() {
                files.is_dir(code)
            } else {
                files.is_dir(&format!("{parent}/{code}"))
            }
        })
}

/// `README.zh-CN.md` → `README.md`, `page.fr.md` → `page.md`.
fn by_suffix(path: &str, files: &FileSet) -> Option<String> {
    let (stem, extension) = path.rsplit_once('.')?;
    let (name, locale) = stem.rsplit_once('.')?;
    if name.is_empty() || name.ends_with('/') || is_original_language(locale) {
        return None;
    }
    if !maybe_locale(locale) {
        return None;
    }
    let candidate = format!("{name}.{extension}");
    files.is_file(&candidate).then_some(candidate)
}

/// Docusaurus: `i18n/<locale>/docusaurus-plugin-content-docs/current/x.md` → `docs/x.md`,
/// `…-docs/version-1.0/x.md` → `versioned_docs/version-1.0/x.md`,
/// `…-docs-<id>/current/x.md` → `<id>/x.md`, `…-blog/x.md` → `blog/x.md`.
fn docusaurus(path: &str, files: &FileSet) -> Option<String> {
    let at = if path.starts_with("i18n/") {
        0
    } else {
        path.find("/i18n/")? + 1
    };
    let site = &path[..at];
    let mut parts = path[at + "i18n/".len()..].splitn(3, '/');
    let (_locale, plugin, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let candidate = if plugin == "docusaurus-plugin-content-blog" {
        format!("{site}blog/{rest}")
    } else {
        let id = plugin.strip_prefix("docusaurus-plugin-content-docs")?;
        let (version, rest) = rest.split_once('/')?;
        match (id.strip_prefix('-'), version) {
            (None, "current") => format!("{site}docs/{rest}"),
            (None, version) => format!("{site}versioned_docs/{version}/{rest}"),
            (Some(id), "current") => format!("{site}{id}/{rest}"),
            (Some(id), version) => format!("{site}{id}_versioned_docs/{version}/{rest}"),
        }
    };
    files.is_file(&candidate).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[&str]) -> FileSet {
        FileSet::from_files(files.iter().map(|f| (*f).to_string()))
    }

    #[test]
    fn a_regional_locale_folder_mirrors_the_page_without_it() {
        let files = set(&[
            "docs/config/README.md",
            "docs/es-ES/config/README.md",
            "docs/ckb-IR/config/README.md",
            "docs/zh-Hans/config/README.md",
        ]);
        for translated in [
            "docs/es-ES/config/README.md",
            "docs/ckb-IR/config/README.md",
            "docs/zh-Hans/config/README.md",
        ] {
            assert_eq!(
                original(translated, &files).as_deref(),
                Some("docs/config/README.md"),
                "{translated}"
            );
        }
        assert_eq!(original("docs/config/README.md", &files), None);
    }

    #[test]
    fn a_bare_language_folder_counts_only_beside_another_locale() {
        let alone = set(&["docs/it/setup.md", "docs/setup.md"]);
        assert_eq!(original("docs/it/setup.md", &alone), None);
        let languages = set(&[
            "src/content/docs/guide.md",
            "src/content/docs/fr/guide.md",
            "src/content/docs/de/guide.md",
        ]);
        assert_eq!(
            original("src/content/docs/fr/guide.md", &languages).as_deref(),
            Some("src/content/docs/guide.md")
        );
    }

    #[test]
    fn an_english_folder_is_the_original() {
        let files = set(&["docs/en/a.md", "docs/fr/a.md", "docs/zh-cn/a.md"]);
        assert_eq!(
            original("docs/fr/a.md", &files).as_deref(),
            Some("docs/en/a.md")
        );
        assert_eq!(
            original("docs/zh-cn/a.md", &files).as_deref(),
            Some("docs/en/a.md")
        );
        assert_eq!(original("docs/en/a.md", &files), None);
    }

    #[test]
    fn a_locale_suffix_mirrors_the_file_without_it() {
        let files = set(&[
            "README.md",
            "README.zh-CN.md",
            "content/page.fr.md",
            "content/page.md",
        ]);
        assert_eq!(
            original("README.zh-CN.md", &files).as_deref(),
            Some("README.md")
        );
        assert_eq!(
            original("content/page.fr.md", &files).as_deref(),
            Some("content/page.md")
        );
        // Not a locale, or no original.
        let other = set(&["notes.draft.md", "notes.md", "x.de.md"]);
        assert_eq!(original("notes.draft.md", &other), None);
        assert_eq!(original("x.de.md", &other), None);
    }

    #[test]
    fn docusaurus_i18n_pages_mirror_the_docs_and_the_blog() {
        let files = set(&[
            "website/docs/intro.md",
            "website/versioned_docs/version-1.0/intro.md",
            "website/blog/2024-01-01-hello.md",
            "website/community/help.md",
        ]);
        for (translated, expected) in [
            (
                "website/i18n/fr/docusaurus-plugin-content-docs/current/intro.md",
                "website/docs/intro.md",
            ),
            (
                "website/i18n/fr/docusaurus-plugin-content-docs/version-1.0/intro.md",
                "website/versioned_docs/version-1.0/intro.md",
            ),
            (
                "website/i18n/ja/docusaurus-plugin-content-blog/2024-01-01-hello.md",
                "website/blog/2024-01-01-hello.md",
            ),
            (
                "website/i18n/ja/docusaurus-plugin-content-docs-community/current/help.md",
                "website/community/help.md",
            ),
        ] {
            assert_eq!(original(translated, &files).as_deref(), Some(expected));
        }
    }
}
