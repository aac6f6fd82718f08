"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useState } from "react";
import { createTasksApi, type TasksApi } from "@/features/tasks/api-client";
import { authClient } from "@/lib/auth-client";
import { expiredSessionUrl } from "./session-expired";
import { createTokenSource, type TokenSource } from "./token-source";

interface SessionContextValue {
  user: { id: string; name: string; email: string };
  tokens: TokenSource;
  api: TasksApi;
  queryClient: QueryClient;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** The signed-in part's token source, API client and query cache (inside SessionProvider only). */
export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSessionContext outside SessionProvider");
  return value;
}

interface Props {
  user: SessionContextValue["user"];
  apiUrl: string;
  children: ReactNode;
}

/**
 * The signed-in part of the app: one token source (Better Auth's `token()`, kept in
 * memory), one API client, one query cache. When the session has ended — the auth
 * service refuses a token, or the API refuses a fresh one (the session is then ended on
 * the server too) — the page goes to sign in (SPEC R-P4).
 */
export function SessionProvider({ user, apiUrl, children }: Props) {
  const [value] = useState<SessionContextValue>(() => {
    const toSignIn = () => window.location.assign(expiredSessionUrl());
    const tokens = createTokenSource({
      fetchToken: () => authClient.token({ fetchOptions: { cache: "no-store" } }),
      onExpired: toSignIn,
    });
    const api = createTasksApi({
      apiUrl,
      userId: user.id,
      getToken: tokens.get,
      renewToken: tokens.renew,
      // The API refused a token the auth service had just issued: for the API, this
      // session is over. It ends here too, or the sign-in page would send the person
      // straight back, round and round.
      onSessionExpired: () => void authClient.signOut().finally(toSignIn),
    });
    const queryClient = new QueryClient({
      defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: true } },
    });
    return { user, tokens, api, queryClient };
  });
  return (
    <SessionContext.Provider value={value}>
      <QueryClientProvider client={value.queryClient}>{children}</QueryClientProvider>
    </SessionContext.Provider>
  );
}
