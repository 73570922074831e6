// Progressive enhancement for the portal. Every page works without this file.

// ---- The generated application form (portal-b) ----
// Conditional fields (x-ui.visibleWhen): hidden and shown live with the rule of
// src/domain/forms/conditions.ts. Without this script every field shows, with a note saying
// when it is needed, and the server ignores hidden fields at submission either way.
(function () {
  var form = document.getElementById('application-form');
  if (!form) return;
  function isFilled(value) {
    return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
  }
  // The typed value of a top-level field, as parse.ts would read it.
  function valueOf(key, widget) {
    var controls = form.querySelectorAll('[name="a.' + key + '"]');
    var values = [];
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if ((c.type === 'radio' || c.type === 'checkbox') && !c.checked) continue;
      if (c.value.trim() !== '') values.push(c.value.trim());
    }
    if (widget === 'checkboxes') return values.length ? values : undefined;
    var text = values[0];
    if (text === undefined) return undefined;
    if (widget === 'yesno') return text === 'true' ? true : text === 'false' ? false : text;
    if (widget === 'integer') return /^-?\d+$/.test(text) ? Number(text) : text;
    if (widget === 'money') {
      var m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[\s,，]/g, '').replace(/^[¥￥]/, '').replace(/元$/, ''));
      return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0') || 0) : text;
    }
    return text;
  }
  function holds(condition, widget) {
    var value = valueOf(condition.field, widget);
    if ('equals' in condition) return value === condition.equals;
    if ('in' in condition) return condition.in.indexOf(value) !== -1;
    return isFilled(value);
  }
  var items = form.querySelectorAll('[data-visible-when]');
  function update() {
    for (var i = 0; i < items.length; i++) {
      var condition;
      try { condition = JSON.parse(items[i].getAttribute('data-visible-when')); } catch (e) { continue; }
      items[i].hidden = !holds(condition, items[i].getAttribute('data-source-widget'));
    }
  }
  if (items.length) {
    form.addEventListener('change', update);
    form.addEventListener('input', update);
    update();
  }
  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
