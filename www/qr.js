// A small QR code encoder (ISO/IEC 18004): byte mode, error correction
// level M, versions 1 to 40, the mask chosen by the standard's penalty
// rules. Enough for a fingerprint (version 3) and an armored key of up to
// 2,331 bytes (version 40); anything longer is refused, and the page says
// "too large for a QR code". It draws nothing itself: qrMatrix() gives the
// modules, qrSvg() an SVG for the page and for printing.
//
// Checked against a reference encoder (tests/node/qr.test.mjs, vectors in
// tests/data/qr).

/** Error correction codewords per block, level M, by version. */
const EC_PER_BLOCK = [
  10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  28, 28, 28,
];
/** Error correction blocks, level M, by version. */
const BLOCKS = [
  1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
];
/** Level M's two format bits. */
const LEVEL_M = 0;

/**
 * The error to throw when `bytes` do not fit: `code` is `input-too-large`.
 * @param {number} n
 */
function tooLarge(n) {
  return Object.assign(new Error(`${n} bytes are too large for a QR code.`), { code: 'input-too-large' });
}

/**
 * Modules that carry data (and error correction), in a symbol of `version`.
 * @param {number} version
 */
function rawModules(version) {
  const size = version * 4 + 17;
  let n = size * size - 3 * 64 - 2 * 15 - 1 - 2 * (size - 16); // finders+separators+format, dark module, timing
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    n -= (align * align - 3) * 25 - (align - 2) * 2 * 5; // alignment patterns, less their overlap with timing
    if (version >= 7) n -= 2 * 18; // version information
  }
  return n;
}

/** @param {number} version */
function dataCodewords(version) {
  return Math.floor(rawModules(version) / 8) - EC_PER_BLOCK[version - 1] * BLOCKS[version - 1];
}

/**
 * Bytes that fit in byte mode at `version`.
 * @param {number} version
 */
function byteCapacity(version) {
  const countBits = version < 10 ? 8 : 16;
  return Math.floor((dataCodewords(version) * 8 - 4 - countBits) / 8);
}

/**
 * The smallest version that holds `n` bytes, or null.
 * @param {number} n
 * @returns {number | null}
 */
export function qrVersionFor(n) {
  for (let v = 1; v <= 40; v++) if (byteCapacity(v) >= n) return v;
  return null;
}

// --- Reed-Solomon over GF(256), polynomial 0x11d -------------------------------------

/**
 * @param {number} x
 * @param {number} y
 */
function gfMul(x, y) {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z & 0xff;
}

/**
 * The generator polynomial of `degree` (coefficients, highest first, leading 1 left out).
 * @param {number} degree
 * @returns {number[]}
 */
function rsGenerator(degree) {
  const poly = new Array(degree).fill(0);
  poly[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      poly[j] = gfMul(poly[j], root);
      if (j + 1 < degree) poly[j] ^= poly[j + 1];
    }
    root = gfMul(root, 0x02);
  }
  return poly;
}

/**
 * @param {number[]} data
 * @param {number[]} generator
 * @returns {number[]}
 */
function rsRemainder(data, generator) {
  const out = new Array(generator.length).fill(0);
  for (const b of data) {
    const factor = b ^ out.shift();
    out.push(0);
    generator.forEach((coef, i) => {
      out[i] ^= gfMul(coef, factor);
    });
  }
  return out;
}

// --- Codewords ------------------------------------------------------------------------

/**
 * The data codewords of `bytes` in byte mode at `version`, padded.
 * @param {Uint8Array} bytes
 * @param {number} version
 */
