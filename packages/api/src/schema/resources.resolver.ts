import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context, Viewer } from '../core/context';
import type { ResourceSpec } from '../core/resource/spec';
import { resources } from '../registry';
import { can } from '../core/access/policy';
import { viewerOf } from '../core/crud/mutations';
import { gqlNames } from '../core/names';
import { childrenOf } from '../core/resource/registry';
import { printFormPath } from '../core/forms/path';
import { recordDownloadsOf } from '../core/resource/downloads';
import { MENUS } from '../policy';
import { CONFIRM_DUPLICATE, POSSIBLE_DUPLICATE } from '../core/crud/possible-duplicate';
import { searchablePaths } from '../core/crud/where';
import { searchLabel } from '../core/crud/input-types';
import { subtitleFor } from '../core/resource/subtitle';

@ObjectType('FieldDerivation', { description: '表单据另一字段自动填写本字段（输入时填入，不覆盖用户已填的值）' })
class FieldDerivation {
  @Field(() => String, { description: '来源字段（GraphQL 字段名，如 idNumber）' }) from!: string;
  @Field(() => String, { description: '读取的内容：ID_NUMBER_GENDER 身份证号第17位的性别（MALE/FEMALE）、ID_NUMBER_BIRTH_DATE 身份证号中的出生日期' }) fact!: string;
}

@ObjectType('ResourceConfirmation', { description: '新建时须确认的情形：被以 rule 拒绝后，用户确认即把 argument 设为 true 重新提交' })
class ResourceConfirmation {
  @Field(() => String, { description: '确认参数（如 confirmDuplicate）' }) argument!: string;
  @Field(() => String, { description: '拒绝（CONFLICT）所用的规则编号（如 POSSIBLE_DUPLICATE）' }) rule!: string;
  @Field(() => String, { description: '情形说明（如 该校已有同名同出生日期的学生）' }) label!: string;
}

@ObjectType('ResourceField', { description: '资源字段的元数据' })
class ResourceField {
  @Field(() => String, { description: 'GraphQL 字段名' }) name!: string;
  @Field(() => String, { description: '中文名称' }) label!: string;
  @Field(() => String, { description: '种类：id text int bool date datetime enum enumList json ref refList secret' }) kind!: string;
  @Field(() => Boolean, { description: '可为空' }) nullable!: boolean;
  @Field(() => Boolean, { description: '可写（新建或修改）' }) writable!: boolean;
  @Field(() => Boolean, { description: '只能在新建时填写' }) createOnly!: boolean;
  @Field(() => Boolean, { description: '界面提供的筛选与排序（有索引）' }) indexed!: boolean;
  @Field(() => Boolean, { description: '金额（分）' }) money!: boolean;
  @Field(() => Int, { nullable: true, description: '最大长度（字）' }) maxLength?: number;
  @Field(() => String, { nullable: true, description: '个人信息类别（ID_NUMBER、NAME、PHONE、ADDRESS、BIRTH_DATE、FOCUS、AMOUNT、NOTES）' }) sensitive?: string;
  @Field(() => String, { nullable: true, description: '引用的资源' }) target?: string;
  @Field(() => String, { nullable: true, description: '新建表单的建议值（可改）：now 现在、now+2h 两小时后、viewer.staff 本人、student.address 所选学生的该字段' })
  suggest?: string;
  @Field(() => String, { nullable: true, description: '表单中仅当此字段取 shownWhenValues 之一时显示本项（如完成后才填的家访记录）' })
  shownWhenField?: string;
  @Field(() => [String], { nullable: true, description: '见 shownWhenField' })
  shownWhenValues?: string[];
  @Field(() => [String], { nullable: true, description: '新建时可选的值（其余经流程操作达到）' })
  createChoices?: string[];
  @Field(() => FieldDerivation, { nullable: true, description: '据另一字段自动填写（如性别、出生日期据身份证号）' }) derive?: FieldDerivation;
  @Field(() => Boolean, { description: '技术信息（记录编号、版本等）：界面默认不显示，管理员可打开“技术信息”查看' }) technical!: boolean;
}

@ObjectType('ResourceSubtitlePart', { description: '选择框中区分同名记录的一项（如学生的学校、班级、出生年份）' })
class ResourceSubtitlePart {
  @Field(() => String, { description: '字段名（引用字段显示所引用记录的名称）' }) field!: string;
  @Field(() => Boolean, { description: '日期只取年份' }) year!: boolean;
  @Field(() => String, { nullable: true, description: '显示格式，{} 换成取值（如 {}年生）' }) template?: string | null;
}

