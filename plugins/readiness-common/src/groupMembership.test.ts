import { GroupMembership } from './groupMembership';

describe('GroupMembership', () => {
  it('gives the members of a group and of every group below it, each once', () => {
    const m = new GroupMembership();
    m.addGroup('group:default/dept', []);
    m.addGroup('group:default/a', ['user:default/ann', 'user:default/bo']);
    m.addGroup('group:default/b', ['user:default/bo', 'user:default/cy']);
    m.addChild('group:default/dept', 'group:default/a');
    m.addChild('group:default/dept', 'group:default/b');
    expect(m.membersOf('group:default/dept')).toEqual([
      'user:default/ann',
      'user:default/bo',
      'user:default/cy',
    ]);
    expect(m.membersOf('group:default/a')).toHaveLength(2);
    expect(m.membersOf('user:default/ann')).toBeUndefined();
  });

  it('walks a cycle of groups once', () => {
    const m = new GroupMembership();
    m.addGroup('group:default/x', ['user:default/ann']);
    m.addGroup('group:default/y', ['user:default/bo']);
    m.addChild('group:default/x', 'group:default/y');
    m.addChild('group:default/y', 'group:default/x');
    expect(m.membersOf('group:default/x')).toEqual([
      'user:default/ann',
      'user:default/bo',
    ]);
    expect(m.membersOf('group:default/y')).toEqual([
      'user:default/ann',
      'user:default/bo',
    ]);
  });

  it('answers anew after a change', () => {
    const m = new GroupMembership();
    m.addGroup('group:default/dept', []);
    expect(m.membersOf('group:default/dept')).toEqual([]);
    m.addGroup('group:default/team', ['user:default/ann']);
    m.addChild('group:default/dept', 'group:default/team');
    expect(m.membersOf('group:default/dept')).toEqual(['user:default/ann']);
  });
});
