// Types of Sealpost's JavaScript API (www/sealpost.js).
//
// Every function loads the WebAssembly module on first use. Failures are
// thrown as `SealpostError`: an `Error` with a stable `code`.

/** Text (encoded as UTF-8) or bytes. */
export type Data = string | Uint8Array | ArrayBuffer;
/** A point in time: a `Date` or milliseconds since 1970 (default: now). */
export type When = Date | number;

export interface SealpostError extends Error {
  /** Stable kebab-case code, e.g. `wrong-key`, `manipulated-message`, `unknown-time-zone`. */
  code: string;
}

export interface BuildInfo {
  sealpost: string;
  /** IANA time zone database release bundled in the module, e.g. `2026f`. */
  tzdb: string | null;
  /** Cargo features of the module that answered (`window`). */
  features: string[];
}

/** Loads a module early (every function loads what it needs by itself). */
export function load(part?: 'window' | 'pgp', source?: Uint8Array | ArrayBuffer | URL | string): Promise<object>;
export function buildInfo(): Promise<BuildInfo>;
export function errorCodes(): Promise<string[]>;

// --- OpenPGP -------------------------------------------------------------

export interface Verdict {
  ok: boolean;
  /** A full sentence: "Yes: …" or "No: …, because …". */
  reason: string;
}

export interface SubkeyInfo {
  keyId: string;
  fingerprint: string;
  algorithm: string;
  bits: number | null;
  created: string;
  expires: string | null;
  usage: string[];
  valid: boolean;
}

export interface KeyInfo {
  /** Hex, in groups of four, for reading aloud. */
  fingerprint: string;
  fingerprintHex: string;
  keyId: string;
  version: number;
  userIds: string[];
  primaryUserId: string | null;
  created: string;
  expires: string | null;
  expired: boolean;
  algorithm: string;
  bits: number | null;
  hasSecret: boolean;
  secretProtected: boolean;
  revoked: boolean;
  revocationReason: string | null;
  canEncrypt: Verdict;
  canSign: Verdict;
  supportsRfc9580: boolean;
  subkeys: SubkeyInfo[];
  /** The armored public certificate (never secret material). */
  cert: string;
}

/** A secret key, optionally with the passphrase that unlocks it. */
export type SecretKey = Data | { key: Data; passphrase?: string | null };

export type Profile = 'auto' | 'rfc4880' | 'rfc9580';

export interface Verification {
  status: 'good' | 'bad' | 'unknown-signer' | 'expired-key' | 'revoked-key' | 'unsupported';
  signerFingerprint: string | null;
  signerFingerprintHex: string | null;
  keyId: string | null;
  userId: string | null;
  created: string | null;
  mode: 'binary' | 'text';
  /** A sentence for people. */
  message: string;
}

export interface Decrypted {
  plaintext: Uint8Array;
  /** The plaintext as text, or null when it is not valid UTF-8. */
  text: string | null;
  filename: string | null;
  verifications: Verification[];
  seipd: number;
  symmetric: string;
}

export interface Verified {
  /** True when at least one signature is good. */
  good: boolean;
  verifications: Verification[];
  plaintext: Uint8Array | null;
  text: string | null;
}

export interface GeneratedKey {
  secretKey: string;
  publicKey: string;
  revocation: string;
  fingerprint: string;
  fingerprintHex: string;
  keyId: string;
}

export function inspectKeys(data: Data, options?: { now?: When }): Promise<KeyInfo[]>;

export function encrypt(options: {
  message: Data;
  recipients?: Data | Data[];
  passwords?: string | string[];
  signers?: SecretKey | SecretKey[];
  armor?: true;
  profile?: Profile;
  filename?: string | null;
  mode?: 'binary' | 'text';
  now?: When;
}): Promise<string>;
export function encrypt(options: {
  message: Data;
  recipients?: Data | Data[];
  passwords?: string | string[];
  signers?: SecretKey | SecretKey[];
  armor: false;
  profile?: Profile;
  filename?: string | null;
  mode?: 'binary' | 'text';
  now?: When;
}): Promise<Uint8Array>;

export function decrypt(options: {
  message: Data;
  keys?: SecretKey | SecretKey[];
  passwords?: string | string[];
  verifyWith?: Data | Data[];
  now?: When;
}): Promise<Decrypted>;

export function sign(options: {
  message: Data;
  signers: SecretKey | SecretKey[];
  mode?: 'cleartext' | 'detached' | 'inline';
  armor?: boolean;
  text?: boolean;
  now?: When;
}): Promise<string | Uint8Array>;

export function verify(options: {
  message: Data;
  signature?: Data | null;
  certs: Data | Data[];
  notBefore?: When | null;
  notAfter?: When | null;
  now?: When;
}): Promise<Verified>;

export function generateKey(options?: {
  userIds?: string[];
  userId?: string;
  profile?: 'cv25519' | 'rsa3072' | 'rsa4096' | 'rfc9580';
  passphrase?: string | null;
  /** Default three years; 0 for a key that never expires. */
  validitySeconds?: number | null;
  signingOnly?: boolean;
  now?: When;
}): Promise<GeneratedKey>;

export function changeKeyPassword(options: {
  key: Data;
  oldPassphrases?: string | string[];
  newPassphrase?: string | null;
  armor?: boolean;
  now?: When;
}): Promise<string | Uint8Array>;

