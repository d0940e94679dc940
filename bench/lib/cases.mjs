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

export function sizeLabel(bytes) {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}

/** `n` random bytes (random, so that no compression can help either side). */
export function randomBytes(n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

export function sameBytes(a, b) {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What the bench options become: sizes and run counts.
 * @param {{ quick?: boolean, runs?: number, rsaRuns?: number }} [options]
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

/** Keys and plaintexts made once per environment and shared by the cases. */
export function fixtures({ sp, openpgp }) {
  const cache = new Map();
  const once = (key, make) => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key);
  };
  return {
    keys: (version) => once(`keys-${version}`, () => generateKeys(version, { sp, openpgp })),
    plaintext: (size) => once(`plaintext-${size}`, async () => randomBytes(size)),
  };
}

// --- Formats, read with OpenPGP.js's parser --------------------------------

function names(openpgp) {
  const { enums } = openpgp;
  const read = (type, v) => {
    try {
      return enums.read(type, v);
    } catch {
      return String(v);
    }
  };
  return {
    sym: (v) => read(enums.symmetric, v),
    aead: (v) => read(enums.aead, v),
    hash: (v) => read(enums.hash, v),
    pk: (v) => read(enums.publicKey, v),
  };
}

async function readMessage(openpgp, data) {
  return typeof data === 'string' ? openpgp.readMessage({ armoredMessage: data }) : openpgp.readMessage({ binaryMessage: data });
}

/**
 * `{ seipd, cipher, aead, chunk, text }` of an encrypted message. For
 * SEIPDv1 the cipher is inside the encrypted session key, so `secretKey`
 * (armored) is used to decrypt the session key.
 */
export async function describeMessage(openpgp, data, secretKey) {
  const n = names(openpgp);
  const message = await readMessage(openpgp, data);
  const seipds = message.packets.filterByTag(openpgp.enums.packet.symEncryptedIntegrityProtectedData);
  const aeads = message.packets.filterByTag(openpgp.enums.packet.aeadEncryptedData);
  const pkesks = message.packets.filterByTag(openpgp.enums.packet.publicKeyEncryptedSessionKey);
  if (aeads.length) return { seipd: 'AEDP', text: 'AEAD Encrypted Data (v5)' };
  if (seipds.length !== 1) throw new Error(`expected one SEIPD packet, found ${seipds.length}`);
  const p = seipds[0];
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
  return out;
}

export async function describeKey(openpgp, armoredKey) {
  const key = await openpgp.readPrivateKey({ armoredKey });
  const one = (k) => {
    const info = k.getAlgorithmInfo();
    return info.bits ? `${info.algorithm.replace(/EncryptSign$/, '')}${info.bits}` : info.curve ?? info.algorithm;
  };
  await key.getEncryptionKey(); // throws when the key cannot encrypt
  await key.getSigningKey();
  return `v${key.keyPacket.version} ${[one(key), ...key.subkeys.map(one)].join('+')}`;
}

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
 * The list of cases: `{ id, label, runs, setup(), sealpost(ctx), openpgp(ctx),
 * check(ctx, sealpostOutput, openpgpOutput) → { sealpost, openpgp } }`
 * (`check` returns the format of each side and throws when the outputs are
 * wrong or not of the same format).
 */
export function makeCases({ sp, openpgp, options = {}, shared }) {
  const p = plan(options);
  const fx = shared ?? fixtures({ sp, openpgp });
  const cases = [];
  const aead = { aeadProtect: true, preferredAEADAlgorithm: openpgp.enums.aead.ocb };

  // Key generation.
  for (const [id, profile, peer, runs] of /** @type {[string, 'cv25519' | 'rsa3072', object, number][]} */ ([
    ['keygen-cv25519', 'cv25519', { type: 'ecc', curve: 'curve25519Legacy' }, p.runs],
    ['keygen-rsa3072', 'rsa3072', { type: 'rsa', rsaBits: 3072 }, p.rsaRuns],
  ])) {
    cases.push({
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
    });
  }

  // Encryption and decryption.
  const encryptions = [];
  for (const seipd of [1, 2]) for (const size of p.sizes) for (const armor of [false, true]) encryptions.push({ seipd, size, armor });
  const name = ({ seipd, size, armor }) => `${sizeLabel(size)} ${armor ? 'armored' : 'binary'} SEIPDv${seipd}`;
  const slug = ({ seipd, size, armor }) => `${size / KiB}k-${armor ? 'armor' : 'bin'}-v${seipd}`;

  const spEncrypt = (k, pt, { seipd, armor }) =>
    sp.encrypt({ plaintext: pt, recipients: [k.publicKey], armor, profile: seipd === 2 ? 'rfc9580' : 'rfc4880' });
  const pgEncrypt = async (k, pt, { seipd, armor }) =>
    openpgp.encrypt({
      message: await openpgp.createMessage({ binary: pt }),
      encryptionKeys: await openpgp.readKey({ armoredKey: k.publicKey }),
      format: armor ? 'armored' : 'binary',
      config: seipd === 2 ? aead : { aeadProtect: false },
    });
  const spDecrypt = async (k, message) => (await sp.decrypt({ message, keys: [{ key: k.secretKey, passphrase: null }] })).plaintext;
  const pgDecrypt = async (k, data) => {
    const { data: plaintext } = await openpgp.decrypt({
      message: await readMessage(openpgp, data),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: k.secretKey }),
      format: 'binary',
    });
    return plaintext;
  };
  /** Same SEIPD version, cipher and AEAD mode on both sides, the one asked for. */
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
  const keysFor = (e) => fx.keys(e.seipd === 2 ? 'v6' : 'v4');

  for (const e of encryptions) {
    cases.push({
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
    });
  }
  for (const e of encryptions) {
    cases.push({
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
    });
  }

  // Detached signatures. OpenPGP.js is told to use the hash Sealpost uses.
  const spSign = (k, pt) => sp.sign({ plaintext: pt, signers: [{ key: k.secretKey }], mode: 'detached', armor: false });
  const pgSign = async (k, pt, hash) =>
    openpgp.sign({
      message: await openpgp.createMessage({ binary: pt }),
      signingKeys: await openpgp.readPrivateKey({ armoredKey: k.secretKey }),
      detached: true,
      format: 'binary',
      config: hash ? { preferredHashAlgorithm: openpgp.enums.hash[hash] } : {},
    });
  const spVerify = async (k, pt, signature) => {
    const r = await sp.verify({ plaintext: pt, signature, certs: [k.publicKey] });
    return r.good === true && r.verifications.every((v) => v.status === 'good');
  };
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
  const signFormats = async (a, b) => {
    const fa = await describeSignature(openpgp, a);
    const fb = await describeSignature(openpgp, b);
    if (fa.hash !== fb.hash) throw new Error(`hashes differ: Sealpost ${fa.text}, OpenPGP.js ${fb.text}`);
    return { sealpost: fa.text, openpgp: fb.text };
  };
  cases.push({
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
  });
  cases.push({
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
  });
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
 * The linear memory of Sealpost's pgp module. `www/sealpost.js` has no hook
 * for it, but the wasm-bindgen glue that `load('pgp')` returns hands back the
 * already-initialised exports (with `memory`) when `initSync` is called again.
 */
export async function sealpostWasmMemory(sp) {
  const glue = await sp.load('pgp');
  const exports = glue.__wasm ?? glue.memory ?? (typeof glue.initSync === 'function' ? glue.initSync() : null);
  const memory = exports instanceof WebAssembly.Memory ? exports : exports?.memory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}
