//! The one seam through which the process environment is read, so tests can replace it.

/// Reads environment variables; an empty value counts as unset, as shells leave them.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;

    /// The value as set, an empty one included (`PAGER=` means "no pager", as git reads it).
    fn raw(&self, name: &str) -> Option<String> {
        self.var(name)
    }
}

/// The real process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }

    fn raw(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}
