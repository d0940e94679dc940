//! Header blocks: hops oldest first with TLS and delay, authentication
//! results (ARC marked), and the summary sentences.

use sealpost::mail::{Encryption, Headers, HeadersRequest, read_headers};

use super::read;

fn headers(rel: &str) -> Headers {
    read_headers(&HeadersRequest {
        message: read(rel).into(),
    })
    .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn strong_tls_on_every_hop_with_passing_checks() {
    let h = headers("headers/gmail-strong.eml");
    let encryption: Vec<Encryption> = h.hops.iter().map(|h| h.encryption).collect();
    assert_eq!(
        encryption,
        [Encryption::Strong, Encryption::Strong, Encryption::Local]
    );
    let first = &h.hops[0];
    assert_eq!(first.from.as_deref(), Some("app01.internal.shop.example"));
    assert_eq!(first.from_ip.as_deref(), Some("10.0.0.7"));
    assert_eq!(first.by.as_deref(), Some("mail.shop.example"));
    assert_eq!(first.tls.as_deref(), Some("TLSv1.2"));
    assert_eq!(first.at.as_deref(), Some("2026-11-24T11:14:51Z"));
    assert_eq!(first.delay_seconds, None);
    assert_eq!(h.hops[1].tls.as_deref(), Some("TLSv1.3"));
    assert_eq!(h.hops[1].cipher.as_deref(), Some("TLS_AES_256_GCM_SHA384"));
    assert_eq!(h.hops[1].delay_seconds, Some(17));
    assert_eq!(h.summary.total_delay_seconds, Some(18));
    assert_eq!(h.summary.slowest_hop, Some(1));
    assert_eq!(
        h.summary.encryption,
        "Encrypted on every hop between servers."
    );
    let arc = h.authentication.iter().filter(|r| r.arc).count();
    assert_eq!((arc, h.authentication.len()), (3, 6));
    assert!(h.authentication.iter().all(|r| r.result == "pass"));
    let checks: Vec<(&str, Option<&str>)> = h
        .summary
        .checks
        .iter()
        .map(|c| (c.method.as_str(), c.result.as_deref()))
        .collect();
    assert_eq!(
        checks,
        [
            ("spf", Some("pass")),
            ("dkim", Some("pass")),
            ("dmarc", Some("pass"))
        ]
    );
    assert!(h.summary.forgery_note.contains("can be forged"));
}

#[test]
fn clear_and_outdated_hops_are_named_and_a_clock_behind_is_said() {
    let h = headers("headers/clear-and-outdated.eml");
    let encryption: Vec<Encryption> = h.hops.iter().map(|h| h.encryption).collect();
    let want = [
        Encryption::Local,
        Encryption::None,
        Encryption::Weak,
        Encryption::Local,
    ];
    assert_eq!(encryption, want);
    assert_eq!(h.hops[2].tls.as_deref(), Some("TLSv1.0"));
    assert_eq!(h.hops[1].delay_seconds, Some(-22));
    assert!(
        h.hops[1]
            .note
            .as_deref()
            .is_some_and(|n| n.contains("clock is behind"))
    );
    assert_eq!(
        h.summary.encryption,
        "Sent in the clear between pc17.office.old.example and relay.old.example. An outdated TLS \
         version was used between relay.old.example and mx1.provider.example."
    );
    assert!(h.summary.delay.contains("A clock on the way is behind"));
    let results: Vec<Option<&str>> = h
        .summary
        .checks
        .iter()
        .map(|c| c.result.as_deref())
        .collect();
    assert_eq!(results, [Some("softfail"), Some("none"), Some("fail")]);
    assert!(h.summary.checks[2].sentence.starts_with("DMARC failed"));
}

#[test]
fn microsoft_results_without_authserv_id_and_webmail_submission() {
    let h = headers("headers/microsoft.eml");
    assert_eq!(h.hops[0].with.as_deref(), Some("HTTP"));
    assert_eq!(h.hops[0].encryption, Encryption::Unknown);
    assert_eq!(h.hops[1].tls.as_deref(), Some("TLSv1.2"));
    let methods: Vec<&str> = h.authentication.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["spf", "dkim", "dmarc", "compauth"]);
    assert!(h.authentication.iter().all(|r| r.authserv_id.is_none()));
    assert_eq!(h.authentication[3].reason.as_deref(), Some("100"));
    assert!(h.summary.encryption.contains("does not say whether"));
}

#[test]
fn line_endings_do_not_change_the_result() {
    let lf = read("headers/clear-and-outdated.eml");
    let text = String::from_utf8(lf.clone()).unwrap_or_default();
    let want = read_headers(&HeadersRequest { message: lf.into() }).ok();
    for ending in ["\r\n", "\r"] {
        let bytes = text.replace('\n', ending).into_bytes();
        assert_eq!(
            read_headers(&HeadersRequest {
                message: bytes.into()
            })
            .ok(),
            want,
            "{ending:?}"
        );
    }
}

#[test]
fn a_header_block_without_hops_or_results_is_refused() {
    let e = read_headers(&HeadersRequest {
        message: b"Subject: hi\nFrom: a@b.example\n\nbody".to_vec().into(),
    });
    assert_eq!(e.err().map(|e| e.code()), Some("not-a-message"));
}
