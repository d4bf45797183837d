import { scrubConnectionText } from '../../util/mask-url';

interface ServerSeen {
  address?: string;
  type?: string;
  setName?: string | null;
}

interface TopologySeen {
  type?: string;
  setName?: string | null;
  servers?: Map<string, ServerSeen>;
}

/**
 * The likely causes of a server-selection timeout that the driver's topology shows, as text to
 * append to the message, else ''. With `replicaSet=` in the URL the driver drops every server it
 * reaches that says it belongs to another set (or to none), so an empty topology means the name
 * is wrong, or the server is a standalone. Names only what the servers said, never the URL.
 */
export function selectionHint(error: unknown, url: string | undefined): string {
  if (!(error instanceof Error) || error.name !== 'MongoServerSelectionError') return '';
  const topology = (error as { reason?: TopologySeen }).reason;
  const wanted = topology?.setName;
  if (topology === undefined || typeof wanted !== 'string') return '';
  const servers = [...(topology.servers?.values() ?? [])];
  const otherSets = [...new Set(servers.map((server) => server.setName).filter((name): name is string => typeof name === 'string' && name !== wanted))];
  if (servers.length > 0 && otherSets.length === 0) return '';
  const seen = otherSets.length > 0 ? `the servers reached say they belong to ${otherSets.map((name) => JSON.stringify(name)).join(', ')}` : 'no server reached is a member of it';
  const text =
    `; likely causes: the URL asks for replica set ${JSON.stringify(wanted)} (replicaSet=) and ${seen}: ` +
    `give the server's own set name (hello's setName), or, for a standalone server or to reach one member as it is, ` +
    `drop replicaSet= or add directConnection=true`;
  return scrubConnectionText(text, url);
}
