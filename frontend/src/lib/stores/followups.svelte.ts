// The lifecycle stores of the app, wired to the bound services.
import * as RequestService from 'wailsjs/go/app/RequestService';
import * as SystemService from 'wailsjs/go/app/SystemService';
import * as SearchService from 'wailsjs/go/app/SearchService';
import * as ArticleService from 'wailsjs/go/app/ArticleService';
import { LifecycleService } from './lifecycleBinding';
import { LifecycleStore } from './lifecycle.svelte';
import { RemindersStore } from './reminders.svelte';
import { AlertsStore } from './alerts.svelte';
import { CustomerStore } from './customer.svelte';
import { ProgressStore } from './progress.svelte';
import { TeamQueueStore } from './teamQueue.svelte';
import { ProceduresStore } from './procedures.svelte';

export const lifecycleStore = new LifecycleStore(LifecycleService);
export const remindersStore = new RemindersStore(LifecycleService);
export const alertsStore = new AlertsStore(LifecycleService);
export const customerStore = new CustomerStore({ LifecycleService, RequestService });
export const progressStore = new ProgressStore({ LifecycleService, SystemService });
export const teamQueueStore = new TeamQueueStore(LifecycleService);
export const proceduresStore = new ProceduresStore({ SearchService, ArticleService });
