import { Hono } from 'hono';
import type { AppDependencies, AppEnv } from '../env.ts';

export function agentAdminRoutes(_deps: AppDependencies) {
  return new Hono<AppEnv>();
}
