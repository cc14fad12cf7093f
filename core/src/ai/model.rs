//! The records of the AI domain: provider configurations, the ledger of AI calls and its
//! usage queries, orchestration flows and the results of their steps.

use serde::{Deserialize, Serialize};

/// Longest provider base URL, in bytes.
pub const PROVIDER_URL_MAX: usize = crate::schema::rules::URL.max;
/// Longest error text of an AI call or a flow step, in characters.
pub const AI_ERROR_MAX: usize = crate::schema::rules::ERROR_TEXT.max;
/// Longest flow description, in characters.
pub const FLOW_DESCRIPTION_MAX: usize = crate::schema::rules::DESCRIPTION.max;
/// Most steps in one flow.
pub const FLOW_STEPS_MAX: usize = 50;
/// Largest prompt template of one flow step, in bytes (64 KiB).
pub const PROMPT_TEMPLATE_MAX_BYTES: usize = crate::schema::rules::TEMPLATE.max;
/// Longest name of a flow step input, in bytes.
pub const FLOW_INPUT_NAME_MAX: usize = 64;

/// The AI providers the app talks to. Stored and serialised lowercase (`openai`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// OpenAI (`openai`).
    OpenAi,
    /// Anthropic (`anthropic`).
    Anthropic,
    /// Google (`google`).
    Google,
    /// Mistral AI (`mistral`).
    Mistral,
    /// A model served on this device or network (`local`); needs a `base_url`.
    Local,
    /// Any other endpoint (`custom`); needs a `base_url`.
    Custom,
}

crate::values::sql_enum!(ProviderKind {
    OpenAi => "openai",
    Anthropic => "anthropic",
    Google => "google",
    Mistral => "mistral",
    Local => "local",
    Custom => "custom",
});

/// How an AI call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum InteractionStatus {
    /// The provider answered.
    Succeeded,
    /// The call failed; `error` says why.
    Failed,
    /// The call was stopped before it finished.
    Cancelled,
}

crate::values::sql_enum!(InteractionStatus { Succeeded => "succeeded", Failed => "failed", Cancelled => "cancelled" });

/// Where one step of a flow run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    /// Not started yet.
    Pending,
    /// Started, not finished.
    Running,
    /// Finished with an output.
    Succeeded,
    /// Finished with an error.
    Failed,
    /// Not run (a condition was not met, or an earlier step failed).
    Skipped,
}

crate::values::sql_enum!(StepStatus {
    Pending => "pending",
    Running => "running",
    Succeeded => "succeeded",
    Failed => "failed",
    Skipped => "skipped",
});

/// How a user reaches one AI provider. The API key is deliberately not part of it: keys
/// arrive with the encryption work, sealed, and are never stored in plaintext.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProviderConfig {
    /// UUIDv7.
    pub id: String,
    /// The user it belongs to.
    pub user_id: String,
    /// Which provider it reaches; fixed once created.
    pub kind: ProviderKind,
    /// 1 to [`crate::limits::NAME_MAX`] characters, unique among the user's configs.
    pub display_name: String,
    /// An `http` or `https` URL of at most [`crate::PROVIDER_URL_MAX`] bytes; always set for
    /// `local` and `custom`.
    pub base_url: Option<String>,
    /// The model used when a call names none.
    pub default_model: Option<String>,
    /// Whether the app offers it.
    pub enabled: bool,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes on every update.
    pub updated_at: i64,
}

/// A secret a provider config may hold, sealed (see [`crate::ProviderConfigs::set_secret`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    /// The API key the provider issued (`api_key`).
    ApiKey,
    /// An OAuth access token (`access_token`).
    AccessToken,
    /// An OAuth refresh token (`refresh_token`).
    RefreshToken,
}

crate::values::sql_enum!(SecretKind { ApiKey => "api_key", AccessToken => "access_token", RefreshToken => "refresh_token" });

/// Longest secret one provider config may hold, in bytes.
pub const SECRET_MAX_BYTES: usize = crate::schema::rules::SECRET.max;

/// What [`crate::ProviderConfigs::create`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewProviderConfig {
    /// The live user who owns it.
    pub user_id: String,
    /// Which provider it reaches.
    pub kind: ProviderKind,
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed; unique among the user's configs.
    pub display_name: String,
    /// An `http` or `https` URL such as `http://localhost:11434/v1`; required for `local`
    /// and `custom`. It must not carry credentials (`user:password@`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub base_url: Option<String>,
    /// The model used when a call names none, 1 to [`crate::limits::NAME_MAX`] characters.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub default_model: Option<String>,
    /// Whether the app offers it; `true` when left out.
    #[serde(default = "yes")]
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

