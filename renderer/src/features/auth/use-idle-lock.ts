import { useEffect } from 'react';

/** What counts as the clerk still being there. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` once `minutes` pass without keyboard, mouse or touch input while `active`. One timer, re-armed
 * for the remaining time when it fires early, rather than a timer reset on every mouse move.
 */
export function useIdleLock(active: boolean, minutes: number, now: () => number, onIdle: () => void): void {
  useEffect(() => {
    if (!active) return;
    const idleMs = minutes * 60_000;
    let last = now();
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const idle = now() - last;
      if (idle >= idleMs) onIdle();
      else timer = setTimeout(check, idleMs - idle);
    };
    const bump = () => {
      last = now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, bump, { capture: true, passive: true });
    timer = setTimeout(check, idleMs);
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, bump, { capture: true });
    };
  }, [active, minutes, now, onIdle]);
}
