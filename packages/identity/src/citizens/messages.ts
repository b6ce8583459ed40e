import { renderEmail, type CommuneBrand, type RenderedEmail } from '@guichet/mail';

/**
 * Sent instead of a verification mail when someone signs up with an address that already has
 * an account: the portal answers the same either way, and only the address's owner learns
 * that the account exists.
 */
export function accountAlreadyExists(input: { commune: CommuneBrand; signInLink: string; resetLink: string }): RenderedEmail {
  return renderEmail({
    commune: input.commune,
    subject: 'Vous avez déjà un compte citoyen',
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      {
        kind: 'paragraph',
        text: 'Quelqu’un (vous, sans doute) a voulu créer un compte citoyen avec cette adresse e-mail. Un compte existe déjà avec cette adresse\u00a0: vous pouvez vous y connecter.',
      },
      { kind: 'button', label: 'Me connecter', href: input.signInLink },
      { kind: 'paragraph', text: 'Si vous avez oublié votre mot de passe, ou si vous n’en avez jamais choisi, vous pouvez en définir un nouveau\u00a0:' },
      { kind: 'button', label: 'Choisir un mot de passe', href: input.resetLink },
      { kind: 'note', text: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message\u00a0: rien n’a changé sur votre compte.' },
    ],
  });
}
