//! Rooms with one job: no two files under `src/` import each other,
//! directly or through others, and the files of `src/window` and
//! `src/pgp` are rooms of 100 to 600 lines.
//!
//! A file imports another when a `use` declaration or a path in its code
//! (`crate::…`, `super::…`, `self::…`, or a child module's name) names an
//! item the other file defines. Re-exports are followed to the file that
//! defines the item, so `use super::Window` in `window/zones.rs` imports
//! `window/api.rs`, not `window/mod.rs`; a re-export is itself an import of
//! the file it re-exports from. `mod` declarations are not imports. Test
//! modules count: a test that imports a file importing it back is a cycle
//! in the test build.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Cycles tolerated while the work under way on them lands (none now),
/// each as its sorted files. Remove an entry when its cycle is gone; the
/// test fails on an entry that no longer matches.
const KNOWN_CYCLES: &[&[&str]] = &[];

/// The import graph: file (relative to `src/`) to the files it imports.
type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn no_two_files_import_each_other() {
    let cycles = cycles(&graph(&crate_files()));
    let known: BTreeSet<Vec<String>> = KNOWN_CYCLES
        .iter()
        .map(|c| c.iter().map(|f| f.to_string()).collect())
        .collect();
    let new: Vec<&Vec<String>> = cycles.iter().filter(|c| !known.contains(*c)).collect();
    assert!(new.is_empty(), "files that import each other: {new:?}");
    let gone: Vec<&Vec<String>> = known.iter().filter(|c| !cycles.contains(*c)).collect();
    assert!(
        gone.is_empty(),
        "these cycles are gone; remove them from KNOWN_CYCLES: {gone:?}"
    );
}

#[test]
fn the_graph_sees_imports_and_cycles() {
    let files = [
        ("lib.rs", "mod a;\nmod b;\npub use a::Thing;\n"),
        (
            "a/mod.rs",
            "mod inner;\npub use self::inner::Thing;\nfn f() { super::b::g(); }\n",
        ),
        (
            "a/inner.rs",
            "// use crate::b::Nothing;\npub struct Thing;\n",
        ),
        (
            "b.rs",
            "use crate::{Thing, a::inner as i};\nconst S: &str = \"crate::in_a_string\";\n\
             const Q: char = '\\''; const R: &str = r#\"crate::in_a_raw_string\"#;\n\
             fn f<'x>(s: &'x str) -> &'x str { s }\n\
             #[cfg(test)]\nmod tests { use super::super::a; }\n",
        ),
    ];
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect();
    let g = graph(&files);
    let edges = |f: &str| g.get(f).cloned().unwrap_or_default();
    assert_eq!(edges("lib.rs"), set(&["a/inner.rs"]));
    assert_eq!(edges("a/mod.rs"), set(&["a/inner.rs", "b.rs"]));
    assert_eq!(edges("a/inner.rs"), set(&[]));
    assert_eq!(edges("b.rs"), set(&["a/inner.rs", "a/mod.rs"]));
    assert_eq!(
        cycles(&g),
        vec![vec!["a/mod.rs".to_string(), "b.rs".to_string()]]
    );
}

#[test]
fn window_and_pgp_files_have_100_to_600_lines() {
    let long_or_short: Vec<(String, usize)> = crate_files()
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("window/") || rel.starts_with("pgp/"))
        // A table of contents: modules, re-exports and the docs.
        .filter(|(rel, _)| rel != "pgp/mod.rs")
        .map(|(rel, text)| (rel, text.lines().count()))
        .filter(|(_, lines)| !(100..=600).contains(lines))
        .collect();
    assert!(long_or_short.is_empty(), "{long_or_short:?}");
}

fn set(files: &[&str]) -> BTreeSet<String> {
    files.iter().map(|f| f.to_string()).collect()
}

// --- Reading the files ---------------------------------------------------

/// Every `.rs` file under `src/`, as (path relative to `src/`, text).
fn crate_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path: PathBuf = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path.strip_prefix(&src).expect("under src");
                let rel = rel.to_string_lossy().replace('\\', "/");
                let text = fs::read_to_string(&path).expect("readable source");
                out.push((rel, text));
            }
        }
    }
    out.sort();
    out
}

