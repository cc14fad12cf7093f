//! Hostile input through the JS API, under Node: a catalogue of bad values, built as JS values
//! (lone surrogates, NaN, bigints, `null` and `undefined` included), fed to a sample of calls
//! in every domain.
//!
//! What each case must get: success, or a JS `Error` named `StoreError` whose `code` is
//! `InvalidInput` naming the field (the core's name for what it refuses, the argument's name
//! for what the binding refuses before the core sees it), or `NotFound`/`Conflict` where an id
//! or a unique value makes that the answer; never `Storage`, never a trap. Every message is
//! shorter than 1,000 characters, and the store answers reads afterwards. The store's rules
//! are tested in Rust; here a value must be refused only where no rule could take it.

use js_sys::{Array, BigInt, JsString, Object, Reflect};
use serde::Serialize;
use tsify::{Ts, Tsify};
use unified_store::*;
use unified_store_wasm::{Flag, Integer, Store, Text};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const TIME_MAX: f64 = 253_402_300_799_999.0;
const SAFE_MAX: f64 = 9_007_199_254_740_991.0; // 2^53 - 1: AMOUNT_MAX, and Number.MAX_SAFE_INTEGER
const U32_MAX: f64 = 4_294_967_295.0;
const MISSING_ID: &str = "00000000-0000-7000-8000-000000000000";

