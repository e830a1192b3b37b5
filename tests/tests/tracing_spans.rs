//! Every request runs in an `ikcrm.request` span carrying the operation, method,
//! path template, HTTP status and attempt number; neither the token nor the body
//! appears in any span or event.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Field values of every span, and the text of every event.
#[derive(Default)]
struct Seen {
    spans: BTreeMap<u64, (String, BTreeMap<String, String>)>,
    events: Vec<String>,
    /// Metadata of each span, and the stack of entered spans (the test runs on one
    /// thread), so `Span::current()` works as with a real subscriber.
    metadata: BTreeMap<u64, &'static Metadata<'static>>,
    entered: Vec<u64>,
}

/// A minimal subscriber that remembers span fields (as recorded) and event text.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Seen>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let mut seen = self.seen.lock().expect("lock");
        seen.spans
            .insert(id, (span.metadata().name().to_string(), fields));
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut seen = self.seen.lock().expect("lock");
        if let Some((_, fields)) = seen.spans.get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.seen
            .lock()
            .expect("lock")
            .events
            .push(format!("{fields:?}"));
    }
    fn enter(&self, span: &Id) {
        self.seen
            .lock()
            .expect("lock")
            .entered
            .push(span.into_u64());
    }
    fn exit(&self, span: &Id) {
        let mut seen = self.seen.lock().expect("lock");
        if let Some(i) = seen.entered.iter().rposition(|s| *s == span.into_u64()) {
            seen.entered.remove(i);
        }
    }
    fn current_span(&self) -> tracing_core::span::Current {
        let seen = self.seen.lock().expect("lock");
        match seen
            .entered
            .last()
            .and_then(|id| seen.metadata.get(id).map(|m| (*id, *m)))
        {
            Some((id, meta)) => tracing_core::span::Current::new(Id::from_u64(id), meta),
            None => tracing_core::span::Current::none(),
        }
    }
}

#[test]
fn each_request_has_a_span_with_operation_path_status_and_attempt() {
    let recorder = Recorder::default();
    let seen = recorder.seen.clone();
    tracing::subscriber::with_default(recorder, || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let server = ikcrm::mock::start().await;
            let client = ikcrm::Client::builder()
                .base_url(server.uri())
                .token("secret-token-123")
                .throttle(ikcrm::Throttle::off())
                .build()
                .expect("client");
            client
                .opportunities()
                .get(13293)
                .await
                .expect("documented example decodes");
        });
    });
    let seen = seen.lock().expect("lock");
    let requests: Vec<&BTreeMap<String, String>> = seen
        .spans
        .values()
        .filter(|(name, _)| name == "ikcrm.request")
        .map(|(_, f)| f)
        .collect();
    assert_eq!(requests.len(), 1, "one span per request: {:?}", seen.spans);
    let span = requests[0];
    assert_eq!(
        span.get("operation").map(String::as_str),
        Some("opportunities.get")
    );
    assert_eq!(span.get("method").map(String::as_str), Some("GET"));
    assert_eq!(
        span.get("path").map(String::as_str),
        Some("/api/v2/opportunities/:id")
    );
    assert_eq!(span.get("status").map(String::as_str), Some("200"));
    assert_eq!(span.get("attempt").map(String::as_str), Some("1"));
    let everything = format!("{:?} {:?}", seen.spans, seen.events);
    assert!(
        !everything.contains("secret-token-123"),
        "the token leaked into tracing: {everything}"
    );
    assert!(
        !everything.contains("速度"),
        "a response body leaked into tracing"
    );
}
