//! Bounces: the whole corpus against its expected reasons, written to
//! `test-results/bounce-corpus.md`, and hand-made cases that must not be
//! bounces (ordinary mail, auto-replies).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sealpost::mail::{Bounce, BounceRequest, Category, Kind, read_bounce};

use super::{data, read};

/// At least this share of the corpus's rows must agree on the category…
const MIN_CATEGORY_AGREEMENT: f64 = 0.97;
/// …and this share on the reason.
const MIN_REASON_AGREEMENT: f64 = 0.90;

fn bounce(name: &str, bytes: &[u8]) -> Bounce {
    read_bounce(&BounceRequest {
        message: bytes.to_vec().into(),
    })
    .unwrap_or_else(|e| panic!("{name}: {}: {e}", e.code()))
}

fn category_name(c: Category) -> &'static str {
    match c {
        Category::Blocked => "blocked",
        Category::NoSuchAddress => "no-such-address",
        Category::MailboxFull => "mailbox-full",
        Category::TooLarge => "too-large",
        Category::Delayed => "delayed",
        Category::Expired => "expired",
        Category::Content => "content",
        Category::Other => "other",
    }
}

/// Our reason and category for the `index`-th (1-based) recipient, with
/// a non-bounce's kind as the reason Sisimai gives it.
///
/// A delay notice's category is `delayed` (not a failure yet), which no
/// Sisimai reason maps to: Sisimai names such a recipient by the cause
/// of the delay. For those rows the category compared is the one the
/// corpus table gives Sealpost's reason (the cause), and the report
/// counts them apart.
fn ours(b: &Bounce, index: usize, table: &BTreeMap<String, String>) -> (String, String) {
    if !b.bounce {
        let reason = match b.kind {
            Kind::AutoReply => "vacation",
            Kind::Feedback => "feedback",
            Kind::Delivered => "delivered",
            _ => "not-a-bounce",
        };
        return (reason.into(), "not-a-bounce".into());
    }
    match b.recipients.get(index - 1) {
        Some(r) if r.category == Category::Delayed => {
            let cause = table.get(&r.reason).cloned().unwrap_or_default();
            (r.reason.clone(), cause)
        }
        Some(r) => (r.reason.clone(), category_name(r.category).into()),
        None => ("(missing)".into(), "(missing)".into()),
    }
}

