//! The ai domain as JS classes: one-line delegations to `unified_store`.

use crate::convert::{Flag, JsResult, Text, arg, arg_or_default, flag, js_error, ret, ret_all, text};
use tsify::Ts;
use unified_store as core;
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// AI provider configurations. See `unified_store::ProviderConfigs`.
#[wasm_bindgen]
pub struct ProviderConfigs(pub(crate) core::ProviderConfigs);

#[wasm_bindgen]
impl ProviderConfigs {
    /// Creates a config for a user; `local` and `custom` need a base URL. No API key is stored.
    pub fn create(&self, config: Ts<NewProviderConfig>) -> JsResult<Ts<ProviderConfig>> {
        ret(self.0.create(&arg("config", config)?))
    }

    /// The config `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<ProviderConfig>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Configs of a user, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<ProviderConfig>>> {
        ret_all(self.0.list(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }

    /// Changes the fields the patch sets; an empty base URL or default model clears it.
    pub fn update(&self, id: Text, patch: Ts<ProviderConfigPatch>) -> JsResult<Ts<ProviderConfig>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Turns a config on or off.
    #[wasm_bindgen(js_name = setEnabled)]
    pub fn set_enabled(&self, id: Text, enabled: Flag) -> JsResult<Ts<ProviderConfig>> {
        ret(self.0.set_enabled(&text("id", id)?, flag("enabled", enabled)?))
    }

    /// Deletes a config for good; its calls stay in the ledger without it.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Seals a secret (an API key, a token) of a config; the store must have a key.
    #[wasm_bindgen(js_name = setSecret)]
    pub fn set_secret(
        &self,
        #[wasm_bindgen(js_name = configId)] config_id: Text,
        kind: Ts<SecretKind>,
        secret: Text,
    ) -> JsResult<()> {
        self.0
            .set_secret(&text("config_id", config_id)?, arg("kind", kind)?, &text("secret", secret)?)
            .map_err(js_error)
    }

    /// A secret of a config, if it holds one; every reveal is audited.
    #[wasm_bindgen(js_name = revealSecret)]
    pub fn reveal_secret(
        &self,
        #[wasm_bindgen(js_name = configId)] config_id: Text,
        kind: Ts<SecretKind>,
    ) -> JsResult<Option<String>> {
        self.0.reveal_secret(&text("config_id", config_id)?, arg("kind", kind)?).map_err(js_error)
    }

    /// Removes a secret of a config.
    #[wasm_bindgen(js_name = clearSecret)]
    pub fn clear_secret(
        &self,
        #[wasm_bindgen(js_name = configId)] config_id: Text,
        kind: Ts<SecretKind>,
    ) -> JsResult<()> {
        self.0.clear_secret(&text("config_id", config_id)?, arg("kind", kind)?).map_err(js_error)
    }

    /// Which secrets a config holds (never their values).
    pub fn secrets(&self, #[wasm_bindgen(js_name = configId)] config_id: Text) -> JsResult<Vec<Ts<SecretKind>>> {
        ret_all(self.0.secrets(&text("config_id", config_id)?))
    }
}

/// The ledger of AI calls, with cost and token queries. See `unified_store::Interactions`.
#[wasm_bindgen]
pub struct Interactions(pub(crate) core::Interactions);

#[wasm_bindgen]
impl Interactions {
    /// Records one AI call.
    pub fn record(&self, interaction: Ts<NewInteraction>) -> JsResult<Ts<Interaction>> {
        ret(self.0.record(&arg("interaction", interaction)?))
    }

    /// The call `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Interaction>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Calls matching a filter (all without one), newest first (the first 50 without `page`).
    pub fn list(
        &self,
        filter: Option<Ts<InteractionFilter>>,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Interaction>>> {
        ret_all(self.0.list(&arg_or_default("filter", filter)?, &arg_or_default("page", page)?))
    }

    /// Deletes a call for good.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Usage grouped by provider, model, UTC day or workspace, and by currency.
    pub fn usage(&self, query: Ts<UsageQuery>) -> JsResult<Vec<Ts<UsageRow>>> {
        ret_all(self.0.usage(&arg("query", query)?))
    }

    /// Usage per currency over the calls a query selects.
    pub fn totals(&self, query: Ts<UsageQuery>) -> JsResult<Vec<Ts<UsageTotal>>> {
        ret_all(self.0.totals(&arg("query", query)?))
    }
}

/// Orchestration flows and their step results. See `unified_store::Flows`.
#[wasm_bindgen]
pub struct Flows(pub(crate) core::Flows);

#[wasm_bindgen]
impl Flows {
    /// Creates a flow in a workspace; its steps are checked.
    pub fn create(&self, flow: Ts<NewFlow>) -> JsResult<Ts<OrchestrationFlow>> {
        ret(self.0.create(&arg("flow", flow)?))
    }

    /// The flow `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<OrchestrationFlow>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Flows of a workspace, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<OrchestrationFlow>>> {
        ret_all(self.0.list(&text("workspace_id", workspace_id)?, &arg_or_default("page", page)?))
    }

    /// Changes the fields the patch sets.
    pub fn update(&self, id: Text, patch: Ts<FlowPatch>) -> JsResult<Ts<OrchestrationFlow>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Deletes a flow for good, with the results of its runs.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// A new run id for a flow.
    #[wasm_bindgen(js_name = startRun)]
    pub fn start_run(&self, #[wasm_bindgen(js_name = flowId)] flow_id: Text) -> JsResult<String> {
        self.0.start_run(&text("flow_id", flow_id)?).map_err(js_error)
    }

    /// Records the result of one step of a run, once per step.
    #[wasm_bindgen(js_name = recordStep)]
    pub fn record_step(&self, result: Ts<NewStepResult>) -> JsResult<Ts<StepResult>> {
        ret(self.0.record_step(&arg("result", result)?))
    }

    /// Changes the fields the patch sets on a step result.
    #[wasm_bindgen(js_name = updateStep)]
    pub fn update_step(&self, id: Text, patch: Ts<StepResultPatch>) -> JsResult<Ts<StepResult>> {
        ret(self.0.update_step(&text("id", id)?, &arg("patch", patch)?))
    }

    /// The step result `id`.
    #[wasm_bindgen(js_name = getStep)]
    pub fn get_step(&self, id: Text) -> JsResult<Ts<StepResult>> {
        ret(self.0.get_step(&text("id", id)?))
    }

    /// The results of a run, in step order.
    #[wasm_bindgen(js_name = runResults)]
    pub fn run_results(&self, #[wasm_bindgen(js_name = runId)] run_id: Text) -> JsResult<Vec<Ts<StepResult>>> {
        ret_all(self.0.run_results(&text("run_id", run_id)?))
    }

    /// Run ids of a flow, newest first (the first 50 without `page`).
    #[wasm_bindgen(js_name = listRuns)]
    pub fn list_runs(
        &self,
        #[wasm_bindgen(js_name = flowId)] flow_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<String>> {
        self.0.list_runs(&text("flow_id", flow_id)?, &arg_or_default("page", page)?).map_err(js_error)
    }

    /// Deletes every result of a run for good.
    #[wasm_bindgen(js_name = deleteRun)]
    pub fn delete_run(&self, #[wasm_bindgen(js_name = runId)] run_id: Text) -> JsResult<()> {
        self.0.delete_run(&text("run_id", run_id)?).map_err(js_error)
    }
}