@ObjectType('ResourceChild', { description: '下级列表' })
class ResourceChild {
  @Field(() => String, { description: '字段名' }) name!: string;
  @Field(() => String, { description: '中文名称' }) label!: string;
  @Field(() => String, { description: '下级资源' }) target!: string;
  @Field(() => String, { description: '下级资源中指回本资源的引用字段（如 schoolId）' }) inverse!: string;
  @Field(() => Boolean, { description: '随本记录一并新建（新建本资源时可在同一表单中填写）' }) nested!: boolean;
}

@ObjectType('ResourcePrintForm', { description: '单条记录的打印表（按文件附件的纸质表样式生成 Excel）' })
class ResourcePrintForm {
  @Field(() => String, { description: '按钮名称' }) label!: string;
  @Field(() => String, { description: '下载地址，{id} 换成记录编号（带登录令牌 GET）' }) path!: string;
}

@ObjectType('ResourceDownloadParam', { description: '记录下载的查询参数' })
class ResourceDownloadParam {
  @Field(() => String, { description: '参数名' }) name!: string;
  @Field(() => String, { description: '中文名称' }) label!: string;
  @Field(() => String, { nullable: true, description: '取值所属的枚举类型（如 Semester）；为空则为文本' }) enumType?: string;
  @Field(() => String, { nullable: true, description: '文本的示例（如 2024-2025）' }) example?: string;
  @Field(() => Boolean, { description: '必填' }) required!: boolean;
  @Field(() => String, { nullable: true, description: '默认值（如当前学年）' }) defaultValue?: string | null;
}

@ObjectType('ResourceDownload', { description: '单条记录的下载（如学校的控辍保学档案压缩包）' })
class ResourceDownload {
  @Field(() => String, { description: '按钮名称' }) label!: string;
  @Field(() => String, { description: '下载地址，{id} 换成记录编号，参数加在查询串中（带登录令牌 GET）' }) path!: string;
  @Field(() => [ResourceDownloadParam]) params!: ResourceDownloadParam[];
}

@ObjectType('ActionCondition', { description: '记录须满足的条件：字段取其中一个值' })
class ActionCondition {
  @Field(() => String, { description: '字段名（如 status）' }) field!: string;
  @Field(() => [String], { description: '允许的取值（枚举值）' }) values!: string[];
}

@ObjectType('ResourceAction', { description: '单条记录的流程操作（如家访的出发、完成）及其适用的记录状态' })
class ResourceAction {
  @Field(() => String, { description: '变更（mutation）名，参数为 id、version 及其说明的其他参数' }) mutation!: string;
  @Field(() => String, { description: '按钮名称' }) label!: string;
  @Field(() => String, { description: '所需权限操作（update、review）' }) operation!: string;
  @Field(() => [[ActionCondition]], { description: '适用的记录状态：满足其中任一组（组内条件须全部满足）即可操作' }) from!: ActionCondition[][];
}

@ObjectType('ResourceInfo', { description: '资源的元数据：管理界面据此生成菜单、列表、表单' })
class ResourceInfo {
  @Field(() => String, { description: '资源（GraphQL 类型名）' }) name!: string;
  @Field(() => String, { description: '中文名称' }) label!: string;
  @Field(() => String, { description: '业务领域：org roster visit pairing assistance dropout system' }) area!: string;
  @Field(() => String, { description: '代表一条记录的字段' }) display!: string;
  @Field(() => [String], { description: '当前角色的关键词搜索覆盖的字段（只含可完整查看的字段；为空则不能搜索）' }) search!: string[];
  @Field(() => String, { nullable: true, description: '当前角色的搜索框提示（如 关键词（搜索姓名））' }) searchLabel?: string | null;
  @Field(() => [ResourceSubtitlePart], { description: '选择框中区分同名记录的字段（只含当前角色可完整查看的字段）' }) subtitle!: ResourceSubtitlePart[];
  @Field(() => String, { description: '默认排序字段' }) defaultSortField!: string;
  @Field(() => String, { description: '默认排序方向' }) defaultSortOrder!: string;
  @Field(() => String, { description: '列表查询名' }) listQuery!: string;
  @Field(() => [String], { nullable: true, description: '列表默认显示的列（未给出时由界面按索引字段选取）' }) listFields?: string[];
  @Field(() => [ResourceField]) fields!: ResourceField[];
  @Field(() => [ResourceChild]) children!: ResourceChild[];
  @Field(() => ResourcePrintForm, { nullable: true, description: '单条记录的打印表（如附件3-1、附件4）' }) printForm?: ResourcePrintForm | null;
  @Field(() => [ResourceDownload], { description: '当前角色可用的单条记录下载（如学校的控辍保学档案）' }) downloads!: ResourceDownload[];
  @Field(() => [ResourceAction], { description: '当前角色可用的流程操作，及每个操作适用的记录状态' }) actions!: ResourceAction[];
  @Field(() => Boolean, { description: '列入当前角色的菜单（其余仍可从相关记录进入）' }) inMenu!: boolean;
  @Field(() => [ResourceConfirmation], { description: '新建时可能须用户确认的情形（如同名同出生日期的学生）' }) confirmations!: ResourceConfirmation[];
}

