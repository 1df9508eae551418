export namespace app {
	
	export interface AssistToken {
	    requestId: string;
	    text: string;
	}
	export interface ChangeEvent {
	    kind: string;
	    ids: string[];
	}
	export interface ExportResult {
	    path: string;
	    events: number;
	}
	export interface LastChanges {
	    kb: ChangeEvent;
	    requests: ChangeEvent;
	    ledger: ChangeEvent;
	}
	export interface Progress {
	    phase: string;
	    done: number;
	    total: number;
	    message: string;
	}

}

export namespace assist {
	
	export interface Citation {
	    passageId: string;
	    articleId: string;
	    articleVersion: number;
	    quote: string;
	}
	export interface Gap {
	    placeholder: string;
	    hint: string;
	}
	export interface Paragraph {
	    text: string;
	    question: number;
	    passageIds: string[];
	}
	export interface SentenceCheck {
	    text: string;
	    supported: boolean;
	    passageIds: string[];
	}
	export interface Option {
	    title: string;
	    label: string;
	    purpose: string;
	    reply: string;
	    steps: string[];
	    citations: Citation[];
	    sentences: SentenceCheck[];
	    titleChecks: SentenceCheck[];
	    stepChecks: SentenceCheck[];
	    paragraphs: Paragraph[];
	    gaps: Gap[];
	    unanswered: number[];
	    flags: string[];
	    kind: string;
	}
	
	export interface PassageRef {
	    passageId: string;
	    articleId: string;
	    articleVersion: number;
	}
	export interface QuestionResult {
	    text: string;
	    answered: boolean;
	    relevance: number;
	    passageIds: string[];
	    articleId: string;
	}
	export interface RelatedArticle {
	    articleId: string;
	    articleVersion: number;
	    title: string;
	    department: string;
	    relevance: number;
	}
	
	export interface Suggestion {
	    options: Option[];
	    provider: string;
	    model: string;
	    promptHash: string;
	    passageIds: string[];
	    passages: PassageRef[];
	    clarifyingQuestion: string;
	    notInKb: boolean;
	    questions: QuestionResult[];
	    possiblyRelated: RelatedArticle[];
	    repaired: boolean;
	}

}

export namespace config {
	
	export interface Embedding {
	    provider: string;
	    baseUrl?: string;
	    model?: string;
	}
	export interface LLM {
	    provider: string;
	    baseUrl?: string;
	    model?: string;
	    timeoutSeconds?: number;
	    piiMode?: string;
	    piiPatterns?: Record<string, string>;
	}
	export interface Profile {
	    name: string;
	    role: string;
	}

}

export namespace core {
	
