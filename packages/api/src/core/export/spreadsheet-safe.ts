/**
 * Characters that make Excel, WPS or LibreOffice read a cell's text as a formula (OWASP, CSV
 * injection; ASVS 1.2.10 adds NUL): = + - @, tab, carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * A value as it may go into a spreadsheet cell (CSV or xlsx): a text beginning like a formula gets
 * a leading apostrophe, OWASP's recommendation, so `=HYPERLINK(…)` stays text and a phone
 * `+86 138…` or a note `-3天` reads as written behind the apostrophe. Only strings change: numbers
 * (a negative amount), dates, booleans and null pass as they are.
 */
export function spreadsheetSafe<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}
