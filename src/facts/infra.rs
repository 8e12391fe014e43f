//! Infrastructure files among a range's changes: container builds, compose files, Helm
//! charts (with their `version` and `appVersion` before and after), Kubernetes manifests,
//! Terraform, Pulumi, platform files (Procfile, fly.toml, …) and CI/CD workflows.

use std::collections::HashMap;

use serde::Serialize;

use super::{basename, parent, text, Change, Source, Status};

/// An infrastructure file the release changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Infra {
    pub(crate) path: String,
    /// `docker`, `compose`, `helm`, `kubernetes`, `terraform`, `pulumi`, `platform`, `ci` or
    /// `configured`.
    pub(crate) kind: &'static str,
    pub(crate) status: Status,
}

/// A Helm chart whose Chart.yaml changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Chart {
    /// The chart's folder.
    pub(crate) path: String,
    pub(crate) name: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) previous_version: Option<String>,
    pub(crate) app_version: Option<String>,
    pub(crate) previous_app_version: Option<String>,
}

/// The infrastructure files among `changes`, and the charts among them.
pub(crate) fn detect(
    changes: &[Change],
    source: &dyn Source,
    configured: Option<&globset::GlobSet>,
) -> (Vec<Infra>, Vec<Chart>) {
    let mut files = Vec::new();
    let mut charts = Vec::new();
    // Whether a folder holds a chart: every changed Chart.yaml's, then each folder asked.
    let mut chart_dirs: HashMap<String, bool> = changes
        .iter()
        .filter(|c| basename(&c.path) == "Chart.yaml")
        .map(|c| (parent(&c.path).to_string(), true))
        .collect();
    for change in changes {
        let mut kind = kind_of(&change.path);
        if kind.is_none() {
            kind = in_chart(&change.path, source, &mut chart_dirs).then_some("helm");
        }
        // YAML that reads as a Kubernetes manifest, but not a test's or an example's.
        let sample = change.path.split('/').any(|s| {
            matches!(
                s,
                "test" | "tests" | "testdata" | "fixtures" | "examples" | "samples" | "e2e"
            )
        });
        if kind.is_none() && is_yaml(&change.path) && !sample {
            let id = change.new.as_ref().or(change.old.as_ref());
            kind = text(source, id).and_then(|t| {
                if is_manifest(&t) {
                    Some("kubernetes")
                } else if t.lines().any(|l| l.trim_end() == "services:")
                    && t.lines().any(|l| l.trim_start().starts_with("image:"))
                {
                    // A compose file by another name (`quickstart.yml`).
                    Some("compose")
                } else {
                    None
                }
            });
        }
        if kind.is_none() && configured.is_some_and(|set| set.is_match(&change.path)) {
            kind = Some("configured");
        }
        let Some(kind) = kind else { continue };
        files.push(Infra {
            path: change.path.clone(),
            kind,
            status: change.status,
        });
        if basename(&change.path) == "Chart.yaml" && change.status != Status::Deleted {
            let new = text(source, change.new.as_ref()).unwrap_or_default();
            let old = text(source, change.old.as_ref()).unwrap_or_default();
            let value = |t: &str, key| crate::formats::chart_value(t, key);
            charts.push(Chart {
                path: parent(&change.path).to_string(),
                name: value(&new, "name"),
                version: value(&new, "version"),
                previous_version: value(&old, "version"),
                app_version: value(&new, "appVersion"),
                previous_app_version: value(&old, "appVersion"),
            });
        }
    }
    (files, charts)
}

/// The kind of an infrastructure file told by its path alone.
fn kind_of(path: &str) -> Option<&'static str> {
    let name = basename(path);
    let lower = name.to_ascii_lowercase();
    let dir = parent(path);
    let yaml = is_yaml(path);
    if lower.starts_with("dockerfile")
        || lower.ends_with(".dockerfile")
        || lower == "containerfile"
        || lower == ".dockerignore"
    {
        return Some("docker");
    }
    if yaml
        && (lower.starts_with("docker-compose")
            || lower.starts_with("compose.")
            || lower.starts_with("compose-"))
    {
        return Some("compose");
    }
    if name == "Chart.yaml" || name == "Chart.lock" || name == ".helmignore" {
        return Some("helm");
    }
    let ext = super::extension(path);
    if matches!(ext.as_str(), "tf" | "tfvars")
        || lower
            .strip_suffix(".json")
            .is_some_and(|l| super::extension(l) == "tf")
        || lower == ".terraform.lock.hcl"
        || lower == "terragrunt.hcl"
    {
        return Some("terraform");
    }
    if yaml && (name.starts_with("Pulumi.") || name == "Pulumi.yaml") {
        return Some("pulumi");
    }
    if yaml && (lower == "kustomization.yaml" || lower == "kustomization.yml") {
        return Some("kubernetes");
    }
    if matches!(
        lower.as_str(),
        "procfile"
            | "fly.toml"
            | "render.yaml"
            | "vercel.json"
            | "netlify.toml"
            | "railway.json"
            | "railway.toml"
            | "heroku.yml"
            | "nixpacks.toml"
    ) || (lower == "app.yaml" && dir.is_empty())
    {
        return Some("platform");
    }
    let ci_dir = [
        ".github/workflows",
        ".circleci",
        ".buildkite",
        ".woodpecker",
        ".gitea/workflows",
        ".forgejo/workflows",
    ]
    .iter()
    .any(|d| dir == *d || dir.starts_with(&format!("{d}/")));
    if (ci_dir && yaml)
        || matches!(
            lower.as_str(),
            ".gitlab-ci.yml"
                | ".travis.yml"
                | ".drone.yml"
                | "jenkinsfile"
                | "azure-pipelines.yml"
                | "bitbucket-pipelines.yml"
                | "cloudbuild.yaml"
                | "cloudbuild.yml"
                | ".woodpecker.yml"
        )
    {
        return Some("ci");
    }
    None
}

