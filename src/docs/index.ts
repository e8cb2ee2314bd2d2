// The API's OpenAPI 3.1 document, generated from the route schemas (@fastify/swagger) and served at
// /api/v1/openapi.json; the interactive reference at /docs (@fastify/swagger-ui, assets served locally);
// the fixture format's JSON Schema at /schemas/fixture.schema.json. All public: no credentials needed to
// read the contract. Only API routes are documented; the admin API and these routes themselves are not.
import fs from 'node:fs'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { fixtureJsonSchema } from '../fixtures/schema.js'
import { finishDocument, protectPatternProperties } from './document.js'

export interface DocsOptions {
  /** The API's path prefix: only routes under it are documented. */
  apiPrefix: string
}

export const OPENAPI_PATH = '/api/v1/openapi.json'
export const DOCS_PREFIX = '/docs'
export const FIXTURE_SCHEMA_PATH = '/schemas/fixture.schema.json'

const PACKAGE = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

const DESCRIPTION = `A reference server for the **On Demand Course Reports** of the Strigo REST API: the enrollments,
exercises and user-activity reports, with the real API's authentication, envelope, errors and content negotiation.

**Authentication**: every operation takes \`Authorization: Bearer ORG_ID:API_KEY\`. In "Authorize", enter
\`ORG_ID:API_KEY\` (for the demo data: \`pied-piper-demo:sk_demo_pied_piper_2f9c1e7a4b\`).

**Envelope**: a success is \`{"result":"success","data":…}\`; every failure is
\`{"result":"failure","error":{"type","message"[,"errors"]}}\` (the \`FailureEnvelope\` schema), whatever the
requested format.

**Formats**: the enrollments and exercises reports answer JSON or CSV (\`?output=json|csv\`, else the \`Accept\`
header); the user-activity report is JSON only.`

export default fp<DocsOptions>(async function docsPlugin (app: FastifyInstance, options) {
  const prefix = options.apiPrefix
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Strigo On Demand Course Reports (reference server)',
        version: PACKAGE.version,
        description: DESCRIPTION,
        license: { name: 'MIT', identifier: 'MIT' }
      },
      // "Try it out" goes to the server that serves the page; the real API is listed for generated clients.
      servers: [
        { url: '/', description: 'This server' },
        { url: 'https://app.strigo.io', description: 'The real Strigo API' }
      ],
      tags: [
        { name: 'reports', description: 'The On Demand Course Reports' },
        { name: 'courses', description: 'The caller\'s on-demand courses, where report URLs get their course ids' },
        { name: 'health', description: 'Credentials check' }
      ],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'ORG_ID:API_KEY',
            description: 'The organisation id and one of its API keys, joined by a colon: `Authorization: Bearer ORG_ID:API_KEY`.'
          }
        }
      },
      security: [{ bearerAuth: [] }]
    },
    // 3.1 has `const`; keeping it documents literals (`"result": "success"`) exactly.
    convertConstToEnum: false,
    transform: ({ schema, url }) => {
      const hide = !url.startsWith(prefix + '/') || url === OPENAPI_PATH
      return { schema: hide ? { ...schema, hide: true } : protectPatternProperties(schema), url }
    },
    transformObject: (documentObject) => finishDocument((documentObject as { openapiObject: Record<string, unknown> }).openapiObject)
  })

  app.get(OPENAPI_PATH, { schema: { hide: true } }, async (_request, reply) => {
    return await reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger()))
  })

  const fixtureSchema = JSON.stringify(fixtureJsonSchema())
  app.get(FIXTURE_SCHEMA_PATH, { schema: { hide: true } }, async (_request, reply) => {
    return await reply.type('application/schema+json; charset=utf-8').send(fixtureSchema)
  })

  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // Everything the page needs is served from here, so it works offline, and the page may talk to this
    // server only: "try it out" cannot send credentials anywhere else. Swagger UI sets inline styles.
    staticCSP: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    uiConfig: {
      deepLinking: true,
      persistAuthorization: true,
      displayOperationId: true,
      defaultModelsExpandDepth: 1,
      tryItOutEnabled: false
    }
  })
}, { name: 'docs' })
