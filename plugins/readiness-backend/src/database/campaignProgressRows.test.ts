import { countsOf } from './campaignProgressRows';

/*
 * While a computation from scratch has moved a campaign's rows but not yet
 * counted them again, a write's delta can leave a group's stored counts
 * off: below zero, or more done than asked. What is read never says so.
 */
describe('campaign counts as read', () => {
  it('are never below zero, nor more done than asked', () => {
    expect(countsOf({ total: -1, done: 0 })).toEqual({ total: 0, done: 0 });
    expect(countsOf({ total: 0, done: 1 })).toEqual({ total: 0, done: 0 });
    expect(countsOf({ total: 2, done: 3 })).toEqual({ total: 2, done: 2 });
    expect(countsOf({ total: 3, done: -1 })).toEqual({ total: 3, done: 0 });
  });

  it('read PostgreSQL bigints (strings) as numbers', () => {
    expect(countsOf({ total: '5', done: '2' })).toEqual({ total: 5, done: 2 });
  });
});
