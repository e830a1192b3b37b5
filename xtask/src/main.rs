//! `cargo xtask codegen`: regenerates the SDK crate (`ikcrm` by default) from the doc pages.
//!
//! ```text
//! cargo xtask codegen [--docs DIR] [--out DIR] [--report FILE] [--diff FILE] [--check] [--quiet] [--timings]
//! ```
//!
//! Exit status: 0 every page fine (pages that are not API pages included); 1 some
//! pages skipped (output written for the rest); 2 usage error or nothing could be
//! generated; 3 `--check` found files that differ from what would be generated.

/// The generator allocates millions of small strings and token trees and frees
/// them out of order; with glibc's allocator the main heap fragments and, at
/// 10,000 pages, emitting took 17 s on one thread instead of 10 s
/// (`malloc_consolidate`/`unlink_chunk` high in `perf`). Measured in BENCHMARKS.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use codegen::diag::Severity;
use codegen::diff;
use codegen::output::{FileText, HEADER, MARKER_FILE};
use codegen::pipeline;
use codegen::snapshot::{self, Snapshot, SnapshotView, TypesSnapshot};
use std::collections::BTreeSet;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: cargo xtask codegen [--docs DIR] [--out DIR] [--report FILE] [--diff FILE] [--check] [--quiet] [--timings]

  --docs DIR     folder of doc pages and overrides.toml (default: docs-input)
  --out DIR      folder of the emitted crate (default: generated)
  --report FILE  write a JSON report of every page, endpoint and diagnostic
  --diff FILE    write the API changes since the snapshot in the output folder as Markdown
  --check        write nothing; fail (exit 3) naming the files that are stale
  --quiet        print errors only, not warnings
  --timings      print the wall time of each stage (threads: CODEGEN_JOBS, default all cores)";

