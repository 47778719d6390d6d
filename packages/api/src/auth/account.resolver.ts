import { createHash, randomBytes } from 'node:crypto';
import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { DateTimeISO } from '../core/resource/scalars';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { badField, forbidden, unauthenticated } from '../core/errors';
import { createRecordWith, findForWrite, flushFor, viewerOf } from '../core/crud/mutations';
import { hashPassword, passwordProblem, verifyPassword } from '../core/auth/password';
import { User } from '../org/user.entity';
import { ApiToken } from './api-token.entity';

/** Bearer tokens of integrations start with this, so the server tells them from login JWTs. */
export const API_TOKEN_PREFIX = 'jft_';
/** What createApiToken issues: the prefix and 32 random bytes in base64url. */
export const API_TOKEN_SHAPE = /^jft_[A-Za-z0-9_-]{43}$/;
export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

@ObjectType('NewApiToken', { description: '新建的接口令牌（令牌只显示这一次）' })
class NewApiToken {
  @Field(() => String, { description: '令牌：放在 Authorization: Bearer 之后；只显示这一次，请妥善保存' }) token!: string;
  @Field(() => ApiToken) apiToken!: ApiToken;
}

/** Accounts and integration tokens: what a bureau admin manages beyond the User list. */
@Resolver()
export class AccountResolver {
  @Mutation(() => NewApiToken, { description: '新建接口令牌（角色为接口令牌：只读汇总报表，小于5的计数不显示，不含逐个学生的记录）' })
  async createApiToken(
    @Arg('name', () => String, { description: '名称，如“县教育局数据看板”' }) name: string,
    @Arg('expiresAt', () => DateTimeISO, { nullable: true, description: '有效期至' }) expiresAt: Date | null,
    @Ctx() ctx: Context,
  ): Promise<NewApiToken> {
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw badField('expiresAt', '有效期应晚于现在', 'EXPIRY_IN_PAST');
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const res = resourceOf(ApiToken);
    const apiToken = (await createRecordWith(ctx, res, { name, expiresAt }, (t) => {
      t.prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
      t.tokenHash = hashApiToken(token);
      const viewer = viewerOf(ctx);
      // A token's userId is its own id, not a user's.
      t.createdBy = viewer.tokenId ? null : ctx.em.getReference(User, viewer.userId);
    })) as ApiToken;
    return { token, apiToken };
  }

  @Mutation(() => ApiToken, { description: '吊销接口令牌：立即失效' })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiToken> {
    const res = resourceOf(ApiToken);
    const t = await findForWrite<ApiToken>(ctx, res, id, 'update');
    t.revokedAt ??= new Date();
    await flushFor(ctx, res, 'write');
    return t;
  }

  @Mutation(() => User, { description: '重置账号密码（局管理员）；该账号已登录的令牌随即失效' })
  async resetUserPassword(@Arg('id', () => ID) id: string, @Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<User> {
    const res = resourceOf(User);
    const user = await findForWrite<User>(ctx, res, id, 'update');
    const problem = passwordProblem(password, user, '密码');
    if (problem) throw badField('password', problem.message, problem.rule);
    user.passwordHash = hashPassword(password);
    await flushFor(ctx, res, 'write');
    return user;
  }

  @Mutation(() => Boolean, { description: '修改本人密码；此前签发的登录令牌（包括本次使用的）随即失效，请用新密码重新登录' })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    const viewer = viewerOf(ctx);
    if (viewer.tokenId) throw forbidden('接口令牌没有密码', { rule: 'TOKEN_HAS_NO_PASSWORD' });
    const user = await ctx.em.findOne(User, { id: viewer.userId });
    if (!user) throw unauthenticated();
    if (!verifyPassword(currentPassword, user.passwordHash)) throw badField('currentPassword', '当前密码不正确', 'WRONG_PASSWORD');
    if (newPassword === currentPassword) throw badField('newPassword', '新密码不能与当前密码相同', 'PASSWORD_UNCHANGED');
    const problem = passwordProblem(newPassword, user, '新密码');
    if (problem) throw badField('newPassword', problem.message, problem.rule);
    user.passwordHash = hashPassword(newPassword);
    user.mustChangePassword = false;
    await flushFor(ctx, resourceOf(User), 'write');
    return true;
  }
}
