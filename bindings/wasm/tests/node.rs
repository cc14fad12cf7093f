//! Under Node (no configure macro, no OPFS): the behaviour suite on in-memory stores, and
//! what the binding itself promises JavaScript: records as plain objects with number
//! timestamps, every failure a JS `Error` with a `code` and the variant's fields.

#![cfg(target_family = "wasm")]
// Tests may fail loudly; clippy's allow-*-in-tests does not see `#[wasm_bindgen_test]`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::cloned_ref_to_slice_refs)]

#[path = "../../../tests/behaviour/mod.rs"]
mod behaviour;
mod hostile;

use js_sys::Reflect;
use tsify::Ts;
use unified_store::{MessageRole, NewUser, NewWorkspace, SearchQuery, StoreConfig, StoreError};
use unified_store_wasm::{Store, js_error};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

mod in_memory {
    use wasm_bindgen_test::wasm_bindgen_test;
    crate::behaviour_tests!(#[wasm_bindgen_test] fn with unified_store::Store::open_in_memory().unwrap());
}

fn prop(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// Checks that `error` is a JS `Error` named `StoreError` with `code` and these properties.
fn assert_store_error(error: &JsValue, code: &str, fields: &[(&str, JsValue)]) {
    let js = error.dyn_ref::<js_sys::Error>().expect("a JS Error");
    assert_eq!(js.name(), "StoreError");
    assert_eq!(prop(error, "code"), code, "code of {:?}", js.message());
    for (key, value) in fields {
        assert_eq!(&prop(error, key), value, "{key} of {:?}", js.message());
    }
}

/// Workspace `name` through the JS API, owned by a fresh user (emails unique per store).
fn new_workspace(store: &Store, name: &str) -> unified_store::Workspace {
    let user = NewUser::new(format!("{}@example.com", name.to_lowercase()), "Owner");
    let owner = store.users().create(Ts::from_rust(&user).unwrap()).unwrap().to_rust().unwrap();
    let workspace = NewWorkspace::for_user(name, owner.id);
    store.workspaces().create(Ts::from_rust(&workspace).unwrap()).unwrap().to_rust().unwrap()
}

#[wasm_bindgen_test]
fn records_cross_as_plain_objects_with_number_timestamps() {
    let store = Store::open_in_memory().unwrap();
    let owner: JsValue =
        store.users().create(Ts::from_rust(&NewUser::new("ada@example.com", "Ada")).unwrap()).unwrap().into();
    assert_eq!(prop(&owner, "displayName"), "Ada", "fields are camelCase");
    let owner_id = prop(&owner, "id").as_string().unwrap();
    let plain = Ts::from_rust(&NewWorkspace::for_user("Plain", owner_id)).unwrap();
    let workspace: JsValue = store.workspaces().create(plain).unwrap().into();
    assert_eq!(prop(&workspace, "name"), "Plain");
    assert!(
        prop(&workspace, "ownerOrganizationId").is_undefined() || prop(&workspace, "ownerOrganizationId").is_null()
    );
    let created = prop(&workspace, "createdAt");
    assert!(created.as_f64().is_some_and(|ms| ms > 1.6e12), "createdAt is a number of ms: {created:?}");

    let id = prop(&workspace, "id").as_string().unwrap();
    let thread = store.threads().create(id.as_str().into(), "T".into()).unwrap().to_rust().unwrap();
    let role = Ts::from_rust(&MessageRole::Assistant).unwrap();
    store.messages().append(thread.id.as_str().into(), role, "plain objects everywhere".into()).unwrap();
    let listed = store.workspaces().list(None).unwrap();
    assert_eq!(listed.len(), 1, "no page means the first page");
    let hits = store.messages().search(Ts::from_rust(&SearchQuery::words("plain")).unwrap()).unwrap();
    let hit: JsValue = hits.into_iter().next().unwrap().into();
    assert_eq!(prop(&prop(&hit, "message"), "role"), "assistant");
    assert!(prop(&hit, "score").as_f64().is_some());
}

#[wasm_bindgen_test]
fn store_errors_carry_code_and_fields() {
    let store = Store::open_in_memory().unwrap();
    let error = store.workspaces().get("not-a-uuid".into()).unwrap_err();
    assert_store_error(&error, "InvalidInput", &[("field", "id".into())]);
    assert!(error.unchecked_ref::<js_sys::Error>().message().starts_with("invalid id", 0));

    let unknown = "01890a5d-ac96-774b-bcce-b302099a8057";
    let error = store.threads().get(unknown.into()).unwrap_err();
    assert_store_error(&error, "NotFound", &[("entity", "thread".into()), ("id", unknown.into())]);

    store.close().unwrap();
    assert_store_error(&store.schema_version().unwrap_err(), "Storage", &[]);
}

#[wasm_bindgen_test]
fn every_variant_maps_with_its_fields() {
    let error = js_error(StoreError::IncompatibleVersion { found: 9, supported: 1 });
    assert_store_error(&error, "IncompatibleVersion", &[("found", 9.into()), ("supported", 1.into())]);
    let error = js_error(StoreError::Storage { reason: "disk on fire".into() });
    assert_store_error(&error, "Storage", &[("reason", "disk on fire".into())]);
    assert_eq!(error.unchecked_ref::<js_sys::Error>().message(), "storage error: disk on fire");
}

#[wasm_bindgen_test]
async fn wrongly_shaped_arguments_are_invalid_input() {
    let store = Store::open_in_memory().unwrap();
    let error = store.messages().search(Ts::new_unchecked(42.into())).unwrap_err();
    assert_store_error(&error, "InvalidInput", &[("field", "query".into())]);

    let workspace = new_workspace(&store, "W");
    let thread = store.threads().create(workspace.id.as_str().into(), "T".into()).unwrap().to_rust().unwrap();
    let error =
        store.messages().append(thread.id.as_str().into(), Ts::new_unchecked("robot".into()), "hi".into()).unwrap_err();
    assert_store_error(&error, "InvalidInput", &[("field", "role".into())]);
    let error = store.workspaces().list(Some(Ts::new_unchecked("ten".into()))).unwrap_err();
    assert_store_error(&error, "InvalidInput", &[("field", "page".into())]);
    // Text arguments too: wasm-bindgen's own string conversion would trap on these.
    let not_text = |value: JsValue| value.unchecked_into::<unified_store_wasm::Text>();
    let error = store.workspaces().rename(workspace.id.as_str().into(), not_text(42.into())).unwrap_err();
    assert_store_error(&error, "InvalidInput", &[("field", "name".into())]);
    let error = store.messages().edit(not_text(JsValue::NULL), "x".into()).unwrap_err();
    assert_store_error(&error, "InvalidInput", &[("field", "id".into())]);
    assert!(store.workspaces().get(workspace.id.as_str().into()).is_ok(), "the store is still sound");

    let config = js_sys::Object::new();
    Reflect::set(&config, &"path".into(), &7.into()).unwrap();
    let error = Store::open(Ts::new_unchecked(config.into())).await.err().unwrap();
    assert_store_error(&error, "InvalidInput", &[("field", "config".into())]);

    let in_memory = Store::open(Ts::from_rust(&StoreConfig::in_memory()).unwrap()).await.unwrap();
    assert_eq!(in_memory.schema_version().unwrap(), unified_store::SCHEMA_VERSION);
}

/// Vectors cross as `Float32Array`s both ways (an array of numbers is taken too), a batch
/// takes one flat `Float32Array`, hits are plain objects, `optimize` is a promise of the
/// collection's info, and a bad vector or an unknown collection is a `StoreError` with its
/// field or entity.
#[wasm_bindgen_test]
async fn vectors_cross_as_float32_arrays() {
    use js_sys::{Array, Float32Array, Object};
    let store = Store::open_in_memory().unwrap();
    let workspace = new_workspace(&store, "Vectors");
    let thread = store.threads().create(workspace.id.as_str().into(), "T".into()).unwrap().to_rust().unwrap();
    let role = || Ts::from_rust(&MessageRole::User).unwrap();
    let tram =
        store.messages().append(thread.id.as_str().into(), role(), "the tram".into()).unwrap().to_rust().unwrap();
    let boat =
        store.messages().append(thread.id.as_str().into(), role(), "the ferry".into()).unwrap().to_rust().unwrap();
    let record = |pairs: &[(&str, JsValue)]| -> JsValue {
        let object = Object::new();
        for (key, value) in pairs {
            Reflect::set(&object, &(*key).into(), value).unwrap();
        }
        object.into()
    };
    let key = |owner: &str| {
        vec![
            ("ownerKind", "message".into()),
            ("ownerId", owner.into()),
            ("collection", "c".into()),
            ("model", "m".into()),
        ]
    };
    let embeddings = store.embeddings();

    let mine = Float32Array::from(&[1.0f32, 0.0, 0.0][..]);
    let mut fields = key(&tram.id);
    fields.push(("vector", mine.clone().into()));
    let stored: JsValue = embeddings.upsert(Ts::new_unchecked(record(&fields))).unwrap().into();
    let vector = prop(&stored, "vector").dyn_into::<Float32Array>().expect("a Float32Array");
    assert_eq!(vector.to_vec(), [1.0, 0.0, 0.0]);
    assert_eq!(prop(&stored, "dimensions"), 3);
    assert_eq!(prop(&stored, "threadId"), thread.id.as_str());
    assert_eq!(mine.to_vec(), [1.0, 0.0, 0.0], "the caller's array is left as it was");

    let metas = Array::of1(&record(&key(&boat.id)));
    let flat = Float32Array::from(&[0.0f32, 1.0, 0.0][..]);
    assert_eq!(embeddings.upsert_batch(metas.unchecked_into(), flat.unchecked_into()).unwrap(), 1);

    let query = |vector: JsValue, k: u32| {
        record(&[("collection", "c".into()), ("model", "m".into()), ("vector", vector), ("k", k.into())])
    };
    let near = Float32Array::from(&[0.9f32, 0.1, 0.0][..]);
    let hits = embeddings.search(Ts::new_unchecked(query(near.clone().into(), 2))).unwrap();
    let owners: Vec<JsValue> = hits.into_iter().map(|hit| prop(&hit.into(), "ownerId")).collect();
    assert_eq!(owners, [JsValue::from(&tram.id), JsValue::from(&boat.id)]);
    let numbers: JsValue = [0.9, 0.1, 0.0].iter().map(|&v| JsValue::from(v)).collect::<Array>().into();
    let hybrid = record(&[("text", "ferry".into()), ("vector", query(numbers, 2))]);
    let hybrid = embeddings.hybrid_search(Ts::new_unchecked(hybrid)).unwrap();
    assert_eq!(hybrid.len(), 2);

    let scrolled = embeddings.scroll("c".into(), "m".into(), None).unwrap();
    let vectors: Vec<Vec<f32>> = scrolled
        .into_iter()
        .map(|embedding| prop(&embedding.into(), "vector").dyn_into::<Float32Array>().unwrap().to_vec())
        .collect();
    assert_eq!(vectors, [vec![1.0, 0.0, 0.0], vec![0.0, 1.0, 0.0]]);
    let got: JsValue = embeddings
        .get(Ts::new_unchecked("message".into()), tram.id.as_str().into(), "c".into(), "m".into())
        .unwrap()
        .into();
    assert!(prop(&got, "vector").is_instance_of::<Float32Array>());

    let promise = embeddings.optimize("c".into(), "m".into(), None).unwrap();
    let info = wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    assert_eq!(prop(&info, "count"), 2);
    let int8 = record(&[("precision", "int8".into())]);
    let configured: JsValue = embeddings.configure("c".into(), "m".into(), Ts::new_unchecked(int8)).unwrap().into();
    assert_eq!(prop(&prop(&configured, "settings"), "precision"), "int8");
    assert_eq!(embeddings.collections().unwrap().len(), 1);
    let missing = embeddings.missing("c".into(), "m".into(), Ts::new_unchecked("message".into()), None).unwrap();
    assert!(missing.is_empty());

    let nan = Float32Array::from(&[f32::NAN, 0.0, 0.0][..]);
    let error = embeddings.search(Ts::new_unchecked(query(nan.into(), 1))).unwrap_err();
    assert_store_error(&error, "InvalidInput", &[("field", "vector".into())]);
    let uneven = Float32Array::new_with_length(5);
    let two = Array::of2(&record(&key(&tram.id)), &record(&key(&boat.id)));
    let error = embeddings.upsert_batch(two.unchecked_into(), uneven.unchecked_into());
    assert_store_error(&error.unwrap_err(), "InvalidInput", &[("field", "vectors".into())]);
    let error = embeddings.info("nothing".into(), "m".into()).unwrap_err();
    assert_store_error(&error, "NotFound", &[("entity", "collection".into())]);
    let deleted = embeddings.delete_owner(Ts::new_unchecked("message".into()), tram.id.as_str().into()).unwrap();
    assert_eq!(deleted, 1);
}