struct Args {
    docs: PathBuf,
    out: PathBuf,
    report: Option<PathBuf>,
    diff: Option<PathBuf>,
    check: bool,
    quiet: bool,
    timings: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("codegen") => {}
        Some(other) => return Err(format!("unknown command `{other}`")),
        None => return Err("missing command".into()),
    }
    let mut a = Args {
        docs: "docs-input".into(),
        out: "generated".into(),
        report: None,
        diff: None,
        check: false,
        quiet: false,
        timings: false,
    };
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("`{name}` needs a value"));
        match flag.as_str() {
            "--docs" => a.docs = value("--docs")?.into(),
            "--out" => a.out = value("--out")?.into(),
            "--report" => a.report = Some(value("--report")?.into()),
            "--diff" => a.diff = Some(value("--diff")?.into()),
            "--check" => a.check = true,
            "--quiet" | "-q" => a.quiet = true,
            "--timings" => a.timings = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(if e.is_empty() { 0 } else { 2 });
        }
    };
    // The defaults live in the workspace root, wherever cargo runs us from; paths
    // given on the command line are relative to the current directory.
    let root = workspace_root();
    let resolve = |p: &Path, default: &str| {
        if p == Path::new(default) {
            root.join(p)
        } else {
            p.to_path_buf()
        }
    };
    let docs = resolve(&args.docs, "docs-input");
    let out = resolve(&args.out, "generated");
    let total = Instant::now();
    let mut timings = Timings::start();
    // The snapshot of the previous run is read beside the pipeline (it is as
    // large as the API), and before anything is written over it.
    let old_snapshot = {
        let out = out.clone();
        // Snapshots nest as deep as the examples (up to `snapshot::MAX_SNAPSHOT_DEPTH`),
        // and reading them recurses: a main-thread-sized stack.
        std::thread::Builder::new()
            .stack_size(SNAPSHOT_READER_STACK)
            .spawn(move || Snapshot::read(&out))
    };
    let (pages, overrides) = match pipeline::read_docs(&docs) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: cannot read the docs folder {}: {e}", docs.display());
            return ExitCode::from(2);
        }
    };
    let api_toml = match pipeline::read_api_toml(&docs) {
        Ok(x) => x,
        Err(e) => {
            eprintln!(
                "error: cannot read {}: {e}",
                docs.join("api.toml").display()
            );
            return ExitCode::from(2);
        }
    };
    timings.lap("read pages");
    let folder = pipeline::folder_name(&docs);
    let mut generated = pipeline::analyse_api(
        &pages,
        overrides.as_deref(),
        pipeline::ApiInput {
            api_toml: api_toml.as_deref(),
            folder: &folder,
        },
    );
    timings.stages_of(&generated.timings);
    {
        // One lock and one buffer for thousands of diagnostics.
        let mut err = std::io::BufWriter::new(std::io::stderr().lock());
        for d in &generated.diagnostics {
            // Acknowledged by `allow` in overrides.toml: counted below, kept in --report.
            if d.acknowledged {
                continue;
            }
            if !args.quiet || d.severity == Severity::Error {
                let _ = writeln!(err, "{}\n", d.display(&generated.sources));
            }
        }
    }
    timings.lap("print diagnostics");
    if let Some(path) = &args.report {
        let json = match serde_json::to_string_pretty(&generated.report) {
            Ok(j) => j,
            Err(e) => {
                eprintln!("error: cannot encode the report: {e}");
                return ExitCode::from(2);
            }
        };
        if let Err(e) = std::fs::write(path, json + "\n") {
            eprintln!("error: cannot write the report {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    if args.report.is_some() {
        timings.lap("write the report");
    }
    let pages_n = generated.report.pages.len();
    let skipped = generated
        .report
        .pages
        .iter()
        .filter(|p| p.status == pipeline::Status::Skipped)
        .count();
    let partial = generated
        .report
        .pages
        .iter()
        .filter(|p| p.status == pipeline::Status::Partial)
        .count();
    let not_api = generated
        .report
        .pages
        .iter()
        .filter(|p| p.status == pipeline::Status::NotApi)
        .count();
    let warnings = generated
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && !d.acknowledged)
        .count();
    let acknowledged = generated
        .diagnostics
        .iter()
        .filter(|d| d.acknowledged)
        .count();
    let errors = generated
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    eprintln!(
        "{} operations, {} types from {pages_n} pages ({skipped} skipped, {partial} partial, {not_api} not API pages); {errors} errors, {warnings} warnings",
        generated.api.endpoints.len(),
        generated.types.structs.len(),
    );
    if acknowledged > 0 {
        eprintln!(
            "{acknowledged} acknowledged warnings (see --report; `allow` in {})",
            codegen::overrides::FILE_NAME
        );
    }
    let code = generated.exit_code();
    if code == 2 {
        eprintln!("error: nothing could be generated from {}", docs.display());
        return ExitCode::from(2);
    }
    // The diagnostics are printed: the pages and their texts are not needed any
    // more, and the output (the largest stage) is built next.
    drop(pages);
    drop(std::mem::take(&mut generated.sources));
    // The old snapshot was read before anything is written. Building the new one
    // (from memory) and diffing runs beside building and writing (or comparing)
    // the files: both are large.
    let old = match old_snapshot {
        Ok(reader) => reader
            .join()
            .unwrap_or_else(|_| Err("the reader thread panicked".into())),
        Err(e) => Err(format!("cannot start the snapshot reader: {e}")),
    };
    if !args.check {
        if let Err(why) = check_output_folder(&out) {
            eprintln!("error: {why}");
            return ExitCode::from(2);
        }
    }
    // The diff file is created before anything is written: a run that fails must
    // leave the previous output as it was, and a `--diff` path that cannot be
    // written used to fail the run only after the new files were swapped in.
    let mut diff_file = match &args.diff {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Some((path, f)),
            Err(e) => {
                eprintln!("error: cannot write the diff {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let (changes, outcome) = std::thread::scope(|s| {
        let changes = s.spawn(|| api_diff(old, &generated));
        let outcome = if args.check {
            Ok(stale_files(&out, &generated))
        } else {
            write_files(&out, &generated).map(|()| Vec::new())
        };
        let changes = changes
            .join()
            .unwrap_or_else(|_| Err("the diff thread panicked".into()));
        (changes, outcome)
    });
    timings.lap(if args.check {
        "emit + format + diff + compare"
    } else {
        "emit + format + diff + write"
    });
    match changes {
        Ok((d, old)) => {
            match old {
                OldSnapshot::Found if !args.quiet => eprint!("{}", d.to_text()),
                OldSnapshot::Found => {}
                OldSnapshot::Missing => eprintln!(
                    "no previous snapshot ({}) in {}: every operation is new",
                    snapshot::API_FILE,
                    out.display()
                ),
                OldSnapshot::Unreadable(e) => {
                    eprintln!("warning: cannot compare with the previous snapshot: {e}")
                }
            }
            if let Some((path, file)) = &mut diff_file {
                if let Err(e) = file.write_all(d.to_markdown().as_bytes()) {
                    eprintln!("error: cannot write the diff {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    match outcome {
        Ok(stale) if args.check && !stale.is_empty() => {
            eprintln!(
                "error: {} is stale; these files differ from what the docs generate:",
                out.display()
            );
            for f in &stale {
                eprintln!("  {f}");
            }
            eprintln!("run `cargo xtask codegen` and commit the result");
            return ExitCode::from(3);
        }
        Ok(_) if args.check => eprintln!("{} is up to date", out.display()),
        Ok(_) => {}
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            return ExitCode::from(2);
        }
    }
    // The process ends here: the OS takes the memory back at once, while freeing
    // millions of small allocations one by one took ~0.15 s at 10k pages.
    std::mem::forget(generated);
    if args.timings {
        timings.print(total.elapsed());
    }
    ExitCode::from(code as u8)
}

/// Wall time of each step of one run, for `--timings`.
struct Timings {
    stages: Vec<(&'static str, Duration)>,
    since: Instant,
}

impl Timings {
    fn start() -> Self {
        Timings {
            stages: Vec::new(),
            since: Instant::now(),
        }
    }

    /// Records the time since the previous lap under `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.since));
        self.since = now;
    }

    /// The pipeline timed its own stages: records them, and what is left of the
    /// lap (moving results between stages), then restarts the clock.
    fn stages_of(&mut self, pipeline: &[(&'static str, Duration)]) {
        let now = Instant::now();
        let timed: Duration = pipeline.iter().map(|s| s.1).sum();
        self.stages.extend(pipeline.iter().copied());
        self.stages.push((
            "pipeline (between stages)",
            (now - self.since).saturating_sub(timed),
        ));
        self.since = now;
    }

    fn print(&self, total: Duration) {
        eprintln!("timings ({} threads):", codegen::par::jobs());
        for (name, d) in &self.stages {
            eprintln!("  {name:<28} {:>9.1} ms", d.as_secs_f64() * 1e3);
        }
        eprintln!("  {:<28} {:>9.1} ms", "total", total.as_secs_f64() * 1e3);
    }
}

/// What was found in the output folder before this run.
enum OldSnapshot {
    Found,
    /// No `api.json` yet: every operation is new.
    Missing,
    Unreadable(String),
}

/// What changed in the API since the snapshot that was in the output folder
/// (`old`, read before anything was written) and the one generated now.
fn api_diff(
    old: Result<Option<Snapshot>, String>,
    generated: &pipeline::Generated,
) -> Result<(diff::ApiDiff, OldSnapshot), String> {
    // The new snapshot from memory, the IR borrowed in place: reading back the
    // `api.json` just generated failed on examples nested deeper than serde_json's
    // limit, after writing.
    let types = TypesSnapshot::new(&generated.api, &generated.types);
    let new = SnapshotView {
        api: &generated.api,
        types: Some(&types),
    };
    let empty = Snapshot {
        api: Default::default(),
        types: Some(Default::default()),
    };
    Ok(match old {
        Ok(Some(old)) => (diff::diff_views(old.view(), new), OldSnapshot::Found),
        Ok(None) => (diff::diff_views(empty.view(), new), OldSnapshot::Missing),
        Err(e) => (
            diff::diff_views(empty.view(), new),
            OldSnapshot::Unreadable(e),
        ),
    })
}

/// The workspace root: two levels up from this crate's manifest when run by cargo,
/// else the current directory.
fn workspace_root() -> PathBuf {
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => Path::new(&dir)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        None => PathBuf::new(),
    }
}

/// Folders of the emitted crate that the generator owns: files there that it no
/// longer generates are removed (and reported by `--check`).
const OWNED_DIRS: &[&str] = &["src", "tests", "examples"];

/// Files under the owned folders that we did not generate this time but that a
/// previous run did (they carry the header, or live in a folder we own entirely).
fn leftovers(out: &Path, files: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for dir in OWNED_DIRS {
        walk(out, &out.join(dir), &mut found);
    }
    found
        .into_iter()
        .filter(|rel| !files.contains(rel))
        .filter(|rel| {
            rel.starts_with("src/runtime/")
                || rel.starts_with("src/api/")
                || std::fs::read_to_string(out.join(rel)).is_ok_and(|t| t.starts_with(HEADER))
        })
        .collect()
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Builds every file ([`pipeline::emit_files`]) and compares each with the one in
/// `out` as it comes: the files that differ, then those a previous run left.
fn stale_files(out: &Path, generated: &pipeline::Generated) -> Vec<String> {
    let compared = pipeline::emit_files(&generated.api, &generated.types, |rel, content| {
        let same = unchanged(out, &rel, &content);
        (rel, same)
    });
    let names: BTreeSet<String> = compared.iter().map(|(rel, _)| rel.clone()).collect();
    let mut stale: BTreeSet<String> = compared
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(rel, _)| rel)
        .collect();
    stale.extend(leftovers(out, &names));
    stale.into_iter().collect()
}

/// Stack of the thread that reads the previous snapshot (the main thread's size).
const SNAPSHOT_READER_STACK: usize = 8 << 20;

/// Refuses an output folder that is neither missing, empty, nor marked as ours
/// ([`MARKER_FILE`], or a `src/lib.rs` with our [`HEADER`]): `--out` pointed at a hand-written project used to delete
/// its `src/api/*.rs` and overwrite its `Cargo.toml`.
fn check_output_folder(out: &Path) -> Result<(), String> {
    let mut entries = match std::fs::read_dir(out) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(format!(
                "the output {} is a file, not a folder",
                out.display()
            ))
        }
        Err(e) => {
            return Err(format!(
                "cannot read the output folder {}: {e}",
                out.display()
            ))
        }
    };
    // Generations from before the marker are known by the header of their lib.rs.
    let older_generation =
        || std::fs::read_to_string(out.join("src/lib.rs")).is_ok_and(|t| t.starts_with(HEADER));
    if entries.next().is_none() || out.join(MARKER_FILE).is_file() || older_generation() {
        return Ok(());
    }
    Err(format!(
        "refusing to write into {}: it is not empty and was not generated by this tool \
         (it has no `{MARKER_FILE}`); give `--out` a new or empty folder, or the folder \
         of a previous generation",
        out.display()
    ))
}

/// Writes the generation into `out` all at once: the new tree is built in a
/// temporary folder beside it, then swapped in with two renames, so a run that
/// fails leaves the previous output as it was. Files that did not change are
/// hard links to the old ones, keeping their timestamps (cargo does not rebuild
/// them); files we did not generate (a `target/`, notes) are carried over;
/// files a previous run generated and this one does not are dropped. Each file is
/// written as soon as it is built ([`pipeline::emit_files`]), not held until all are.
fn write_files(out: &Path, generated: &pipeline::Generated) -> std::io::Result<()> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let pid = std::process::id();
    let new = parent.join(format!(".{name}.codegen-new-{pid}"));
    let old = parent.join(format!(".{name}.codegen-old-{pid}"));
    let _ = std::fs::remove_dir_all(&new);
    let files = match build_tree(out, &new, generated) {
        Ok(files) => files,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&new);
            return Err(e);
        }
    };
    let files = &files;
    if !out.exists() {
        return std::fs::rename(&new, out);
    }
    let dropped: BTreeSet<String> = leftovers(out, files).into_iter().collect();
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(&new, out) {
        // Put the previous output back.
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&new);
        return Err(e);
    }
    // Everything else in the old folder, except what a previous run generated.
    if let Err(e) = carry_over(&old, out, Path::new(""), files, &dropped) {
        return Err(std::io::Error::new(
            e.kind(),
            format!(
                "{e}; the files not generated by this tool are still in {}",
                old.display()
            ),
        ));
    }
    std::fs::remove_dir_all(&old)
}

