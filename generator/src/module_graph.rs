//! The generator's modules form no import cycle: data flows one way, and a module
//! that needs another's type never needs that module to need it back.
//!
//! Read from the sources: every `crate::x` path in a top-level module's files
//! (outside `#[cfg(test)]` items, where tests may drive the whole pipeline, and
//! outside `quote!` bodies, where `crate::` names the emitted crate) is an edge
//! to module `x`.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Macros whose bodies are code of the emitted crate, not of the generator.
const EMITTED_CODE_MACROS: &[&str] = &["quote", "quote_spanned", "parse_quote"];

type Graph = BTreeMap<String, BTreeSet<String>>;

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
    })
}

/// The tokens of a file's items that are built outside tests.
fn non_test_tokens(items: &[syn::Item], out: &mut TokenStream) {
    for item in items {
        match item {
            syn::Item::Mod(m) if is_cfg_test(&m.attrs) => {}
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    non_test_tokens(inner, out);
                }
            }
            syn::Item::Fn(f) if is_cfg_test(&f.attrs) => {}
            syn::Item::Use(u) if is_cfg_test(&u.attrs) => {}
            other => other.to_tokens(out),
        }
    }
}

/// The first identifier of each `,`-separated element of a `use crate::{…}` group.
fn group_heads(stream: TokenStream, deps: &mut BTreeSet<String>) {
    let mut at_start = true;
    for tt in stream {
        match tt {
            TokenTree::Ident(id) if at_start => {
                deps.insert(id.to_string());
                at_start = false;
            }
            TokenTree::Punct(p) if p.as_char() == ',' => at_start = true,
            _ => at_start = false,
        }
    }
}

/// Every module named right after `crate::` in `stream`.
fn crate_paths(stream: TokenStream, deps: &mut BTreeSet<String>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(id) if EMITTED_CODE_MACROS.contains(&id.to_string().as_str()) => {
                if matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    i += 3; // the macro's name, `!` and its body
                    continue;
                }
            }
            TokenTree::Ident(id) if id == "crate" => {
                let colons = matches!(
                    (tokens.get(i + 1), tokens.get(i + 2)),
                    (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                        if a.as_char() == ':' && b.as_char() == ':'
                );
                if colons {
                    match tokens.get(i + 3) {
                        Some(TokenTree::Ident(m)) => {
                            deps.insert(m.to_string());
                        }
                        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                            group_heads(g.stream(), deps)
                        }
                        _ => {}
                    }
                }
            }
            TokenTree::Group(g) => crate_paths(g.stream(), deps),
            _ => {}
        }
        i += 1;
    }
}

/// Every `.rs` file of a top-level module: `src/x.rs`, and `src/x/**`.
fn module_files(src: &Path, module: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let file = src.join(format!("{module}.rs"));
    if file.is_file() {
        files.push(file);
    }
    let mut dirs = vec![src.join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The generator's module graph: top-level module → the modules it uses.
fn generator_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let lib = syn::parse_file(&lib).expect("lib.rs parses");
    let modules: Vec<String> = lib
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) if !is_cfg_test(&m.attrs) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut graph = Graph::new();
    for module in &modules {
        let mut deps = BTreeSet::new();
        for file in module_files(&src, module) {
            let text = std::fs::read_to_string(&file).expect("source file");
            let parsed = syn::parse_file(&text)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
            let mut tokens = TokenStream::new();
            non_test_tokens(&parsed.items, &mut tokens);
            crate_paths(tokens, &mut deps);
        }
        deps.retain(|d| d != module && modules.contains(d));
        graph.insert(module.clone(), deps);
    }
    graph
}

/// A cycle of the graph (its modules in order, the first repeated at the end), if any.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

fn show(graph: &Graph) -> String {
    graph
        .iter()
        .map(|(m, deps)| {
            format!(
                "{m} → {}\n",
                deps.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect()
}

#[test]
fn the_generator_has_no_import_cycle() {
    let graph = generator_graph();
    // The graph is read, not empty: the pipeline uses every stage.
    assert!(
        ["emit", "infer", "lower", "openapi", "snapshot", "output"]
            .iter()
            .all(|m| graph["pipeline"].contains(*m)),
        "{}",
        show(&graph)
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "import cycle: {}\n\nthe graph:\n{}",
            cycle.join(" → "),
            show(&graph)
        );
    }
    // The output files and templates are a leaf every writer can use.
    assert!(graph["output"].is_empty(), "{}", show(&graph));
}

#[test]
fn edges_are_read_from_paths_not_from_emitted_code() {
    let file = syn::parse_file(
        r#"
        use crate::{ir::Api, infer};
        use crate::diag::Diagnostic;
        fn f() -> TokenStream {
            let n = crate::naming::ident("x");
            quote!(crate::runtime::Field<#n>)
        }
        #[cfg(test)]
        mod tests {
            use crate::pipeline;
        }
        "#,
    )
    .expect("parses");
    let mut tokens = TokenStream::new();
    non_test_tokens(&file.items, &mut tokens);
    let mut deps = BTreeSet::new();
    crate_paths(tokens, &mut deps);
    let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
    assert_eq!(deps, ["diag", "infer", "ir", "naming"]);
}

#[test]
fn a_cycle_is_found_and_named() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g = Graph::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])),
        None
    );
    assert_eq!(
        find_cycle(&graph(&[
            ("diff", "emit"),
            ("emit", "openapi"),
            ("openapi", "emit")
        ])),
        Some(vec!["emit".into(), "openapi".into(), "emit".into()])
    );
}
