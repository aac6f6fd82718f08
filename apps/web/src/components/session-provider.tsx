"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useState } from "react";
import { createTasksApi, type TasksApi } from "@/lib/api-client";
import { expiredSessionUrl } from "@/lib/auth-requests";
import { createTokenSource, type TokenSource } from "@/lib/token-source";

interface SessionContextValue {
  user: { id: string; name: string; email: string };
  tokens: TokenSource;
  api: TasksApi;
  queryClient: QueryClient;
}

const SessionContext = createContext<SessionContextValue | null>(null);

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

/** The signed-in part of the app: one token source, one API client, one query cache. */
export function SessionProvider({ user, apiUrl, children }: Props) {
  const [value] = useState<SessionContextValue>(() => {
    const tokens = createTokenSource(() => window.location.assign(expiredSessionUrl()));
    const queryClient = new QueryClient({
      defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: true } },
    });
    return { user, tokens, api: createTasksApi({ apiUrl, userId: user.id, tokens }), queryClient };
  });
  return (
    <SessionContext.Provider value={value}>
      <QueryClientProvider client={value.queryClient}>{children}</QueryClientProvider>
    </SessionContext.Provider>
  );
}
