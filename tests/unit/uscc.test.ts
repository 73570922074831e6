import usccVectors from '../../../shared/vectors/uscc.json';
import { UsccError, isValidUscc, normaliseUscc, parseUscc, usccCheckCharacter } from '../../src/domain/uscc';

describe('USCC against the shared vectors', () => {
  it.each(usccVectors.valid)('accepts $code ($source)', ({ code }) => {
    expect(parseUscc(code).code).toBe(code);
    expect(isValidUscc(code)).toBe(true);
  });

  it.each(usccVectors.invalid)('refuses $code ($why)', ({ code }) => {
    expect(isValidUscc(code)).toBe(false);
    expect(() => parseUscc(code)).toThrow(UsccError);
  });
});

describe('USCC refusals say what is wrong', () => {
  it.each([
    ['', 'uscc.empty', '不能为空'],
    ['12345', 'uscc.length', '应为18位，当前为5位'],
    ['9111000060003IOZSV', 'uscc.charset', 'I、O、Z、S、V'],
    ['B1110000600037341L', 'uscc.registration_authority', '第1位「B」'],
    ['9111A000600037341L', 'uscc.division', '行政区划代码'],
    ['91350100M000100Y4Z', 'uscc.checksum', '校验位不正确'],
  ])('%p → %s', (code, errorCode, message) => {
    let caught: unknown;
    try {
      parseUscc(code, 'organization.uscc');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsccError);
    expect(caught).toMatchObject({ code: errorCode, field: 'organization.uscc' });
    expect((caught as Error).message).toContain(message);
  });

  it('reports the expected check character', () => {
    expect(() => parseUscc('91350100M000100Y4Z')).toThrow(
      expect.objectContaining({ details: { expected: '3', actual: 'Z' } }),
    );
  });

  it('does not crash on non-string input', () => {
    expect(isValidUscc(undefined as unknown as string)).toBe(false);
    expect(isValidUscc(12345 as unknown as string)).toBe(false);
  });
});

describe('USCC normalisation and parts', () => {
  it('accepts lower case and spaces as typed', () => {
    expect(normaliseUscc(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(parseUscc('9135 0100 m000 100y 43').code).toBe('91350100M000100Y43');
  });

  it('splits the code into its parts', () => {
    expect(parseUscc('121200004013590816')).toEqual({
      code: '121200004013590816',
      registrationAuthority: '机构编制',
      categoryCode: '2',
      divisionCode: '120000',
      organisationCode: '401359081',
    });
  });

  it('computes the check character of the standard example', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('91152201078376286')).toBe('0');
  });
});
