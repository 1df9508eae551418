// Package analysis registers Concierge's Bleve analyzers for English,
// Russian and Thai, and a mixed-script tokenizer that makes Thai searchable
// (Bleve's Unicode tokenizer produces no tokens for Thai script).
package analysis
