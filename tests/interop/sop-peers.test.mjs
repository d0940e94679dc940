// Interop with other SOP implementations (sqop: Sequoia; gosop: GopenPGP),
// both directions: the same subcommands on each side.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, PEER_TO_SEALPOST as IN, SEALPOST_TO_PEER as OUT } from './lib/matrix.mjs';
import {
  DATA, Workdir, allFingerprints, installed, ok, primaryFingerprint, run, sameBytes, sealpost, verificationLines,
} from './lib/tools.mjs';

const MESSAGE = Buffer.from('Maintenance on 24 July, 01:00–13:00 UTC.\nGrüße aus Lusaka ✓\n');
const RSA = {
  peerKey: join(DATA, 'rsa3072-peer.key.asc'),
  peerCert: join(DATA, 'rsa3072-peer.cert.asc'),
  sealpostKey: join(DATA, 'rsa3072-sealpost.key.asc'),
  sealpostCert: join(DATA, 'rsa3072-sealpost.cert.asc'),
};

// What each peer implements of the draft (both predate it).
// gosop encrypts password messages as a text-mode literal with CRLF line
// ends, which a decryptor gives back as they are (sqop does the same).
const PEERS = [
  { bin: 'sqop', inline: true, verificationsOut: '--verifications-out', passwordCrlf: false },
  { bin: 'gosop', inline: false, verificationsOut: '--verify-out', passwordCrlf: true },
];

const m = new Matrix('sop-peers');
const w = new Workdir('sp-interop-sop-');
/** Sealpost's key and certificate, and a password: files, made in before(). */
const sp = /** @type {{ key: string, cert: string, pw: string }} */ ({});

before(() => {
  sp.key = w.file('sealpost.key', ok(sealpost(['generate-key', 'Sealpost <sealpost@example.org>']), 'generate-key'));
  sp.cert = w.file('sealpost.cert', ok(sealpost(['extract-cert'], { input: readFileSync(sp.key) }), 'extract-cert'));
  sp.pw = w.file('password.txt', 'correct horse battery staple\n');
});

after(() => {
  w.remove();
  m.write();
});

/**
 * Asserts exactly one SOP verification line by the certificate in file `cert`.
 * @param {string | Buffer} text
 * @param {string} cert
 */
async function oneVerification(text, cert) {
  const lines = verificationLines(text.toString());
  assert.equal(lines.length, 1, `verifications: ${JSON.stringify(text.toString())}`);
  assert.equal(lines[0].primary, await primaryFingerprint(readFileSync(cert)));
  assert.ok((await allFingerprints(readFileSync(cert))).includes(lines[0].signing), `signing key ${lines[0].signing}`);
}

/** @typedef {(ct: string | Uint8Array, args: string[]) => void} Decrypts decrypts `ct` to MESSAGE exactly */

