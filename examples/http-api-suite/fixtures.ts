export const CREATED = '2024-03-04T05:06:07.089Z';

/** A valid program body as JSON, with ISO date strings. */
export function programJson(id: string): Record<string, unknown> {
  return {
    id,
    name: `Program ${id}`,
    source: 'function main() { return CC("Say hello"); }',
    bytecode: [{ op: 'PUSH', arg: 'Say hello', line: 1 }, { op: 'CC', line: 1 }, { op: 'HALT' }],
    created: CREATED,
  };
}

/** Longer than an id may be (1,024 UTF-8 bytes). */
export const LONG_ID = 'a'.repeat(1025);
/** Ids any string may be, percent-encoded for a path: stored under their own name, so unknown ones are 404. */
export const HOSTILE_PATH_IDS = ['..%2F..%2Fetc%2Fpasswd', '%00', 'a%2Fb'];

/** The program the rejection tests store first and expect to find unchanged. */
export const PROGRAM = {
  id: 'kept',
  name: 'Kept',
  source: 'function main() {}',
  bytecode: [{ op: 'HALT' }],
  created: '2024-03-04T05:06:07.089Z',
};
