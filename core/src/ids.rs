//! Record ids (UUIDv7, time-ordered) and the clock (UTC milliseconds).

use crate::error::{Error, Result};
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
        .map_err(|_| Error::invalid(field, format!("{id:?} is not a UUID")))
}