for (const { bin, inline, verificationsOut, passwordCrlf } of PEERS) {
  const skip = installed(bin) ? undefined : `skipped: ${bin} not installed`;
  const PEER = skip ? bin : run(bin, ['version']).text.trim();
  /** The peer's key and certificate: files, made in before() unless the peer is missing. */
  const peer = /** @type {{ key: string, cert: string }} */ ({});
  /** @type {(args: string[], options?: import('./lib/tools.mjs').RunOptions) => Buffer} */
  const peerSop = (args, options) => ok(run(bin, args, options), `${bin} ${args[0]}`);

  before(async () => {
    if (skip) return;
    peer.key = w.file(`${bin}.key`, peerSop(['generate-key', `${bin} Peer <${bin}@example.org>`]));
    peer.cert = w.file(`${bin}.cert`, peerSop(['extract-cert'], { input: readFileSync(peer.key) }));
  });

  /** @type {Decrypts} */
  const sealpostDecrypts = (ct, args) => sameBytes(ok(sealpost(['decrypt', ...args], { input: ct }), 'sealpost-sop decrypt'), MESSAGE, 'sealpost-sop output');
  /** @type {Decrypts} */
  const peerDecrypts = (ct, args) => sameBytes(peerSop(['decrypt', ...args], { input: ct }), MESSAGE, `${bin} output`);

  m.case(PEER, 'encrypt/decrypt, Sealpost Cv25519 key', IN, async () => {
    sealpostDecrypts(peerSop(['encrypt', sp.cert], { input: MESSAGE }), [sp.key]);
  }, { skip });

  m.case(PEER, `encrypt/decrypt, ${bin}-generated key`, OUT, async () => {
    peerDecrypts(ok(sealpost(['encrypt', peer.cert], { input: MESSAGE }), 'encrypt'), [peer.key]);
  }, { skip });

  m.case(PEER, 'encrypt/decrypt, RSA 3072 key', IN, async () => {
    const ct = peerSop(['encrypt', RSA.sealpostCert], { input: MESSAGE });
    sealpostDecrypts(ct, [RSA.sealpostKey]);
  }, { skip });

  m.case(PEER, 'encrypt/decrypt, RSA 3072 key', OUT, async () => {
    const ct = ok(sealpost(['encrypt', RSA.peerCert], { input: MESSAGE }), 'encrypt');
    peerDecrypts(ct, [RSA.peerKey]);
  }, { skip });

  m.case(PEER, 'password-encrypted message', IN, async () => {
    const ct = peerSop(['encrypt', `--with-password=${sp.pw}`], { input: MESSAGE });
    const expected = passwordCrlf ? Buffer.from(MESSAGE.toString().replaceAll('\n', '\r\n')) : MESSAGE;
    sameBytes(ok(sealpost(['decrypt', `--with-password=${sp.pw}`], { input: ct }), 'sealpost-sop decrypt'), expected, 'sealpost-sop output');
  }, { skip });

  m.case(PEER, 'password-encrypted message', OUT, async () => {
    peerDecrypts(ok(sealpost(['encrypt', `--with-password=${sp.pw}`], { input: MESSAGE }), 'encrypt'), [`--with-password=${sp.pw}`]);
  }, { skip });

  m.case(PEER, 'detached signature', IN, async () => {
    const sig = w.file(`${bin}.sig`, peerSop(['sign', peer.key], { input: MESSAGE }));
    await oneVerification(ok(sealpost(['verify', sig, peer.cert], { input: MESSAGE }), 'verify'), peer.cert);
  }, { skip });

  m.case(PEER, 'detached signature', OUT, async () => {
    const sig = w.file('sp.sig', ok(sealpost(['sign', sp.key], { input: MESSAGE }), 'sign'));
    await oneVerification(peerSop(['verify', sig, sp.cert], { input: MESSAGE }), sp.cert);
  }, { skip });

  m.case(PEER, 'detached signature, RSA 3072 key', IN, async () => {
    const sig = w.file(`${bin}-rsa.sig`, peerSop(['sign', RSA.peerKey], { input: MESSAGE }));
    await oneVerification(ok(sealpost(['verify', sig, RSA.peerCert], { input: MESSAGE }), 'verify'), RSA.peerCert);
  }, { skip });

  m.case(PEER, 'detached signature, RSA 3072 key', OUT, async () => {
    const sig = w.file('sp-rsa.sig', ok(sealpost(['sign', RSA.sealpostKey], { input: MESSAGE }), 'sign'));
    await oneVerification(peerSop(['verify', sig, RSA.sealpostCert], { input: MESSAGE }), RSA.sealpostCert);
  }, { skip });

  // gosop has no inline-sign/inline-verify: those cases do not apply to it.
  // Clear-signed text must come back exactly (see gnupg.test.mjs).
  for (const as of inline ? ['binary', 'clearsigned'] : []) {
    m.case(PEER, `inline-signed message (--as=${as})`, IN, async () => {
      const signed = peerSop(['inline-sign', `--as=${as}`, peer.key], { input: MESSAGE });
      const out = w.fresh('verifications');
      sameBytes(ok(sealpost(['inline-verify', `--verifications-out=${out}`, peer.cert], { input: signed }), 'inline-verify'), MESSAGE, 'sealpost-sop output');
      await oneVerification(readFileSync(out), peer.cert);
    }, { skip });

    m.case(PEER, `inline-signed message (--as=${as})`, OUT, async () => {
      const signed = ok(sealpost(['inline-sign', `--as=${as}`, sp.key], { input: MESSAGE }), 'inline-sign');
      const out = w.fresh('verifications');
      sameBytes(peerSop(['inline-verify', `--verifications-out=${out}`, sp.cert], { input: signed }), MESSAGE, `${bin} output`);
      await oneVerification(readFileSync(out), sp.cert);
    }, { skip });
  }

  m.case(PEER, 'signed and encrypted message', IN, async () => {
    const ct = peerSop(['encrypt', `--sign-with=${peer.key}`, sp.cert], { input: MESSAGE });
    const out = w.fresh('verifications');
    sealpostDecrypts(ct, [`--verify-with=${peer.cert}`, `--verifications-out=${out}`, sp.key]);
    await oneVerification(readFileSync(out), peer.cert);
  }, { skip });

  m.case(PEER, 'session key out, then decrypt with it alone', IN, async () => {
    const ct = ok(sealpost(['encrypt', peer.cert], { input: MESSAGE }), 'encrypt');
    const sk = w.fresh(`${bin}.sessionkey`);
    peerDecrypts(ct, [`--session-key-out=${sk}`, peer.key]);
    assert.match(readFileSync(sk, 'utf8').trim(), /^9:[0-9A-F]{64}$/i);
    sealpostDecrypts(ct, [`--with-session-key=${sk}`]);
  }, { skip });

  m.case(PEER, 'session key out, then decrypt with it alone', OUT, async () => {
    const ct = peerSop(['encrypt', sp.cert], { input: MESSAGE });
    const sk = w.fresh('sp.sessionkey');
    sealpostDecrypts(ct, [`--session-key-out=${sk}`, sp.key]);
    assert.match(readFileSync(sk, 'utf8'), /^\d+:[0-9A-F]+\n$/);
    peerDecrypts(ct, [`--with-session-key=${sk}`]);
  }, { skip });

  m.case(PEER, 'wrong session key: exit 29 (CANNOT_DECRYPT)', IN, async () => {
    const ct = peerSop(['encrypt', sp.cert], { input: MESSAGE });
    const sk = w.file(`${bin}.wrong-sessionkey`, `9:${'00'.repeat(32)}\n`);
    const r = sealpost(['decrypt', `--with-session-key=${sk}`], { input: ct });
    assert.equal(r.status, 29, r.stderr);
    assert.equal(r.stdout.length, 0);
    // sqop answers the same; gosop exits 99 (an error it does not name),
    // which the spec does not give for this case, so it is not compared.
    if (bin !== 'gosop') assert.equal(run(bin, ['decrypt', `--with-session-key=${sk}`], { input: ct }).status, 29, `${bin} agrees`);
  }, { skip });

  m.case(PEER, 'decrypt --verify-not-before/--verify-not-after', IN, async () => {
    const ct = peerSop(['encrypt', `--sign-with=${peer.key}`, sp.cert], { input: MESSAGE });
    const window = async (/** @type {string[]} */ args) => {
      const out = w.fresh('verifications');
      const r = sealpost(['decrypt', `--verify-with=${peer.cert}`, `--verifications-out=${out}`, ...args, sp.key], { input: ct });
      assert.equal(r.status, 0, r.stderr);
      sameBytes(r.stdout, MESSAGE, 'sealpost-sop output');
      return verificationLines(readFileSync(out, 'utf8')).length;
    };
    assert.equal(await window(['--verify-not-before=-', '--verify-not-after=now']), 1);
    assert.equal(await window(['--verify-not-before=2000-01-01T00:00:00Z']), 1);
    // Made just now: outside a window that ends in 2000, or starts tomorrow.
    assert.equal(await window(['--verify-not-after=20000101T000000Z']), 0);
    assert.equal(await window([`--verify-not-before=${new Date(Date.now() + 86_400_000).toISOString()}`]), 0);
  }, { skip });

  m.case(PEER, 'signed and encrypted message', OUT, async () => {
    const ct = ok(sealpost(['encrypt', `--sign-with=${sp.key}`, peer.cert], { input: MESSAGE }), 'encrypt');
    const out = w.fresh('verifications');
    peerDecrypts(ct, [`--verify-with=${sp.cert}`, `${verificationsOut}=${out}`, peer.key]);
    await oneVerification(readFileSync(out), sp.cert);
  }, { skip });
}
