import type { FieldError } from './components';

/** Small checks for the public forms (feedback, objections). Messages are in Chinese and name the field. */

const MOBILE = /^1[3-9]\d{9}$/;
/** 027-65770039, 02765770039, 0710-1234567, with an optional extension. */
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isPhone = (value: string) => MOBILE.test(value.replace(/\s/g, '')) || LANDLINE.test(value.replace(/\s/g, ''));
export const isEmail = (value: string) => EMAIL.test(value) && value.length <= 254;

/** A posted text field, trimmed; arrays (a field posted twice) count as their first value. */
export function text(body: Record<string, unknown>, name: string): string {
  const value = Array.isArray(body[name]) ? (body[name] as unknown[])[0] : body[name];
  return typeof value === 'string' ? value.trim() : '';
}

export class Checks {
  readonly errors: FieldError[] = [];
  required(field: string, value: string, label: string) {
    if (!value) this.errors.push({ field, message: `请填写${label}` });
    return this;
  }
  max(field: string, value: string, label: string, max: number) {
    if (value.length > max) this.errors.push({ field, message: `${label}不能超过 ${max} 个字` });
    return this;
  }
  add(field: string, message: string) {
    this.errors.push({ field, message });
    return this;
  }
  has(field: string) {
    return this.errors.some((e) => e.field === field);
  }
}

/** The error message for one field, for the form renderers. */
export const messageFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;
