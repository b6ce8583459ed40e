/**
 * Why an agents' administration or a staff sign-in step was refused. Thrown inside the verb's
 * transaction, so nothing it began is kept; the server maps each code to its problem once.
 * (A wrong password or code is not a refusal of the verb: it is recorded and counted, so those
 * verbs return it as their outcome.)
 */
export type StaffRefusalCode =
  | 'email_taken'
  | 'unknown_services'
  | 'service_taken'
  | 'service_not_found'
  | 'agent_not_found'
  | 'last_administrator'
  | 'self_disabling'
  | 'invalid_invitation'
  | 'already_enrolled'
  | 'enrolment_not_started'
  | 'not_enrolled';

export class StaffRefusal extends Error {
  readonly code: StaffRefusalCode;
  /** The service slugs that do not exist (`unknown_services`). */
  readonly services: string[];

  constructor(code: StaffRefusalCode, services: string[] = []) {
    super(code);
    this.name = 'StaffRefusal';
    this.code = code;
    this.services = services;
  }
}
