//! Claude's export: `conversations.json` is an array of conversations (`uuid`, `name`,
//! `created_at`, `chat_messages`), each message with a `sender`, ISO-8601 times, `content`
//! blocks (text, thinking, tool use and results) or a plain `text`, `attachments` whose text
//! was extracted, and `files` whose bytes the export does not carry. A message names its
//! parent in `parent_message_uuid` (branches); without one, messages follow each other.

use crate::content::model::MessageRole;
use crate::import::conversation::{
    Draft, Node, Notes, Skip, SourceConversation, SourceFile, SourceTime, assemble, fenced, join, shown_value,
};
use crate::import::model::ImportIssueKind;
use crate::schema::rules::shown;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The parent Claude gives the first message of a conversation.
const ROOT_PARENT: &str = "00000000-0000-4000-8000-000000000000";

#[derive(Deserialize)]
struct Conversation {
    #[serde(default)]
    uuid: Value,
    #[serde(default)]
    name: Value,
    #[serde(default)]
    created_at: Value,
    #[serde(default)]
    updated_at: Value,
    chat_messages: Vec<Value>,
    #[serde(default)]
    model: Value,
}

/// The conversation in `bytes` (one element of the array), or why it is left out.
pub(super) fn read(bytes: &[u8], notes: &mut Notes) -> Result<SourceConversation, Skip> {
    let conversation: Conversation = serde_json::from_slice(bytes).map_err(|error| {
        let id = serde_json::from_slice::<Value>(bytes)
            .ok()
            .and_then(|value| value.get("uuid")?.as_str().map(str::to_owned));
        Skip::new(id.as_deref(), format!("is not a Claude conversation: {error}"))
    })?;
    let id = match conversation.uuid.as_str() {
        Some(id) if !id.trim().is_empty() => id.to_owned(),
        _ => return Err(Skip::new(None, "has no uuid")),
    };
    let model = conversation.model.as_str().filter(|model| !model.trim().is_empty());

    // First pass: each message's id and draft; parents are resolved once every id is known
    // (a parent may come later in the array).
    let mut nodes: Vec<Node> = Vec::new();
    let mut parents: Vec<Option<String>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (at, message) in conversation.chat_messages.iter().enumerate() {
        let Some(uuid) = message.get("uuid").and_then(Value::as_str).filter(|uuid| !uuid.trim().is_empty()) else {
            notes.add(ImportIssueKind::MessageSkipped, Some(&format!("#{at}")), "has no uuid");
            continue;
        };
        if index.contains_key(uuid) {
            notes.add(ImportIssueKind::MessageSkipped, Some(uuid), "repeats the uuid of an earlier message");
            continue;
        }
        let parent = match message.get("parent_message_uuid") {
            Some(Value::String(parent)) if parent == ROOT_PARENT => Some(String::new()),
            Some(Value::String(parent)) => Some(parent.clone()),
            Some(Value::Null) | None => None,
            Some(other) => {
                return Err(Skip::new(
                    Some(&id),
                    format!(
                        "message {} has a parent_message_uuid of the wrong type: {}",
                        shown(uuid),
                        shown_value(other)
                    ),
                ));
            }
        };
        index.insert(uuid.to_owned(), nodes.len());
        parents.push(parent);
        nodes.push(Node { id: uuid.to_owned(), parent: None, draft: draft(uuid, message, model, notes) });
    }
    // Without a parent named, a message answers the one before it.
    for (at, parent) in parents.iter().enumerate() {
        nodes[at].parent = match parent.as_deref() {
            None => at.checked_sub(1),
            Some("") => None,
            Some(parent) => match index.get(parent) {
                Some(&parent) => Some(parent),
                None => {
                    return Err(Skip::new(
                        Some(&id),
                        format!(
                            "message {} names a parent that is not in the conversation: {}",
                            shown(&nodes[at].id),
                            shown(parent)
                        ),
                    ));
                }
            },
        };
    }
    let messages = assemble(nodes).map_err(|reason| Skip::new(Some(&id), reason))?;
    Ok(SourceConversation {
        id,
        title: conversation.name.as_str().map(str::to_owned),
        created: iso(&conversation.created_at),
        updated: iso(&conversation.updated_at),
        archived: false,
        messages,
    })
}

