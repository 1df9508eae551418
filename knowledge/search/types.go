package search

// Mode selects the retrieval method.
type Mode string

const (
	ModeHybrid Mode = "hybrid"
	ModeBM25   Mode = "bm25"
	ModeVector Mode = "vector"
)

// Filters narrow a search. Empty slices mean "any", except Statuses, where
// empty means published only (agents see published articles by default).
type Filters struct {
	Departments []string `json:"departments"`
	Tags        []string `json:"tags"`
	Languages   []string `json:"languages"`
	Audiences   []string `json:"audiences"`
	Statuses    []string `json:"statuses"`
}

// Request is one hybrid query, used by the app and the CLI alike.
type Request struct {
	Query   string  `json:"query"`
	Mode    Mode    `json:"mode"` // empty: hybrid
	Filters Filters `json:"filters"`
	// Limit is the number of articles returned (default 20).
	Limit int `json:"limit"`
	// PassagesPerArticle caps the passages kept per article (default 3).
	PassagesPerArticle int `json:"passagesPerArticle"`
	// AsYouType treats the last term as a prefix and tolerates typos.
	AsYouType bool `json:"asYouType"`
}

// Response is a ranked list of articles with their best passages.
type Response struct {
	Query   string       `json:"query"`
	Mode    Mode         `json:"mode"`
	Total   int          `json:"total"` // articles matching before Limit
	TookMS  float64      `json:"tookMs"`
	Results []ArticleHit `json:"results"`
	Facets  Facets       `json:"facets"`
}

// ArticleHit is one article in a result list.
type ArticleHit struct {
	ArticleID  string   `json:"articleId"`
	Title      string   `json:"title"`
	Department string   `json:"department"`
	Tags       []string `json:"tags"`
	Language   string   `json:"language"`
	Audience   string   `json:"audience"`
	Status     string   `json:"status"`
	Owner      string   `json:"owner"`
	Version    int      `json:"version"`
	Score      float64  `json:"score"`
	// Weak: neither retriever vouches for this article (see
	// Options.StrongSimilarity); show it as "possibly related".
	Weak     bool         `json:"weak"`
	Passages []PassageHit `json:"passages"`
}

// PassageHit is one passage of an article that matched.
type PassageHit struct {
	PassageID string   `json:"passageId"` // "<articleID>#<n>"
	Headings  []string `json:"headings"`  // heading path, outermost first
	// Snippet is plain text with matched terms wrapped in <mark>…</mark>;
	// every other character is HTML-escaped, so it is safe to insert as HTML.
	Snippet    string  `json:"snippet"`
	Text       string  `json:"text"`
	Score      float64 `json:"score"`
	BM25Rank   int     `json:"bm25Rank"`   // 0: not retrieved by BM25
	VectorRank int     `json:"vectorRank"` // 0: not retrieved by vectors
}

// FacetCount is one value of a facet with the number of matching articles.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Facets counts matching articles by department, tag and language.
type Facets struct {
	Departments []FacetCount `json:"departments"`
	Tags        []FacetCount `json:"tags"`
	Languages   []FacetCount `json:"languages"`
}
