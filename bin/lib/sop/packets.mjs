// Just enough OpenPGP packet reading for `sign --micalg-out`: the hash
// algorithm of each signature packet (RFC 9580 §4.2, §5.2.3).

const HASHES = {
  1: 'md5',
  2: 'sha1',
  3: 'ripemd160',
  8: 'sha256',
  9: 'sha384',
  10: 'sha512',
  11: 'sha224',
  12: 'sha3-256',
  14: 'sha3-512',
};

/** Splits binary OpenPGP data into `{ tag, body }` packets (no partial lengths). */
export function* packets(bytes) {
  let i = 0;
  while (i < bytes.length) {
    const ctb = bytes[i++];
    if ((ctb & 0x80) === 0) return;
    let tag;
    let len;
    if (ctb & 0x40) {
      tag = ctb & 0x3f;
      const first = bytes[i++];
      if (first < 192) len = first;
      else if (first < 224) len = ((first - 192) << 8) + bytes[i++] + 192;
      else if (first === 255) {
        len = ((bytes[i] << 24) >>> 0) + (bytes[i + 1] << 16) + (bytes[i + 2] << 8) + bytes[i + 3];
        i += 4;
      } else return; // partial body lengths do not occur in signatures
    } else {
      tag = (ctb >> 2) & 0x0f;
      const type = ctb & 3;
      if (type === 3) len = bytes.length - i;
      else {
        const n = 1 << type;
        len = 0;
        for (let k = 0; k < n; k++) len = len * 256 + bytes[i + k];
        i += n;
      }
    }
    yield { tag, body: bytes.subarray(i, i + len) };
    i += len;
  }
}

/** The hash algorithm names of the signature packets in `bytes`. */
export function signatureHashes(bytes) {
  const names = [];
  for (const { tag, body } of packets(bytes)) {
    if (tag !== 2 || body.length < 4) continue;
    const algo = body[0] === 3 ? body[16] : body[3];
    names.push(HASHES[algo] ?? `unknown-${algo}`);
  }
  return names;
}

/** The `micalg` parameter for PGP/MIME (RFC 3156): empty when hashes differ. */
export function micalg(bytes) {
  const hashes = [...new Set(signatureHashes(bytes))];
  return hashes.length === 1 ? `pgp-${hashes[0]}` : '';
}
