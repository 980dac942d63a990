import { evaluateRules, type Finding, type SheetContent } from '@budget/domain';
import { useEffect, useMemo, useState } from 'react';

/** The value, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The rule catalogue of libs/domain on the content being edited, ~300 ms after typing stops. */
export function useFindings(content: SheetContent, ms = 300): Finding[] {
  const settled = useDebounced(content, ms);
  return useMemo(() => evaluateRules(settled), [settled]);
}
