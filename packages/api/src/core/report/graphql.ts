import { Args, ArgsType, Ctx, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DateTimeISO, LocalDate } from '../resource/scalars';
import type { Context } from '../context';
import { defineEnum } from '../resource/enums';
import { declareField, namedClass } from '../crud/gql-types';
import { decorate } from '../crud/resolver';
import { Semester } from '../time/school-year';
import { computeReport } from './report';
import type { ReportArgName, ReportSpec } from './spec';

export const ReportGrouping = defineEnum('ReportGrouping', '报表分组', {
  SCHOOL: '按学校',
  REPORTING_UNIT: '按中心校（幼儿园、教学点并入中心校）',
  TOWN: '按乡镇',
  VILLAGE: '按村（社区）',
  COUNTY: '全县合计',
});

export const ReportRowType = defineEnum('ReportRowType', '报表行类型', { DETAIL: '明细', SUBTOTAL: '小计', TOTAL: '合计' });

/** The GraphQL type and description of each report argument; one meaning across reports. */
export const REPORT_ARGS: Record<ReportArgName, { type: () => unknown; description: string }> = {
  schoolYear: { type: () => String, description: '学年，如 2024-2025（缺省：活动所在学年，或 asOf 所在学年）' },
  semester: { type: () => Semester, description: '学期（缺省为整个学年）' },
  from: { type: () => LocalDate, description: '起始日期（含），给出时取代学年、学期' },
  to: { type: () => LocalDate, description: '截止日期（含），给出时取代学年、学期' },
  campaignId: { type: () => ID, description: '家访活动' },
  asOf: { type: () => LocalDate, description: '统计日期：年龄、逾期按此日计算（缺省今天）' },
  month: { type: () => String, description: '月份，如 2025-03（缺省为 asOf 所在月）' },
  townId: { type: () => ID, description: '只统计此乡镇' },
  schoolId: { type: () => ID, description: '只统计此学校及其下属园校' },
  groupBy: { type: () => ReportGrouping, description: '分组方式' },
};

const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

function rowType(spec: ReportSpec): Function {
  const name = `${pascal(spec.name)}Row`;
  const Row = namedClass(name);
  declareField(Row, 'unitId', () => ID, { nullable: true, description: '单位编号（学校或区划；合计行为空）' });
  declareField(Row, 'unitCode', () => String, { nullable: true, description: '学校代码或区划代码' });
  declareField(Row, 'unitName', () => String, { description: spec.unitHead ?? '单位' });
  declareField(Row, 'rowType', () => ReportRowType, { description: '明细、小计或合计' });
  for (const d of spec.dimensions ?? []) {
    declareField(Row, d.key, () => String, { nullable: true, description: d.label });
    if (d.labels) declareField(Row, `${d.key}Label`, () => String, { nullable: true, description: `${d.label}（中文）` });
  }
  // Counts and amounts are null only where withheld from a reader with small cells (see suppressed).
  for (const c of spec.columns) {
    const description = c.description ?? (c.kind === 'money' ? `${c.label}，单位：分` : c.label);
    if (c.kind === 'count') declareField(Row, c.key, () => Int, { nullable: true, description: `${description}（不公开时为空）` });
    else if (c.kind === 'money') declareField(Row, c.key, () => Float, { nullable: true, description: `${description}（不公开时为空）` });
    else if (c.kind === 'percent') declareField(Row, c.key, () => Float, { nullable: true, description: `${c.label}（%，一位小数；分母为0或不公开时为空）` });
    else if (c.kind === 'text') declareField(Row, c.key, () => String, { nullable: true, description });
  }
  declareField(Row, 'small', () => [String], { description: '人数为1–4、显示为“<5”的列（只对接口令牌等只读汇总数据的角色；其值为空）' });
  declareField(Row, 'suppressed', () => [String], {
    description: '不公开的列：small 中的列，以及可据以推算出它们的百分比、金额和合计之差（其值为空）；其他角色为空列表',
  });
  ObjectType(name, { description: `${spec.title}的一行` })(Row);
  return Row;
}

function resultType(spec: ReportSpec, Row: Function): Function {
  const name = pascal(spec.name);
  const Result = namedClass(name);
  declareField(Result, 'title', () => String, { description: '表名' });
  declareField(Result, 'form', () => String, { description: '对应的文件附表' });
  declareField(Result, 'unitName', () => String, { description: '报送单位' });
  declareField(Result, 'areaName', () => String, { description: '统计范围：所选乡镇或学校，未筛选时为报送单位' });
  declareField(Result, 'period', () => String, { description: '统计期间' });
  declareField(Result, 'from', () => LocalDate, { description: '起始日期' });
  declareField(Result, 'to', () => LocalDate, { description: '截止日期' });
  declareField(Result, 'asOf', () => LocalDate, { description: '统计日期' });
  declareField(Result, 'grouping', () => ReportGrouping, { description: '分组方式' });
  declareField(Result, 'generatedAt', () => DateTimeISO, { description: '生成时间' });
  declareField(Result, 'rows', () => [Row], { description: '明细与小计行' });
  declareField(Result, 'total', () => Row, { description: '合计行' });
  ObjectType(name, { description: `${spec.title}（${spec.form}）：${spec.description}` })(Result);
  return Result;
}

function argsType(spec: ReportSpec): Function {
  const Cls = namedClass(`${pascal(spec.name)}Args`);
  for (const a of spec.args) {
    const required = spec.required?.includes(a);
    const d = REPORT_ARGS[a];
    const description = a === 'groupBy' ? `${d.description}：${spec.groupings.join('、')}（缺省 ${spec.defaultGrouping}）` : d.description;
    declareField(Cls, a, d.type, { nullable: !required, description });
  }
  for (const o of spec.options ?? []) declareField(Cls, o.name, o.type, { nullable: true, description: o.description });
  ArgsType()(Cls);
  return Cls;
}

/** One query per report, typed from its declaration: `consolationReport(...)` → ConsolationReport. */
export function buildReportResolver(specs: ReportSpec[]): Function {
  class ReportResolver {}
  const P = ReportResolver.prototype as any;
  for (const spec of specs) {
    const Row = rowType(spec);
    const Result = resultType(spec, Row);
    const ArgsCls = argsType(spec);
    P[spec.name] = (args: Record<string, unknown>, ctx: Context) => computeReport(ctx.em, spec, ctx.viewer, args);
    decorate(ReportResolver, spec.name, Query(() => Result, { name: spec.name, description: `${spec.title}（${spec.form}）` }), [Args(() => ArgsCls), Ctx()]);
  }
  Resolver()(ReportResolver);
  return ReportResolver;
}
