import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  API_PATHS,
  EnrollRequestSchema,
  PROTOCOL_VERSION,
  type EnrollResponse,
} from '@shared/sync/protocol';
import { DEFAULT_DEVICE_VALID_DAYS } from '../admin/enroll-codes';
import type { RouteContext } from '../app';
import { checkProtocol } from '../hooks/protocol-guard';
import { guard } from '../hooks/route-hooks';
import { HttpError } from '../http-error';
import { hashSecret, newDeviceSecret, normaliseEnrollCode } from '../sync/credentials';
import { deviceToTakeOver, retireDevice } from '../sync/device-succession';
import { parseOr400 } from './validation';

/**
 * Trades a one-time code for a device id and secret. Using the code and creating the device is one
 * transaction: the conditional UPDATE lets exactly one of two simultaneous uses win.
 *
 * With `previous` (re-enrolment, sync/device-succession.ts) the same transaction checks the old credential,
 * starts the new device at the old one's watermark and retires the old one; a proof that fails rolls it all
 * back, the code included, so the clerk can try again with the same code once the problem is sorted.
 */
export function enrollRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.post(API_PATHS.enroll, { bodyLimit: 16 * 1024, onRequest: guard(ctx, { device: false }) }, async (request, reply) => {
    const body = parseOr400(EnrollRequestSchema, request.body);
    checkProtocol(body.protocol);
    const nowMs = ctx.now();
    const deviceId = randomUUID();
    const secret = newDeviceSecret();
    const expiresAt = new Date(nowMs + DEFAULT_DEVICE_VALID_DAYS * 86_400_000);
    const enrolled = await ctx.db.transaction(async (tx) => {
      const [code] = await tx.query<{ hall_code: string; workstation_code: string | null }>(
        `UPDATE enroll_codes SET used_at = $2, device_id = $3
          WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
          RETURNING hall_code, workstation_code`,
        [hashSecret(normaliseEnrollCode(body.code)), new Date(nowMs), deviceId],
      );
      if (!code) return null;
      const predecessor = body.previous ? await deviceToTakeOver(tx, body.previous, code.hall_code) : null;
      await tx.query(
        `INSERT INTO devices (device_id, hall_code, workstation_code, device_name, secret_hash, created_at, expires_at,
                              acked_seq, replaces)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          deviceId,
          code.hall_code,
          code.workstation_code,
          body.deviceName ?? null,
          hashSecret(secret),
          new Date(nowMs),
          expiresAt,
          predecessor?.ackedSeq ?? 0,
          predecessor?.deviceId ?? null,
        ],
      );
      if (predecessor) await retireDevice(tx, predecessor.deviceId, deviceId, nowMs);
      return { ...code, ackedSeq: predecessor?.ackedSeq ?? 0 };
    });
    // Unknown, used and expired codes look the same to the caller.
    if (!enrolled) throw new HttpError(403, { code: 'sync/enroll-code-invalid' });
    const response: EnrollResponse = {
      protocol: PROTOCOL_VERSION,
      deviceId,
      secret,
      hallCode: enrolled.hall_code,
      workstationCode: enrolled.workstation_code,
      expiresAt: expiresAt.toISOString(),
      ackedSeq: enrolled.ackedSeq,
    };
    // The secret must not sit in any cache between here and the workstation.
    return reply.code(201).header('cache-control', 'no-store').send(response);
  });
}