/// What a case must get.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Success.
    Taken,
    /// `InvalidInput` naming this field.
    Refused(&'static str),
    /// `NotFound`.
    Absent,
    /// Success, or `InvalidInput` naming this field, or `NotFound`/`Conflict`.
    Either(&'static str),
}
use Expect::*;

/// One store, a record of each kind the calls need, and how many cases ran.
struct World {
    store: Store,
    user: String,
    workspace: String,
    thread: String,
    message: String,
    subscription: String,
    cases: usize,
    unique: usize,
}

impl World {
    fn new() -> Self {
        let store = Store::open_in_memory().unwrap();
        let user = store.users().create(ts(&NewUser::new("owner@example.com", "Owner"))).unwrap().to_rust().unwrap().id;
        let workspace =
            store.workspaces().create(ts(&NewWorkspace::for_user("W", &user))).unwrap().to_rust().unwrap().id;
        let thread = store.threads().create(workspace.as_str().into(), "T".into()).unwrap().to_rust().unwrap().id;
        let role = ts(&MessageRole::User);
        let message =
            store.messages().append(thread.as_str().into(), role, "hello".into()).unwrap().to_rust().unwrap().id;
        let plan = NewSubscription::for_user(&user, PlanTier::Pro, SubscriptionStatus::Active, 0, TIME_MAX as i64);
        let subscription = store.subscriptions().create(ts(&plan)).unwrap().to_rust().unwrap().id;
        Self { store, user, workspace, thread, message, subscription, cases: 0, unique: 0 }
    }

    fn next(&mut self) -> usize {
        self.unique += 1;
        self.unique
    }

    /// Runs one case: `result` is what the call returned for value `shown`.
    fn check<T>(&mut self, call: &str, shown: &str, result: Result<T, JsValue>, expect: Expect) {
        self.cases += 1;
        let case = format!("{call} with {shown}");
        match result {
            Ok(_) => assert!(matches!(expect, Taken | Either(_)), "{case}: taken, but should be {expect:?}"),
            Err(error) => {
                let js = error.dyn_ref::<js_sys::Error>().unwrap_or_else(|| panic!("{case}: not an Error: {error:?}"));
                let message = String::from(js.message());
                assert_eq!(js.name(), "StoreError", "{case}: {message}");
                assert!(message.chars().count() < 1000, "{case}: message of {} characters", message.len());
                let code = prop(&error, "code").as_string().unwrap();
                let field = prop(&error, "field").as_string();
                match expect {
                    Taken => panic!("{case}: refused: {message}"),
                    Absent => assert_eq!(code, "NotFound", "{case}: {message}"),
                    Either(_) if code == "NotFound" || code == "Conflict" => {}
                    Refused(name) | Either(name) => {
                        assert_eq!((code.as_str(), field.as_deref()), ("InvalidInput", Some(name)), "{case}: {message}")
                    }
                }
            }
        }
        assert!(self.store.threads().get(self.thread.as_str().into()).is_ok(), "{case}: the store no longer reads");
    }
}

fn ts<T: Tsify + Serialize>(value: &T) -> Ts<T> {
    Ts::from_rust(value).unwrap()
}

fn prop(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// `record` as a JS object with property `key` set to `value` (deleted for `undefined`, so
/// that it is missing rather than present and undefined).
fn with<T: Tsify + Serialize>(record: &T, key: &str, value: &JsValue) -> Ts<T> {
    let object: JsValue = ts(record).into();
    if value.is_undefined() {
        Reflect::delete_property(object.unchecked_ref::<Object>(), &key.into()).unwrap();
    } else {
        Reflect::set(&object, &key.into(), value).unwrap();
    }
    Ts::new_unchecked(object)
}

/// A JS string of these UTF-16 units: how a lone surrogate gets into a test.
fn utf16(units: &[u16]) -> JsValue {
    JsString::from_char_code(units).into()
}

fn text(value: &JsValue) -> Text {
    value.clone().unchecked_into()
}

/// The text values, with how each is shown in a failure.
fn texts(w: &World) -> Vec<(&'static str, JsValue)> {
    vec![
        ("empty", "".into()),
        ("blank", "   ".into()),
        ("nul-inside", "a\0b".into()),
        ("nul-leading", "\0a".into()),
        ("control", "a\x1b[31mb".into()),
        ("zero-width-only", "\u{200b}\u{200c}".into()),
        ("200-chars", "n".repeat(200).into()),
        ("201-chars", "n".repeat(201).into()),
        ("10MB", "x".repeat(10 << 20).into()),
        ("missing-id", MISSING_ID.into()),
        ("other-kind-id", w.message.as_str().into()),
        ("lone-high-surrogate", utf16(&[0xD800])),
        ("lone-low-surrogate-inside", utf16(&[0x61, 0xDFFF, 0x62])),
        ("reversed-pair", utf16(&[0xDC00, 0xD800])),
    ]
}

/// What a slot of `kind` must do with text value `label`, refusing on `field`.
fn expect_text(kind: &str, label: &str, field: &'static str, arg: &'static str) -> Expect {
    if label.contains("surrogate") || label == "reversed-pair" {
        return Refused(arg); // the binding refuses these, naming the argument
    }
    let no_rule_takes = matches!(label, "nul-inside" | "nul-leading" | "10MB");
    match kind {
        "name" => match label {
            "200-chars" | "missing-id" | "other-kind-id" => Taken,
            _ => Refused(field),
        },
        "content" => match no_rule_takes {
            true => Refused(field),
            false => Taken,
        },
        "id" => match label {
            "missing-id" | "other-kind-id" => Absent,
            _ => Refused(field),
        },
        "filter-id" => match label {
            "missing-id" | "other-kind-id" => Either(field),
            _ => Refused(field),
        },
        "query" => match label {
            "10MB" => Refused(field),
            _ => Either(field),
        },
        _ if no_rule_takes => Refused(field),
        _ => Either(field),
    }
}

/// A call with one text slot: its name, the core's field, the binding's argument, the kind of
/// slot, and the call itself.
type TextCall =
    (&'static str, &'static str, &'static str, &'static str, fn(&mut World, &JsValue) -> Result<(), JsValue>);

fn text_calls() -> Vec<TextCall> {
    vec![
        ("users.create", "email", "user", "other", |w, v| {
            w.store.users().create(with(&NewUser::new("", "D"), "email", v)).map(drop)
        }),
        ("users.create", "display_name", "user", "name", |w, v| {
            let user = NewUser::new(format!("u{}@example.com", w.next()), "");
            w.store.users().create(with(&user, "displayName", v)).map(drop)
        }),
        ("workspaces.create", "name", "workspace", "name", |w, v| {
            w.store.workspaces().create(with(&NewWorkspace::for_user("", &w.user), "name", v)).map(drop)
        }),
        ("workspaces.create", "owner_user_id", "workspace", "id", |w, v| {
            w.store.workspaces().create(with(&NewWorkspace::for_user("W", ""), "ownerUserId", v)).map(drop)
        }),
        ("workspaces.rename", "name", "name", "name", |w, v| {
            w.store.workspaces().rename(w.workspace.as_str().into(), text(v)).map(drop)
        }),
        ("workspaces.rename", "id", "id", "id", |w, v| w.store.workspaces().rename(text(v), "W".into()).map(drop)),
        ("threads.create", "title", "title", "name", |w, v| {
            w.store.threads().create(w.workspace.as_str().into(), text(v)).map(drop)
        }),
        ("threads.create", "workspace_id", "workspace_id", "id", |w, v| {
            w.store.threads().create(text(v), "T".into()).map(drop)
        }),
        ("threads.rename", "title", "title", "name", |w, v| {
            w.store.threads().rename(w.thread.as_str().into(), text(v)).map(drop)
        }),
        ("messages.append", "content", "content", "content", |w, v| {
            w.store.messages().append(w.thread.as_str().into(), ts(&MessageRole::User), text(v)).map(drop)
        }),
        ("messages.append", "thread_id", "thread_id", "id", |w, v| {
            w.store.messages().append(text(v), ts(&MessageRole::User), "x".into()).map(drop)
        }),
        ("messages.edit", "content", "content", "content", |w, v| {
            w.store.messages().edit(w.message.as_str().into(), text(v)).map(drop)
        }),
        ("messages.edit", "id", "id", "id", |w, v| {
            // A user's id is the other kind here.
            let v =
                if v.as_string().as_deref() == Some(w.message.as_str()) { w.user.as_str().into() } else { v.clone() };
            w.store.messages().edit(text(&v), "x".into()).map(drop)
        }),
        ("messages.search", "query", "query", "query", |w, v| {
            w.store.messages().search(with(&SearchQuery::words("x"), "text", v)).map(drop)
        }),
        ("messages.search", "workspace_id", "query", "filter-id", |w, v| {
            w.store.messages().search(with(&SearchQuery::words("x"), "workspaceId", v)).map(drop)
        }),
        ("settings.set", "key", "key", "other", |w, v| {
            w.store.settings().set(w.user.as_str().into(), text(v), "1".into()).map(drop)
        }),
        ("settings.set", "value_json", "value_json", "other", |w, v| {
            w.store.settings().set(w.user.as_str().into(), "k".into(), text(v)).map(drop)
        }),
        ("settings.set", "user_id", "user_id", "id", |w, v| {
            w.store.settings().set(text(v), "k".into(), "1".into()).map(drop)
        }),
        ("interactions.record", "model", "interaction", "name", |w, v| {
            w.store.interactions().record(with(&interaction(), "model", v)).map(drop)
        }),
        ("interactions.record", "currency", "interaction", "other", |w, v| {
            w.store.interactions().record(with(&interaction(), "currency", v)).map(drop)
        }),
        ("interactions.record", "thread_id", "interaction", "id", |w, v| {
            w.store.interactions().record(with(&interaction(), "threadId", v)).map(drop)
        }),
        ("invoices.issue", "number", "invoice", "other", |w, v| {
            w.store.invoices().issue(with(&invoice(w), "number", v)).map(drop)
        }),
        ("invoices.issue", "subscription_id", "invoice", "id", |w, v| {
            w.store.invoices().issue(with(&invoice(w), "subscriptionId", v)).map(drop)
        }),
        ("subscriptions.create", "owner_user_id", "plan", "id", |w, v| {
            w.store.subscriptions().create(with(&plan(w), "ownerUserId", v)).map(drop)
        }),
    ]
}

fn interaction() -> NewInteraction {
    NewInteraction::new(ProviderKind::Anthropic, "claude", 10, "USD")
}

fn invoice(w: &mut World) -> NewInvoice {
    let number = format!("INV-{}", w.next());
    NewInvoice::new(&w.subscription, number, 100, "EUR")
}

fn plan(w: &World) -> NewSubscription {
    NewSubscription::for_user(&w.user, PlanTier::Free, SubscriptionStatus::Trialing, 0, TIME_MAX as i64)
}

#[wasm_bindgen_test]
fn hostile_text_in_arguments_and_record_fields() {
    let mut w = World::new();
    for (call, field, arg, kind, run) in text_calls() {
        for (label, value) in texts(&w) {
            let expect = expect_text(kind, label, field, arg);
            let result = run(&mut w, &value);
            w.check(&format!("{call}.{field}"), label, result, expect);
        }
    }
    assert_eq!(w.cases, 24 * 14);
}

#[wasm_bindgen_test]
fn text_of_the_wrong_type_is_invalid_input_naming_the_argument() {
    let mut w = World::new();
    let not_text: Vec<(&str, JsValue)> = vec![
        ("42", 42.into()),
        ("null", JsValue::NULL),
        ("undefined", JsValue::UNDEFINED),
        ("true", true.into()),
        ("object", Object::new().into()),
        ("array", Array::of1(&"T".into()).into()),
        ("bigint", BigInt::from(7).into()),
    ];
    for (call, field, arg, _, run) in text_calls() {
        for (label, value) in &not_text {
            let result = run(&mut w, value);
            // An optional field of a record may be absent (null or undefined); then a plan or
            // a workspace has no owner, which the core refuses on `owner`. Everything else is
            // refused by the binding.
            let optional = matches!(field, "thread_id" | "workspace_id" | "owner_user_id") && arg != field;
            let expect = match (optional, *label) {
                (true, "null" | "undefined") if field == "owner_user_id" => Refused("owner"),
                (true, "null" | "undefined") => Taken,
                _ => Refused(arg),
            };
            w.check(&format!("{call}.{field}"), label, result, expect);
        }
    }
    assert_eq!(w.cases, 24 * 7);
}

/// A value, how a failure shows it, and what it must get.
type Case = (&'static str, JsValue, Expect);

/// A number slot inside a record: the call, the core's field, the argument, and the call.
type NumberCall = (&'static str, &'static str, &'static str, fn(&mut World, &JsValue) -> Result<(), JsValue>);

fn number_calls() -> Vec<(NumberCall, Vec<Case>)> {
    let big = |digits: &str| JsValue::from(BigInt::new(&digits.into()).unwrap());
    let times = |field: &'static str, arg: &'static str, optional: bool| {
        vec![
            ("0", 0.into(), Taken),
            ("TIME_MAX", TIME_MAX.into(), Taken),
            ("-0", (-0.0).into(), Taken),
            ("-1", (-1).into(), Refused(field)),
            ("TIME_MAX+1", (TIME_MAX + 1.0).into(), Refused(field)),
            ("2^53-1", SAFE_MAX.into(), Refused(field)),
            ("-(2^53-1)", (-SAFE_MAX).into(), Refused(field)),
            ("2^53", (SAFE_MAX + 1.0).into(), Refused(arg)),
            ("1e300", 1e300.into(), Refused(arg)),
            ("NaN", f64::NAN.into(), Refused(arg)),
            ("Infinity", f64::INFINITY.into(), Refused(arg)),
            ("-Infinity", f64::NEG_INFINITY.into(), Refused(arg)),
            ("1.5", 1.5.into(), Refused(arg)),
            ("'5'", "5".into(), Refused(arg)),
            ("true", true.into(), Refused(arg)),
            ("bigint 0", big("0"), Taken),
            ("bigint 2^63", big("9223372036854775808"), Refused(arg)),
            ("null", JsValue::NULL, if optional { Taken } else { Refused(arg) }),
            ("undefined", JsValue::UNDEFINED, if optional { Taken } else { Refused(arg) }),
        ]
    };
    let amounts = |field: &'static str, arg: &'static str| {
        vec![
            ("0", 0.into(), Taken),
            ("2^53-1", SAFE_MAX.into(), Taken),
            ("2^53", (SAFE_MAX + 1.0).into(), Refused(arg)),
            ("-1", (-1).into(), Refused(arg)),
            ("1.5", 1.5.into(), Refused(arg)),
            ("NaN", f64::NAN.into(), Refused(arg)),
            ("Infinity", f64::INFINITY.into(), Refused(arg)),
            ("bigint 2^53", big("9007199254740992"), Refused(field)),
            ("bigint 2^64-1", big("18446744073709551615"), Refused(field)),
            ("bigint 2^64", big("18446744073709551616"), Refused(arg)),
            ("bigint -1", big("-1"), Refused(arg)),
        ]
    };
    let counts = |arg: &'static str| {
        vec![
            ("0", 0.into(), Taken),
            ("2^32-1", U32_MAX.into(), Taken),
            ("2^32", (U32_MAX + 1.0).into(), Refused(arg)),
            ("-1", (-1).into(), Refused(arg)),
            ("0.5", 0.5.into(), Refused(arg)),
            ("NaN", f64::NAN.into(), Refused(arg)),
            ("bigint 1", big("1"), Refused(arg)),
        ]
    };
    vec![
        (
            ("interactions.record", "occurred_at", "interaction", |w, v| {
                w.store.interactions().record(with(&interaction(), "occurredAt", v)).map(drop)
            }),
            times("occurred_at", "interaction", true),
        ),
        (
            ("interactions.record", "cost_micros", "interaction", |w, v| {
                w.store.interactions().record(with(&interaction(), "costMicros", v)).map(drop)
            }),
            amounts("cost_micros", "interaction"),
        ),
        (
            ("interactions.record", "prompt_tokens", "interaction", |w, v| {
                w.store.interactions().record(with(&interaction(), "promptTokens", v)).map(drop)
            }),
            counts("interaction"),
        ),
        (
            ("subscriptions.create", "period_start", "plan", |w, v| {
                w.store.subscriptions().create(with(&plan(w), "periodStart", v)).map(drop)
            }),
            // TIME_MAX as a start leaves no room for an end: refused on period_end.
            times("period_start", "plan", false)
                .into_iter()
                .map(|(label, value, expect)| match label {
                    "TIME_MAX" => (label, value, Refused("period_end")),
                    _ => (label, value, expect),
                })
                .collect(),
        ),
        (
            ("subscriptions.create", "period_end", "plan", |w, v| {
                w.store.subscriptions().create(with(&plan(w), "periodEnd", v)).map(drop) // from 0
            }),
            // An end of 0 is a time, but not after the start of 0.
            times("period_end", "plan", false)
                .into_iter()
                .map(|(label, value, expect)| match label {
                    "0" | "-0" | "bigint 0" => (label, value, Refused("period_end")),
                    _ => (label, value, expect),
                })
                .collect(),
        ),
        (
            ("subscriptions.create", "storage_quota_bytes", "plan", |w, v| {
                w.store.subscriptions().create(with(&plan(w), "storageQuotaBytes", v)).map(drop)
            }),
            amounts("storage_quota_bytes", "plan"),
        ),
        (
            ("invoices.issue", "amount_minor", "invoice", |w, v| {
                let invoice = invoice(w);
                w.store.invoices().issue(with(&invoice, "amountMinor", v)).map(drop)
            }),
            amounts("amount_minor", "invoice"),
        ),
        (
            ("invoices.issue", "issued_at", "invoice", |w, v| {
                let invoice = invoice(w);
                w.store.invoices().issue(with(&invoice, "issuedAt", v)).map(drop)
            }),
            times("issued_at", "invoice", true),
        ),
        (
            ("workspaces.list", "limit", "page", |w, v| {
                w.store.workspaces().list(Some(with(&PageRequest::default(), "limit", v))).map(drop)
            }),
            vec![
                ("1", 1.into(), Taken),
                ("1000", 1000.into(), Taken),
                ("0", 0.into(), Refused("limit")),
                ("1001", 1001.into(), Refused("limit")),
                ("2^32-1", U32_MAX.into(), Refused("limit")),
                ("2^32", (U32_MAX + 1.0).into(), Refused("page")),
                ("-1", (-1).into(), Refused("page")),
                ("NaN", f64::NAN.into(), Refused("page")),
                ("null", JsValue::NULL, Refused("page")),
                ("undefined", JsValue::UNDEFINED, Taken), // absent: the default of 50
            ],
        ),
    ]
}

#[wasm_bindgen_test]
fn hostile_numbers_in_record_fields() {
    let mut w = World::new();
    let mut expected = 0;
    for ((call, field, _, run), values) in number_calls() {
        expected += values.len();
        for (label, value, expect) in values {
            let result = run(&mut w, &value);
            w.check(&format!("{call}.{field}"), label, result, expect);
        }
    }
    assert_eq!(w.cases, expected);
}

#[wasm_bindgen_test]
fn flags_and_64_bit_integers_are_checked_not_coerced() {
    let mut w = World::new();
    let flags: Vec<Case> = vec![
        ("true", true.into(), Taken),
        ("false", false.into(), Taken),
        ("'true'", "true".into(), Refused("value")),
        ("1", 1.into(), Refused("value")),
        ("0", 0.into(), Refused("value")),
        ("null", JsValue::NULL, Refused("value")),
        ("undefined", JsValue::UNDEFINED, Refused("value")),
    ];
    for (label, value, expect) in &flags {
        let flag: Flag = value.clone().unchecked_into();
        let result = w.store.settings().set_bool(w.user.as_str().into(), "flag".into(), flag);
        w.check("settings.setBool", label, result, *expect);
    }
    // wasm-bindgen's own bool took "true" as false: the stored value is what was passed.
    let stored = w.store.settings().get_bool(w.user.as_str().into(), "flag".into()).unwrap();
    assert_eq!(stored, Some(false), "the last flag taken was false");

    let config = NewProviderConfig::new(&w.user, ProviderKind::OpenAi, "OpenAI");
    let id = w.store.providers().create(ts(&config)).unwrap().to_rust().unwrap().id;
    for (label, value, expect) in &flags {
        let expect = match expect {
            Refused(_) => Refused("enabled"),
            other => *other,
        };
        let result = w.store.providers().set_enabled(id.as_str().into(), value.clone().unchecked_into());
        w.check("providers.setEnabled", label, result, expect);
    }

    let big = |digits: &str| JsValue::from(BigInt::new(&digits.into()).unwrap());
    let integers: Vec<Case> = vec![
        ("0", 0.into(), Taken),
        ("-(2^53-1)", (-SAFE_MAX).into(), Taken),
        ("2^53-1", SAFE_MAX.into(), Taken),
        ("bigint 2^63-1", big("9223372036854775807"), Taken),
        ("bigint -2^63", big("-9223372036854775808"), Taken),
        ("2^53", (SAFE_MAX + 1.0).into(), Refused("value")),
        ("1.5", 1.5.into(), Refused("value")),
        ("NaN", f64::NAN.into(), Refused("value")),
        ("-Infinity", f64::NEG_INFINITY.into(), Refused("value")),
        ("bigint 2^63", big("9223372036854775808"), Refused("value")),
        ("bigint 2^64", big("18446744073709551616"), Refused("value")),
        ("'5'", "5".into(), Refused("value")),
        ("null", JsValue::NULL, Refused("value")),
    ];
    for (label, value, expect) in integers {
        let integer: Integer = value.clone().unchecked_into();
        let result = w.store.settings().set_i64(w.user.as_str().into(), "n".into(), integer);
        w.check("settings.setI64", label, result, expect);
        if expect == Taken {
            // Read back as what was passed, not wrapped or rounded.
            let back = w.store.settings().get_i64(w.user.as_str().into(), "n".into()).unwrap().unwrap();
            let passed = if value.is_bigint() { i64::try_from(value).unwrap() } else { value.as_f64().unwrap() as i64 };
            assert_eq!(back, passed, "setI64 {label}");
        }
    }
    assert_eq!(w.cases, 7 + 7 + 13);
}

#[wasm_bindgen_test]
fn records_missing_extra_null_and_undefined() {
    let mut w = World::new();
    let base = NewWorkspace::for_user("Shapes", &w.user);
    let cases: Vec<Case> = vec![
        ("missing name", with(&base, "name", &JsValue::UNDEFINED).into(), Refused("workspace")),
        ("null name", with(&base, "name", &JsValue::NULL).into(), Refused("workspace")),
        ("extra property", with(&base, "colour", &"teal".into()).into(), Taken), // ignored
        ("null owner organization", with(&base, "ownerOrganizationId", &JsValue::NULL).into(), Taken),
        ("both owners missing", with(&base, "ownerUserId", &JsValue::UNDEFINED).into(), Refused("owner")),
        ("null", JsValue::NULL, Refused("workspace")),
        ("undefined", JsValue::UNDEFINED, Refused("workspace")),
        ("a string", "Shapes".into(), Refused("workspace")),
        ("an array", Array::of1(&ts(&base).into()).into(), Refused("workspace")),
        ("a number", 1.into(), Refused("workspace")),
    ];
    for (label, value, expect) in cases {
        let result = w.store.workspaces().create(Ts::new_unchecked(value));
        w.check("workspaces.create", label, result, expect);
    }
    let roles: Vec<(&str, JsValue)> = vec![
        ("'robot'", "robot".into()),
        ("'User'", "User".into()),
        ("null", JsValue::NULL),
        ("1", 1.into()),
        ("surrogate", utf16(&[0xD800])),
    ];
    for (label, value) in roles {
        let result = w.store.messages().append(w.thread.as_str().into(), Ts::new_unchecked(value), "x".into());
        w.check("messages.append role", label, result, Refused("role"));
    }
    let message = |content: JsValue| {
        let object: JsValue = ts(&NewMessage::new(&w.thread, MessageRole::Tool, "")).into();
        Reflect::set(&object, &"content".into(), &content).unwrap();
        object
    };
    let batches: Vec<Case> = vec![
        ("two messages", Array::of2(&message("a".into()), &message("b".into())).into(), Taken),
        ("empty array", Array::new().into(), Taken),
        ("a string", "abc".into(), Refused("messages")),
        ("null", JsValue::NULL, Refused("messages")),
        ("an object", message("a".into()), Refused("messages")),
        ("a bad second item", Array::of2(&message("a".into()), &1.into()).into(), Refused("messages")),
        ("a surrogate in content", Array::of1(&message(utf16(&[0xDBFF]))).into(), Refused("messages")),
        ("NUL in content", Array::of1(&message("a\0".into())).into(), Refused("content")),
    ];
    let before = w.store.messages().list(w.thread.as_str().into(), None).unwrap().len();
    for (label, value, expect) in batches {
        let result = w.store.messages().append_batch(value);
        w.check("messages.appendBatch", label, result, expect);
    }
    let after = w.store.messages().list(w.thread.as_str().into(), None).unwrap().len();
    assert_eq!(after, before + 2, "only the two-message batch was written");
    assert_eq!(w.cases, 10 + 5 + 8);
}

#[wasm_bindgen_test]
fn a_surrogate_is_refused_where_it_is_and_real_text_around_u_fffd_is_kept() {
    let w = World::new();
    // Real U+FFFD and a real pair (an emoji) are text like any other.
    let real = "a\u{FFFD}b 🦀 \u{FFFD}";
    let thread = w.store.threads().create(w.workspace.as_str().into(), real.into()).unwrap().to_rust().unwrap();
    assert_eq!(thread.title, real);
    // A lone surrogate after a real U+FFFD and a pair: found at its own offset.
    let units: Vec<u16> = "\u{FFFD}🦀".encode_utf16().chain([0xD83E]).collect();
    let error = w.store.threads().create(w.workspace.as_str().into(), text(&utf16(&units))).unwrap_err();
    assert_eq!(prop(&error, "field"), "title");
    let nested = with(&NewWorkspace::for_user("W", &w.user), "name", &utf16(&[0x57, 0xDE00]));
    let error = w.store.workspaces().create(nested).unwrap_err();
    assert_eq!(prop(&error, "field"), "workspace");
    let reason = prop(&error, "reason").as_string().unwrap();
    assert!(reason.starts_with("name holds a lone UTF-16 surrogate"), "{reason}");
}

#[wasm_bindgen_test]
async fn store_configs_in_memory() {
    let config = |key: &str, value: JsValue| with(&StoreConfig::in_memory(), key, &value);
    let cases: Vec<(&str, Ts<StoreConfig>, Expect)> = vec![
        ("search timeout 0", config("searchTimeoutMs", 0.into()), Taken),
        ("busy timeout 0", config("busyTimeoutMs", 0.into()), Taken),
        ("busy timeout 2^31-1", config("busyTimeoutMs", 2_147_483_647.into()), Taken),
        ("search timeout 2^32-1", config("searchTimeoutMs", U32_MAX.into()), Taken),
        ("busy timeout -1", config("busyTimeoutMs", (-1).into()), Refused("config")),
        ("busy timeout 2^32", config("busyTimeoutMs", (U32_MAX + 1.0).into()), Refused("config")),
        ("busy timeout 1.5", config("busyTimeoutMs", 1.5.into()), Refused("config")),
        ("search timeout NaN", config("searchTimeoutMs", f64::NAN.into()), Refused("config")),
        ("search timeout '5'", config("searchTimeoutMs", "5".into()), Refused("config")),
        ("path null", config("path", JsValue::NULL), Taken),
        ("path undefined", config("path", JsValue::UNDEFINED), Taken),
        ("path 42", config("path", 42.into()), Refused("config")),
        ("path object", config("path", Object::new().into()), Refused("config")),
        ("path with a lone surrogate", config("path", utf16(&[0x2F, 0xD800])), Refused("config")),
        ("null", Ts::new_unchecked(JsValue::NULL), Refused("config")),
        ("a string", Ts::new_unchecked("/app.db".into()), Refused("config")),
    ];
    let mut w = World::new();
    for (label, config, expect) in cases {
        let result = Store::open(config).await;
        w.check("Store.open", label, result, expect);
    }
    assert_eq!(w.cases, 16);
}

/// A JS value holding these floats in a `Float32Array`.
fn floats(values: &[f32]) -> JsValue {
    js_sys::Float32Array::from(values).into()
}

/// Vectors in every shape JS can hand over: one no rule takes (NaN, infinite, zero, empty,
/// of other dimensions, past the most dimensions), as a `Float32Array` or an array of numbers,
/// is `InvalidInput` on `vector`; what is not numbers at all is refused by the binding naming
/// the argument; a batch's flat vectors that do not divide among its embeddings, on `vectors`.
#[wasm_bindgen_test]
fn hostile_vectors() {
    let mut w = World::new();
    let embeddings = w.store.embeddings();
    let message = w.message.clone();
    let new = NewEmbedding::new(OwnerKind::Message, &message, "hostile", "m", [1.0f32, 0.0, 0.0]);
    embeddings.upsert(with(&new, "vector", &floats(&[1.0, 0.0, 0.0]))).unwrap();
    let query = VectorQuery::new("hostile", "m", [1.0f32, 0.0, 0.0], 1);
    let numbers = |values: &[f64]| -> JsValue { values.iter().map(|&v| JsValue::from(v)).collect::<Array>().into() };
    let vectors: Vec<(&str, JsValue, Option<Expect>)> = vec![
        ("Float32Array NaN", floats(&[f32::NAN, 0.0, 0.0]), Some(Refused("vector"))),
        ("Float32Array Infinity", floats(&[f32::INFINITY, 0.0, 0.0]), Some(Refused("vector"))),
        ("Float32Array zero", floats(&[0.0; 3]), Some(Refused("vector"))),
        ("Float32Array empty", floats(&[]), Some(Refused("vector"))),
        ("Float32Array of 2", floats(&[1.0, 0.0]), Some(Refused("vector"))),
        ("Float32Array of 4097", floats(&[1.0; 4097]), Some(Refused("vector"))),
        ("numbers NaN", numbers(&[f64::NAN, 0.0, 0.0]), Some(Refused("vector"))),
        ("numbers of 2", numbers(&[1.0, 0.0]), Some(Refused("vector"))),
        ("numbers", numbers(&[0.0, 1.0, 0.0]), Some(Taken)),
        ("Float64Array (iterable numbers)", js_sys::Float64Array::from(&[0.0, 1.0, 0.0][..]).into(), Some(Taken)),
        // Not numbers: the argument's own refusal (None: named after the argument).
        ("string", "1,0,0".into(), None),
        ("strings", Array::of3(&"a".into(), &"b".into(), &"c".into()).into(), None),
        ("object", Object::new().into(), None),
        ("null", JsValue::NULL, None),
        ("undefined", JsValue::UNDEFINED, None),
        ("bigints", Array::of1(&BigInt::from(1u32).into()).into(), None),
    ];
    for (shown, vector, expect) in vectors {
        let result = embeddings.upsert(with(&new, "vector", &vector));
        w.check("embeddings.upsert", shown, result, expect.unwrap_or(Refused("embedding")));
        let result = embeddings.search(with(&query, "vector", &vector));
        w.check("embeddings.search", shown, result, expect.unwrap_or(Refused("query")));
        let hybrid = HybridQuery { text: "hello".into(), vector: query.clone() };
        let inner: JsValue = with(&query, "vector", &vector).into();
        let result = embeddings.hybrid_search(with(&hybrid, "vector", &inner));
        w.check("embeddings.hybridSearch", shown, result, expect.unwrap_or(Refused("query")));
    }

    let one = || -> JsValue { with(&new, "vector", &JsValue::UNDEFINED).into() };
    let meta = || -> JsValue { Array::of1(&one()).into() };
    let batches: Vec<(&str, JsValue, JsValue, Expect)> = vec![
        ("one of 3", meta(), floats(&[0.0, 0.0, 1.0]), Taken),
        ("none", Array::new().into(), floats(&[]), Taken),
        ("5 values for one (5 dimensions)", meta(), floats(&[1.0; 5]), Refused("vector")),
        ("5 values for two", Array::of2(&one(), &one()).into(), floats(&[1.0; 5]), Refused("vectors")),
        ("3 values for none", Array::new().into(), floats(&[1.0; 3]), Refused("vectors")),
        ("an array of numbers", meta(), numbers(&[1.0, 0.0, 0.0]), Refused("vectors")),
        ("NaN", meta(), floats(&[f32::NAN, 0.0, 0.0]), Refused("vector")),
        ("of 2 dimensions", meta(), floats(&[1.0, 0.0]), Refused("vector")),
        ("embeddings not an array", "x".into(), floats(&[1.0, 0.0, 0.0]), Refused("embeddings")),
        ("a null embedding", Array::of1(&JsValue::NULL).into(), floats(&[1.0, 0.0, 0.0]), Refused("embeddings")),
        (
            "an embedding without owner",
            Array::of1(&with(&new, "ownerId", &JsValue::UNDEFINED).into()).into(),
            floats(&[1.0, 0.0, 0.0]),
            Refused("embeddings"),
        ),
    ];
    for (shown, metas, vectors, expect) in batches {
        let result = embeddings.upsert_batch(metas.unchecked_into(), vectors.unchecked_into());
        w.check("embeddings.upsertBatch", shown, result, expect);
    }
    assert!(w.cases > 50);
}
