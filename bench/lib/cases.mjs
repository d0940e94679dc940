// The benchmark cases, shared by the browser page (bench/page/bench.js) and
// Node (bench/node.mjs): the same code drives Sealpost (www/sealpost.js) and
// OpenPGP.js in both environments. The libraries are passed in, so this file
// imports nothing.
//
// Every case has two timed functions that take the same inputs (armored keys,
// message bytes or text) to the same kind of output, and a `check` run on the
// warm-up outputs: each side must decrypt / verify its own output back to the
// input, and both outputs must have the same format (read with OpenPGP.js's
// packet parser), or the case fails and reports no time.
//
// Both sides parse the armored key inside the timed function: Sealpost's API
// takes armored keys on every call, so OpenPGP.js pays `readKey` too.

export const KiB = 1024;
export const MiB = 1024 * 1024;

const UID = { name: 'Bench', email: 'bench@example.org' };
const UID_STRING = 'Bench <bench@example.org>';

/** @param {number} bytes */
export function sizeLabel(bytes) {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}

/**
 * `n` random bytes (random, so that no compression can help either side).
 * @param {number} n
 */
export function randomBytes(n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

/**
 * Whether `a` and `b` are both Uint8Arrays, with the same bytes.
 * @param {unknown} a
 * @param {unknown} b
 */
export function sameBytes(a, b) {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The bench options that the case list depends on.
 * @typedef {{ quick?: boolean, runs?: number, rsaRuns?: number }} PlanOptions
 */

/**
 * What the bench options become: sizes and run counts.
 * @param {PlanOptions} [options]
 */
export function plan({ quick = false, runs, rsaRuns } = {}) {
  const counted = runs ?? (quick ? 2 : 7);
  return {
    quick,
    runs: counted,
    // RSA key generation takes seconds per key and varies a lot: fewer runs.
    rsaRuns: rsaRuns ?? (quick ? 1 : Math.min(counted, 5)),
    sizes: quick ? [64 * KiB, 1 * MiB] : [1 * MiB, 16 * MiB],
    signSize: quick ? 64 * KiB : 1 * MiB,
    memorySize: quick ? 1 * MiB : 16 * MiB,
  };
}

/**
 * The libraries a case runs with; either may be left out.
 * @typedef {{ sp?: typeof import('../../www/sealpost.js'), openpgp?: typeof import('openpgp') }} Libraries
 */
/**
 * An armored key pair.
 * @typedef {{ secretKey: string, publicKey: string }} KeyPair
 */
/**
 * The key pair of each library.
 * @typedef {{ sealpost?: KeyPair, openpgp?: KeyPair }} Keys
 */
/** @typedef {NonNullable<Libraries['sp']>} Sealpost */
/** @typedef {NonNullable<Libraries['openpgp']>} OpenPGP */
/** @typedef {import('../../www/sealpost.js').GeneratedKey} GeneratedKey */
/**
 * What a library wrote: armored text, or binary bytes.
 * @typedef {string | Uint8Array} Output
 */

/**
 * Keys of each library given (`sp`, `openpgp`; either may be left out).
 * `v4`: Cv25519 keys, for SEIPDv1 (Sealpost is asked for `profile:
 * 'rfc4880'`; OpenPGP.js's v4 key does not advertise SEIPDv2);
 * `v6`: RFC 9580 keys (Ed25519/X25519), for SEIPDv2 with OCB.
 * @param {'v4' | 'v6'} version
 * @param {Libraries} libs
 * @returns {Promise<Keys>}
 */
export async function generateKeys(version, { sp, openpgp }) {
  /** @type {Keys} */
  const out = {};
  if (sp) {
    const k = await sp.generateKey({ userIds: [UID_STRING], profile: version === 'v6' ? 'rfc9580' : 'cv25519' });
    out.sealpost = { secretKey: k.secretKey, publicKey: k.publicKey };
  }
  if (openpgp) {
    const k = await openpgp.generateKey({
      userIDs: [UID],
      format: 'armored',
      ...(version === 'v6'
        ? { type: 'curve25519', config: { v6Keys: true, aeadProtect: true, preferredAEADAlgorithm: openpgp.enums.aead.ocb } }
        : { type: 'ecc', curve: 'curve25519Legacy' }),
    });
    out.openpgp = { secretKey: k.privateKey, publicKey: k.publicKey };
  }
  return out;
}

/**
 * Keys and plaintexts made once per environment and shared by the cases.
 * @param {Required<Libraries>} libs
 */
export function fixtures({ sp, openpgp }) {
  /** @type {Map<string, unknown>} */
  const cache = new Map();
  /**
   * @template T
   * @param {string} key
   * @param {() => T} make
   * @returns {T}
   */
  const once = (key, make) => {
    if (!cache.has(key)) cache.set(key, make());
    // The cast: each key is made by one `make` (keys-…, plaintext-…), so it holds a T.
    return /** @type {T} */ (cache.get(key));
  };
  return {
    /** @param {'v4' | 'v6'} version */
    keys: (version) =>
      // The cast: both libraries are given, so generateKeys makes both key pairs.
      /** @type {Promise<Required<Keys>>} */ (
        once(`keys-${version}`, () => generateKeys(version, { sp, openpgp }))
      ),
    /** @param {number} size */
    plaintext: (size) => once(`plaintext-${size}`, async () => randomBytes(size)),
  };
}
/** @typedef {ReturnType<typeof fixtures>} Fixtures */

// --- Formats, read with OpenPGP.js's parser --------------------------------

/**
 * The names of OpenPGP.js's enum values (`String(v)` for one it does not know).
 * @param {OpenPGP} openpgp
 */
function names(openpgp) {
  const { enums } = openpgp;
  /**
   * @param {object} type
   * @param {number | null} v
   * @returns {string}
   */
  const read = (type, v) => {
    try {
      // The cast: read() takes any of the enums, but its types list only some (not aead).
      return /** @type {(type: object, v: number | null) => string} */ (enums.read)(type, v);
    } catch {
      return String(v);
    }
  };
  return {
    /** @param {number | null} v */
    sym: (v) => read(enums.symmetric, v),
    /** @param {number | null} v */
    aead: (v) => read(enums.aead, v),
    /** @param {number | null} v */
    hash: (v) => read(enums.hash, v),
    /** @param {number | null} v */
    pk: (v) => read(enums.publicKey, v),
  };
}

/**
 * @param {OpenPGP} openpgp
 * @param {Output} data
 */
async function readMessage(openpgp, data) {
  return typeof data === 'string' ? openpgp.readMessage({ armoredMessage: data }) : openpgp.readMessage({ binaryMessage: data });
}

/**
 * The fields of OpenPGP.js's SEIPD and PKESK packets read here, which its types leave out.
 * @typedef {import('openpgp').SymEncryptedIntegrityProtectedDataPacket
 *   & { version: number, cipherAlgorithm: number, aeadAlgorithm: number, chunkSizeByte: number }} Seipd
 * @typedef {import('openpgp').PublicKeyEncryptedSessionKeyPacket & { version: number }} Pkesk
 */
/**
 * The format of an encrypted message, as `describeMessage` reads it.
 * @typedef {{ seipd: number | 'AEDP', text: string, pkesk?: string, cipher?: string | null, aead?: string,
 *   chunk?: number }} MessageFormat
 */

/**
 * `{ seipd, cipher, aead, chunk, text }` of an encrypted message. For
 * SEIPDv1 the cipher is inside the encrypted session key, so `secretKey`
 * (armored) is used to decrypt the session key.
 * @param {OpenPGP} openpgp
 * @param {Output} data
 * @param {string} secretKey
 * @returns {Promise<MessageFormat>}
 */
export async function describeMessage(openpgp, data, secretKey) {
  const n = names(openpgp);
  const message = await readMessage(openpgp, data);
  const seipds = message.packets.filterByTag(openpgp.enums.packet.symEncryptedIntegrityProtectedData);
  const aeads = message.packets.filterByTag(openpgp.enums.packet.aeadEncryptedData);
  // The cast: filterByTag() keeps the PKESKs only (see Pkesk).
  const pkesks = /** @type {import('openpgp').PacketList<Pkesk>} */ (
    message.packets.filterByTag(openpgp.enums.packet.publicKeyEncryptedSessionKey)
  );
  if (aeads.length) return { seipd: 'AEDP', text: 'AEAD Encrypted Data (v5)' };
  if (seipds.length !== 1) throw new Error(`expected one SEIPD packet, found ${seipds.length}`);
  // The cast: the SEIPD, by its tag (see Seipd).
  const p = /** @type {Seipd} */ (seipds[0]);
  /** @type {Omit<MessageFormat, 'text'> & { seipd: number, pkesk: string, text?: string }} */
  const out = { seipd: p.version, pkesk: pkesks.map((k) => k.version).join(',') };
  if (p.version === 2) {
    out.cipher = n.sym(p.cipherAlgorithm);
    out.aead = n.aead(p.aeadAlgorithm);
    out.chunk = 2 ** (p.chunkSizeByte + 6);
  } else {
    try {
      const key = await openpgp.readPrivateKey({ armoredKey: secretKey });
      const [sk] = await openpgp.decryptSessionKeys({ message, decryptionKeys: key });
      out.cipher = sk.algorithm;
    } catch {
      out.cipher = '?';
    }
  }
  const chunk = out.chunk ? ` ${out.chunk >= KiB ? `${out.chunk / KiB}KiB` : `${out.chunk}B`} chunks` : '';
  out.text = `PKESKv${out.pkesk} SEIPDv${out.seipd} ${out.cipher}${out.aead ? `-${out.aead}` : ''}${chunk}`;
  // The cast: `text` is set just above.
  return /** @type {MessageFormat} */ (out);
}

/**
 * `v<version> <algorithm of each key>` of an armored secret key.
 * @param {OpenPGP} openpgp
 * @param {string} armoredKey
 */
export async function describeKey(openpgp, armoredKey) {
  const key = await openpgp.readPrivateKey({ armoredKey });
  /** @param {import('openpgp').PrivateKey | import('openpgp').Subkey} k */
  const one = (k) => {
    const info = k.getAlgorithmInfo();
    return info.bits ? `${info.algorithm.replace(/EncryptSign$/, '')}${info.bits}` : info.curve ?? info.algorithm;
  };
  await key.getEncryptionKey(); // throws when the key cannot encrypt
  await key.getSigningKey();
  return `v${key.keyPacket.version} ${[one(key), ...key.subkeys.map(one)].join('+')}`;
}

/**
 * The hash, and `v<version> <algorithm> <hash>`, of a signature.
 * @param {OpenPGP} openpgp
 * @param {Output} signature
 */
export async function describeSignature(openpgp, signature) {
  const n = names(openpgp);
  const sig =
    typeof signature === 'string'
      ? await openpgp.readSignature({ armoredSignature: signature })
      : await openpgp.readSignature({ binarySignature: signature });
  const p = sig.packets[0];
  return { hash: n.hash(p.hashAlgorithm), text: `v${p.version} ${n.pk(p.publicKeyAlgorithm)} ${n.hash(p.hashAlgorithm)}` };
}

// --- The cases -----------------------------------------------------------

/**
 * The format each side wrote, as `check` returns it.
 * @typedef {{ sealpost: string, openpgp: string }} Formats
 */
/**
 * One case: `setup()` makes the context `C` that both timed functions and
 * `check` are given; `check` gets the warm-up outputs, `A` of Sealpost and
 * `B` of OpenPGP.js. Written as methods, so that a `Case[]` holds any kind.
 * @template [C=unknown]
 * @template [A=unknown]
 * @template [B=unknown]
 * @typedef {{ id: string, label: string, runs: number, setup(): Promise<C>, sealpost(ctx: C): Promise<A>,
 *   openpgp(ctx: C): Promise<B>, check(ctx: C, a: A, b: B): Promise<Formats> }} Case
 */
/**
 * An encryption timed: the SEIPD version, the plaintext size, armored or binary.
 * @typedef {{ seipd: number, size: number, armor: boolean }} Encryption
 */
/**
 * The keys and the plaintext of a case.
 * @typedef {{ keys: Required<Keys>, pt: Uint8Array }} Inputs
 */
/**
 * OpenPGP.js's encrypt() with either format (its types take one at a time).
 * @typedef {(options: import('openpgp').EncryptOptions & { format: 'armored' | 'binary' })
 *   => Promise<Output>} EncryptEither
 */
/**
 * The name of a hash algorithm in OpenPGP.js, such as sha512.
 * @typedef {import('openpgp').enums.hashNames} HashName
 */
/**
 * What the sign and verify cases start from: the hash Sealpost signs with,
 * and each side's signature.
 * @typedef {Inputs & { hash: string, a: Output, b: Uint8Array }} Signed
 */

/**
 * The list of cases: `{ id, label, runs, setup(), sealpost(ctx), openpgp(ctx),
 * check(ctx, sealpostOutput, openpgpOutput) → { sealpost, openpgp } }`
 * (`check` returns the format of each side and throws when the outputs are
 * wrong or not of the same format).
 * @param {Required<Libraries> & { options?: PlanOptions, shared?: Fixtures }} libs
 * @returns {Case[]}
 */
export function makeCases({ sp, openpgp, options = {}, shared }) {
  const p = plan(options);
  const fx = shared ?? fixtures({ sp, openpgp });
  /** @type {Case[]} */
  const cases = [];
  const aead = { aeadProtect: true, preferredAEADAlgorithm: openpgp.enums.aead.ocb };

  // Key generation.
  for (const [id, profile, peer, runs] of /** @type {[string, 'cv25519' | 'rsa3072', object, number][]} */ ([
    ['keygen-cv25519', 'cv25519', { type: 'ecc', curve: 'curve25519Legacy' }, p.runs],
    ['keygen-rsa3072', 'rsa3072', { type: 'rsa', rsaBits: 3072 }, p.rsaRuns],
  ])) {
    cases.push(/** @satisfies {Case<object, GeneratedKey, { privateKey: string }>} */ ({
      id,
      label: `generate key ${profile === 'cv25519' ? 'Cv25519' : 'RSA-3072'}`,
      runs,
      setup: async () => ({}),
      sealpost: () => sp.generateKey({ userIds: [UID_STRING], profile }),
      openpgp: () => openpgp.generateKey({ userIDs: [UID], format: 'armored', ...peer }),
      check: async (_, a, b) => ({
        sealpost: await describeKey(openpgp, a.secretKey),
        openpgp: await describeKey(openpgp, b.privateKey),
      }),
    }));
  }

  // Encryption and decryption.
  /** @type {Encryption[]} */
  const encryptions = [];
  for (const seipd of [1, 2]) for (const size of p.sizes) for (const armor of [false, true]) encryptions.push({ seipd, size, armor });
  /** @param {Encryption} e */
  const name = ({ seipd, size, armor }) => `${sizeLabel(size)} ${armor ? 'armored' : 'binary'} SEIPDv${seipd}`;
  /** @param {Encryption} e */
  const slug = ({ seipd, size, armor }) => `${size / KiB}k-${armor ? 'armor' : 'bin'}-v${seipd}`;

  /**
   * @param {KeyPair} k
   * @param {Uint8Array} pt
   * @param {Encryption} e
   */
  const spEncrypt = (k, pt, { seipd, armor }) =>
    // The cast: without `details`, encrypt() resolves to the message alone.
    /** @type {Promise<Output>} */ (sp.encrypt({
      plaintext: pt,
      recipients: [k.publicKey],
      armor,
      profile: seipd === 2 ? 'rfc9580' : 'rfc4880',
    }));
  /**
   * @param {KeyPair} k
   * @param {Uint8Array} pt
   * @param {Encryption} e
   */
  const pgEncrypt = async (k, pt, { seipd, armor }) =>
    // The cast: see EncryptEither.
    /** @type {EncryptEither} */ (openpgp.encrypt)({
      message: await openpgp.createMessage({ binary: pt }),
      encryptionKeys: await openpgp.readKey({ armoredKey: k.publicKey }),
      format: armor ? 'armored' : 'binary',
      config: seipd === 2 ? aead : { aeadProtect: false },
    });
  /**
   * @param {KeyPair} k
   * @param {Output} message
   */
  const spDecrypt = async (k, message) => (await sp.decrypt({ message, keys: [{ key: k.secretKey, passphrase: null }] })).plaintext;
  /**
   * @param {KeyPair} k
   * @param {Output} data
   */
  const pgDecrypt = async (k, data) => {
    const { data: plaintext } = await openpgp.decrypt({
      message: await readMessage(openpgp, data),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: k.secretKey }),
      format: 'binary',
    });
    return plaintext;
  };
  /**
   * Same SEIPD version, cipher and AEAD mode on both sides, the one asked for.
   * @param {Required<Keys>} keys
   * @param {Encryption} e
   * @param {Output} a
   * @param {Output} b
   * @returns {Promise<Formats>}
   */
  const formats = async (keys, e, a, b) => {
    const fa = await describeMessage(openpgp, a, keys.sealpost.secretKey);
    const fb = await describeMessage(openpgp, b, keys.openpgp.secretKey);
    for (const f of [fa, fb]) {
      if (f.seipd !== e.seipd) throw new Error(`asked for SEIPDv${e.seipd}, got ${f.text} (Sealpost: ${fa.text}; OpenPGP.js: ${fb.text})`);
      if (e.seipd === 2 && f.aead !== 'ocb') throw new Error(`asked for OCB, got ${f.text}`);
    }
    if (fa.cipher !== fb.cipher || fa.aead !== fb.aead) throw new Error(`formats differ: Sealpost ${fa.text}, OpenPGP.js ${fb.text}`);
    if ((typeof a === 'string') !== e.armor || (typeof b === 'string') !== e.armor) throw new Error('armor/binary output mismatch');
    return { sealpost: fa.text, openpgp: fb.text };
  };
  /** @param {Encryption} e */
  const keysFor = (e) => fx.keys(e.seipd === 2 ? 'v6' : 'v4');

  for (const e of encryptions) {
    cases.push(/** @satisfies {Case<Inputs, Output, Output>} */ ({
      id: `encrypt-${slug(e)}`,
      label: `encrypt ${name(e)}`,
      runs: p.runs,
      setup: async () => ({ keys: await keysFor(e), pt: await fx.plaintext(e.size) }),
      sealpost: ({ keys, pt }) => spEncrypt(keys.sealpost, pt, e),
      openpgp: ({ keys, pt }) => pgEncrypt(keys.openpgp, pt, e),
      check: async ({ keys, pt }, a, b) => {
        if (!sameBytes(await spDecrypt(keys.sealpost, a), pt)) throw new Error('Sealpost does not decrypt its own output to the input');
        if (!sameBytes(await pgDecrypt(keys.openpgp, b), pt)) throw new Error('OpenPGP.js does not decrypt its own output to the input');
        return formats(keys, e, a, b);
      },
    }));
  }
  for (const e of encryptions) {
    cases.push(/** @satisfies {Case<Inputs & { a: Output, b: Output }, Uint8Array, Uint8Array>} */ ({
      id: `decrypt-${slug(e)}`,
      label: `decrypt ${name(e)}`,
      runs: p.runs,
      setup: async () => {
        const keys = await keysFor(e);
        const pt = await fx.plaintext(e.size);
        return { keys, pt, a: await spEncrypt(keys.sealpost, pt, e), b: await pgEncrypt(keys.openpgp, pt, e) };
      },
      sealpost: ({ keys, a }) => spDecrypt(keys.sealpost, a),
      openpgp: ({ keys, b }) => pgDecrypt(keys.openpgp, b),
      check: async (ctx, a, b) => {
        if (!sameBytes(a, ctx.pt)) throw new Error('Sealpost decrypted its own message to different bytes');
        if (!sameBytes(b, ctx.pt)) throw new Error('OpenPGP.js decrypted its own message to different bytes');
        return formats(ctx.keys, e, ctx.a, ctx.b);
      },
    }));
  }

  // Detached signatures. OpenPGP.js is told to use the hash Sealpost uses.
  /**
   * @param {KeyPair} k
   * @param {Uint8Array} pt
   */
  const spSign = (k, pt) => sp.sign({ plaintext: pt, signers: [{ key: k.secretKey }], mode: 'detached', armor: false });
  /**
   * @param {KeyPair} k
   * @param {Uint8Array} pt
   * @param {string} hash
   */
  const pgSign = async (k, pt, hash) =>
    openpgp.sign({
      message: await openpgp.createMessage({ binary: pt }),
      signingKeys: await openpgp.readPrivateKey({ armoredKey: k.secretKey }),
      detached: true,
      format: 'binary',
      // The cast: `hash` is the name describeSignature read from Sealpost's signature.
      config: hash ? { preferredHashAlgorithm: openpgp.enums.hash[/** @type {HashName} */ (hash)] } : {},
    });
  /**
   * @param {KeyPair} k
   * @param {Uint8Array} pt
   * @param {Output} signature
   */
  const spVerify = async (k, pt, signature) => {
    const r = await sp.verify({ plaintext: pt, signature, certs: [k.publicKey] });
    return r.good === true && r.verifications.every((v) => v.status === 'good');
  };
  /**
   * @param {KeyPair} k
   * @param {Uint8Array} pt
   * @param {Uint8Array} signature
   */
  const pgVerify = async (k, pt, signature) => {
    const r = await openpgp.verify({
      message: await openpgp.createMessage({ binary: pt }),
      signature: await openpgp.readSignature({ binarySignature: signature }),
      verificationKeys: await openpgp.readKey({ armoredKey: k.publicKey }),
    });
    const verdicts = await Promise.all(r.signatures.map((s) => s.verified.then(() => true, () => false)));
    return verdicts.length > 0 && verdicts.every(Boolean);
  };
  const signSetup = async () => {
    const keys = await fx.keys('v4');
    const pt = await fx.plaintext(p.signSize);
    const a = await spSign(keys.sealpost, pt);
    const { hash } = await describeSignature(openpgp, a);
    return { keys, pt, hash, a, b: await pgSign(keys.openpgp, pt, hash) };
  };
  /**
   * @param {Output} a
   * @param {Output} b
   * @returns {Promise<Formats>}
   */
  const signFormats = async (a, b) => {
    const fa = await describeSignature(openpgp, a);
    const fb = await describeSignature(openpgp, b);
    if (fa.hash !== fb.hash) throw new Error(`hashes differ: Sealpost ${fa.text}, OpenPGP.js ${fb.text}`);
    return { sealpost: fa.text, openpgp: fb.text };
  };
  cases.push(/** @satisfies {Case<Signed, Output, Uint8Array>} */ ({
    id: 'sign',
    label: `sign ${sizeLabel(p.signSize)} detached`,
    runs: p.runs,
    setup: signSetup,
    sealpost: ({ keys, pt }) => spSign(keys.sealpost, pt),
    openpgp: ({ keys, pt, hash }) => pgSign(keys.openpgp, pt, hash),
    check: async ({ keys, pt }, a, b) => {
      if (!(await spVerify(keys.sealpost, pt, a))) throw new Error('Sealpost does not verify its own signature');
      if (!(await pgVerify(keys.openpgp, pt, b))) throw new Error('OpenPGP.js does not verify its own signature');
      return signFormats(a, b);
    },
  }));
  cases.push(/** @satisfies {Case<Signed, boolean, boolean>} */ ({
    id: 'verify',
    label: `verify ${sizeLabel(p.signSize)} detached`,
    runs: p.runs,
    setup: signSetup,
    sealpost: ({ keys, pt, a }) => spVerify(keys.sealpost, pt, a),
    openpgp: ({ keys, pt, b }) => pgVerify(keys.openpgp, pt, b),
    check: async (ctx, a, b) => {
      if (a !== true) throw new Error('Sealpost did not report its own signature as good');
      if (b !== true) throw new Error('OpenPGP.js did not report its own signature as good');
      return signFormats(ctx.a, ctx.b);
    },
  }));
  return cases;
}

