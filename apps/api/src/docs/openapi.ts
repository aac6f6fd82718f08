/** GET /openapi.json and /docs: the OpenAPI 3.1 document generated from the route declarations (R-K12). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/env.ts";
import { refuseOtherMethods } from "../http/router.ts";
import { renderReferencePage } from "./reference-page.ts";

export type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

const documentConfig = {
  openapi: "3.1.0",
  info: {
    title: "Tasks API",
    version: "1.0.0",
    description:
      "Each person's private tasks. Every call under `/api/{user_id}/` needs `Authorization: Bearer <jwt>` with a token issued by the web app, and `{user_id}` must be the token's subject. Errors are `application/problem+json` (RFC 9457); a method a resource does not support is 405 with `Allow`.",
  },
  // Relative, whatever host or proxy serves it (OAS 3.1 Server Object; decision 017).
  servers: [{ url: "/", description: "This API, where this document is served from." }],
  tags: [
    { name: "Tasks", description: "The signed-in person's own tasks." },
    { name: "Tags", description: "The signed-in person's own tags." },
    { name: "Service", description: "Liveness and readiness, for load balancers; no token." },
  ],
  security: [{ bearerAuth: [] }],
};

/** Serves the document of every route declared on `app` so far, and the reference page: call last. */
export function serveDocs(app: OpenAPIHono<AppEnv>): OpenApiDocument {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A short-lived EdDSA token from the web app (`/api/auth/token`).",
  });
  const document = app.getOpenAPI31Document(documentConfig);
  const referencePage = renderReferencePage(document);
  app.get("/openapi.json", (c) => c.json(document));
  refuseOtherMethods(app, "/openapi.json");
  app.get("/docs", (c) => {
    c.header(
      "content-security-policy",
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    return c.html(referencePage);
  });
  refuseOtherMethods(app, "/docs");
  return document;
}
