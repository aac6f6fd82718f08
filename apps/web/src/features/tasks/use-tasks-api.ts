"use client";

import { useState } from "react";
import { useSessionContext } from "@/features/auth/session-provider";
import { createTasksApi, type TasksApi } from "./api-client";

/** The signed-in person's tasks API, with the page's token source (inside SessionProvider). */
export function useTasksApi(): TasksApi {
  const { user, apiUrl, tokens, endSession } = useSessionContext();
  const [api] = useState(() =>
    createTasksApi({
      apiUrl,
      userId: user.id,
      getToken: tokens.get,
      renewToken: tokens.renew,
      onSessionExpired: endSession,
    }),
  );
  return api;
}
