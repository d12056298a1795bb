import { useState } from 'preact/hooks';
import { ApiError } from '../../chat/api';

/** Runs a management call with a busy flag and the refusal kept for display; a 401 signs the person out. */
export function useApiCall(onUnauthorized: () => void) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) onUnauthorized();
      else setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, error, setError, busy };
}
