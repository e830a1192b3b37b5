//! Parameter-table scaling (BENCHMARKS.md §2, table rows): one page whose 请求参数
//! table has N rows, parsed and lowered. Both stages must stay linear in N (a
//! duplicate-row scan per row made lowering quadratic: issue 10).
//!
//! `cargo bench -p ikcrm-benches --bench table_rows -- --warm-up-time 1 --measurement-time 5`

use codegen::lower::{lower_page, PageInput};
use codegen::page::parse_page;
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};

/// A ShowDoc page with an `n`-row parameter table (Rails-style names, as the
/// ikcrm pages write them).
fn page(n: usize) -> String {
    let mut page = String::from(
        "**请求URL：**\n- `/api/v2/items`\n**请求方式：**\n- POST\n**参数：**\n\n|参数名|必选|类型|说明|\n|:---|:---|:---|:---|\n",
    );
    for k in 0..n {
        page.push_str(&format!("|item[field_{k}]|否|string|第 {k} 个字段|\n"));
    }
    page
}

fn table_rows(c: &mut Criterion) {
    let mut g = c.benchmark_group("table_rows");
    g.sample_size(10);
    for n in [1_000usize, 10_000, 30_000, 100_000] {
        let text = page(n);
        g.bench_with_input(BenchmarkId::new("parse_lower", n), &text, |b, text| {
            b.iter(|| {
                let parsed = parse_page("rows.md", black_box(text));
                let (eps, _) = lower_page(&PageInput {
                    file: "rows.md",
                    text,
                    parsed: &parsed,
                    overrides: None,
                });
                assert_eq!(eps[0].params.len(), n);
                eps
            })
        });
    }
    g.finish();
}

criterion_group!(benches, table_rows);
criterion_main!(benches);
