import * as z from 'zod';
import type { ZodMiniType } from 'zod/mini';
import { type FunctionKey, type RouteDefinition, routes } from '../contract';
import { packagePurposes } from '../core/package/package-read';
import {
  relayAddendumResponse,
  relayCasesListResponse,
  relayExtensionResponse,
  relayPackageResponse,
  relayQuestionsListResponse,
  relayReceiptResponse,
  relayReportResponse,
  relayReportUploadResponse,
  relaySpecialistResponse,
} from '../core/responses/relay';
import {
  addendumSchema,
  extensionSchema,
  receiptSchema,
  reportSchema,
  reportUploadSchema,
  specialistSchema,
} from '../core/schemas';

/**
 * The relay API's contract for hospitals: the request schemas are the very zod schemas the
 * handlers parse with; the response schemas are the very ones the routes check their answers
 * against (functions/core/responses/relay.ts). The OpenAPI document
 * is generated from this and the shared route table, never written by hand.
 */
const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string().optional(), message: z.string() }).loose()).optional(),
  }),
});

interface Operation {
  readonly summary: string;
  readonly status: 200 | 201;
  readonly body?: z.ZodType;
  /** A response schema of core/responses (zod mini: the routes check with it at no classic-zod cost). */
  readonly response: ZodMiniType;
  /** Optional query parameters, as the handler reads them. */
  readonly query?: readonly {
    readonly name: string;
    readonly description: string;
    readonly schema: object;
  }[];
}

export const relayContract: Partial<Record<FunctionKey, Operation>> = {
  relayCasesList: {
    summary: 'The cases delivered to this hospital',
    status: 200,
    response: relayCasesListResponse,
  },
  relayPackageGet: {
    summary:
      'The package: summary and manifest first, then translations and records, each with its SHA-256 and a download URL (at most 15 minutes)',
    status: 200,
    response: relayPackageResponse,
    query: [
      {
        name: 'purpose',
        description:
          'Why the package is read, named in the audit trail with the reader: summary (the case page), view (one file), download (the whole package), viewer (the DICOM viewer), file (one file’s link again). The first read with a purpose marks the case opened (openedAt). Without it, the read is as before.',
        schema: { type: 'string', enum: [...packagePurposes] },
      },
      {
        name: 'files',
        description:
          'Comma-separated file ids: only these are listed and presigned, in the package’s order. An id the package does not hold answers 400 unknown_package_files.',
        schema: { type: 'string' },
      },
    ],
  },
  relayReceipt: {
    summary: 'Confirm complete records (starts the report deadline) or report what is missing',
    status: 200,
    body: receiptSchema,
    response: relayReceiptResponse,
  },
  relaySpecialist: {
    summary: 'Name the specialist assigned to the case',
    status: 200,
    body: specialistSchema,
    response: relaySpecialistResponse,
  },
  relayExtension: {
    summary: 'Ask for more business days for a complex or multi-specialist case; the deadline moves',
    status: 200,
    body: extensionSchema,
    response: relayExtensionResponse,
  },
  relayQuestionsList: {
    summary: 'The patient’s follow-up questions on the delivered opinion (three at most)',
    status: 200,
    response: relayQuestionsListResponse,
  },
  relayAddendum: {
    summary: 'Answer follow-up questions with a written addendum (a PDF uploaded through report-uploads)',
    status: 200,
    body: addendumSchema,
    response: relayAddendumResponse,
  },
  relayReportUploadsCreate: {
    summary: 'A presigned PUT for the written opinion (PDF)',
    status: 201,
    body: reportUploadSchema,
    response: relayReportUploadResponse,
  },
  relayReport: {
    summary: 'Deliver the written opinion once its PDF is uploaded; the object itself is checked',
    status: 200,
    body: reportSchema,
    response: relayReportResponse,
  },
};

/** The hospital routes of the shared route table, in order. */
export const relayRoutes = (): RouteDefinition[] => routes.filter((route) => route.auth === 'hospital');

const schema = (type: z.core.$ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(type, { io, unrepresentable: 'any' });

export function relayOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of relayRoutes()) {
    const operation = relayContract[route.handler];
    if (!operation) throw new Error(`the relay contract does not describe ${route.method} ${route.path}`);
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
        name: match[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...(operation.query ?? []).map((parameter) => ({ ...parameter, in: 'query', required: false })),
    ];
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.handler,
      summary: operation.summary,
      security: [{ hospitalToken: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schema(operation.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [operation.status]: {
          description: 'OK',
          content: { 'application/json': { schema: schema(operation.response, 'output') } },
        },
        '400': {
          description: 'The request is not valid',
          content: { 'application/json': { schema: schema(errorBody, 'output') } },
        },
        '401': { description: 'No valid hospital token' },
        '404': { description: 'No such case for this hospital' },
        '409': {
          description: 'The case is not in a state that allows this',
          content: { 'application/json': { schema: schema(errorBody, 'output') } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Oncology second opinions — hospital relay API',
      version: '1',
      description:
        'Hospitals pull the packages delivered to them, confirm receipt and return written opinions. Bearer tokens are issued per hospital.',
    },
    components: { securitySchemes: { hospitalToken: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
