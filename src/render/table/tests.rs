//! The planner's decisions, shortening and wrapping, and colour painted over laid-out lines.

use super::*;

const COLUMNS: [Column; 4] = [
    Column::key("NAME"),
    Column::text("MESSAGE", 1),
    Column::whole("UUID", 2),
    Column::number("SIZE", 3),
];

#[test]
fn empty_columns_go_and_text_shortens_before_anything_is_dropped() {
    let natural = [10, 40, 36, 9];
    let all = layout(&COLUMNS, &natural, &[true; 4], None);
    assert_eq!(all.shown.len(), 4);
    let empty_uuid = layout(&COLUMNS, &natural, &[true, true, false, true], None);
    assert_eq!(
        empty_uuid.shown.iter().map(|s| s.0).collect::<Vec<_>>(),
        [0, 1, 3]
    );
    // 10 + 40 + 36 + 9 + 6 = 101: at 90 the message shortens by 11.
    let at_90 = layout(&COLUMNS, &natural, &[true; 4], Some(90));
    assert_eq!(at_90.shown, [(0, 10), (1, 29), (2, 36), (3, 9)]);
    assert!(at_90.left_out.is_empty());
    // At 80 the message stops at 24 and the size goes (the message takes back what that
    // freed), then the UUID.
    let at_80 = layout(&COLUMNS, &natural, &[true; 4], Some(80));
    assert_eq!(at_80.shown, [(0, 10), (1, 30), (2, 36)]);
    assert_eq!(at_80.left_out, ["SIZE"]);
    let at_60 = layout(&COLUMNS, &natural, &[true; 4], Some(60));
    assert_eq!(at_60.shown, [(0, 10), (1, 40)]);
    assert_eq!(at_60.left_out, ["SIZE", "UUID"]);
    // Then the message, at its turn, shortens to its floor, and then goes.
    let at_30 = layout(&COLUMNS, &natural, &[true; 4], Some(30));
    assert_eq!(at_30.shown, [(0, 10), (1, 18)]);
    let at_20 = layout(&COLUMNS, &natural, &[true; 4], Some(20));
    assert_eq!(at_20.shown, [(0, 10)]);
    assert_eq!(at_20.left_out, ["SIZE", "UUID", "MESSAGE"]);
    // A free-text column that may not go is shortened to its floor.
    let fixed = [Column::key("NAME"), Column::text("MESSAGE", 0)];
    let narrow = layout(&fixed, &[10, 40], &[true; 2], Some(25));
    assert_eq!(narrow.shown, [(0, 10), (1, 13)]);
}

const HOUR: u64 = 3_600_000;

#[test]
fn the_agent_is_coloured_by_age() {
    assert_eq!(agent_color(Some(true), Some(HOUR)), Some(AnsiColors::Green));
    assert_eq!(
        agent_color(Some(true), Some(HOUR + 1)),
        Some(AnsiColors::Yellow)
    );
    assert_eq!(
        agent_color(Some(true), Some(25 * HOUR)),
        Some(AnsiColors::Red)
    );
    assert_eq!(agent_color(Some(false), Some(0)), Some(AnsiColors::Red));
    assert_eq!(agent_color(Some(true), None), None);
}

#[test]
fn a_wrapped_column_is_narrowed_but_never_left_out() {
    let columns = [
        Column::key("CHECK"),
        Column::wrap("MESSAGE"),
        Column::whole("CODE", 1),
    ];
    let plan = layout(&columns, &[10, 60, 8], &[true; 3], Some(40));
    assert_eq!(plan.shown, [(0, 10), (1, 28)]);
    assert_eq!(plan.left_out, ["CODE"]);
    let narrow = layout(&columns, &[10, 60, 8], &[true; 3], Some(20));
    assert_eq!(narrow.shown, [(0, 10), (1, 8)]);
}

#[test]
fn wrapping_breaks_at_spaces_and_keeps_every_character() {
    let text = "rsync is not installed on the source server.  [/var/lib/pgsql]";
    let lines = wrap(text, 20);
    assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
    assert_eq!(lines[0], "rsync is not");
    assert_eq!(
        lines.join(" ").split_whitespace().collect::<Vec<_>>(),
        text.split_whitespace().collect::<Vec<_>>()
    );
    assert_eq!(wrap("a-very-long-word", 6), ["a-very", "-long-", "word"]);
    assert_eq!(wrap("short", 80), ["short"]);
}

#[test]
fn shortening_counts_display_columns() {
    assert_eq!(shorten("abcdef", 4), "abc…");
    assert_eq!(shorten("日本語テキスト", 7), "日本語…");
    assert_eq!(shorten("abc", 3), "abc");
}

row! {
    /// A row with what painting must step over: wide and zero-width characters before a
    /// coloured cell, a coloured number right-aligned, a coloured message that wraps.
    struct Painted {
        name: Column::key("NAME"),
        result: Column::whole("RESULT", 0),
        size: Column::number("SIZE", 0),
        message: Column::wrap("MESSAGE"),
    }
}

