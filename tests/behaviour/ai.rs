//! Behaviour of the ai domain: provider configs, the interaction ledger and its cost queries,
//! orchestration flows and the results of their runs.

use super::*;
use unified_store::{
    AuditFilter, FlowPatch, FlowStep, Interaction, InteractionFilter, InteractionStatus, NewFlow, NewInteraction,
    NewProviderConfig, NewStepResult, OrchestrationFlow, ProviderConfigPatch, ProviderKind, StepResultPatch,
    StepStatus, UsageGrouping, UsageQuery, UsageRow, UsageTotal,
};

/// The ai behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __ai_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(ai; $($args)*; provider_configs_crud, provider_config_inputs_are_checked, provider_config_names_are_unique_per_user, provider_config_changes_are_audited_and_owned, deleting_a_provider_config_keeps_its_ledger, interactions_are_checked, interactions_take_their_place_and_list_by_filter, usage_groups_match_hand_computed_totals, usage_time_ranges_are_half_open, flows_crud_and_steps_round_trip, flow_steps_are_checked, run_results_come_back_in_step_order, step_results_are_checked, deleting_a_flow_removes_its_runs);
    };
}

const UNKNOWN: &str = "01890a5d-ac96-774b-bcce-b302099a8057";
/// 2026-03-01, 2026-03-02, 2026-03-03 and 2026-03-04 at 00:00:00.000 UTC.
const DAY1: i64 = 1_772_323_200_000;
const DAY2: i64 = 1_772_409_600_000;
const DAY3: i64 = 1_772_496_000_000;
const DAY4: i64 = 1_772_582_400_000;
const HOUR: i64 = 3_600_000;

fn is_denied(error: &StoreError) -> bool {
    matches!(error, StoreError::PermissionDenied { .. })
}

fn config(user_id: &str, kind: ProviderKind, name: &str) -> NewProviderConfig {
    NewProviderConfig::new(user_id, kind, name)
}

/// A succeeded call of `model` at `provider` in `workspace_id`, placed at `at`.
fn call(provider: ProviderKind, model: &str, workspace_id: Option<&str>, at: i64) -> NewInteraction {
    NewInteraction {
        workspace_id: workspace_id.map(str::to_owned),
        occurred_at: Some(at),
        ..NewInteraction::new(provider, model, 0, "USD")
    }
}

fn step(model: &str, template: &str, inputs: &[&str]) -> FlowStep {
    FlowStep {
        provider: ProviderKind::Anthropic,
        model: model.into(),
        prompt_template: template.into(),
        inputs: inputs.iter().map(|input| (*input).to_owned()).collect(),
    }
}

fn new_flow(workspace_id: &str, name: &str, steps: Vec<FlowStep>) -> NewFlow {
    NewFlow { workspace_id: workspace_id.into(), name: name.into(), description: String::new(), steps }
}

/// A flow of three steps in workspace `workspace_id`.
fn three_steps(store: &Store, workspace_id: &str, name: &str) -> OrchestrationFlow {
    let steps = vec![
        step("claude-haiku", "Outline {{topic}}", &["topic"]),
        step("claude-sonnet", "Draft from {{outline}} for {{ audience }}", &["outline", "audience"]),
        step("claude-haiku", "Proofread {{draft}}", &["draft"]),
    ];
    store.flows().create(&new_flow(workspace_id, name, steps)).unwrap()
}

fn audit_actions(store: &Store, entity: &str, id: &str) -> Vec<(String, String)> {
    let filter = AuditFilter { entity: Some(entity.into()), entity_id: Some(id.into()), ..AuditFilter::default() };
    let mut entries = store.audit().list(&filter, &page(100)).unwrap();
    entries.sort_by_key(|entry| entry.seq);
    entries.into_iter().map(|entry| (entry.action, entry.details)).collect()
}

pub fn provider_configs_crud(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let providers = store.providers();
    let openai = providers.create(&config(&ada.id, ProviderKind::OpenAi, "  Work OpenAI  ")).unwrap();
    assert_eq!(openai.display_name, "Work OpenAI", "names are trimmed");
    assert_eq!((openai.kind, openai.enabled, openai.base_url.as_deref()), (ProviderKind::OpenAi, true, None));
    assert_eq!(openai.created_at, openai.updated_at);
    let local = providers
        .create(&NewProviderConfig {
            base_url: Some(" http://localhost:11434/v1 ".into()),
            default_model: Some("llama3".into()),
            enabled: false,
            ..config(&ada.id, ProviderKind::Local, "Ollama")
        })
        .unwrap();
    assert_eq!(local.base_url.as_deref(), Some("http://localhost:11434/v1"));
    assert_eq!((local.default_model.as_deref(), local.enabled), (Some("llama3"), false));
    assert_eq!(providers.get(&local.id).unwrap(), local);
    assert_eq!(providers.get(&local.id.to_uppercase()).unwrap(), local, "ids in other spellings");

    let other = user(&store, "Grace").unwrap();
    let graces = providers.create(&config(&other.id, ProviderKind::Mistral, "Mistral")).unwrap();
    assert_eq!(providers.list(&ada.id, &page(10)).unwrap(), [local.clone(), openai.clone()], "newest first, own only");
    assert_eq!(providers.list(&other.id, &page(10)).unwrap(), [graces]);
    let second_page = PageRequest { limit: 1, after: Some(local.id.clone()) };
    assert_eq!(providers.list(&ada.id, &second_page).unwrap(), [openai.clone()]);

    let patch = ProviderConfigPatch {
        display_name: Some("Personal OpenAI".into()),
        base_url: Some("https://api.openai.com/v1".into()),
        default_model: Some("gpt-4o".into()),
        enabled: None,
    };
    let updated = providers.update(&openai.id, &patch).unwrap();
    assert_eq!(updated.display_name, "Personal OpenAI");
    assert_eq!(updated.base_url.as_deref(), Some("https://api.openai.com/v1"));
    assert_eq!(updated.default_model.as_deref(), Some("gpt-4o"));
    assert!(updated.enabled && updated.updated_at >= openai.updated_at && updated.created_at == openai.created_at);
    assert_eq!(providers.get(&openai.id).unwrap(), updated);

    let cleared = providers
        .update(&openai.id, &ProviderConfigPatch { base_url: Some(String::new()), ..ProviderConfigPatch::default() })
        .unwrap();
    assert_eq!((cleared.base_url, cleared.default_model.as_deref()), (None, Some("gpt-4o")), "\"\" clears");
    assert!(providers.set_enabled(&local.id, true).unwrap().enabled);
    assert!(!providers.set_enabled(&local.id, false).unwrap().enabled);
    assert!(!providers.get(&local.id).unwrap().enabled);

    providers.delete(&local.id).unwrap();
    assert_eq!(entity_of(providers.get(&local.id).unwrap_err()), "provider_config");
    assert_eq!(entity_of(providers.delete(&local.id).unwrap_err()), "provider_config", "deleting twice");
    assert_eq!(providers.list(&ada.id, &page(10)).unwrap().len(), 1);
    assert_eq!(entity_of(providers.list(UNKNOWN, &page(10)).unwrap_err()), "user");
}

