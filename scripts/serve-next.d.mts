export function serveNext(options: { dir: string; port: number; conf?: object }): Promise<void>;
