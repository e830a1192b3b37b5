//! Per-stage timings of the pipeline on the real pages of docs-input/ (BENCHMARKS.md).
//!
//! `cargo bench -p ikcrm-benches --bench stages -- --warm-up-time 1 --measurement-time 3`

#[path = "../generator/examples/support/corpus.rs"]
mod corpus;

use codegen::overrides::Overrides;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn stages(c: &mut Criterion) {
    let (pages, ov_text) = corpus::real_docs();
    let (ov, _) = Overrides::parse(ov_text.as_deref().unwrap_or(""));
    let parsed = corpus::stage_parse(&pages);
    let eps = corpus::stage_lower(&parsed, &ov);
    let api = corpus::stage_merge(eps.clone());
    let types = corpus::stage_infer(&api, &ov);

    let mut g = c.benchmark_group("stages/docs-input");
    g.sample_size(20);
    g.bench_function("1_parse", |b| {
        b.iter(|| corpus::stage_parse(black_box(&pages)))
    });
    g.bench_function("2_lower_json", |b| {
        b.iter(|| corpus::stage_lower(black_box(&parsed), &ov))
    });
    g.bench_function("3_merge_dedupe", |b| {
        b.iter(|| corpus::stage_merge(black_box(eps.clone())))
    });
    g.bench_function("4_infer", |b| {
        b.iter(|| corpus::stage_infer(black_box(&api), &ov))
    });
    g.bench_function("5_emit_format", |b| {
        b.iter(|| corpus::stage_emit(black_box(&api), &types))
    });
    // Formatting alone: what `emit::rust_file` does after the tokens are built
    // (syn parse + prettyplease), measured on the emitted Rust files. It reads
    // them from text (`syn::parse_file`) where the emitter hands syn its tokens,
    // so it slightly overstates the stage.
    let rust_files: Vec<String> = corpus::stage_emit(&api, &types)
        .into_iter()
        .filter(|(path, text)| path.ends_with(".rs") && text.starts_with(codegen::output::HEADER))
        .map(|(_, text)| text)
        .collect();
    g.bench_function("5b_format_only", |b| {
        b.iter(|| {
            for text in &rust_files {
                if let Ok(file) = syn::parse_file(black_box(text)) {
                    black_box(prettyplease::unparse(&file));
                }
            }
        })
    });
    g.bench_function("all_pipeline_generate", |b| {
        b.iter(|| codegen::pipeline::generate(black_box(&pages), ov_text.as_deref()))
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
