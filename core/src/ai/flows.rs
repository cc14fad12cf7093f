//! Orchestration flows and the results of their runs.
//!
//! A flow is a named list of steps (provider, model, prompt template, declared inputs) kept as
//! one JSON array, checked before it is written. A run has no row of its own: it is a UUIDv7
//! from [`Flows::start_run`] carried by the results of its steps, one per step index.

use crate::ai::model::{
    FLOW_INPUT_NAME_MAX, FLOW_STEPS_MAX, FlowPatch, FlowStep, NewFlow, NewStepResult, OrchestrationFlow, StepResult,
    StepResultPatch, StepStatus,
};
use crate::ai::{error_text, interactions};
use crate::content::workspaces;
use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::PageRequest;
use crate::schema::{self, rules};
use crate::values::optional_id;
use rusqlite::{Connection, OptionalExtension, params};

/// Orchestration flows and the results of their runs. Get one from [`crate::Store::flows`].
///
/// Every change needs write access to the flow's workspace (delete access to delete); a flow
/// is hidden while its workspace is soft-deleted and removed, with its results, when the
/// workspace is purged.
#[derive(Clone)]
pub struct Flows {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Orchestration flows and their step results.
    pub fn flows(&self) -> Flows {
        Flows { cx: self.cx.clone() }
    }
}

crate::schema::stored::stored_as_json!(Vec<FlowStep>);

impl Flows {
    /// Creates a flow in live workspace `flow.workspace_id`. Its steps (1 to
    /// [`FLOW_STEPS_MAX`]) are checked: a model, a non-empty template whose every `{{name}}`
    /// is a declared input, distinct valid input names. The name must be new in the workspace.
    pub fn create(&self, flow: &NewFlow) -> Result<OrchestrationFlow, StoreError> {
        let workspace_id = parse_id("workspace_id", &flow.workspace_id)?;
        let name = schema::orchestration_flows::name.text(&flow.name)?;
        let description = schema::orchestration_flows::description.text(&flow.description)?;
        let steps = check_steps(&flow.steps)?;
        self.cx.write(|tx| {
            workspaces::get(tx, &workspace_id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::workspace(&workspace_id))?;
            ensure_name_free(tx, &workspace_id, &name, None)?;
            let (id, now) = new_id();
            let flow =
                OrchestrationFlow { id, workspace_id, name, description, steps, created_at: now, updated_at: now };
            entity::insert(tx, &flow)?;
            Ok(flow)
        })
    }

