import type { z } from 'zod';
import { HttpError } from '../http-error';

/** safeParse at the boundary; failure is 400 `input/invalid` with where it failed (never the value itself). */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new HttpError(400, {
    code: 'input/invalid',
    details: { path: issue?.path.join('.') ?? '', issue: issue?.message ?? 'invalid' },
  });
}
