//! The layout of `src/pgp`: no two files import each other, even by way
//! of others, and every file has a size one can read in a sitting.

use std::collections::BTreeMap;
use std::path::Path;

/// Each file of `src/pgp` (by module name) and its text before its unit
/// tests.
fn modules() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pgp");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
        out.insert(name, code);
    }
    out
}

/// The sibling modules a file names (`super::x` or `crate::pgp::x`).
fn imports(code: &str, siblings: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in ["super::", "crate::pgp::"] {
        for (at, _) in code.match_indices(prefix) {
            let rest = &code[at + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if siblings.contains_key(&name) && !found.contains(&name) {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn no_file_of_src_pgp_imports_one_that_imports_it_back() {
    let modules = modules();
    let graph: BTreeMap<&str, Vec<String>> = modules
        .iter()
        .filter(|(name, _)| name.as_str() != "mod")
        .map(|(name, code)| (name.as_str(), imports(code, &modules)))
        .collect();
    assert!(
        graph
            .get("decrypt")
            .is_some_and(|i| i.contains(&"stream".to_string())),
        "the import reader works: {graph:?}"
    );
    // Depth-first search for a path back to where it started.
    fn back<'a>(
        graph: &'a BTreeMap<&str, Vec<String>>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        let last = *path.last()?;
        for next in graph.get(last).into_iter().flatten() {
            if next == path[0] {
                let mut cycle: Vec<String> = path.iter().map(|s| s.to_string()).collect();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if !path.contains(&next.as_str()) {
                path.push(next);
                if let Some(c) = back(graph, path) {
                    return Some(c);
                }
                path.pop();
            }
        }
        None
    }
    for start in graph.keys() {
        if let Some(cycle) = back(&graph, &mut vec![start]) {
            panic!("src/pgp has an import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn every_file_of_src_pgp_has_100_to_600_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pgp");
    for name in modules().keys() {
        let lines = std::fs::read_to_string(dir.join(format!("{name}.rs")))
            .unwrap()
            .lines()
            .count();
        // mod.rs is the table of contents: short by design.
        let least = if name == "mod" { 1 } else { 100 };
        assert!(
            (least..=600).contains(&lines),
            "src/pgp/{name}.rs has {lines} lines"
        );
    }
}
