//! ChatGPT's export: `conversations.json` is an array of conversations, each a `mapping` of
//! node ids to nodes (`message`, `parent`, `children`), the visible branch ending at
//! `current_node`. Every branch is kept; nodes without a message, and messages hidden from
//! the conversation, are left out and their children hang from the nearest kept ancestor.

use crate::content::model::MessageRole;
use crate::import::conversation::{
    Draft, Node, Notes, Skip, SourceConversation, SourceFile, SourceTime, assemble, fenced, join, shown_value,
};
use crate::import::model::ImportIssueKind;
use crate::schema::rules::shown;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Conversation {
    #[serde(default)]
    title: Value,
    #[serde(default)]
    create_time: Value,
    #[serde(default)]
    update_time: Value,
    mapping: HashMap<String, RawNode>,
    #[serde(default)]
    conversation_id: Value,
    #[serde(default)]
    id: Value,
    #[serde(default)]
    default_model_slug: Value,
    #[serde(default)]
    is_archived: Value,
}

#[derive(Deserialize)]
struct RawNode {
    #[serde(default)]
    message: Value,
    #[serde(default)]
    parent: Value,
}

/// The conversation in `bytes` (one element of the array), or why it is left out.
pub(super) fn read(bytes: &[u8], notes: &mut Notes) -> Result<SourceConversation, Skip> {
    // The id first, so that a conversation refused below can still be named in the report.
    let conversation: Conversation = serde_json::from_slice(bytes).map_err(|error| {
        let id = serde_json::from_slice::<Ids>(bytes).ok().and_then(|ids| ids.id());
        Skip::new(id.as_deref(), format!("is not a ChatGPT conversation: {error}"))
    })?;
    let id = Ids { conversation_id: conversation.conversation_id.clone(), id: conversation.id.clone() }
        .id()
        .ok_or_else(|| Skip::new(None, "has no conversation_id or id"))?;
    let default_model = conversation.default_model_slug.as_str().map(str::to_owned);

    // Nodes in time order (then by id), so that siblings and the messages' order are the
    // same at every import of the same file.
    let mut keys: Vec<(Option<i64>, &String)> = conversation
        .mapping
        .iter()
        .map(|(key, node)| (seconds(node.message.get("create_time")).and_then(Result::ok), key))
        .collect();
    keys.sort();
    let index: HashMap<&str, usize> = keys.iter().enumerate().map(|(at, (_, key))| (key.as_str(), at)).collect();
    let mut nodes = Vec::with_capacity(keys.len());
    for (_, key) in &keys {
        let raw = &conversation.mapping[*key];
        let parent = match &raw.parent {
            Value::Null => None,
            Value::String(parent) => match index.get(parent.as_str()) {
                Some(&at) => Some(at),
                None => {
                    return Err(Skip::new(
                        Some(&id),
                        format!(
                            "node {} names a parent that is not in its mapping: {}",
                            shown(key),
                            shown_value(&raw.parent)
                        ),
                    ));
                }
            },
            other => {
                return Err(Skip::new(
                    Some(&id),
                    format!("node {} has a parent of the wrong type: {}", shown(key), shown_value(other)),
                ));
            }
        };
        let draft = match &raw.message {
            Value::Null => None,
            message => draft(key, message, default_model.as_deref(), notes),
        };
        nodes.push(Node { id: (*key).clone(), parent, draft });
    }
    let messages = assemble(nodes).map_err(|reason| Skip::new(Some(&id), reason))?;
    Ok(SourceConversation {
        id,
        title: conversation.title.as_str().map(str::to_owned),
        created: seconds(Some(&conversation.create_time)),
        updated: seconds(Some(&conversation.update_time)),
        archived: conversation.is_archived.as_bool().unwrap_or(false),
        messages,
    })
}

/// Just the ids of a conversation, for naming one that cannot be read whole.
#[derive(Deserialize)]
struct Ids {
    #[serde(default)]
    conversation_id: Value,
    #[serde(default)]
    id: Value,
}

impl Ids {
    fn id(&self) -> Option<String> {
        [&self.conversation_id, &self.id]
            .into_iter()
            .filter_map(Value::as_str)
            .find(|id| !id.trim().is_empty())
            .map(str::to_owned)
    }
}

/// A time in seconds (ChatGPT's `create_time`, a float) as milliseconds.
fn seconds(value: Option<&Value>) -> SourceTime {
    match value? {
        Value::Null => None,
        Value::Number(number) => {
            let millis = number.as_f64().map(|secs| (secs * 1000.0).round());
            Some(match millis {
                Some(millis) if millis.is_finite() && millis.abs() < 9.0e18 => Ok(millis as i64),
                _ => Err(number.to_string()),
            })
        }
        other => Some(Err(shown_value(other))),
    }
}

