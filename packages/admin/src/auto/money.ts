// Money is stored as integer fen (分) and shown and typed as yuan (元) with two decimals.

/** Yuan with two decimals (¥1,234.50). */
export const yuan = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 });

export const formatYuan = (fen: number): string => yuan.format(fen / 100);

/** Fen from the form's value in yuan; empty stays empty. */
export const fenFromYuan = (value: unknown): number | null => {
    if (value === '' || value == null) return null;
    const number = Number(value);
    return Number.isFinite(number) ? Math.round(number * 100) : null;
};

/** Yuan for the input from the stored fen. */
export const yuanFromFen = (value: unknown): number | string =>
    typeof value === 'number' ? Number((value / 100).toFixed(2)) : '';
