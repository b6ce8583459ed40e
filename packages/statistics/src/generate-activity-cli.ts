import { parseArgs } from 'node:util';
import { readEnvironment } from '@guichet/config';
import { createDatabase, prepareDatabase } from '@guichet/db';
import { generateActivity } from './generate-activity.ts';

/**
 * `npm run generate -- --demandes 100000 --annees 3 [--communes libercourt,carvin] [--graine 7]`:
 * fills the embedded database (the platform stopped) with past activity, and says how fast it
 * loaded; DATABASE_URL only with `--base-reelle`.
 */
const { values } = parseArgs({
  options: {
    demandes: { type: 'string', default: '10000' },
    annees: { type: 'string', default: '3' },
    communes: { type: 'string' },
    graine: { type: 'string', default: '1' },
    'base-reelle': { type: 'boolean', default: false },
  },
});
const requests = Number(values.demandes);
const years = Number(values.annees);
if (!Number.isInteger(requests) || requests < 1 || !(years > 0)) {
  console.error('--demandes : un nombre entier de demandes par commune ; --annees : une durée en années.');
  process.exit(2);
}
const env = readEnvironment();
// Generated requests would reach a real commune's figures, and its public quality report.
if ((env.NODE_ENV === 'production' || env.DATABASE_URL) && !values['base-reelle']) {
  console.error('Ce générateur remplit une base de démonstration ou de mesure : pour écrire dans DATABASE_URL, ajoutez --base-reelle.');
  process.exit(2);
}
const database = await prepareDatabase(env);
const owner = createDatabase(database.ownerUrl, { max: 2 });
try {
  const total = await generateActivity(owner.db, {
    requests,
    years,
    seed: Number(values.graine),
    ...(values.communes ? { communes: values.communes.split(',') } : {}),
    report: (line) =>
      console.log(`${line.commune} : ${line.requests} demandes, ${line.events} lignes d’historique avec leurs faits et cumuls en ${line.seconds.toFixed(1)} s`),
  });
  console.log(`${total.requests} demandes et ${total.events} lignes d’historique en ${total.seconds.toFixed(1)} s : ${Math.round(total.requests / total.seconds)} demandes/s`);
} finally {
  await owner.close();
  await database.stop();
}