fn tsv(rel: &str) -> Vec<Vec<String>> {
    let text = String::from_utf8(read(rel)).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

struct Tally {
    rows: usize,
    category: usize,
    reason: usize,
    delays: usize,
    confusion: BTreeMap<(String, String), usize>,
    misses: Vec<(String, String, String)>,
}

#[test]
fn corpus_agreement() {
    let categories: BTreeMap<String, String> = tsv("bounces/categories.tsv")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let accepted: BTreeMap<String, String> = tsv("bounce-misses.tsv")
        .into_iter()
        .map(|r| {
            (
                format!("{}#{}", r[0], r[1]),
                r.get(2).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let mut t = Tally {
        rows: 0,
        category: 0,
        reason: 0,
        delays: 0,
        confusion: BTreeMap::new(),
        misses: vec![],
    };
    let mut cache: BTreeMap<String, Bounce> = BTreeMap::new();
    for row in tsv("bounces/expected.tsv") {
        let (file, index, reason) = (&row[0], row[1].parse::<usize>().unwrap_or(1), &row[4]);
        let b = cache
            .entry(file.clone())
            .or_insert_with(|| bounce(file, &read(&format!("bounces/eml/{file}"))));
        let (our_reason, our_category) = ours(b, index, &categories);
        if b.kind == Kind::Delay {
            t.delays += 1;
        }
        let category = categories.get(reason).cloned().unwrap_or_default();
        t.rows += 1;
        let same_category = our_category == category;
        t.category += usize::from(same_category);
        t.reason += usize::from(our_reason == *reason);
        *t.confusion
            .entry((category.clone(), our_category.clone()))
            .or_default() += 1;
        if our_reason != *reason || !same_category {
            let key = format!("{file}#{index}");
            let got = format!("{our_reason}/{our_category}");
            t.misses.push((key, format!("{reason}/{category}"), got));
        }
    }
    let report = report(&t, &accepted);
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-results");
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join("bounce-corpus.md"), &report).ok();
    let category = t.category as f64 / t.rows as f64;
    let reason = t.reason as f64 / t.rows as f64;
    assert!(
        category >= MIN_CATEGORY_AGREEMENT,
        "category agreement {category:.4}\n{report}"
    );
    assert!(
        reason >= MIN_REASON_AGREEMENT,
        "reason agreement {reason:.4}\n{report}"
    );
    let missed: BTreeSet<&String> = t.misses.iter().map(|m| &m.0).collect();
    let unlisted: Vec<&&String> = missed
        .iter()
        .filter(|k| !accepted.contains_key(**k))
        .collect();
    let stale: Vec<&String> = accepted.keys().filter(|k| !missed.contains(k)).collect();
    assert!(
        unlisted.is_empty(),
        "misses not in bounce-misses.tsv: {unlisted:?}\n{report}"
    );
    assert!(
        stale.is_empty(),
        "bounce-misses.tsv lists rows that now agree: {stale:?}"
    );
}

fn report(t: &Tally, accepted: &BTreeMap<String, String>) -> String {
    let pct = |n: usize| 100.0 * n as f64 / t.rows as f64;
    let mut s = String::from("# Bounce corpus agreement\n\n");
    let _ = writeln!(s, "Rows: {}", t.rows);
    let _ = writeln!(
        s,
        "Category agreement: {} ({:.1}%)",
        t.category,
        pct(t.category)
    );
    let _ = writeln!(s, "Reason agreement: {} ({:.1}%)", t.reason, pct(t.reason));
    let _ = writeln!(
        s,
        "Rows from delay notices: {} (Sealpost's category `delayed`; compared by the cause's \
         category)\n",
        t.delays
    );
    let expected: BTreeSet<&String> = t.confusion.keys().map(|k| &k.0).collect();
    let got: BTreeSet<&String> = t.confusion.keys().map(|k| &k.1).collect();
    let _ = write!(
        s,
        "## Confusion (rows: expected category, columns: Sealpost's)\n\n| |"
    );
    for g in &got {
        let _ = write!(s, " {g} |");
    }
    let _ = write!(s, "\n|---|{}\n", "---:|".repeat(got.len()));
    for e in &expected {
        let _ = write!(s, "| {e} |");
        for g in &got {
            let n = t
                .confusion
                .get(&((*e).clone(), (*g).clone()))
                .copied()
                .unwrap_or(0);
            let _ = write!(
                s,
                " {} |",
                if n == 0 { String::new() } else { n.to_string() }
            );
        }
        s.push('\n');
    }
    s.push_str("\n## Misses (file#recipient: expected, Sealpost's; why accepted)\n\n");
    for (key, want, got) in &t.misses {
        let why = accepted.get(key).map_or("NOT LISTED", String::as_str);
        let _ = writeln!(s, "- {key}: {want}, {got}; {why}");
    }
    s
}

/// Hand-written non-bounces: none of them may be read as a bounce.
#[test]
fn ordinary_mail_and_auto_replies_are_not_bounces() {
    let dir = data("not-bounces");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
        let path = entry.map(|e| e.path()).unwrap_or_default();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if !name.ends_with(".eml") {
            continue;
        }
        let b = bounce(&name, &std::fs::read(&path).unwrap_or_default());
        let want = if name.starts_with("autoreply-") {
            Kind::AutoReply
        } else {
            Kind::Message
        };
        assert!(!b.bounce, "{name}: read as a bounce: {:?}", b.recipients);
        assert_eq!(b.kind, want, "{name}");
        assert!(b.recipients.is_empty() && b.original.is_none(), "{name}");
        seen += 1;
    }
    assert!(seen >= 8, "only {seen} non-bounces");
}
