import fs from 'fs';
import path from 'path';
import pkg from '../../package.json';

const ROOT = path.resolve(__dirname, '..', '..');

/** Every copy of a package in the installed tree, however deeply nested. */
function copiesOf(scope: string, name: string, dir = path.join(ROOT, 'node_modules')): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const own = path.join(dir, scope, name, 'package.json');
  if (fs.existsSync(own)) found.push(own);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === '.bin') continue;
    const packages = entry.name.startsWith('@')
      ? fs.readdirSync(path.join(dir, entry.name)).map((sub) => path.join(dir, entry.name, sub))
      : [path.join(dir, entry.name)];
    for (const packageDir of packages) found.push(...copiesOf(scope, name, path.join(packageDir, 'node_modules')));
  }
  return found;
}

describe('the dependency tree', () => {
  it('pins every @strapi package to 5.54.0', () => {
    const strapiPins = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([name]) => name.startsWith('@strapi/'));
    expect(strapiPins.length).toBeGreaterThanOrEqual(5);
    expect(strapiPins.filter(([, version]) => version !== '5.54.0')).toEqual([]);
  });

  it('holds exactly one copy of @strapi/utils, so its error classes stay one class', () => {
    const copies = copiesOf('@strapi', 'utils');
    expect(copies.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')).version)).toEqual(['5.54.0']);
  });

  it('uses better-sqlite3 12, which runs on Node 20', () => {
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^12\./);
  });
});
