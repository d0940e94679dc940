// The mail functions of the JS API (www/sealpost.js) over the wasm build:
// bounces and header blocks from the corpus, and PGP/MIME messages made
// with GnuPG (tests/data/mail/pgp-mime/README.md), opened as the page opens them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, loadApi, rejection } from './helpers.mjs';

const sealpost = await loadApi();
const MAIL = join(ROOT, 'tests', 'data', 'mail');
const PGP_MIME = join(MAIL, 'pgp-mime');
const KEYS = join(ROOT, 'tests', 'data', 'pgp', 'keys');
const ALICE_SEC = readFileSync(join(KEYS, 'alice_cv25519_sec.asc'));
const ALICE_PUB = readFileSync(join(KEYS, 'alice_cv25519_pub.asc'));
const ATTACHMENT = Uint8Array.from({ length: 1024 }, (_, i) => i % 256);

const eml = (/** @type {string[]} */ ...path) => readFileSync(join(MAIL, ...path));

test('readBounce: a real blocklist bounce, as bytes and as a string, gives the same recipients', async () => {
  const bytes = eml('bounces', 'eml', 'lhost-amazonses-14.eml');
  const fromBytes = await sealpost.readBounce({ message: bytes });
  const fromString = await sealpost.readBounce({ message: bytes.toString('utf8') });
  assert.deepEqual(fromString, fromBytes);
  assert.equal(fromBytes.bounce, true);
  assert.equal(fromBytes.kind, 'failure');
  assert.equal(fromBytes.recipients.length, 1);
  const [r] = fromBytes.recipients;
  assert.equal(r.address, 'sironeko@neko.example.org');
  assert.equal(r.category, 'blocked');
  assert.equal(r.status, '5.7.1');
  assert.equal(r.replyCode, 554);
  assert.ok(r.diagnostic, 'the remote server\'s words are kept');
  assert.match(r.diagnostic, /Client host rejected: blocked using mail\.neko\.example\.org/);
  assert.match(r.action, /support/);
  assert.ok(fromBytes.original, 'the bounced message is found');
  assert.equal(fromBytes.original.subject, 'Nyaan');
});

test('readBounce: an out-of-office reply is not a bounce', async () => {
  const result = await sealpost.readBounce({ message: eml('not-bounces', 'autoreply-out-of-office.eml') });
  assert.equal(result.bounce, false);
  assert.equal(result.kind, 'auto-reply');
  assert.deepEqual(result.recipients, []);
});

test('readHeaders: hops oldest first with their protection, checks and summary in words', async () => {
  const h = await sealpost.readHeaders({ message: eml('headers', 'clear-and-outdated.eml') });
  assert.deepEqual(h.hops.map((hop) => hop.encryption), ['local', 'none', 'weak', 'local']);
  assert.equal(h.hops[2].tls, 'TLSv1.0');
  assert.deepEqual(h.summary.checks.map((c) => [c.method, c.result]), [['spf', 'softfail'], ['dkim', 'none'], ['dmarc', 'fail']]);
  assert.match(h.summary.forgeryNote, /can be forged/);
  assert.ok(h.summary.sentences.includes(h.summary.forgeryNote));
});

test('the mail functions refuse what is not a message, each with its code', async () => {
  assert.equal((await rejection(sealpost.readBounce({ message: '' }))).code, 'not-a-message');
  assert.equal((await rejection(sealpost.readHeaders({ message: 'just some words' }))).code, 'not-a-message');
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  assert.equal((await rejection(sealpost.readBounce({ message: 42 }))).code, 'invalid-argument');
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  assert.equal((await rejection(sealpost.readBounce('a string, not options'))).code, 'invalid-argument');
  assert.equal((await rejection(sealpost.encryptedPart({ message: 'Subject: hi\n\nplain text' }))).code, 'not-pgp-mime');
  assert.equal((await rejection(sealpost.signedParts({ message: 'Subject: hi\n\nplain text' }))).code, 'not-pgp-mime');
  const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
  const e = await rejection(sealpost.readHeaders({ message: junk }));
  assert.equal(e.code, 'not-a-message');
});

test('openMime: plain text is not MIME and comes back as it is', async () => {
  const m = await sealpost.openMime({ message: 'hello, no headers here' });
  assert.equal(m.mime, false);
  assert.equal(m.text, 'hello, no headers here');
  assert.deepEqual(m.attachments, []);
});

for (const [file, subject, signed] of /** @type {[string, string | null, boolean][]} */ ([
  ['encrypted_to_alice.eml', null, false],
  ['thunderbird_signed_encrypted_to_alice.eml', 'The real subject', false],
  ['enigmail_signed_then_encrypted_to_alice.eml', null, true],
])) {
  test(`GnuPG PGP/MIME ${file}: encryptedPart, decrypt, openMime give the text and the attachment`, async () => {
    const part = await sealpost.encryptedPart({ message: readFileSync(join(PGP_MIME, file)) });
    assert.ok(part.encrypted instanceof Uint8Array && part.encrypted.length > 0);
    const opened = await sealpost.decrypt({ message: part.encrypted, keys: ALICE_SEC, verifyWith: ALICE_PUB });
    const m = await sealpost.openMime({ message: opened.plaintext });
    assert.equal(m.mime, true);
    assert.equal(m.subject, subject, 'the protected subject, when there is one');
    assert.equal(m.text, 'Hello Bob,\n\nthe invoice is attached.\n\nAlice\n');
    assert.equal(m.signed, signed, 'a signed payload inside says so');
    assert.equal(m.attachments.length, 1);
    const [a] = m.attachments;
    assert.equal(a.name, 'invoice 2026.bin');
    assert.equal(a.contentType, 'application/octet-stream');
    assert.equal(a.size, 1024);
    assert.deepEqual(Uint8Array.from(a.bytes), ATTACHMENT);
  });
}

test('verifySigned: GnuPG multipart/signed is good with Alice\'s key, bad when one word changed', async () => {
  const good = await sealpost.verifySigned({ message: readFileSync(join(PGP_MIME, 'signed_by_alice.eml')), certs: ALICE_PUB });
  assert.equal(good.good, true);
  assert.equal(good.micalg, 'pgp-sha256');
  assert.equal(good.content.text, 'Hello Bob,\n\nthe invoice is attached.\n\nAlice\n');
  assert.equal(good.content.attachments[0].size, 1024);
  assert.deepEqual(good.verifications.map((v) => v.status), ['good']);
  assert.match(good.verifications[0].message, /Alice Example <alice@example\.org>/);
  const bad = await sealpost.verifySigned({ message: readFileSync(join(PGP_MIME, 'fail_signed_by_alice_tampered.eml')), certs: ALICE_PUB });
  assert.equal(bad.good, false);
  assert.deepEqual(bad.verifications.map((v) => v.status), ['bad'], 'the one signature is bad');
  assert.match(bad.content.text, /attacked/, 'the content is returned, to show with the bad verdict');
});
