import { CASH_CATEGORIES, GOODS_CATEGORIES } from './assistance.enums';

type Found = { field: string; rule: string; message: string };

/** Cash items need an amount, goods items a value (both in fen); donations one of them. */
export function assistanceProblems(a: { category: string; cashFen?: number | null; goodsValueFen?: number | null }): Found[] {
  const cash = (a.cashFen ?? 0) > 0;
  const goods = (a.goodsValueFen ?? 0) > 0;
  if ((CASH_CATEGORIES as string[]).includes(a.category) && !cash) {
    return [{ field: 'cashFen', rule: 'CASH_AMOUNT_REQUIRED', message: '现金类资助须填写金额（分）' }];
  }
  if ((GOODS_CATEGORIES as string[]).includes(a.category) && !goods) {
    return [{ field: 'goodsValueFen', rule: 'GOODS_VALUE_REQUIRED', message: '物资类资助须填写折合价值（分）' }];
  }
  if (!cash && !goods) {
    return [{ field: 'cashFen', rule: 'AMOUNT_REQUIRED', message: '社会捐助须填写金额或物资价值（分）' }];
  }
  return [];
}
