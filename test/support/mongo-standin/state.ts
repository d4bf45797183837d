import { ObjectId } from 'bson';
import { Catalog } from './catalog';
import { CursorRegistry } from './cursors';
import { FaultInjector } from './faults';
import { SessionManager } from './sessions';
import { CommandStats } from './stats';

export type StandInMode = 'standalone' | 'replicaSet';

/** Everything one stand-in server holds: data, cursors, sessions, counters, queued faults. */
export class ServerState {
  live = new Catalog();
  readonly cursors = new CursorRegistry();
  readonly sessions: SessionManager;
  readonly stats = new CommandStats();
  readonly faults = new FaultInjector();
  /** `host:port` as advertised in hello; set once the socket is listening. */
  host = '127.0.0.1:0';
  readonly electionId = new ObjectId('7fffffff0000000000000001');
  private nextConnectionId = 1;

  constructor(
    readonly mode: StandInMode,
    readonly replicaSetName: string,
  ) {
    this.sessions = new SessionManager(mode === 'replicaSet', () => this.live);
  }

  newConnectionId(): number {
    return this.nextConnectionId++;
  }

  reset(): void {
    this.live = new Catalog();
    this.cursors.clear();
    this.sessions.endAll();
  }
}
