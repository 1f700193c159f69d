import '@testing-library/jest-dom';

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
