import type { DemoLink } from '../../platform/demo-link';
import type { SyncConnection } from '../../sync/sync-connection';
import type { SyncSnapshot } from '../../sync/sync-handlers';

/**
 * `npm start` enrols its demo workstation with the local district server by itself: a page opened with the demo
 * link and not yet enrolled trades the link's one-time code for a credential. Outside the demo nothing happens;
 * a workstation is enrolled by hand on the 同步 page.
 */
export async function enrollFromDemoLink(
  snapshot: SyncSnapshot,
  demo: DemoLink | null,
  connection: Pick<SyncConnection, 'send'>,
  secretIn: 'platform' | 'meta',
  /** Keeps the credential in the OS keyring when `secretIn` is 'platform'. */
  saveSecret: (secret: string) => Promise<unknown>,
): Promise<'enrolled' | 'skipped' | { failed: string }> {
  if (snapshot.device !== null || demo === null) return 'skipped';
  const reply = await connection.send('sync/enroll', { serverUrl: demo.district, code: demo.enrollCode, secretIn });
  if (!reply.ok) return { failed: reply.code };
  if (secretIn === 'platform') await saveSecret(reply.secret);
  return 'enrolled';
}
