import { api } from '../../api.ts';
import type { VaultAccess } from '../../components/forms/vault-picker.tsx';
import { problemOf } from '../../components/problem-message.tsx';

/** The signed-in citizen's coffre-fort as a file field offers it: list, then copy one into the commune. */
export const citizenVault: VaultAccess = {
  async documents() {
    const response = await api['coffre-fort'].$get();
    return response.ok ? (await response.json()).documents : [];
  },
  async attach(documentId) {
    const response = await api['pieces-jointes']['depuis-coffre-fort'].$post({ json: { documentId } });
    if (response.status === 201) return { ok: true, file: await response.json() };
    const problem = await problemOf(response);
    return { ok: false, title: problem.title, detail: problem.detail };
  },
};
