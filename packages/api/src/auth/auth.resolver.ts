import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { User } from '../org/user.entity';
import { Role } from '../org/org.enums';
import { defineEnum, type EnumOf } from '../core/resource/enums';
import { UNUSABLE_HASH, verifyPassword } from '../core/auth/password';
import { signToken } from '../core/auth/token';
import { GraphQLError } from 'graphql';
import { unauthenticated } from '../core/errors';
import { permissionsOf, ResourcePermission } from '../core/access/permissions';
import { readsTechnical } from '../core/access/policy';
import { SCOPE_LABELS, scopeNameOf } from '../core/data/viewer-reach';
import { resources } from '../registry';

/** One value per kind of reach (core/data/reach.ts), so a new kind brings its own. */
export const Scope = defineEnum('Scope', '数据范围', SCOPE_LABELS);
export type Scope = EnumOf<typeof Scope>;

@ObjectType('LoginResult', { description: '登录结果' })
class LoginResult {
  @Field(() => String, { description: '访问令牌（放在 Authorization: Bearer 之后）' })
  token!: string;

  @Field(() => User, { description: '当前用户' })
  user!: User;

  @Field(() => Boolean, { description: '须先修改密码：为真时令牌只能调用 changePassword 和 me，改密后用新密码重新登录' })
  mustChangePassword!: boolean;
}

@ObjectType('Me', { description: '当前用户与权限范围' })
class Me {
  @Field(() => ID, { description: '账号编号；接口令牌为令牌自己的编号' }) id!: string;
  @Field(() => String, { description: '用户名' }) username!: string;
  @Field(() => String, { nullable: true, description: '显示名' }) displayName?: string | null;
  @Field(() => Role, { description: '角色' }) role!: Role;
  @Field(() => Scope, { description: '数据范围' }) scope!: Scope;
  @Field(() => ID, { description: '教育局' }) bureauId!: string;
  @Field(() => ID, { nullable: true, description: '学校' }) schoolId?: string | null;
  @Field(() => ID, { nullable: true, description: '教职工' }) staffId?: string | null;
  @Field(() => Boolean, { description: '须先修改密码（首次登录的一次性密码）' }) mustChangePassword!: boolean;
  @Field(() => [ResourcePermission], { description: '各资源允许的操作与字段权限（管理界面据此隐藏、遮蔽、锁定字段）' }) permissions!: ResourcePermission[];
  @Field(() => Boolean, { description: '可查看技术信息（记录编号、版本等），管理界面据此提供“技术信息”开关，导出可加 technical=1' }) technicalInfo!: boolean;
}

/** Signs tokens for the key a deployment configures (see main.ts). */
export class AuthSettings {
  static secret = '';
  static expiresIn = '8h';
}

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, { description: '登录：用户名和密码换取访问令牌' })
  async login(@Arg('username', () => String) username: string, @Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<LoginResult> {
    const name = username.trim();
    const wait = await ctx.loginThrottle.retryAfter(name, ctx.clientAddress);
    if (wait > 0) {
      throw new GraphQLError(`登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`, {
        extensions: { code: 'FORBIDDEN', rule: 'LOGIN_THROTTLED', retryAfterSeconds: wait, http: { status: 429, headers: new Map([['retry-after', String(wait)]]) } },
      });
    }
    const user = await ctx.em.findOne(User, { username: name });
    // Verify even for unknown users so timing does not reveal which usernames exist.
    const ok = verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    if (!user || !ok || !user.active) {
      await ctx.loginThrottle.failed(name, ctx.clientAddress);
      throw unauthenticated('用户名或密码错误，或账号已停用');
    }
    await ctx.loginThrottle.succeeded(name);
    user.lastLoginAt = new Date();
    await ctx.em.flush();
    return { token: signToken(user, AuthSettings.secret, AuthSettings.expiresIn), user, mustChangePassword: user.mustChangePassword };
  }

  @Query(() => Me, { description: '当前用户、角色与数据范围' })
  me(@Ctx() ctx: Context): Me {
    const v = ctx.viewer;
    if (!v) throw unauthenticated();
    return {
      // For an API token its own id, never its creator's (see Viewer.userId).
      id: v.userId,
      username: v.username,
      displayName: v.displayName,
      role: v.role as Role,
      scope: scopeNameOf(v.role),
      bureauId: v.bureauId,
      schoolId: v.schoolId,
      staffId: v.staffId,
      mustChangePassword: v.mustChangePassword ?? false,
      technicalInfo: readsTechnical(v),
      // Worked out only when asked for: `{ me { id } }` need not walk every resource's rules.
      get permissions() {
        return permissionsOf(v, resources());
      },
    };
  }
}
