import { jest } from '@jest/globals';
import type { TestUser } from '../helpers/auth.js';
import { draftWithDocuments, PDF, permitApplicationData, registerApplicant, residentId, type Applicant } from '../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

jest.setTimeout(300_000);

/**
 * The authorisation specification of the `/api`: every route the app serves, called by every role of the
 * permission table (`src/jurisdiction/roles.ts`) and by anonymous callers, each answer asserted.
 *
 * The subjects — an application, a tip, an inspection, an administrative and a criminal case — lie in Tianhe
 * district (440106) of Guangzhou (440100). Officers hold their role in the city, the district, the province (440000),
 * a police station of the district (440106-shipai) or a foreign city, Shenzhen (440300). A caller the design hides a
 * subject from gets 404, as if it did not exist; one who may see the subject but not do this gets 403; anonymous
 * callers get 401 everywhere except on the public routes. Allowed callers get past authorisation: a success, or an
 * answer about their input or the state of the subject (400, 404 for a missing sub-resource, 409, 429).
 */
const OFFICERS = {
  'station officer 440106-shipai': ['station-440106-shipai'],
  'station officer 440106': ['station-440106'],
  'intake officer 440100': ['tip-intake-440100'],
  'intake officer 440300 (foreign)': ['tip-intake-440300'],
  'permit reviewer 440100': ['permit-reviewer-440100'],
  'permit approver 440000': ['permit-approver-440000'],
  'permit reviewer 440300 (foreign)': ['permit-reviewer-440300'],
  'case officer 440100': ['case-440100'],
  'case officer 440106': ['case-440106'],
  'case officer 440300 (foreign)': ['case-440300'],
  'legal officer 440100': ['legal-440100'],
  'leader 440100': ['leader-440100'],
  'leader 440000': ['leader-440000'],
  'leader 440300 (foreign)': ['leader-440300'],
} satisfies Record<string, string[]>;
const GLOBAL = {
  'process manager': ['process-manager'],
  'engine operator': ['engine-operator'],
  'auditor': ['auditor'],
  'administrator': ['admin'],
  'worker': ['worker'],
} satisfies Record<string, string[]>;

type Officer = keyof typeof OFFICERS;
type Who = Officer | keyof typeof GLOBAL | 'applicant' | 'anonymous';
const OFFICER_NAMES = Object.keys(OFFICERS) as Officer[];
/** Every caller, in the order they call: the applicant last but one, so that what it changes happens after the officers' refusals. */
const CALLERS: Who[] = [...OFFICER_NAMES, ...(Object.keys(GLOBAL) as Who[]), 'applicant', 'anonymous'];
const AUTHENTICATED = CALLERS.filter((w) => w !== 'anonymous');

// who holds which permission where, as the permission table grants it
const WORKBENCH: Who[] = OFFICER_NAMES;
const CASE_HANDLERS: Who[] = ['case officer 440100', 'case officer 440106', 'case officer 440300 (foreign)', 'legal officer 440100', 'leader 440100', 'leader 440000', 'leader 440300 (foreign)'];
/** case.read in 440106: the case, legal and leading officers of the district, the city and the province. */
const CASE_READERS: Who[] = ['case officer 440100', 'case officer 440106', 'legal officer 440100', 'leader 440100', 'leader 440000'];
const APPLICATION_READERS: Who[] = ['permit reviewer 440100', 'permit approver 440000', 'leader 440100', 'leader 440000'];
const LICENSING_OFFICERS: Who[] = [...APPLICATION_READERS, 'permit reviewer 440300 (foreign)', 'leader 440300 (foreign)'];
/** Who may propose revoking a guard certificate somewhere (`certificate.revoke`). */
const CERTIFICATE_REVOKERS: Who[] = ['permit reviewer 440100', 'permit approver 440000', 'permit reviewer 440300 (foreign)'];
const TIP_HANDLERS: Who[] = ['station officer 440106-shipai', 'station officer 440106', 'intake officer 440100', 'intake officer 440300 (foreign)', 'case officer 440100', 'case officer 440106', 'case officer 440300 (foreign)', 'leader 440100', 'leader 440000', 'leader 440300 (foreign)'];
/** tip.read in 440106 (the seeded tip is not assigned to a station yet, so the Shipai station does not see it). */
const TIP_READERS: Who[] = ['station officer 440106', 'intake officer 440100', 'case officer 440100', 'case officer 440106', 'leader 440100', 'leader 440000'];
const INSPECTION_HANDLERS: Who[] = ['station officer 440106-shipai', 'station officer 440106', 'case officer 440100', 'case officer 440106', 'case officer 440300 (foreign)', 'leader 440100', 'leader 440000', 'leader 440300 (foreign)'];
/** inspection.read in 440106 or over the inspecting Shipai station. */
const INSPECTION_READERS: Who[] = ['station officer 440106-shipai', 'station officer 440106', 'case officer 440100', 'case officer 440106', 'leader 440100', 'leader 440000'];
const INSPECTION_PLANNERS: Who[] = ['station officer 440106-shipai', 'station officer 440106', 'leader 440100', 'leader 440000', 'leader 440300 (foreign)'];
/** Officers who hold the workbench but not in the case's district (440106): to them its tasks do not exist. */
const OUT_OF_CASE_JURISDICTION: Partial<Record<Who, number>> = {
  'station officer 440106-shipai': 404, 'intake officer 440300 (foreign)': 404, 'permit reviewer 440300 (foreign)': 404,
  'case officer 440300 (foreign)': 404, 'leader 440300 (foreign)': 404,
};
const MANAGERS: Who[] = ['process manager', 'administrator'];
/** Who handles the stopped steps of procedures (`incident.manage`). */
const INCIDENT_OPERATORS: Who[] = ['process manager', 'engine operator', 'administrator'];
const SUPERVISORS: Who[] = ['leader 440100', 'leader 440000', 'leader 440300 (foreign)', 'administrator'];
/** Everyone who sees some part of the jurisdiction tree: officers, managers, auditors and administrators. */
const TREE_READERS: Who[] = [...OFFICER_NAMES, 'process manager', 'engine operator', 'auditor', 'administrator'];

