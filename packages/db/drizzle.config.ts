import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/auth-schema.ts", "./src/task-schema.ts"],
  out: "./migrations",
});
