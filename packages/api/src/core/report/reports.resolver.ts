import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { viewerOf } from '../crud/mutations';
import { canReadReport } from './access';
import { can, withholdsSmallCells } from '../access/policy';
import { schoolTermOf, todayInChina } from '../time/school-year';
import type { ReportSpec } from './spec';

@ObjectType('ReportColumnInfo', { description: '报表的一列' })
class ReportColumnInfo {
  @Field(() => String, { description: '行类型中的字段名' }) key!: string;
  @Field(() => String, { description: '表头（与文件附表一致）' }) label!: string;
  @Field(() => String, { description: 'count、money（分）、percent、text 或 blank（仅打印表中留空待填）' }) kind!: string;
  @Field(() => String, { nullable: true, description: '合并表头（如 家访形式统计）' }) group?: string;
  @Field(() => Boolean, { description: '仅在接口中提供，打印表无此列' }) apiOnly!: boolean;
  @Field(() => [String], { nullable: true, description: '百分比的分子、分母列' }) of?: string[];
  @Field(() => [String], { nullable: true, description: '本列为同一行这些计数列之和（如家访总数）' }) sumOf?: string[];
  @Field(() => Boolean, { description: '期末存量（如月末未结案件）：合计行为最后一期的数，不是各期之和' }) stock!: boolean;
  @Field(() => [String], { nullable: true, description: '期末存量较上一期增加的列（如新发现）' }) flowIn?: string[];
  @Field(() => [String], { nullable: true, description: '期末存量较上一期减少的列（如劝返复学、核查结案）' }) flowOut?: string[];
}

@ObjectType('ReportDimensionInfo', { description: '报表行的进一步细分（月份、类别）' })
class ReportDimensionInfo {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => Boolean, { description: '行中另有 <key>Label 字段给出中文' }) labelled!: boolean;
}

@ObjectType('ReportChartInfo', { description: '仪表盘图表：units 按单位的柱状图，total 合计行的饼图，dimension 按细分类别的饼图' })
class ReportChartInfo {
  @Field(() => String) kind!: string;
  @Field(() => [String], { description: '所画的列' }) columns!: string[];
  @Field(() => String, { nullable: true, description: 'dimension 图所按的细分' }) dimension?: string;
  @Field(() => String) title!: string;
}

@ObjectType('ReportListActionInfo', { description: '名单每行的操作按钮：以该行 from 字段的值作为 arg 调用 mutation；doneField 有值的行改为链接到该记录' })
class ReportListActionInfo {
  @Field(() => String) mutation!: string;
  @Field(() => String, { description: '按钮文字' }) label!: string;
  @Field(() => String, { description: 'mutation 的参数名' }) arg!: string;
  @Field(() => String, { description: '取值的名单字段' }) from!: string;
  @Field(() => String, { description: '已办时记录编号所在的名单字段' }) doneField!: string;
  @Field(() => String, { description: '该记录的资源名' }) doneResource!: string;
  @Field(() => String, { description: '链接文字' }) doneLabel!: string;
}

@ObjectType('ReportInfo', { description: '报表的元数据：管理界面据此生成仪表盘、表格和下载按钮' })
class ReportInfo {
  @Field(() => String, { description: '查询名（…Report）' }) name!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { description: '对应的文件附表' }) form!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { description: 'aggregate（只有数字）或 compliance（另有学生名单 complianceGaps）' }) kind!: string;
  @Field(() => [String], { description: '接受的参数（本报表特有的参数在后）' }) args!: string[];
  @Field(() => [String], { description: '必填参数' }) requiredArgs!: string[];
  @Field(() => [String], { description: '可选的分组方式' }) groupings!: string[];
  @Field(() => String) defaultGrouping!: string;
  @Field(() => String, { description: '第一列表头' }) unitHead!: string;
  @Field(() => [ReportDimensionInfo]) dimensions!: ReportDimensionInfo[];
  @Field(() => [ReportColumnInfo]) columns!: ReportColumnInfo[];
  @Field(() => ReportChartInfo, { nullable: true, description: '仪表盘上画的图' }) chart?: ReportChartInfo;
  @Field(() => String, { description: '下载地址（同名查询参数）' }) download!: string;
  @Field(() => String, { nullable: true, description: '列出数字背后名单的分页查询（如 complianceGaps），接受报表的筛选参数' }) list?: string;
  @Field(() => ReportListActionInfo, { nullable: true, description: '名单每行的操作（如按风险预警开案）' }) listAction?: ReportListActionInfo;
  @Field(() => Boolean, { description: '当前角色读到的计数中，1–4 显示为“<5”（行的 small、suppressed 列出不公开的列）' }) smallCells!: boolean;
}

@ObjectType('ReportDefaults', { description: '仪表盘打开时的统计期间：最近有记录的学年' })
class ReportDefaults {
  @Field(() => String, { description: '最近一次完成家访所在学年（无记录时为今天所在学年）' }) schoolYear!: string;
  @Field(() => String, { description: '最近一次完成家访的日期（不晚于今天）' }) asOf!: string;
  @Field(() => String, { nullable: true, description: '最近开始的家访活动' }) campaignId?: string;
}

/** The report declarations, for the admin's dashboard and for dashboards that discover reports. */
export function buildReportsInfoResolver(specs: ReportSpec[]): Function {
  @Resolver()
  class ReportsInfoResolver {
    @Query(() => [ReportInfo], { description: '当前角色可查看的报表及其列' })
    reports(@Ctx() ctx: Context): ReportInfo[] {
      const viewer = viewerOf(ctx);
      return specs
        .filter((s) => canReadReport(viewer, s))
        .map((s) => ({
          name: s.name,
          title: s.title,
          form: s.form,
          description: s.description,
          kind: s.kind,
          args: [...s.args, ...(s.options ?? []).map((o) => o.name)],
          requiredArgs: s.required ?? [],
          groupings: s.groupings,
          defaultGrouping: s.defaultGrouping,
          unitHead: s.unitHead ?? '单位',
          dimensions: (s.dimensions ?? []).map((d) => ({ key: d.key, label: d.label, labelled: !!d.labels })),
          columns: s.columns.map((c) => ({ key: c.key, label: c.label, kind: c.kind, group: c.group, apiOnly: !!c.apiOnly, of: c.of, sumOf: c.sumOf, stock: !!c.stock,
            flowIn: c.flow?.in, flowOut: c.flow?.out })),
          chart: s.chart,
          download: `/reports/${s.name}.xlsx`,
          list: s.list,
          // Offered to the roles that may create what it makes (an analyst reads the list only).
          listAction: s.listAction && can(viewer, s.listAction.doneResource, 'create') ? s.listAction : undefined,
          smallCells: withholdsSmallCells(viewer),
        }));
    }

    @Query(() => ReportDefaults, { description: '报表的缺省统计期间（演示数据停在过去的某一天时也能看到内容）' })
    async reportDefaults(@Ctx() ctx: Context): Promise<ReportDefaults> {
      const viewer = viewerOf(ctx);
      const today = todayInChina();
      const [row] = await ctx.em.getConnection().execute(
        `select to_char((max(visited_at) at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as last,
           (select id from campaign where bureau_id = ? order by start_date desc limit 1) as campaign
         from visit_record where bureau_id = ? and visited_at <= now()`,
        [viewer.bureauId, viewer.bureauId],
      );
      const asOf = row?.last && row.last < today ? row.last : today;
      return { schoolYear: schoolTermOf(asOf).schoolYear, asOf, campaignId: row?.campaign ?? undefined };
    }
  }
  return ReportsInfoResolver;
}