pub fn provider_config_inputs_are_checked(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let providers = store.providers();
    let with_url =
        |kind, url: &str| NewProviderConfig { base_url: Some(url.into()), ..config(&ada.id, kind, "Endpoint") };
    let bad_urls = [
        "",
        "localhost:11434",
        "ftp://example.com",
        "http://",
        "http:///v1",
        "https://exa mple.com",
        "https://user:secret@example.com/v1",
        "http://host:99999",
        "http://host:+80",
        "http://[::1",
        "http://-bad-.example.com",
        "http://a..b",
    ];
    for url in bad_urls {
        let error = providers.create(&with_url(ProviderKind::Custom, url)).unwrap_err();
        assert_eq!(field_of(error), "base_url", "{url:?}");
    }
    let long = format!("https://example.com/{}", "a".repeat(2048));
    assert_eq!(field_of(providers.create(&with_url(ProviderKind::Custom, &long)).unwrap_err()), "base_url");
    for url in ["http://localhost:11434", "HTTPS://api.example.com/v1?x=1#y", "http://[::1]:8080/v1", "http://10.0.0.2"]
    {
        let created = providers
            .create(&NewProviderConfig { display_name: url.into(), ..with_url(ProviderKind::Custom, url) })
            .unwrap_or_else(|e| panic!("{url:?}: {e}"));
        assert!(created.base_url.unwrap().starts_with("http"), "{url:?}: the scheme is kept, lowercase");
    }
    let before = providers.list(&ada.id, &page(100)).unwrap();

    for kind in [ProviderKind::Custom, ProviderKind::Local] {
        assert_eq!(field_of(providers.create(&config(&ada.id, kind, "No URL")).unwrap_err()), "base_url");
    }
    assert_eq!(field_of(providers.create(&config(&ada.id, ProviderKind::Google, "  ")).unwrap_err()), "display_name");
    let long_name = "n".repeat(201);
    assert_eq!(
        field_of(providers.create(&config(&ada.id, ProviderKind::Google, &long_name)).unwrap_err()),
        "display_name"
    );
    let empty_model =
        NewProviderConfig { default_model: Some(" ".into()), ..config(&ada.id, ProviderKind::Google, "G") };
    assert_eq!(field_of(providers.create(&empty_model).unwrap_err()), "default_model");
    assert_eq!(entity_of(providers.create(&config(UNKNOWN, ProviderKind::Google, "G")).unwrap_err()), "user");
    assert_eq!(field_of(providers.create(&config("not-an-id", ProviderKind::Google, "G")).unwrap_err()), "user_id");

    let local = providers.create(&with_url(ProviderKind::Local, "http://localhost:1234")).unwrap();
    let clear_url = ProviderConfigPatch { base_url: Some(String::new()), ..ProviderConfigPatch::default() };
    assert_eq!(field_of(providers.update(&local.id, &clear_url).unwrap_err()), "base_url", "local keeps its URL");
    let bad_url =
        ProviderConfigPatch { base_url: Some("mailto:x@example.com".into()), ..ProviderConfigPatch::default() };
    assert_eq!(field_of(providers.update(&local.id, &bad_url).unwrap_err()), "base_url");
    assert_eq!(providers.get(&local.id).unwrap(), local, "a rejected update changes nothing");
    assert_eq!(entity_of(providers.update(UNKNOWN, &clear_url).unwrap_err()), "provider_config");
    assert_eq!(providers.list(&ada.id, &page(100)).unwrap().len(), before.len() + 1, "rejected creates wrote nothing");
}

pub fn provider_config_names_are_unique_per_user(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let grace = user(&store, "Grace").unwrap();
    let providers = store.providers();
    let first = providers.create(&config(&ada.id, ProviderKind::Anthropic, "Claude")).unwrap();
    let second = providers.create(&config(&ada.id, ProviderKind::Anthropic, "Claude backup")).unwrap();
    for name in ["Claude", " claude "] {
        let error = providers.create(&config(&ada.id, ProviderKind::OpenAi, name)).unwrap_err();
        assert_eq!(conflict_field(error), "display_name", "{name:?}");
    }
    providers.create(&config(&grace.id, ProviderKind::Anthropic, "Claude")).unwrap();

    let rename = |name: &str| ProviderConfigPatch { display_name: Some(name.into()), ..ProviderConfigPatch::default() };
    assert_eq!(conflict_field(providers.update(&second.id, &rename("CLAUDE")).unwrap_err()), "display_name");
    assert_eq!(providers.get(&second.id).unwrap(), second);
    let recased = providers.update(&first.id, &rename("CLAUDE")).unwrap();
    assert_eq!(recased.display_name, "CLAUDE", "a config may change the case of its own name");
    assert_eq!(providers.list(&ada.id, &page(10)).unwrap().len(), 2);
}

