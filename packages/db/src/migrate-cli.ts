import { readEnvironment } from '@guichet/config';
import { prepareDatabase } from './prepare.ts';

/**
 * `npm run migrate`: for deployments that migrate before starting servers and workers.
 * Installing the job queue and loading tenants stay with the server's start.
 */
const env = readEnvironment();
const database = await prepareDatabase(env);
console.log(`migrations applied (${database.embedded ? 'embedded Postgres' : 'DATABASE_URL'})`);
await database.stop();
