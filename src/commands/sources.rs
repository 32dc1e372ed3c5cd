//! `sources`: every source server that matches the filters, across all pages.

use crate::api::sources;
use crate::cli::SourcesArgs;
use crate::error::Exit;
use crate::model::Listed;
use crate::render::{self, output};
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &SourcesArgs) -> super::Result<Exit> {
    let listed = sources::list(
        settings.client()?,
        &args.filters.query(),
        args.limit,
        usize::from(args.jobs),
    )?;
    super::scale_notes(settings, &listed);
    let json = if settings.output.writes_json() {
        json_array(&listed)
    } else {
        Vec::new()
    };
    output::emit_with_csv(
        &settings.output,
        &settings.streams,
        &json,
        |out| render::csv::write_sources(&listed, out),
        |out| render::fleet::write_sources(&listed, &settings.style, out),
    )?;
    Ok(Exit::Ok)
}

/// The items exactly as the API sent them, as one JSON array.
pub fn json_array(listed: &[Listed]) -> Vec<u8> {
    let mut out =
        Vec::with_capacity(listed.iter().map(|l| l.raw.get().len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (i, l) in listed.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(l.raw.get().as_bytes());
    }
    out.push(b']');
    out
}
