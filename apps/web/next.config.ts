import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The workspace packages are TypeScript sources.
  transpilePackages: ["@tasks/contracts", "@tasks/db"],
  // Native or WebAssembly modules, loaded by Node as they are.
  serverExternalPackages: ["bcrypt", "pg", "pino", "@electric-sql/pglite"],
};

export default config;
