// Types of Sealpost's JavaScript API (www/sealpost.js).
//
// Every function loads the WebAssembly module on first use (or, in a browser
// without WebAssembly, its slower JavaScript build; see `engine()`).
// Failures are thrown as `SealpostError`: an `Error` with a stable `code`.

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

/** The exports of a module's JavaScript build, `pkg/<module>_bg.wasm.js`. */
export interface JavaScriptBuild {
  instantiate(imports: object): object;
}

/**
 * Loads a module early (every function loads what it needs by itself), from
 * the `.wasm` (bytes, compiled, or where to fetch it) or its JavaScript build.
 */
export function load(part?: 'window' | 'pgp' | 'mail', source?: Uint8Array | ArrayBuffer | WebAssembly.Module | URL | string | JavaScriptBuild): Promise<object>;

export interface Engine {
  /** `javascript`: the slower build, where operations that would take minutes fail with `too-slow-without-webassembly`. */
  kind: 'webassembly' | 'javascript';
  /** Why the JavaScript build runs: the browser has no WebAssembly, or refuses to compile it. */
  reason: null | 'webassembly-missing' | 'webassembly-refused';
}
/** Which build of the core runs in this browser, decided once. */
export function engine(): Engine;
/**
 * Supplies the bytes of a module file of `www/pkg/` (e.g. `sealpost_pgp_bg.wasm`)
 * in memory, to be used instead of fetching it. Call before the first use.
 */
export function supply(file: string, data: Uint8Array | ArrayBuffer): void;
/** Compiles a module (from supplied bytes, or fetched with its integrity) without instantiating it. */
export function compileModule(part: 'window' | 'pgp' | 'mail'): Promise<WebAssembly.Module>;
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
  /** 1: SEIPDv1 with MDC (RFC 4880); 2: SEIPDv2, authenticated encryption (RFC 9580). */
  seipd: 1 | 2;
  /** The cipher, e.g. `AES-256`. */
  symmetric: string;
  /** The AEAD mode of a SEIPDv2 message, e.g. `OCB`; null for SEIPDv1. */
  aead: string | null;
  /** Whether the message was compressed, inside the encryption or (rarely) around it. */
  compressed: boolean;
  /** With `revealSessionKey: true`: the session key that opened it, `ALGO:HEX` (e.g. `9:` and 64 hex digits). */
  sessionKey?: string | null;
}

/** What `encrypt({ details: true })` wrote. */
export interface Encrypted<M extends string | Uint8Array = string | Uint8Array> {
  /** The message: armored text, or bytes with `armor: false`. */
  message: M;
  /** 1: SEIPDv1 with MDC (RFC 4880), which every OpenPGP program reads; 2: SEIPDv2 (RFC 9580). */
  seipd: 1 | 2;
  /** The cipher: `AES-256`. */
  symmetric: string;
  /** `OCB` for SEIPDv2; null for SEIPDv1. */
  aead: string | null;
}