    /// The flow `id`, live while its workspace is.
    pub fn get(&self, id: &str) -> Result<OrchestrationFlow, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Flows of live workspace `workspace_id`, newest first.
    pub fn list(&self, workspace_id: &str, page: &PageRequest) -> Result<Vec<OrchestrationFlow>, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        self.cx.read(|conn| {
            workspaces::get(conn, &workspace_id)?;
            entity::list(conn, Some(("workspace_id", &workspace_id)), page)
        })
    }

    /// Changes the fields `patch` sets, checked as in [`Flows::create`]; returns the flow as
    /// stored. New steps replace the old ones; results already recorded stay.
    pub fn update(&self, id: &str, patch: &FlowPatch) -> Result<OrchestrationFlow, StoreError> {
        let name = schema::orchestration_flows::name.optional_text(patch.name.as_deref())?;
        let description = schema::orchestration_flows::description.optional_text(patch.description.as_deref())?;
        let steps = patch.steps.as_deref().map(check_steps).transpose()?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::workspace(&current.workspace_id))?;
            if let Some(name) = name.as_deref().filter(|name| *name != current.name) {
                ensure_name_free(tx, &current.workspace_id, name, Some(&current.id))?;
            }
            let mut next = OrchestrationFlow {
                name: name.unwrap_or_else(|| current.name.clone()),
                description: description.unwrap_or_else(|| current.description.clone()),
                steps: steps.unwrap_or_else(|| current.steps.clone()),
                ..current.clone()
            };
            if next == current {
                return Ok(current);
            }
            next.updated_at = now_ms().max(current.updated_at);
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Deletes flow `id` for good, with the results of all its runs.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(&current.workspace_id))?;
            let runs: u32 = tx.query_row(
                "SELECT count(DISTINCT run_id) FROM orchestration_step_results WHERE flow_id = ?1",
                [&current.id],
                |row| row.get(0),
            )?;
            entity::purge::<OrchestrationFlow>(tx, &current.id)?;
            let details = serde_json::json!({
                "workspace_id": current.workspace_id,
                "name": current.name,
                "steps": current.steps.len(),
                "runs": runs,
            });
            self.cx.audit(tx, "flow.delete", "flow", &current.id, details)
        })
    }

    /// A new run id (UUIDv7) for flow `flow_id`, to record its steps' results under. Nothing
    /// is written until the first [`Flows::record_step`].
    pub fn start_run(&self, flow_id: &str) -> Result<String, StoreError> {
        let flow_id = parse_id("flow_id", flow_id)?;
        self.cx.read(|conn| {
            let flow = get(conn, &flow_id)?;
            self.cx.authorize(conn, Action::Write, &ResourceRef::workspace(&flow.workspace_id))?;
            Ok(new_id().0)
        })
    }

    /// Records the result of step `result.step_index` of run `result.run_id`: the index must
    /// be one of the flow's steps, the run this flow's, the interaction (if any) of the flow's
    /// workspace, `finished_at` not before `started_at`. Each step is recorded once per run
    /// (again is `Conflict` on `step_index`); it moves on with [`Flows::update_step`].
    pub fn record_step(&self, result: &NewStepResult) -> Result<StepResult, StoreError> {
        let flow_id = parse_id("flow_id", &result.flow_id)?;
        let run_id = parse_id("run_id", &result.run_id)?;
        let checked = Checked::new(
            optional_id("interaction_id", result.interaction_id.as_deref())?,
            result.output.clone(),
            result.status,
            error_text(&schema::orchestration_step_results::error, result.error.as_deref())?,
            result.started_at,
            result.finished_at,
        )?;
        self.cx.write(|tx| {
            let flow = get(tx, &flow_id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::workspace(&flow.workspace_id))?;
            if result.step_index as usize >= flow.steps.len() {
                let reason = format!("{} is not a step of this flow (it has {})", result.step_index, flow.steps.len());
                return Err(Error::invalid("step_index", reason));
            }
            let run_flow: Option<String> = tx
                .query_row(
                    "SELECT flow_id FROM orchestration_step_results WHERE run_id = ?1 LIMIT 1",
                    [&run_id],
                    |row| row.get(0),
                )
                .optional()?;
            if run_flow.is_some_and(|run_flow| run_flow != flow.id) {
                return Err(Error::invalid("run_id", "is a run of another flow"));
            }
            checked.check_interaction(tx, &flow)?;
            let taken = tx
                .query_row(
                    "SELECT 1 FROM orchestration_step_results WHERE run_id = ?1 AND step_index = ?2",
                    params![run_id, result.step_index],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if taken {
                let reason = format!("run {run_id} has a result for step {} already", result.step_index);
                return Err(Error::conflict("step_result", "step_index", reason));
            }
            let (id, now) = new_id();
            let step = StepResult {
                id,
                flow_id: flow.id,
                run_id,
                step_index: result.step_index,
                interaction_id: checked.interaction_id,
                output: checked.output,
                status: checked.status,
                error: checked.error,
                started_at: checked.started_at,
                finished_at: checked.finished_at,
                created_at: now,
                updated_at: now,
            };
            entity::insert(tx, &step)?;
            Ok(step)
        })
    }

    /// Changes the fields `patch` sets on step result `id` (a step going from `running` to
    /// `succeeded`, say), checked as in [`Flows::record_step`]; returns it as stored.
    pub fn update_step(&self, id: &str, patch: &StepResultPatch) -> Result<StepResult, StoreError> {
        let interaction_id = optional_id("interaction_id", patch.interaction_id.as_deref())?;
        let error_column = &schema::orchestration_step_results::error;
        let error = patch.error.as_deref().map(|error| error_text(error_column, Some(error))).transpose()?;
        self.cx.write(|tx| {
            let current = get_step(tx, id)?;
            let flow = get(tx, &current.flow_id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::workspace(&flow.workspace_id))?;
            let checked = Checked::new(
                interaction_id.clone().or_else(|| current.interaction_id.clone()),
                patch.output.clone().or_else(|| current.output.clone()),
                patch.status.unwrap_or(current.status),
                error.clone().unwrap_or_else(|| current.error.clone()),
                patch.started_at.or(current.started_at),
                patch.finished_at.or(current.finished_at),
            )?;
            if interaction_id.is_some() {
                checked.check_interaction(tx, &flow)?;
            }
            let next = StepResult {
                interaction_id: checked.interaction_id,
                output: checked.output,
                status: checked.status,
                error: checked.error,
                started_at: checked.started_at,
                finished_at: checked.finished_at,
                updated_at: now_ms().max(current.updated_at),
                ..current.clone()
            };
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Step result `id`.
    pub fn get_step(&self, id: &str) -> Result<StepResult, StoreError> {
        self.cx.read(|conn| get_step(conn, id))
    }

    /// The results recorded for run `run_id`, in step order; none for a run with nothing
    /// recorded yet (or whose flow is gone or hidden).
    pub fn run_results(&self, run_id: &str) -> Result<Vec<StepResult>, StoreError> {
        let run_id = parse_id("run_id", run_id)?;
        self.cx.read(|conn| {
            let sql = format!(
                "SELECT {} FROM {} WHERE ({}) AND e.run_id = ?1 ORDER BY e.step_index",
                StepResult::COLUMNS,
                StepResult::FROM,
                StepResult::LIVE
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([&run_id], StepResult::from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Ids of the runs of flow `flow_id` with at least one result, newest first; `page.after`
    /// is the last run id of the previous page.
    pub fn list_runs(&self, flow_id: &str, page: &PageRequest) -> Result<Vec<String>, StoreError> {
        let flow_id = parse_id("flow_id", flow_id)?;
        let limit = limits::limit(page.limit)?;
        let after = optional_id("after", page.after.as_deref())?;
        self.cx.read(|conn| {
            let flow = get(conn, &flow_id)?;
            if let Some(after) = &after {
                conn.query_row(
                    "SELECT 1 FROM orchestration_step_results WHERE flow_id = ?1 AND run_id = ?2 LIMIT 1",
                    [&flow.id, after],
                    |_| Ok(()),
                )
                .optional()?
                .ok_or_else(|| Error::invalid("after", "names no run of this flow"))?;
            }
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT run_id FROM orchestration_step_results
                 WHERE flow_id = ?1 AND (?2 IS NULL OR run_id < ?2) ORDER BY run_id DESC LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![flow.id, after, limit], |row| row.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Deletes every result of run `run_id` for good. A run with no results is `NotFound`.
    pub fn delete_run(&self, run_id: &str) -> Result<(), StoreError> {
        let run_id = parse_id("run_id", run_id)?;
        self.cx.write(|tx| {
            let flow_id: String = tx
                .query_row(
                    "SELECT flow_id FROM orchestration_step_results WHERE run_id = ?1 LIMIT 1",
                    [&run_id],
                    |row| row.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::not_found("run", &run_id))?;
            let flow = get(tx, &flow_id).map_err(|_| Error::not_found("run", &run_id))?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(&flow.workspace_id))?;
            let steps = tx.execute("DELETE FROM orchestration_step_results WHERE run_id = ?1", [&run_id])?;
            let details = serde_json::json!({ "flow_id": flow.id, "results": steps });
            self.cx.audit(tx, "flow_run.delete", "flow_run", &run_id, details)
        })
    }
}

/// Flow `id`, live while its workspace is, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<OrchestrationFlow> {
    entity::get(conn, id)
}

fn get_step(conn: &Connection, id: &str) -> Result<StepResult> {
    entity::get(conn, id)
}

/// The fields of a step result that every write checks the same way.
struct Checked {
    interaction_id: Option<String>,
    output: Option<String>,
    status: StepStatus,
    error: Option<String>,
    started_at: Option<i64>,
    finished_at: Option<i64>,
}

impl Checked {
    fn new(
        interaction_id: Option<String>,
        output: Option<String>,
        status: StepStatus,
        error: Option<String>,
        started_at: Option<i64>,
        finished_at: Option<i64>,
    ) -> Result<Self> {
        use schema::orchestration_step_results as column;
        let output = column::output.optional_text(output.as_deref())?;
        if error.is_some() && !matches!(status, StepStatus::Failed | StepStatus::Skipped) {
            return Err(Error::invalid("error", format!("a {} step has no error", status.as_str())));
        }
        let started_at = column::started_at.optional_int(started_at)?;
        let finished_at = column::finished_at.optional_int(finished_at)?;
        if let (Some(started), Some(finished)) = (started_at, finished_at)
            && finished < started
        {
            return Err(Error::invalid("finished_at", format!("{finished} is before started_at ({started})")));
        }
        Ok(Self { interaction_id, output, status, error, started_at, finished_at })
    }

    /// The interaction, if set, exists and was made for the flow's workspace (or none).
    fn check_interaction(&self, conn: &Connection, flow: &OrchestrationFlow) -> Result<()> {
        let Some(id) = &self.interaction_id else { return Ok(()) };
        let interaction = interactions::get(conn, id)?;
        if interaction.workspace_id.is_some_and(|workspace| workspace != flow.workspace_id) {
            return Err(Error::invalid("interaction_id", "names a call made for another workspace"));
        }
        Ok(())
    }
}

/// `steps` checked, with models and input names trimmed. Every problem is `InvalidInput` on
/// `steps`, its reason naming the step.
fn check_steps(steps: &[FlowStep]) -> Result<Vec<FlowStep>> {
    if steps.is_empty() {
        return Err(Error::invalid("steps", "a flow needs at least one step"));
    }
    if steps.len() > FLOW_STEPS_MAX {
        return Err(Error::invalid("steps", format!("{} steps, more than {FLOW_STEPS_MAX}", steps.len())));
    }
    steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            check_step(step).map_err(|reason| Error::invalid("steps", format!("step {index}: {reason}")))
        })
        .collect()
}

fn check_step(step: &FlowStep) -> std::result::Result<FlowStep, String> {
    let model = rules::NAME.check("model", &step.model).map_err(|error| error.to_string())?;
    if step.prompt_template.trim().is_empty() {
        return Err("the prompt template is empty".into());
    }
    rules::TEMPLATE.check("prompt_template", &step.prompt_template).map_err(|error| error.to_string())?;
    let inputs: Vec<String> = step.inputs.iter().map(|input| input.trim().to_owned()).collect();
    for (i, input) in inputs.iter().enumerate() {
        if !is_input_name(input) {
            return Err(format!("input {input:?} is not a name (letters, digits, _ - . from a letter or _)"));
        }
        if inputs[..i].contains(input) {
            return Err(format!("input {input:?} is declared twice"));
        }
    }
    for placeholder in placeholders(&step.prompt_template)? {
        if !inputs.iter().any(|input| input == placeholder) {
            return Err(format!("the template uses {{{{{placeholder}}}}} but declares no input {placeholder:?}"));
        }
    }
    Ok(FlowStep { model, inputs, ..step.clone() })
}

/// Whether `name` can be an input: letters, digits, `_`, `-` and `.`, starting with a letter
/// or `_`, at most [`FLOW_INPUT_NAME_MAX`] bytes.
fn is_input_name(name: &str) -> bool {
    name.len() <= FLOW_INPUT_NAME_MAX
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The input names of the `{{name}}` placeholders of `template` (spaces inside the braces
/// allowed), in order; a `{{` never closed, or around something that is not a name, is an
/// error.
fn placeholders(template: &str) -> std::result::Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or("the template has a {{ that is never closed with }}")?;
        let name = after[..end].trim();
        if !is_input_name(name) {
            return Err(format!("the template's placeholder {{{{{}}}}} does not hold an input name", &after[..end]));
        }
        names.push(name);
        rest = &after[end + 2..];
    }
    Ok(names)
}

/// `Conflict` if another flow of `workspace_id` (not `except`) is named `name`.
fn ensure_name_free(conn: &Connection, workspace_id: &str, name: &str, except: Option<&str>) -> Result<()> {
    let taken = conn
        .query_row(
            "SELECT 1 FROM orchestration_flows WHERE workspace_id = ?1 AND name = ?2 AND id IS NOT ?3",
            params![workspace_id, name, except],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if taken {
        return Err(Error::conflict("flow", "name", format!("{name:?} is taken in this workspace")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_read_between_double_braces() {
        assert_eq!(placeholders("Hi {{name}}, see {{ doc.title }} {not} }}"), Ok(vec!["name", "doc.title"]));
        assert!(placeholders("open {{name").is_err());
        assert!(placeholders("{{}}").is_err());
        assert!(placeholders("{{two words}}").is_err());
    }
}
