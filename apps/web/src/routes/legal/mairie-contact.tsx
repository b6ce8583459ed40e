import { Show } from 'solid-js';
import type { CommuneProfile } from '../../api.ts';
import { ofCommune } from '@guichet/tenants/commune-name';

/** How to reach the mairie, as the legal pages give it. */
export function MairieContact(props: { commune: CommuneProfile }) {
  const contact = () => props.commune.contact;
  return (
    <address>
      Mairie {ofCommune(props.commune.name)}
      <br />
      {contact().address}, {contact().postalCode} {contact().city}
      <Show when={contact().phone}>
        {(phone) => (
          <>
            <br />
            Téléphone : <a href={`tel:${phone().replaceAll(' ', '')}`}>{phone()}</a>
          </>
        )}
      </Show>
      <Show when={contact().email}>
        {(email) => (
          <>
            <br />
            E-mail : <a href={`mailto:${email()}`}>{email()}</a>
          </>
        )}
      </Show>
      <Show when={contact().openingHours}>
        {(hours) => (
          <>
            <br />
            Horaires : {hours()}
          </>
        )}
      </Show>
    </address>
  );
}