/// An RFC 3339 time (`2024-03-15T10:22:33.123456Z`) as UTC milliseconds.
fn iso(value: &Value) -> SourceTime {
    match value {
        Value::Null => None,
        Value::String(text) => Some(match OffsetDateTime::parse(text, &Rfc3339) {
            Ok(time) => i64::try_from(time.unix_timestamp_nanos() / 1_000_000).map_err(|_| shown(text)),
            Err(_) => Err(shown(text)),
        }),
        other => Some(Err(shown_value(other))),
    }
}

/// Message `uuid` as a draft, or `None` (noted).
fn draft(uuid: &str, message: &Value, model: Option<&str>, notes: &mut Notes) -> Option<Draft> {
    let role = match message.get("sender").and_then(Value::as_str) {
        Some("human") => MessageRole::User,
        Some("assistant") => MessageRole::Assistant,
        Some(other) => {
            notes.add(
                ImportIssueKind::MessageSkipped,
                Some(uuid),
                format!("has a sender the store does not know: {}", shown(other)),
            );
            return None;
        }
        None => {
            notes.add(ImportIssueKind::MessageSkipped, Some(uuid), "has no sender");
            return None;
        }
    };
    let mut blocks = Vec::new();
    for block in message.get("content").and_then(Value::as_array).into_iter().flatten() {
        match block_text(block) {
            Ok(text) => blocks.push(text),
            Err(kind) => notes.add(ImportIssueKind::PartDropped, Some(uuid), format!("a {kind} block is not kept")),
        }
    }
    if blocks.iter().all(|block| block.trim().is_empty()) {
        // Older exports carry only `text`; newer ones both, the same words.
        blocks = vec![message.get("text").and_then(Value::as_str).unwrap_or_default().to_owned()];
    }
    let mut files = Vec::new();
    for attachment in message.get("attachments").and_then(Value::as_array).into_iter().flatten() {
        let name = file_name(attachment);
        match attachment.get("extracted_content").and_then(Value::as_str) {
            Some(extracted) if !extracted.trim().is_empty() => {
                blocks.push(format!("[attachment: {name}]\n{extracted}"))
            }
            _ => {
                files.push(SourceFile { file_id: String::new(), name, absent: Some("its bytes are not in the export") })
            }
        }
    }
    for file in message.get("files").and_then(Value::as_array).into_iter().flatten() {
        files.push(SourceFile {
            file_id: String::new(),
            name: file_name(file),
            absent: Some("its bytes are not in the export"),
        });
    }
    let text = join(blocks);
    if text.trim().is_empty() && files.is_empty() {
        notes.add(ImportIssueKind::MessageSkipped, Some(uuid), "holds no text");
        return None;
    }
    let assistant = role == MessageRole::Assistant;
    Some(Draft {
        role,
        text,
        model: model.filter(|_| assistant).map(str::to_owned),
        provider: assistant.then_some("anthropic"),
        created: iso(message.get("created_at").unwrap_or(&Value::Null)),
        updated: iso(message.get("updated_at").unwrap_or(&Value::Null)),
        files,
    })
}

fn file_name(file: &Value) -> String {
    file.get("file_name").and_then(Value::as_str).filter(|name| !name.trim().is_empty()).unwrap_or("file").to_owned()
}

/// The text of one content block, or its type when it is one this import does not keep.
fn block_text(block: &Value) -> Result<String, String> {
    let field = |name: &str| block.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    let kind = block.get("type").and_then(Value::as_str).unwrap_or("untyped");
    match kind {
        "text" => Ok(field("text")),
        "thinking" => Ok(match field("thinking") {
            thinking if thinking.trim().is_empty() => String::new(),
            thinking => format!("[thinking]\n{thinking}"),
        }),
        "tool_use" => {
            let input = block.get("input").map(|input| serde_json::to_string_pretty(input).unwrap_or_default());
            Ok(format!("[tool use: {}]\n{}", field("name"), fenced("json", &input.unwrap_or_default())))
        }
        "tool_result" => {
            let content = match block.get("content") {
                Some(Value::String(text)) => text.clone(),
                Some(Value::Array(parts)) => {
                    join(parts.iter().filter_map(|part| part.get("text").and_then(Value::as_str)).map(str::to_owned))
                }
                _ => String::new(),
            };
            Ok(format!("[tool result: {}]\n{content}", field("name")))
        }
        other => Err(shown(other)),
    }
}
