/** The date `days` days before today, as YYYY-MM-DD. */
export const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);
