import { Hono } from 'hono';
import type { AppDependencies, AppEnv } from '../env.ts';

export function citizenAuthRoutes(_deps: AppDependencies) {
  return new Hono<AppEnv>();
}
