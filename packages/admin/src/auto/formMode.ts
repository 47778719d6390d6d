/**
 * Create and edit forms check an input when it is left (not only on 保存), and again as it is
 * corrected, so a mistake shows where it was made.
 */
export const VALIDATE_ON_BLUR = { mode: 'onBlur', reValidateMode: 'onChange' } as const;
