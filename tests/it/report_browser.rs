//! `graph report` in headless Chromium: the page loads with no console message and shows the
//! tables and figures, and markup from the graph stays inert.
//!
//! Without Chromium these tests FAIL when `CI` or `SHOCKGRAPH_REQUIRE_BROWSER` is set (`.ci/run`
//! installs Chromium and sets `SHOCKGRAPH_REQUIRE_BROWSER=1`); elsewhere they pass after printing
//! a `SKIPPED` line past the test harness's output capture, so it is always seen.

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use crate::common::default_label;
use crate::common::report::{default_report, have_dot, nasty_report};

/// Chromium's path: `/usr/bin/chromium`, else `chromium` or `chromium-browser` on PATH.
fn chromium() -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/chromium");
    if fixed.exists() {
        return Some(fixed.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs Chromium headless with `args` then `url`; returns (stdout, stderr). Kills it after 120 s.
fn run_chromium(exe: &Path, args: &[String], url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out_path = profile.path().join("stdout");
    let err_path = profile.path().join("stderr");
    let mut child = StdCommand::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish in 120 s; stderr:\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (
        std::fs::read_to_string(&out_path).unwrap_or_default(),
        std::fs::read_to_string(&err_path).unwrap_or_default(),
    )
}

fn console_problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("CONSOLE(") || l.contains("Uncaught"))
        .collect()
}

/// Why a missing Chromium must fail the test rather than skip it, if it must: `CI` is set (to
/// anything but an empty string, `0` or `false`), or `SHOCKGRAPH_REQUIRE_BROWSER` is set (to
/// anything, as before).
fn browser_required() -> Option<String> {
    if let Some(v) = std::env::var_os("SHOCKGRAPH_REQUIRE_BROWSER") {
        return Some(format!(
            "SHOCKGRAPH_REQUIRE_BROWSER={}",
            v.to_string_lossy()
        ));
    }
    match std::env::var_os("CI") {
        Some(v) if !matches!(v.to_str(), Some("" | "0" | "false")) => {
            Some(format!("CI={}", v.to_string_lossy()))
        }
        _ => None,
    }
}

/// Chromium, or `None` after a `SKIPPED` line; a failure when [`browser_required`] says so.
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    let exe = chromium();
    if exe.is_none() {
        if let Some(why) = browser_required() {
            panic!("{why} is set but Chromium is not installed: the browser test {test} cannot be skipped (apt-get install chromium)");
        }
        // Written to the process's stderr, not through `eprintln!`, which the test harness
        // captures and shows only for failing tests: the skip must be visible.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED report_browser::{test}: Chromium not found (apt-get install chromium; set CI or SHOCKGRAPH_REQUIRE_BROWSER=1 to make this a failure)"
        );
    }
    exe
}

#[test]
fn chromium_renders_the_report_without_console_errors() {
    let Some(exe) = chromium_or_skip("chromium_renders_the_report_without_console_errors") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, default_report()).unwrap();
    let url = format!("file://{}", file.display());
    let (dom, stderr) = run_chromium(&exe, &["--dump-dom".to_string()], &url);
    let problems = console_problems(&stderr);
    assert!(
        problems.is_empty(),
        "console messages:\n{}",
        problems.join("\n")
    );
    assert!(
        dom.contains(&format!(
            "<h1>Shock: {} haircut 0.5 — debtrank</h1>",
            default_label("openai")
        )),
        "DOM:\n{}",
        &dom[..dom.len().min(2000)]
    );
    for id in [
        "shock-table",
        "rank-table",
        "concentration-table",
        "group-table",
    ] {
        assert!(dom.contains(&format!("<table id=\"{id}\"")), "{id}");
    }
    let n_svg = dom.matches("<svg").count();
    assert_eq!(n_svg, if have_dot() { 2 } else { 1 });
    assert!(dom.contains("OpenAI Closes $122 Billion Funding Round"));

    // A screenshot for people to look at (target/tmp/report-screenshot.png).
    let png = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let _ = std::fs::remove_file(&png);
    let (_, stderr) = run_chromium(
        &exe,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,4000".to_string(),
        ],
        &url,
    );
    let problems = console_problems(&stderr);
    assert!(
        problems.is_empty(),
        "console messages:\n{}",
        problems.join("\n")
    );
    let size = std::fs::metadata(&png).map_or(0, |m| m.len());
    assert!(size > 50_000, "screenshot of {size} bytes");
}

#[test]
fn chromium_keeps_markup_from_the_graph_inert() {
    let Some(exe) = chromium_or_skip("chromium_keeps_markup_from_the_graph_inert") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = nasty_report(dir.path());
    let file = dir.path().join("nasty.html");
    std::fs::write(&file, &page).unwrap();
    let (dom, stderr) = run_chromium(
        &exe,
        &["--dump-dom".to_string()],
        &format!("file://{}", file.display()),
    );
    let problems = console_problems(&stderr);
    assert!(
        problems.is_empty(),
        "console messages:\n{}",
        problems.join("\n")
    );
    assert!(!dom.contains("<script"));
    assert!(!dom.contains("<img"));
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}
