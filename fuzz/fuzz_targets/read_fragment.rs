//! `window::read_fragment` of any text: never a panic, and what it reads
//! is a link that writes back to one that reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sealpost::window::{read_fragment, share_fragment};

fuzz_target!(|data: &[u8]| {
    let Ok(fragment) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(link) = read_fragment(fragment) {
        let again = share_fragment(&link).expect("a link that was read can be written");
        assert_eq!(read_fragment(&again).as_ref(), Ok(&link), "{again}");
    }
});