// --- Memory: one 16 MiB encrypt + decrypt ----------------------------------

/**
 * Encrypts `pt` to the v4 key and decrypts it again with one library,
 * calling `sample(step)` between the steps. Throws unless the round trip
 * gives back `pt`.
 * @param {'sealpost' | 'openpgp'} lib
 * @param {Libraries & { keys: Keys, pt: Uint8Array, sample?: (step: string) => void }} options
 * @returns {Promise<number>} the bytes decrypted
 */
export async function roundTrip(lib, { sp, openpgp, keys, pt, sample = () => {} }) {
  sample('start');
  let out;
  if (lib === 'sealpost') {
    const k = keys.sealpost;
    if (!sp || !k) throw new Error('roundTrip: sealpost needs the Sealpost library and its key');
    const message = await sp.encrypt({ plaintext: pt, recipients: [k.publicKey], armor: false, profile: 'rfc4880' });
    sample('encrypted');
    out = (await sp.decrypt({ message, keys: [{ key: k.secretKey, passphrase: null }] })).plaintext;
  } else {
    const k = keys.openpgp;
    if (!openpgp || !k) throw new Error('roundTrip: openpgp needs OpenPGP.js and its key');
    const message = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: pt }),
      encryptionKeys: await openpgp.readKey({ armoredKey: k.publicKey }),
      format: 'binary',
      config: { aeadProtect: false },
    });
    sample('encrypted');
    const r = await openpgp.decrypt({
      message: await openpgp.readMessage({ binaryMessage: message }),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: k.secretKey }),
      format: 'binary',
    });
    out = r.data;
  }
  sample('decrypted');
  if (!sameBytes(out, pt)) throw new Error(`${lib} did not decrypt to the input`);
  return out.length;
}

/**
 * What `sealpostWasmMemory` looks for in the glue, which the glue's types do
 * not describe: its wasm exports (`__wasm`, or what `initSync()` returns once
 * the module is initialised) or the memory itself.
 * @typedef {{ __wasm?: { memory?: unknown }, memory?: WebAssembly.Memory,
 *   initSync?: () => { memory?: unknown } }} GlueInternals
 */
/**
 * The linear memory of Sealpost's pgp module. `www/sealpost.js` has no hook
 * for it, but the wasm-bindgen glue that `load('pgp')` returns hands back the
 * already-initialised exports (with `memory`) when `initSync` is called again.
 * @param {Sealpost} sp
 * @returns {Promise<WebAssembly.Memory | null>}
 */
export async function sealpostWasmMemory(sp) {
  // The cast: see GlueInternals.
  const glue = /** @type {GlueInternals} */ (await sp.load('pgp'));
  const exports = glue.__wasm ?? glue.memory ?? (typeof glue.initSync === 'function' ? glue.initSync() : null);
  const memory = exports instanceof WebAssembly.Memory ? exports : exports?.memory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}
