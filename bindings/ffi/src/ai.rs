//! UniFFI exports of the ai domain: one-line delegations to `unified_store`.

use crate::Result;
use unified_store as core;
use unified_store::*;

/// AI provider configurations. See `unified_store::ProviderConfigs`.
#[derive(uniffi::Object)]
pub struct ProviderConfigs(pub(crate) core::ProviderConfigs);

#[uniffi::export]
impl ProviderConfigs {
    /// Creates a config for a user; `local` and `custom` need a base URL. No API key is stored.
    pub fn create(&self, config: NewProviderConfig) -> Result<ProviderConfig> {
        self.0.create(&config)
    }

    /// The config `id`.
    pub fn get(&self, id: String) -> Result<ProviderConfig> {
        self.0.get(&id)
    }

    /// Configs of a user, newest first.
    pub fn list(&self, user_id: String, page: PageRequest) -> Result<Vec<ProviderConfig>> {
        self.0.list(&user_id, &page)
    }

    /// Changes the fields the patch sets; an empty base URL or default model clears it.
    pub fn update(&self, id: String, patch: ProviderConfigPatch) -> Result<ProviderConfig> {
        self.0.update(&id, &patch)
    }

    /// Turns a config on or off.
    pub fn set_enabled(&self, id: String, enabled: bool) -> Result<ProviderConfig> {
        self.0.set_enabled(&id, enabled)
    }

    /// Deletes a config for good; its calls stay in the ledger without it.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Seals a secret (an API key, a token) of a config; the store must have a key.
    pub fn set_secret(&self, config_id: String, kind: SecretKind, secret: String) -> Result<()> {
        self.0.set_secret(&config_id, kind, &secret)
    }

    /// A secret of a config, if it holds one; every reveal is audited.
    pub fn reveal_secret(&self, config_id: String, kind: SecretKind) -> Result<Option<String>> {
        self.0.reveal_secret(&config_id, kind)
    }

    /// Removes a secret of a config.
    pub fn clear_secret(&self, config_id: String, kind: SecretKind) -> Result<()> {
        self.0.clear_secret(&config_id, kind)
    }

    /// Which secrets a config holds (never their values).
    pub fn secrets(&self, config_id: String) -> Result<Vec<SecretKind>> {
        self.0.secrets(&config_id)
    }
}

/// The ledger of AI calls, with cost and token queries. See `unified_store::Interactions`.
#[derive(uniffi::Object)]
pub struct Interactions(pub(crate) core::Interactions);

#[uniffi::export]
impl Interactions {
    /// Records one AI call.
    pub fn record(&self, interaction: NewInteraction) -> Result<Interaction> {
        self.0.record(&interaction)
    }

    /// The call `id`.
    pub fn get(&self, id: String) -> Result<Interaction> {
        self.0.get(&id)
    }

    /// Calls matching a filter, newest first.
    pub fn list(&self, filter: InteractionFilter, page: PageRequest) -> Result<Vec<Interaction>> {
        self.0.list(&filter, &page)
    }

    /// Deletes a call for good.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Usage grouped by provider, model, UTC day or workspace, and by currency.
    pub fn usage(&self, query: UsageQuery) -> Result<Vec<UsageRow>> {
        self.0.usage(&query)
    }

    /// Usage per currency over the calls a query selects.
    pub fn totals(&self, query: UsageQuery) -> Result<Vec<UsageTotal>> {
        self.0.totals(&query)
    }
}

/// Orchestration flows and their step results. See `unified_store::Flows`.
#[derive(uniffi::Object)]
pub struct Flows(pub(crate) core::Flows);

#[uniffi::export]
impl Flows {
    /// Creates a flow in a workspace; its steps are checked.
    pub fn create(&self, flow: NewFlow) -> Result<OrchestrationFlow> {
        self.0.create(&flow)
    }

    /// The flow `id`.
    pub fn get(&self, id: String) -> Result<OrchestrationFlow> {
        self.0.get(&id)
    }

    /// Flows of a workspace, newest first.
    pub fn list(&self, workspace_id: String, page: PageRequest) -> Result<Vec<OrchestrationFlow>> {
        self.0.list(&workspace_id, &page)
    }

    /// Changes the fields the patch sets.
    pub fn update(&self, id: String, patch: FlowPatch) -> Result<OrchestrationFlow> {
        self.0.update(&id, &patch)
    }

    /// Deletes a flow for good, with the results of its runs.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// A new run id for a flow.
    pub fn start_run(&self, flow_id: String) -> Result<String> {
        self.0.start_run(&flow_id)
    }

    /// Records the result of one step of a run, once per step.
    pub fn record_step(&self, result: NewStepResult) -> Result<StepResult> {
        self.0.record_step(&result)
    }

    /// Changes the fields the patch sets on a step result.
    pub fn update_step(&self, id: String, patch: StepResultPatch) -> Result<StepResult> {
        self.0.update_step(&id, &patch)
    }

    /// The step result `id`.
    pub fn get_step(&self, id: String) -> Result<StepResult> {
        self.0.get_step(&id)
    }

    /// The results of a run, in step order.
    pub fn run_results(&self, run_id: String) -> Result<Vec<StepResult>> {
        self.0.run_results(&run_id)
    }

    /// Run ids of a flow, newest first.
    pub fn list_runs(&self, flow_id: String, page: PageRequest) -> Result<Vec<String>> {
        self.0.list_runs(&flow_id, &page)
    }

    /// Deletes every result of a run for good.
    pub fn delete_run(&self, run_id: String) -> Result<()> {
        self.0.delete_run(&run_id)
    }
}