pub fn provider_config_changes_are_audited_and_owned(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let grace = user(&store, "Grace").unwrap();
    let providers = store.providers();
    let secret_url = "https://proxy.example.com/v1?token=s3cr3t";
    let created = providers
        .create(&NewProviderConfig {
            base_url: Some(secret_url.into()),
            ..config(&ada.id, ProviderKind::Custom, "Proxy")
        })
        .unwrap();
    providers.set_enabled(&created.id, false).unwrap();
    providers.update(&created.id, &ProviderConfigPatch::default()).unwrap(); // no change, no entry
    providers.delete(&created.id).unwrap();
    let entries = audit_actions(&store, "provider_config", &created.id);
    let actions: Vec<_> = entries.iter().map(|(action, _)| action.as_str()).collect();
    assert_eq!(actions, ["provider_config.create", "provider_config.update", "provider_config.delete"]);
    for (action, details) in &entries {
        assert!(details.contains("\"custom\"") && details.contains("Proxy"), "{action}: {details}");
        assert!(!details.contains("s3cr3t") && !details.contains("proxy.example.com"), "{action} leaks: {details}");
    }
    assert!(entries[1].1.contains(r#""changed":["enabled"]"#), "the update names what changed: {}", entries[1].1);
    assert!(!entries[0].1.contains("changed"));

    let as_ada = store.acting_as(&ada.id).unwrap();
    let as_grace = store.acting_as(&grace.id).unwrap();
    let adas = as_ada.providers().create(&config(&ada.id, ProviderKind::OpenAi, "Mine")).unwrap();
    assert!(is_denied(&as_grace.providers().create(&config(&ada.id, ProviderKind::OpenAi, "Hers")).unwrap_err()));
    assert!(is_denied(&as_grace.providers().set_enabled(&adas.id, false).unwrap_err()));
    assert!(is_denied(&as_grace.providers().delete(&adas.id).unwrap_err()));
    let by_config = NewInteraction {
        config_id: Some(adas.id.clone()),
        provider: None,
        ..call(ProviderKind::OpenAi, "m", None, DAY1)
    };
    assert!(is_denied(&as_grace.interactions().record(&by_config).unwrap_err()), "nobody spends on another's config");
    assert_eq!(providers.get(&adas.id).unwrap(), adas, "refused changes change nothing");
    as_ada.interactions().record(&by_config).unwrap();
    as_ada.providers().delete(&adas.id).unwrap();
}

pub fn deleting_a_provider_config_keeps_its_ledger(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let ws = workspace(&store, "W").unwrap();
    let cfg = store.providers().create(&config(&ada.id, ProviderKind::Anthropic, "Claude")).unwrap();
    let interactions = store.interactions();
    let by_config = NewInteraction {
        config_id: Some(cfg.id.clone()),
        provider: None,
        prompt_tokens: 12,
        cost_micros: 3400,
        ..call(ProviderKind::Anthropic, "claude-sonnet", Some(&ws.id), DAY1)
    };
    let recorded = interactions.record(&by_config).unwrap();
    assert_eq!((recorded.provider, recorded.config_id.as_deref()), (ProviderKind::Anthropic, Some(cfg.id.as_str())));
    let filter = InteractionFilter { config_id: Some(cfg.id.clone()), ..InteractionFilter::default() };
    assert_eq!(interactions.list(&filter, &page(10)).unwrap(), [recorded.clone()]);

    store.providers().delete(&cfg.id).unwrap();
    let kept = interactions.get(&recorded.id).unwrap();
    assert_eq!(kept, Interaction { config_id: None, ..recorded.clone() }, "only the config reference is cleared");
    assert_eq!(interactions.list(&InteractionFilter::default(), &page(10)).unwrap(), [kept]);
    assert_eq!(entity_of(interactions.list(&filter, &page(10)).unwrap_err()), "provider_config");
    let totals = interactions.totals(&UsageQuery::by(UsageGrouping::Provider)).unwrap();
    assert_eq!((totals.len(), totals[0].cost_micros, totals[0].prompt_tokens), (1, 3400, 12), "its cost still counts");
}

pub fn interactions_are_checked(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let a = workspace(&store, "A").unwrap();
    let b = workspace(&store, "B").unwrap();
    let thread_a = store.threads().create(&a.id, "in A").unwrap();
    let thread_b = store.threads().create(&b.id, "in B").unwrap();
    let message_b = store.messages().append(&thread_b.id, MessageRole::Assistant, "answer").unwrap();
    let cfg = store.providers().create(&config(&ada.id, ProviderKind::OpenAi, "OpenAI")).unwrap();
    let good = || call(ProviderKind::OpenAi, "gpt-4o", Some(&a.id), DAY1);
    let interactions = store.interactions();

    let invalid: Vec<(&str, NewInteraction)> = vec![
        ("currency", NewInteraction { currency: "usd".into(), ..good() }),
        ("currency", NewInteraction { currency: "US".into(), ..good() }),
        ("currency", NewInteraction { currency: "USDT".into(), ..good() }),
        ("currency", NewInteraction { currency: "U$D".into(), ..good() }),
        ("currency", NewInteraction { currency: String::new(), ..good() }),
        ("thread_id", NewInteraction { thread_id: Some(thread_b.id.clone()), ..good() }),
        ("message_id", NewInteraction { message_id: Some(message_b.id.clone()), ..good() }),
        (
            "message_id",
            NewInteraction { thread_id: Some(thread_a.id.clone()), message_id: Some(message_b.id.clone()), ..good() },
        ),
        ("provider", NewInteraction { provider: None, ..good() }),
        (
            "provider",
            NewInteraction { config_id: Some(cfg.id.clone()), provider: Some(ProviderKind::Google), ..good() },
        ),
        ("model", NewInteraction { model: "  ".into(), ..good() }),
        ("model", NewInteraction { model: "m".repeat(201), ..good() }),
        ("error", NewInteraction { error: Some("boom".into()), ..good() }),
        ("error", NewInteraction { error: Some("e".repeat(10_001)), status: InteractionStatus::Failed, ..good() }),
        ("cost_micros", NewInteraction { cost_micros: u64::MAX, ..good() }),
        ("occurred_at", NewInteraction { occurred_at: Some(-1), ..good() }),
        ("workspace_id", NewInteraction { workspace_id: Some("nope".into()), ..good() }),
        ("config_id", NewInteraction { config_id: Some("nope".into()), ..good() }),
    ];
    for (field, new) in &invalid {
        assert_eq!(field_of(interactions.record(new).unwrap_err()), *field, "{new:?}");
    }
    let missing: Vec<(&str, NewInteraction)> = vec![
        ("provider_config", NewInteraction { config_id: Some(UNKNOWN.into()), ..good() }),
        ("workspace", NewInteraction { workspace_id: Some(UNKNOWN.into()), ..good() }),
        ("thread", NewInteraction { thread_id: Some(UNKNOWN.into()), ..good() }),
        ("message", NewInteraction { message_id: Some(UNKNOWN.into()), ..good() }),
    ];
    for (entity, new) in &missing {
        assert_eq!(entity_of(interactions.record(new).unwrap_err()), *entity, "{new:?}");
    }
    assert_eq!(entity_of(interactions.get(UNKNOWN).unwrap_err()), "interaction");
    assert!(interactions.list(&InteractionFilter::default(), &page(10)).unwrap().is_empty(), "nothing was written");
    assert!(interactions.totals(&UsageQuery::by(UsageGrouping::Day)).unwrap().is_empty());

    let failed = interactions
        .record(&NewInteraction { status: InteractionStatus::Failed, error: Some(" timeout ".into()), ..good() })
        .unwrap();
    assert_eq!((failed.status, failed.error.as_deref()), (InteractionStatus::Failed, Some("timeout")));
    let by_config = interactions.record(&NewInteraction { config_id: Some(cfg.id.clone()), provider: None, ..good() });
    assert_eq!(by_config.unwrap().provider, ProviderKind::OpenAi, "the provider defaults to the config's kind");
    let largest = NewInteraction { cost_micros: unified_store::limits::AMOUNT_MAX, ..good() };
    let largest = interactions.record(&largest).unwrap();
    assert_eq!(interactions.get(&largest.id).unwrap().cost_micros, unified_store::limits::AMOUNT_MAX);
    let over = interactions.record(&NewInteraction { cost_micros: unified_store::limits::AMOUNT_MAX + 1, ..good() });
    assert_eq!(field_of(over.unwrap_err()), "cost_micros");
}

pub fn interactions_take_their_place_and_list_by_filter(store: Store) {
    let a = workspace(&store, "A").unwrap();
    let b = workspace(&store, "B").unwrap();
    let thread = store.threads().create(&a.id, "T").unwrap();
    let message = store.messages().append(&thread.id, MessageRole::Assistant, "hi").unwrap();
    let interactions = store.interactions();

    let from_thread = interactions
        .record(&NewInteraction { thread_id: Some(thread.id.clone()), ..call(ProviderKind::OpenAi, "m", None, DAY1) })
        .unwrap();
    assert_eq!(from_thread.workspace_id.as_deref(), Some(a.id.as_str()), "the workspace comes from the thread");
    let from_message = interactions
        .record(&NewInteraction { message_id: Some(message.id.clone()), ..call(ProviderKind::OpenAi, "m", None, DAY2) })
        .unwrap();
    assert_eq!(from_message.thread_id.as_deref(), Some(thread.id.as_str()), "the thread comes from the message");
    assert_eq!(from_message.workspace_id.as_deref(), Some(a.id.as_str()));
    let in_b = interactions.record(&call(ProviderKind::Google, "gemini", Some(&b.id), DAY3)).unwrap();
    let nowhere = interactions.record(&call(ProviderKind::Google, "gemini", None, DAY1 + HOUR)).unwrap();
    let now = interactions.record(&NewInteraction::new(ProviderKind::Mistral, "mistral-large", 5, "EUR")).unwrap();
    assert!(now.created_at > DAY4 && now.updated_at >= now.created_at, "occurred_at defaults to now");
    assert_eq!((from_thread.created_at, in_b.created_at), (DAY1, DAY3), "placed on the given time");
    assert_eq!(interactions.get(&in_b.id).unwrap(), in_b);

    let list = |filter: InteractionFilter| -> Vec<String> {
        interactions.list(&filter, &page(10)).unwrap().into_iter().map(|i| i.id).collect()
    };
    let ids = |items: &[&Interaction]| -> Vec<String> { items.iter().map(|i| i.id.clone()).collect() };
    assert_eq!(
        list(InteractionFilter::default()),
        ids(&[&now, &in_b, &from_message, &nowhere, &from_thread]),
        "newest call first"
    );
    assert_eq!(
        list(InteractionFilter { workspace_id: Some(a.id.clone()), ..Default::default() }),
        ids(&[&from_message, &from_thread])
    );
    assert_eq!(list(InteractionFilter { thread_id: Some(thread.id.clone()), ..Default::default() }).len(), 2);
    assert_eq!(
        list(InteractionFilter { from: Some(DAY1 + HOUR), to: Some(DAY3), ..Default::default() }),
        ids(&[&from_message, &nowhere])
    );
    let paged =
        interactions.list(&InteractionFilter::default(), &PageRequest { limit: 2, after: Some(in_b.id.clone()) });
    assert_eq!(paged.unwrap().into_iter().map(|i| i.id).collect::<Vec<_>>(), ids(&[&from_message, &nowhere]));
    let bad_range = InteractionFilter { from: Some(DAY2), to: Some(DAY1), ..Default::default() };
    assert_eq!(field_of(interactions.list(&bad_range, &page(10)).unwrap_err()), "to");
    let unknown_ws = InteractionFilter { workspace_id: Some(UNKNOWN.into()), ..Default::default() };
    assert_eq!(entity_of(interactions.list(&unknown_ws, &page(10)).unwrap_err()), "workspace");

    // The ledger is money spent: a soft-deleted thread keeps its calls, a purged one lets go.
    store.threads().delete(&thread.id).unwrap();
    assert_eq!(interactions.get(&from_thread.id).unwrap(), from_thread);
    assert_eq!(list(InteractionFilter { workspace_id: Some(a.id.clone()), ..Default::default() }).len(), 2);
    store.workspaces().purge(&b.id).unwrap();
    assert_eq!(entity_of(interactions.get(&in_b.id).unwrap_err()), "interaction", "a purged workspace takes its calls");

    interactions.delete(&nowhere.id).unwrap();
    assert_eq!(entity_of(interactions.get(&nowhere.id).unwrap_err()), "interaction");
    let entries = audit_actions(&store, "interaction", &nowhere.id);
    assert_eq!(entries.iter().map(|(action, _)| action.as_str()).collect::<Vec<_>>(), ["interaction.delete"]);
    assert_eq!(list(InteractionFilter::default()).len(), 3);
}

/// When, workspace, provider, model, prompt and completion tokens, latency, cost, currency.
type LedgerRow<'a> = (i64, Option<&'a str>, ProviderKind, &'a str, u32, u32, u32, u64, &'a str);

/// Ten calls over two workspaces (and none), two providers, three models, three UTC days and
/// two currencies. Each sits at a day's edge or inside it:
///
/// | # | when            | ws | provider  | model         | prompt | compl | latency | cost  | cur |
/// |---|-----------------|----|-----------|---------------|--------|-------|---------|-------|-----|
/// | 1 | DAY1 00:00      | A  | openai    | gpt-4o        | 100    | 50    | 400     | 1500  | USD |
/// | 2 | DAY1 09:00      | A  | anthropic | claude-sonnet | 200    | 100   | 800     | 3000  | USD |
/// | 3 | DAY1 23:59:59.999 | B | openai   | gpt-4o-mini   | 300    | 20    | 100     | 200   | USD |
/// | 4 | DAY2 00:00      | A  | openai    | gpt-4o        | 1000   | 500   | 1200    | 12000 | USD |
/// | 5 | DAY2 12:00      | B  | anthropic | claude-sonnet | 50     | 25    | 300     | 900   | EUR |
/// | 6 | DAY2 13:00      | B  | openai    | gpt-4o        | 10     | 5     | 90      | 150   | EUR |
/// | 7 | DAY2 23:59:59.999 | - | anthropic | claude-sonnet | 400   | 200   | 1000    | 5000  | USD |
/// | 8 | DAY3 00:00      | A  | openai    | gpt-4o-mini   | 700    | 70    | 200     | 350   | USD |
/// | 9 | DAY3 08:00      | B  | anthropic | claude-sonnet | 80     | 40    | 500     | 1200  | EUR |
/// | 10| DAY3 20:00      | A  | openai    | gpt-4o (failed) | 5    | 5     | 60      | 60    | USD |
fn ledger(store: &Store) -> (String, String) {
    let a = workspace(store, "A").unwrap().id;
    let b = workspace(store, "B").unwrap().id;
    use ProviderKind::{Anthropic, OpenAi};
    let rows: [LedgerRow; 10] = [
        (DAY1, Some(&a), OpenAi, "gpt-4o", 100, 50, 400, 1500, "USD"),
        (DAY1 + 9 * HOUR, Some(&a), Anthropic, "claude-sonnet", 200, 100, 800, 3000, "USD"),
        (DAY2 - 1, Some(&b), OpenAi, "gpt-4o-mini", 300, 20, 100, 200, "USD"),
        (DAY2, Some(&a), OpenAi, "gpt-4o", 1000, 500, 1200, 12000, "USD"),
        (DAY2 + 12 * HOUR, Some(&b), Anthropic, "claude-sonnet", 50, 25, 300, 900, "EUR"),
        (DAY2 + 13 * HOUR, Some(&b), OpenAi, "gpt-4o", 10, 5, 90, 150, "EUR"),
        (DAY3 - 1, None, Anthropic, "claude-sonnet", 400, 200, 1000, 5000, "USD"),
        (DAY3, Some(&a), OpenAi, "gpt-4o-mini", 700, 70, 200, 350, "USD"),
        (DAY3 + 8 * HOUR, Some(&b), Anthropic, "claude-sonnet", 80, 40, 500, 1200, "EUR"),
        (DAY3 + 20 * HOUR, Some(&a), OpenAi, "gpt-4o", 5, 5, 60, 60, "USD"),
    ];
    for (i, (at, ws, provider, model, prompt, completion, latency, cost, currency)) in rows.into_iter().enumerate() {
        let failed = i == 9;
        store
            .interactions()
            .record(&NewInteraction {
                prompt_tokens: prompt,
                completion_tokens: completion,
                latency_ms: latency,
                cost_micros: cost,
                currency: currency.into(),
                status: if failed { InteractionStatus::Failed } else { InteractionStatus::Succeeded },
                error: failed.then(|| "timeout".to_owned()),
                ..call(provider, model, ws, at)
            })
            .unwrap();
    }
    (a, b)
}

/// A usage row from hand-computed numbers:
/// `[interactions, prompt, completion, total tokens, cost, total latency, average latency]`.
fn row(key: &str, currency: &str, n: [u64; 7]) -> UsageRow {
    UsageRow {
        key: key.into(),
        currency: currency.into(),
        interactions: n[0],
        prompt_tokens: n[1],
        completion_tokens: n[2],
        total_tokens: n[3],
        cost_micros: n[4],
        total_latency_ms: n[5],
        avg_latency_ms: n[6],
    }
}

fn total(currency: &str, n: [u64; 7]) -> UsageTotal {
    let row = row("", currency, n);
    UsageTotal {
        currency: row.currency,
        interactions: row.interactions,
        prompt_tokens: row.prompt_tokens,
        completion_tokens: row.completion_tokens,
        total_tokens: row.total_tokens,
        cost_micros: row.cost_micros,
        total_latency_ms: row.total_latency_ms,
        avg_latency_ms: row.avg_latency_ms,
    }
}

pub fn usage_groups_match_hand_computed_totals(store: Store) {
    let (a, b) = ledger(&store);
    let usage = |group_by| store.interactions().usage(&UsageQuery::by(group_by)).unwrap();

    // Rows: largest cost first; no row ever adds two currencies.
    assert_eq!(
        usage(UsageGrouping::Provider),
        [
            row("openai", "USD", [5, 2105, 645, 2750, 14110, 1960, 392]), // #1 #3 #4 #8 #10
            row("anthropic", "USD", [2, 600, 300, 900, 8000, 1800, 900]), // #2 #7
            row("anthropic", "EUR", [2, 130, 65, 195, 2100, 800, 400]),   // #5 #9
            row("openai", "EUR", [1, 10, 5, 15, 150, 90, 90]),            // #6
        ]
    );
    assert_eq!(
        usage(UsageGrouping::Model),
        [
            row("gpt-4o", "USD", [3, 1105, 555, 1660, 13560, 1660, 553]), // #1 #4 #10
            row("claude-sonnet", "USD", [2, 600, 300, 900, 8000, 1800, 900]),
            row("claude-sonnet", "EUR", [2, 130, 65, 195, 2100, 800, 400]),
            row("gpt-4o-mini", "USD", [2, 1000, 90, 1090, 550, 300, 150]), // #3 #8
            row("gpt-4o", "EUR", [1, 10, 5, 15, 150, 90, 90]),
        ]
    );
    assert_eq!(
        usage(UsageGrouping::Day),
        [
            row("2026-03-02", "USD", [2, 1400, 700, 2100, 17000, 2200, 1100]), // #4 #7
            row("2026-03-01", "USD", [3, 600, 170, 770, 4700, 1300, 433]),     // #1 #2 #3
            row("2026-03-03", "EUR", [1, 80, 40, 120, 1200, 500, 500]),        // #9
            row("2026-03-02", "EUR", [2, 60, 30, 90, 1050, 390, 195]),         // #5 #6
            row("2026-03-03", "USD", [2, 705, 75, 780, 410, 260, 130]),        // #8 #10
        ]
    );
    assert_eq!(
        usage(UsageGrouping::Workspace),
        [
            row(&a, "USD", [5, 2005, 725, 2730, 16910, 2660, 532]), // #1 #2 #4 #8 #10
            row("", "USD", [1, 400, 200, 600, 5000, 1000, 1000]),   // #7, no workspace
            row(&b, "EUR", [3, 140, 70, 210, 2250, 890, 296]),      // #5 #6 #9
            row(&b, "USD", [1, 300, 20, 320, 200, 100, 100]),       // #3
        ]
    );
    let expected_totals =
        [total("USD", [7, 2705, 945, 3650, 22110, 3760, 537]), total("EUR", [3, 140, 70, 210, 2250, 890, 296])];
    for group_by in [UsageGrouping::Provider, UsageGrouping::Day] {
        assert_eq!(store.interactions().totals(&UsageQuery::by(group_by)).unwrap(), expected_totals, "{group_by:?}");
    }

    // Filters: one provider, one workspace, both.
    let openai = UsageQuery { provider: Some(ProviderKind::OpenAi), ..UsageQuery::by(UsageGrouping::Workspace) };
    assert_eq!(
        store.interactions().usage(&openai).unwrap(),
        [
            row(&a, "USD", [4, 1805, 625, 2430, 13910, 1860, 465]), // #1 #4 #8 #10
            row(&b, "USD", [1, 300, 20, 320, 200, 100, 100]),       // #3
            row(&b, "EUR", [1, 10, 5, 15, 150, 90, 90]),            // #6
        ]
    );
    let b_anthropic = UsageQuery {
        workspace_id: Some(b.clone()),
        provider: Some(ProviderKind::Anthropic),
        ..UsageQuery::by(UsageGrouping::Model)
    };
    assert_eq!(
        store.interactions().usage(&b_anthropic).unwrap(),
        [row("claude-sonnet", "EUR", [2, 130, 65, 195, 2100, 800, 400])] // #5 #9
    );
    let unknown = UsageQuery { workspace_id: Some(UNKNOWN.into()), ..UsageQuery::by(UsageGrouping::Day) };
    assert_eq!(entity_of(store.interactions().usage(&unknown).unwrap_err()), "workspace");
}

pub fn usage_time_ranges_are_half_open(store: Store) {
    ledger(&store);
    let interactions = store.interactions();
    let between = |from: Option<i64>, to: Option<i64>, group_by| UsageQuery { from, to, ..UsageQuery::by(group_by) };

    // [DAY2, DAY3): takes #4 at DAY2 00:00 and #7 at its last millisecond, leaves #3 (the
    // millisecond before) and #8 (DAY3 00:00).
    assert_eq!(
        interactions.usage(&between(Some(DAY2), Some(DAY3), UsageGrouping::Provider)).unwrap(),
        [
            row("openai", "USD", [1, 1000, 500, 1500, 12000, 1200, 1200]), // #4
            row("anthropic", "USD", [1, 400, 200, 600, 5000, 1000, 1000]), // #7
            row("anthropic", "EUR", [1, 50, 25, 75, 900, 300, 300]),       // #5
            row("openai", "EUR", [1, 10, 5, 15, 150, 90, 90]),             // #6
        ]
    );
    assert_eq!(
        interactions.totals(&between(Some(DAY2), Some(DAY3), UsageGrouping::Day)).unwrap(),
        [total("USD", [2, 1400, 700, 2100, 17000, 2200, 1100]), total("EUR", [2, 60, 30, 90, 1050, 390, 195])]
    );
    // Open ends.
    assert_eq!(
        interactions.usage(&between(Some(DAY3), None, UsageGrouping::Day)).unwrap(),
        [
            row("2026-03-03", "EUR", [1, 80, 40, 120, 1200, 500, 500]),
            row("2026-03-03", "USD", [2, 705, 75, 780, 410, 260, 130])
        ]
    );
    assert!(
        interactions.totals(&between(None, Some(DAY1), UsageGrouping::Day)).unwrap().is_empty(),
        "`to` is excluded"
    );
    assert_eq!(
        interactions.totals(&between(None, Some(DAY1 + 1), UsageGrouping::Day)).unwrap(),
        [total("USD", [1, 100, 50, 150, 1500, 400, 400])], // #1 alone
    );
    assert_eq!(
        interactions.usage(&between(Some(DAY3 - 1), Some(DAY3 + 1), UsageGrouping::Model)).unwrap(),
        [
            row("claude-sonnet", "USD", [1, 400, 200, 600, 5000, 1000, 1000]),
            row("gpt-4o-mini", "USD", [1, 700, 70, 770, 350, 200, 200])
        ],
        "#7 and #8 on either side of midnight"
    );
    assert!(interactions.usage(&between(Some(DAY2), Some(DAY2), UsageGrouping::Model)).unwrap().is_empty());
    assert!(interactions.usage(&between(Some(DAY4), None, UsageGrouping::Model)).unwrap().is_empty());
    assert_eq!(field_of(interactions.usage(&between(Some(DAY3), Some(DAY2), UsageGrouping::Day)).unwrap_err()), "to");
}

pub fn flows_crud_and_steps_round_trip(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let flows = store.flows();
    let steps = vec![
        FlowStep {
            provider: ProviderKind::OpenAi,
            model: " gpt-4o ".into(),
            prompt_template: "Summarise {{document}} in {{ words }} words.\n\"Quotes\", ünïcödé and {braces} survive."
                .into(),
            inputs: vec!["document".into(), " words ".into(), "unused_input".into()],
        },
        step("claude-sonnet", "Review: {{summary}}", &["summary"]),
        step("claude-haiku", "No placeholders at all", &[]),
    ];
    let created = flows
        .create(&NewFlow {
            workspace_id: ws.id.clone(),
            name: "  Summarise  ".into(),
            description: "Two passes".into(),
            steps: steps.clone(),
        })
        .unwrap();
    assert_eq!((created.name.as_str(), created.description.as_str()), ("Summarise", "Two passes"));
    assert_eq!(created.steps[0].model, "gpt-4o", "models are trimmed");
    assert_eq!(created.steps[0].inputs, ["document", "words", "unused_input"]);
    assert_eq!(created.steps[0].prompt_template, steps[0].prompt_template, "templates are kept as written");
    assert_eq!(created.steps[1..], steps[1..]);
    assert_eq!(flows.get(&created.id).unwrap(), created, "steps come back from JSON as they went in");

    let second = flows.create(&new_flow(&ws.id, "Translate", vec![step("m", "{{text}}", &["text"])])).unwrap();
    assert_eq!(flows.list(&ws.id, &page(10)).unwrap(), [second.clone(), created.clone()]);
    assert_eq!(
        flows.list(&ws.id, &PageRequest { limit: 5, after: Some(second.id.clone()) }).unwrap(),
        [created.clone()]
    );
    let other = workspace(&store, "Other").unwrap();
    assert!(flows.list(&other.id, &page(10)).unwrap().is_empty());
    flows.create(&new_flow(&other.id, "Summarise", vec![step("m", "x", &[])])).unwrap(); // names are per workspace

    let renamed = flows
        .update(
            &created.id,
            &FlowPatch {
                name: Some("Summarise v2".into()),
                description: Some(String::new()),
                steps: Some(vec![step("claude-opus", "Only {{x}}", &["x"])]),
            },
        )
        .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.description.as_str(), renamed.steps.len()), ("Summarise v2", "", 1));
    assert!(renamed.updated_at >= created.updated_at && renamed.created_at == created.created_at);
    assert_eq!(flows.get(&created.id).unwrap(), renamed);
    let unchanged = flows.update(&created.id, &FlowPatch::default()).unwrap();
    assert_eq!(unchanged, renamed);

    flows.delete(&second.id).unwrap();
    assert_eq!(entity_of(flows.get(&second.id).unwrap_err()), "flow");
    assert_eq!(entity_of(flows.delete(&second.id).unwrap_err()), "flow");
    assert_eq!(flows.list(&ws.id, &page(10)).unwrap(), [renamed.clone()]);
    let entries = audit_actions(&store, "flow", &second.id);
    assert_eq!(entries.iter().map(|(action, _)| action.as_str()).collect::<Vec<_>>(), ["flow.delete"]);

    // A flow is hidden while its workspace is deleted, and back with it.
    store.workspaces().delete(&ws.id).unwrap();
    assert_eq!(entity_of(flows.get(&renamed.id).unwrap_err()), "flow");
    assert_eq!(entity_of(flows.list(&ws.id, &page(10)).unwrap_err()), "workspace");
    store.workspaces().restore(&ws.id).unwrap();
    assert_eq!(flows.get(&renamed.id).unwrap(), renamed);
}

