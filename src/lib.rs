//! sms-inspect: what Huawei Cloud's Server Migration Service knows about a source server.
//!
//! Data flows one way: arguments and environment become settings; a body is fetched or read;
//! it is parsed into a typed view (the body itself is kept whole for JSON and YAML); it is
//! rendered; the gate decides the exit code.

pub mod api;
pub mod cli;
pub mod codes;
pub mod commands;
pub mod credentials;
pub mod diff;
pub mod env;
pub mod error;
pub mod gate;
pub mod hints;
pub mod model;
pub mod parallel;
pub mod redact;
pub mod render;
pub mod sanitize;
pub mod settings;
pub mod streams;
