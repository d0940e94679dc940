// SOP verification lines:
//   2024-01-02T03:04:05Z SIGNING-FPR PRIMARY-FPR mode:text signer: Alice <…>
import * as sealpost from '../../../www/sealpost.js';

/** @typedef {import('../../../www/sealpost.js').KeyInfo} KeyInfo */
/**
 * A verification as the API gives it; a primary key fingerprint is used
 * when one is there too.
 * @typedef {import('../../../www/sealpost.js').Verification
 *   & { primaryFingerprintHex?: string | null, primaryFingerprint?: string | null }} Verification
 */

const HEX_FPR = /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/;

/**
 * Uppercase hex of a fingerprint as the API gives it (hex, spaced, or bytes).
 * @param {string | Uint8Array | null | undefined} value
 * @returns {string | null}
 */
export function fingerprintHex(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex').toUpperCase();
  const hex = String(value).replace(/[\s:]/g, '').toUpperCase();
  return HEX_FPR.test(hex) ? hex : null;
}

/**
 * Every fingerprint mentioned anywhere in a key card (primary and subkeys).
 * @param {unknown} card a key card, or any value inside one
 * @param {Set<string>} [found]
 * @returns {Set<string>}
 */
function fingerprintsIn(card, found = new Set()) {
  if (Array.isArray(card)) for (const c of card) fingerprintsIn(c, found);
  else if (card && typeof card === 'object') {
    for (const [k, v] of Object.entries(card)) {
      if (/fingerprint/i.test(k) && (typeof v === 'string' || v instanceof Uint8Array)) {
        const hex = fingerprintHex(v);
        if (hex) found.add(hex);
      } else if (typeof v === 'object') fingerprintsIn(v, found);
    }
  }
  return found;
}

/** @param {KeyInfo} card */
function primaryOf(card) {
  return fingerprintHex(card.fingerprintHex ?? card.fingerprint);
}

/**
 * Finds the primary key fingerprint for each signing key, from the
 * certificates that were used to verify.
 * @param {import('../../../www/sealpost.js').Data[]} certs
 * @param {number} now
 * @returns {Promise<(signingHex: string|null) => string|null>}
 */
export async function primaryLookup(certs, now) {
  /** @type {import('../../../www/sealpost.js').KeyInfo[]} */
  const cards = [];
  for (const cert of certs) {
    try {
      cards.push(.../** @type {import('../../../www/sealpost.js').KeyInfo[]} */ ([]).concat(await sealpost.inspectKeys(cert, { now })));
    } catch {
      // An unreadable certificate was already reported by the verification itself.
    }
  }
  return (signingHex) => {
    if (signingHex === null) return null;
    for (const card of cards) if (fingerprintsIn(card).has(signingHex)) return primaryOf(card);
    return null;
  };
}

/**
 * A verification's creation time in milliseconds (accepts ms, seconds, or text).
 * @param {number | string | Date | null | undefined} created
 * @returns {number}
 */
export function createdMs(created) {
  if (typeof created === 'number') return created < 1e11 ? created * 1000 : created;
  if (typeof created === 'string') return Date.parse(created);
  if (created instanceof Date) return created.getTime();
  return NaN;
}

/** @param {number} ms */
function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The SOP lines for the good verifications created within
 * `[notBefore, notAfter]` (either may be null: no limit).
 * @param {Verification[]} verifications
 * @param {import('../../../www/sealpost.js').Data[]} certs
 * @param {{ now: number, notBefore?: number | null, notAfter?: number | null }} window in milliseconds
 * @returns {Promise<string[]>}
 */
export async function verificationLines(verifications, certs, { now, notBefore = null, notAfter = null }) {
  const good = verifications.filter((v) => {
    if (v.status !== 'good') return false;
    const t = createdMs(v.created);
    return !(notBefore !== null && t < notBefore) && !(notAfter !== null && t > notAfter);
  });
  if (good.length === 0) return [];
  const primary = await primaryLookup(certs, now);
  return good.map((v) => {
    const signing = fingerprintHex(v.signerFingerprintHex ?? v.signerFingerprint);
    const primaryHex = fingerprintHex(v.primaryFingerprintHex ?? v.primaryFingerprint) ?? primary(signing) ?? signing;
    const note = v.userId ? ` signer: ${v.userId}` : '';
    return `${isoSeconds(createdMs(v.created))} ${signing} ${primaryHex} mode:${v.mode === 'text' ? 'text' : 'binary'}${note}\n`;
  });
}
