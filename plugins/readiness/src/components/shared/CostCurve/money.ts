import { formatUsers } from '@prodready/plugin-readiness-common';
import { numberFormat } from '../../../lib/format';

/** `€2,100` or `€0.45`: whole units unless the amount is small. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return numberFormat('en-GB', {
      style: 'currency',
      currency,
      maximumFractionDigits: Math.abs(amount) < 10 ? 2 : 0,
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
