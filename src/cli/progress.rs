//! Progress bars on standard error for the runs that can be long (`shock --samples`, `sweep`,
//! `tipping`, `stall`, `rank`), fed by the library's progress hooks
//! (`shockgraph::analysis::Progress`).
//!
//! A bar is drawn only when standard error is a terminal, never with `--quiet`, and only once
//! the run has lasted [`SHOW_AFTER`]: a run that ends sooner draws nothing at all (no flicker),
//! and one that takes longer shows its bar after a second. The bar only observes the run.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Global;

/// How long a run goes before its bar appears.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A progress bar that appears on a terminal once the run has lasted [`SHOW_AFTER`].
pub struct Bar {
    inner: ProgressBar,
    start: Instant,
    /// Whether the bar may ever be drawn: standard error is a terminal and no --quiet.
    drawable: bool,
    shown: AtomicBool,
}

impl Bar {
    /// A bar for `what` (`sample`, `sweep`...) counting `unit`s (`draws`, `shocks`...).
    pub fn new(g: &Global, what: &str, unit: &str) -> Bar {
        Bar::with(what, unit, !g.quiet && std::io::stderr().is_terminal())
    }

    fn with(what: &str, unit: &str, drawable: bool) -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{msg}} {{wide_bar}} {{pos}}/{{len}} {unit}, eta {{eta}}"
            ))
            .expect("a valid template"),
        );
        bar.set_message(what.to_string());
        Bar {
            inner: bar,
            start: Instant::now(),
            drawable,
            shown: AtomicBool::new(false),
        }
    }

    /// The library's progress hook: `done` of `total` units.
    pub fn update(&self, done: usize, total: usize) {
        if self.inner.length() != Some(total as u64) {
            self.inner.set_length(total as u64);
        }
        self.inner.set_position(done as u64);
        if self.drawable
            && !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.inner.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Whether the bar is being drawn.
    #[cfg(test)]
    fn is_shown(&self) -> bool {
        self.shown.load(Ordering::Relaxed)
    }

    /// Removes the bar (before the output is printed).
    pub fn finish(&self) {
        self.inner.finish_and_clear();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        // An error ends the run early: the bar goes before the message is printed.
        self.inner.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shown_when_not_drawable_or_before_the_delay() {
        let long_ago = || Instant::now().checked_sub(SHOW_AFTER).unwrap();
        let mut hidden = Bar::with("t", "units", false);
        hidden.start = long_ago();
        hidden.update(1, 2);
        assert!(!hidden.is_shown());

        let early = Bar::with("t", "units", true);
        early.update(1, 2);
        assert!(
            !early.is_shown(),
            "a run shorter than SHOW_AFTER draws nothing"
        );

        let mut late = Bar::with("t", "units", true);
        late.start = long_ago();
        late.update(1, 2);
        assert!(late.is_shown());
        assert_eq!(late.inner.position(), 1);
        assert_eq!(late.inner.length(), Some(2));
        late.finish();
    }
}
