import { z } from 'zod';
import { communeBrandSchema, webUrlSchema } from './brand.ts';
import { renderEmail, type RenderedEmail } from './layout.ts';

// The messages of the identity feature. Each one parses its input, so a template called
// with a bad link or code fails before anything is sent.

export const verifyEmailInputSchema = z.object({ commune: communeBrandSchema, link: webUrlSchema });
export type VerifyEmailInput = z.input<typeof verifyEmailInputSchema>;

export function verifyEmail(input: VerifyEmailInput): RenderedEmail {
  const { commune, link } = verifyEmailInputSchema.parse(input);
  return renderEmail({
    commune,
    subject: 'Confirmez votre adresse e-mail',
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      {
        kind: 'paragraph',
        text: 'Pour confirmer que cette adresse e-mail est bien la vôtre et l’associer à votre compte citoyen, utilisez le bouton ci-dessous.',
      },
      { kind: 'button', label: 'Confirmer mon adresse e-mail', href: link },
      { kind: 'note', text: 'Ce lien ne fonctionne qu’une fois et pendant une durée limitée.' },
      {
        kind: 'note',
        text: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message\u00a0: l’adresse ne sera pas confirmée.',
      },
    ],
  });
}

export const resetPasswordInputSchema = z.object({ commune: communeBrandSchema, link: webUrlSchema });
export type ResetPasswordInput = z.input<typeof resetPasswordInputSchema>;

export function resetPassword(input: ResetPasswordInput): RenderedEmail {
  const { commune, link } = resetPasswordInputSchema.parse(input);
  return renderEmail({
    commune,
    subject: 'Réinitialisez votre mot de passe',
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      {
        kind: 'paragraph',
        text: 'Nous avons reçu une demande de réinitialisation du mot de passe de votre compte. Pour en choisir un nouveau, utilisez le bouton ci-dessous.',
      },
      { kind: 'button', label: 'Choisir un nouveau mot de passe', href: link },
      { kind: 'note', text: 'Ce lien ne fonctionne qu’une fois et pendant une durée limitée.' },
      {
        kind: 'note',
        text: 'Si vous n’avez rien demandé, ignorez ce message\u00a0: votre mot de passe actuel reste valable.',
      },
    ],
  });
}

export const agentInvitationInputSchema = z.object({
  commune: communeBrandSchema,
  link: webUrlSchema,
  inviterName: z.string().trim().min(1),
});
export type AgentInvitationInput = z.input<typeof agentInvitationInputSchema>;

export function agentInvitation(input: AgentInvitationInput): RenderedEmail {
  const { commune, link, inviterName } = agentInvitationInputSchema.parse(input);
  return renderEmail({
    commune,
    subject: `Invitation à rejoindre l’espace agents – ${commune.name}`,
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      {
        kind: 'paragraph',
        text: `${inviterName} vous invite à rejoindre l’espace agents (${commune.name}), où sont traitées les demandes des habitants.`,
      },
      { kind: 'paragraph', text: 'Pour accepter l’invitation et activer votre compte, utilisez le bouton ci-dessous.' },
      { kind: 'button', label: 'Accepter l’invitation', href: link },
      { kind: 'note', text: 'Ce lien est personnel et ne fonctionne que pendant une durée limitée.' },
      { kind: 'note', text: 'Si vous ne vous attendiez pas à cette invitation, ignorez ce message.' },
    ],
  });
}

export const linkAccountCodeInputSchema = z.object({
  commune: communeBrandSchema,
  code: z.string().regex(/^\d{6}$/, 'Code à 6 chiffres attendu'),
});
export type LinkAccountCodeInput = z.input<typeof linkAccountCodeInputSchema>;

