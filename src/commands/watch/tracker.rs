//! Replication observed over time for one source: the speed over the last minute of polls,
//! and how long since a byte was added. Growth counts only above the highest value seen, so
//! progress that goes back and forth (100, 50, 100, 50) is no progress.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// The window the observed speed is measured over.
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct Tracker {
    /// (when, the highest byte count seen by then), oldest first, within [`WINDOW`] (and
    /// the one just before it).
    samples: VecDeque<(Instant, u64)>,
    highest: Option<u64>,
    last_growth: Instant,
}

impl Tracker {
    pub fn new(now: Instant) -> Tracker {
        Tracker {
            samples: VecDeque::new(),
            highest: None,
            last_growth: now,
        }
    }

    /// One poll's byte count. `running`: the task runs, so time without growth counts;
    /// otherwise the quiet time starts again (a task that has not started is not stalled).
    pub fn sample(&mut self, replicated: Option<u64>, running: bool, now: Instant) {
        if let Some(bytes) = replicated
            && self.highest.is_none_or(|h| bytes > h)
        {
            self.highest = Some(bytes);
            self.last_growth = now;
        }
        if !running {
            self.last_growth = now;
        }
        if let Some(h) = self.highest {
            self.samples.push_back((now, h));
        }
        while self.samples.len() > 2
            && self
                .samples
                .get(1)
                .is_some_and(|(t, _)| now.duration_since(*t) >= WINDOW)
        {
            self.samples.pop_front();
        }
    }

    /// Bytes per second over the window: 0 when nothing moved, None before two polls.
    pub fn speed(&self) -> Option<f64> {
        let (t0, b0) = *self.samples.front()?;
        let (t1, b1) = *self.samples.back()?;
        let secs = t1.duration_since(t0).as_secs_f64();
        (secs > 0.0).then(|| b1.saturating_sub(b0) as f64 / secs)
    }

    /// Time since a byte was last added while running.
    pub fn quiet(&self, now: Instant) -> Duration {
        now.duration_since(self.last_growth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_counts_only_above_the_highest_value_seen() {
        let t0 = Instant::now();
        let mut t = Tracker::new(t0);
        for (i, bytes) in [100, 50, 100, 50, 100].into_iter().enumerate() {
            t.sample(Some(bytes), true, t0 + Duration::from_secs(10 * i as u64));
        }
        let now = t0 + Duration::from_secs(40);
        assert_eq!(
            t.quiet(now),
            Duration::from_secs(40),
            "oscillation is a stall"
        );
        assert_eq!(t.speed(), Some(0.0));
    }

    #[test]
    fn speed_is_over_the_last_minute() {
        let t0 = Instant::now();
        let mut t = Tracker::new(t0);
        t.sample(Some(0), true, t0);
        assert_eq!(t.speed(), None);
        // 1,000 bytes a second for two minutes, then nothing for a minute and a half.
        for s in (10..=120).step_by(10) {
            t.sample(Some(s * 1000), true, t0 + Duration::from_secs(s));
        }
        assert_eq!(t.speed(), Some(1000.0));
        for s in (130..=210).step_by(10) {
            t.sample(Some(120_000), true, t0 + Duration::from_secs(s));
        }
        assert_eq!(t.speed(), Some(0.0), "nothing moved in the window");
        assert_eq!(
            t.quiet(t0 + Duration::from_secs(210)),
            Duration::from_secs(90)
        );
        // A task not running is never quiet.
        t.sample(Some(120_000), false, t0 + Duration::from_secs(220));
        assert_eq!(t.quiet(t0 + Duration::from_secs(220)), Duration::ZERO);
    }
}