/// Fills `new` with the generated files, each written as it is built; returns
/// their paths.
fn build_tree(
    out: &Path,
    new: &Path,
    generated: &pipeline::Generated,
) -> std::io::Result<BTreeSet<String>> {
    std::fs::create_dir_all(new)?;
    let written = pipeline::emit_files(&generated.api, &generated.types, |rel, content| {
        let put = put_file(out, new, &rel, &content);
        (rel, put)
    });
    let mut files = BTreeSet::new();
    for (rel, put) in written {
        put?;
        files.insert(rel);
    }
    Ok(files)
}

/// Writes one generated file into `new`: a hard link to the one in `out` when it
/// did not change, so its timestamp stays and cargo does not rebuild it. A
/// streamed file is compared with the old one while it is written.
fn put_file(out: &Path, new: &Path, rel: &str, content: &FileText<'_>) -> std::io::Result<()> {
    let path = new.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let old = out.join(rel);
    match content {
        FileText::Built(text) => {
            if unchanged(out, rel, content) && std::fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
            std::fs::write(&path, text)
        }
        FileText::Streamed(_) => {
            let mut both = std::io::BufWriter::with_capacity(
                STREAM_BUFFER,
                Tee(std::fs::File::create(&path)?, SameAs::new(&old)),
            );
            content.write_to(&mut both)?;
            let Tee(file, same) = both.into_inner().map_err(|e| e.into_error())?;
            drop(file);
            if same.finish() {
                std::fs::remove_file(&path)?;
                if std::fs::hard_link(&old, &path).is_err() {
                    let mut file = std::io::BufWriter::with_capacity(
                        STREAM_BUFFER,
                        std::fs::File::create(&path)?,
                    );
                    content.write_to(&mut file)?;
                    file.flush()?;
                }
            }
            Ok(())
        }
    }
}

