// Stands in for the `server-only` package under Vitest (tests run server code in Node).
export {};
