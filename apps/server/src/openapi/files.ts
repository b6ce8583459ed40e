import { z } from 'zod';

/** Bytes, in a request or a response: the OpenAPI way to say "a file". */
const binary = () => z.any().meta({ type: 'string', format: 'binary' });

type TextPart = { type: 'string'; description: string; format?: string; minLength?: number; maxLength?: number; examples?: string[] };

/**
 * A `multipart/form-data` body whose `file` part is the file, beside text parts. Described with a
 * plain JSON Schema on purpose: @hono/zod-openapi validates (and so reads) a form body described
 * by a zod schema, while these bodies are streamed by `withUpload`, which stops reading at the
 * first byte past the limit.
 */
export function multipartFileBody(parts: Record<string, TextPart> = {}, required: string[] = []) {
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object' as const,
          required: ['file', ...required],
          properties: {
            file: { type: 'string' as const, format: 'binary', description: 'Le fichier. Son format est lu dans son contenu, pas dans son nom.' },
            ...parts,
          },
        },
      },
    },
  };
}

/**
 * A stored file as a download (see `fileResponse`): its own type, served as an attachment,
 * never rendered in the portal's origin.
 */
export function downloadResponse(description: string) {
  return {
    description: `${description} Le \`Content-Type\` est le format lu dans le contenu du fichier (PDF, image…) ; le fichier est servi en pièce jointe, sous son nom (\`Content-Disposition\`).`,
    headers: {
      'Content-Disposition': { description: 'attachment, avec le nom du fichier (RFC 6266).', schema: { type: 'string' as const } },
      'Content-Length': { description: 'La taille, en octets.', schema: { type: 'integer' as const } },
    },
    content: { 'application/octet-stream': { schema: binary() } },
  };
}
