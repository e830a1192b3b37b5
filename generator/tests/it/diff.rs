//! The API diff on real before/after doc pages (`tests/fixtures/diff/`).
//!
//! `before/` holds two real pages (customer update, product list). `after/` is the
//! same docs after an update:
//! - `customer_update.1.txt`: `customer[name]` made required;
//! - `includes-_product.md.1.txt`: `category` changes from `0` to `"办公用品"`
//!   (a number becomes a string) and a `bar_code` field appears;
//! - `contract_detials.1.txt`: a new page (contract details).

use codegen::diff::{self, ChangeKind, Impact};
use codegen::pipeline::{self, Generated};
use codegen::snapshot::{self, Snapshot};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff")
}

fn generate(dir: &str) -> Generated {
    let (pages, overrides) = pipeline::read_docs(&fixtures().join(dir)).expect("fixture folder");
    let g = pipeline::generate(&pages, overrides.as_deref());
    assert_eq!(g.exit_code(), 0, "{dir}: {:#?}", g.report);
    g
}

/// Both snapshots as `cargo xtask codegen` has them: the previous one read back
/// from the files a generation wrote, the new one from memory.
fn snapshots() -> (Snapshot, Snapshot) {
    let before = Snapshot::from_files(&generate("before").files).expect("before snapshot");
    let after = generate("after").snapshot();
    (before, after)
}

fn impact(d: &diff::ApiDiff, kind: ChangeKind, subject: &str) -> Impact {
    d.find(kind, subject)
        .unwrap_or_else(|| panic!("no {kind:?} for {subject}:\n{}", d.to_text()))
        .impact
}

#[test]
fn doc_update_diff() {
    let (before, after) = snapshots();
    let d = diff::diff(&before, &after);
    let text = d.to_text();

    // A parameter made required: the setter becomes an argument.
    assert_eq!(
        impact(
            &d,
            ChangeKind::ParamMadeRequired,
            "customers.update(customer[name])"
        ),
        Impact::Breaking,
        "{text}"
    );
    // A number that became a string.
    let c = d
        .find(ChangeKind::FieldTypeChanged, "Product.category")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(c.impact, Impact::Breaking);
    assert!(c.message.contains("`i64` → `String`"), "{}", c.message);
    assert_eq!(
        c.source.as_deref(),
        Some("includes-_product.md.1.txt:25"),
        "provenance of the type: {text}"
    );
    // A new field.
    assert_eq!(
        impact(&d, ChangeKind::FieldAdded, "Product.bar_code"),
        Impact::Compatible,
        "{text}"
    );
    // A new page: a new operation and its types.
    let added = d
        .find(ChangeKind::OperationAdded, "contracts.get")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(added.impact, Impact::Compatible);
    assert!(
        added.message.contains("GET /api/v2/contracts/:id"),
        "{}",
        added.message
    );
    assert_eq!(added.source.as_deref(), Some("contract_detials.1.txt:1"));
    assert_eq!(
        impact(&d, ChangeKind::TypeAdded, "Contract"),
        Impact::Compatible,
        "{text}"
    );

    // Nothing else: no operation vanished, nothing else became breaking.
    assert!(
        d.find(ChangeKind::OperationRemoved, "customers.update")
            .is_none(),
        "{text}"
    );
    let breaking: Vec<&str> = d.breaking().map(|c| c.subject.as_str()).collect();
    assert_eq!(
        breaking,
        ["customers.update(customer[name])", "Product.category"],
        "{text}"
    );
    assert!(
        d.compatible().all(|c| matches!(
            c.kind,
            ChangeKind::OperationAdded | ChangeKind::TypeAdded | ChangeKind::FieldAdded
        )),
        "{text}"
    );
    assert_eq!(d.bump(), "major");

    let md = d.to_markdown();
    assert!(md.starts_with("# API changes\n"), "{md}");
    assert!(
        md.contains("## Breaking") && md.contains("## Compatible"),
        "{md}"
    );
    assert!(
        md.contains(
            "- **breaking**: `customers.update`: parameter `customer[name]` is now required"
        ),
        "{md}"
    );
    assert!(
        md.contains("- **compatible**: operation `contracts.get`"),
        "{md}"
    );
}

#[test]
fn reverse_diff_flips_impacts() {
    let (before, after) = snapshots();
    let d = diff::diff(&after, &before);
    let text = d.to_text();
    assert_eq!(
        impact(&d, ChangeKind::OperationRemoved, "contracts.get"),
        Impact::Breaking,
        "{text}"
    );
    assert_eq!(
        impact(&d, ChangeKind::FieldRemoved, "Product.bar_code"),
        Impact::Breaking,
        "{text}"
    );
    // Required → optional moves an argument to a setter: still breaking for callers.
    assert_eq!(
        impact(
            &d,
            ChangeKind::ParamMadeOptional,
            "customers.update(customer[name])"
        ),
        Impact::Breaking,
        "{text}"
    );
}

#[test]
fn same_docs_no_changes_and_stable_snapshot() {
    let a = generate("after");
    let b = generate("after");
    for f in [
        snapshot::API_FILE,
        snapshot::TYPES_FILE,
        codegen::openapi::FILE,
    ] {
        assert_eq!(
            a.files.get(f),
            b.files.get(f),
            "{f} must be byte-identical across runs"
        );
        assert!(a.files.get(f).is_some_and(|t| t.ends_with("}\n")), "{f}");
    }
    let s = Snapshot::from_files(&a.files).unwrap();
    let d = diff::diff(&s, &s);
    assert!(d.is_empty(), "{}", d.to_text());
    assert_eq!(d.to_text(), "API unchanged since the last generation\n");
    // The snapshot read back is the one built from the pipeline's values.
    assert_eq!(s, a.snapshot());
}

#[test]
fn snapshot_on_disk_round_trips() {
    let g = generate("before");
    let dir = std::env::temp_dir().join(format!("ikcrm-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(Snapshot::read(&dir).unwrap(), None, "no snapshot yet");
    for f in [snapshot::API_FILE, snapshot::TYPES_FILE] {
        std::fs::write(dir.join(f), &g.files[f]).unwrap();
    }
    let read = Snapshot::read(&dir).unwrap().expect("snapshot");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(read, Snapshot::from_files(&g.files).unwrap());
}