/** The resource declarations, for the admin: what introspection cannot say (areas, kinds, money). */
@Resolver()
export class ResourcesResolver {
  @Query(() => [ResourceInfo], { description: '当前角色可查看的资源及其字段元数据' })
  resources(@Ctx() ctx: Context): ResourceInfo[] {
    const viewer = viewerOf(ctx);
    const menu = MENUS[viewer.role as keyof typeof MENUS];
    return resources()
      .filter((r) => can(viewer, r, 'read'))
      .map((r) => infoOf(r, viewer, menu));
  }
}

/** A declared field's GraphQL name (`school` → `schoolId`), or the name as given. */
const gqlNameOf = (r: ResourceSpec, name: string) => r.fields.find((f) => f.name === name)?.gqlName ?? name;

function infoOf(r: ResourceSpec, viewer: Viewer, menu: readonly string[] | undefined): ResourceInfo {
  const search = searchablePaths(r, viewer);
  return {
    name: r.name,
    label: r.label,
    area: r.area,
    display: r.display,
    search,
    searchLabel: search.length ? searchLabel(r, search) : null,
    subtitle: subtitleFor(r, viewer),
    defaultSortField: gqlNameOf(r, r.defaultSort.field),
    defaultSortOrder: r.defaultSort.order,
    listQuery: gqlNames(r.name).list,
    listFields: r.listFields?.map((name) => gqlNameOf(r, name)),
    fields: r.fields.map((f) => ({
      name: f.gqlName,
      label: f.label,
      kind: f.kind,
      nullable: f.nullable,
      writable: f.writable,
      createOnly: f.createOnly,
      indexed: f.indexed || f.kind === 'ref',
      money: f.money,
      maxLength: f.maxLength,
      sensitive: f.sensitivity,
      target: f.target ? f.target().name : undefined,
      suggest: f.suggest,
      shownWhenField: f.shownWhen && gqlNameOf(r, f.shownWhen.field),
      shownWhenValues: f.shownWhen && [...f.shownWhen.values],
      createChoices: f.createChoices && [...f.createChoices],
      derive: f.derive && { from: gqlNameOf(r, f.derive.from), fact: f.derive.fact },
      technical: f.technical ?? false,
    })),
    children: childrenOf(r).map((c) => ({ name: c.name, label: c.label, target: c.target().name, inverse: `${c.inverse}Id`, nested: !!c.nested })),
    printForm: r.printForm ? { label: r.printForm.label, path: printFormPath(r) } : null,
    downloads: recordDownloadsOf(r.name, viewer).map((d) => ({
      label: d.label,
      path: d.path,
      params: d.params.map((p) => ({ ...p, required: p.required ?? false, defaultValue: p.defaultValue?.() ?? null })),
    })),
    actions: r.actions
      .filter((a) => can(viewer, r, a.operation ?? 'update'))
      .map((a) => ({
        mutation: a.mutation,
        label: a.label,
        operation: a.operation ?? 'update',
        from: a.from.map((state) => Object.entries(state).map(([field, values]) => ({ field: gqlNameOf(r, field), values: [...values] }))),
      })),
    inMenu: !menu || menu.includes(r.name),
    confirmations: r.possibleDuplicate ? [{ argument: CONFIRM_DUPLICATE, rule: POSSIBLE_DUPLICATE, label: r.possibleDuplicate.label }] : [],
  };
}
