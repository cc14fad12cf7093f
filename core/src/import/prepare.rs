//! A conversation read from an export, made into the rows the store keeps: a thread, its
//! messages and their attachments, each checked by the rule of its column, with ids derived
//! from the source so that importing again finds the same rows. Nothing here writes.

use crate::content::model::{Attachment, Message, Thread};
use crate::error::Result;
use crate::import::conversation::{Notes, SourceConversation, SourceTime};
use crate::import::model::{ChatFormat, ImportIssueKind};
use crate::import::source::Export;
use crate::limits::CONTENT_MAX_BYTES;
use crate::schema;
use crate::schema::rules::{TIME_MAX, is_invisible};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Where the rows go and what they come from: the parts every derived id is made of.
pub(super) struct Target<'a> {
    pub(super) workspace_id: &'a str,
    pub(super) project_id: Option<&'a str>,
    pub(super) format: ChatFormat,
}

/// The rows of one conversation, checked and ready to write.
pub(super) struct Prepared {
    pub(super) thread: Thread,
    pub(super) messages: Vec<Message>,
    pub(super) attachments: Vec<Attachment>,
}

/// The title of a thread whose conversation has none and no text to take one from.
const UNTITLED: &str = "Untitled conversation";

/// `conversation` as rows for `target`, its images looked for in `export`. `Err` is why the
/// whole conversation is left out.
pub(super) fn prepare<'a>(
    conversation: SourceConversation,
    target: &Target<'_>,
    export: &Export<'a>,
    archive: &mut Option<super::source::ZipReader<'a>>,
    notes: &mut Notes,
) -> Result<Prepared, String> {
    if conversation.messages.is_empty() {
        return Err("holds no message to keep".into());
    }
    let note_time = |notes: &mut Notes, item: Option<&str>, what: &str, time: &SourceTime| {
        if let Some(shown) = invalid_time(time) {
            notes.add(
                ImportIssueKind::ValueReplaced,
                item,
                format!("its {what} {shown} is not a time from 1970 to 9999"),
            );
        }
    };
    note_time(notes, None, "creation time", &conversation.created);
    note_time(notes, None, "update time", &conversation.updated);
    let earliest = conversation.messages.iter().filter_map(|message| valid_time(&message.draft.created)).min();
    let created = valid_time(&conversation.created).or(valid_time(&conversation.updated)).or(earliest).unwrap_or(0);
    let updated = valid_time(&conversation.updated).unwrap_or(created).max(created);
    let thread_id = derived_id(created, target, "conversation", &[&conversation.id]);
    let first_text =
        conversation.messages.iter().map(|message| message.draft.text.as_str()).find(|text| !text.trim().is_empty());
    let thread = Thread {
        id: thread_id.clone(),
        workspace_id: target.workspace_id.to_owned(),
        project_id: target.project_id.map(str::to_owned),
        title: title(conversation.title.as_deref(), first_text, notes),
        pinned: false,
        archived: conversation.archived,
        last_message_at: None,
        created_at: created,
        updated_at: updated,
    };

    let mut messages: Vec<Message> = Vec::with_capacity(conversation.messages.len());
    // Where each source message went in `messages` (none when left out here).
    let mut placed: Vec<Option<usize>> = Vec::with_capacity(conversation.messages.len());
    let mut seen = HashSet::new();
    let mut attachments = Vec::new();
    for source in conversation.messages {
        let item = Some(source.id.as_str());
        let parent = source.parent.and_then(|parent| placed[parent]);
        let draft = source.draft;
        note_time(notes, item, "creation time", &draft.created);
        let fallback = parent.map_or(created, |parent| messages[parent].created_at);
        let message_created = valid_time(&draft.created).unwrap_or(fallback);
        let message_updated = valid_time(&draft.updated).unwrap_or(message_created).max(message_created);
        let id = derived_id(message_created, target, "message", &[&conversation.id, &source.id]);
        if !seen.insert(id.clone()) {
            notes.add(ImportIssueKind::MessageSkipped, item, "repeats the id of an earlier message");
            placed.push(parent);
            continue;
        }
        let content = content(draft.text, item, notes);
        let content = schema::messages::content.text(&content).map_err(|error| error.to_string())?;
        let model = draft.model.and_then(|model| match schema::messages::model.text(&model) {
            Ok(model) => Some(model),
            Err(_) => {
                notes.add(
                    ImportIssueKind::ValueReplaced,
                    item,
                    format!("its model {} is not a name; left out", crate::schema::rules::shown(&model)),
                );
                None
            }
        });
        let provider = draft.provider.and_then(|provider| schema::messages::provider.text(provider).ok());
        for file in draft.files {
            let file_item = Some(file.name.as_str());
            if let Some(absent) = file.absent {
                notes.add(ImportIssueKind::FileSkipped, file_item, absent);
                continue;
            }
            match export.image(archive, &file.file_id) {
                Ok(Some(found)) => attachments.push(Attachment {
                    id: derived_id(
                        message_created,
                        target,
                        "attachment",
                        &[&conversation.id, &source.id, &file.file_id],
                    ),
                    message_id: id.clone(),
                    thread_id: thread_id.clone(),
                    filename: filename(&found.name, &file.file_id),
                    mime: mime(&found.name).to_owned(),
                    size_bytes: found.size,
                    sha256: found.sha256,
                    bytes: crate::content::model::AttachmentBytes::None,
                    kept_elsewhere: false,
                    created_at: message_created,
                    updated_at: message_created,
                }),
                Ok(None) if export.is_zip() => {
                    notes.add(ImportIssueKind::FileSkipped, file_item, "its bytes are not in the zip")
                }
                Ok(None) => notes.add(
                    ImportIssueKind::FileSkipped,
                    file_item,
                    "its bytes are not in the export (import the .zip to keep images)",
                ),
                Err(reason) => notes.add(ImportIssueKind::FileSkipped, file_item, reason),
            }
        }
        placed.push(Some(messages.len()));
        messages.push(Message {
            id,
            thread_id: thread_id.clone(),
            role: draft.role,
            content,
            parent_id: parent.map(|parent| messages[parent].id.clone()),
            provider,
            model,
            prompt_tokens: None,
            completion_tokens: None,
            created_at: message_created,
            updated_at: message_updated,
        });
    }
    Ok(Prepared { thread, messages, attachments })
}