/// Whether `out/rel` holds exactly `content` (`--check`, and the hard links of
/// [`put_file`]).
fn unchanged(out: &Path, rel: &str, content: &FileText<'_>) -> bool {
    match content {
        FileText::Built(text) => {
            std::fs::read(out.join(rel)).ok().as_deref() == Some(text.as_bytes())
        }
        FileText::Streamed(_) => {
            let mut same =
                std::io::BufWriter::with_capacity(STREAM_BUFFER, SameAs::new(&out.join(rel)));
            content.write_to(&mut same).is_ok() && same.into_inner().is_ok_and(|same| same.finish())
        }
    }
}

/// Buffer between a streamed file's serialiser and the disk (and the old file it
/// is compared with): serde_json writes a few bytes at a time.
const STREAM_BUFFER: usize = 1 << 16;

/// Writes everything to both writers.
struct Tee<A, B>(A, B);

impl<A: Write, B: Write> Write for Tee<A, B> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(buf)?;
        self.1.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
}

/// A writer that compares what it is given with a file's bytes as they come
/// (a streamed file, [`FileText::Streamed`], is never held whole to compare).
struct SameAs {
    /// The old file, `None` once a difference is found (or when there is none).
    old: Option<std::io::BufReader<std::fs::File>>,
    scratch: Vec<u8>,
}

