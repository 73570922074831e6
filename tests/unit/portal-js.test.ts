import fs from 'fs';
import path from 'path';
import vm from 'vm';
import { conditionHolds } from '../../src/domain/forms/conditions';

/**
 * public/portal.js hides conditional fields with the rule of conditions.ts. Run it against a
 * tiny fake DOM (no browser here; the e2e suite covers the real one) and compare with the rule.
 */
type Control = { name: string; type: string; value: string; checked?: boolean };

function run(controls: Control[], items: Array<{ condition: object; sourceWidget: string }>) {
  const listeners: Array<() => void> = [];
  const fakeItems = items.map((item) => ({ hidden: false, getAttribute: (name: string) => (name === 'data-visible-when' ? JSON.stringify(item.condition) : name === 'data-source-widget' ? item.sourceWidget : null) }));
  const form = {
    querySelectorAll(selector: string) {
      const byName = /^\[name="(.+)"\]$/.exec(selector);
      if (byName) return controls.filter((c) => c.name === byName[1]);
      return selector === '[data-visible-when]' ? fakeItems : [];
    },
    addEventListener: (_type: string, listener: () => void) => listeners.push(listener),
  };
  const document = {
    getElementById: (id: string) => (id === 'application-form' ? form : null),
    querySelector: () => null,
    querySelectorAll: () => [],
    addEventListener: () => undefined,
  };
  vm.runInNewContext(fs.readFileSync(path.join(__dirname, '../../public/portal.js'), 'utf8'), { document, window: {} });
  return { items: fakeItems, fire: () => listeners.forEach((listener) => listener()) };
}

describe('conditional fields in portal.js', () => {
  it('hides and shows a field on a yes/no answer, as conditions.ts decides', () => {
    const yes = { name: 'a.hasCompute', type: 'radio', value: 'true', checked: false };
    const no = { name: 'a.hasCompute', type: 'radio', value: 'false', checked: true };
    const { items, fire } = run([yes, no], [{ condition: { field: 'hasCompute', equals: true }, sourceWidget: 'yesno' }]);
    expect(items[0].hidden).toBe(!conditionHolds({ field: 'hasCompute', equals: true }, { hasCompute: false }));
    expect(items[0].hidden).toBe(true);
    yes.checked = true;
    no.checked = false;
    fire();
    expect(items[0].hidden).toBe(false);
  });

  it('handles in-lists on choices, filled on text, and equals on numbers', () => {
    const choice = { name: 'a.kind', type: 'select-one', value: 'b' };
    const text = { name: 'a.note', type: 'text', value: '' };
    const money = { name: 'a.amount', type: 'text', value: '1.50' };
    const { items, fire } = run([choice, text, money], [
      { condition: { field: 'kind', in: ['a', 'c'] }, sourceWidget: 'select' },
      { condition: { field: 'note', filled: true }, sourceWidget: 'text' },
      { condition: { field: 'amount', equals: 150 }, sourceWidget: 'money' },
    ]);
    expect(items.map((i) => i.hidden)).toEqual([true, true, false]);
    choice.value = 'c';
    text.value = '有';
    money.value = '2';
    fire();
    expect(items.map((i) => i.hidden)).toEqual([false, false, true]);
  });
});
