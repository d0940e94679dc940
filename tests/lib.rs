#[cfg(feature = "mail")]
mod mail;
#[cfg(feature = "pgp")]
mod pgp;
#[cfg(any(feature = "pgp", feature = "window"))]
mod regressions;
mod rooms;
#[cfg(feature = "pgp")]
mod spoofing;
#[cfg(feature = "pgp")]
mod tamper;
#[cfg(feature = "window")]
mod window;
