//! What `watch` and `source --watch` print. On a terminal, a frame (a header, a table of rows
//! fitted by the table planner, a totals line) redrawn in place, never wider or taller than
//! the terminal, each redraw erasing exactly the lines the last one drew; a single source is
//! one line redrawn with a carriage return. Piped, one timestamped line per change; with
//! `--json`, JSON Lines (a line per changed source, a line per poll with the totals).
//! Nothing here measures the terminal or reads a clock: the caller passes both in. The
//! piped lines and JSON Lines are in [`lines`].

mod lines;

pub use lines::{
    Changes, change_json, clock, line, outcome_line, piped_line, poll_json, reason, stamp,
};

use std::collections::HashMap;

use owo_colors::AnsiColors;
use serde_json::json;
use unicode_width::UnicodeWidthStr;

use crate::render::Style;
use crate::render::progress::{
    Progress, Status, agent_text, bar_text, done_total, duration, speed_text,
};
use crate::render::table::{self, Cell, Column, Row, row, shorten};
use crate::render::units;

row! {
    /// A source of the wave; a higher `drop` goes first on a narrow terminal. STATE is
    /// coloured by the source's status.
    struct WaveRow {
        name: Column::key("NAME"),
        state: Column::whole("STATE", 0),
        progress: Column::whole("PROGRESS", 1),
        done: Column::number("DONE/TOTAL", 6),
        speed: Column::number("SPEED", 4),
        eta: Column::number("ETA", 2),
        stage: Column::text("STAGE", 3),
        agent: Column::text("AGENT", 5),
    }
}

/// Cells inside the bar's brackets.
const BAR: usize = 10;

/// The wave's health, as AWS MGN rolls a wave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Healthy,
    /// Something stalled, missing, or an agent lost.
    Lagging,
    /// Something failed or vanished.
    Error,
}

impl Health {
    pub fn word(self) -> &'static str {
        match self {
            Health::Healthy => "HEALTHY",
            Health::Lagging => "LAGGING",
            Health::Error => "ERROR",
        }
    }
}

/// The counts of one poll: disjoint, adding up to the selection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    counts: HashMap<Status, usize>,
    pub sources: usize,
    pub agents_lost: usize,
    pub missing: usize,
    pub replicated: u64,
    pub total: u64,
    /// Bytes per second over the running sources.
    pub speed: f64,
}

impl Totals {
    pub fn of(rows: &[Progress]) -> Totals {
        let mut t = Totals {
            sources: rows.len(),
            ..Totals::default()
        };
        for p in rows {
            *t.counts.entry(p.status).or_default() += 1;
            t.agents_lost += usize::from(p.agent_lost());
            t.missing += usize::from(p.missing);
            t.replicated += p.replicated.unwrap_or(0);
            t.total += p.total.unwrap_or(0);
            t.speed += p.speed.unwrap_or(0.0);
        }
        t
    }

    pub fn count(&self, status: Status) -> usize {
        self.counts.get(&status).copied().unwrap_or(0)
    }

    pub fn health(&self) -> Health {
        if self.count(Status::Failed) + self.count(Status::Vanished) > 0 {
            Health::Error
        } else if self.count(Status::Stalled) + self.agents_lost + self.missing > 0 {
            Health::Lagging
        } else {
            Health::Healthy
        }
    }

    /// `3 finished, 1 failed`: the non-zero counts.
    pub fn counts_text(&self) -> String {
        let parts: Vec<String> = Status::ALL
            .iter()
            .filter(|s| self.count(**s) > 0)
            .map(|s| format!("{} {}", self.count(*s), s.word()))
            .collect();
        parts.join(", ")
    }

    /// The totals line, fitted to `width`: the richest form that fits, else shortened.
    pub fn line(&self, width: usize, raw: bool) -> String {
        let head = format!(
            "{}  {} source{}: {}",
            self.health().word(),
            self.sources,
            if self.sources == 1 { "" } else { "s" },
            self.counts_text()
        );
        let mut forms = Vec::new();
        if self.total > 0 {
            let size = |n: u64| units::size(&Some(crate::model::Scalar::UInt(n)), raw);
            let done = format!(
                "{:.1}% of {}",
                units::percent(self.replicated, self.total),
                size(self.total)
            );
            if self.speed > 0.0 {
                let mut rate = format!("{done} at {}", speed_text(self.speed, raw));
                if self.total > self.replicated {
                    let eta = ((self.total - self.replicated) as f64 / self.speed) as u64;
                    rate.push_str(&format!(", ETA {}", duration(eta)));
                }
                forms.push(format!("{head}; {rate}"));
            }
            forms.push(format!("{head}; {done}"));
        }
        forms.push(head);
        for form in &forms {
            if form.width() <= width {
                return form.clone();
            }
        }
        shorten(&forms[forms.len() - 1], width).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for s in Status::ALL {
            map.insert(s.word().to_owned(), json!(self.count(s)));
        }
        map.insert("sources".into(), json!(self.sources));
        map.insert("agents_lost".into(), json!(self.agents_lost));
        map.insert("missing".into(), json!(self.missing));
        map.insert("health".into(), json!(self.health().word()));
        serde_json::Value::Object(map)
    }
}

