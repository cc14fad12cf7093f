//! Encryption at rest: stores opened with a key, sealed provider secrets, key rotation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use unified_store::{
    AuditFilter, KdfParams, NewProviderConfig, NewUser, PageRequest, ProviderKind, SecretKind, Store, StoreConfig,
    StoreError, StoreKey,
};

fn raw_key(byte: u8) -> StoreKey {
    StoreKey::Raw { bytes: vec![byte; 32] }
}

fn keyed_memory() -> Store {
    Store::open(&StoreConfig { key: Some(raw_key(7)), ..StoreConfig::in_memory() }).unwrap()
}

#[test]
fn provider_secrets_are_sealed_revealed_on_request_and_audited_without_their_value() {
    let store = keyed_memory();
    assert!(store.has_key());
    let ada = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let config = store.providers().create(&NewProviderConfig::new(&ada.id, ProviderKind::OpenAi, "OpenAI")).unwrap();
    let providers = store.providers();
    assert_eq!(providers.reveal_secret(&config.id, SecretKind::ApiKey).unwrap(), None);
    providers.set_secret(&config.id, SecretKind::ApiKey, "sk-live-SECRET-1234").unwrap();
    providers.set_secret(&config.id, SecretKind::RefreshToken, "rt-5678").unwrap();
    assert_eq!(providers.secrets(&config.id).unwrap(), [SecretKind::ApiKey, SecretKind::RefreshToken]);
    assert_eq!(
        providers.reveal_secret(&config.id, SecretKind::ApiKey).unwrap().as_deref(),
        Some("sk-live-SECRET-1234")
    );
    providers.set_secret(&config.id, SecretKind::ApiKey, "sk-live-ROTATED").unwrap();
    assert_eq!(providers.reveal_secret(&config.id, SecretKind::ApiKey).unwrap().as_deref(), Some("sk-live-ROTATED"));
    providers.clear_secret(&config.id, SecretKind::RefreshToken).unwrap();
    assert_eq!(providers.secrets(&config.id).unwrap(), [SecretKind::ApiKey]);
    assert!(matches!(providers.clear_secret(&config.id, SecretKind::RefreshToken), Err(StoreError::NotFound { .. })));

    let audit = store.audit().list(&AuditFilter::default(), &PageRequest::first(50)).unwrap();
    let actions: Vec<&str> = audit.iter().map(|entry| entry.action.as_str()).collect();
    assert!(actions.contains(&"provider_secret.reveal") && actions.contains(&"provider_secret.set"), "{actions:?}");
    assert!(audit.iter().all(|entry| !entry.details.contains("SECRET") && !entry.details.contains("ROTATED")));
    // The config itself, as listed, carries no secret.
    let listed = format!("{:?}", providers.list(&ada.id, &PageRequest::first(10)).unwrap());
    assert!(!listed.contains("sk-live"), "{listed}");
}

#[test]
fn a_store_without_a_key_seals_no_secret() {
    let store = Store::open_in_memory().unwrap();
    assert!(!store.has_key());
    let ada = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let config = store.providers().create(&NewProviderConfig::new(&ada.id, ProviderKind::OpenAi, "OpenAI")).unwrap();
    let refused = store.providers().set_secret(&config.id, SecretKind::ApiKey, "sk-1");
    assert!(matches!(refused, Err(StoreError::InvalidKey { .. })), "{refused:?}");
    assert_eq!(store.providers().secrets(&config.id).unwrap(), []);
}

#[test]
fn a_secret_refuses_bad_input() {
    let store = keyed_memory();
    let ada = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let config = store.providers().create(&NewProviderConfig::new(&ada.id, ProviderKind::OpenAi, "OpenAI")).unwrap();
    for bad in ["".to_owned(), "a\0b".to_owned(), "x".repeat(16 * 1024 + 1)] {
        let refused = store.providers().set_secret(&config.id, SecretKind::ApiKey, &bad);
        assert!(matches!(refused, Err(StoreError::InvalidInput { ref field, .. }) if field == "secret"), "{refused:?}");
    }
    assert!(matches!(
        store.providers().set_secret("nope", SecretKind::ApiKey, "k"),
        Err(StoreError::InvalidInput { .. })
    ));
}

#[test]
fn keys_no_store_takes_are_invalid_input() {
    for key in [StoreKey::Raw { bytes: vec![1; 16] }, StoreKey::Passphrase { passphrase: String::new() }] {
        let refused = Store::open(&StoreConfig { key: Some(key), ..StoreConfig::in_memory() });
        assert!(
            matches!(refused, Err(StoreError::InvalidInput { ref field, .. }) if field == "key"),
            "{:?}",
            refused.err()
        );
    }
}

#[test]
fn a_secrets_key_exported_from_one_store_opens_its_secrets_in_another() {
    let (phone, laptop) = (keyed_memory(), keyed_memory());
    let carry = StoreKey::Passphrase { passphrase: "carried over".into() };
    let exported = phone.export_secrets_keys(&carry).unwrap();
    assert!(!String::from_utf8_lossy(&exported).contains("carried over"));
    let wrong = StoreKey::Passphrase { passphrase: "not it".into() };
    assert!(matches!(laptop.import_secrets_keys(&exported, &wrong), Err(StoreError::InvalidKey { .. })));
    assert!(matches!(laptop.import_secrets_keys(b"{}", &carry), Err(StoreError::InvalidInput { .. })));
    assert_eq!(laptop.import_secrets_keys(&exported, &carry).unwrap(), 1);
    assert_eq!(laptop.import_secrets_keys(&exported, &carry).unwrap(), 0, "importing twice adds nothing");
    let plain = Store::open_in_memory().unwrap();
    assert!(matches!(plain.export_secrets_keys(&carry), Err(StoreError::InvalidKey { .. })));
}

#[test]
fn argon2_costs_out_of_bounds_from_the_caller_are_invalid_input_on_kdf() {
    let dir = tempfile::tempdir().unwrap();
    let costly = KdfParams { iterations: u32::MAX, ..KdfParams::INSECURE_FOR_TESTS };
    let passphrase = StoreKey::Passphrase { passphrase: "p".into() };
    let path = dir.path().join("store.db").to_string_lossy().into_owned();
    let config = StoreConfig { kdf: Some(costly), ..StoreConfig::encrypted(path.clone(), passphrase.clone()) };
    let refused = Store::open(&config).map(drop);
    assert!(matches!(refused, Err(StoreError::InvalidInput { ref field, .. }) if field == "kdf"), "{refused:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing was written");
    let store = keyed_memory();
    let refused = store.change_key(&passphrase, Some(costly));
    assert!(matches!(refused, Err(StoreError::InvalidInput { ref field, .. }) if field == "kdf"), "{refused:?}");
}
