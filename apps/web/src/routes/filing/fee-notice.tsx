import { feeText } from '../catalogue/catalogue-format.ts';

/** Shown before filing: what the procedure costs, and that paying online is not offered yet. */
export function FeeNotice(props: { feeCents: number }) {
  return (
    <div class="notice notice--info">
      <p>
        <strong>Démarche payante. {feeText(props.feeCents)}.</strong>
      </p>
      <p>Le paiement en ligne n’est pas encore proposé : après l’envoi de votre demande, la mairie vous indiquera comment régler.</p>
    </div>
  );
}
