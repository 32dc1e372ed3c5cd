//! The integration tests: one binary (one link), its cases in modules, as xh, fd and
//! ripgrep keep theirs. Most cases run the command in-process with its streams captured
//! (`support::inproc`); what only a process shows (stdin, signals, a pty, closed pipes, the
//! proxy variables) runs the real `sms-inspect` binary. HTTP cases talk to a loopback
//! stand-in for the SMS API (`support::server`).

mod ci;
mod csv;
mod diag;
mod diag_source;
mod diff;
mod explain;
mod faults;
mod fleet;
mod generated;
mod golden;
mod hints;
mod hostile;
mod inputs;
mod jq;
mod layers;
mod listings;
mod live;
mod network;
mod outputs;
mod pager;
mod properties;
mod readiness;
mod readme;
mod records;
mod signer;
mod sim;
mod source_file;
mod streams;
mod support;
mod terminal;
mod tls;
mod verify;
mod wave;
mod wave_screen;
