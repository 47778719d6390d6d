import { chinaDateTime, todayInChina } from '../time/school-year';
import { chineseDate } from '../report/xlsx';

// Paper forms carry the bureaus' calendar (China Standard Time), written the Chinese way.

export { chineseDate };

/** 2024年10月12日 14:30 in China time. */
export const chineseDateTime = (d: Date): string => `${chineseDate(todayInChina(d))} ${chinaDateTime(d).slice(11)}`;

/** The form's date line left for a hand: 年 月 日 with room to write. */
export const BLANK_DATE = '　　　　年　　月　　日';
