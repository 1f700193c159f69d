import { formatUsers } from '@prodready/plugin-readiness-common';
import { numberFormat } from '../../../lib/format';

/**
 * `€2,100` or `€0.45`: whole units unless the amount is small; two
 * significant digits below a tenth (`€0.0021` per user at a million users),
 * which two decimals would show as `€0.00`.
 */
export function formatMoney(amount: number, currency: string): string {
  const size = Math.abs(amount);
  const digits =
    size > 0 && size < 0.1
      ? { maximumSignificantDigits: 2 }
      : { maximumFractionDigits: size < 10 ? 2 : 0 };
  try {
    return numberFormat('en-GB', {
      style: 'currency',
      currency,
      ...digits,
    }).format(amount);
  } catch {
    return `${amount.toLocaleString('en-GB')} ${currency}`;
  }
}

/** `1`, `10`, `1k`, `1M` for the axis. */
export function compactUsers(users: number): string {
  if (users >= 1_000_000 && users % 1_000_000 === 0) return `${users / 1e6}M`;
  if (users >= 1_000 && users % 1_000 === 0) return `${users / 1e3}k`;
  return formatUsers(users);
}

/** `no users`, `1 user`, `1,000 users`. */
export function usersPhrase(users: number): string {
  if (users === 0) return 'no users';
  return `${formatUsers(users)} user${users === 1 ? '' : 's'}`;
}