pub fn flow_steps_are_checked(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let flows = store.flows();
    let existing = flows.create(&new_flow(&ws.id, "Existing", vec![step("m", "{{a}}", &["a"])])).unwrap();
    let bad_steps: Vec<(&str, Vec<FlowStep>)> = vec![
        ("no steps", vec![]),
        ("too many steps", (0..51).map(|_| step("m", "x", &[])).collect()),
        ("undeclared placeholder", vec![step("m", "Hello {{name}}", &[])]),
        ("undeclared in step 2", vec![step("m", "{{a}}", &["a"]), step("m", "{{a}} and {{b}}", &["a"])]),
        ("unclosed braces", vec![step("m", "Hello {{name", &["name"])]),
        ("empty placeholder", vec![step("m", "Hello {{ }}", &[])]),
        ("placeholder of two words", vec![step("m", "{{first name}}", &["first name"])]),
        ("bad input name", vec![step("m", "x", &["1st"])]),
        ("empty input name", vec![step("m", "x", &[""])]),
        ("input declared twice", vec![step("m", "{{a}}", &["a", " a"])]),
        ("empty model", vec![step(" ", "x", &[])]),
        ("empty template", vec![step("m", "  \n", &[])]),
        ("huge template", vec![step("m", &"x".repeat(64 * 1024 + 1), &[])]),
    ];
    for (case, steps) in bad_steps {
        let error = flows.create(&new_flow(&ws.id, "New", steps.clone())).unwrap_err();
        assert_eq!(field_of(error), "steps", "create: {case}");
        let patch = FlowPatch { steps: Some(steps), ..FlowPatch::default() };
        assert_eq!(field_of(flows.update(&existing.id, &patch).unwrap_err()), "steps", "update: {case}");
    }
    let fifty = (0..50).map(|i| step("m", &format!("step {i}"), &[])).collect();
    assert_eq!(flows.create(&new_flow(&ws.id, "Fifty", fifty)).unwrap().steps.len(), 50, "50 steps is the limit");

    let ok = || vec![step("m", "x", &[])];
    assert_eq!(conflict_field(flows.create(&new_flow(&ws.id, "Existing", ok())).unwrap_err()), "name");
    assert_eq!(field_of(flows.create(&new_flow(&ws.id, " ", ok())).unwrap_err()), "name");
    let long_description = NewFlow { description: "d".repeat(10_001), ..new_flow(&ws.id, "D", ok()) };
    assert_eq!(field_of(flows.create(&long_description).unwrap_err()), "description");
    assert_eq!(entity_of(flows.create(&new_flow(UNKNOWN, "X", ok())).unwrap_err()), "workspace");
    let fifty = flows.list(&ws.id, &page(10)).unwrap()[0].clone();
    let rename = FlowPatch { name: Some("Existing".into()), ..FlowPatch::default() };
    assert_eq!(conflict_field(flows.update(&fifty.id, &rename).unwrap_err()), "name");
    assert_eq!(entity_of(flows.update(UNKNOWN, &rename).unwrap_err()), "flow");

    assert_eq!(flows.get(&existing.id).unwrap(), existing, "rejected updates change nothing");
    assert_eq!(flows.list(&ws.id, &page(10)).unwrap(), [fifty, existing], "rejected creates write nothing");
}

