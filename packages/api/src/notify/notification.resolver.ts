import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { findForWrite, viewerOf } from '../core/crud/mutations';
import { checkId } from '../core/crud/where';
import { badField } from '../core/errors';
import { resourceOf } from '../core/resource/registry';
import { Notification } from './notification.entity';
import { NotificationChannel } from './notification-channel.entity';
import { NotificationDelivery } from './notification-delivery.entity';
import { DeliveryStatus, NotificationKind } from './notify.enums';
import { reminders } from './scheduler';

const MAX_PAGE = 100;

/** The signed-in person's own reminders (提醒), whatever the role: the inbox and its bell. */
@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => [Notification], { description: '我的提醒（最新的在前）' })
  async myNotifications(
    @Arg('unreadOnly', () => Boolean, { defaultValue: false, description: '只看未读' }) unreadOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 20, description: `条数（最多 ${MAX_PAGE}）` }) first: number,
    @Ctx() ctx: Context,
  ): Promise<Notification[]> {
    const viewer = viewerOf(ctx);
    if (first < 1 || first > MAX_PAGE) throw badField('first', `条数应在 1 到 ${MAX_PAGE} 之间`, 'PAGE_SIZE');
    return ctx.em.find(Notification, { recipient: viewer.userId, bureau: viewer.bureauId, ...(unreadOnly ? { readAt: null } : {}) }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: first });
  }

  @Query(() => Int, { description: '我的未读提醒数' })
  unreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    const viewer = viewerOf(ctx);
    return ctx.em.count(Notification, { recipient: viewer.userId, bureau: viewer.bureauId, readAt: null });
  }

  @Mutation(() => Int, { description: '标为已读：指定的提醒，或不指定则全部；返回标记的条数' })
  async markNotificationsRead(@Arg('ids', () => [ID], { nullable: true, description: '提醒编号（不填则全部）' }) ids: string[] | null, @Ctx() ctx: Context): Promise<number> {
    const viewer = viewerOf(ctx);
    const only = ids ? { id: { $in: ids.map((id) => checkId(id, 'ids')) } } : {};
    // Only one's own: another person's id is simply not among them.
    return ctx.em.nativeUpdate(Notification, { recipient: viewer.userId, bureau: viewer.bureauId, readAt: null, ...only }, { readAt: new Date() });
  }

  @Mutation(() => NotificationDelivery, { description: '测试推送：向该渠道发送一条测试消息（结果见推送记录）' })
  async testNotificationChannel(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<NotificationDelivery> {
    const channel = await findForWrite<NotificationChannel>(ctx, resourceOf(NotificationChannel), id, 'update');
    const running = reminders();
    if (!running) throw badField('id', '本服务未启用提醒（NOTIFY=off），无法发送', 'REMINDERS_OFF');
    const delivery = ctx.em.create(NotificationDelivery, {
      bureau: channel.bureau,
      channel,
      kind: NotificationKind.CHANNEL_TEST,
      text: `【家访提醒】测试消息：“${channel.name}”已接通，今后的提醒将发送到这里。`,
      status: DeliveryStatus.PENDING,
      attempts: 0,
    } as never);
    await ctx.em.flush();
    await running.queue(delivery.id);
    return delivery;
  }
}
