/** The built app. */
export declare const distDir: string;

/**
 * Serves the built app on `host:port` (127.0.0.1:4178 by default; the next ports when taken, then
 * any free one; `port: 0` for any free port).
 */
export declare function serveApp(options?: { root?: string; host?: string; port?: number; tries?: number }): Promise<{ url: string; port: number; close(): Promise<void> }>;