impl NewProviderConfig {
    /// An enabled config of `kind` for user `user_id`, with no base URL or default model.
    pub fn new(user_id: impl Into<String>, kind: ProviderKind, display_name: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            kind,
            display_name: display_name.into(),
            base_url: None,
            default_model: None,
            enabled: true,
        }
    }
}

/// Changes to a provider config ([`crate::ProviderConfigs::update`]): a field left `None`
/// stays as it is. An empty `base_url` or `default_model` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct ProviderConfigPatch {
    /// A new display name, unique among the user's configs.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub display_name: Option<String>,
    /// A new base URL; `""` removes it (not allowed for `local` and `custom`).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub base_url: Option<String>,
    /// A new default model; `""` removes it.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub default_model: Option<String>,
    /// Turn it on or off.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub enabled: Option<bool>,
}

/// One AI call in the ledger: who was called, for what, how much it used and cost.
/// The ledger is append-only: an entry is recorded, read and deleted, never edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    /// UUIDv7.
    pub id: String,
    /// The provider config used; `None` when none was, or once that config is deleted.
    pub config_id: Option<String>,
    /// The provider called (kept when the config is deleted).
    pub provider: ProviderKind,
    /// The workspace the call was made for, if any.
    pub workspace_id: Option<String>,
    /// The thread the call was made for, if any (in `workspace_id`).
    pub thread_id: Option<String>,
    /// The message the call produced or answered, if any (in `thread_id`).
    pub message_id: Option<String>,
    /// The model called.
    pub model: String,
    /// Tokens sent.
    pub prompt_tokens: u32,
    /// Tokens received.
    pub completion_tokens: u32,
    /// How long the call took.
    pub latency_ms: u32,
    /// What it cost, in millionths of `currency` (1 USD = 1,000,000).
    pub cost_micros: u64,
    /// ISO 4217 code of the cost, such as `USD`.
    pub currency: String,
    /// How the call ended.
    pub status: InteractionStatus,
    /// Why it failed or was cancelled.
    pub error: Option<String>,
    /// When the call happened, UTC milliseconds ([`NewInteraction::occurred_at`], now by
    /// default): the ledger's time, which lists order by and usage queries group and filter
    /// by. The id's UUIDv7 timestamp is this time too.
    pub created_at: i64,
    /// When the entry was written, UTC milliseconds (the ledger is never edited).
    pub updated_at: i64,
}

/// An AI call to record ([`crate::Interactions::record`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewInteraction {
    /// The provider config used, if any.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub config_id: Option<String>,
    /// The provider called: required without `config_id`; with it, left out or equal to the
    /// config's kind.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub provider: Option<ProviderKind>,
    /// The live workspace the call was made for. Derived from the thread (or message) when
    /// left out.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub workspace_id: Option<String>,
    /// A live thread of `workspace_id`. Derived from the message when left out.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub thread_id: Option<String>,
    /// A live message of `thread_id`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub message_id: Option<String>,
    /// The model called, 1 to [`crate::limits::NAME_MAX`] characters.
    pub model: String,
    /// Tokens sent.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub prompt_tokens: u32,
    /// Tokens received.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub completion_tokens: u32,
    /// How long the call took.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub latency_ms: u32,
    /// What it cost, in millionths of `currency`; at most `i64::MAX`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub cost_micros: u64,
    /// ISO 4217 code: three uppercase letters, such as `USD`.
    pub currency: String,
    /// How the call ended.
    pub status: InteractionStatus,
    /// Why it failed or was cancelled, at most [`crate::AI_ERROR_MAX`] characters; not
    /// allowed on a call that succeeded.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub error: Option<String>,
    /// When the call happened, UTC milliseconds (not negative); now when left out. Lets an
    /// import place calls on the days they were made.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub occurred_at: Option<i64>,
}

