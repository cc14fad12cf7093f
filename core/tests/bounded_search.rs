//! Search in bounded time: a search matching fewer than `SEARCH_RANKED_MAX` messages is
//! ranked exactly; a broader one ranks its newest `SEARCH_BROAD_WINDOW` matches and says so;
//! a filter that leaves that window short of hits looks further back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use unified_store::limits::{SEARCH_BROAD_WINDOW, SEARCH_RANKED_MAX};
use unified_store::{MessageRole, NewMessage, NewUser, NewWorkspace, SearchHit, SearchQuery, Store};

fn search(store: &Store, query: SearchQuery) -> Vec<SearchHit> {
    store.messages().search(&query).unwrap()
}

#[test]
fn broad_searches_rank_their_newest_matches_and_say_so() {
    let store = Store::open_in_memory().unwrap();
    let user = store.users().create(&NewUser::new("a@example.com", "A")).unwrap();
    let ws = store.workspaces().create(&NewWorkspace::for_user("w", &user.id)).unwrap();
    let (old, busy) = (store.threads().create(&ws.id, "old").unwrap(), store.threads().create(&ws.id, "busy").unwrap());
    // The old thread's messages come first, and say "common" three times: the best matches
    // of all, but older than any window.
    let early: Vec<_> = (0..30)
        .map(|i| NewMessage::new(&old.id, MessageRole::User, format!("common common common early {i}")))
        .collect();
    let early = store.messages().append_batch(&early).unwrap();
    let broad = SEARCH_RANKED_MAX as usize + 10;
    let later: Vec<_> = (0..broad)
        .map(|i| {
            let text = if i % 2 == 0 { format!("common word {i} narrow") } else { format!("common word {i}") };
            NewMessage::new(&busy.id, MessageRole::Assistant, text)
        })
        .collect();
    let later = store.messages().append_batch(&later).unwrap();

    // Narrow (half the later messages, under the bound): every match ranked.
    let narrow = search(&store, SearchQuery::words("narrow"));
    assert_eq!(narrow.len(), 20);
    assert!(narrow.iter().all(|hit| hit.ranked_among_newest.is_none()), "exact BM25 order");
    assert!(narrow.windows(2).all(|w| w[0].score >= w[1].score));

    // Broad: only the newest matches are ranked, so the old thread's better matches are not
    // among the hits, and every hit says how many were ranked.
    let hits = search(&store, SearchQuery::words("common"));
    assert_eq!(hits.len(), 20);
    assert!(hits.iter().all(|hit| hit.ranked_among_newest == Some(SEARCH_BROAD_WINDOW)));
    let window_start = later.len() - SEARCH_BROAD_WINDOW as usize;
    let newest: std::collections::HashSet<_> = later[window_start..].iter().map(|m| &m.id).collect();
    assert!(hits.iter().all(|hit| newest.contains(&hit.message.id)), "hits come from the newest matches");
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));

    // Filtered to the old thread: the window holds none of its messages, so the search looks
    // further back until it finds them.
    let in_old = search(&store, SearchQuery { thread_id: Some(old.id.clone()), ..SearchQuery::words("common") });
    assert_eq!(in_old.len(), 20);
    assert!(in_old.iter().all(|hit| hit.message.thread_id == old.id));
    assert!(in_old.iter().all(|hit| hit.ranked_among_newest.is_none()), "every match was ranked in the end");
    assert!(early.iter().any(|m| m.id == in_old[0].message.id));
}

#[test]
fn deleted_matches_do_not_crowd_out_live_ones() {
    let store = Store::open_in_memory().unwrap();
    let user = store.users().create(&NewUser::new("a@example.com", "A")).unwrap();
    let ws = store.workspaces().create(&NewWorkspace::for_user("w", &user.id)).unwrap();
    let thread = store.threads().create(&ws.id, "t").unwrap();
    let best: Vec<_> = (0..100).map(|_| NewMessage::new(&thread.id, MessageRole::User, "pulsar pulsar")).collect();
    let best = store.messages().append_batch(&best).unwrap();
    let weaker: Vec<_> = (0..30)
        .map(|i| NewMessage::new(&thread.id, MessageRole::User, format!("pulsar and other words {i}")))
        .collect();
    let weaker = store.messages().append_batch(&weaker).unwrap();
    for message in &best {
        store.messages().delete(&message.id).unwrap();
    }
    let hits = search(&store, SearchQuery::words("pulsar"));
    assert_eq!(hits.len(), 20, "live matches past the first candidates fill the page");
    assert!(hits.iter().all(|hit| weaker.iter().any(|m| m.id == hit.message.id)));
}

/// Text in every script at the edges: the longest allowed query of CJK (one phrase of 340
/// character pairs), marks without a base, emoji sequences, right-to-left text, a 1 MiB
/// message of CJK and a 2.6 MB document of one repeated phrase (whose snippets took over ten
/// minutes before they were bounded). Each search answers or is `InvalidInput` on `query`.
#[test]
fn hostile_text_in_every_script_is_answered_or_typed() {
    let store = Store::open_in_memory().unwrap();
    let user = store.users().create(&NewUser::new("a@example.com", "A")).unwrap();
    let ws = store.workspaces().create(&NewWorkspace::for_user("w", &user.id)).unwrap();
    let thread = store.threads().create(&ws.id, "t").unwrap();
    let huge = "東京".repeat(unified_store::limits::CONTENT_MAX_BYTES / 6);
    let texts = [huge.as_str(), "\u{0E31}\u{0E34}\u{0E37}", "👩‍👩‍👧‍👦 family 🇯🇵", "مرحبا بالعالم", "a\u{0301}b\u{0308}"];
    for text in texts {
        store.messages().append(&thread.id, MessageRole::User, text).unwrap();
    }
    let longest = "東".repeat(unified_store::limits::QUERY_MAX_BYTES / 3);
    let queries = [
        longest.as_str(),
        "東京東京東京",
        "\u{0E31}",
        "\u{0E31}\u{0E34}",
        "👩‍👩‍👧‍👦",
        "🇯🇵",
        "\u{200D}",
        "\u{FE0F}",
        "مرحبا",
        "ab",
        "東*",
        "京東*",
    ];
    for text in queries {
        match store.messages().search(&SearchQuery::words(text)) {
            Ok(hits) => assert!(hits.len() <= 20, "{text:?}"),
            Err(unified_store::StoreError::InvalidInput { field, .. }) => assert_eq!(field, "query", "{text:?}"),
            Err(other) => panic!("{text:?}: {other:?}"),
        }
    }
    let found = search(&store, SearchQuery::words("東京東京東京"));
    assert_eq!(found.len(), 1, "the 1 MiB message is found");
    // FTS5's snippet would cost the square of its 350,000 matches: its opening stands in.
    assert!(found[0].snippet.starts_with("東京東京") && found[0].snippet.ends_with('…'), "{}", found[0].snippet);
    let body = "the same words again ".repeat(4 << 20 >> 5);
    store.documents().create(&unified_store::NewDocument::new(&ws.id, "Long", body)).unwrap();
    let docs = store.documents().search(&unified_store::DocumentSearch::words("same words")).unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0].snippet.starts_with("the same words") && docs[0].snippet.ends_with('…'));
    assert_eq!(search(&store, SearchQuery::words("مرحبا")).len(), 1);
    assert_eq!(search(&store, SearchQuery::words("👩")).len(), 1, "each emoji of a sequence is a word");
}
