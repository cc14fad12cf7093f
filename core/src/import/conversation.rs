//! A conversation as both formats are read into: messages in parents-first order, each
//! linked to its nearest kept ancestor, before any of the store's rules is applied.

use crate::content::model::MessageRole;
use crate::import::model::ImportIssueKind;

/// A time as the export gives it: absent, unreadable (shown for the report), or UTC
/// milliseconds (which may still lie outside what the store accepts).
pub(super) type SourceTime = Option<Result<i64, String>>;

/// A conversation read from an export.
pub(super) struct SourceConversation {
    pub(super) id: String,
    pub(super) title: Option<String>,
    pub(super) created: SourceTime,
    pub(super) updated: SourceTime,
    pub(super) archived: bool,
    /// Parents before children.
    pub(super) messages: Vec<SourceMessage>,
}

/// A message read from an export, kept.
#[derive(Debug)]
pub(super) struct SourceMessage {
    pub(super) id: String,
    /// Index in [`SourceConversation::messages`] of its nearest kept ancestor.
    pub(super) parent: Option<usize>,
    pub(super) draft: Draft,
}

/// What a message says, once its format has been understood.
#[derive(Debug)]
pub(super) struct Draft {
    pub(super) role: MessageRole,
    pub(super) text: String,
    pub(super) model: Option<String>,
    pub(super) provider: Option<&'static str>,
    pub(super) created: SourceTime,
    pub(super) updated: SourceTime,
    /// Images and files the message names, to be looked for in the zip.
    pub(super) files: Vec<SourceFile>,
}

/// An image or file a message names.
#[derive(Debug)]
pub(super) struct SourceFile {
    /// How the zip names it (ChatGPT's file id), empty when the export never holds its bytes.
    pub(super) file_id: String,
    /// Its name, for the report and the attachment record.
    pub(super) name: String,
    /// Why its bytes cannot be in the export, when they cannot.
    pub(super) absent: Option<&'static str>,
}

/// A node of a conversation's tree: its id, its parent (index), and its message if it is kept.
pub(super) struct Node {
    pub(super) id: String,
    pub(super) parent: Option<usize>,
    pub(super) draft: Option<Draft>,
}

/// Notes about one conversation, kept until it is known where it stands in the file.
#[derive(Default)]
pub(super) struct Notes(pub(super) Vec<(ImportIssueKind, Option<String>, String)>);

impl Notes {
    pub(super) fn add(&mut self, kind: ImportIssueKind, item: Option<&str>, reason: impl Into<String>) {
        self.0.push((kind, item.map(str::to_owned), reason.into()));
    }
}

/// `nodes` (in the order siblings should keep) as kept messages, parents first, each linked
/// to its nearest kept ancestor; a cycle in the parent links is an error naming a node on it.
pub(super) fn assemble(nodes: Vec<Node>) -> Result<Vec<SourceMessage>, String> {
    let count = nodes.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut roots = Vec::new();
    for (index, node) in nodes.iter().enumerate() {
        match node.parent {
            Some(parent) if parent < count => children[parent].push(index),
            Some(_) => {
                return Err(format!(
                    "message {} names a parent outside the conversation",
                    crate::schema::rules::shown(&node.id)
                ));
            }
            None => roots.push(index),
        }
    }
    // Depth first from each root, children in their given order.
    let mut order = Vec::with_capacity(count);
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    let mut seen = vec![false; count];
    while let Some(index) = stack.pop() {
        if std::mem::replace(&mut seen[index], true) {
            continue;
        }
        order.push(index);
        stack.extend(children[index].iter().rev().copied().filter(|&child| !seen[child]));
    }
    if order.len() < count {
        let lost = seen.iter().position(|seen| !seen).unwrap_or(0);
        return Err(format!(
            "the parent links of message {} form a cycle",
            crate::schema::rules::shown(&nodes[lost].id)
        ));
    }
    let mut nodes: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
    let mut kept_as: Vec<Option<usize>> = vec![None; count];
    let mut messages = Vec::new();
    for index in order {
        let Some(node) = nodes[index].take() else { continue };
        let nearest = node.parent.and_then(|parent| kept_as[parent]);
        match node.draft {
            Some(draft) => {
                kept_as[index] = Some(messages.len());
                messages.push(SourceMessage { id: node.id, parent: nearest, draft });
            }
            None => kept_as[index] = nearest,
        }
    }
    Ok(messages)
}

/// Text blocks joined by a blank line, empty ones left out.
pub(super) fn join(blocks: impl IntoIterator<Item = String>) -> String {
    let mut text = String::new();
    for block in blocks {
        if block.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&block);
    }
    text
}

/// `code` as a fenced Markdown block in `language` (a fence longer than any run of backticks
/// inside).
pub(super) fn fenced(language: &str, code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest.max(2) + 1);
    let language = match language.trim() {
        "unknown" => "",
        language if language.chars().all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c)) => language,
        _ => "",
    };
    format!("{fence}{language}\n{code}\n{fence}")
}

/// Why a whole conversation is left out, with its id when it was read that far.
pub(super) struct Skip {
    pub(super) id: Option<String>,
    pub(super) reason: String,
}

impl Skip {
    pub(super) fn new(id: Option<&str>, reason: impl Into<String>) -> Self {
        Self { id: id.map(str::to_owned), reason: reason.into() }
    }
}

/// A JSON value for a message: its type, or a string or number cut short.
pub(super) fn shown_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => crate::schema::rules::shown(text),
        serde_json::Value::Number(number) => number.to_string(),
        serde_json::Value::Null => "null".into(),
        serde_json::Value::Bool(flag) => flag.to_string(),
        serde_json::Value::Array(_) => "an array".into(),
        serde_json::Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, parent: Option<usize>, kept: bool) -> Node {
        let draft = kept.then(|| Draft {
            role: MessageRole::User,
            text: id.to_owned(),
            model: None,
            provider: None,
            created: None,
            updated: None,
            files: Vec::new(),
        });
        Node { id: id.to_owned(), parent, draft }
    }

    #[test]
    fn children_of_a_skipped_node_hang_from_its_nearest_kept_ancestor() {
        // root(skipped) -> a -> hidden(skipped) -> {b, c}; c -> d
        let nodes = vec![
            node("d", Some(4), true),
            node("root", None, false),
            node("a", Some(1), true),
            node("hidden", Some(2), false),
            node("c", Some(3), true),
            node("b", Some(3), true),
        ];
        let messages = assemble(nodes).unwrap();
        let ids: Vec<_> = messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "d", "b"]);
        let parent = |id: &str| {
            let m = messages.iter().find(|m| m.id == id).unwrap();
            m.parent.map(|p| messages[p].id.clone())
        };
        assert_eq!(parent("a"), None);
        assert_eq!(parent("b").as_deref(), Some("a"));
        assert_eq!(parent("c").as_deref(), Some("a"));
        assert_eq!(parent("d").as_deref(), Some("c"));
    }

    #[test]
    fn a_cycle_is_an_error() {
        let nodes = vec![node("root", None, true), node("x", Some(2), true), node("y", Some(1), true)];
        assert!(assemble(nodes).unwrap_err().contains("cycle"));
        assert!(assemble(vec![node("self", Some(0), true)]).unwrap_err().contains("cycle"));
    }

    #[test]
    fn code_fences_outgrow_the_backticks_inside() {
        assert_eq!(fenced("python", "print(1)"), "```python\nprint(1)\n```");
        assert_eq!(fenced("unknown", "a ```` b"), "`````\na ```` b\n`````");
    }
}
