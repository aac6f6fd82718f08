"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useState } from "react";
import { loadAuthClient } from "@/lib/auth-client";
import { expiredSessionUrl } from "./session-expired";
import { createTokenSource, requestToken, type TokenSource } from "./token-source";

interface SessionContextValue {
  user: { id: string; name: string; email: string };
  apiUrl: string;
  tokens: TokenSource;
  queryClient: QueryClient;
  /** The API refused a fresh token: the session ends here too, and the page goes to sign in. */
  endSession: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** The signed-in part's session: its person, token source and query cache (in SessionProvider). */
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

/** The signed-in pages' token source and query cache; an ended session goes to sign in (R-P4). */
export function SessionProvider({ user, apiUrl, children }: Props) {
  const [value] = useState<SessionContextValue>(() => {
    const toSignIn = () => window.location.assign(expiredSessionUrl());
    const tokens = createTokenSource({ fetchToken: () => requestToken(), onExpired: toSignIn });
    // Signed out here too, or the sign-in page would send the person straight back.
    const endSession = () =>
      void loadAuthClient()
        .then((client) => client.signOut())
        .catch(() => undefined) // the page goes to sign in either way
        .finally(toSignIn);
    const queryClient = new QueryClient({
      defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: true } },
    });
    return { user, apiUrl, tokens, queryClient, endSession };
  });
  return (
    <SessionContext.Provider value={value}>
      <QueryClientProvider client={value.queryClient}>{children}</QueryClientProvider>
    </SessionContext.Provider>
  );
}