/** How one route is called and who gets what. */
interface Row {
  /** The route as the app registers it: method and path pattern. */
  route: string;
  /** The concrete path, built from the seeded subjects. */
  path: () => string;
  query?: Record<string, string>;
  headers?: () => Record<string, string>;
  body?: () => object;
  multipart?: { fields: Record<string, string>; file?: boolean };
  /** Who gets past authorisation; `public` includes anonymous callers. */
  allow: readonly Who[] | 'public';
  /** What an allowed caller may be answered. */
  ok: readonly number[];
  /** What the other authenticated callers get: 403, or 404 where the subject is hidden from them. */
  denied?: 403 | 404;
  /** Callers answered otherwise than `denied`: those who see the subject but may not do this (403), or who are hidden from it (404). */
  except?: Partial<Record<Who, number>>;
  /** A route that other work adds; checked only when the app serves it. */
  optional?: boolean;
}

let server: LicensingServer;
const users = new Map<Who, TestUser | Applicant>();
const ids: Record<string, string> = {};
const userOf = (who: Who) => users.get(who) as TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  for (const [name, groups] of [...Object.entries(OFFICERS), ...Object.entries(GLOBAL)]) {
    users.set(name as Who, await server.officer(`matrix-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.replace(/-$/, ''), groups));
  }
  const applicant = await registerApplicant(server, 'matrix-co');
  users.set('applicant', applicant);
  const bearer = (who: Who) => `Bearer ${userOf(who).token}`;

  // given one subject of each kind in Tianhe district, made through the API
  ids['application'] = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
  const draft = await server.http.get(`/api/applications/${ids['application']}`).set('Authorization', `Bearer ${applicant.token}`);
  const documents = draft.body.documents as Array<{ id: string }>;
  ids['applicationDocument'] = documents[0]?.id as string;
  ids['removableDocument'] = documents[1]?.id as string;

  const tip = await server.http.post('/api/public/tips').send({
    anonymous: false, complainant: { name: '陈女士', phone: '13500135000' }, category: 'guard-misconduct', subject: { name: '某商场保安' },
    regionCode: '440106', facts: '商场保安以搜身为由限制一名顾客离开，持续约半小时。',
  });
  ids['trackingCode'] = tip.body.trackingCode;
  ids['secret'] = tip.body.secret;
  const tips = await server.http.get('/api/tips').set('Authorization', bearer('intake officer 440100'));
  ids['tip'] = (tips.body.items as Array<{ id: string; trackingCode: string }>).find((t) => t.trackingCode === ids['trackingCode'])?.id as string;

  const inspection = await server.http.post('/api/inspections').set('Authorization', bearer('station officer 440106-shipai')).send({
    kind: 'random', unit: { name: '广州平安保安服务有限公司', address: '广州市天河区天河路100号' }, regionCode: '440106', inspectorGroup: 'station-440106-shipai',
  });
  ids['inspection'] = inspection.body.id;

  const opened = await server.http.post('/api/cases').set('Authorization', bearer('case officer 440100')).send({ party: { kind: 'person', name: '郑某' }, regionCode: '440106', facts: '保安员郑某无证上岗，殴打他人。' });
  ids['case'] = opened.body.id;
  // the district has case officers, so the case's tasks go to them (case-440106), not to the city's
  ids['caseTask'] = await server.waitForTask(opened.body.processInstanceId, 'Task_Investigate');
  ids['casePid'] = opened.body.processInstanceId;
  ids['caseDocument'] = await server.waitFor(async () => {
    const docs = await server.http.get(`/api/cases/${ids['case']}/documents`).set('Authorization', bearer('case officer 440100'));
    return (docs.body as Array<{ id: string }>)[0]?.id;
  }, 'the acceptance receipt of the case');
  const criminal = await server.http.post('/api/criminal-cases').set('Authorization', bearer('case officer 440100')).send({ suspect: { name: '钱某' }, regionCode: '440106', facts: '钱某以保安公司名义组织人员暴力讨债。' });
  ids['criminal'] = criminal.body.id;
  // an evidence item with its file in each track, for the file's download
  for (const [track, key] of [['cases', 'case'], ['criminal-cases', 'criminal']] as const) {
    const evidence = await server.http.post(`/api/${track}/${ids[key]}/evidence`).set('Authorization', bearer('case officer 440100'))
      .field('kind', 'document').field('title', '现场照片').attach('file', PDF, 'photo.pdf');
    ids[`${key}Evidence`] = evidence.body.id;
  }
  for (const [what, id] of Object.entries(ids)) if (!id) throw new Error(`Seeding failed: no ${what}`);
});

afterAll(async () => {
  await server?.close();
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const decision = { procuratorate: '广州市天河区人民检察院', documentNumber: '穗天检批捕〔2026〕1号', decidedOn: '2026-10-10' };
const tipSecret = () => ({ 'X-Tip-Secret': ids['secret'] as string });

/** The specification, one row per route, in the order of the route files. Rows that change state come after the rows that read it. */
const MATRIX: Row[] = [
  // applications.routes.ts — applicants own theirs; officers read those of their jurisdiction
  { route: 'GET /api/procedures', path: () => '/api/procedures', allow: AUTHENTICATED, ok: [200] },
  { route: 'GET /api/procedures/:key/form', path: () => '/api/procedures/security-company-permit/form', allow: AUTHENTICATED, ok: [200] },
  { route: 'POST /api/applications', path: () => '/api/applications', body: () => ({ procedure: 'no-such-procedure' }), allow: ['applicant'], ok: [400] },
  { route: 'GET /api/applications', path: () => '/api/applications', allow: ['applicant'], ok: [200] },
  { route: 'GET /api/applications/:id', path: () => `/api/applications/${ids['application']}`, allow: [...APPLICATION_READERS, 'applicant'], ok: [200], denied: 404 },
  { route: 'GET /api/applications/:id/documents/:documentId', path: () => `/api/applications/${ids['application']}/documents/${ids['applicationDocument']}`, allow: [...APPLICATION_READERS, 'applicant'], ok: [200], denied: 404 },
  { route: 'PUT /api/applications/:id/data', path: () => `/api/applications/${ids['application']}/data`, body: () => ({ data: permitApplicationData(), version: 999 }), allow: ['applicant'], ok: [200, 409] },
  { route: 'POST /api/applications/:id/documents', path: () => `/api/applications/${ids['application']}/documents`, multipart: { fields: { kind: 'no-such-kind' }, file: true }, allow: ['applicant'], ok: [400] },
  { route: 'DELETE /api/applications/:id/documents/:documentId', path: () => `/api/applications/${ids['application']}/documents/${ids['removableDocument']}`, allow: ['applicant'], ok: [204] },
  { route: 'POST /api/applications/:id/submit', path: () => `/api/applications/${ids['application']}/submit`, allow: ['applicant'], ok: [200, 400] },
  { route: 'POST /api/applications/:id/correction', path: () => `/api/applications/${ids['application']}/correction`, body: () => ({ note: '已补正材料' }), allow: ['applicant'], ok: [409] },
  { route: 'POST /api/applications/:id/business-registration', path: () => `/api/applications/${ids['application']}/business-registration`, body: () => ({ creditCode: '91440101MA5CXXXX0X' }), allow: ['applicant'], ok: [400, 409] },
  { route: 'GET /api/official-documents/:id', path: () => `/api/official-documents/${ids['caseDocument']}`, allow: CASE_READERS, ok: [200] },
  { route: 'GET /api/inbox', path: () => '/api/inbox', allow: AUTHENTICATED, ok: [200] },
  // a notification that is not the caller's is not found, whoever asks
  { route: 'POST /api/inbox/:id/read', path: () => `/api/inbox/${UNKNOWN}/read`, allow: AUTHENTICATED, ok: [404] },

  // audit.routes.ts
  { route: 'GET /api/admin/audit', path: () => '/api/admin/audit', allow: ['auditor', 'administrator'], ok: [200] },
  { route: 'GET /api/admin/audit/verify', path: () => '/api/admin/audit/verify', allow: ['auditor', 'administrator'], ok: [200] },

  // auth.routes.ts
  { route: 'POST /api/auth/login', path: () => '/api/auth/login', body: () => ({ username: userOf('case officer 440100').id, password: userOf('case officer 440100').password }), allow: 'public', ok: [200] },
  { route: 'GET /api/auth/me', path: () => '/api/auth/me', allow: AUTHENTICATED, ok: [200] },
  // a body that is refused, so that the callers' tokens go on working for the other rows
  { route: 'POST /api/auth/logout', path: () => '/api/auth/logout', body: () => ({ everywhere: 'no' }), allow: AUTHENTICATED, ok: [400] },
  { route: 'PUT /api/auth/password', path: () => '/api/auth/password', body: () => ({ currentPassword: '', newPassword: 'a-long-new-password' }), allow: AUTHENTICATED, ok: [400] },

  // case-file.routes.ts, both tracks: the case's readers, everyone else is told it does not exist
  ...(['cases', 'criminal-cases'] as const).flatMap((track): Row[] => {
    const id = () => ids[track === 'cases' ? 'case' : 'criminal'] as string;
    return [
      { route: `POST /api/${track}/:id/evidence`, path: () => `/api/${track}/${id()}/evidence`, multipart: { fields: { kind: 'document', title: '询问笔录' } }, allow: CASE_READERS, ok: [201], denied: 404 },
      { route: `GET /api/${track}/:id/evidence`, path: () => `/api/${track}/${id()}/evidence`, allow: CASE_READERS, ok: [200], denied: 404 },
      { route: `GET /api/${track}/:id/evidence/:evidenceId/file`, path: () => `/api/${track}/${id()}/evidence/${ids[track === 'cases' ? 'caseEvidence' : 'criminalEvidence']}/file`, allow: CASE_READERS, ok: [200], denied: 404 },
      { route: `GET /api/${track}/:id/timeline`, path: () => `/api/${track}/${id()}/timeline`, allow: CASE_READERS, ok: [200], denied: 404 },
      { route: `GET /api/${track}/:id/documents`, path: () => `/api/${track}/${id()}/documents`, allow: CASE_READERS, ok: [200], denied: 404 },
      { route: `GET /api/${track}/:id/party`, path: () => `/api/${track}/${id()}/party`, allow: CASE_READERS, ok: [200], denied: 404 },
    ];
  }),

  // cases.routes.ts
  { route: 'POST /api/cases', path: () => '/api/cases', body: () => ({}), allow: CASE_HANDLERS, ok: [400] },
  { route: 'GET /api/cases/:id', path: () => `/api/cases/${ids['case']}`, allow: CASE_READERS, ok: [200], denied: 404 },

  // certificates.routes.ts: a lookup needs the exact number, so any officer may look up; proposals are for licensing officers
  { route: 'GET /api/guard-certificates', path: () => '/api/guard-certificates', query: { residentId: residentId('44010619950808123') }, allow: OFFICER_NAMES, ok: [200] },
  { route: 'GET /api/guard-certificates/revocation-form', path: () => '/api/guard-certificates/revocation-form', allow: CERTIFICATE_REVOKERS, ok: [200] },
  { route: 'POST /api/guard-certificates/:id/revocation', path: () => `/api/guard-certificates/${UNKNOWN}/revocation`, body: () => ({ values: {} }), allow: LICENSING_OFFICERS, ok: [404] },
  // a revocation proposal is hidden (404) from all but its proposer and the licensing officers of its place
  { route: 'GET /api/guard-certificates/revocations/:id', path: () => `/api/guard-certificates/revocations/${UNKNOWN}`, allow: AUTHENTICATED, ok: [404] },

  // criminal-cases.routes.ts
  { route: 'POST /api/criminal-cases', path: () => '/api/criminal-cases', body: () => ({}), allow: CASE_HANDLERS, ok: [400] },
  { route: 'GET /api/criminal-cases/:id', path: () => `/api/criminal-cases/${ids['criminal']}`, allow: CASE_READERS, ok: [200], denied: 404 },
  { route: 'POST /api/criminal-cases/:id/procuratorate-decision', path: () => `/api/criminal-cases/${ids['criminal']}/procuratorate-decision`, body: () => ({ approved: true, decidedOn: '2026-10-10', documentNumber: '穗天检批捕〔2026〕1号' }), allow: CASE_READERS, ok: [409], denied: 404 },
  { route: 'POST /api/criminal-cases/:id/custody-extension', path: () => `/api/criminal-cases/${ids['criminal']}/custody-extension`, body: () => ({ ground: 'complex', ...decision }), allow: CASE_READERS, ok: [409], denied: 404 },
  { route: 'POST /api/criminal-cases/:id/prosecution-decision', path: () => `/api/criminal-cases/${ids['criminal']}/prosecution-decision`, body: () => ({ decision: 'prosecute', ...decision }), allow: CASE_READERS, ok: [409], denied: 404 },

  // health.routes.ts
  { route: 'GET /api/health', path: () => '/api/health', allow: 'public', ok: [200] },

  // inspections.routes.ts
  { route: 'GET /api/inspections', path: () => '/api/inspections', allow: INSPECTION_HANDLERS, ok: [200] },
  { route: 'POST /api/inspections', path: () => '/api/inspections', body: () => ({}), allow: INSPECTION_PLANNERS, ok: [400] },
  { route: 'GET /api/inspections/:id', path: () => `/api/inspections/${ids['inspection']}`, allow: INSPECTION_READERS, ok: [200], denied: 404 },

  // jurisdictions.routes.ts
  { route: 'GET /api/jurisdictions', path: () => '/api/jurisdictions', allow: TREE_READERS, ok: [200] },
  // the names of users: for everyone who works in the system, not for companies or the public
  { route: 'GET /api/people', path: () => '/api/people', query: { ids: 'admin' }, allow: TREE_READERS, ok: [200] },
  { route: 'POST /api/admin/jurisdictions', path: () => '/api/admin/jurisdictions', body: () => ({}), allow: ['administrator'], ok: [400] },
  { route: 'GET /api/me/roles', path: () => '/api/me/roles', allow: AUTHENTICATED, ok: [200] },
  { route: 'GET /api/admin/roles', path: () => '/api/admin/roles', allow: ['administrator'], ok: [200] },

  // holiday-calendar.routes.ts (the working-day calendar is kept by administrators)
  { route: 'GET /api/admin/holiday-calendar', path: () => '/api/admin/holiday-calendar', allow: ['administrator'], ok: [200] },
  { route: 'GET /api/admin/holiday-calendar/:year', path: () => '/api/admin/holiday-calendar/2026', allow: ['administrator'], ok: [200] },
  { route: 'PUT /api/admin/holiday-calendar/:year', path: () => '/api/admin/holiday-calendar/2027', body: () => ({}), allow: ['administrator'], ok: [400] },

  // incidents.routes.ts (the stopped steps of procedures: those who operate them)
  { route: 'GET /api/incidents', path: () => '/api/incidents', allow: INCIDENT_OPERATORS, ok: [200] },
  { route: 'GET /api/incidents/:id', path: () => '/api/incidents/no-such-incident', allow: INCIDENT_OPERATORS, ok: [404] },
  { route: 'POST /api/incidents/retry', path: () => '/api/incidents/retry', body: () => ({}), allow: INCIDENT_OPERATORS, ok: [400] },

  // openapi.routes.ts (the description of this API is public)
  { route: 'GET /api/openapi.json', path: () => '/api/openapi.json', allow: 'public', ok: [200], optional: true },

  // process-models.routes.ts
  { route: 'POST /api/process-models/lint', path: () => '/api/process-models/lint', multipart: { fields: {} }, allow: MANAGERS, ok: [200, 400] },
  { route: 'POST /api/process-models/deployments', path: () => '/api/process-models/deployments', multipart: { fields: {} }, allow: MANAGERS, ok: [400] },
  { route: 'GET /api/process-models', path: () => '/api/process-models', allow: MANAGERS, ok: [200] },
  { route: 'GET /api/process-models/forms/:id', path: () => '/api/process-models/forms/tip-triage', allow: MANAGERS, ok: [200] },
  { route: 'GET /api/process-models/:key/versions/:version/xml', path: () => '/api/process-models/tip-verification/versions/1/xml', allow: MANAGERS, ok: [200] },
  { route: 'GET /api/process-models/:key/diff', path: () => '/api/process-models/tip-verification/diff', query: { from: '1', to: '1' }, allow: MANAGERS, ok: [200, 400] },
  { route: 'PUT /api/process-models/:key/versions/:version/suspended', path: () => '/api/process-models/tip-verification/versions/1/suspended', body: () => ({}), allow: MANAGERS, ok: [400] },

  // public.routes.ts
  { route: 'POST /api/public/applicant-accounts', path: () => '/api/public/applicant-accounts', body: () => ({}), allow: 'public', ok: [400] },
  { route: 'GET /api/public/verify', path: () => '/api/public/verify', query: { number: 'NO-SUCH', code: 'NOPE' }, allow: 'public', ok: [404] },
  { route: 'GET /api/public/regions', path: () => '/api/public/regions', allow: 'public', ok: [200] },

  // records.routes.ts
  { route: 'GET /api/records', path: () => '/api/records', allow: ['administrator'], ok: [200] },
  { route: 'POST /api/records/search', path: () => '/api/records/search', body: () => ({ name: '无此人' }), allow: ['administrator'], ok: [200] },
  { route: 'POST /api/records', path: () => '/api/records', body: () => ({}), allow: ['administrator'], ok: [400] },
  { route: 'DELETE /api/records/:id', path: () => `/api/records/${UNKNOWN}`, allow: ['administrator'], ok: [204, 404] },
  { route: 'POST /api/records/import', path: () => '/api/records/import', body: () => ({}), allow: ['administrator'], ok: [415] },

  // tasks.routes.ts: the form steps of the task's candidate groups
  { route: 'GET /api/tasks/:id', path: () => `/api/tasks/${ids['caseTask']}`, allow: ['case officer 440106'], ok: [200] },
  { route: 'POST /api/tasks/:id/complete', path: () => `/api/tasks/${ids['caseTask']}/complete`, body: () => ({ values: {} }), allow: ['case officer 440106'], ok: [400], except: OUT_OF_CASE_JURISDICTION },

  // tips.routes.ts: the complainant's side needs the tracking code and secret, not an account
  { route: 'POST /api/public/tips', path: () => '/api/public/tips', body: () => ({}), allow: 'public', ok: [400] },
  { route: 'GET /api/public/tips/:code', path: () => `/api/public/tips/${ids['trackingCode']}`, headers: tipSecret, allow: 'public', ok: [200] },
  { route: 'POST /api/public/tips/:code/information', path: () => `/api/public/tips/${ids['trackingCode']}/information`, headers: tipSecret, body: () => ({ body: '补充：当晚值班保安胸牌号为0371。' }), allow: 'public', ok: [204] },
  { route: 'POST /api/public/tips/:code/attachments', path: () => `/api/public/tips/${ids['trackingCode']}/attachments`, headers: tipSecret, multipart: { fields: {} }, allow: 'public', ok: [400] },
  { route: 'POST /api/public/tips/:code/rating', path: () => `/api/public/tips/${ids['trackingCode']}/rating`, headers: tipSecret, body: () => ({ rating: 5 }), allow: 'public', ok: [409] },
  { route: 'POST /api/tips', path: () => '/api/tips', body: () => ({}), allow: ['intake officer 440100', 'intake officer 440300 (foreign)'], ok: [400] },
  { route: 'GET /api/tips', path: () => '/api/tips', allow: TIP_HANDLERS, ok: [200] },
  { route: 'GET /api/tips/:id', path: () => `/api/tips/${ids['tip']}`, allow: TIP_READERS, ok: [200], denied: 404 },
  {
    route: 'POST /api/tips/:id/complainant', path: () => `/api/tips/${ids['tip']}/complainant`, body: () => ({ purpose: '电话回访举报人' }),
    allow: ['intake officer 440100', 'leader 440100', 'leader 440000'], ok: [200], denied: 404,
    except: { 'station officer 440106': 403, 'case officer 440100': 403, 'case officer 440106': 403 },
  },
  {
    route: 'GET /api/tips/:id/identity-reads', path: () => `/api/tips/${ids['tip']}/identity-reads`,
    allow: ['leader 440100', 'leader 440000'], ok: [200], denied: 404,
    except: { 'station officer 440106': 403, 'intake officer 440100': 403, 'case officer 440100': 403, 'case officer 440106': 403 },
  },

  // users.routes.ts
  { route: 'POST /api/admin/users', path: () => '/api/admin/users', body: () => ({}), allow: ['administrator'], ok: [400] },
  { route: 'GET /api/admin/users', path: () => '/api/admin/users', allow: ['administrator'], ok: [200] },
  { route: 'GET /api/admin/users/:id', path: () => '/api/admin/users/nobody-here', allow: ['administrator'], ok: [404] },
  { route: 'PATCH /api/admin/users/:id', path: () => '/api/admin/users/nobody-here', body: () => ({ disabled: true }), allow: ['administrator'], ok: [404] },
  { route: 'PUT /api/admin/users/:id/password', path: () => '/api/admin/users/nobody-here/password', body: () => ({ password: 'long-enough-password' }), allow: ['administrator'], ok: [404] },
  { route: 'GET /api/admin/groups', path: () => '/api/admin/groups', allow: ['administrator'], ok: [200] },

  // workbench.routes.ts: officers only; a task for its candidates (the city's case officers) and its supervisors (leaders above)
  { route: 'GET /api/workbench/counts', path: () => '/api/workbench/counts', allow: WORKBENCH, ok: [200] },
  { route: 'GET /api/workbench/todo', path: () => '/api/workbench/todo', allow: WORKBENCH, ok: [200] },
  { route: 'GET /api/workbench/done', path: () => '/api/workbench/done', allow: WORKBENCH, ok: [200] },
  { route: 'GET /api/workbench/started', path: () => '/api/workbench/started', allow: WORKBENCH, ok: [200] },
  { route: 'GET /api/workbench/copies', path: () => '/api/workbench/copies', allow: WORKBENCH, ok: [200] },
  { route: 'POST /api/workbench/copies/:id/read', path: () => `/api/workbench/copies/${UNKNOWN}/read`, allow: WORKBENCH, ok: [404] },
  { route: 'GET /api/workbench/tasks/:id', path: () => `/api/workbench/tasks/${ids['caseTask']}`, allow: ['case officer 440106', 'leader 440100', 'leader 440000'], ok: [200], except: OUT_OF_CASE_JURISDICTION },
  // a procedure's file: for officers who work on its jurisdiction (or above), to the others it does not exist
  { route: 'GET /api/workbench/procedures/:id', path: () => `/api/workbench/procedures/${ids['casePid']}`, allow: WORKBENCH.filter((w) => !(w in OUT_OF_CASE_JURISDICTION)), ok: [200], except: OUT_OF_CASE_JURISDICTION },
  { route: 'GET /api/workbench/tasks/:id/diagram', path: () => `/api/workbench/tasks/${ids['caseTask']}/diagram`, allow: ['case officer 440106', 'leader 440100', 'leader 440000'], ok: [200], except: OUT_OF_CASE_JURISDICTION },
  // the case officer claims the task here and gives it back at unclaim; in between it acts as the assignee
  { route: 'POST /api/workbench/tasks/:id/claim', path: () => `/api/workbench/tasks/${ids['caseTask']}/claim`, body: () => ({}), allow: ['case officer 440106'], ok: [200], except: OUT_OF_CASE_JURISDICTION },
  { route: 'POST /api/workbench/tasks/:id/complete', path: () => `/api/workbench/tasks/${ids['caseTask']}/complete`, body: () => ({ values: {} }), allow: ['case officer 440106'], ok: [400], except: OUT_OF_CASE_JURISDICTION },
  { route: 'POST /api/workbench/tasks/:id/send-back', path: () => `/api/workbench/tasks/${ids['caseTask']}/send-back`, body: () => ({ activityId: 'Task_NoSuchStep', comment: '退回' }), allow: ['case officer 440106'], ok: [400], except: OUT_OF_CASE_JURISDICTION },
  { route: 'POST /api/workbench/tasks/:id/transfer', path: () => `/api/workbench/tasks/${ids['caseTask']}/transfer`, body: () => ({ userId: 'nobody', comment: '转办' }), allow: ['case officer 440106'], ok: [400], except: OUT_OF_CASE_JURISDICTION },
  { route: 'POST /api/workbench/tasks/:id/delegate', path: () => `/api/workbench/tasks/${ids['caseTask']}/delegate`, body: () => ({ userId: 'nobody', comment: '委派' }), allow: ['case officer 440106'], ok: [400], except: OUT_OF_CASE_JURISDICTION },
  { route: 'POST /api/workbench/tasks/:id/resolve', path: () => `/api/workbench/tasks/${ids['caseTask']}/resolve`, body: () => ({ comment: '已办' }), allow: ['case officer 440106'], ok: [400, 409], except: OUT_OF_CASE_JURISDICTION },
  { route: 'POST /api/workbench/tasks/:id/carbon-copy', path: () => `/api/workbench/tasks/${ids['caseTask']}/carbon-copy`, body: () => ({ userIds: ['nobody'] }), allow: ['case officer 440106', 'leader 440100', 'leader 440000'], ok: [200, 400], except: OUT_OF_CASE_JURISDICTION },
  { route: 'GET /api/workbench/tasks/:id/people', path: () => `/api/workbench/tasks/${ids['caseTask']}/people`, query: { operation: 'carbon-copy' }, allow: ['case officer 440106', 'leader 440100', 'leader 440000'], ok: [200], except: OUT_OF_CASE_JURISDICTION },
  { route: 'POST /api/workbench/tasks/:id/urge', path: () => `/api/workbench/tasks/${ids['caseTask']}/urge`, body: () => ({}), allow: ['case officer 440100', 'leader 440100', 'leader 440000'], ok: [200, 429], except: OUT_OF_CASE_JURISDICTION }, // the district officer holds it: no urging oneself
  { route: 'POST /api/workbench/tasks/:id/comment', path: () => `/api/workbench/tasks/${ids['caseTask']}/comment`, body: () => ({ text: '请尽快调查' }), allow: ['case officer 440106', 'leader 440100', 'leader 440000'], ok: [200], except: OUT_OF_CASE_JURISDICTION },
  { route: 'POST /api/workbench/tasks/:id/unclaim', path: () => `/api/workbench/tasks/${ids['caseTask']}/unclaim`, body: () => ({}), allow: ['case officer 440106'], ok: [200], except: OUT_OF_CASE_JURISDICTION },
  // a task the caller has not completed cannot be withdrawn, whoever asks
  { route: 'POST /api/workbench/done/:id/withdraw', path: () => `/api/workbench/done/${ids['caseTask']}/withdraw`, body: () => ({ comment: '撤回' }), allow: WORKBENCH, ok: [404] },
  // bulk operations check every task first and name the ones refused: 400 for an officer who may not take the task
  { route: 'POST /api/workbench/bulk/claim', path: () => '/api/workbench/bulk/claim', body: () => ({ taskIds: [ids['caseTask']] }), allow: WORKBENCH, ok: [200, 400] },
  { route: 'POST /api/workbench/bulk/transfer', path: () => '/api/workbench/bulk/transfer', body: () => ({ taskIds: [ids['caseTask']], userId: 'nobody', comment: '转办' }), allow: WORKBENCH, ok: [400] },
  { route: 'GET /api/workbench/phrases', path: () => '/api/workbench/phrases', allow: WORKBENCH, ok: [200] },
  { route: 'POST /api/workbench/phrases', path: () => '/api/workbench/phrases', body: () => ({ text: '同意' }), allow: WORKBENCH, ok: [201] },
  { route: 'DELETE /api/workbench/phrases/:id', path: () => `/api/workbench/phrases/${UNKNOWN}`, allow: WORKBENCH, ok: [404] },

  // notifications.routes.ts: the caller's own inbox and settings; the deliveries for administrators
  { route: 'GET /api/inbox/counts', path: () => '/api/inbox/counts', allow: AUTHENTICATED, ok: [200] },
  { route: 'POST /api/inbox/read-all', path: () => '/api/inbox/read-all', body: () => ({}), allow: AUTHENTICATED, ok: [200] },
  { route: 'GET /api/me/notification-settings', path: () => '/api/me/notification-settings', allow: AUTHENTICATED, ok: [200] },
  { route: 'PUT /api/me/notification-settings', path: () => '/api/me/notification-settings', body: () => ({}), allow: AUTHENTICATED, ok: [200] },
  { route: 'GET /api/admin/notification-deliveries', path: () => '/api/admin/notification-deliveries', allow: ['administrator'], ok: [200] },
  { route: 'POST /api/admin/notification-deliveries/:id/retry', path: () => `/api/admin/notification-deliveries/${UNKNOWN}/retry`, allow: ['administrator'], ok: [404] },

  // supervision.routes.ts: leaders and administrators, each within their jurisdiction
  { route: 'GET /api/supervision/clocks', path: () => '/api/supervision/clocks', allow: SUPERVISORS, ok: [200] },
  { route: 'GET /api/supervision/overdue', path: () => '/api/supervision/overdue', allow: SUPERVISORS, ok: [200] },
  { route: 'GET /api/supervision/soon-due', path: () => '/api/supervision/soon-due', allow: SUPERVISORS, ok: [200] },
  { route: 'GET /api/supervision/figures', path: () => '/api/supervision/figures', allow: SUPERVISORS, ok: [200] },
  { route: 'GET /api/supervision/procedures', path: () => '/api/supervision/procedures', allow: SUPERVISORS, ok: [200] },
  { route: 'GET /api/supervision/procedures/:key/steps', path: () => '/api/supervision/procedures/administrative-case/steps', allow: SUPERVISORS, ok: [200] },

  // last, because it replaces the case's investigation task: a leader of the case's jurisdiction or above records the extension
  {
    route: 'POST /api/cases/:id/extension', path: () => `/api/cases/${ids['case']}/extension`, body: () => ({ approvedBy: '广州市公安局', approvalDocument: '穗公延〔2026〕1号' }),
    allow: ['leader 440100', 'leader 440000'], ok: [202, 409], denied: 404,
    except: { 'case officer 440100': 403, 'case officer 440106': 403, 'legal officer 440100': 403 },
  },
];

describe('authorisation of every /api route', () => {
  it('has a row of the matrix for every route the app serves, and a route for every row', () => {
    // given the routes the app registered
    const served = new Set(server.routes.map((r) => `${r.method} ${normalise(r.path)}`));
    // then each is specified, and each specified route exists
    const specified = new Set(MATRIX.map((r) => r.route));
    expect([...served].filter((r) => !specified.has(r))).toEqual([]);
    expect(MATRIX.filter((r) => !r.optional && !served.has(r.route)).map((r) => r.route)).toEqual([]);
  });

  describe.each(MATRIX.map((row) => [row.route, row] as const))('%s', (route, row) => {
    it('answers every caller as the matrix says', async () => {
      if (row.optional && !server.routes.some((r) => `${r.method} ${normalise(r.path)}` === route)) return;
      const actual: Partial<Record<Who, number>> = {};
      const expected: Partial<Record<Who, number>> = {};
      for (const who of CALLERS) {
        // when
        const status = await call(row, who);
        // then
        actual[who] = status;
        expected[who] = expectation(row, who, status);
      }
      expect(actual).toEqual(expected);
    });
  });
});

describe('lists filtered to the jurisdiction', () => {
  const listed = async (who: Who, path: string) => {
    const res = await server.http.get(path).set('Authorization', `Bearer ${userOf(who).token}`);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((i) => i.id);
  };

  it('lists a tip of Tianhe to the officers of the district, the city and the province, not to a station below or a foreign city', async () => {
    for (const who of TIP_READERS) expect(await listed(who, '/api/tips')).toContain(ids['tip']);
    for (const who of ['station officer 440106-shipai', 'intake officer 440300 (foreign)', 'case officer 440300 (foreign)', 'leader 440300 (foreign)'] as const) {
      expect(await listed(who, '/api/tips')).not.toContain(ids['tip']);
    }
  });

  it('lists an inspection by the Shipai station to that station and the officers above it, not to a foreign city', async () => {
    for (const who of INSPECTION_READERS) expect(await listed(who, '/api/inspections')).toContain(ids['inspection']);
    for (const who of ['case officer 440300 (foreign)', 'leader 440300 (foreign)'] as const) expect(await listed(who, '/api/inspections')).not.toContain(ids['inspection']);
  });

  it('lets officers see only their part of the jurisdiction tree', async () => {
    const tree = await server.http.get('/api/jurisdictions').set('Authorization', `Bearer ${userOf('case officer 440100').token}`);
    expect(tree.body.map((n: { code: string }) => n.code)).toEqual(['440100']);
    const province = await server.http.get('/api/jurisdictions').set('Authorization', `Bearer ${userOf('leader 440000').token}`);
    expect(province.body).toEqual([expect.objectContaining({ code: '440000', level: 'province', children: expect.arrayContaining([expect.objectContaining({ code: '440300', name: '深圳市' })]) })]);
  });

  it('refuses a station under a district the tree does not hold, naming the code', async () => {
    const admin = userOf('administrator');
    const res = await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send({ code: '440199-nowhere', name: '无此派出所' });
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send({ code: '440106', name: '天河区', authority: '广州市公安局天河区分局' })).status).toBe(201);
    expect((await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send({ code: '440106', name: '天河区' })).status).toBe(409);
    expect((await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send({ code: '440106-tianhenan', name: '天河南派出所' })).status).toBe(201);
    const tree = await server.http.get('/api/jurisdictions').set('Authorization', `Bearer ${userOf('case officer 440106').token}`);
    expect(tree.body).toEqual([expect.objectContaining({ code: '440106', children: [expect.objectContaining({ code: '440106-tianhenan', level: 'station' })] })]);
    const added = (await server.auth.audit.list({ action: 'jurisdiction.add', order: 'asc' })).items;
    expect(added.map((e) => [e.actor, e.subjectId])).toEqual([[admin.id, '440106'], [admin.id, '440106-tianhenan']]);
  });
});

// helpers ////

/** What `who` must get from `row`; for an allowed caller, the status it got when that is one of the allowed answers. */
function expectation(row: Row, who: Who, got: number): number {
  const allowed = row.allow === 'public' || row.allow.includes(who);
  if (allowed) return row.ok.includes(got) ? got : (row.ok[0] as number);
  if (who === 'anonymous') return 401;
  return row.except?.[who] ?? row.denied ?? 403;
}

async function call(row: Row, who: Who): Promise<number> {
  const method = row.route.split(' ')[0]?.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const request = server.http[method](row.path());
  const user = users.get(who);
  if (user) request.set('Authorization', `Bearer ${user.token}`);
  for (const [name, value] of Object.entries(row.headers?.() ?? {})) request.set(name, value);
  if (row.query) request.query(row.query);
  if (row.multipart) {
    for (const [name, value] of Object.entries(row.multipart.fields)) request.field(name, value);
    if (row.multipart.file) request.attach('file', PDF, 'document.pdf');
    // a request with no part at all still has to be multipart
    if (!Object.keys(row.multipart.fields).length && !row.multipart.file) request.field('note', '');
    return (await request).status;
  }
  return (await (row.body ? request.send(row.body()) : request)).status;
}

/** A registered path as the matrix writes it: no trailing slash. */
function normalise(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
