/** How the back office names the roles. */
export const roleLabels = {
  agent: 'Agent',
  service_manager: 'Responsable de service',
  commune_admin: 'Administrateur de la commune',
  elected_official: 'Élu',
} as const;

export const statusLabels = { active: 'Actif', invited: 'Invitation envoyée', disabled: 'Désactivé' } as const;
