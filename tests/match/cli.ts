/** Runs the `intake` CLI in-process and returns what it printed on stdout (exit code left in process.exitCode). */
import { vi } from 'vitest';
import { main } from '#cli/main';

export async function runCli(...args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    process.exitCode = 0;
    await main(['node', 'intake', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}