impl SameAs {
    fn new(path: &Path) -> Self {
        SameAs {
            old: std::fs::File::open(path)
                .ok()
                .map(|f| std::io::BufReader::with_capacity(STREAM_BUFFER, f)),
            scratch: Vec::new(),
        }
    }

    /// Whether everything written was the old file, and all of it.
    fn finish(self) -> bool {
        self.old
            .is_some_and(|mut old| old.fill_buf().is_ok_and(|rest| rest.is_empty()))
    }
}

impl Write for SameAs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(old) = &mut self.old {
            self.scratch.resize(buf.len(), 0);
            if old.read_exact(&mut self.scratch).is_err() || self.scratch != buf {
                self.old = None;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Moves entries of `from/rel` that are neither generated now nor leftovers of
/// an earlier generation into `to/rel`, recursing only into folders that hold
/// generated files (a `target/` moves whole, with one rename).
fn carry_over(
    from: &Path,
    to: &Path,
    rel: &Path,
    files: &BTreeSet<String>,
    dropped: &BTreeSet<String>,
) -> std::io::Result<()> {
    let Ok(rd) = std::fs::read_dir(from.join(rel)) else {
        return Ok(());
    };
    for entry in rd {
        let entry = entry?;
        let r = rel.join(entry.file_name());
        let key = r.to_string_lossy().replace('\\', "/");
        if files.contains(&key) || dropped.contains(&key) {
            continue;
        }
        let prefix = format!("{key}/");
        let holds_ours = files.iter().any(|f| f.starts_with(&prefix))
            || dropped.iter().any(|f| f.starts_with(&prefix));
        if entry.file_type()?.is_dir() && holds_ours {
            std::fs::create_dir_all(to.join(&r))?;
            carry_over(from, to, &r, files, dropped)?;
        } else {
            std::fs::rename(entry.path(), to.join(&r))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(text: &'static str) -> FileText<'static> {
        FileText::Streamed(Box::new(move |w| {
            // A few bytes at a time, as serde_json writes.
            for chunk in text.as_bytes().chunks(3) {
                w.write_all(chunk)?;
            }
            Ok(())
        }))
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A streamed file is unchanged only when it is the old file exactly: not a
    /// prefix of it, not longer, not different inside, and not a missing file.
    #[test]
    fn a_streamed_file_is_compared_byte_for_byte() {
        let out = temp("same-as");
        std::fs::write(out.join("api.json"), "{\n  \"a\": 1\n}\n").unwrap();
        let same = |text| unchanged(&out, "api.json", &streamed(text));
        assert!(same("{\n  \"a\": 1\n}\n"));
        assert!(!same("{\n  \"a\": 1\n}"));
        assert!(!same("{\n  \"a\": 1\n}\n\n"));
        assert!(!same("{\n  \"a\": 2\n}\n"));
        assert!(!same(""));
        assert!(!unchanged(&out, "missing.json", &streamed("")));
        std::fs::remove_dir_all(&out).unwrap();
    }

    /// Written as it is serialised, a streamed file that did not change is a
    /// hard link to the old one (its timestamp stays); one that changed is
    /// written out whole.
    #[test]
    #[cfg(unix)]
    fn a_streamed_file_is_linked_when_unchanged_and_written_when_changed() {
        let out = temp("put-out");
        let new = temp("put-new");
        std::fs::write(out.join("same.json"), "[1, 2]\n").unwrap();
        std::fs::write(out.join("changed.json"), "[1, 2]\n").unwrap();
        put_file(&out, &new, "same.json", &streamed("[1, 2]\n")).unwrap();
        put_file(&out, &new, "changed.json", &streamed("[1, 2, 3]\n")).unwrap();
        put_file(&out, &new, "sub/fresh.json", &streamed("{}\n")).unwrap();
        let inode = |p: &Path| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(p).unwrap().ino()
        };
        assert_eq!(inode(&new.join("same.json")), inode(&out.join("same.json")));
        assert_ne!(
            inode(&new.join("changed.json")),
            inode(&out.join("changed.json"))
        );
        let read = |p: &str| std::fs::read_to_string(new.join(p)).unwrap();
        assert_eq!(read("same.json"), "[1, 2]\n");
        assert_eq!(read("changed.json"), "[1, 2, 3]\n");
        assert_eq!(read("sub/fresh.json"), "{}\n");
        std::fs::remove_dir_all(&out).unwrap();
        std::fs::remove_dir_all(&new).unwrap();
    }
}
