import { api, type Procedure } from '../../api.ts';

/** A procedure of this commune (drafts too, for its administrators), or null when it has none by that slug. */
export async function loadProcedure(slug: string): Promise<Procedure | null> {
  const response = await api.catalogue[':slug'].$get({ param: { slug } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`procedure ${slug}: ${response.status}`);
  return response.json();
}
