import fs from 'fs';
import path from 'path';
import { ENUM_LABELS, enumMessages, unsettledClashes } from '../../src/domain/enum-labels';

/** Every enumeration of every content type and component, from the schemas themselves. */
function schemaEnums() {
  const root = path.join(__dirname, '..', '..', 'src');
  const found: Array<{ table: string; values: string[] }> = [];
  const read = (file: string, uid: string) => {
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [name, attribute] of Object.entries<any>(schema.attributes)) {
      if (attribute.type === 'enumeration') found.push({ table: `${uid}.${name}`, values: attribute.enum });
    }
  };
  for (const api of fs.readdirSync(path.join(root, 'api'))) {
    const types = path.join(root, 'api', api, 'content-types');
    if (!fs.existsSync(types)) continue;
    for (const type of fs.readdirSync(types)) read(path.join(types, type, 'schema.json'), `api::${api}.${type}`);
  }
  for (const category of fs.readdirSync(path.join(root, 'components'))) {
    for (const file of fs.readdirSync(path.join(root, 'components', category))) read(path.join(root, 'components', category, file), `${category}.${file.replace(/\.json$/, '')}`);
  }
  return found;
}

test('every value of every enumeration has a Chinese label', () => {
  const missing = schemaEnums().flatMap(({ table, values }) =>
    values.filter((value) => !/\p{Script=Han}/u.test(ENUM_LABELS[table]?.[value] ?? '')).map((value) => `${table}: ${value}`),
  );
  expect(missing).toEqual([]);
});

test('no table labels an enumeration the schemas do not have', () => {
  const tables = new Set(schemaEnums().map(({ table }) => table));
  expect(Object.keys(ENUM_LABELS).filter((table) => !tables.has(table))).toEqual([]);
});

test('a value two enumerations share has one label for the admin, chosen on purpose', () => {
  expect(unsettledClashes()).toEqual([]);
  expect(enumMessages().open).toBe('进行中');
});
