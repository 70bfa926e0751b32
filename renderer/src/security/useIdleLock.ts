import { useEffect, useRef } from 'react';
import { api } from '../api.ts';

const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Calls onIdle after `idleSeconds` without mouse, keyboard or touch activity. While the user is
 * active it tells the backend now and then (lock.touch), because reading a page makes no calls and the
 * backend's own timer — the one that drops the key — would otherwise lock an active user.
 */
export function useIdleLock(idleSeconds: number | null, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    if (!idleSeconds) return;
    const idleMs = idleSeconds * 1000;
    const touchEvery = Math.min(30_000, Math.max(2000, idleMs / 4));
    let last = Date.now();
    let lastTouch = last;
    let fired = false;
    const onActivity = () => {
      last = Date.now();
      if (last - lastTouch >= touchEvery) {
        lastTouch = last;
        api.call('lock.touch', {}).catch(() => undefined);
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      if (!fired && Date.now() - last >= idleMs) {
        fired = true;
        onIdleRef.current();
      }
    }, 1000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
      window.clearInterval(timer);
    };
  }, [idleSeconds]);
}
