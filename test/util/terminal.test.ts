import { expect, it } from 'vitest';
import { terminalSafe, terminalSafeLines } from '../../src/util/terminal.js';

it('shows control and bidi characters escaped, leaves ordinary text alone', () => {
  expect(terminalSafe('apps/\u001b[31mred\u001b[0m.yaml')).toBe('apps/\\x1b[31mred\\x1b[0m.yaml');
  expect(terminalSafe('a\nb\rc\td\u0000\u007f\u009b')).toBe('a\\nb\\rc\\td\\x00\\x7f\\x9b');
  expect(terminalSafe('evil\u202etxt.yaml')).toBe('evil\\u202etxt.yaml');
  expect(terminalSafe('ghcr.io/home-assistant/home-assistant:2024.1 → ü ✓')).toBe('ghcr.io/home-assistant/home-assistant:2024.1 → ü ✓');
  expect(terminalSafeLines('one\u001b\ntwo')).toBe('one\\x1b\ntwo');
});
