//! The README: its CI recipes are valid, its sample outputs are what the tool prints.
