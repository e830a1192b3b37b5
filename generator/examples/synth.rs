//! Synthetic corpora and stage timings at scale (see BENCHMARKS.md).
//!
//! ```text
//! cargo run --release -p ikcrm-codegen --example synth -- write DIR N      # N pages derived from docs-input/
//! cargo run --release -p ikcrm-codegen --example synth -- scale N...       # stage timings for each N (in-process)
//! cargo run --release -p ikcrm-codegen --example synth -- examples DIR     # dump every JSON example of docs-input/ (for quicktype)
//! ```

#[path = "support/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn ms(d: std::time::Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (base, ov) = corpus::real_docs();
    match args.first().map(String::as_str) {
        Some("write") => {
            let dir = PathBuf::from(&args[1]);
            let n: usize = args[2].parse().expect("N");
            corpus::write_pages(&dir, &corpus::synth_pages(&base, n)).expect("write");
            eprintln!("wrote {n} pages to {}", dir.display());
        }
        Some("scale") => {
            let runs: usize = std::env::var("SYNTH_RUNS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(3);
            // Stage names and times as `pipeline::generate` records them (the
            // same as `cargo xtask codegen --timings`, without reading and writing).
            let mut header_done = false;
            for n in &args[1..] {
                let n: usize = n.parse().expect("N");
                let pages = corpus::synth_pages(&base, n);
                // best of `runs` (the machine is shared)
                let best = (0..runs)
                    .map(|_| {
                        let start = std::time::Instant::now();
                        let g = codegen::pipeline::generate(&pages, None);
                        let total = start.elapsed();
                        (
                            total,
                            g.api.endpoints.len(),
                            g.types.structs.len(),
                            g.timings,
                        )
                    })
                    .min_by_key(|t| t.0)
                    .unwrap();
                if !header_done {
                    let names: Vec<String> = best
                        .3
                        .iter()
                        .map(|(name, _)| format!("{name} ms"))
                        .collect();
                    println!(
                        "| pages | endpoints | types | {} | total ms |",
                        names.join(" | ")
                    );
                    println!("|---:|---:|---:|{}---:|", "---:|".repeat(names.len()));
                    header_done = true;
                }
                let cells: Vec<String> = best.3.iter().map(|(_, d)| ms(*d)).collect();
                println!(
                    "| {n} | {} | {} | {} | {} |",
                    best.1,
                    best.2,
                    cells.join(" | "),
                    ms(best.0)
                );
            }
        }
        Some("examples") => {
            let dir = PathBuf::from(&args[1]);
            std::fs::create_dir_all(&dir).expect("mkdir");
            let g = codegen::pipeline::generate(&base, ov.as_deref());
            for (i, ex) in g.types.examples.iter().enumerate() {
                let name = format!(
                    "{:03}_{}_{}_{:?}_{}.json",
                    i, ex.group, ex.operation, ex.kind, ex.index
                )
                .to_lowercase();
                std::fs::write(
                    dir.join(name),
                    serde_json::to_string_pretty(ex.value(&g.api)).unwrap(),
                )
                .expect("write");
            }
            eprintln!(
                "wrote {} examples to {}",
                g.types.examples.len(),
                dir.display()
            );
        }
        _ => {
            eprintln!("usage: synth write DIR N | synth scale N... | synth examples DIR");
            std::process::exit(2);
        }
    }
}