impl NewInteraction {
    /// A succeeded call of `model` at `provider`, costing `cost_micros` of `currency`, with
    /// no tokens, latency, config or place yet.
    pub fn new(
        provider: ProviderKind,
        model: impl Into<String>,
        cost_micros: u64,
        currency: impl Into<String>,
    ) -> Self {
        Self {
            config_id: None,
            provider: Some(provider),
            workspace_id: None,
            thread_id: None,
            message_id: None,
            model: model.into(),
            prompt_tokens: 0,
            completion_tokens: 0,
            latency_ms: 0,
            cost_micros,
            currency: currency.into(),
            status: InteractionStatus::Succeeded,
            error: None,
            occurred_at: None,
        }
    }
}

/// Which interactions [`crate::Interactions::list`] returns: every set field must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct InteractionFilter {
    /// Only calls made for this live workspace.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub workspace_id: Option<String>,
    /// Only calls made for this live thread.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub thread_id: Option<String>,
    /// Only calls made through this provider config.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub config_id: Option<String>,
    /// Only calls that happened at or after this UTC millisecond.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub from: Option<i64>,
    /// Only calls that happened before this UTC millisecond.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub to: Option<i64>,
}

/// What the rows of a usage query are grouped by (and always by currency as well).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum UsageGrouping {
    /// The provider's name, such as `openai`.
    Provider,
    /// The model.
    Model,
    /// The UTC day the call happened, `YYYY-MM-DD`.
    Day,
    /// The workspace id; `""` for calls made for no workspace.
    Workspace,
}

/// A usage query over the ledger ([`crate::Interactions::usage`], [`crate::Interactions::totals`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UsageQuery {
    /// What rows are grouped by (ignored by `totals`).
    pub group_by: UsageGrouping,
    /// Only calls that happened at or after this UTC millisecond.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub from: Option<i64>,
    /// Only calls that happened before this UTC millisecond (`[from, to)`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub to: Option<i64>,
    /// Only calls made for this workspace.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub workspace_id: Option<String>,
    /// Only calls to this provider.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub provider: Option<ProviderKind>,
}

impl UsageQuery {
    /// All calls, grouped by `group_by`.
    pub fn by(group_by: UsageGrouping) -> Self {
        Self { group_by, from: None, to: None, workspace_id: None, provider: None }
    }
}

/// Usage of one group in one currency. Amounts in different currencies are never added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UsageRow {
    /// The group: a provider name, a model, a UTC day `YYYY-MM-DD`, or a workspace id
    /// (`""` for no workspace), as [`UsageQuery::group_by`] asks.
    pub key: String,
    /// ISO 4217 code of `cost_micros`.
    pub currency: String,
    /// How many calls.
    pub interactions: u64,
    /// Tokens sent.
    pub prompt_tokens: u64,
    /// Tokens received.
    pub completion_tokens: u64,
    /// `prompt_tokens + completion_tokens`.
    pub total_tokens: u64,
    /// Cost in millionths of `currency`.
    pub cost_micros: u64,
    /// Latency of all the calls added up.
    pub total_latency_ms: u64,
    /// `total_latency_ms / interactions`, rounded down.
    pub avg_latency_ms: u64,
}

/// Usage in one currency over everything a [`UsageQuery`] selects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UsageTotal {
    /// ISO 4217 code of `cost_micros`.
    pub currency: String,
    /// How many calls.
    pub interactions: u64,
    /// Tokens sent.
    pub prompt_tokens: u64,
    /// Tokens received.
    pub completion_tokens: u64,
    /// `prompt_tokens + completion_tokens`.
    pub total_tokens: u64,
    /// Cost in millionths of `currency`.
    pub cost_micros: u64,
    /// Latency of all the calls added up.
    pub total_latency_ms: u64,
    /// `total_latency_ms / interactions`, rounded down.
    pub avg_latency_ms: u64,
}

/// One step of a flow: a prompt template sent to a model. Stored in the flow as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FlowStep {
    /// The provider to call.
    pub provider: ProviderKind,
    /// The model to call, 1 to [`crate::limits::NAME_MAX`] characters.
    pub model: String,
    /// The prompt, at most [`crate::PROMPT_TEMPLATE_MAX_BYTES`] bytes; `{{name}}` is replaced
    /// by input `name`, which must be declared in `inputs`.
    pub prompt_template: String,
    /// The inputs the template uses: distinct names of letters, digits, `_`, `-` and `.`,
    /// starting with a letter or `_`, at most [`crate::FLOW_INPUT_NAME_MAX`] bytes each.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub inputs: Vec<String>,
}

