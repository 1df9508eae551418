// Specs call the bound services straight through window.go (as another
// window or agent would); type it with the generated bindings.
import type * as ArticleService from '../wailsjs/go/app/ArticleService';
import type * as AssistService from '../wailsjs/go/app/AssistService';
import type * as AttentionService from '../wailsjs/go/app/AttentionService';
import type * as AutosaveService from '../wailsjs/go/app/AutosaveService';
import type * as EditorService from '../wailsjs/go/app/EditorService';
import type * as HistoryService from '../wailsjs/go/app/HistoryService';
import type * as LedgerService from '../wailsjs/go/app/LedgerService';
import type * as RequestService from '../wailsjs/go/app/RequestService';
import type * as SearchService from '../wailsjs/go/app/SearchService';
import type * as SettingsService from '../wailsjs/go/app/SettingsService';
import type * as StatusService from '../wailsjs/go/app/StatusService';
import type * as SystemService from '../wailsjs/go/app/SystemService';
import type * as TransferService from '../wailsjs/go/app/TransferService';

declare global {
  interface Window {
    go: {
      app: {
        ArticleService: typeof ArticleService;
        AssistService: typeof AssistService;
        AttentionService: typeof AttentionService;
        AutosaveService: typeof AutosaveService;
        EditorService: typeof EditorService;
        HistoryService: typeof HistoryService;
        LedgerService: typeof LedgerService;
        RequestService: typeof RequestService;
        SearchService: typeof SearchService;
        SettingsService: typeof SettingsService;
        StatusService: typeof StatusService;
        SystemService: typeof SystemService;
        TransferService: typeof TransferService;
      };
    };
  }
}
