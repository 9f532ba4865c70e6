// Types for scripts/build-server.mjs (a plain Node script), for the TypeScript that imports it.
export declare const SERVER_NODE_FLAGS: readonly string[];
export declare const SERVER_ENV: Readonly<Record<string, string>>;
export declare const SERVER_ENTRY: string;
export declare function buildServer(outDir?: string): Promise<void>;