/** Confirms that the owner of an existing account is the one linking a FranceConnect identity to it. */
export function linkAccountCode(input: LinkAccountCodeInput): RenderedEmail {
  const { commune, code } = linkAccountCodeInputSchema.parse(input);
  return renderEmail({
    commune,
    // Kept out of the subject: lock screens and notifications show subjects to anyone nearby.
    subject: 'Votre code pour relier FranceConnect à votre compte',
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      {
        kind: 'paragraph',
        text: 'Vous avez demandé à relier votre identité FranceConnect à votre compte citoyen existant. Pour confirmer, saisissez ce code sur le portail\u00a0:',
      },
      { kind: 'code', code },
      { kind: 'note', text: 'Ce code ne fonctionne qu’une fois et pendant une durée limitée. Aucun agent ne vous le demandera.' },
      {
        kind: 'note',
        text: 'Si vous n’êtes pas à l’origine de cette demande, ne communiquez ce code à personne et ignorez ce message.',
      },
    ],
  });
}

export const followUpLinksInputSchema = z.object({
  commune: communeBrandSchema,
  requests: z.array(z.object({ reference: z.string().min(1), procedure: z.string().min(1), link: webUrlSchema })).min(1),
});
export type FollowUpLinksInput = z.input<typeof followUpLinksInputSchema>;

/** The private follow-up links of an address's requests filed without an account, asked again. */
export function followUpLinks(input: FollowUpLinksInput): RenderedEmail {
  const { commune, requests } = followUpLinksInputSchema.parse(input);
  const single = requests.length === 1;
  return renderEmail({
    commune,
    subject: single ? `Le lien de suivi de votre demande ${requests[0]!.reference}` : 'Les liens de suivi de vos demandes',
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      {
        kind: 'paragraph',
        text: single
          ? 'Voici le lien qui permet de suivre la demande déposée sans compte avec cette adresse e-mail, et d’y répondre.'
          : 'Voici les liens qui permettent de suivre les demandes déposées sans compte avec cette adresse e-mail, et d’y répondre.',
      },
      ...requests.flatMap((request) => [
        { kind: 'paragraph' as const, text: `${request.reference} — ${request.procedure}` },
        { kind: 'button' as const, label: `Suivre la demande ${request.reference}`, href: request.link },
      ]),
      { kind: 'note', text: 'Ces liens sont personnels : ne les transmettez pas. Ils restent valables tant que la mairie conserve votre demande.' },
      { kind: 'note', text: 'Si vous n’avez rien demandé, ignorez ce message.' },
    ],
  });
}

/** Confirms, when the account has no password to ask for, that its owner is the one deleting it. */
export function accountDeletionCode(input: LinkAccountCodeInput): RenderedEmail {
  const { commune, code } = linkAccountCodeInputSchema.parse(input);
  return renderEmail({
    commune,
    subject: 'Votre code pour supprimer votre compte citoyen',
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      { kind: 'paragraph', text: 'Vous avez demandé la suppression de votre compte citoyen. Pour la confirmer, saisissez ce code sur le portail\u00a0:' },
      { kind: 'code', code },
      { kind: 'note', text: 'Ce code ne fonctionne qu’une fois et pendant 15 minutes. Aucun agent ne vous le demandera.' },
      { kind: 'note', text: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre compte reste ouvert.' },
    ],
  });
}

export const accountDeletedInputSchema = z.object({ commune: communeBrandSchema, detachedRequests: z.int().min(0) });

/** Says that the account is gone, and what the communes keep. */
export function accountDeletedMail(input: z.input<typeof accountDeletedInputSchema>): RenderedEmail {
  const { commune, detachedRequests } = accountDeletedInputSchema.parse(input);
  const kept =
    detachedRequests === 0
      ? 'Vous n’aviez déposé aucune demande avec ce compte.'
      : `${detachedRequests > 1 ? `Vos ${detachedRequests} demandes sont conservées` : 'Votre demande est conservée'} par la mairie concernée, le temps que la loi lui impose, sans lien avec un compte : pour en savoir plus, contactez-la avec la référence de la demande.`;
  return renderEmail({
    commune,
    subject: 'Votre compte citoyen est supprimé',
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      { kind: 'paragraph', text: 'Votre compte citoyen est supprimé, ainsi que les documents de votre coffre-fort. Vous êtes déconnecté de tous vos appareils.' },
      { kind: 'paragraph', text: kept },
      { kind: 'note', text: 'Si vous n’êtes pas à l’origine de cette suppression, contactez la mairie sans attendre.' },
    ],
  });
}
