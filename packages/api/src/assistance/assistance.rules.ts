import { SchoolKind } from '../org/org.enums';
import { AssistanceCategory, CASH_CATEGORIES, FundingSource, GOODS_CATEGORIES } from './assistance.enums';

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

/** 000 六(三): the consolation activity's own spending. */
const CONSOLATION: string[] = [AssistanceCategory.CONSOLATION_CASH, AssistanceCategory.CONSOLATION_GOODS];
/** Kindergartens and senior schools: from the aid fund drawn from business income; every other kind is of 义务教育. */
const NON_COMPULSORY: string[] = [SchoolKind.KINDERGARTEN, SchoolKind.SENIOR];

/** The source a school of `kind` pays a consolation from (000 六(三)). */
export const fundingSourceFor = (kind: string): FundingSource =>
  NON_COMPULSORY.includes(kind) ? FundingSource.SCHOOL_AID_FUND : FundingSource.PUBLIC_FUNDS;

/**
 * 000 六(三) "非义务教育阶段的…从事业收入中提取的资助资金中开支；义务教育阶段的学校，从生均公用经费中开支":
 * a consolation's funding source follows the school's stage. Donations and fiscal aid are not
 * the school's to pay and stay free.
 */
export function fundingSourceProblem(category: string, fundingSource: string, schoolKind: string | null): Found | null {
  if (!CONSOLATION.includes(category) || !schoolKind) return null;
  if (fundingSource === FundingSource.SOCIAL_DONATION || fundingSource === FundingSource.FISCAL) return null;
  if (fundingSource === fundingSourceFor(schoolKind)) return null;
  return NON_COMPULSORY.includes(schoolKind)
    ? { field: 'fundingSource', rule: 'FUNDING_SOURCE_OF_STAGE', message: '幼儿园、高中的慰问经费应从学校事业收入中提取的资助资金中开支' }
    : { field: 'fundingSource', rule: 'FUNDING_SOURCE_OF_STAGE', message: '义务教育阶段学校的慰问经费应从生均公用经费中开支' };
}
