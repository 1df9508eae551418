// The generated LifecycleService bindings, viewed through LifecycleApi. Go's
// time.Time travels as an RFC 3339 string, but the generated typings declare
// it as an empty interface (wailsjs/go/models.ts, namespace time); LifecycleApi
// states the shapes the screens read, field for field the same as the Go
// structs (knowledge.TimelineEvent, knowledge.Reminder, core.RequestOverview…).
import * as Bound from 'wailsjs/go/app/LifecycleService';
import type { LifecycleApi } from './lifecycleApi';

export const LifecycleService: LifecycleApi = Bound as unknown as LifecycleApi;
