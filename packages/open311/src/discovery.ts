import { parisDateTime } from './datetime.ts';
import type { Discovery } from './documents.ts';
import { ofCommune } from '@guichet/tenants/commune-name';

export type CommuneOffice = {
  name: string;
  contact: { address: string; postalCode: string; city: string; phone?: string | undefined; email?: string | undefined };
};

/** The discovery document of one commune's endpoint: where it is, who answers, how to get a key. */
export function discoveryOf(commune: CommuneOffice, endpointUrl: string, changeset: Date): Discovery {
  const { contact } = commune;
  const reach = [contact.phone, contact.email].filter((item) => item !== undefined);
  const when = parisDateTime(changeset);
  return {
    changeset: when,
    contact: [`Mairie ${ofCommune(commune.name)}`, `${contact.address}, ${contact.postalCode} ${contact.city}`, ...reach].join(' — '),
    key_service: `Une clé d’API est délivrée par l’administrateur du portail de la mairie ${ofCommune(commune.name)}${contact.email ? ` (${contact.email})` : ''}.`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: endpointUrl,
        changeset: when,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