/// The module path of a file: `window/zones.rs` is `window::zones`.
fn module_of(rel: &str) -> Vec<String> {
    let stem = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = stem.split('/').map(String::from).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code of a file as tokens: identifiers and punctuation, with
/// comments, strings and character literals left out.
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = at(i);
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && at(i) != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            i = block_comment_end(&chars, i);
        } else if c == '"' || ((c == 'r' || c == 'b') && starts_raw_or_byte_string(&chars, i)) {
            i = string_end(&chars, i);
        } else if c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A character literal; a lifetime has no closing quote.
            if at(i + 1) == '\\' {
                i += 3;
                while i < chars.len() && at(i) != '\'' {
                    i += 1;
                }
            } else {
                i += 2;
            }
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && at(i + 1) == ':' {
            out.push("::".to_string());
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

fn block_comment_end(chars: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1).copied()) {
            ('/', Some('*')) => (depth, i) = (depth + 1, i + 2),
            ('*', Some('/')) => {
                (depth, i) = (depth - 1, i + 2);
                if depth == 0 {
                    break;
                }
            }
            _ => i += 1,
        }
    }
    i
}

/// `r"…"`, `r#"…"#`, `b"…"`, `br"…"` at `i` (not an identifier ending in r or b).
fn starts_raw_or_byte_string(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|p| chars[p]);
    if before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
        return false;
    }
    let mut j = i + 1;
    if chars[i] == 'b' && chars.get(j) == Some(&'r') {
        j += 1;
    }
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    chars.get(j) == Some(&'"')
}

/// The index after the string literal starting at `i`.
fn string_end(chars: &[char], mut i: usize) -> usize {
    let raw = chars[i] == 'r' || (chars[i] == 'b' && chars.get(i + 1) == Some(&'r'));
    while chars[i] != '"' && chars[i] != '#' {
        i += 1;
    }
    let mut hashes = 0;
    while chars[i] == '#' {
        hashes += 1;
        i += 1;
    }
    i += 1; // the opening quote
    while i < chars.len() {
        match chars[i] {
            '\\' if !raw => i += 2,
            '"' if (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) => return i + 1 + hashes,
            _ => i += 1,
        }
    }
    i
}

// --- Paths, as written ---------------------------------------------------

/// A path written in a file: where it was written and what it says.
struct Written {
    /// The module the path is written in (inline modules included).
    module: Vec<String>,
    segments: Vec<String>,
    /// The name a `pub use` gives it, for re-exports.
    exported_as: Option<String>,
}

/// What a file holds: its inline modules, and every path it writes: its
/// `use` declarations, expanded, and the paths in its code (`a::b`; those
/// into other crates are told apart later).
fn read(rel: &str, text: &str) -> (Vec<Vec<String>>, Vec<Written>) {
    let t = tokens(text);
    let file_module = module_of(rel);
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut modules = Vec::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let module = |inline: &[(String, usize)]| {
            let mut m = file_module.clone();
            m.extend(inline.iter().map(|(name, _)| name.clone()));
            m
        };
        match t[i].as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            "mod" if t.get(i + 2).is_some_and(|b| b == "{") => {
                inline.push((t[i + 1].clone(), depth));
                modules.push(module(&inline));
            }
            "use" => {
                let public = i
                    .checked_sub(1)
                    .is_some_and(|p| t[p] == "pub" || t[p] == ")");
                let end = (i..t.len()).find(|&k| t[k] == ";").unwrap_or(t.len());
                for (segments, name) in use_tree(&t[i + 1..end], Vec::new()) {
                    out.push(Written {
                        module: module(&inline),
                        segments,
                        exported_as: public.then_some(name),
                    });
                }
                i = end;
            }
            first
                if is_ident(first)
                    && t.get(i + 1).is_some_and(|c| c == "::")
                    && (i == 0 || t[i - 1] != "::") =>
            {
                let mut segments = vec![t[i].clone()];
                let mut k = i + 1;
                while t.get(k).is_some_and(|c| c == "::")
                    && t.get(k + 1).is_some_and(|s| is_ident(s))
                {
                    segments.push(t[k + 1].clone());
                    k += 2;
                }
                out.push(Written {
                    module: module(&inline),
                    segments,
                    exported_as: None,
                });
                i = k - 1;
            }
            _ => {}
        }
        i += 1;
    }
    (modules, out)
}