/// What a frame shows, and the room it has.
pub struct View<'a> {
    /// What is followed, the interval, the time of the last poll.
    pub header: &'a str,
    pub rows: &'a [Progress],
    pub totals: &'a Totals,
    /// A transient failure, shown under the totals.
    pub note: Option<&'a str>,
    pub now_ms: u64,
    pub raw: bool,
    pub color: bool,
}

/// The lines of one frame, each at most `width - 1` columns (the last column is left free so
/// that no terminal wraps early), and at most `height - 2` lines (the last line of the
/// terminal is the cursor's, and one more is left for what is written under the frame).
pub fn frame(view: &View, width: usize, height: usize) -> Vec<String> {
    let height = height.saturating_sub(1);
    let room = width.saturating_sub(1).max(1);
    let mut lines = vec![shorten(view.header, room).into_owned()];
    let note = view.note.map(|n| shorten(n, room).into_owned());
    let fixed = 3 + usize::from(note.is_some());
    let space = height.saturating_sub(1 + fixed);
    let order = ordered(view.rows);
    let (shown, hidden): (Vec<&Progress>, Vec<&Progress>) = if order.len() <= space {
        (order, Vec::new())
    } else {
        let keep = space.saturating_sub(1);
        let mut order = order;
        let hidden = order.split_off(keep.min(order.len()));
        (order, hidden)
    };
    if space > 0 {
        let style = Style {
            color: view.color,
            width: Some(u16::try_from(room).unwrap_or(u16::MAX)),
            raw_bytes: view.raw,
            wide: false,
            now_ms: view.now_ms,
        };
        let rows = shown.iter().map(|p| wave_row(p, &style)).collect();
        lines.extend(table::lines(&style, &WaveRow::COLUMNS, rows, room));
    }
    if !hidden.is_empty() {
        let t = Totals::of(&hidden.into_iter().cloned().collect::<Vec<_>>());
        lines
            .push(shorten(&format!("+{} more: {}", t.sources, t.counts_text()), room).into_owned());
    }
    lines.push(view.totals.line(room, view.raw));
    lines.extend(note);
    lines.truncate(height.saturating_sub(1).max(1));
    lines
}

/// Attention first (failed, vanished, stalled, missing, agent lost, busy), then running,
/// waiting and finished; the selection's order within each.
fn ordered(rows: &[Progress]) -> Vec<&Progress> {
    let rank = |p: &Progress| match p.status {
        _ if p.needs_attention() => 0,
        Status::Running => 1,
        Status::Waiting => 2,
        _ => 3,
    };
    let mut order: Vec<&Progress> = rows.iter().collect();
    order.sort_by_key(|p| rank(p));
    order
}

/// One source's row; STATE coloured when colour is on.
fn wave_row(p: &Progress, style: &Style) -> WaveRow {
    let dash = || Cell::new("-");
    let stage = match (&p.error, p.status) {
        (Some(e), _) => e.to_string(),
        (None, Status::Stalled) => p.stall_text(),
        (None, Status::Vanished) => "SMS no longer lists it".to_owned(),
        (None, Status::Waiting) if !p.has_task => "no migration task yet".to_owned(),
        _ if p.stage.is_empty() => "-".to_owned(),
        _ => p.stage.clone(),
    };
    let raw = style.raw_bytes;
    WaveRow {
        name: Cell::new(p.label()),
        state: Cell::colored(p.state_text(), state_color(p)),
        progress: p.percent().map_or_else(dash, |pc| {
            Cell::new(format!("{} {pc:5.1}%", bar_text(pc, BAR)))
        }),
        done: if p.replicated.is_some() || p.total.is_some() {
            Cell::new(done_total(p.replicated, p.total, raw))
        } else {
            dash()
        },
        speed: p.speed.map_or_else(dash, |s| Cell::new(speed_text(s, raw))),
        eta: p.eta.map_or_else(dash, |e| Cell::new(duration(e))),
        stage: Cell::new(stage),
        agent: agent_text(p, style.now_ms).map_or_else(dash, Cell::new),
    }
}

fn state_color(p: &Progress) -> Option<AnsiColors> {
    match p.status {
        Status::Failed | Status::Vanished => Some(AnsiColors::Red),
        Status::Stalled => Some(AnsiColors::Yellow),
        Status::Finished => Some(AnsiColors::Green),
        _ if p.agent_lost() || p.missing => Some(AnsiColors::Yellow),
        _ => None,
    }
}

/// The terminal side of the screen: what the last frame drew, so the next erases exactly it.
/// The cursor stays at the end of the frame's last line, so that whatever comes after it (the
/// closing lines, or Ctrl-C's newline and `interrupted`) needs only one line under it.
#[derive(Debug, Default)]
pub struct Screen {
    /// Lines of the last frame.
    drawn: usize,
    /// The width the last frame was drawn at: a narrower terminal has re-wrapped it.
    width: usize,
    /// The display width of the last frame's last line.
    last_width: usize,
}