export function revokeKey(options: {
  key: Data;
  passphrases?: string | string[];
  reason?: string | null;
  armor?: boolean;
  now?: When;
}): Promise<string | Uint8Array>;

export function extractCert(options: { key: Data; armor?: boolean }): Promise<string | Uint8Array>;

export function inlineDetach(options: {
  message: Data;
  armor?: boolean;
}): Promise<{ plaintext: Uint8Array; text: string | null; signatures: Uint8Array }>;

export function armor(data: Data, label?: string | null): Promise<string>;
export function dearmor(data: Data): Promise<Uint8Array>;

// --- Maintenance windows -------------------------------------------------

export type WindowWarningCode =
  | 'nonexistent-local-time'
  | 'ambiguous-local-time'
  | 'approximate-end'
  | 'year-from-weekday'
  | 'weekday-mismatch'
  | 'several-zones'
  | 'abbreviation-not-in-effect'
  | 'ambiguous-abbreviation'
  | 'zone-renamed'
  | 'regional-time-differs'
  | 'year-assumed'
  | 'numeric-date-order'
  | 'relative-date'
  | 'several-windows';

export interface WindowWarning {
  code: WindowWarningCode;
  message: string;
  /** The field the warning concerns; null for the whole announcement (`several-windows`). */
  field: 'date' | 'start' | 'end' | 'zone' | null;
}

export interface WindowView {
  zone: string;
  /** At the start; `endAbbreviation` at the end (they differ across a DST change). */
  abbreviation: string;
  endAbbreviation: string;
  /** RFC 3339 with offset. */
  start: string;
  end: string;
  startOffset: string;
  endOffset: string;
  /** In the provider's style: "23-24 July, 18:00-06:00". */
  label: string;
  dateLabel: string;
  timeLabel: string;
  abbreviationChanges: boolean;
  durationMinutes: number;
  durationText: string;
}

export interface WindowFields {
  date: string;
  start: string;
  end: string;
  /** The date of the end, in the source zone. */
  endDate: string;
  durationMinutes: number;
  zone: string;
}

/** One window of an announcement: `Window` has these of its first, and lists all in `windows`. */
export interface WindowSpan {
  /** UTC, ending in `Z`. */
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  durationMinutes: number;
  durationText: string;
  sourceZone: string;
  sourceAbbreviation: string;
  fields: WindowFields;
  warnings: WindowWarning[];
  views: WindowView[];
  reader: WindowView | null;
}

/**
 * What an announcement says. The fields are those of its first window;
 * `windows` lists every window (one for most announcements), in time
 * order, and `warnings` holds the warnings of all of them.
 */
export interface Window {
  /** UTC, ending in `Z`. */
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  durationMinutes: number;
  durationText: string;
  sourceZone: string;
  sourceAbbreviation: string;
  text: string;
  fields: WindowFields;
  warnings: WindowWarning[];
  views: WindowView[];
  reader: WindowView | null;
  tzdb: string;
  /** Every window of the announcement, the first being the one above. */
  windows: WindowSpan[];
}

export interface WindowStatus {
  state: 'upcoming' | 'in-progress' | 'ended';
  text: string;
  seconds: number;
}

export interface WindowLink {
  /** The first window (of `windows`). */
  startMs: number;
  endMs: number;
  /** Every window of the link, at least one. */
  windows: { startMs: number; endMs: number }[];
  zone: string;
  text: string;
  zones: string[];
}

/** A window given by its two instants, or a `WindowSpan` of `parseWindow`. */
export type WindowBounds = { start: When; end: When } | { startMs: number; endMs: number };

export function parseWindow(options: {
  text: string;
  reference?: When;
  zones?: string[];
  readerZone?: string | null;
  defaultZone?: string | null;
}): Promise<Window>;

export function windowFromFields(options: {
  date: string;
  start: string;
  end?: string | null;
  durationMinutes?: number | null;
  zone: string;
  zones?: string[];
  readerZone?: string | null;
  text?: string | null;
}): Promise<Window>;

export function convertWindow(start: When, end: When, zones: string[]): Promise<WindowView[]>;
export function windowStatus(start: When, end: When, now?: When): Promise<WindowStatus>;

export interface CalendarOptions {
  /** One window: `start` and `end`; for a calendar file, `windows` instead (one event each). */
  start?: When;
  end?: When;
  windows?: WindowBounds[];
  /** The event title; `Maintenance window` when left out or empty. */
  summary?: string;
  description?: string;
  now?: When;
}
export function windowIcs(options: CalendarOptions): Promise<string>;
export function googleCalendarUrl(options: CalendarOptions): Promise<string>;
export function shareFragment(options: {
  /** One window: `start` and `end`; several: `windows` instead. */
  start?: When;
  end?: When;
  windows?: WindowBounds[];
  zone: string;
  text?: string;
  zones?: string[];
}): Promise<string>;
export function readFragment(fragment: string): Promise<WindowLink>;
export function windowTable(options: {
  start: When;
  end: When;
  zones: string[];
  format?: 'text' | 'markdown';
  rowNames?: 'abbreviation' | 'zone';
}): Promise<string>;
export function zoneNames(): Promise<string[]>;
