import { useEffect, useState } from 'react';

/**
 * A form's copy of a value the server holds, while the case refetches live under it: with no local
 * edits it follows the server; with edits it keeps them and says the server's value moved on (`stale`).
 */
export function useServerDraft<T>(server: T) {
  const key = JSON.stringify(server);
  const [base, setBase] = useState(key);
  const [value, setValue] = useState<T>(server);
  const mine = JSON.stringify(value);

  useEffect(() => {
    if (key === base) return;
    if (mine === base) setValue(JSON.parse(key) as T);
    if (mine === base || mine === key) setBase(key);
    // Only a new server value decides: typing must not adopt anything.
  }, [key]);

  return {
    value,
    setValue,
    dirty: mine !== key,
    /** Someone changed it on the server while this form had edits. */
    stale: base !== key && mine !== base && mine !== key,
    /** Starts again from `to` (what a save answered, or the server's value when discarding). */
    reset: (to: T) => {
      setValue(to);
      setBase(JSON.stringify(to));
    },
    server,
  };
}
