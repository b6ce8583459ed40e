/**
 * The documents of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), field for field
 * as the specification names them: these names are the protocol, hence the snake case.
 */

export type Discovery = {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: {
    specification: string;
    url: string;
    changeset: string;
    type: 'production' | 'test';
    formats: string[];
  }[];
};

export type Service = {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string | null;
  group: string | null;
};

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export type Attribute = {
  variable: boolean;
  code: string;
  datatype: Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
};

export type ServiceDefinition = { service_code: string; attributes: Attribute[] };

export type ServiceRequest = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
};

/** The answer to a filing: the id at once, as this server files synchronously (no token). */
export type FiledServiceRequest = { service_request_id: string; service_notice: string | null; account_id: string | null };

/** The specification's error entries carry the HTTP status as their code. */
export type ErrorEntry = { code: number; description: string };

export type Document =
  | { kind: 'discovery'; discovery: Discovery }
  | { kind: 'services'; services: Service[] }
  | { kind: 'service_definition'; definition: ServiceDefinition }
  | { kind: 'service_requests'; requests: ServiceRequest[] }
  | { kind: 'filed'; requests: FiledServiceRequest[] }
  | { kind: 'errors'; errors: ErrorEntry[] };
