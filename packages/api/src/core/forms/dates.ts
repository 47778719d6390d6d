import { todayInChina } from '../../org/school-year';
import { chineseDate } from '../report/xlsx';

// Paper forms carry the bureaus' calendar (China Standard Time), written the Chinese way.

export { chineseDate };

/** The China day of an instant, YYYY-MM-DD. */
export const chinaDay = (d: Date): string => todayInChina(d);

/** 2024-10-12 14:30 in China time. */
export const chinaDateTime = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** 2024年10月12日 14:30 in China time. */
export const chineseDateTime = (d: Date): string => `${chineseDate(chinaDay(d))} ${chinaDateTime(d).slice(11)}`;

/** The form's date line left for a hand: 年 月 日 with room to write. */
export const BLANK_DATE = '　　　　年　　月　　日';

/** A day as 2024年10月12日, or the blank line when there is none. */
export const dateOrBlank = (day: string | null | undefined): string => (day ? chineseDate(day) : BLANK_DATE);