fn is_yaml(path: &str) -> bool {
    matches!(super::extension(path).as_str(), "yaml" | "yml")
}

/// Whether a path lies in a Helm chart: a folder above it holds a Chart.yaml. What each
/// folder holds is remembered in `dirs`.
fn in_chart(path: &str, source: &dyn Source, dirs: &mut HashMap<String, bool>) -> bool {
    let mut dir = parent(path);
    loop {
        let chart = if let Some(known) = dirs.get(dir) {
            *known
        } else {
            let has = source.exists(&super::join(dir, "Chart.yaml"));
            dirs.insert(dir.to_string(), has);
            has
        };
        if chart {
            return true;
        }
        if dir.is_empty() {
            return false;
        }
        dir = parent(dir);
    }
}

/// A Kubernetes manifest: a YAML document with top-level `apiVersion:` and `kind:`.
fn is_manifest(text: &str) -> bool {
    let mut api = false;
    let mut kind = false;
    for line in text.lines() {
        api |= line.starts_with("apiVersion:");
        kind |= line.starts_with("kind:");
        if api && kind {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::fake::Fake;
    use super::*;

    fn kinds(f: &Fake) -> Vec<(String, &'static str)> {
        detect(&f.changes, f, None)
            .0
            .into_iter()
            .map(|i| (i.path, i.kind))
            .collect()
    }

    #[test]
    fn files_by_name_and_folder() {
        let mut f = Fake::default();
        f.add("Dockerfile", "FROM x")
            .add(".docker/Dockerfile-build", "FROM x")
            .add(
                "quickstart.yml",
                "version: '3'\nservices:\n  app:\n    image: x\n",
            )
            .add("docker/api.Dockerfile", "FROM x")
            .add("docker-compose.prod.yml", "services:")
            .add("infra/main.tf", "resource")
            .add("Pulumi.staging.yaml", "config:")
            .add(".github/workflows/deploy.yml", "on: push")
            .add(".gitlab-ci.yml", "stages:")
            .add("Procfile", "web: x")
            .add("src/main.rs", "fn main() {}")
            .add("docs/compose.md", "# compose")
            .add("config/settings.yml", "a: 1");
        let got = kinds(&f);
        let names: Vec<&str> = got.iter().map(|g| g.1).collect();
        assert_eq!(
            names,
            [
                "docker",
                "docker",
                "compose",
                "docker",
                "compose",
                "terraform",
                "pulumi",
                "ci",
                "ci",
                "platform"
            ]
        );
    }

    #[test]
    fn manifests_by_content_and_chart_files_by_folder() {
        let mut f = Fake::default();
        f.keep("charts/api/Chart.yaml")
            .modify("charts/api/values.yaml", "a: 1", "a: 2")
            .add("charts/api/templates/deploy.yaml", "{{ .Values.a }}")
            .add(
                "deploy/api.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n",
            )
            .add("config/app.yaml", "kind: thing\n");
        let got = kinds(&f);
        assert_eq!(
            got,
            [
                ("charts/api/values.yaml".to_string(), "helm"),
                ("charts/api/templates/deploy.yaml".to_string(), "helm"),
                ("deploy/api.yaml".to_string(), "kubernetes"),
            ]
        );
    }

    #[test]
    fn chart_versions_before_and_after() {
        let mut f = Fake::default();
        f.modify(
            "deploy/chart/Chart.yaml",
            "name: api\nversion: 1.2.0\nappVersion: \"1.4.0\"\n",
            "name: api\nversion: 1.3.0\nappVersion: \"1.5.0\"\n",
        );
        let (files, charts) = detect(&f.changes, &f, None);
        assert_eq!(files[0].kind, "helm");
        let c = &charts[0];
        assert_eq!(c.path, "deploy/chart");
        assert_eq!(c.name.as_deref(), Some("api"));
        assert_eq!(c.previous_version.as_deref(), Some("1.2.0"));
        assert_eq!(c.version.as_deref(), Some("1.3.0"));
        assert_eq!(c.previous_app_version.as_deref(), Some("1.4.0"));
        assert_eq!(c.app_version.as_deref(), Some("1.5.0"));
    }

    #[test]
    fn configured_globs_add_files() {
        let mut f = Fake::default();
        f.add("ops/ansible/site.yml", "- hosts: all");
        let mut b = globset::GlobSetBuilder::new();
        b.add(globset::Glob::new("ops/**").unwrap());
        let set = b.build().unwrap();
        let (files, _) = detect(&f.changes, &f, Some(&set));
        assert_eq!(files[0].kind, "configured");
    }
}
