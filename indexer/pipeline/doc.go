// Package pipeline wires the store, the importer, the renderer and the search
// engine into one service shared by the desktop app and the indexer CLI. It
// owns background work: the first-run import of the sample knowledge base,
// repairing the indexes after a crash, and re-embedding after the embedder
// changes, reporting progress through a callback.
package pipeline
