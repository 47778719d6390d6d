import PgBoss from 'pg-boss';
import nodemailer from 'nodemailer';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Sql } from '../core/report/sql';
import { DeliveryStatus, type ChannelKind, type NotificationKind } from './notify.enums';
import { raise } from './raise';
import { overdueVisits, reminderRules, type ReminderSettings } from './reminders';
import { send, SendFailure, type Mail } from './send';

/** How the reminders run; read from the environment by config.ts (NOTIFY_*, SMTP_*). */
export interface ReminderOptions extends ReminderSettings {
  databaseUrl: string;
  /** The scan's cron (every minute by default), in China time. */
  scanCron: string;
  /** How often workers look for jobs (seconds). */
  pollSeconds: number;
  /** A failed message is tried this many times more, the waits doubling from retryDelaySeconds. */
  retryLimit: number;
  retryDelaySeconds: number;
  smtpUrl?: string;
  smtpFrom: string;
  log?: (message: string) => void;
}

const SCAN = 'reminders-scan';
const VISIT_DUE = 'visit-return-due';
const DELIVER = 'notify-deliver';
const DELIVERERS = 4;

/**
 * Reminders on pg-boss, PostgreSQL's job queue: the scan is a cron job, so with several processes
 * it runs once a minute in one of them; a departed visit gets a job due at its expected return, so
 * its reminder comes at once rather than at the next scan; each channel message is a job retried
 * with backoff. Nothing lives only in one process's memory.
 */
export class Reminders {
  /** The delivery workers, woken when messages are queued instead of at their next poll. */
  private deliverers: string[] = [];

  private constructor(
    private readonly boss: PgBoss,
    private readonly orm: MikroORM,
    private readonly options: ReminderOptions,
    private readonly mail: Mail,
  ) {}