	export interface ArticleInput {
	    id: string;
	    title: string;
	    body: string;
	    department: string;
	    tags: string[];
	    language: string;
	    audience: string;
	    owner: string;
	    reviewBy: string;
	}
	export interface ArticleSummary {
	    id: string;
	    title: string;
	    department: string;
	    language: string;
	    audience: string;
	    status: string;
	    owner: string;
	    version: number;
	    updatedAt: string;
	    reviewBy: string;
	    stale: boolean;
	    flagged: boolean;
	    tags: string[];
	}
	export interface ArticleUse {
	    articleId: string;
	    title: string;
	    uses: number;
	    discards: number;
	    heavyEdits: number;
	}
	export interface Heading {
	    level: number;
	    text: string;
	    id: string;
	}
	export interface ArticleView {
	    id: string;
	    title: string;
	    department: string;
	    tags: string[];
	    language: string;
	    audience: string;
	    status: string;
	    owner: string;
	    reviewBy: string;
	    updatedAt: string;
	    version: number;
	    stale: boolean;
	    html: string;
	    headings: Heading[];
	}
	export interface Attachment {
	    path: string;
	}
	export interface CitedPassage {
	    passageId: string;
	    articleId: string;
	    articleTitle: string;
	    articleVersion: number;
	    headings: string[];
	    text: string;
	    current: boolean;
	    missing?: string;
	}
	export interface EditableArticle {
	    id: string;
	    title: string;
	    body: string;
	    department: string;
	    tags: string[];
	    language: string;
	    audience: string;
	    status: string;
	    owner: string;
	    reviewBy: string;
	    version: number;
	    updatedAt: string;
	    statusBy: string;
	    statusAt: string;
	}
	export interface Conflict {
	    mine: ArticleInput;
	    theirs: EditableArticle;
	    baseVersion: number;
	    diff: editorial.DiffLine[];
	    mineDiff: editorial.DiffLine[];
	}
	export interface DiffOp {
	    op: string;
	    text: string;
	}
	export interface CurationEvidence {
	    setId: string;
	    // Go type: time
	    at: any;
	    agent: string;
	    outcome: string;
	    reasons: string[];
	    comment: string;
	    option: string;
	    diff: DiffOp[];
	    version: number;
	}
	export interface CurationItem {
	    articleId: string;
	    title: string;
	    version: number;
	    discards: number;
	    heavyEdits: number;
	    // Go type: time
	    since: any;
	    evidence: CurationEvidence[];
	}
	export interface VersionNote {
	    version: number;
	    author: string;
	    message: string;
	    // Go type: time
	    at: any;
	}
	export interface CurationResolution {
	    articleId: string;
	    // Go type: time
	    at: any;
	    editor: string;
	    note: string;
	    fromVersion: number;
	    toVersion: number;
	    changes: VersionNote[];
	    discards: number;
	    heavyEdits: number;
	}
	export interface GroupStats {
	    name: string;
	    sets: number;
	    used: number;
	    edited: number;
	    discarded: number;
	    acceptanceRate: number;
	    medianEditDistance: number;
	}
	export interface DayCounts {
	    day: string;
	    used: number;
	    edited: number;
	    discarded: number;
	    inserted: number;
	    shown: number;
	}
	export interface Dashboard {
	    sets: number;
	    sent: number;
	    perDay: DayCounts[];
	    byAgent: GroupStats[];
	    byDepartment: GroupStats[];
	    topArticles: ArticleUse[];
	    troubleArticles: ArticleUse[];
	    unverifiedRate: number;
	    minutesSaved: number;
	    timeSavedFormula: string;
	}
	
	export interface DeptCount {
	    departments: number;
	    requests: number;
	}
	
	export interface DuplicatePair {
	    a: ArticleSummary;
	    b: ArticleSummary;
	    similarity: number;
	}
	
