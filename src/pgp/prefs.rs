//! What the keys ask for: the cipher of a message and the hash of a
//! signature, from the preferences their owners put in them (RFC 9580
//! §5.2.3.14, §5.2.3.16 and §9).
//!
//! The rule is the same for both: of the algorithms Sealpost would use,
//! strongest first, the first one that every key lists.  A key without a
//! preference list asks for nothing, so it does not narrow the choice.
//! When the lists share nothing, the algorithm every implementation must
//! have is used: AES-128 for ciphers, SHA-256 for hashes.

use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::Cert;
use openpgp::cert::Preferences;
use openpgp::policy::{Policy, StandardPolicy};
use openpgp::types::{HashAlgorithm, SymmetricAlgorithm};

/// The ciphers Sealpost writes, strongest first (256-bit keys, then 192,
/// then 128; AES before the others, as the most studied).
const CIPHERS: [SymmetricAlgorithm; 7] = [
    SymmetricAlgorithm::AES256,
    SymmetricAlgorithm::Camellia256,
    SymmetricAlgorithm::Twofish,
    SymmetricAlgorithm::AES192,
    SymmetricAlgorithm::Camellia192,
    SymmetricAlgorithm::AES128,
    SymmetricAlgorithm::Camellia128,
];

/// The hashes Sealpost signs with, strongest first.
const HASHES: [HashAlgorithm; 5] = [
    HashAlgorithm::SHA512,
    HashAlgorithm::SHA3_512,
    HashAlgorithm::SHA384,
    HashAlgorithm::SHA3_256,
    HashAlgorithm::SHA256,
];

/// The strongest cipher that every recipient lists and the policy allows.
pub(crate) fn cipher_for(certs: &[Cert], p: &dyn Policy, now: SystemTime) -> SymmetricAlgorithm {
    let lists: Vec<Option<Vec<SymmetricAlgorithm>>> = certs
        .iter()
        .map(|c| {
            c.with_policy(p, now)
                .ok()
                .and_then(|vc| vc.preferred_symmetric_algorithms().map(<[_]>::to_vec))
        })
        .collect();
    strongest(
        &CIPHERS,
        &lists,
        |a| a.is_supported() && p.symmetric_algorithm(*a).is_ok(),
        SymmetricAlgorithm::AES128,
    )
}

/// The hash preferences of a certificate (the signer's or a recipient's).
pub(crate) fn hash_prefs(
    cert: &Cert,
    p: &dyn Policy,
    now: SystemTime,
) -> Option<Vec<HashAlgorithm>> {
    cert.with_policy(p, now)
        .ok()
        .and_then(|vc| vc.preferred_hash_algorithms().map(<[_]>::to_vec))
}

/// The strongest hash that every list (signers' and recipients') names
/// and the policy allows for signatures made now.
pub(crate) fn hash_for(
    lists: &[Option<Vec<HashAlgorithm>>],
    p: &StandardPolicy<'_>,
    now: SystemTime,
) -> HashAlgorithm {
    use openpgp::policy::HashAlgoSecurity;
    strongest(
        &HASHES,
        lists,
        |h| {
            h.is_supported()
                && p.hash_cutoff(*h, HashAlgoSecurity::CollisionResistance)
                    .is_none_or(|t| t > now)
        },
        HashAlgorithm::SHA256,
    )
}

/// The first of `ranked` that `allowed` accepts and every list names (a
/// missing list names everything); `fallback` when there is none.
fn strongest<T: Copy + PartialEq>(
    ranked: &[T],
    lists: &[Option<Vec<T>>],
    allowed: impl Fn(&T) -> bool,
    fallback: T,
) -> T {
    ranked
        .iter()
        .copied()
        .filter(|a| allowed(a))
        .find(|a| lists.iter().flatten().all(|l| l.contains(a)))
        .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_common_choice_wins() {
        let all = |_: &u8| true;
        assert_eq!(
            strongest(&[3, 2, 1], &[Some(vec![1, 2]), None, Some(vec![2])], all, 0),
            2
        );
        assert_eq!(
            strongest(&[3, 2, 1], &[Some(vec![1]), Some(vec![3])], all, 0),
            0
        );
        assert_eq!(strongest(&[3, 2, 1], &[], |a| *a < 3, 0), 2);
    }
}
