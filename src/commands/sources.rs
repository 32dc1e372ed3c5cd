//! `sources`: every source server that matches the filters, across all pages.

use crate::api::sources::{self, Listed};
use crate::cli::{GlobalArgs, SourcesArgs};
use crate::error::Result;
use crate::render;
use crate::settings;

pub fn run(global: &GlobalArgs, args: &SourcesArgs) -> Result<u8> {
    let output = settings::output(global)?;
    let style = settings::style(global, false);
    let client = settings::client(global, &settings::ProcessEnv)?;
    let listed = sources::list(
        &client,
        &args.filters.query(),
        args.limit,
        usize::from(args.jobs),
    )?;
    let json = if output.is_table() {
        Vec::new()
    } else {
        json_array(&listed)
    };
    super::emit(&output, &json, |out| {
        render::fleet::write_sources(&listed, &style, out)
    })?;
    Ok(0)
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