  static async start(orm: MikroORM, options: ReminderOptions): Promise<Reminders> {
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: 'pgboss',
      max: 3,
      application_name: 'jiafang-reminders',
      cronWorkerIntervalSeconds: Math.min(45, Math.max(1, options.pollSeconds)),
      cronMonitorIntervalSeconds: Math.min(45, Math.max(1, options.pollSeconds * 2)),
    });
    const log = options.log ?? (() => undefined);
    boss.on('error', (err) => log(`reminders: ${err.message}`));
    const mail: Mail = { transport: options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined, from: options.smtpFrom };
    const r = new Reminders(boss, orm, options, mail);
    // Processes starting together (an upgrade of two containers) set pg-boss up one after the
    // other: its schema, queues and schedule created at once deadlock.
    try {
      await (orm.em.fork() as EntityManager).transactional(async (tx) => {
        await tx.getConnection().execute(`select pg_advisory_xact_lock(hashtext('jiafang:reminders-setup'))`, [], 'all', tx.getTransactionContext());
        await r.setUp();
      });
    } catch (err) {
      await boss.stop({ graceful: false, wait: true, timeout: 1_000 }).catch(() => undefined);
      mail.transport?.close();
      throw err;
    }
    return r;
  }

  private async setUp(): Promise<void> {
    const { boss, options } = this;
    const r = this;
    await boss.start();
    await boss.createQueue(SCAN, { name: SCAN, policy: 'singleton' });
    await boss.createQueue(VISIT_DUE, { name: VISIT_DUE });
    const retries = { retryLimit: options.retryLimit, retryDelay: options.retryDelaySeconds, retryBackoff: true };
    await boss.createQueue(DELIVER, { name: DELIVER, ...retries });
    // Created once; the settings of this start apply from now on.
    await boss.updateQueue(DELIVER, { name: DELIVER, ...retries });
    await boss.schedule(SCAN, options.scanCron, {}, { tz: 'Asia/Shanghai' });
    const polling = { pollingIntervalSeconds: options.pollSeconds };
    await boss.work(SCAN, polling, () => r.scan());
    await boss.work<{ visitId: string }>(VISIT_DUE, polling, async ([job]) => r.run(overdueVisits, job.data.visitId));
    // A few at once: one slow or failing receiver does not hold the others back.
    for (let i = 0; i < DELIVERERS; i++) {
      r.deliverers.push(await boss.work<{ deliveryId: string }>(DELIVER, { ...polling, includeMetadata: true }, async ([job]) => r.deliver(job.data.deliveryId, job.retryCount >= job.retryLimit)));
    }
  }

  private em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  /** Every rule once, then any message left unqueued (a stop between writing and queueing it): the minute's scan. */
  async scan(): Promise<void> {
    for (const rule of reminderRules(this.options)) {
      // One rule failing (a bad row, a timeout) does not keep the others from running.
      await this.run(rule).catch((err: Error) => this.options.log?.(`reminders: ${rule.kind}: ${err.message}`));
    }
    await this.requeueStuck();
  }

  /** PENDING messages untouched for a while have no job (each attempt updates the row): queued again. */
  private async requeueStuck(): Promise<void> {
    // Longer than the longest wait between two attempts (the retry delay doubled up to the limit).
    const minutes = Math.max(30, Math.ceil((this.options.retryDelaySeconds * 2 ** this.options.retryLimit) / 60) + 5);
    const sql = new Sql();
    const stuck = await sql.run<{ id: string }>(this.em(), `
      update notification_delivery set updated_at = now() where status = ${sql.v(DeliveryStatus.PENDING)}
        and updated_at < now() - ${sql.v(`${minutes} minutes`)}::interval returning id`);
    for (const { id } of stuck) await this.boss.send(DELIVER, { deliveryId: id });
    if (stuck.length) this.wakeDeliverers();
  }

  private async run(rule: typeof overdueVisits, only?: string): Promise<void> {
    const em = this.em();
    const { deliveries } = await raise(em, rule, await rule.find(em, new Date(), only));
    for (const deliveryId of deliveries) await this.boss.send(DELIVER, { deliveryId });
    if (deliveries.length) this.wakeDeliverers();
  }

  private wakeDeliverers(): void {
    for (const id of this.deliverers) this.boss.notifyWorker(id);
  }

  /** A visit has departed: its check is due when it should be back. */
  async visitDeparted(visitId: string, expectedReturnAt: Date | null | undefined): Promise<void> {
    if (!expectedReturnAt) return;
    await this.boss.send(VISIT_DUE, { visitId }, { startAfter: new Date(expectedReturnAt.getTime() + 1000), singletonKey: visitId });
  }

  /** A message for a channel, asked by a person (测试推送): written and queued like any other. */
  async queue(deliveryId: string): Promise<void> {
    await this.boss.send(DELIVER, { deliveryId });
    this.wakeDeliverers();
  }

  /** One attempt at a message; a failure is logged on the delivery and thrown for pg-boss to retry (the last marks it FAILED). */
  private async deliver(deliveryId: string, last: boolean): Promise<void> {
    const em = this.em();
    const sql = new Sql();
    const [d] = await sql.run<{ kind: NotificationKind; text: string; status: DeliveryStatus; channel_kind: ChannelKind; address: string; signing_key: string | null; active: boolean }>(
      em,
      `select d.kind, d.text, d.status, ch.kind as channel_kind, ch.address, ch.signing_key, ch.active
       from notification_delivery d join notification_channel ch on ch.id = d.channel_id where d.id = ${sql.v(deliveryId)}`,
    );
    if (!d || d.status === DeliveryStatus.SENT) return;
    const record = (status: DeliveryStatus, error: string | null) => {
      const u = new Sql();
      return u.run(em, `update notification_delivery set status = ${u.v(status)}, attempts = attempts + 1, last_error = ${u.v(error)}, updated_at = now(), version = version + 1
        ${status === DeliveryStatus.SENT ? ', sent_at = now()' : ''} where id = ${u.v(deliveryId)}`);
    };
    if (!d.active) return void (await record(DeliveryStatus.FAILED, '推送渠道已停用'));
    try {
      await send({ kind: d.channel_kind, address: d.address, signingKey: d.signing_key }, d.kind, d.text, this.mail);
    } catch (err) {
      const reason = err instanceof SendFailure ? err.message : '发送出错';
      await record(last ? DeliveryStatus.FAILED : DeliveryStatus.PENDING, reason.split(d.address).join('（地址）'));
      throw err;
    }
    await record(DeliveryStatus.SENT, null);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    this.mail.transport?.close();
  }
}

let running: Reminders | undefined;

/** The reminders of this process, if it runs them (the server sets them at start). */
export const reminders = (): Reminders | undefined => running;
export const setReminders = (r: Reminders | undefined): void => {
  running = r;
};
