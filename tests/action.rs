//! The GitHub Action (action.yml): its shell steps run as a runner would run them on a pull
//! request, by scripts/test-action.sh, with the binary under test.

mod common;

#[test]
fn the_actions_steps_annotate_a_pull_request_and_fill_the_summary() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("bash")
        .arg(root.join("scripts/test-action.sh"))
        .env("RELMAN_BIN", common::bin())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("action.yml steps: 11 checks passed"),
        "{stdout}\n{stderr}"
    );
}
