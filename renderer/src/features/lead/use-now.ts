import { useEffect, useState } from 'react';

/** The injected clock, re-read every `everyMs`, so "today" and "idle for 30 minutes" move on by themselves. */
export function useNow(now: () => number, everyMs: number): number {
  const [ms, setMs] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setMs(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return ms;
}
