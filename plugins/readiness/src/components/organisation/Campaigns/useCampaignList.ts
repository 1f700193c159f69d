import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { CampaignSummary } from '@prodready/plugin-readiness-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { readinessApiRef } from '../../../api/ReadinessApi';

/** The first wait before the list is read again while a progress is pending. */
const FIRST_POLL_MS = 3000;
/** The longest: a campaign whose progress keeps failing is not asked for every few seconds. */
const LAST_POLL_MS = 60_000;

/**
 * Every campaign, read again while the backend computes the progress of
 * one just created or changed (`progress.pending`): after 3 s, then twice
 * as long each time, up to a minute apart. A read that fails keeps the
 * list read before it on screen (with the error) and is tried again.
 */
export function useCampaignList() {
  const api = useApi(readinessApiRef);
  const list = useAsyncRetry(() => api.listCampaigns(), [api]);
  const [last, setLast] = useState<CampaignSummary[]>();
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if (list.value) setLast(list.value.items);
  }, [list.value]);

  const items = list.value?.items ?? last;
  const pending = !!items?.some(c => c.progress.pending);
  const { loading, retry } = list;
  useEffect(() => {
    if (!pending) {
      setPolls(0);
      return undefined;
    }
    if (loading) return undefined;
    const timer = setTimeout(() => {
      setPolls(n => n + 1);
      retry();
    }, Math.min(FIRST_POLL_MS * 2 ** polls, LAST_POLL_MS));
    return () => clearTimeout(timer);
  }, [pending, loading, polls, retry, list.value, list.error]);

  return { items, loading, error: list.error, retry };
}
