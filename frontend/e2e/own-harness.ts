import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

/** A harness of its own (fresh data folder), for a spec whose data must not reach the shared one. */
export interface OwnHarness {
  base: string;
  dataDir: string;
  stop(): void;
}

/** Starts the back end under e2e on 127.0.0.1:port with a fresh data folder and env added. */
export async function startOwnHarness(port: number, env: Record<string, string> = {}, name = 'own'): Promise<OwnHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), `concierge-e2e-${name}-`));
  let log = '';
  const child: ChildProcess = spawn('go', ['run', '-tags', 'harness', './app/harness', '-addr', `127.0.0.1:${port}`, '-data-dir', dataDir, '-dist', 'frontend/dist'], {
    cwd: repo,
    env: { ...process.env, ...env },
    detached: true,
  });
  const stop = () => {
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the ${name} harness did not start:\n${log}`)), 280_000);
    const seen = (b: Buffer) => {
      log += b.toString();
      if (log.includes('HARNESS READY')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.on('exit', (code) => fail(new Error(`the ${name} harness exited (${code}):\n${log}`)));
  }).catch((err) => {
    stop();
    throw err;
  });
  return { base: `http://127.0.0.1:${port}`, dataDir, stop };
}