fn is_ident(s: &str) -> bool {
    s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Expands a use tree (`a::{b, c::{self, d as e}, *}`) into paths and the
/// name each is known by.
fn use_tree(t: &[String], prefix: Vec<String>) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut path = prefix;
    let mut i = 0;
    while i < t.len() {
        match t[i].as_str() {
            "::" => {}
            "{" => {
                let close = matching_brace(t, i);
                let mut start = i + 1;
                let mut level = 0;
                for k in i + 1..=close {
                    match t[k].as_str() {
                        "{" => level += 1,
                        "}" if level > 0 => level -= 1,
                        "," | "}" if level == 0 => {
                            if k > start {
                                out.extend(use_tree(&t[start..k], path.clone()));
                            }
                            start = k + 1;
                        }
                        _ => {}
                    }
                }
                return out;
            }
            "*" => {
                out.push((path.clone(), "*".to_string()));
                return out;
            }
            "as" => {
                let name = t.get(i + 1).cloned().unwrap_or_default();
                out.push((path, name));
                return out;
            }
            "self" if !path.is_empty() => {}
            s => path.push(s.to_string()),
        }
        i += 1;
    }
    if let Some(name) = path.last().cloned() {
        out.push((path, name));
    }
    out
}

fn matching_brace(t: &[String], open: usize) -> usize {
    let mut level = 0;
    for (k, tok) in t.iter().enumerate().skip(open) {
        match tok.as_str() {
            "{" => level += 1,
            "}" => {
                level -= 1;
                if level == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    t.len().saturating_sub(1)
}

// --- Resolving paths to files ---------------------------------------------

struct Crate {
    /// Every module, file or inline, and the file it is in.
    modules: BTreeMap<Vec<String>, String>,
    /// Per module, the items it re-exports and the path each comes from.
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl Crate {
    /// The file that defines what `segments`, written in `module`, names;
    /// `None` for paths into other crates.
    fn resolve(&self, module: &[String], segments: &[String], hops: u32) -> Option<String> {
        let (mut current, rest) = self.start(module, segments)?;
        let mut rest = rest;
        while let Some((first, tail)) = rest.split_first() {
            let mut child = current.clone();
            child.push(first.clone());
            if !self.modules.contains_key(&child) {
                break;
            }
            (current, rest) = (child, tail);
        }
        let item = rest.first();
        let via = item.and_then(|name| self.reexports.get(&current)?.get(name));
        match via {
            Some(path) if hops < 8 => self.resolve(&current, path, hops + 1),
            _ => self.modules.get(&current).cloned(),
        }
    }

    /// Where a path starts: the module its first segments name.
    fn start<'s>(
        &self,
        module: &[String],
        segments: &'s [String],
    ) -> Option<(Vec<String>, &'s [String])> {
        let (first, mut rest) = segments.split_first()?;
        let mut current = module.to_vec();
        match first.as_str() {
            "crate" => current.clear(),
            "self" => {}
            "super" => {
                current.pop();
                while rest.first().is_some_and(|s| s == "super") {
                    current.pop();
                    rest = rest.get(1..)?;
                }
            }
            // A child module named without `self::` (`pub use armor::armor`).
            _ if self
                .modules
                .contains_key(&[module, std::slice::from_ref(first)].concat()) =>
            {
                rest = segments;
            }
            _ => return None,
        }
        Some((current, rest))
    }
}

/// The import graph of the given files.
fn graph(files: &[(String, String)]) -> Graph {
    let mut krate = Crate {
        modules: BTreeMap::new(),
        reexports: BTreeMap::new(),
    };
    let mut written = Vec::new();
    for (rel, text) in files {
        let (inline, paths) = read(rel, text);
        krate.modules.insert(module_of(rel), rel.clone());
        for module in inline {
            krate.modules.insert(module, rel.clone());
        }
        written.push((rel.clone(), paths));
    }
    for (_, paths) in &written {
        for w in paths {
            if let Some(name) = w.exported_as.as_ref().filter(|n| *n != "*") {
                krate
                    .reexports
                    .entry(w.module.clone())
                    .or_default()
                    .insert(name.clone(), w.segments.clone());
            }
        }
    }
    let mut g = Graph::new();
    for (rel, paths) in &written {
        let edges = g.entry(rel.clone()).or_default();
        for w in paths {
            if let Some(target) = krate.resolve(&w.module, &w.segments, 0)
                && target != *rel
            {
                edges.insert(target);
            }
        }
    }
    g
}

/// The strongly connected components with more than one file, each sorted,
/// in order (Tarjan's algorithm).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}