impl Screen {
    /// The bytes that replace the last frame with `lines`, after writing `events` (lines that
    /// stay, above the frame). A frame of one line is redrawn with a carriage return and
    /// padding, without any escape sequence.
    pub fn redraw(&mut self, lines: &[String], events: &[String], width: usize) -> String {
        let mut out = String::new();
        let last_width = lines.last().map_or(0, |l| l.width());
        if lines.len() == 1 && events.is_empty() && self.drawn <= 1 && width >= self.width {
            let pad = self.last_width.saturating_sub(last_width);
            out.push('\r');
            out.push_str(&lines[0]);
            out.push_str(&" ".repeat(pad));
        } else {
            if self.drawn > 0 {
                if width < self.width {
                    // Lines drawn wider than the terminal now is have wrapped: start afresh.
                    out.push_str("\x1b[H\x1b[2J");
                } else if self.drawn > 1 {
                    out.push_str(&format!("\x1b[{}F", self.drawn - 1));
                } else {
                    out.push('\r');
                }
            }
            for e in events {
                out.push_str(e);
                out.push_str("\x1b[K\n");
            }
            for (n, l) in lines.iter().enumerate() {
                out.push_str(l);
                out.push_str("\x1b[K");
                if n + 1 < lines.len() {
                    out.push('\n');
                }
            }
            out.push_str("\x1b[J");
        }
        self.drawn = lines.len();
        self.width = width;
        self.last_width = last_width;
        out
    }

    /// Ends the frame: the cursor on a fresh line under it.
    pub fn close(&mut self) -> &'static str {
        let open = self.drawn > 0;
        self.drawn = 0;
        self.last_width = 0;
        if open { "\n" } else { "" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row_of(name: &str, status: Status, done: u64) -> Progress {
        Progress {
            id: name.into(),
            name: name.into(),
            status,
            has_task: true,
            replicated: Some(done),
            total: Some(1000),
            state: "replicate".into(),
            ..Progress::default()
        }
    }

    #[test]
    fn frames_fit_width_and_height_attention_first() {
        let mut rows: Vec<Progress> = (0..20)
            .map(|i| row_of(&format!("app-{i:02}"), Status::Finished, 1000))
            .collect();
        rows.push(row_of("bad-1", Status::Failed, 300));
        rows.push(row_of("slow-1", Status::Stalled, 200));
        let totals = Totals::of(&rows);
        let view = View {
            header: "watching 22 sources every 10s, last poll 00:00:00 UTC",
            rows: &rows,
            totals: &totals,
            note: None,
            now_ms: 0,
            raw: false,
            color: false,
        };
        for (w, h) in [(80, 15), (40, 8), (200, 50)] {
            let lines = frame(&view, w, h);
            assert!(lines.len() < h, "{w}x{h}: {lines:#?}");
            assert!(lines.iter().all(|l| l.width() < w), "{w}x{h}: {lines:#?}");
            let text = lines.join("\n");
            assert!(text.contains("bad-1") && text.contains("slow-1"), "{text}");
            assert!(
                lines.last().unwrap().starts_with("ERROR  22 sources"),
                "{text}"
            );
        }
        let small = frame(&view, 80, 15).join("\n");
        assert!(small.contains("more: "), "{small}");
    }

    #[test]
    fn totals_add_up_and_roll_up_health() {
        let rows = vec![
            row_of("a", Status::Running, 10),
            row_of("b", Status::Waiting, 0),
            row_of("c", Status::Stalled, 5),
        ];
        let t = Totals::of(&rows);
        assert_eq!(t.health(), Health::Lagging);
        let j = t.json();
        let sum: u64 = Status::ALL
            .iter()
            .map(|s| j[s.word()].as_u64().unwrap())
            .sum();
        assert_eq!(sum, 3);
        assert_eq!(
            t.line(200, false),
            "LAGGING  3 sources: 1 waiting, 1 running, 1 stalled; 0.5% of 2.9 KiB"
        );
        assert!(t.line(30, false).width() <= 30);
    }

    #[test]
    fn the_redraw_erases_what_was_drawn() {
        let mut s = Screen::default();
        let first = s.redraw(&["a".into(), "b".into(), "c".into()], &[], 80);
        assert_eq!(first, "a\x1b[K\nb\x1b[K\nc\x1b[K\x1b[J");
        let second = s.redraw(&["a".into()], &["x ended".into()], 80);
        assert_eq!(second, "\x1b[2Fx ended\x1b[K\na\x1b[K\x1b[J");
        assert_eq!(s.redraw(&["ab".into()], &[], 80), "\rab");
        assert_eq!(
            s.redraw(&["a".into()], &[], 80),
            "\ra ",
            "padded over the longer line"
        );
        let two = s.redraw(&["a".into(), "b".into()], &[], 80);
        assert_eq!(two, "\ra\x1b[K\nb\x1b[K\x1b[J");
        assert!(
            s.redraw(&["a".into(), "b".into()], &[], 60)
                .starts_with("\x1b[H\x1b[2J")
        );
        assert_eq!(s.close(), "\n");
    }
}
