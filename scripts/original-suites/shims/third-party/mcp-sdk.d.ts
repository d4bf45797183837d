// Used only when the package does not resolve from the checkout: the few shapes the original uses.
/* eslint-disable @typescript-eslint/no-explicit-any -- the MCP SDK hands tool handlers untyped arguments */
declare module '@modelcontextprotocol/sdk/server/mcp.js' {
  export class McpServer {
    constructor(info: { name: string; version: string });
    tool(name: string, schema: Record<string, unknown>, handler: (args: any) => Promise<unknown>): void;
    tool(name: string, description: string, schema: Record<string, unknown>, handler: (args: any) => Promise<unknown>): void;
    connect(transport: unknown): Promise<void>;
    close(): Promise<void>;
  }
}
declare module '@modelcontextprotocol/sdk/server/stdio.js' {
  export class StdioServerTransport {
    close(): Promise<void>;
  }
}
declare module '@modelcontextprotocol/sdk/shared/transport.js' {
  export interface Transport {
    close(): Promise<void>;
  }
}
