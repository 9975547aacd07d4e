/** Schemas shared across routes. */
import { Type } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Stable machine code, e.g. unknown_step' }),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'ErrorBody' },
);

export const errorResponses = {
  400: Type.Ref('ErrorBody'),
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
  409: Type.Ref('ErrorBody'),
  422: Type.Ref('ErrorBody'),
  502: Type.Ref('ErrorBody'),
} as const;

export const OutboundFlags = {
  approval_required: Type.Literal(true),
  live_send_allowed: Type.Literal(false),
};

/** An object whose listed fields are typed and whose other fields pass through as they are. */
export const Open = <T extends Parameters<typeof Type.Object>[0]>(props: T) =>
  Type.Object(props, { additionalProperties: true });

export const Id = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
