#[cfg(feature = "pgp")]
mod pgp;
#[cfg(feature = "window")]
mod window;
