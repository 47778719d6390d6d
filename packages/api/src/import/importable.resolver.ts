import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { viewerOf } from '../core/crud/mutations';
import { naturalKey } from '../core/bulk/run';
import { importables, mayImport, opsOf, templatePath, uploadPath } from './importable';

@ObjectType('ImportInfo', { description: '可从 Excel（.xlsx）或 CSV 文件导入的资源' })
class ImportInfo {
  @Field(() => String, { description: '资源（GraphQL 类型名）' }) resource!: string;
  @Field(() => String, { description: '中文名称' }) label!: string;
  @Field(() => String, { description: '缺省的写入方式：create 只新建；upsert 按唯一标识新建或更新' }) op!: string;
  @Field(() => [String], { description: '可选的写入方式（op 参数）' }) ops!: string[];
  @Field(() => String, { nullable: true, description: 'upsert 匹配已有记录的唯一标识' }) key?: string | null;
  @Field(() => String, { nullable: true, description: '唯一标识的中文名称（如 身份证号）' }) keyLabel?: string | null;
  @Field(() => String, { description: '导入模板的下载地址（带登录令牌 GET）' }) templatePath!: string;
  @Field(() => String, {
    description: '上传地址：POST 文件内容，参数 dryRun、mode（ALL_OR_NOTHING|VALID_ONLY）、op、mapping、idempotencyKey；应答为 NDJSON（progress、mapping、result 行）',
  })
  uploadPath!: string;
}

/** Which resources the signed-in role may import, and where their template and upload are. */
@Resolver()
export class ImportResolver {
  @Query(() => [ImportInfo], { description: '当前角色可导入的资源（管理界面据此显示“导入”按钮）' })
  importableResources(@Ctx() ctx: Context): ImportInfo[] {
    const viewer = viewerOf(ctx);
    return importables()
      .filter((i) => mayImport(viewer, i))
      .map((i) => {
        const key = i.spec.key && opsOf(i).includes('upsert') ? i.spec.key : null;
        return {
          resource: i.res.name,
          label: i.res.label,
          op: i.spec.op,
          ops: opsOf(i),
          key,
          keyLabel: key ? naturalKey(i.res, key).label : null,
          templatePath: templatePath(i.res),
          uploadPath: uploadPath(i.res),
        };
      });
  }
}