fn painted_rows() -> Vec<Painted> {
    let red = Some(AnsiColors::Red);
    let green = Some(AnsiColors::Green);
    vec![
        Painted {
            name: Cell::new("日本語"),
            result: Cell::colored("ERROR", red),
            size: Cell::colored("7", green),
            message: Cell::colored("rsync is not installed on the source server", red),
        },
        Painted {
            name: Cell::new("e\u{301}te\u{301}"),
            result: Cell::colored("OK", green),
            size: Cell::new("1.5 GiB"),
            message: Cell::new("fine"),
        },
        Painted {
            // Two columns as a string, one as characters added up (U+FE0F).
            name: Cell::new("\u{26a0}\u{fe0f}#\u{fe0f}"),
            result: Cell::colored("OK", Some(AnsiColors::Yellow)),
            size: Cell::colored("12", red),
            ..Painted::default()
        },
        Painted {
            name: Cell::new("plain"),
            result: Cell::colored("WARN", Some(AnsiColors::Yellow)),
            ..Painted::default()
        },
    ]
}

fn draw_at(color: bool, width: u16) -> String {
    let style = Style {
        color,
        width: Some(width),
        raw_bytes: false,
        wide: false,
        now_ms: 0,
    };
    let mut out = Vec::new();
    let rows = &|emit: &mut dyn FnMut(Painted)| painted_rows().into_iter().for_each(emit);
    titled(&mut out, &style, false, "T", &Painted::COLUMNS, rows).unwrap();
    String::from_utf8(out).unwrap()
}

fn unpainted(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn colour_is_painted_over_the_laid_out_text_and_changes_nothing_else() {
    for width in [30, 40, 80] {
        let plain = draw_at(false, width);
        let colour = draw_at(true, width);
        assert!(!plain.contains('\u{1b}'));
        assert_eq!(unpainted(&colour), plain, "at {width}:\n{colour}");
        // Each coloured cell's text, and only it, between its escapes.
        assert!(colour.contains("\u{1b}[31mERROR\u{1b}[39m"), "{colour}");
        assert!(colour.contains("\u{1b}[32mOK\u{1b}[39m"), "{colour}");
        assert!(colour.contains("\u{1b}[32m7\u{1b}[39m"), "{colour}");
        assert!(colour.contains("\u{1b}[33mOK\u{1b}[39m"), "{colour}");
        assert!(colour.contains("\u{1b}[31m12\u{1b}[39m"), "{colour}");
        assert!(colour.contains("\u{1b}[1mNAME\u{1b}[0m"), "{colour}");
        assert!(!colour.contains(" \u{1b}[39m"), "padding painted: {colour}");
    }
    // At 30 columns the message wraps; every one of its lines is painted.
    let narrow = draw_at(true, 30);
    let message_lines = narrow.lines().filter(|l| l.contains("\u{1b}[31m")).count();
    assert!(message_lines >= 3, "{narrow}");
}

row! {
    /// A table that does not wrap: with colour on its rows are laid out a chunk at a time.
    struct Flat {
        name: Column::key("NAME"),
        state: Column::whole("STATE", 0),
        note: Column::text("NOTE", 1),
    }
}

#[test]
fn a_table_that_does_not_wrap_is_painted_a_row_a_line() {
    let draw = |color: bool| {
        let style = Style {
            color,
            width: Some(40),
            raw_bytes: false,
            wide: false,
            now_ms: 0,
        };
        let mut out = Vec::new();
        let rows = &|emit: &mut dyn FnMut(Flat)| {
            for i in 0..1200 {
                let color = [Some(AnsiColors::Red), None, Some(AnsiColors::Green)][i % 3];
                emit(Flat {
                    name: Cell::new(format!("\u{26a0}\u{fe0f}{i}")),
                    state: Cell::colored(format!("s{i}"), color),
                    note: Cell::new("a note long enough to be shortened at forty columns"),
                });
            }
        };
        titled(&mut out, &style, false, "T", &Flat::COLUMNS, rows).unwrap();
        String::from_utf8(out).unwrap()
    };
    let (plain, colour) = (draw(false), draw(true));
    assert_eq!(unpainted(&colour), plain);
    for (i, line) in colour.lines().skip(2).enumerate() {
        match i % 3 {
            0 => assert!(
                line.contains(&format!("\u{1b}[31ms{i}\u{1b}[39m")),
                "{line}"
            ),
            1 => assert!(!line.contains('\u{1b}'), "{line}"),
            _ => assert!(
                line.contains(&format!("\u{1b}[32ms{i}\u{1b}[39m")),
                "{line}"
            ),
        }
    }
    assert!(plain.lines().all(|l| l.width() <= 40), "{plain}");
}

#[test]
fn shortening_measures_as_a_string() {
    // U+26A0 U+FE0F is two columns as a string (one as characters added up).
    let text = "\u{26a0}\u{fe0f}\u{26a0}\u{fe0f}\u{26a0}\u{fe0f}abc";
    for width in 1..10 {
        let short = shorten(text, width);
        assert!(short.width() <= width, "{short:?} at {width}");
    }
    assert_eq!(shorten(text, 5), "\u{26a0}\u{fe0f}\u{26a0}\u{fe0f}…");
}
