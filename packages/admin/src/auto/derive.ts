// What a form fills in from another input (auto/DeriveFromFields.tsx). One file without imports:
// jest tests it (tests/admin), and the tests' type check (node16) reads it as it is.

// 公民身份号码 (GB 11643-1999), as the API checks it (packages/api/src/core/validation/id-number.ts):
// what a form can read from a number as it is typed. Pure, so jest tests it (tests/admin).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

export interface IdNumberFacts {
    /** YYYY-MM-DD */
    birthDate: string;
    /** The 17th digit: odd for men. */
    gender: 'MALE' | 'FEMALE';
}

const checkChar = (first17: string) => CHECK_CHARS[[...first17].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11];

/** The birth date and gender of a complete, valid number (as the API would accept it); null for anything else. */
export const idNumberFacts = (typed: string, today = new Date()): IdNumberFacts | null => {
    const value = typed.trim();
    if (!SHAPE.test(value) || checkChar(value.slice(0, 17)) !== value[17]) return null;
    const [y, m, d] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date > today) return null;
    return { birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`, gender: Number(value[16]) % 2 === 1 ? 'MALE' : 'FEMALE' };
};

/** A field a form fills from another as it is typed, as `resources { fields { derive } }` declares it. */
export interface Derivation {
    from: string;
    fact: string;
}

const FACTS: Record<string, (source: string) => string | undefined> = {
    ID_NUMBER_GENDER: source => idNumberFacts(source)?.gender,
    ID_NUMBER_BIRTH_DATE: source => idNumberFacts(source)?.birthDate,
};

/** The value `fact` reads from the source's value, or undefined (not yet complete, invalid, a fact this admin does not know). */
export const derivedValue = (fact: string, source: unknown): string | undefined =>
    typeof source === 'string' ? FACTS[fact]?.(source) : undefined;

/**
 * Whether to fill a derived value in: the input is empty, or still holds what was filled last (the
 * user has not typed over it), and the value differs. A value the user typed is never replaced.
 */
export const shouldFill = (current: unknown, lastFilled: unknown, value: string | undefined): value is string =>
    value !== undefined && value !== current && (current == null || current === '' || current === lastFilled);