/// A named sequence of model calls in a workspace. (Called `OrchestrationFlow`, not `Flow`,
/// so that it does not clash with Kotlin's `kotlinx.coroutines.flow.Flow`.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct OrchestrationFlow {
    /// UUIDv7.
    pub id: String,
    /// The workspace it belongs to.
    pub workspace_id: String,
    /// 1 to [`crate::limits::NAME_MAX`] characters, unique in the workspace.
    pub name: String,
    /// At most [`crate::FLOW_DESCRIPTION_MAX`] characters; may be empty.
    pub description: String,
    /// 1 to [`crate::FLOW_STEPS_MAX`] steps, run in order.
    pub steps: Vec<FlowStep>,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes on every update.
    pub updated_at: i64,
}

/// What [`crate::Flows::create`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewFlow {
    /// The live workspace it belongs to.
    pub workspace_id: String,
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed; unique in the workspace.
    pub name: String,
    /// At most [`crate::FLOW_DESCRIPTION_MAX`] characters; empty when left out.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub description: String,
    /// 1 to [`crate::FLOW_STEPS_MAX`] steps.
    pub steps: Vec<FlowStep>,
}

/// Changes to a flow ([`crate::Flows::update`]): a field left `None` stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct FlowPatch {
    /// A new name, unique in the workspace.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// A new description (`""` empties it).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub description: Option<String>,
    /// New steps, replacing all the old ones. Results already recorded are kept.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub steps: Option<Vec<FlowStep>>,
}

/// The result of one step in one run of a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    /// UUIDv7.
    pub id: String,
    /// The flow that ran.
    pub flow_id: String,
    /// The run ([`crate::Flows::start_run`]).
    pub run_id: String,
    /// Which step of the flow, from 0.
    pub step_index: u32,
    /// The AI call the step made, if any (`None` once that call is deleted).
    pub interaction_id: Option<String>,
    /// What the step produced.
    pub output: Option<String>,
    /// Where it stands.
    pub status: StepStatus,
    /// Why it failed or was skipped.
    pub error: Option<String>,
    /// When it started, UTC milliseconds.
    pub started_at: Option<i64>,
    /// When it finished, UTC milliseconds; not before `started_at`.
    pub finished_at: Option<i64>,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes on every update.
    pub updated_at: i64,
}

/// A step result to record ([`crate::Flows::record_step`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewStepResult {
    /// The live flow that runs.
    pub flow_id: String,
    /// A run id from [`crate::Flows::start_run`] of this flow.
    pub run_id: String,
    /// Which step, less than the flow's number of steps; once per run.
    pub step_index: u32,
    /// The AI call the step made, if any (of the flow's workspace, if it has one).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub interaction_id: Option<String>,
    /// What the step produced, at most [`crate::limits::CONTENT_MAX_BYTES`] bytes.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub output: Option<String>,
    /// Where it stands.
    pub status: StepStatus,
    /// Why it failed or was skipped, at most [`crate::AI_ERROR_MAX`] characters; only
    /// with status `failed` or `skipped`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub error: Option<String>,
    /// When it started, UTC milliseconds.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub started_at: Option<i64>,
    /// When it finished, UTC milliseconds; not before `started_at`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub finished_at: Option<i64>,
}

impl NewStepResult {
    /// Step `step_index` of run `run_id` of flow `flow_id`, with `status` and nothing else.
    pub fn new(flow_id: impl Into<String>, run_id: impl Into<String>, step_index: u32, status: StepStatus) -> Self {
        Self {
            flow_id: flow_id.into(),
            run_id: run_id.into(),
            step_index,
            interaction_id: None,
            output: None,
            status,
            error: None,
            started_at: None,
            finished_at: None,
        }
    }
}

/// Changes to a step result ([`crate::Flows::update_step`]) as the step moves on: a field
/// left `None` stays as it is. The result as changed is checked like a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct StepResultPatch {
    /// The AI call the step made.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub interaction_id: Option<String>,
    /// What the step produced.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub output: Option<String>,
    /// Where it stands now.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub status: Option<StepStatus>,
    /// Why it failed or was skipped (`""` clears it).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub error: Option<String>,
    /// When it started.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub started_at: Option<i64>,
    /// When it finished.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub finished_at: Option<i64>,
}
