import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// These suites render whole pages (tables of 40+ checks, charts) and drive
// them with user-event; on a shared 2-core machine under load a render can
// take seconds. One generous limit here instead of a limit per file: a
// wait that ends is unaffected, a test that never finishes still fails.
jest.setTimeout(90_000);
configure({ asyncUtilTimeout: 15_000 });

// usePermission keeps decisions in SWR's process-wide cache, so a decision
// from one test would answer the next test's question. Tests get a plain,
// uncached fetch instead, so each sees its own fake permission API.
jest.mock('swr', () => {
  const { useEffect, useState } = jest.requireActual('react');
  const useSWR = (
    key: unknown,
    fetcher: (key: unknown) => Promise<unknown>,
  ) => {
    const [state, setState] = useState({});
    const id = JSON.stringify(key);
    useEffect(() => {
      let live = true;
      fetcher(key).then(
        (data: unknown) => live && setState({ data }),
        (error: unknown) => live && setState({ error }),
      );
      return () => {
        live = false;
      };
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [id]);
    return state;
  };
  return { __esModule: true, default: useSWR };
});
