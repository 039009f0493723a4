// Argument validation (class-validator through type-graphql): arguments that passed are remembered per
// class, so the checks must still catch every bad value, however many good ones came before.
import 'reflect-metadata';
import { Max, MaxLength, Min } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { validateArguments } from '../../src/server/validation';

class PageArgs {
  @Min(1)
  @Max(1000)
  first!: number;

  @MaxLength(8)
  after?: string;
}

class OtherArgs {
  @Max(5)
  first!: number;
}

const args = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);
const check = (value: object) => validateArguments(value, Object, {} as never);

/** The properties a check refused (none when it passed). */
function refused(value: object): string[] {
  try {
    check(value);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentValidationError);
    return (e as ArgumentValidationError).extensions.validationErrors.map((v) => v.property);
  }
}

describe('argument validation', () => {
  it('refuses a bad value after the same class passed many good ones, and every time it is sent', () => {
    for (let i = 0; i < 3; i++) expect(refused(args(PageArgs, { first: 100, after: 'abc' }))).toEqual([]);
    for (let i = 0; i < 3; i++) expect(refused(args(PageArgs, { first: 0 }))).toEqual(['first']);
    expect(refused(args(PageArgs, { first: 100, after: 'far too long' }))).toEqual(['after']);
  });

  it('keeps what passed per class: the same values can fail on another class', () => {
    expect(refused(args(PageArgs, { first: 10 }))).toEqual([]);
    expect(refused(args(OtherArgs, { first: 10 }))).toEqual(['first']);
  });

  it('checks arguments JSON cannot write, and long ones, every time', () => {
    // class-validator's Min takes numbers only; the point is that JSON's refusal of a bigint is no crash
    expect(refused(args(PageArgs, { first: 10n as unknown as number }))).toEqual(['first']);
    expect(refused(args(PageArgs, { first: 10n as unknown as number }))).toEqual(['first']);
    const long = 'x'.repeat(5000);
    expect(refused(args(PageArgs, { first: 10, after: long }))).toEqual(['after']);
    expect(refused(args(PageArgs, { first: 10, after: long }))).toEqual(['after']);
  });

  it('validates each item of a list of arguments', () => {
    expect(refused([args(PageArgs, { first: 1 }), args(PageArgs, { first: 2000 })])).toEqual(['first']);
  });
});
