// Running a command to completion, for the Node and interop tests.
import { spawnSync } from 'node:child_process';

/**
 * Runs `cmd ARGS` with `input` on stdin and `env` added to the environment.
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {{ input?: string | Uint8Array, env?: Record<string, string | undefined>, cwd?: string, stdio?: import('node:child_process').StdioOptions }} [options]
 * @returns {{status: number | null, stdout: Buffer, text: string, stderr: string}} `status` is null when a signal ended the command
 */
export function run(cmd, args, { input, env, cwd, stdio } = {}) {
  const r = spawnSync(cmd, args, {
    input,
    cwd,
    stdio,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  const stdout = r.stdout ?? Buffer.alloc(0);
  return { status: r.status, stdout, text: stdout.toString('utf8'), stderr: (r.stderr ?? '').toString() };
}