	export interface EditorListFilter {
	    statuses: string[];
	    department: string;
	    query: string;
	}
	export interface ExportedFile {
	    path: string;
	}
	export interface FieldChange {
	    field: string;
	    from: string;
	    to: string;
	}
	export interface GapCluster {
	    label: string;
	    count: number;
	    examples: string[];
	    lastAt: string;
	}
	
	
	export interface ImportPlan {
	    source: string;
	    create: string[];
	    update: string[];
	    unchanged: string[];
	    archive: string[];
	    failed: importer.FileError[];
	    noDepartment: string[];
	}
	export interface ImportReport {
	    source: string;
	    create: string[];
	    update: string[];
	    unchanged: string[];
	    archive: string[];
	    failed: importer.FileError[];
	    noDepartment: string[];
	}
	export interface TeamStatus {
	    team: boolean;
	    online: boolean;
	    asOf: string;
	    reason: string;
	}
	export interface IndexState {
	    articles: number;
	    total: number;
	    passages: number;
	    embedder: string;
	    state: string;
	    message: string;
	    done: number;
	    of: number;
	    dataDir: string;
	    readOnly: string;
	    team: TeamStatus;
	}
	export interface LifecycleStats {
	    resolved: number;
	    resolvedMultiDept: number;
	    byDepartments: DeptCount[];
	}
	export interface LinkTarget {
	    id: string;
	    title: string;
	    department: string;
	}
	export interface PassageView {
	    passageId: string;
	    articleId: string;
	    articleVersion: number;
	    headings: string[];
	    text: string;
	    current: boolean;
	}
	export interface Preview {
	    html: string;
	    headings: Heading[];
	    links: string[];
	    brokenLinks: string[];
	    signals: textscan.Signal[];
	}
	export interface ProgressUpdate {
	    requestId: string;
	    markdown: string;
	    html: string;
	    fromLLM: boolean;
	    llmError: string;
	    happened: string[];
	    next: string;
	    by: string;
	}
	export interface PromiseProposal {
	    requestId: string;
	    text: string;
	    phrase: string;
	    // Go type: time
	    due: any;
	}
	export interface QueueItem {
	    request: knowledge.RequestSummary;
	    state: knowledge.RequestState;
	    reason: string;
	    // Go type: time
	    due: any;
	}
	export interface RelatedGroup {
	    department: string;
	    owner: string;
	    articles: search.ArticleHit[];
	}
	export interface RequestOverview {
	    request: knowledge.SupportRequest;
	    state: knowledge.RequestState;
	    timeline: knowledge.TimelineEvent[];
	    departments: string[];
	    reminders: knowledge.Reminder[];
	    alerts: followup.Alert[];
	    agent: string;
	}
	export interface ReviewDetail {
	    row: knowledge.ReviewRow;
	    set: knowledge.LedgerEntry;
	    events: knowledge.LedgerEvent[];
	    subject: string;
	    excerpt: string;
	    used: number;
	    sent: string;
	    diff: DiffOp[];
	    passages: CitedPassage[];
	    reasons: string[];
	}
	export interface ReviewPage {
	    rows: knowledge.ReviewRow[];
	    total: number;
	    titles: Record<string, string>;
	    ownOnly: boolean;
	}
	export interface RevisionView {
	    articleId: string;
	    title: string;
	    baseVersion: number;
	    liveVersion: number;
	    stale: boolean;
	    author: string;
	    message: string;
	    state: string;
	    reviewer: string;
	    note: string;
	    seq: number;
	    createdAt: string;
	    updatedAt: string;
	    proposed: EditableArticle;
	}
	export interface RevisionReview {
	    revision: RevisionView;
	    live: EditableArticle;
	    fields: FieldChange[];
	    diff: editorial.DiffLine[];
	    bodyDiff: DiffOp[];
	}
	export interface RevisionSettings {
	    publishedEditsNeedReview: boolean;
	}
	
	export interface SaveResult {
	    article: EditableArticle;
	    conflict?: Conflict;
	    revision?: RevisionView;
	}
	export interface SentInput {
	    requestId: string;
	    setId: string;
	    optionIndex: number;
	    finalText: string;
	    via: string;
	}
	export interface SettingsView {
	    llm: config.LLM;
	    profile: config.Profile;
	    embedding: config.Embedding;
	    hasApiKey: boolean;
	    keyMessage: string;
	    roleFromServer: boolean;
	}
	export interface SuggestResult {
	    setId: string;
	    suggestion: assist.Suggestion;
	    related: RelatedGroup[];
	    excluded: assist.PassageRef[];
	}
	export interface SuspiciousArticle {
	    id: string;
	    title: string;
	    department: string;
	    language: string;
	    audience: string;
	    status: string;
	    owner: string;
	    version: number;
	    updatedAt: string;
	    reviewBy: string;
	    stale: boolean;
	    flagged: boolean;
	    tags: string[];
	    signals: textscan.Signal[];
	}
	export interface TeamCopyCount {
	    copied: number;
	    present: number;
	}
	export interface TeamCopyReport {
	    articles: TeamCopyCount;
	    versions: TeamCopyCount;
	    requests: TeamCopyCount;
	    suggestionSets: TeamCopyCount;
	    ledgerEvents: TeamCopyCount;
	    ratings: TeamCopyCount;
	    conflicts: string[];
	    message: string;
	}
	export interface TeamDatabaseView {
	    url: string;
	    selected: boolean;
	    active: boolean;
	    restartNeeded: boolean;
	    envUrl: string;
	    hasPassword: boolean;
	    passwordMessage: string;
	    status: TeamStatus;
	    person: string;
	    role: string;
	}
	export interface TeamProbe {
	    serverVersion: string;
	    latencyMs: number;
	    person: string;
	    role: string;
	    schema: number;
	    want: number;
	}
	
