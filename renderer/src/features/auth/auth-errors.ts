import { isStoreError, storeErrorMessage } from '../../store/store-error';

/** A refused sign-in as the clerk sees it. Anything that is not a known refusal is shown as one too. */
export function signInFailure(err: unknown): { message: string; code: string } {
  if (isStoreError(err)) return { message: storeErrorMessage(err.code, err.details), code: err.code };
  return { message: storeErrorMessage('auth/unavailable'), code: 'auth/unavailable' };
}
