/** The parts of camunda-external-task-client-js 3.x (which ships no typings) that this project uses. */
declare module 'camunda-external-task-client-js' {
  export interface TypedValueDto { type: string; value: unknown; valueInfo?: Record<string, unknown> }
  export class Variables {
    get(name: string): unknown;
    getTyped(name: string): TypedValueDto | null;
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValueDto>;
    set(name: string, value: unknown): this;
    setTyped(name: string, typed: TypedValueDto): this;
    setAll(values: Record<string, unknown>): this;
    setTransient(name: string, value: unknown): this;
  }
  export class File {
    constructor(options: { localPath?: string; remotePath?: string; filename?: string; encoding?: string; mimetype?: string; engineService?: unknown; typedValue?: unknown });
    load(): Promise<this>;
    content: Buffer;
    filename?: string;
    mimetype?: string;
  }
  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    processInstanceId: string;
    processDefinitionKey: string;
    activityId: string;
    businessKey: string | null;
    retries: number | null;
    variables: Variables;
    [key: string]: unknown;
  }
  export interface TaskService {
    complete(task: Task, processVariables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }
  export type Handler = (args: { task: Task; taskService: TaskService }) => Promise<void> | void;
  export type Interceptor = (config: Record<string, unknown> & { headers?: Record<string, string> }) => Record<string, unknown>;
  export interface ClientConfig {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: Interceptor | Interceptor[];
    use?: unknown;
  }
  export interface TopicSubscription { unsubscribe(): void }
  export class Client {
    constructor(config: ClientConfig);
    start(): void;
    stop(): void;
    subscribe(topic: string, options: Record<string, unknown>, handler: Handler): TopicSubscription;
    subscribe(topic: string, handler: Handler): TopicSubscription;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }
  export const logger: unknown;
}