	export interface TeamTestResult {
	    probe: TeamProbe;
	    message: string;
	    ready: boolean;
	}
	export interface VersionInfo {
	    version: number;
	    author: string;
	    message: string;
	    at: string;
	    status: string;
	    title: string;
	}

}

export namespace editorial {
	
	export interface DiffLine {
	    op: string;
	    text: string;
	    oldNo: number;
	    newNo: number;
	}

}

export namespace feedback {
	
	export interface Learned {
	    query: string;
	    articleId: string;
	    users: number;
	    weight: number;
	    active: boolean;
	    // Go type: time
	    lastUsed: any;
	}

}

export namespace followup {
	
	export interface Alert {
	    rule: string;
	    requestId: string;
	    subject: string;
	    reason: string;
	    // Go type: time
	    since: any;
	    owner: string;
	    ref: string;
	}
	export interface Thresholds {
	    noUpdateHours: number;
	    unansweredMessages: number;
	    waitingInternalHours: number;
	    checkMinutes: number;
	}

}

export namespace importer {
	
	export interface FileError {
	    path: string;
	    reason: string;
	}

}

export namespace knowledge {
	
	export interface ArticleRating {
	    id?: string;
	    articleId: string;
	    articleVersion: number;
	    agent?: string;
	    // Go type: time
	    at?: any;
	    verdict: string;
	    comment?: string;
	    requestId?: string;
	}
	export interface ArticleSuggestionStats {
	    articleId: string;
	    shown: number;
	    inserted: number;
	    edited: number;
	    discarded: number;
	    sent: number;
	}
	export interface ChainBreak {
	    seq: number;
	    kind: string;
	    ref: string;
	    reason: string;
	}
	export interface ChainReport {
	    intact: boolean;
	    checked: number;
	    head: string;
	    broken?: ChainBreak;
	}
	export interface Citation {
	    articleId: string;
	    articleVersion: number;
	    department: string;
	    // Go type: time
	    at: any;
	}
	export interface Customer {
	    name: string;
	    contact: string;
	    preferences?: string;
	    notes?: string;
	    preferredName?: string;
	    title?: string;
	    language?: string;
	    tone?: string;
	    preferredChannel?: string;
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
	    // Go type: time
	    updatedAt: any;
	    version: number;
	}
	export interface FlaggedArticle {
	    articleId: string;
	    title: string;
	    owner: string;
	    version: number;
	    // Go type: time
	    updatedAt: any;
	    outdated: number;
	    wrong: number;
	    // Go type: time
	    lastFlaggedAt: any;
	    latest: ArticleRating[];
	}
	export interface LedgerOption {
	    index: number;
	    title: string;
	    reply: string;
	    kind: string;
	    citations: string[];
	    flags?: string[];
	}
	export interface LedgerPassage {
	    passageId: string;
	    articleId: string;
	    articleVersion: number;
	}
	export interface LedgerEntry {
	    setId: string;
	    requestId?: string;
	    agent: string;
	    // Go type: time
	    at: any;
	    provider: string;
	    model?: string;
	    promptHash?: string;
	    passages: LedgerPassage[];
	    options: LedgerOption[];
	}
	export interface LedgerEvent {
	    id?: number;
	    setId: string;
	    // Go type: time
	    at?: any;
	    agent?: string;
	    type: string;
	    optionIndex: number;
	    finalText?: string;
	    editDistance?: number;
	    reason?: string;
	    comment?: string;
	}
	export interface LedgerFilter {
	    requestId?: string;
	    agent?: string;
	    articleId?: string;
	    // Go type: time
	    since?: any;
	    // Go type: time
	    until?: any;
	    limit?: number;
	}
	
	
	export interface PlanStep {
	    title: string;
	    minutes: number;
	    // Go type: time
	    due: any;
	    // Go type: time
	    doneAt: any;
	    doneBy: string;
	}
	export interface Plan {
	    articleId: string;
	    articleVersion: number;
	    title: string;
	    // Go type: time
	    startedAt: any;
	    steps: PlanStep[];
	}
	