/// The message of node `key` as a draft, or `None` (noted unless it is ChatGPT's own
/// scaffolding: hidden messages, empty system and tool turns).
fn draft(key: &str, message: &Value, default_model: Option<&str>, notes: &mut Notes) -> Option<Draft> {
    let skip = |notes: &mut Notes, reason: String| {
        notes.add(ImportIssueKind::MessageSkipped, Some(key), reason);
        None
    };
    if !message.is_object() {
        return skip(notes, format!("its message is {}, not an object", shown_value(message)));
    }
    let metadata = message.get("metadata");
    let hidden = metadata.and_then(|meta| meta.get("is_visually_hidden_from_conversation")).and_then(Value::as_bool);
    if hidden == Some(true) {
        return None;
    }
    let role = match message.pointer("/author/role").and_then(Value::as_str) {
        Some("user") => MessageRole::User,
        Some("assistant") => MessageRole::Assistant,
        Some("system") => MessageRole::System,
        Some("tool") => MessageRole::Tool,
        Some(other) => return skip(notes, format!("has an author role the store does not know: {}", shown(other))),
        None => return skip(notes, "has no author role".into()),
    };
    let content = message.get("content").unwrap_or(&Value::Null);
    let kind = content.get("content_type").and_then(Value::as_str).unwrap_or("(none)");
    let rendered = render(kind, content);
    for part in &rendered.dropped {
        notes.add(ImportIssueKind::PartDropped, Some(key), format!("a {part} part is not kept"));
    }
    if rendered.text.trim().is_empty() && rendered.files.is_empty() {
        // ChatGPT's own empty turns (the system prompt placeholder, a tool's empty reply) are
        // scaffolding, not something the person saw.
        if matches!(role, MessageRole::System | MessageRole::Tool) || kind == "text" && role != MessageRole::User {
            return None;
        }
        return skip(notes, format!("its {} content holds no text", shown(kind)));
    }
    let model = metadata.and_then(|meta| meta.get("model_slug")).and_then(Value::as_str).map(str::to_owned);
    let assistant = role == MessageRole::Assistant;
    Some(Draft {
        role,
        text: rendered.text,
        model: model.or_else(|| default_model.filter(|_| assistant).map(str::to_owned)),
        provider: assistant.then_some("openai"),
        created: seconds(message.get("create_time")),
        updated: seconds(message.get("update_time")),
        files: rendered.files,
    })
}

struct Rendered {
    text: String,
    files: Vec<SourceFile>,
    dropped: Vec<String>,
}

/// The text of a message's `content` of type `kind`, the files it points to, and the parts
/// it leaves out.
fn render(kind: &str, content: &Value) -> Rendered {
    let text = |name: &str| content.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    let mut files = Vec::new();
    let mut dropped = Vec::new();
    let blocks: Vec<String> = match kind {
        "text" => strings(content.get("parts")),
        "code" => vec![fenced(content.get("language").and_then(Value::as_str).unwrap_or(""), &text("text"))],
        "multimodal_text" => {
            let mut blocks = Vec::new();
            for part in content.get("parts").and_then(Value::as_array).into_iter().flatten() {
                match part {
                    Value::String(part) => blocks.push(part.clone()),
                    Value::Object(object) => {
                        if let Some(pointer) = object.get("asset_pointer").and_then(Value::as_str) {
                            files.push(pointed(pointer));
                        } else if let Some(part) = object.get("text").and_then(Value::as_str) {
                            blocks.push(part.to_owned());
                        } else {
                            let kind = object.get("content_type").and_then(Value::as_str).unwrap_or("untyped");
                            dropped.push(shown(kind));
                        }
                    }
                    _ => {}
                }
            }
            blocks
        }
        "tether_quote" => vec![join([text("title"), text("url")]), quoted(&text("text"))],
        "tether_browsing_display" => vec![text("result"), text("summary")],
        "thoughts" => content
            .get("thoughts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|thought| {
                let field = |name| thought.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
                join([field("summary"), field("content")])
            })
            .collect(),
        "reasoning_recap" => vec![text("content")],
        "system_error" => vec![join([text("name"), text("text")])],
        "user_editable_context" => vec![text("user_profile"), text("user_instructions")],
        // execution_output, and types this code does not know: whatever text they carry.
        _ => {
            let mut blocks = vec![text("text"), text("result")];
            blocks.extend(strings(content.get("parts")));
            if let Some(inner) = content.get("content").and_then(Value::as_str) {
                blocks.push(inner.to_owned());
            }
            blocks
        }
    };
    Rendered { text: join(blocks), files, dropped }
}

/// The strings of an array (`parts`), other values left out.
fn strings(parts: Option<&Value>) -> Vec<String> {
    parts.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// `text` as a Markdown quotation.
fn quoted(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    text.lines().map(|line| format!("> {line}")).collect::<Vec<_>>().join("\n")
}

/// An image or audio part's asset pointer (`file-service://file-abc`, `sediment://file_abc`):
/// the zip names the file after the id that follows the scheme.
fn pointed(pointer: &str) -> SourceFile {
    let file_id = pointer.split_once("://").map_or(pointer, |(_, id)| id).trim().to_owned();
    SourceFile { name: file_id.clone(), file_id, absent: None }
}
