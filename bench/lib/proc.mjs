// Linux process memory from /proc (Node only): resident set size now and
// its peak ("high water mark"), which writing 5 to clear_refs resets.
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * `{ rss, hwm }` in bytes, or null when /proc cannot be read.
 * @param {number | 'self'} [pid]
 */
export function residentMemory(pid = 'self') {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    /** @param {string} name */
    const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Resets the peak RSS of `pid` to its current RSS; false when not allowed.
 * @param {number | 'self'} [pid]
 */
export function resetPeak(pid = 'self') {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
