import { useEffect, useRef } from 'react';

/**
 * For an editor that opens in place of a list: brings its heading into view and moves keyboard
 * focus there (give the heading tabIndex={-1}), so nobody is left at a button that vanished.
 */
export function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}
