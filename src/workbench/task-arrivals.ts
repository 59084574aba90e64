import type { DataSource } from 'typeorm';
import type { EngineClient } from '../engine-client/engine-client.js';
import { engineDate, isoFromEngine } from '../engine-client/variables.js';
import { SettingsRepository } from '../identity/settings.repository.js';
import type { Notifications } from '../licensing/notifications.js';
import { PeriodicPass } from './periodic-pass.js';
import type { ProcedureIndex } from './procedure-index.js';

/** The settings key holding the creation time of the newest task announced. */
export const TASK_ARRIVALS_SINCE = 'workbench.task-arrivals.since';

/** Tasks read per request. */
const PAGE = 200;
/** How far each pass looks back before the last task announced, for tasks committed late; announcements are idempotent. */
const OVERLAP_MS = 5_000;

/** What {@link TaskArrivals} needs. */
export interface TaskArrivalsDeps {
  dataSource: DataSource;
  /** The engine, as the service account (embedded or remote alike). */
  engine: EngineClient;
  notifications: Notifications;
  procedures: ProcedureIndex;
  now: () => Date;
}

interface ArrivedTask {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  processInstanceId: string | null;
  taskDefinitionKey: string | null;
}

/**
 * Tells officers that work has arrived (新任务): each pass reads the engine's task API for user tasks created since
 * the last one announced and puts an `assignment` notification in the inbox of each candidate group of a task
 * nobody holds yet — so it also goes out by e-mail or SMS to the members who chose that. Works against the embedded
 * and a remote engine alike. Every task is announced once per group (idempotency keys), and where the last pass
 * stopped survives restarts (`app_setting`). The first pass only notes the time: work that was waiting before is in
 * 待办 already.
 */
export class TaskArrivals extends PeriodicPass<number> {
  private readonly settings: SettingsRepository;

  constructor(private readonly deps: TaskArrivalsDeps) {
    super();
    this.settings = new SettingsRepository(deps.dataSource);
  }

  /** One pass: returns how many notifications it stored. */
  protected async pass(): Promise<number> {
    const stored = await this.settings.get(TASK_ARRIVALS_SINCE);
    if (stored === null) {
      await this.settings.set(TASK_ARRIVALS_SINCE, this.deps.now().toISOString());
      return 0;
    }
    let newest = Date.parse(stored);
    let since = newest - OVERLAP_MS;
    let announced = 0;
    for (;;) {
      const tasks = await this.deps.engine.request<ArrivedTask[]>('POST', `/task?firstResult=0&maxResults=${PAGE}`, {
        createdAfter: engineDate(new Date(since)), unassigned: true, sorting: [{ sortBy: 'created', sortOrder: 'asc' }],
      });
      for (const task of tasks) {
        announced += await this.announce(task);
        newest = Math.max(newest, parseEngineTime(task.created));
      }
      if (tasks.length < PAGE) break;
      const last = parseEngineTime((tasks[tasks.length - 1] as ArrivedTask).created);
      // a page full of tasks of one millisecond: step past it rather than read it again for ever
      since = last > since ? last - 1 : since + 1;
    }
    if (newest > Date.parse(stored)) await this.settings.set(TASK_ARRIVALS_SINCE, new Date(newest).toISOString());
    return announced;
  }

  private async announce(task: ArrivedTask): Promise<number> {
    if (task.assignee) return 0;
    const links = await this.deps.engine.request<Array<{ groupId: string | null; type: string }>>('GET', `/task/${encodeURIComponent(task.id)}/identity-links?type=candidate`);
    const groups = [...new Set(links.map((l) => l.groupId).filter((g): g is string => g !== null))];
    if (!groups.length) return 0;
    const procedure = task.processInstanceId ? await this.deps.procedures.ofInstance(task.processInstanceId) : null;
    const step = task.name ?? task.taskDefinitionKey ?? '任务';
    const about = procedure ? `${procedure.number ?? ''}${procedure.party ? `（${procedure.party}）` : ''}` : '';
    let count = 0;
    for (const group of groups) {
      const fresh = await this.deps.notifications.send({
        recipientType: 'group', recipient: group, kind: 'assignment', title: `新任务：${step}`,
        body: `${about ? `${about}：` : ''}${step}待办理，请在“待办”中签收。`, applicationId: null, subject: { kind: 'task', id: task.id },
        idempotencyKey: `task-arrived:${task.id}:${group}`,
      });
      if (fresh) count += 1;
    }
    return count;
  }
}

/** Milliseconds of an engine date-time (`2026-10-12T10:00:00.000+0800`). */
function parseEngineTime(text: string): number {
  return Date.parse(isoFromEngine(text));
}
