//! The URL-hash parser (`PageState::parse`): every link, embed attribute and CLI `plot` option goes
//! through it. Properties: never panics; whatever it accepts writes back a hash that parses to the
//! same state, and that hash is stable.
#![no_main]

use activation_lab::state::PageState;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The browser hands over `location.hash` as a JS string: lossy decoding models any bytes.
    let hash = String::from_utf8_lossy(data);
    if let Ok(state) = PageState::parse(&hash) {
        let written = state.to_hash();
        let again = PageState::parse(&written)
            .unwrap_or_else(|e| panic!("accepted {hash:?} but its own hash {written:?} is rejected: {e}"));
        assert_eq!(again, state, "round trip changed the state: {hash:?} -> {written:?}");
        assert_eq!(again.to_hash(), written, "hash not stable");
    }
});