	export interface Reminder {
	    id: string;
	    requestId: string;
	    agent: string;
	    text: string;
	    // Go type: time
	    due: any;
	    source: string;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    doneAt: any;
	    snoozes: number;
	    version: number;
	}
	export interface RequestFilter {
	    statuses?: string[];
	    query?: string;
	    limit?: number;
	}
	export interface RequestMessage {
	    author: string;
	    agentName?: string;
	    // Go type: time
	    at?: any;
	    text: string;
	}
	export interface RequestState {
	    requestId: string;
	    assignee: string;
	    nextStep: string;
	    // Go type: time
	    nextDue: any;
	    // Go type: time
	    promisedAt: any;
	    departments: string[];
	    citations: Citation[];
	    plan?: Plan;
	    // Go type: time
	    updatedAt: any;
	    version: number;
	}
	export interface RequestSummary {
	    id: string;
	    subject: string;
	    channel: string;
	    status: string;
	    customerName: string;
	    customerContact: string;
	    messageCount: number;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	    version: number;
	}
	export interface ReviewFilter {
	    // Go type: time
	    since?: any;
	    // Go type: time
	    until?: any;
	    agent?: string;
	    department?: string;
	    outcome?: string;
	    provider?: string;
	    model?: string;
	    articleId?: string;
	    unverified?: boolean;
	    sort?: string;
	    asc?: boolean;
	    offset?: number;
	    limit?: number;
	}
	export interface ReviewRow {
	    setId: string;
	    requestId: string;
	    subject: string;
	    // Go type: time
	    at: any;
	    agent: string;
	    department: string;
	    provider: string;
	    model: string;
	    outcome: string;
	    optionIndex: number;
	    editDistance: number;
	    replyLen: number;
	    heavy: boolean;
	    unverified: boolean;
	    reason?: string;
	    events: number;
	    articles: string[];
	}
	export interface SupportRequest {
	    id: string;
	    subject: string;
	    channel: string;
	    status: string;
	    customer: Customer;
	    messages: RequestMessage[];
	    internalNotes?: string;
	    // Go type: time
	    createdAt?: any;
	    // Go type: time
	    updatedAt?: any;
	    version: number;
	}
	export interface TimelineEvent {
	    seq: number;
	    requestId: string;
	    kind: string;
	    // Go type: time
	    at: any;
	    actor: string;
	    text: string;
	    from: string;
	    to: string;
	    articleId: string;
	    articleVersion: number;
	    department: string;
	    // Go type: time
	    due: any;
	    ref: string;
	}

}

export namespace search {
	
	export interface PassageHit {
	    passageId: string;
	    headings: string[];
	    snippet: string;
	    text: string;
	    score: number;
	    bm25Rank: number;
	    vectorRank: number;
	}
	export interface ArticleHit {
	    articleId: string;
	    title: string;
	    department: string;
	    tags: string[];
	    language: string;
	    audience: string;
	    status: string;
	    owner: string;
	    version: number;
	    score: number;
	    weak: boolean;
	    passages: PassageHit[];
	}
	export interface FacetCount {
	    value: string;
	    count: number;
	}
	export interface Facets {
	    departments: FacetCount[];
	    tags: FacetCount[];
	    languages: FacetCount[];
	}
	export interface Filters {
	    departments: string[];
	    tags: string[];
	    languages: string[];
	    audiences: string[];
	    statuses: string[];
	}
	
	export interface Request {
	    query: string;
	    mode: string;
	    filters: Filters;
	    limit: number;
	    passagesPerArticle: number;
	    asYouType: boolean;
	}
	export interface Response {
	    query: string;
	    mode: string;
	    total: number;
	    tookMs: number;
	    results: ArticleHit[];
	    facets: Facets;
	}

}

export namespace textscan {
	
	export interface Signal {
	    kind: string;
	    reason: string;
	    excerpt: string;
	}

}

