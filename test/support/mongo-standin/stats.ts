/** Handshake and monitoring traffic: listed per command but left out of `total`. */
const HOUSEKEEPING_COMMANDS = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'endSessions']);

export interface StandInStats {
  /** Commands received, excluding handshake/heartbeat commands. */
  total: number;
  /** Every command received, by name as sent (including handshake/heartbeat commands). */
  byCommand: Record<string, number>;
}

export class CommandStats {
  private total = 0;
  private byCommand = new Map<string, number>();

  record(command: string): void {
    this.byCommand.set(command, (this.byCommand.get(command) ?? 0) + 1);
    if (!HOUSEKEEPING_COMMANDS.has(command)) this.total++;
  }

  snapshot(): StandInStats {
    return { total: this.total, byCommand: Object.fromEntries(this.byCommand) };
  }

  reset(): void {
    this.total = 0;
    this.byCommand = new Map();
  }
}
