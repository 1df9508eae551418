// The lifecycle back end (app LifecycleService, see app/API.md) as the
// request screens use it. The shapes mirror the generated bindings
// (wailsjs/go/models.ts: knowledge.TimelineEvent, knowledge.Reminder, …), so
// the bound module itself satisfies LifecycleApi; tests pass fakes.
import type { knowledge } from 'wailsjs/go/models';

/** Go's time.Time travels as an RFC 3339 string; the zero time means "not set". */
export type Time = string;
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface TimelineEvent {
  seq: number;
  requestId?: string;
  kind: string;
  at: Time;
  actor: string;
  text: string;
  from: string;
  to: string;
  articleId: string;
  articleVersion: number;
  department: string;
  due: Time;
  ref: string;
}

export interface PlanStep {
  title: string;
  minutes: number;
  due: Time;
  doneAt: Time;
  doneBy: string;
}

export interface Plan {
  articleId: string;
  articleVersion: number;
  title: string;
  startedAt: Time;
  steps: PlanStep[];
}

export interface RequestState {
  requestId: string;
  assignee: string;
  nextStep: string;
  nextDue: Time;
  promisedAt: Time;
  departments: string[];
  plan?: Plan | null;
  version: number;
}

export interface Reminder {
  id: string;
  requestId: string;
  agent: string;
  text: string;
  due: Time;
  /** manual, promise or step. */
  source: string;
  createdAt: Time;
  doneAt: Time;
  snoozes: number;
  version: number;
}

export interface Alert {
  rule: string;
  requestId: string;
  subject: string;
  reason: string;
  since: Time;
  owner: string;
}

export interface RequestOverview {
  request: knowledge.SupportRequest;
  state: RequestState;
  timeline: TimelineEvent[];
  departments: string[];
  reminders: Reminder[];
  alerts: Alert[];
  agent: string;
}

export interface PromiseProposal {
  /** The promise sentence of the reply. */
  text: string;
  due: Time;
  /** The words that gave the date ("on Friday"). */
  phrase: string;
}

export interface AlertThresholds {
  noUpdateHours: number;
  unansweredMessages: number;
  waitingInternalHours: number;
  checkMinutes: number;
}

export interface CustomerProfile {
  contact: string;
  name: string;
  preferredName: string;
  title: string;
  language: string;
  tone: string;
  preferredChannel: string;
  preferences: string;
  notes: string;
  version: number;
}

export interface QueueItem {
  request: knowledge.RequestSummary;
  state: RequestState;
  /** unassigned or overdue. */
  reason: string;
  due: Time;
}

export interface ProgressUpdate {
  markdown: string;
  html: string;
  fromLLM: boolean;
  /** Why the language model could not write it (the template was used). */
  llmError?: string;
}

/** The LifecycleService methods the screens call. */
export interface LifecycleApi {
  Overview(requestId: string): Promise<RequestOverview>;
  SetStatus(requestId: string, status: string, note: string): Promise<RequestOverview>;
  SetNextStep(requestId: string, step: string, due: Time): Promise<RequestOverview>;
  Assign(requestId: string, agent: string): Promise<RequestOverview>;
  HandOver(requestId: string, toAgent: string, note: string): Promise<RequestOverview>;
  TeamQueue(): Promise<QueueItem[]>;
  AddReminder(r: Partial<Reminder> & { requestId: string; text: string; due: Time; source: string }): Promise<Reminder>;
  SnoozeReminder(id: string, until: Time): Promise<Reminder>;
  CompleteReminder(id: string): Promise<Reminder>;
  DueReminders(): Promise<Reminder[]>;
  Reminders(requestId: string): Promise<Reminder[]>;
  ProposeReminders(requestId: string, replyText: string): Promise<PromiseProposal[]>;
  Alerts(): Promise<Alert[]>;
  /** The alerts that reach me: requests I own and those nobody owns. */
  MyAlerts(): Promise<Alert[]>;
  AlertSettings(): Promise<AlertThresholds>;
  SaveAlertSettings(t: AlertThresholds): Promise<AlertThresholds>;
  AttachProcedure(requestId: string, articleId: string): Promise<RequestOverview>;
  CompleteStep(requestId: string, step: number): Promise<RequestOverview>;
  CustomerProfile(contact: string): Promise<CustomerProfile>;
  SaveCustomerProfile(p: CustomerProfile): Promise<CustomerProfile>;
  ProgressUpdate(requestId: string): Promise<ProgressUpdate>;
  /** The edited update joins the conversation as my reply, and the timeline. */
  SendProgressUpdate(requestId: string, text: string): Promise<RequestOverview>;
  /** Writes the edited update into folder as md or html; never replaces a file. */
  ExportProgressUpdate(requestId: string, markdown: string, format: string, folder: string): Promise<{ path: string }>;
}
