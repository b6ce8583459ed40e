import { describe, expect, it } from 'vitest';
import { formSchema, validateSubmission } from '@guichet/forms';
import { open311Errors, readSubmission, type Open311Submission } from '../src/index.ts';
import { incidentForm } from './incident-form.ts';

function read(body: string): Open311Submission {
  const reading = readSubmission(incidentForm, new URLSearchParams(body));
  if (!reading.ok) throw new Error(reading.errors.join('\n'));
  return reading.submission;
}

function errorsOf(body: string): string[] {
  const reading = readSubmission(incidentForm, new URLSearchParams(body));
  return reading.ok ? [] : reading.errors;
}

describe('reading a posted report', () => {
  it('puts each parameter where the form expects it, typed as the form expects it', () => {
    const submission = read(
      [
        'api_key=k&service_code=voirie-signalement',
        'attribute[nature]=nid',
        'attribute[nombre]=3',
        'attribute[constate]=2026-05-14T08:30:00%2B02:00',
        'attribute[dangers][]=pietons&attribute[dangers][]=velos',
        'attribute[urgent]=false',
        'attribute[accord]=true',
        'description=Un+trou+profond',
        'lat=50.4829&long=3.0163&address_string=12+rue+Jean+Jaur%C3%A8s',
        'email=camille@example.fr&first_name=Camille&last_name=Martin&phone=0612345678',
        'media_url=https://photos.example.org/trou.jpg',
      ].join('&'),
    );
    expect(submission).toEqual({
      values: {
        nature: 'nid',
        nombre: '3',
        constate: '2026-05-14',
        dangers: ['pietons', 'velos'],
        urgent: false,
        accord: true,
        details: 'Un trou profond',
        lieu: { label: '12 rue Jean Jaurès', lat: 50.4829, lon: 3.0163 },
      },
      contact: { email: 'camille@example.fr', givenName: 'Camille', familyName: 'Martin', phone: '0612345678' },
      mediaUrl: 'https://photos.example.org/trou.jpg',
      description: undefined,
    });
    // What the form then makes of it: the same answers a portal filing would keep.
    const validated = validateSubmission(incidentForm, submission.values, { now: new Date('2026-05-15T10:00:00Z') });
    expect(validated.ok).toBe(true);
  });

  it('names a place given only by its coordinates after them, and takes a lone value for a multiple choice', () => {
    const submission = read('lat=50.48&long=3.01&attribute[dangers]=velos');
    expect(submission.values).toEqual({ lieu: { label: '50.48, 3.01', lat: 50.48, lon: 3.01 }, dangers: ['velos'] });
    expect(submission.contact).toBeUndefined();
  });

  it('keeps a description the form has no free text for, instead of dropping it', () => {
    const form = formSchema.parse({ fields: [{ kind: 'address', key: 'lieu', label: 'Lieu', requireCoordinates: true }] });
    const reading = readSubmission(form, new URLSearchParams('description=Sous+le+pont&lat=50&long=3'));
    expect(reading).toMatchObject({ ok: true, submission: { description: 'Sous le pont', values: { lieu: { lat: 50, lon: 3 } } } });
  });

  it('refuses an attribute the service does not have, even one that is a field of the form', () => {
    expect(errorsOf('attribute[couleur]=rouge&attribute[lieu]=ici')).toEqual([
      'attribute[couleur] : ce service n’a pas d’attribut « couleur ».',
      'attribute[lieu] : ce service n’a pas d’attribut « lieu ».',
    ]);
  });

  it('refuses coordinates that are not a pair of numbers', () => {
    const expected = ['lat, long : deux nombres décimaux (WGS84) sont attendus ensemble, par exemple lat=50.4829&long=3.0163.'];
    expect(errorsOf('lat=50.48')).toEqual(expected);
    expect(errorsOf('lat=nord&long=3')).toEqual(expected);
  });

  it('refuses a media_url that is not a web address, and a malformed e-mail', () => {
    expect(errorsOf('media_url=javascript:alert(1)&email=pas-une-adresse')).toEqual([
      'media_url : une adresse http ou https complète est attendue.',
      'email : adresse e-mail invalide.',
    ]);
  });
});

describe('the form’s errors in Open311 terms', () => {
  it('names the parameter that carried each answer', () => {
    const submission = read('attribute[nature]=piscine&attribute[accord]=false');
    const validated = validateSubmission(incidentForm, submission.values);
    if (validated.ok) throw new Error('expected errors');
    expect(
      open311Errors(incidentForm, [...validated.errors, { field: 'contact/email', code: 'required', message: 'Indiquez une adresse e-mail.' }]),
    ).toEqual([
      'attribute[nature] : Choisissez une des options proposées.',
      'description : Ce champ est obligatoire.',
      'attribute[accord] : Vous devez donner votre accord pour continuer.',
      'lat, long : Ce champ est obligatoire.',
      'email : Indiquez une adresse e-mail.',
    ]);
  });
});
