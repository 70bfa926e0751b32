import { useEffect, useState } from 'react';
import { parseWarningView, type WarningView, warningViewHref } from './filters.ts';

/**
 * The warning list's view kept in the address. A filter change replaces the address (it is not a step the
 * back button should walk through); opening a warning adds one.
 */
export function useWarningView(): [WarningView, (next: WarningView, opts?: { push?: boolean }) => void] {
  const [view, setViewState] = useState(() => parseWarningView(window.location.hash));
  useEffect(() => {
    const onChange = () => setViewState(parseWarningView(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const setView = (next: WarningView, opts: { push?: boolean } = {}) => {
    const href = warningViewHref(next);
    if (window.location.hash === href) return;
    if (opts.push) window.location.hash = href;
    else {
      window.history.replaceState(window.history.state, '', href);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  };
  return [view, setView];
}
