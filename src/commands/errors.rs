//! `errors`: SMS's record of every failed migration (GET /v3/errors, every page), with the
//! code and message decoded from `error_json`. It shows, so it exits 0.

use crate::api::errors;
use crate::cli::ErrorsArgs;
use crate::error::Exit;
use crate::model::errors::ListedError;
use crate::render::{self, output};
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &ErrorsArgs) -> super::Result<Exit> {
    let listed = errors::list(
        settings.client()?,
        args.enterprise_project_id.as_deref(),
        usize::from(args.jobs),
    )?;
    let json = if settings.output.writes_json() {
        json_array(&listed)
    } else {
        Vec::new()
    };
    output::emit_with_csv(
        &settings.output,
        &settings.streams,
        &json,
        |out| render::errors::write_csv(&listed, out),
        |out| render::errors::write(&listed, &settings.style, out),
    )?;
    if let Some(path) = &args.markdown {
        let md = render::errors::markdown(&listed);
        output::write_report(&settings.streams, "Markdown report", path, md.as_bytes())?;
    }
    Ok(Exit::Ok)
}

/// The items exactly as the API sent them, as one JSON array.
fn json_array(listed: &[ListedError]) -> Vec<u8> {
    let mut out = vec![b'['];
    for (i, l) in listed.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(l.raw.get().as_bytes());
    }
    out.push(b']');
    out
}
