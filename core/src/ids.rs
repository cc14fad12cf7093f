//! Record ids (UUIDv7, time-ordered) and the clock (UTC milliseconds).

use crate::error::{Error, Result};
use crate::schema::rules::shown;
use uuid::Uuid;

/// A fresh UUIDv7 and the UTC millisecond it was made at, so `created_at` matches the id.
pub(crate) fn new_id() -> (String, i64) {
    let id = Uuid::now_v7();
    let millis = id
        .get_timestamp()
        .map(|ts| {
            let (secs, nanos) = ts.to_unix();
            secs as i64 * 1000 + i64::from(nanos / 1_000_000)
        })
        .unwrap_or_else(now_ms);
    (id.to_string(), millis)
}

/// Milliseconds since the Unix epoch, UTC. `web_time` reads `Date.now()` in the browser.
pub(crate) fn now_ms() -> i64 {
    web_time::SystemTime::now().duration_since(web_time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// The id in the one spelling the store keeps (lowercase, hyphenated), so an id written
/// another valid way (`uuidString` in Swift is uppercase) finds its record; anything that
/// is not a UUID is rejected before it reaches SQL, naming the argument.
pub(crate) fn parse_id(field: &'static str, id: &str) -> Result<String> {
    Uuid::try_parse(id)
        .map(|uuid| uuid.hyphenated().to_string())
        .map_err(|_| Error::invalid(field, format!("{} is not a UUID", shown(id))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(id: &str) -> String {
        match parse_id("thread_id", id) {
            Err(Error::InvalidInput { field: "thread_id", reason }) => reason,
            other => panic!("expected InvalidInput on thread_id, got {other:?}"),
        }
    }

    #[test]
    fn any_valid_spelling_becomes_lowercase_hyphenated() {
        let canonical = "0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b";
        for id in [
            canonical,
            "0190A5B2-7C3D-7E4F-8A9B-0C1D2E3F4A5B",
            "0190a5b27c3d7e4f8a9b0c1d2e3f4a5b",
            "{0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b}",
        ] {
            assert_eq!(parse_id("id", id).unwrap(), canonical, "for {id:?}");
        }
    }

    #[test]
    fn a_rejected_id_is_shown_cut_short() {
        assert_eq!(reason("nope"), "\"nope\" is not a UUID");
        let long = "x".repeat(1_000_000);
        let shown = reason(&long);
        assert!(shown.len() < 100, "{} bytes: {shown}", shown.len());
        assert!(shown.ends_with("… (1000000 bytes) is not a UUID"), "{shown}");
    }
}