/// A UUIDv8 for a row imported from a source: its first 48 bits the source's time in
/// milliseconds (so ids sort by time, as the store's UUIDv7s do), the rest SHA-256 of the
/// workspace, the format, the kind of row and the source's ids. The same export imported into
/// the same workspace gives the same ids; another workspace, other ids.
pub(super) fn derived_id(millis: i64, target: &Target<'_>, kind: &str, source: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in [target.workspace_id, target.format.name(), kind].iter().chain(source) {
        // Length-prefixed, so that no two lists of parts hash the same bytes.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    let millis = millis.clamp(0, TIME_MAX) as u64;
    bytes[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
    bytes[6..].copy_from_slice(&digest[..10]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8: custom
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
    uuid::Uuid::from_bytes(bytes).hyphenated().to_string()
}

/// A source time the store accepts.
fn valid_time(time: &SourceTime) -> Option<i64> {
    match time {
        Some(Ok(millis)) if (0..=TIME_MAX).contains(millis) => Some(*millis),
        _ => None,
    }
}

/// How a time that is there but cannot be kept is shown in the report.
fn invalid_time(time: &SourceTime) -> Option<String> {
    match time {
        None => None,
        Some(Ok(millis)) if (0..=TIME_MAX).contains(millis) => None,
        Some(Ok(millis)) => Some(format!("{millis} ms")),
        Some(Err(shown)) => Some(shown.clone()),
    }
}

/// `text` as the store keeps it: NUL characters (which the content rule refuses) replaced by
/// U+FFFD, and cut at a character boundary with a marker when over the content limit.
fn content(mut text: String, item: Option<&str>, notes: &mut Notes) -> String {
    if text.contains('\0') {
        let count = text.matches('\0').count();
        text = text.replace('\0', "\u{FFFD}");
        notes.add(ImportIssueKind::ValueReplaced, item, format!("{count} NUL characters replaced by U+FFFD"));
    }
    if text.len() > CONTENT_MAX_BYTES {
        let original = text.len();
        let marker = format!("\n[truncated by import: {} bytes]", thousands(original as u64));
        let mut cut = CONTENT_MAX_BYTES - marker.len();
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str(&marker);
        notes.add(
            ImportIssueKind::MessageTruncated,
            item,
            format!("{} bytes, kept the first {cut}", thousands(original as u64)),
        );
    }
    text
}

/// `52428800` as `52,428,800`.
pub(super) fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The thread's title: the conversation's as one visible line of at most 200 characters,
/// else the first line of its first message, else [`UNTITLED`].
fn title(given: Option<&str>, first_text: Option<&str>, notes: &mut Notes) -> String {
    if let Some(given) = given.filter(|given| !given.chars().all(is_invisible)) {
        if let Ok(title) = schema::threads::title.text(given) {
            return title;
        }
        if let Some(title) = one_line(given) {
            notes.add(
                ImportIssueKind::ValueReplaced,
                None,
                format!(
                    "its title {} is not one line of at most 200 characters; shortened",
                    crate::schema::rules::shown(given)
                ),
            );
            return title;
        }
    }
    first_text
        .and_then(|text| text.lines().find(|line| !line.chars().all(is_invisible)))
        .and_then(one_line)
        .unwrap_or_else(|| UNTITLED.to_owned())
}

/// `text` as one visible line the title rule accepts: control characters and line breaks as
/// spaces, runs of spaces as one, cut to 200 characters.
fn one_line(text: &str) -> Option<String> {
    let spaced: String =
        text.chars().map(|c| if c.is_control() || c == '\u{2028}' || c == '\u{2029}' { ' ' } else { c }).collect();
    let mut line = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > crate::limits::NAME_MAX {
        line = line.chars().take(crate::limits::NAME_MAX - 1).collect::<String>().trim_end().to_owned() + "…";
    }
    schema::threads::title.text(&line).ok()
}

/// An attachment's file name: the zip entry's, else the file id, else `image`.
fn filename(name: &str, file_id: &str) -> String {
    [name, file_id, "image"]
        .into_iter()
        .find_map(|name| schema::attachments::filename.text(name).ok())
        .unwrap_or_else(|| "image".into())
}

/// A media type from a file name's extension.
fn mime(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "webm" => "audio/webm",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_uuidv8_time_first_and_differ_by_every_part() {
        let target = Target { workspace_id: "ws", project_id: None, format: ChatFormat::ChatGpt };
        let id = derived_id(1_700_000_000_123, &target, "message", &["c", "m"]);
        let uuid = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(uuid.get_version_num(), 8);
        assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(
            u64::from_be_bytes([
                0,
                0,
                uuid.as_bytes()[0],
                uuid.as_bytes()[1],
                uuid.as_bytes()[2],
                uuid.as_bytes()[3],
                uuid.as_bytes()[4],
                uuid.as_bytes()[5]
            ]),
            1_700_000_000_123
        );
        assert_eq!(id, derived_id(1_700_000_000_123, &target, "message", &["c", "m"]));
        let other_ws = Target { workspace_id: "ws2", ..target };
        assert_ne!(id, derived_id(1_700_000_000_123, &other_ws, "message", &["c", "m"]));
        let claude = Target { format: ChatFormat::Claude, ..target };
        assert_ne!(id, derived_id(1_700_000_000_123, &claude, "message", &["c", "m"]));
        assert_ne!(id, derived_id(1_700_000_000_123, &target, "message", &["cm", ""]));
        assert_ne!(id, derived_id(1_700_000_000_123, &target, "conversation", &["c", "m"]));
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary_with_a_marker() {
        let mut notes = Notes::default();
        let text = "é".repeat(CONTENT_MAX_BYTES); // 2 MiB
        let kept = content(text, Some("m"), &mut notes);
        assert!(kept.len() <= CONTENT_MAX_BYTES);
        assert!(kept.ends_with("\n[truncated by import: 2,097,152 bytes]"), "{}", &kept[kept.len() - 50..]);
        assert_eq!(notes.0[0].0, ImportIssueKind::MessageTruncated);
        assert_eq!(content("a\0b".into(), None, &mut notes), "a\u{FFFD}b");
        assert_eq!(thousands(52_428_800), "52,428,800");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn titles_become_one_visible_line() {
        let mut notes = Notes::default();
        assert_eq!(title(Some("  Plans "), None, &mut notes), "Plans");
        assert_eq!(title(Some("two\nlines"), None, &mut notes), "two lines");
        assert_eq!(title(Some(&"x".repeat(300)), None, &mut notes).chars().count(), 200);
        assert_eq!(title(None, Some("\n\nfirst line\nsecond"), &mut notes), "first line");
        assert_eq!(title(Some("\u{200B}"), None, &mut notes), UNTITLED);
    }
}
