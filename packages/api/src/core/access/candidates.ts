import { idNumberCheckChar } from '../validation/id-number';

/** What a reader knows about one child, from which a 身份证号 might be rebuilt. */
export interface IdNumberKnowledge {
  /**
   * Masked forms of the number as read (18 characters, `*` where hidden): the 身份证号, and the
   * 学籍号 without its G. Shown characters must all hold.
   */
  masks: string[];
  /** The birth date as read: day null when only the year and month are read; null when not read. */
  birth: { year: number; month: number; day: number | null } | null;
  gender: 'MALE' | 'FEMALE' | null;
  /** The 6-digit region the reader takes the number to start with (the county of the child's village). */
  region: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * How many 18-character numbers agree with everything read about a child: the birth date part
 * (within the read precision, else any day of `years` back from `today`), a sequence of the right
 * parity for the gender, and every character a mask shows, the check character derived from the
 * first 17. The region is taken as known (one value): a reader of the child's village or school
 * can name the county, so hiding it in a mask buys nothing; a mask showing another region leaves none.
 */
export function idNumberCandidates(k: IdNumberKnowledge, today = new Date(), years = 25): number {
  const masks = k.masks.filter((m) => m.length === 18);
  const fits = (pos: number, ch: string) => masks.every((m) => m[pos] === '*' || m[pos].toUpperCase() === ch);
  const dates: string[] = [];
  const endYear = today.getUTCFullYear();
  for (let y = k.birth?.year ?? endYear - years; y <= (k.birth?.year ?? endYear); y++) {
    for (let m = k.birth?.month ?? 1; m <= (k.birth?.month ?? 12); m++) {
      for (let d = k.birth?.day ?? 1; d <= (k.birth?.day ?? daysIn(y, m)); d++) {
        const text = `${y}${pad(m, 2)}${pad(d, 2)}`;
        if ([...text].every((ch, i) => fits(6 + i, ch))) dates.push(text);
      }
    }
  }
  if (![...k.region].every((ch, i) => fits(i, ch))) return 0;
  const sequences: string[] = [];
  for (let seq = 0; seq < 1000; seq++) {
    if (k.gender && (seq % 2 === 1) !== (k.gender === 'MALE')) continue;
    const s = pad(seq, 3);
    if (fits(14, s[0]) && fits(15, s[1]) && fits(16, s[2])) sequences.push(s);
  }
  // A hidden check character adds no freedom: one number per birth date and sequence.
  if (masks.every((m) => m[17] === '*')) return dates.length * sequences.length;
  let count = 0;
  for (const date of dates) for (const s of sequences) if (fits(17, idNumberCheckChar(`${k.region}${date}${s}`))) count++;
  return count;
}

/** The birth date as a reader knows it from what it read: 2015-03-14, or 2015-03 when read by month. */
export function birthAsRead(date: string | null): IdNumberKnowledge['birth'] {
  if (!date) return null;
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day: day ?? null };
}