/** The hash of what `sign({ details: true })` wrote. */
export interface SignedFacts {
  /** The hash algorithm of every signature: `SHA512`. */
  hash: string;
  /** The `micalg` parameter of a PGP/MIME signed part (RFC 3156): `pgp-sha512`. */
  micalg: string;
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

/** What to encrypt or sign: `plaintext`, or its old name `message` (kept for one release). */
export type PlaintextInput =
  | { plaintext: Data; message?: never }
  | {
      /** @deprecated The old name of `plaintext`. */
      message: Data;
      plaintext?: never;
    };

export type EncryptOptions = EncryptSettings & PlaintextInput;

export interface EncryptSettings {
  recipients?: Data | Data[];
  passwords?: string | string[];
  signers?: SecretKey | SecretKey[];
  /** Default true. */
  armor?: boolean;
  /** Default `auto`. */
  profile?: Profile;
  filename?: string | null;
  /** Default `binary`. */
  mode?: 'binary' | 'text';
  /** Resolve to an `Encrypted` object (the message and its format) instead of the message alone. */
  details?: boolean;
  now?: When;
}

export function encrypt(options: EncryptOptions & { armor?: true; details?: false }): Promise<string>;
export function encrypt(options: EncryptOptions & { armor: false; details?: false }): Promise<Uint8Array>;
export function encrypt(options: EncryptOptions & { armor?: true; details: true }): Promise<Encrypted<string>>;
export function encrypt(options: EncryptOptions & { armor: false; details: true }): Promise<Encrypted<Uint8Array>>;
export function encrypt(options: EncryptOptions): Promise<string | Uint8Array | Encrypted>;

export function decrypt(options: {
  message: Data;
  keys?: SecretKey | SecretKey[];
  passwords?: string | string[];
  verifyWith?: Data | Data[];
  /** Session keys to try first, `ALGO:HEX` as SOP writes them; with one, no key or password is needed. Error: `wrong-session-key`. */
  sessionKeys?: string | string[];
  /** Put the session key that opened the message in the result (`sessionKey`). */
  revealSessionKey?: boolean;
  now?: When;
}): Promise<Decrypted>;

export type SignOptions = SignSettings & PlaintextInput;

export interface SignSettings {
  signers: SecretKey | SecretKey[];
  /** Default `detached`. */
  mode?: 'cleartext' | 'detached' | 'inline';
  /** Default true (cleartext is always text). */
  armor?: boolean;
  text?: boolean;
  /** Resolve to the output with the hash it uses instead of the output alone. */
  details?: boolean;
  now?: When;
}

export function sign(options: SignOptions & { details?: false }): Promise<string | Uint8Array>;
export function sign(options: SignOptions & { mode?: 'detached'; details: true }): Promise<SignedFacts & { signature: string | Uint8Array }>;
export function sign(options: SignOptions & { mode: 'inline' | 'cleartext'; details: true }): Promise<SignedFacts & { message: string | Uint8Array }>;

export interface VerifyWindow {
  certs: Data | Data[];
  notBefore?: When | null;
  notAfter?: When | null;
  now?: When;
}

/** A cleartext or inline-signed message. */
export function verify(options: VerifyWindow & { message: Data; signature?: null }): Promise<Verified>;
/** A plaintext and its detached signature (`message` is the old name of `plaintext` here). */
export function verify(
  options: VerifyWindow & ({ plaintext: Data; signature: Data } | { /** @deprecated */ message: Data; signature: Data }),
): Promise<Verified>;

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

export interface ChangeKeyPassphraseOptions {
  key: Data;
  oldPassphrases?: string | string[];
  /** null (or left out) removes the protection. */
  newPassphrase?: string | null;
  armor?: boolean;
  now?: When;
}

export function changeKeyPassphrase(options: ChangeKeyPassphraseOptions): Promise<string | Uint8Array>;
/** @deprecated The old name of `changeKeyPassphrase` (a passphrase unlocks a key), kept for one release. */
export function changeKeyPassword(options: ChangeKeyPassphraseOptions): Promise<string | Uint8Array>;

export function revokeKey(options: {
  key: Data;
  passphrases?: string | string[];
  reason?: string | null;
  armor?: boolean;
  now?: When;
}): Promise<string | Uint8Array>;

/** Sets when a key and its subkeys expire (null: never); resolves to the secret key. */
export function setKeyExpiry(options: {
  key: Data;
  passphrases?: string | string[];
  expires?: When | null;
  armor?: boolean;
  now?: When;
}): Promise<string | Uint8Array>;

export function extractCert(options: { key: Data; armor?: boolean }): Promise<string | Uint8Array>;

export function inlineDetach(options: {
  message: Data;
  armor?: boolean;
}): Promise<{ plaintext: Uint8Array; text: string | null; signatures: Uint8Array }>;

export function armor(data: Data, label?: 'message' | 'signature' | 'key' | 'cert' | null): Promise<string>;
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

// --- Messages ---------------------------------------------------------------

/** The whole message (.eml, any line endings) or, for `readHeaders`, its header block. */
export interface MessageInput {
  message: Data;
}

/** Something that was cut, assumed or could not be read. */
export interface MailWarning {
  /** `input-cut`, `field-too-long`, `bad-encoding`, … */
  code: string;
  message: string;
}

/** The customer's question about a failed recipient: what kind of problem, whose move. */
export type BounceCategory = 'blocked' | 'no-such-address' | 'mailbox-full' | 'too-large' | 'delayed' | 'expired' | 'content' | 'other';

/** What kind of message `readBounce` was given. */
export type MessageKind = 'failure' | 'delay' | 'auto-reply' | 'feedback' | 'delivered' | 'message';

export interface FailedRecipient {
  /** Lower-case. */
  address: string;
  category: BounceCategory;
  /** The finer reason: `userunknown`, `blocked`, `mailboxfull`, … */
  reason: string;
  /** Enhanced status code, e.g. `5.7.1`. */
  status: string | null;
  /** SMTP reply code, e.g. `550`. */
  replyCode: number | null;
  remoteHost: string | null;
  /** The remote server's own words (at most 1000 characters). */
  diagnostic: string | null;
  /** One sentence of what to do. */
  action: string;
}

export interface Bounce {
  /** Whether the message reports a failed or delayed delivery. */
  bounce: boolean;
  kind: MessageKind;
  /** Empty when `bounce` is false. */
  recipients: FailedRecipient[];
  original: { subject: string | null; recipient: string | null; date: string | null } | null;
  reportingMta: string | null;
  warnings: MailWarning[];
}

/** How one hop was protected: `none` is sent in the clear between two hosts. */
export type HopEncryption = 'strong' | 'weak' | 'none' | 'local' | 'unknown';

export interface Hop {
  from: string | null;
  fromIp: string | null;
  by: string | null;
  /** `ESMTPS`, `LMTP`, `HTTP`, … */
  with: string | null;
  /** `TLSv1.3`, `TLSv1.2`, `TLSv1.0`, `SSLv3`, … */
  tls: string | null;
  cipher: string | null;
  /** RFC 3339, UTC. */
  at: string | null;
  /** Since the hop before; negative when a clock is behind. */
  delaySeconds: number | null;
  encryption: HopEncryption;
  note: string | null;
}

export interface AuthResult {
  /** `spf`, `dkim`, `dmarc`, `arc`, … */
  method: string;
  result: string;
  authservId: string | null;
  reason: string | null;
  properties: Record<string, string>;
  /** From `ARC-Authentication-Results`. */
  arc: boolean;
  arcInstance: number | null;
}

export interface Headers {
  /** Oldest first. */
  hops: Hop[];
  authentication: AuthResult[];
  summary: {
    encryption: string;
    totalDelaySeconds: number | null;
    slowestHop: number | null;
    delay: string;
    /** SPF, DKIM and DMARC, in that order. */
    checks: { method: string; result: string | null; sentence: string }[];
    /** Why the lower Received lines are not proof. */
    forgeryNote: string;
    /** Every sentence, in reading order. */
    sentences: string[];
  };
  subject: string | null;
  warnings: MailWarning[];
}

export interface Attachment {
  name: string | null;
  contentType: string;
  size: number;
  bytes: Uint8Array;
}

export interface MimeContent {
  /** False when the input is not MIME: `text` is then the input. */
  mime: boolean;
  subject: string | null;
  from: string | null;
  date: string | null;
  text: string;
  html: string | null;
  attachments: Attachment[];
  /** The content is itself `multipart/signed` (signed, then encrypted). */
  signed: boolean;
  warnings: MailWarning[];
}

/** Reads a bounce. Errors: `not-a-message`, `input-too-large`, `invalid-argument`. */
export function readBounce(options: MessageInput): Promise<Bounce>;
/** Reads a header block or a whole message. Errors: `not-a-message`, `input-too-large`, `invalid-argument`. */
export function readHeaders(options: MessageInput): Promise<Headers>;
/** What a (decrypted) message holds. Errors: `malformed-mime`, `input-too-large`. */
export function openMime(options: MessageInput): Promise<MimeContent>;
/** The OpenPGP message of a `multipart/encrypted` email. Errors: `not-pgp-mime`, `malformed-mime`. */
export function encryptedPart(options: MessageInput): Promise<{ encrypted: Uint8Array; subject: string | null; from: string | null }>;
/** The signed part (CRLF, as signed) and detached signature of `multipart/signed`. Errors: `not-pgp-mime`, `malformed-mime`. */
export function signedParts(options: MessageInput): Promise<{ signed: Uint8Array; signature: Uint8Array; micalg: string | null }>;
/** Checks `multipart/signed` against `certs` and opens what was signed; `good` only with a valid signature by one of them. */
export function verifySigned(options: MessageInput & { certs: Data | Data[]; now?: When }): Promise<{
  good: boolean;
  verifications: Verification[];
  micalg: string | null;
  content: MimeContent;
}>;
