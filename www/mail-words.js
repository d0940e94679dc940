// The plain words for what the mail readers found, shared by the page
// (www/check.js) and the CLI (bin/lib/mail.mjs): the verdict of a bounce,
// the name of each category, the badge of each hop, and the text a
// customer sends to support.

/** The headline for each category of a failed recipient, and what it asks of the reader. */
export const CATEGORIES = {
  blocked: { verdict: 'Blocked: forward this to support', name: 'Blocked' },
  'no-such-address': { verdict: 'No such address: check it', name: 'No such address' },
  'mailbox-full': { verdict: 'Mailbox full', name: 'Mailbox full' },
  'too-large': { verdict: 'Too large: send it smaller', name: 'Too large' },
  delayed: { verdict: 'Delayed: still retrying', name: 'Delayed' },
  expired: { verdict: 'Not delivered: the server gave up', name: 'Gave up' },
  content: { verdict: 'Refused for its content', name: 'Content refused' },
  other: { verdict: 'Not delivered', name: 'Not delivered' },
};

/**
 * What a message that is not a bounce is.
 * @type {Partial<Record<import('./sealpost.js').MessageKind, string>>}
 */
const NOT_BOUNCES = {
  'auto-reply': 'Not a bounce: an automatic reply',
  feedback: 'Not a bounce: a complaint report',
  delivered: 'Not a bounce: a delivery receipt',
  message: 'Not a bounce',
};

/** The badge word of each hop's protection. */
export const BADGES = {
  strong: 'strong',
  weak: 'weak',
  none: 'clear',
  local: 'local',
  unknown: 'unknown',
};

/** What each badge means, for a title and for the report. */
export const BADGE_HINTS = {
  strong: 'TLS 1.2 or newer was recorded',
  weak: 'an outdated TLS or SSL version was recorded',
  none: 'sent in the clear: no TLS recorded between two hosts',
  local: 'within one host',
  unknown: 'cannot tell',
};

/**
 * `{ verdict, tone }` of readBounce()'s result: the headline in plain words,
 * and `tone` (`bad`, `wait`, `neutral`) for its colour.
 * @param {import('./sealpost.js').Bounce} bounce
 */
export function bounceVerdict(bounce) {
  if (!bounce.bounce) return { verdict: NOT_BOUNCES[bounce.kind] ?? 'Not a bounce', tone: 'neutral' };
  const categories = [...new Set(bounce.recipients.map((r) => r.category))];
  if (categories.length === 0) return { verdict: bounce.kind === 'delay' ? CATEGORIES.delayed.verdict : CATEGORIES.other.verdict, tone: bounce.kind === 'delay' ? 'wait' : 'bad' };
  if (categories.length > 1) return { verdict: `Not delivered to ${bounce.recipients.length} recipients, for different reasons: see each one`, tone: 'bad' };
  const [only] = categories;
  return { verdict: (CATEGORIES[only] ?? CATEGORIES.other).verdict, tone: only === 'delayed' ? 'wait' : 'bad' };
}

/**
 * "5 min 3 s" for a number of seconds; null for none.
 * @param {number | null | undefined} seconds
 */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return null;
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  const parts = [];
  for (const [unit, size] of /** @type {const} */ ([['d', 86400], ['h', 3600], ['min', 60]])) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)} ${unit}`);
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s} s`);
  return sign + parts.join(' ');
}

/**
 * The lines of a bounce report: what the page copies and the CLI prints.
 * @param {import('./sealpost.js').Bounce} bounce
 */
export function bounceLines(bounce) {
  const lines = [bounceVerdict(bounce).verdict];
  if (bounce.reportingMta) lines.push(`Report written by: ${bounce.reportingMta}`);
  for (const r of bounce.recipients) {
    lines.push('', `Recipient: ${r.address}`, `  Problem: ${(CATEGORIES[r.category] ?? CATEGORIES.other).name} (${r.reason})`);
    if (r.status) lines.push(`  Status: ${r.status}`);
    if (r.replyCode) lines.push(`  Reply code: ${r.replyCode}`);
    if (r.remoteHost) lines.push(`  Remote server: ${r.remoteHost}`);
    if (r.diagnostic) lines.push(`  The remote server said: ${r.diagnostic}`);
    lines.push(`  What to do: ${r.action}`);
  }
  const o = bounce.original;
  if (o && (o.subject || o.recipient || o.date)) {
    lines.push('', 'The message that bounced:');
    if (o.subject) lines.push(`  Subject: ${o.subject}`);
    if (o.recipient) lines.push(`  To: ${o.recipient}`);
    if (o.date) lines.push(`  Date: ${o.date}`);
  }
  for (const w of bounce.warnings ?? []) lines.push(`Note: ${w.message}`);
  return lines;
}

/**
 * The lines of a header report: hops, checks and summary.
 * @param {import('./sealpost.js').Headers} headers
 */
export function headerLines(headers) {
  const lines = [];
  if (headers.subject) lines.push(`Subject: ${headers.subject}`);
  lines.push(`Hops (oldest first): ${headers.hops.length}`);
  headers.hops.forEach((h, i) => {
    const tls = [h.with, h.tls, h.cipher].filter(Boolean).join(' ');
    const delay = duration(h.delaySeconds);
    lines.push(
      `  ${i + 1}. [${BADGES[h.encryption] ?? h.encryption}] ${h.from ?? '?'}${h.fromIp ? ` (${h.fromIp})` : ''} -> ${h.by ?? '?'}` +
        `${tls ? `, ${tls}` : ''}${h.at ? `, ${h.at}` : ''}${delay ? `, +${delay}` : ''}`,
    );
    if (h.note) lines.push(`     ${h.note}`);
  });
  lines.push('', ...headers.summary.sentences);
  for (const w of headers.warnings ?? []) lines.push(`Note: ${w.message}`);
  return lines;
}
