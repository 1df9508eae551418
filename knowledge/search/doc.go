// Package search is Concierge's hybrid search engine: Bleve BM25 plus a
// vector index, over the passages of every article.
//
// # API
//
//	Open(ctx, dir, emb, opts) (*Engine, error)      // persistent: dir/bleve, dir/records.log, dir/vectors
//	(*Engine).Ready() <-chan struct{}               // closed once the vectors are loaded
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
// title is mixed in like a boosted field. Vectors are stored in one segment
// file per embedder (dir/vectors/<hash of embedder ID>.vec, so switching
// embedder never mixes vectors): an append-only log of "article id, hash,
// passage vectors" entries and tombstones, compacted at load when dead
// entries outweigh live ones; rows are int8 with a per-row scale. In
// memory the query-side collection is an in-memory chromem-go collection
// (chromem.NewDB, no persistence of its own: its one-gob-file-per-passage
// persistence made a 10k import write 40,000 files), fed from the segment
// at load and on every write, holding each vector as a normalised float32
// document. Queries scan in two passes with two goroutines and the
// engine's filters applied in the scan: a contiguous int8 copy of the
// vectors (a quarter of their size; the scan is bound by memory bandwidth)
// chooses 2k+16 candidates, and the documents' own float32 embeddings
// (shared slices) rank them; the collection's own QueryEmbedding returns
// the same hits (TestVectorScanAgreesWithCollectionQuery) several times
// slower (BenchmarkScan).
//
// # Storage and opening
//
// The per-article records (content hash, metadata, passage headings) are
// kept in memory and in dir/records.log; passage texts are in
// dir/texts-N.dat and read only when a result is shown. Both are
// append-only and written incrementally, once per batch (they used to be
// Bleve internal values, which Bleve copies into every persisted snapshot:
// root.bolt grew quadratically, 27.5 GB at 100k articles). Open returns as
// soon as the records and Bleve are open; the vectors load in the
// background, searches meanwhile answer from BM25 alone, and Ready says
// when they are in.
//
// # Crash consistency
//
// Every file is an append-only log of checksummed entries: a crash leaves
// at most a torn tail, which the next open cuts off. A record is appended
// before the Bleve batch holding its passages and committed (a second
// entry) once Bleve reports that batch persisted; uncommitted records are
// dropped at open, so their articles become orphans (passages without a
// record) that Reconcile purges and re-indexes. A vector entry carries the
// hash it was computed from. Reconcile compares records and vector hashes
// with the store's hashes, re-indexes what differs or is missing and
// deletes what the store no longer has; the app calls it at start, so an
// interrupted write repairs itself. A lost records file or Bleve index
// means rebuilding the Bleve side; a lost segment, re-embedding.
//
// # Query
//
// BM25 is computed in lexical.go from Bleve's postings with the textbook
// formula (BM25F over title and body, k1 1.2, b 0.75), not by Bleve's own
// scorer, whose departures from it (√tf, IDF², coord, and an "average
// length" that is really the number of distinct terms per document) cost
// up to 0.1 nDCG@10; df is the largest of the fields' document frequencies
// (Lucene's BM25F convention), and terms are scored best upper bound first
// with MaxScore pruning: once no unseen passage can reach the top k, the
// remaining terms are read only for passages that still can (lexscan.go),
// with exactly the exhaustive scan's top k. The query is analysed for
// every language group the index holds. Optionally (Options.PseudoRelevanceFeedback) the query is
// expanded by RM3 from the first pass (prf.go). A Booster (boost.go, e.g.
// package feedback's click model) adds learned per-article boosts to
// hybrid scores. BM25 and vector retrieval each return CandidatePool
// passages; hits are grouped per article (an article's score is that of
// its best passage) and fused. The default fusion is a convex combination of min-max normalised
// scores (0.7 BM25, 0.3 vector); weighted reciprocal rank fusion is
// available (Options.Fusion = FusionRRF, Options.RRFK).
// Total and facets count the articles in the fused candidate set after
// filters (vector hits only above MinSimilarity). AsYouType adds to the
// BM25F scan the completions of the unfinished last word and the spelling
// variants (edit distance 1, or 2 from eight letters) of words the index
// does not hold, each read as one term over its dictionary terms
// (prefix.go). Snippets are HTML-escaped text with <mark>
// around words that match a query term after the same normalisation.
package search
