//! Embeds the hand-written runtime (`runtime/*.rs`) and the crate templates
//! (`templates/*`) so the generator copies them verbatim into every emitted crate.

use std::{env, fs, path::Path};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest);
    let mut out = String::new();
    for (konst, sub, ext) in [
        ("RUNTIME_FILES", "runtime", "rs"),
        ("TEMPLATE_FILES", "templates", ""),
    ] {
        let folder = dir.join(sub);
        println!("cargo:rerun-if-changed={}", folder.display());
        let mut files: Vec<_> = fs::read_dir(&folder)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files
            .retain(|p| p.is_file() && (ext.is_empty() || p.extension().is_some_and(|e| e == ext)));
        files.sort();
        out.push_str(&format!("pub const {konst}: &[(&str, &str)] = &[\n"));
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let name = f
                .file_name()
                .and_then(|n| n.to_str())
                .expect("runtime file names are UTF-8");
            out.push_str(&format!(
                "    ({name:?}, include_str!({:?})),\n",
                f.display().to_string()
            ));
        }
        out.push_str("];\n");
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}
