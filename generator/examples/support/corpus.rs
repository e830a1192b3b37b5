//! Shared by `benches/stages.rs` and `examples/synth.rs` (included with `#[path]`):
//! a synthetic corpus derived from the real pages, and the pipeline split into
//! stages that call the public stage functions in the same order as
//! `pipeline::generate` (which also times itself: `Generated::timings`).
#![allow(dead_code)]

use codegen::infer::{self, Types};
use codegen::ir::{Api, Endpoint};
use codegen::lower::{self, PageInput};
use codegen::output::Files;
use codegen::overrides::Overrides;
use codegen::page::{self, ParsedPage};
use std::path::Path;

pub type PageFile = (String, Vec<u8>);

/// The real pages of `docs-input/` (path relative to the generator crate) and overrides.
pub fn real_docs() -> (Vec<PageFile>, Option<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    codegen::pipeline::read_docs(&dir).expect("read docs-input")
}

/// Small deterministic PRNG (xorshift64*), so every corpus is reproducible.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Resource renames: every resource path segment after `/api/v2/` gets the suffix
/// `_r{family}`; one family is one copy of the real docs (so a family keeps the real
/// mix of list/get/create pages of one resource).
fn rename_resources(text: &str, family: usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(pos) = rest.find("/api/v2/") {
        let (head, tail) = rest.split_at(pos + "/api/v2/".len());
        out.push_str(head);
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        if end > 0 {
            out.push_str(&tail[..end]);
            out.push_str(&format!("_r{family}"));
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A JSON member line `"key": scalar,` → (indent, key, value, trailing comma).
fn member(line: &str) -> Option<(&str, &str, &str, bool)> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let rest = trimmed.strip_prefix('"')?;
    let q = rest.find('"')?;
    let key = &rest[..q];
    let after = rest[q + 1..].trim_start().strip_prefix(':')?.trim();
    let (value, comma) = match after.strip_suffix(',') {
        Some(v) => (v.trim(), true),
        None => (after, false),
    };
    if value.is_empty() || value.starts_with('{') || value.starts_with('[') || key.is_empty() {
        return None;
    }
    Some((indent, key, value, comma))
}

/// Varies the shapes of the JSON examples line by line: renames fields, drops and
/// adds fields, flips numbers and numeric strings, nests a scalar one level deeper.
fn vary_fields(text: &str, rng: &mut Rng, variant: usize) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let nl = &line[body.len()..];
        let Some((indent, key, value, comma)) = member(body) else {
            out.push_str(line);
            continue;
        };
        if key == "code" || key == "message" {
            out.push_str(line);
            continue;
        }
        let c = if comma { "," } else { "" };
        match rng.next() % 20 {
            // drop (only members followed by another one, so the JSON stays valid)
            0 if comma => continue,
            // rename
            1 | 2 => out.push_str(&format!(
                "{indent}\"{key}_v{}\": {value}{c}{nl}",
                variant % 5
            )),
            // number ↔ string
            3 | 4 => {
                let flipped =
                    if let Some(s) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                        if !s.is_empty() && s.parse::<f64>().is_ok() {
                            s.to_string()
                        } else {
                            value.to_string()
                        }
                    } else if value.parse::<f64>().is_ok() {
                        format!("\"{value}\"")
                    } else {
                        value.to_string()
                    };
                out.push_str(&format!("{indent}\"{key}\": {flipped}{c}{nl}"));
            }
            // nest differently
            5 => out.push_str(&format!(
                "{indent}\"{key}\": {{\"value\": {value}, \"label\": \"x{variant}\"}}{c}{nl}"
            )),
            // add a field before this one
            6 => {
                out.push_str(&format!(
                    "{indent}\"added_{}\": {},{nl}",
                    rng.next() % 7,
                    rng.next() % 1000
                ));
                out.push_str(line);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// `n` pages derived from `base`: page `i` is base page `i % base.len()` with its
/// resources renamed (family `i / base.len()`) and its examples varied.
pub fn synth_pages(base: &[PageFile], n: usize) -> Vec<PageFile> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (name, bytes) = &base[i % base.len()];
        let text = String::from_utf8_lossy(bytes);
        let mut rng = Rng::new(i as u64 + 1);
        let text = rename_resources(&text, i / base.len().max(1));
        let text = vary_fields(&text, &mut rng, i);
        let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
        out.push((format!("s{i:06}_{stem}.txt"), text.into_bytes()));
    }
    out
}

/// Writes a corpus to `dir` (created).
pub fn write_pages(dir: &Path, pages: &[PageFile]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in pages {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

/// Output of the page stage.
pub struct Parsed {
    pub files: Vec<(String, String, ParsedPage)>,
}

/// Stage 1: decode + `page::parse_page`.
pub fn stage_parse(pages: &[PageFile]) -> Parsed {
    let mut sorted: Vec<&PageFile> = pages.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let files = sorted
        .into_iter()
        .map(|(f, b)| {
            let text = String::from_utf8_lossy(b).into_owned();
            let parsed = page::parse_page(f, &text);
            (f.clone(), text, parsed)
        })
        .collect();
    Parsed { files }
}

/// Stage 2: `lower::lower_page` (includes the lenient JSON reader) for every page.
pub fn stage_lower(p: &Parsed, ov: &Overrides) -> Vec<Endpoint> {
    let mut endpoints = Vec::new();
    for (file, text, parsed) in &p.files {
        let (eps, diags) = lower::lower_page(&PageInput {
            file,
            text,
            parsed,
            overrides: ov.pages.get(file.as_str()),
        });
        if !diags.iter().any(|d| d.is_error()) && !parsed.diagnostics.iter().any(|d| d.is_error()) {
            endpoints.extend(eps);
        }
    }
    endpoints
}

/// Stage 3: `lower::merge_and_name` (as in `pipeline`).
pub fn stage_merge(endpoints: Vec<Endpoint>) -> Api {
    let mut diags = Vec::new();
    let endpoints = lower::merge_and_name(endpoints, &mut diags);
    Api {
        endpoints,
        ..Api::default()
    }
}

/// Stage 4: `infer::infer`.
pub fn stage_infer(api: &Api, ov: &Overrides) -> Types {
    infer::infer(api, ov).0
}

/// Stage 5: `pipeline::output_files` (the crate's code with quote + prettyplease,
/// `openapi.json` and the JSON snapshots).
pub fn stage_emit(api: &Api, types: &Types) -> Files {
    codegen::pipeline::output_files(api, types)
}
