// The README's examples of the JavaScript API, typed: `tsc --strict` over
// this file (tests/types/tsconfig.json, run by tests/node/types.test.mjs)
// fails when www/sealpost.d.ts no longer describes them.
import { decrypt, encrypt, errorCodes, generateKey, parseWindow, type SealpostError, sign, verify } from '../../www/sealpost.js';

const alice = await generateKey({ userIds: ['Alice <alice@example.org>'], passphrase: 'correct horse' });
const sealed: string = await encrypt({ plaintext: 'Meet at noon.', recipients: [alice.publicKey] });
const opened = await decrypt({ message: sealed, keys: [{ key: alice.secretKey, passphrase: 'correct horse' }] });
const text: string | null = opened.text;
const compressed: boolean = opened.compressed;

const w = await parseWindow({
  text: 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018',
  zones: ['America/Vancouver'],
});
const label: string = w.views[0].label;
const count: number = w.windows.length;

const { message, seipd, symmetric } = await encrypt({ plaintext: 'Hi', recipients: [alice.publicKey], details: true });
const armored: string = message;
const version: 1 | 2 = seipd;
const { signature, micalg } = await sign({ plaintext: 'Hi', signers: [{ key: alice.secretKey, passphrase: 'correct horse' }], details: true });
const checked = await verify({ plaintext: 'Hi', signature, certs: [alice.publicKey] });
const good: boolean = checked.good;

const binary: Uint8Array = await encrypt({ plaintext: new Uint8Array([1, 2, 3]), passwords: 'pw', armor: false });

try {
  await decrypt({ message: sealed, keys: [alice.secretKey] });
} catch (e) {
  const code: string = (e as SealpostError).code;
  if (!(await errorCodes()).includes(code)) throw e;
}

export const seen = [text, compressed, label, count, armored, version, symmetric, micalg, good, binary];
