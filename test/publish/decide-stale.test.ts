import { expect, it } from 'vitest';
import { commentText } from '../../src/publish/comments.js';
import { decideStale } from '../../src/publish/decide-stale.js';

const pr = {
  number: 7,
  title: 't',
  body: '',
  state: 'open' as const,
  sourceBranch: 'upkeep/x',
  targetBranch: 'main',
  headSha: '',
  labels: [],
  author: 'upkeep-bot',
};

it('a branch the plan no longer produces: closed and deleted when unmodified, left alone with a comment when modified', () => {
  expect(decideStale({ name: 'upkeep/x', modified: false }, pr)).toMatchObject({ closePr: true, deleteBranch: true, comment: 'autoclosed' });
  expect(decideStale({ name: 'upkeep/x', modified: false }, undefined)).toMatchObject({ closePr: false, deleteBranch: true });
  expect(decideStale({ name: 'upkeep/x', modified: true }, pr)).toMatchObject({ closePr: false, deleteBranch: false, comment: 'abandoned' });
  expect(decideStale({ name: 'upkeep/x', modified: true }, undefined).comment).toBeUndefined();
});

it('comment texts say what happened and what the reader can do', () => {
  expect(commentText('ignored', { newValue: 'v1.27.0', updateType: 'minor' })).toContain('newer version than `v1.27.0`');
  expect(commentText('ignored', { updateType: 'major', newMajor: 2 })).toContain('any `2.x` release');
  expect(commentText('automerge-failed', { checks: ['ci/build: failure'] })).toContain('- ci/build: failure');
  expect(commentText('edited')).toContain('will not push to it again');
});
