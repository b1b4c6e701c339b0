// The Python environment of the interoperability suite (docs/interop.md): `.venv-test`, built
// with `python3 -m venv` and pip from tests/interop/requirements.txt. It is rebuilt from scratch
// when it is missing or when the requirements file changed since it was built (its SHA-256 is
// stored inside the venv). Only the tests use Python; the app and the CLI never do.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const VENV_DIR = '.venv-test';
export const REQUIREMENTS = 'tests/interop/requirements.txt';
const STAMP = join(VENV_DIR, 'requirements.sha256');

/** The venv's python, on POSIX and on Windows. */
export function venvPython() {
  return process.platform === 'win32'
    ? join(VENV_DIR, 'Scripts', 'python.exe')
    : join(VENV_DIR, 'bin', 'python');
}

function fail(message) {
  console.error(`\n${message}`);
  process.exit(1);
}

/** Runs a command with inherited output; exits with a message naming it when it fails. */
function run(command, args, what) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    fail(
      `Could not ${what}: \`${command} ${args.join(' ')}\` ${result.error ? `failed (${result.error.message})` : `exited with ${result.status ?? result.signal}`}.`
    );
  }
}

/** The Python 3 to build the venv with: $PYTHON, else python3. Exits with a clear message if absent. */
function basePython() {
  const python = process.env.PYTHON || 'python3';
  const probe = spawnSync(python, ['-c', 'import sys, venv; print(sys.version.split()[0])'], {
    encoding: 'utf8'
  });
  if (probe.error) {
    fail(
      `The interoperability tests need Python 3 (to run TensorBoard's and tensorboardX's own ` +
        `writers), but \`${python}\` was not found. Install Python 3.9 or newer ` +
        `(Debian/Ubuntu: apt-get install python3 python3-venv), or point PYTHON at one.`
    );
  }
  if (probe.status !== 0) {
    fail(
      `\`${python}\` cannot create virtual environments (the venv module is missing). ` +
        `Debian/Ubuntu: apt-get install python3-venv.\n${probe.stderr.trim()}`
    );
  }
  return { python, version: probe.stdout.trim() };
}

/**
 * Makes sure `.venv-test` matches tests/interop/requirements.txt, building it when needed, and
 * returns the path of its python. Prints what it does.
 */
export function ensureVenv() {
  const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
  if (built === wanted && existsSync(venvPython())) {
    console.log(`Python venv ${VENV_DIR} is up to date with ${REQUIREMENTS}.`);
    return venvPython();
  }
  const { python, version } = basePython();
  console.log(
    built === null
      ? `Creating the Python venv ${VENV_DIR} (Python ${version}) from ${REQUIREMENTS}…`
      : `${REQUIREMENTS} changed since ${VENV_DIR} was built: rebuilding it (Python ${version})…`
  );
  run(
    python,
    ['-m', 'venv', '--clear', VENV_DIR],
    'create the venv (Debian/Ubuntu need the python3-venv package)'
  );
  const pip = [venvPython(), '-m', 'pip'];
  const quiet = ['--quiet', '--disable-pip-version-check', '--no-input'];
  // Every dependency is pinned in the file, so pip installs exactly that list; `pip check` then
  // fails if a pin is missing or inconsistent.
  run(
    pip[0],
    [...pip.slice(1), 'install', ...quiet, '--no-deps', '--no-compile', '-r', REQUIREMENTS],
    'install the pinned packages'
  );
  run(pip[0], [...pip.slice(1), 'check'], 'check the installed packages');
  writeFileSync(STAMP, `${wanted}\n`);
  console.log(`Python venv ${VENV_DIR} is ready.`);
  return venvPython();
}
