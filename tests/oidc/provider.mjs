// A real OpenID Connect provider (node oidc-provider) for OpenDUI's tests, on loopback only.
//
// Usage: node provider.mjs <config.json>
// The configuration file (written by the test fixture) holds:
//   port      the port to listen on (127.0.0.1)
//   keys      the private JWKS {"keys": [...]}; the first RSA key signs the tokens
//   accounts  {"<accountId>": {"acr": "eidas2", "claims": {...}}}: claims copied into the access tokens
//   clients   the oidc-provider client metadata list
//   audience  the audience of the JWT access tokens (the resource server "opendui")
//   resource  the resource indicator (absolute URI) that names OpenDUI
//
// Login: GET /interaction/<uid> answers a small form; POST /interaction/<uid>/login with
// `login=<accountId>` signs that account in (no password: test accounts only). Consent is implicit
// for the configured clients (first-party).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const resourceScope = 'opendui';

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: config.keys,
  cookies: { keys: ['opendui-test-cookie-key-not-a-secret'] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile'],
  claims: { openid: ['sub'], profile: ['preferred_username'] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => config.resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== config.resource) {
          throw new Provider.errors.InvalidTarget();
        }
        return {
          scope: resourceScope,
          audience: config.audience,
          accessTokenTTL: 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  findAccount: (ctx, id) => {
    const account = config.accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: () => ({ sub: id, ...account.claims }) };
  },
  // PSC-like claims and the eIDAS level of the login go into the JWT access token.
  extraTokenClaims: (ctx, token) => {
    const account = token.accountId ? config.accounts[token.accountId] : undefined;
    if (!account) return undefined;
    return { ...account.claims, ...(account.acr ? { acr: account.acr } : {}) };
  },
  // First-party clients: grant what they ask for, no consent screen.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope(config.resource, resourceScope);
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { AccessToken: 300, AuthorizationCode: 60, ClientCredentials: 300, Interaction: 300, Session: 600, Grant: 600 },
});

const callback = provider.callback();

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, url) {
  const [, , uid, action] = url.pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET' && !action) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const prompt = `${details.prompt.name}: ${details.prompt.reasons.join(', ')}`;
    res.end(`<form method="post" action="/interaction/${uid}/login" title="${prompt}"><input name="login"><button>Sign in</button></form>`);
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const login = (await readForm(req)).get('login');
    const account = config.accounts[login];
    if (!account) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('unknown test account');
      return;
    }
    const result = { login: { accountId: login, ...(account.acr ? { acr: account.acr } : {}) } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }
  res.writeHead(404);
  res.end();
}

const server = createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname.startsWith('/interaction/')) {
    interaction(req, res, url).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    return;
  }
  callback(req, res);
});

server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`oidc-provider listening on ${issuer}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