function dataFor(bytes, version) {
  /** @type {number[]} */
  const bits = [];
  /**
   * @param {number} value
   * @param {number} length
   */
  const put = (value, length) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, version < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  const capacity = dataCodewords(version) * 8;
  put(0, Math.min(4, capacity - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) put(pad, 8);
  const out = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  return out;
}

/**
 * Splits into blocks, adds error correction, and interleaves.
 * @param {number[]} data
 * @param {number} version
 */
function codewords(data, version) {
  const blocks = BLOCKS[version - 1];
  const ec = EC_PER_BLOCK[version - 1];
  const raw = Math.floor(rawModules(version) / 8);
  const shortBlocks = blocks - (raw % blocks);
  const shortLength = Math.floor(raw / blocks) - ec; // data codewords of a short block
  const generator = rsGenerator(ec);
  const split = [];
  for (let i = 0, k = 0; i < blocks; i++) {
    const length = shortLength + (i < shortBlocks ? 0 : 1);
    const block = data.slice(k, k + length);
    k += length;
    split.push({ data: block, ec: rsRemainder(block, generator) });
  }
  const out = [];
  for (let i = 0; i <= shortLength; i++) for (const b of split) if (i < b.data.length) out.push(b.data[i]);
  for (let i = 0; i < ec; i++) for (const b of split) out.push(b.ec[i]);
  return out;
}

// --- The symbol -----------------------------------------------------------------------

/** @param {number} version */
function alignmentPositions(version) {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const size = version * 4 + 17;
  const step = version === 32 ? 26 : Math.ceil((size - 13) / (count * 2 - 2)) * 2;
  const out = [6];
  for (let pos = size - 7; out.length < count; pos -= step) out.splice(1, 0, pos);
  return out;
}

class QrSymbol {
  /** @param {number} version */
  constructor(version) {
    this.version = version;
    this.size = version * 4 + 17;
    /** @type {boolean[][]} */
    this.dark = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
    /** @type {boolean[][]} */
    this.fixed = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
    this.drawPatterns();
  }

  /**
   * @param {number} x
   * @param {number} y
   * @param {boolean} dark
   */
  set(x, y, dark) {
    this.dark[y][x] = dark;
    this.fixed[y][x] = true;
  }

  drawPatterns() {
    const { size } = this;
    for (let i = 0; i < size; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    for (const [cx, cy] of [
      [3, 3],
      [size - 4, 3],
      [3, size - 4],
    ]) {
      for (let dy = -4; dy <= 4; dy++) {
        for (let dx = -4; dx <= 4; dx++) {
          const x = cx + dx;
          const y = cy + dy;
          if (x < 0 || y < 0 || x >= size || y >= size) continue;
          const d = Math.max(Math.abs(dx), Math.abs(dy));
          this.set(x, y, d !== 2 && d !== 4);
        }
      }
    }
    const align = alignmentPositions(this.version);
    const last = align.length - 1;
    align.forEach((cx, i) => {
      align.forEach((cy, j) => {
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) this.set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      });
    });
    this.drawFormat(0); // reserves the format areas; drawn again once the mask is chosen
    this.drawVersion();
  }

  /**
   * Draws the format information of `mask`, or (`blank`) leaves its modules light.
   * @param {number} mask
   * @param {boolean} [blank]
   */
  drawFormat(mask, blank = false) {
    const { size } = this;
    const data = (LEVEL_M << 3) | mask;
    let rem = data;
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const bits = blank ? 0 : ((data << 10) | rem) ^ 0x5412;
    /** @param {number} i */
    const bit = (i) => ((bits >>> i) & 1) === 1;
    for (let i = 0; i <= 5; i++) this.set(8, i, bit(i));
    this.set(8, 7, bit(6));
    this.set(8, 8, bit(7));
    this.set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i++) this.set(size - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) this.set(8, size - 15 + i, bit(i));
    this.set(8, size - 8, !blank); // the dark module
  }

  drawVersion(blank = false) {
    if (this.version < 7) return;
    let rem = this.version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = blank ? 0 : (this.version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = this.size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      this.set(a, b, dark);
      this.set(b, a, dark);
    }
  }

  /** @param {number[]} words */
  drawCodewords(words) {
    const { size } = this;
    let i = 0;
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (let vert = 0; vert < size; vert++) {
        for (let j = 0; j < 2; j++) {
          const x = right - j;
          const upward = ((right + 1) & 2) === 0;
          const y = upward ? size - 1 - vert : vert;
          if (this.fixed[y][x]) continue;
          if (i < words.length * 8) this.dark[y][x] = ((words[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
          i++;
        }
      }
    }
  }

  /** @param {number} mask */
  applyMask(mask) {
    const rule = /** @type {((x: number, y: number) => boolean)[]} */ ([
      (x, y) => (x + y) % 2 === 0,
      (_x, y) => y % 2 === 0,
      (x) => x % 3 === 0,
      (x, y) => (x + y) % 3 === 0,
      (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
      (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
      (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
      (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
    ])[mask];
    for (let y = 0; y < this.size; y++) for (let x = 0; x < this.size; x++) if (!this.fixed[y][x] && rule(x, y)) this.dark[y][x] = !this.dark[y][x];
  }

  /** The standard's penalty score of the symbol as it is. */
  penalty() {
    const { size, dark } = this;
    let score = 0;
    const lines = [];
    for (let i = 0; i < size; i++) {
      lines.push(dark[i]);
      lines.push(dark.map((row) => row[i]));
    }
    for (const line of lines) {
      // Rule 1: runs of five or more of one colour.
      let run = 1;
      for (let i = 1; i <= size; i++) {
        if (i < size && line[i] === line[i - 1]) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
      // Rule 3: a 1:1:3:1:1 finder-like pattern with four light modules
      // before or after it, inside the symbol (dark-light-dark-dark-dark-light-dark-light-light-light-light, or reversed).
      for (let i = 0; i + 11 <= size; i++) {
        const window = line.slice(i, i + 11).map((d) => (d ? '1' : '0')).join('');
        if (window === '10111010000' || window === '00001011101') score += 40;
      }
    }
    // Rule 2: 2x2 blocks of one colour.
    for (let y = 0; y + 1 < size; y++) {
      for (let x = 0; x + 1 < size; x++) {
        const c = dark[y][x];
        if (c === dark[y][x + 1] && c === dark[y + 1][x] && c === dark[y + 1][x + 1]) score += 3;
      }
    }
    // Rule 4: the share of dark modules, in steps of 5 % away from half.
    const total = size * size;
    const darkCount = dark.reduce((n, row) => n + row.filter(Boolean).length, 0);
    score += Math.floor(Math.abs(darkCount * 20 - total * 10) / total) * 10;
    return score;
  }
}

/**
 * The QR code of `data` (a string, encoded as UTF-8, or bytes): `{ version,
 * mask, size, modules }`, where `modules[y][x]` is true for a dark module.
 * `mask` (0-7) forces a mask instead of the one with the lowest penalty.
 * Throws an error with code `input-too-large` when it does not fit.
 * @param {string | Uint8Array} data
 * @param {{ mask?: number | null }} [options]
 */
export function qrMatrix(data, { mask = null } = {}) {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const version = qrVersionFor(bytes.length);
  if (version === null) throw tooLarge(bytes.length);
  const words = codewords(dataFor(bytes, version), version);
  const symbol = new QrSymbol(version);
  symbol.drawCodewords(words);
  let chosen = mask;
  if (chosen === null) {
    let best = Infinity;
    // Each mask is scored with the format and version modules light, as
    // the common encoders do (the standard leaves it open).
    symbol.drawFormat(0, true);
    symbol.drawVersion(true);
    for (let m = 0; m < 8; m++) {
      symbol.applyMask(m);
      const score = symbol.penalty();
      if (score < best) {
        best = score;
        chosen = m;
      }
      symbol.applyMask(m); // undo
    }
  }
  // Chosen by now: every penalty is below Infinity, so the first mask is taken at least.
  symbol.applyMask(/** @type {number} */ (chosen));
  symbol.drawFormat(/** @type {number} */ (chosen));
  symbol.drawVersion();
  return { version, mask: chosen, size: symbol.size, modules: symbol.dark };
}

/**
 * An SVG of a QR matrix with a quiet zone of four modules; `label` names it for screen readers.
 * @param {{ size: number, modules: boolean[][] }} matrix
 * @param {string} label
 */
export function qrSvg({ size, modules }, label) {
  const quiet = 4;
  const n = size + quiet * 2;
  let path = '';
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    });
  });
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${n} ${n}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', String(n));
  background.setAttribute('height', String(n));
  background.setAttribute('fill', '#fff');
  const modulesPath = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  modulesPath.setAttribute('d', path);
  modulesPath.setAttribute('fill', '#000');
  svg.append(background, modulesPath);
  return svg;
}
