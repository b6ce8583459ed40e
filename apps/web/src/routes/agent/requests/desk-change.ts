import type { AgentRequestDetail } from '../../../api.ts';
import type { Form } from '../../citizen/form-fields.tsx';

/**
 * How every act of the desk is sent: with the version the agent sees (`If-Match`), so that a
 * colleague's change made meanwhile is refused (409) with what changed, and the desk reloads.
 */
export function deskChange(request: () => AgentRequestDetail, onChanged: () => void) {
  return {
    seen: () => ({ 'if-match': `"${request().version}"` }),
    act(form: Form, send: () => Promise<Response>, done: () => void) {
      void form.submit(async () => {
        const response = await send();
        if (response.status === 409) onChanged();
        return response;
      }, done);
    },
  };
}
