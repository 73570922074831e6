import { LOCKOUT, lockedUntil } from '../../src/domain/lockout';
import { passwordProblem } from '../../src/domain/password';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 29, 2, 0) + minutes * 60_000);

describe('lockedUntil', () => {
  it('locks on the fifth failure within 15 minutes, for 15 minutes from it', () => {
    const failures = [0, 1, 2, 3, 4].map(at);
    expect(lockedUntil(failures.slice(0, 4), at(5))).toBeNull();
    expect(lockedUntil(failures, at(5))).toEqual(at(19));
    expect(lockedUntil(failures, at(18.9))).toEqual(at(19));
    expect(lockedUntil(failures, at(19))).toBeNull();
  });

  it('does not lock when the five are spread over more than the window', () => {
    expect(lockedUntil([0, 4, 8, 12, 16].map(at), at(16))).toBeNull();
    expect(lockedUntil([0, 4, 8, 12, 15].map(at), at(16))).toEqual(at(30));
  });

  it('counts afresh after a lock has run out', () => {
    const first = [0, 1, 2, 3, 4].map(at);
    expect(lockedUntil([...first, at(20), at(21), at(22), at(23)], at(24))).toBeNull();
    expect(lockedUntil([...first, at(20), at(21), at(22), at(23), at(24)], at(25))).toEqual(at(39));
  });

  it('takes the failures in any order', () => {
    expect(lockedUntil([4, 0, 3, 1, 2].map(at), at(5))).toEqual(at(19));
    expect(LOCKOUT).toEqual({ failures: 5, windowMs: 900_000, lockMs: 900_000 });
  });
});

describe('passwordProblem', () => {
  it.each([
    ['Abcdef1', '密码至少8位'],
    ['abcdefgh', '至少3类'],
    ['abcd1234', '至少3类'],
    ['ABCD!@#$', '至少3类'],
    ['A'.repeat(40) + 'a1'.repeat(20), '不能超过72位'],
  ])('refuses %s', (password, message) => expect(passwordProblem(password)).toContain(message));

  it.each(['Abcdefg1', 'abcdef1!', 'ABCDEF1!', 'Abc!defg', '申报Abc1234'])('accepts %s', (password) => expect(passwordProblem(password)).toBeNull());
});
