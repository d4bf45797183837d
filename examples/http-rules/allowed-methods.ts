/** Each route of the example API as its path segments (`:id` stands for any one segment), and its methods. */
const ROUTES: readonly { segments: readonly string[]; methods: readonly string[] }[] = [
  { segments: ['programs'], methods: ['GET', 'POST'] },
  { segments: ['programs', ':id'], methods: ['GET', 'DELETE'] },
  { segments: ['programs', ':id', 'executions'], methods: ['POST'] },
  { segments: ['executions'], methods: ['GET'] },
  { segments: ['executions', ':id'], methods: ['GET', 'DELETE'] },
  { segments: ['executions', ':id', 'output'], methods: ['GET', 'POST'] },
];

/** The methods the API serves on `path` (HEAD is served wherever GET is), or null for a path it does not serve. */
export function allowedMethods(path: string): readonly string[] | null {
  const segments = path.split('/').filter((segment) => segment !== '');
  const route = ROUTES.find(
    (candidate) =>
      candidate.segments.length === segments.length &&
      candidate.segments.every((expected, i) => expected === ':id' || expected === segments[i]),
  );
  return route?.methods ?? null;
}