pub fn run_results_come_back_in_step_order(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let flow = three_steps(&store, &ws.id, "Write");
    let flows = store.flows();
    let run = flows.start_run(&flow.id).unwrap();
    assert!(flows.run_results(&run).unwrap().is_empty(), "nothing is written until a step is recorded");
    assert!(flows.list_runs(&flow.id, &page(10)).unwrap().is_empty());

    let call = store
        .interactions()
        .record(&NewInteraction {
            workspace_id: Some(ws.id.clone()),
            ..NewInteraction::new(ProviderKind::Anthropic, "claude-sonnet", 10, "USD")
        })
        .unwrap();
    let third = flows.record_step(&NewStepResult::new(&flow.id, &run, 2, StepStatus::Pending)).unwrap();
    let first = flows
        .record_step(&NewStepResult {
            output: Some("1. intro\n2. body".into()),
            started_at: Some(DAY1),
            finished_at: Some(DAY1 + 1500),
            ..NewStepResult::new(&flow.id, &run, 0, StepStatus::Succeeded)
        })
        .unwrap();
    let second = flows
        .record_step(&NewStepResult {
            interaction_id: Some(call.id.clone()),
            started_at: Some(DAY1 + 2000),
            ..NewStepResult::new(&flow.id, &run, 1, StepStatus::Running)
        })
        .unwrap();
    assert_eq!((first.run_id.as_str(), first.step_index, first.finished_at), (run.as_str(), 0, Some(DAY1 + 1500)));
    assert_eq!(flows.run_results(&run).unwrap(), [first.clone(), second.clone(), third.clone()], "by step index");
    assert_eq!(flows.get_step(&second.id).unwrap(), second);

    let done = flows
        .update_step(
            &second.id,
            &StepResultPatch {
                output: Some("Draft text".into()),
                status: Some(StepStatus::Succeeded),
                finished_at: Some(DAY1 + 9000),
                ..StepResultPatch::default()
            },
        )
        .unwrap();
    assert_eq!((done.status, done.output.as_deref()), (StepStatus::Succeeded, Some("Draft text")));
    assert_eq!((done.started_at, done.finished_at), (Some(DAY1 + 2000), Some(DAY1 + 9000)), "unset fields stay");
    assert_eq!(done.interaction_id.as_deref(), Some(call.id.as_str()));
    let skipped = flows
        .update_step(
            &third.id,
            &StepResultPatch {
                status: Some(StepStatus::Skipped),
                error: Some("draft too short".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((skipped.status, skipped.error.as_deref()), (StepStatus::Skipped, Some("draft too short")));
    assert_eq!(flows.run_results(&run).unwrap(), [first, done, skipped]);

    let later = flows.start_run(&flow.id).unwrap();
    assert_ne!(later, run);
    flows.record_step(&NewStepResult::new(&flow.id, &later, 0, StepStatus::Running)).unwrap();
    assert_eq!(flows.list_runs(&flow.id, &page(10)).unwrap(), [later.clone(), run.clone()], "newest run first");
    assert_eq!(
        flows.list_runs(&flow.id, &PageRequest { limit: 10, after: Some(later.clone()) }).unwrap(),
        [run.clone()]
    );
    assert_eq!(
        field_of(flows.list_runs(&flow.id, &PageRequest { limit: 10, after: Some(UNKNOWN.into()) }).unwrap_err()),
        "after"
    );
    assert_eq!(flows.run_results(&later).unwrap().len(), 1);

    // A deleted call leaves the step's result, without the reference.
    store.interactions().delete(&call.id).unwrap();
    assert_eq!(flows.run_results(&run).unwrap()[1].interaction_id, None);
    assert!(flows.run_results(UNKNOWN).unwrap().is_empty());
    assert_eq!(field_of(flows.run_results("run-1").unwrap_err()), "run_id");
}

pub fn step_results_are_checked(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let other = workspace(&store, "Other").unwrap();
    let flow = three_steps(&store, &ws.id, "Write");
    let other_flow = three_steps(&store, &ws.id, "Other flow");
    let flows = store.flows();
    let run = flows.start_run(&flow.id).unwrap();
    let recorded = flows.record_step(&NewStepResult::new(&flow.id, &run, 0, StepStatus::Running)).unwrap();

    let error = flows.record_step(&NewStepResult::new(&flow.id, &run, 0, StepStatus::Succeeded)).unwrap_err();
    assert_eq!(conflict_field(error), "step_index", "the same step of the same run twice");
    let elsewhere = store
        .interactions()
        .record(&NewInteraction {
            workspace_id: Some(other.id.clone()),
            ..NewInteraction::new(ProviderKind::OpenAi, "m", 1, "USD")
        })
        .unwrap();
    let new = |index, status| NewStepResult::new(&flow.id, &run, index, status);
    let invalid: Vec<(&str, NewStepResult)> = vec![
        ("step_index", new(3, StepStatus::Pending)),
        ("step_index", new(u32::MAX, StepStatus::Pending)),
        (
            "finished_at",
            NewStepResult { started_at: Some(DAY2), finished_at: Some(DAY1), ..new(1, StepStatus::Succeeded) },
        ),
        ("started_at", NewStepResult { started_at: Some(-5), ..new(1, StepStatus::Running) }),
        ("error", NewStepResult { error: Some("why".into()), ..new(1, StepStatus::Succeeded) }),
        ("output", NewStepResult { output: Some("o".repeat((1 << 20) + 1)), ..new(1, StepStatus::Succeeded) }),
        ("interaction_id", NewStepResult { interaction_id: Some(elsewhere.id.clone()), ..new(1, StepStatus::Running) }),
        ("interaction_id", NewStepResult { interaction_id: Some("x".into()), ..new(1, StepStatus::Running) }),
        ("run_id", NewStepResult::new(&other_flow.id, &run, 1, StepStatus::Pending)),
        ("run_id", NewStepResult::new(&flow.id, "not-a-run", 1, StepStatus::Pending)),
        ("flow_id", NewStepResult::new("not-a-flow", &run, 1, StepStatus::Pending)),
    ];
    for (field, result) in &invalid {
        assert_eq!(field_of(flows.record_step(result).unwrap_err()), *field, "{field}");
    }
    let unknown_call = NewStepResult { interaction_id: Some(UNKNOWN.into()), ..new(1, StepStatus::Running) };
    assert_eq!(entity_of(flows.record_step(&unknown_call).unwrap_err()), "interaction");
    assert_eq!(
        entity_of(flows.record_step(&NewStepResult::new(UNKNOWN, &run, 0, StepStatus::Pending)).unwrap_err()),
        "flow"
    );
    assert_eq!(flows.run_results(&run).unwrap(), [recorded.clone()], "rejected steps write nothing");

    let backwards = StepResultPatch { started_at: Some(DAY2), finished_at: Some(DAY1), ..Default::default() };
    assert_eq!(field_of(flows.update_step(&recorded.id, &backwards).unwrap_err()), "finished_at");
    let error_while_running = StepResultPatch { error: Some("x".into()), ..Default::default() };
    assert_eq!(field_of(flows.update_step(&recorded.id, &error_while_running).unwrap_err()), "error");
    assert_eq!(entity_of(flows.update_step(UNKNOWN, &error_while_running).unwrap_err()), "step_result");
    assert_eq!(flows.get_step(&recorded.id).unwrap(), recorded, "rejected updates change nothing");
    assert_eq!(entity_of(flows.start_run(UNKNOWN).unwrap_err()), "flow");

    // Shrinking a flow keeps the results it had; new ones must fit the new steps.
    let one_step = FlowPatch { steps: Some(vec![step("m", "x", &[])]), ..FlowPatch::default() };
    flows.update(&flow.id, &one_step).unwrap();
    assert_eq!(flows.run_results(&run).unwrap(), [recorded]);
    assert_eq!(field_of(flows.record_step(&new(1, StepStatus::Pending)).unwrap_err()), "step_index");
}

pub fn deleting_a_flow_removes_its_runs(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let flows = store.flows();
    let flow = three_steps(&store, &ws.id, "Write");
    let kept = three_steps(&store, &ws.id, "Kept");
    let runs: Vec<String> = (0..2).map(|_| flows.start_run(&flow.id).unwrap()).collect();
    for run in &runs {
        for index in 0..3 {
            flows.record_step(&NewStepResult::new(&flow.id, run, index, StepStatus::Succeeded)).unwrap();
        }
    }
    let kept_run = flows.start_run(&kept.id).unwrap();
    flows.record_step(&NewStepResult::new(&kept.id, &kept_run, 0, StepStatus::Succeeded)).unwrap();

    flows.delete_run(&runs[0]).unwrap();
    assert!(flows.run_results(&runs[0]).unwrap().is_empty());
    assert_eq!(flows.list_runs(&flow.id, &page(10)).unwrap(), [runs[1].clone()]);
    assert_eq!(entity_of(flows.delete_run(&runs[0]).unwrap_err()), "run");
    let entries = audit_actions(&store, "flow_run", &runs[0]);
    assert_eq!(entries.iter().map(|(action, _)| action.as_str()).collect::<Vec<_>>(), ["flow_run.delete"]);

    let step_id = flows.run_results(&runs[1]).unwrap()[0].id.clone();
    flows.delete(&flow.id).unwrap();
    assert!(flows.run_results(&runs[1]).unwrap().is_empty(), "the flow's results go with it");
    assert_eq!(entity_of(flows.get_step(&step_id).unwrap_err()), "step_result");
    assert_eq!(flows.run_results(&kept_run).unwrap().len(), 1, "other flows keep theirs");
    assert!(audit_actions(&store, "flow", &flow.id)[0].1.contains("\"runs\":1"));

    // Purging the workspace takes the rest.
    store.workspaces().purge(&ws.id).unwrap();
    assert!(flows.run_results(&kept_run).unwrap().is_empty());
    assert_eq!(entity_of(flows.get(&kept.id).unwrap_err()), "flow");
}
