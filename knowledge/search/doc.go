// Package search is Concierge's hybrid search engine: Bleve BM25 plus a
// vector index, over the passages of every article.
//
// # API
//
//	Open(ctx, dir, emb, opts) (*Engine, error)      // persistent: dir/bleve, dir/vectors
//	OpenMemory(ctx, emb, opts) (*Engine, error)     // tests, evaluation, benchmarks
//	(*Engine).Upsert(ctx, []knowledge.Article) error
//	(*Engine).Delete(ctx, ids ...string) error
//	(*Engine).Search(ctx, Request) (Response, error)
//	(*Engine).Reconcile(ctx, hashes, load, progress) (ReconcileReport, error)
//	(*Engine).Stats() Stats
//	(*Engine).Embedder() embed.Embedder
//	(*Engine).SetBooster(Booster)                  // learned boosts (feedback)
//	(*Engine).Close() error
//
// # Indexing
//
// Articles of every status are indexed; status is a filter (empty
// Filters.Statuses means published only). Each article is split into
// passages (package passage). In Bleve each passage is one document with
// keyword fields for filters and, per language group, a title and a body
// field (heading path + text) analysed by package analysis: en and ru
// (each word stemmed by its own script: Snowball English or Russian), th
// (character bigrams, Latin and Cyrillic words stemmed), and a generic
// group for other languages. Queries name their fields explicitly.
//
// Each passage vector is normalise(2·v(title) + v(headings + text)): the
// title is mixed in like a boosted field. Vectors are stored in a chromem-go
// collection named "passages:<embedder ID>" (one per embedder, so switching
// embedder never mixes vectors), and mirrored in one contiguous float32
// matrix that queries scan with two goroutines (chromem's own query is
// several times slower).
//
// # Crash consistency
//
// The per-article record (content hash, metadata, passage texts) is a Bleve
// internal value written in the same batch as the article's passages, so
// Bleve is always self-consistent. The vector side has a manifest (article
// id → hash) per embedder, rewritten atomically (temp file + rename) after
// both indexes hold the new version. Reconcile compares both with the
// store's hashes, re-indexes what differs or is missing and deletes what
// the store no longer has; the app calls it at start, so an interrupted
// write repairs itself. A missing or corrupt manifest or Bleve index just
// means more re-indexing.
//
// # Query
//
// BM25 is computed in lexical.go from Bleve's postings with the textbook
// formula (BM25F over title and body, k1 1.2, b 0.75), not by Bleve's own
// scorer, whose departures from it (√tf, IDF², coord, and an "average
// length" that is really the number of distinct terms per document) cost
// up to 0.1 nDCG@10. The query is analysed for every language group the
// index holds. Optionally (Options.PseudoRelevanceFeedback) the query is
// expanded by RM3 from the first pass (prf.go). A Booster (boost.go, e.g.
// package feedback's click model) adds learned per-article boosts to
// hybrid scores. BM25 and vector retrieval each return CandidatePool
// passages; hits are grouped per article (an article's score is that of
// its best passage) and fused. The default fusion is a convex combination of min-max normalised
// scores (0.7 BM25, 0.3 vector); weighted reciprocal rank fusion is
// available (Options.Fusion = FusionRRF, Options.RRFK).
// Total and facets count the articles in the fused candidate set after
// filters (vector hits only above MinSimilarity). AsYouType adds a prefix
// query for the last term and fuzzy queries (edit distance 1, or 2 from
// eight letters) to BM25. Snippets are HTML-escaped text with <mark>
// around words that match a query term after the same normalisation.
package search
