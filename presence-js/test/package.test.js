// The package itself: its version follows the Maven project's, and `npm pack` makes a package that
// installs (offline: it has no dependencies) and imports by its name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, '..');
const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));

test('the version is the Maven project version without -SNAPSHOT', () => {
  const pom = readFileSync(path.join(packageDir, '..', 'pom.xml'), 'utf8');
  const maven = /<artifactId>presence-parent<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom)[1];
  assert.equal(pkg.version, maven.replace(/-SNAPSHOT$/, ''));
});

test('react is an optional peer dependency, and nothing else is needed at run time', () => {
  assert.equal(pkg.dependencies, undefined);
  assert.ok(pkg.peerDependencies.react);
  assert.equal(pkg.peerDependenciesMeta.react.optional, true);
});

test('npm pack: the tarball installs and imports as @presence/client and @presence/client/react', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'presence-pack-'));
  try {
    const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], packageDir));
    const files = packed.files.map((f) => f.path).sort();
    for (const f of ['README.md', 'package.json', 'src/presence-client.js', 'src/presence-client.d.ts', 'src/presence-react.js', 'src/presence-react.d.ts', 'src/react-components.js']) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
    assert.ok(files.every((f) => !f.startsWith('test/') && !f.startsWith('node_modules/')), files.join(', '));
    const app = path.join(work, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    npm(['install', '--offline', '--no-audit', '--no-fund', path.join(work, packed.filename)], app);
    const probe = `
      const m = await import('@presence/client');
      const react = import.meta.resolve('@presence/client/react');
      console.log(JSON.stringify({ connect: typeof m.connect, error: typeof m.PresenceError, react }));`;
    const out = JSON.parse(execFileSync('node', ['--input-type=module', '-e', probe], { cwd: app, encoding: 'utf8' }));
    assert.equal(out.connect, 'function');
    assert.equal(out.error, 'function');
    assert.match(out.react, /node_modules\/@presence\/client\/src\/presence-react\.js$/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
