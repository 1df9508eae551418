package app

import "concierge/knowledge/search"

// ArticleView is an article ready for the reading pane.
type ArticleView struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Department string   `json:"department"`
	Tags       []string `json:"tags"`
	Language   string   `json:"language"`
	Audience   string   `json:"audience"`
	Status     string   `json:"status"`
	Owner      string   `json:"owner"`
	ReviewBy   string   `json:"reviewBy"`  // YYYY-MM-DD or ""
	UpdatedAt  string   `json:"updatedAt"` // RFC 3339
	Version    int      `json:"version"`
	Stale      bool     `json:"stale"` // review-by date has passed
	// HTML is sanitised: raw HTML is off in the renderer and the output goes
	// through an allow-list sanitiser. Links to other articles have the form
	// href="#/article/<id>" with data-article="<id>"; external links carry
	// data-external="true" and must be opened with SystemService.OpenExternal.
	HTML     string    `json:"html"`
	Headings []Heading `json:"headings"`
}

// Heading is one entry of an article's table of contents.
type Heading struct {
	Level int    `json:"level"`
	Text  string `json:"text"`
	ID    string `json:"id"`
}

// IndexState is what the status bar shows.
type IndexState struct {
	Articles int    `json:"articles"` // published articles
	Total    int    `json:"total"`    // all statuses
	Passages int    `json:"passages"`
	Embedder string `json:"embedder"`
	State    string `json:"state"` // "ready" | "importing" | "indexing" | "repairing" | "error"
	Message  string `json:"message"`
	Done     int    `json:"done"`
	Of       int    `json:"of"`
	DataDir  string `json:"dataDir"`
}

// Progress is the payload of the "index:progress" event.
type Progress struct {
	Phase   string `json:"phase"` // "import" | "index" | "repair" | "reembed"
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Message string `json:"message"`
}

// SearchRequest aliases the engine's request so the frontend sees one shape.
type SearchRequest = search.Request

// SearchResponse aliases the engine's response.
type SearchResponse = search.Response

// Event names, scoped by domain.
const (
	EventIndexProgress = "index:progress" // Progress
	EventIndexState    = "index:state"    // IndexState
	EventKBChanged     = "kb:changed"     // []string of article ids
)
